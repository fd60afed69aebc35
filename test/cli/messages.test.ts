/**
 * Messages for what a careless user or a crash leaves behind: each names the thing, the rule and
 * the fix instead of a raw system error or a misleading hint.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";

const bin = path.join(__dirname, "..", "..", "bin", "sweeplab.js");
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "sweeplab-messages-"));
const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", env: { ...process.env, ...env } });

test("--shard auto/0 asks for at least one shard (it said: ids from 0 to 0)", () => {
  const res = run(["sweep", "--shard", "auto/0", "--dry-run"], { SLURM_ARRAY_TASK_ID: "0" });
  assert.equal(res.status, 2);
  assert.match(res.stderr, /^sweeplab: `--shard auto\/0` needs N >= 1 shards, got 0: /m);
});

test("a .lock that is a folder is named as such, with the fix, and nothing is written", () => {
  const dir = path.join(tmp(), "run");
  fs.mkdirSync(path.join(dir, ".lock"), { recursive: true });
  const res = run(["sweep", "--nz", "4", "--n-r", "3", "--out", dir]);
  assert.equal(res.status, 2);
  assert.match(
    res.stderr,
    /holds a \.lock that is not a file \(a folder\?\), so no sweep can lock it: if no sweep runs there, remove .*\.lock$/m,
  );
  assert.deepEqual(fs.readdirSync(dir), [".lock"]);
});

test("merge of a folder whose jobs.jsonl is a folder names it (it gave a raw EISDIR)", () => {
  const dir = tmp();
  fs.mkdirSync(path.join(dir, "s0", "jobs.jsonl"), { recursive: true });
  const res = run(["merge", "--out", path.join(dir, "m"), dir]);
  assert.equal(res.status, 2);
  assert.match(res.stderr, /jobs\.jsonl cannot be read \(EISDIR: it is a folder, not a run's journal\)/);
});

test("--resume of a run whose jobs.jsonl is a folder names it, exits 2 and changes nothing", () => {
  const dir = path.join(tmp(), "run");
  assert.equal(run(["sweep", "--nz", "4", "--n-r", "3", "--quiet", "--out", dir]).status, 0);
  fs.rmSync(path.join(dir, "jobs.jsonl"));
  fs.mkdirSync(path.join(dir, "jobs.jsonl"));
  const before = fs.readdirSync(dir).sort();
  const res = run(["sweep", "--nz", "4", "--n-r", "3", "--resume", "--out", dir]);
  assert.equal(res.status, 2);
  assert.match(
    res.stderr,
    /jobs\.jsonl cannot be read \(EISDIR: it is a folder\): .*use --force to start the run over$/m,
  );
  assert.deepEqual(fs.readdirSync(dir).sort(), before);
});

test("--resume with a corrupt run.json warns that the earlier sessions are lost, and keeps the jobs", () => {
  const out = path.join(tmp(), "run");
  const flags = ["sweep", "--nz", "4", "--n-r", "3", "--sequential", "--quiet", "--out", out];
  assert.equal(run(flags).status, 0);
  const lines = fs.readFileSync(path.join(out, "jobs.jsonl"), "utf8").split("\n");
  fs.writeFileSync(path.join(out, "jobs.jsonl"), lines.slice(0, 3).join("\n") + "\n");
  fs.writeFileSync(path.join(out, "run.json"), "{ not json");
  const res = run([...flags, "--resume"]);
  assert.equal(res.status, 0, res.stderr);
  assert.match(
    res.stderr,
    /run\.json is not valid JSON: the run's earlier sessions are not recorded in the new run\.json \(its finished jobs are kept\)/,
  );
  assert.equal(JSON.parse(fs.readFileSync(path.join(out, "run.json"), "utf8")).resumedJobs, 2);
});

test("merge of a campaign with a shard folder it cannot read names that folder (it said the shard was not among the folders given)", () => {
  const dir = tmp();
  const camp = path.join(dir, "camp");
  for (const i of [0, 1])
    assert.equal(
      run([
        "sweep",
        "--nz",
        "4",
        "--n-r",
        "4",
        "--sequential",
        "--quiet",
        "--shard",
        `${i}/2`,
        "--out",
        path.join(camp, `s${i}`),
      ]).status,
      0,
    );
  // as a user without permission on s1 would see it (the tests may run as root, who reads everything)
  const denied = path.join(dir, "denied.js");
  fs.writeFileSync(
    denied,
    `const fs = require("node:fs");
     const stat = fs.statSync;
     fs.statSync = (p, ...rest) => {
       if (String(p).includes(${JSON.stringify(path.join(camp, "s1"))})) throw Object.assign(new Error("EACCES: permission denied"), { code: "EACCES" });
       return stat(p, ...rest);
     };`,
  );
  const res = spawnSync(process.execPath, ["--require", denied, bin, "merge", "--out", path.join(dir, "m"), camp], {
    encoding: "utf8",
  });
  assert.equal(res.status, 2);
  assert.match(
    res.stderr,
    /the folder ".*s1" cannot be read \(EACCES\): merge as a user who can read every shard folder/,
  );
});
