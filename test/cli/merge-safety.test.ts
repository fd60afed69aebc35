/**
 * `sweeplab merge` against folders in use or ambiguous: it takes the output folder's lock, leaves no
 * journal a `--resume` could take over, refuses a campaign folder that is also a run, and keeps a
 * journal line of another sweep out of summary.csv.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";

const bin = path.join(__dirname, "..", "..", "bin", "sweeplab.js");
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "sweeplab-merge-safety-"));
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: "utf8" });
const small = ["--nz", "6", "--n-r", "4", "--sequential", "--quiet"];

/** A campaign of 2 shards in `dir`/s0 and `dir`/s1. */
function campaign(dir: string): string[] {
  const shards = [0, 1].map((i) => path.join(dir, `s${i}`));
  shards.forEach((out, i) => assert.equal(run("sweep", ...small, "--shard", `${i}/2`, "--out", out).status, 0));
  return shards;
}

/** A `.lock` naming a process that runs: this test's own. */
function lockBy(dir: string): void {
  const owner = { pid: process.pid, hostname: os.hostname(), startedAt: new Date().toISOString() };
  fs.writeFileSync(path.join(dir, ".lock"), JSON.stringify(owner));
}

test("merge refuses a folder a sweep is running in, even with --force, and writes nothing there", () => {
  const dir = tmp();
  const shards = campaign(dir);
  const out = path.join(dir, "lk");
  fs.mkdirSync(out);
  lockBy(out);
  const res = run("merge", "--force", "--out", out, ...shards);
  assert.equal(res.status, 2);
  assert.match(res.stderr, /^sweeplab: `--out` folder ".*lk" is in use by another sweep \(pid \d+/m);
  assert.deepEqual(fs.readdirSync(out), [".lock"]);
});

test("merge --force over another sweep's run removes its journal: a later --resume there is refused, not a new summary", () => {
  const dir = tmp();
  const shards = campaign(dir);
  const out = path.join(dir, "other");
  assert.equal(run("sweep", "--nz", "4", "--n-r", "3", "--quiet", "--out", out).status, 0);
  const merged = run("merge", "--force", "--quiet", "--out", out, ...shards);
  assert.equal(merged.status, 0, merged.stderr);
  assert.equal(fs.existsSync(path.join(out, "jobs.jsonl")), false);
  const summary = fs.readFileSync(path.join(out, "summary.csv"), "utf8");
  const resumed = run("sweep", "--nz", "4", "--n-r", "3", "--quiet", "--resume", "--out", out);
  assert.equal(resumed.status, 2);
  assert.equal(fs.readFileSync(path.join(out, "summary.csv"), "utf8"), summary);
});

test("a campaign folder that holds shard folders and a run of its own is refused, naming both", () => {
  const dir = tmp();
  campaign(dir);
  assert.equal(run("sweep", ...small, "--out", dir, "--force").status, 0);
  const res = run("merge", "--out", path.join(dir, "..", "mm"), dir);
  assert.equal(res.status, 2);
  assert.match(res.stderr, /holds a run of its own \(jobs\.jsonl\) and also run folders \(s0, s1\)/);
});

test("merge counts a journal line whose r is not its job's as missing, so it never reaches summary.csv", () => {
  const dir = tmp();
  const shards = campaign(dir);
  const file = path.join(shards[1], "jobs.jsonl");
  const lines = fs.readFileSync(file, "utf8").split("\n");
  lines[1] = JSON.stringify({ ...JSON.parse(lines[1]), r: 0.5 });
  fs.writeFileSync(file, lines.join("\n"));
  const res = run("merge", "--out", path.join(dir, "m"), ...shards);
  assert.equal(res.status, 2);
  assert.match(res.stderr, /shard 1\/2 in .* lacks 1 of its 2 jobs \(1/);
  assert.equal(fs.existsSync(path.join(dir, "m")), false);
});

test("merge of a shard that is still running says to wait for it, not to --resume it", () => {
  const dir = tmp();
  const shards = campaign(dir);
  const file = path.join(shards[0], "jobs.jsonl");
  fs.writeFileSync(file, fs.readFileSync(file, "utf8").split("\n")[0] + "\n");
  lockBy(shards[0]);
  const res = run("merge", "--out", path.join(dir, "m"), ...shards);
  assert.equal(res.status, 2);
  assert.match(res.stderr, /it is still running \(pid \d+ on .*\): wait for it to end, then merge again/);
  assert.doesNotMatch(res.stderr, /--resume/);
});
