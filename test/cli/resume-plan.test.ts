/**
 * A run can always be finished with its own flags, a refused command leaves its folder as it was,
 * a journal line of another sweep never reaches summary.csv, and `--dry-run` says what the real
 * command would do, refusals included.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";

const bin = path.join(__dirname, "..", "..", "bin", "sweeplab.js");
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "sweeplab-resume-plan-"));
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: "utf8" });
const small = ["--nz", "8", "--n-r", "6"];

/** Every file under `dir` with its bytes (a folder's state, to compare before and after a command). */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const file = path.join(dir, name);
    if (fs.statSync(file).isFile()) files[name] = fs.readFileSync(file, "base64");
  }
  return files;
}

/** Keeps jobs.jsonl's header and its first `keep` job lines, plus `tail` (e.g. half a line). */
function cutJournal(out: string, keep: number, tail = ""): void {
  const file = path.join(out, "jobs.jsonl");
  const lines = fs.readFileSync(file, "utf8").split("\n");
  fs.writeFileSync(file, lines.slice(0, 1 + keep).join("\n") + "\n" + tail);
}

test("--resume with the run's own --chunksize finishes a run whose missing jobs are fewer than the chunksize", () => {
  const dir = tmp();
  const out = path.join(dir, "run");
  const flags = [...small, "--workers", "2", "--chunksize", "5", "--quiet", "--out", out];
  assert.equal(run("sweep", ...flags).status, 0);
  const whole = fs.readFileSync(path.join(out, "summary.csv"), "utf8");
  cutJournal(out, 3);
  const resumed = run("sweep", ...flags, "--resume");
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.equal(fs.readFileSync(path.join(out, "summary.csv"), "utf8"), whole);
  const record = JSON.parse(fs.readFileSync(path.join(out, "run.json"), "utf8"));
  // the session records the chunksize it used (the 3 jobs left), the config the one asked for
  assert.equal(record.sessions.at(-1).chunksize, 3);
  assert.equal(record.chunksize, 3);
  assert.equal(record.config.chunksize, 5);
  // after a journal repair that leaves 2 jobs missing
  cutJournal(out, 4, '{"index":4,"r":0.');
  const again = run("sweep", ...flags, "--resume");
  assert.equal(again.status, 0, again.stderr);
  assert.equal(fs.readFileSync(path.join(out, "summary.csv"), "utf8"), whole);
});

test("a shard's --chunksize must fit every shard of the sweep; refused before anything is written", () => {
  const dir = tmp();
  const out = path.join(dir, "x");
  // 7 jobs in 3 shards: 3, 2 and 2 jobs; shard 0 alone could take a chunk of 3, shards 1 and 2 cannot
  const res = run("sweep", "--nz", "4", "--n-r", "7", "--shard", "0/3", "--chunksize", "3", "--out", out);
  assert.equal(res.status, 2);
  assert.match(res.stderr, /^sweeplab: `--chunksize` must be at most 2 with --shard 0\/3, got 3: /m);
  assert.equal(fs.existsSync(out), false, "nothing written");
  const dry = run("sweep", "--nz", "4", "--n-r", "7", "--shard", "0/3", "--chunksize", "3", "--dry-run");
  assert.equal(dry.status, 2, "the dry run of shard 0 stands for every shard");
  const ok = run("sweep", "--nz", "4", "--n-r", "7", "--shard", "0/3", "--chunksize", "2", "--quiet", "--out", out);
  assert.equal(ok.status, 0, ok.stderr);
});

test("a refused --resume writes nothing: the journal's half line, stale temporary files and the folder stay as they were", () => {
  const out = path.join(tmp(), "run");
  assert.equal(run("sweep", ...small, "--sequential", "--quiet", "--out", out).status, 0);
  cutJournal(out, 2, '{"index":2,"r":0.4');
  fs.writeFileSync(path.join(out, "run.json.tmp-12345"), "half");
  const before = snapshot(out);
  const refused = run("sweep", ...small, "--eta", "0.3", "--sequential", "--resume", "--out", out);
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /was made with other settings \(eta: 0 there, 0\.3 now\)/);
  assert.deepEqual(snapshot(out), before);
  // a refused new run into a folder that did not exist leaves no folder behind
  const fresh = path.join(tmp(), "a", "b");
  const bad = run("sweep", ...small, "--workers", "2", "--chunksize", "7", "--out", fresh);
  assert.equal(bad.status, 2);
  assert.equal(fs.existsSync(path.dirname(fresh)), false);
});

test("a journal line whose r is not its job's is skipped with a warning on --resume, and its job runs again", () => {
  const out = path.join(tmp(), "run");
  assert.equal(run("sweep", ...small, "--sequential", "--quiet", "--out", out).status, 0);
  const whole = fs.readFileSync(path.join(out, "summary.csv"), "utf8");
  const file = path.join(out, "jobs.jsonl");
  const lines = fs.readFileSync(file, "utf8").split("\n");
  const job = JSON.parse(lines[3]);
  lines[3] = JSON.stringify({ ...job, r: 0.55, sz_mean: 0.123 });
  fs.writeFileSync(file, lines.join("\n"));
  fs.rmSync(path.join(out, "summary.csv"));
  const resumed = run("sweep", ...small, "--sequential", "--quiet", "--resume", "--out", out);
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.match(resumed.stderr, /skipped line 4 of .*jobs\.jsonl, whose r \(0\.55\) is not job 2's \(0\.48\)/);
  assert.equal(fs.readFileSync(path.join(out, "summary.csv"), "utf8"), whole);
});

test("--dry-run checks the output folder as the real command does, and says what it would do", () => {
  const dir = tmp();
  const out = path.join(dir, "run");
  assert.equal(run("sweep", ...small, "--sequential", "--quiet", "--out", out).status, 0);
  const held = run("sweep", ...small, "--dry-run", "--out", out);
  assert.equal(held.status, 2);
  assert.match(held.stderr, /already holds a run/);
  const missing = run("sweep", ...small, "--dry-run", "--resume", "--out", path.join(dir, "nope"));
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /does not exist/);
  const other = run("sweep", ...small, "--eta", "0.3", "--dry-run", "--resume", "--out", out);
  assert.equal(other.status, 2);
  assert.match(other.stderr, /other settings/);
  fs.writeFileSync(path.join(dir, "file"), "");
  const file = run("sweep", ...small, "--dry-run", "--out", path.join(dir, "file"));
  assert.equal(file.status, 2);
  assert.match(file.stderr, /is a file, not a folder/);
  cutJournal(out, 4);
  const before = snapshot(out);
  const resume = run("sweep", ...small, "--workers", "2", "--dry-run", "--resume", "--out", out);
  assert.equal(resume.status, 0, resume.stderr);
  assert.match(
    resume.stdout,
    /^Would resume the run in .*: 2 jobs of 6 still to run on a pool of 2 workers, 4 finished earlier;/,
  );
  const force = run("sweep", ...small, "--dry-run", "--force", "--out", out);
  assert.match(force.stdout, /replacing the run there \(--force\)/);
  assert.deepEqual(snapshot(out), before, "a dry run writes nothing");
});

test("a full disk while taking the lock leaves no claim file behind (it left an empty .lock.<pid>.<random> each time)", () => {
  const dir = tmp();
  const out = path.join(dir, "run");
  fs.mkdirSync(out);
  const fullDisk = path.join(dir, "full-disk.js");
  // the claim file is created, then the write fails, as on a full disk
  fs.writeFileSync(
    fullDisk,
    `const fs = require("node:fs");
     const write = fs.writeFileSync;
     fs.writeFileSync = (file, ...rest) => {
       if (/[\\\\/]\\.lock\\.\\d+\\./.test(String(file))) {
         write(file, "");
         throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
       }
       return write(file, ...rest);
     };`,
  );
  const res = spawnSync(process.execPath, ["--require", fullDisk, bin, "sweep", ...small, "--out", out], {
    encoding: "utf8",
  });
  assert.equal(res.status, 2, res.stderr);
  assert.match(res.stderr, /cannot be written \(ENOSPC\)/);
  assert.deepEqual(fs.readdirSync(out), []);
});
