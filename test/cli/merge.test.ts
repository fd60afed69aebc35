import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { parseShard, shardJobs } from "../../dist/cli/shard.js";

// `sweeplab sweep --shard I/N` then `sweeplab merge`: the merged summary.csv must be the bytes one
// `sweeplab sweep` of the whole sweep writes, whichever way each shard ran (pooled or sequential).
const bin = path.join(__dirname, "..", "..", "bin", "sweeplab.js");
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "sweeplab-merge-"));
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: "utf8" });
const read = (file: string) => fs.readFileSync(file, "utf8");

/** Runs the sweep whole and as 4 shards (1 and 3 sequential, 0 and 2 pooled), merges; returns the folder. */
function shardAndMerge(flags: string[]): string {
  const dir = tmp();
  const whole = run("sweep", ...flags, "--sequential", "--quiet", "--out", path.join(dir, "whole"));
  assert.equal(whole.status, 0, whole.stderr);
  for (let i = 0; i < 4; i++) {
    const how = i % 2 === 1 ? ["--sequential"] : ["--workers", "2"];
    const res = run(
      "sweep",
      ...flags,
      ...how,
      "--shard",
      `${i}/4`,
      "--quiet",
      "--out",
      path.join(dir, "shards", `shard-${i}`),
    );
    assert.equal(res.status, 0, res.stderr);
  }
  const merged = run("merge", "--out", path.join(dir, "merged"), path.join(dir, "shards"));
  assert.equal(merged.status, 0, merged.stderr);
  assert.match(merged.stdout, /Merged 4 shards, \d+ jobs/);
  return dir;
}

test("merge of 4 shards, pooled and sequential mixed, gives the lecture's summary.csv byte for byte", () => {
  const dir = shardAndMerge(["--workload", "lecture"]);
  assert.equal(read(path.join(dir, "merged", "summary.csv")), read(path.join(dir, "whole", "summary.csv")));
  const record = JSON.parse(read(path.join(dir, "merged", "run.json")));
  assert.equal(record.status, "merged");
  assert.deepEqual(
    record.shards.map((s: { shard: string; jobs: number; workers: unknown[]; hosts: string[] }) => [
      s.shard,
      s.jobs,
      s.workers,
      s.hosts.length,
    ]),
    [
      ["0/4", 5, [2], 1],
      ["1/4", 5, ["sequential"], 1],
      ["2/4", 5, [2], 1],
      ["3/4", 5, ["sequential"], 1],
    ],
  );
  assert.equal(record.jobs.length, 20);
  assert.deepEqual(
    record.jobs.map((j: { index: number }) => j.index),
    Array.from({ length: 20 }, (_, i) => i),
  );
});

test("merge of a heavy sweep (nz = 200; 8 jobs at a twentieth of its evolution time, to keep it to seconds) is byte-identical too", () => {
  const dir = shardAndMerge(["--workload", "heavy", "--n-r", "8", "--t-scale", "5"]);
  assert.equal(read(path.join(dir, "merged", "summary.csv")), read(path.join(dir, "whole", "summary.csv")));
});

test("a shard's run.json records its shard, workers and chunksize from the start, and --resume finishes it", () => {
  const dir = tmp();
  const out = path.join(dir, "s");
  assert.equal(
    run("sweep", "--nz", "12", "--n-r", "7", "--shard", "1/3", "--workers", "2", "--quiet", "--out", out).status,
    0,
  );
  const record = JSON.parse(read(path.join(out, "run.json")));
  assert.deepEqual(record.shard, { index: 1, count: 3, jobs: 2 });
  assert.deepEqual(
    record.jobs.map((j: { index: number }) => j.index),
    [1, 4],
  );
  assert.equal(record.sessions[0].shard, "1/3");
  assert.equal(record.sessions[0].workers, 2);
  assert.equal(record.sessions[0].chunksize, 1);
  // a journal cut after its first job: --resume runs only the other one
  const lines = read(path.join(out, "jobs.jsonl")).split("\n");
  fs.writeFileSync(path.join(out, "jobs.jsonl"), lines.slice(0, 2).join("\n") + "\n");
  const resumed = run(
    "sweep",
    "--nz",
    "12",
    "--n-r",
    "7",
    "--shard",
    "1/3",
    "--workers",
    "2",
    "--resume",
    "--out",
    out,
  );
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.match(resumed.stdout, /1 of 2 jobs run in this session/);
  const other = run("sweep", "--nz", "12", "--n-r", "7", "--shard", "2/3", "--resume", "--out", out);
  assert.equal(other.status, 2);
  assert.match(other.stderr, /other settings \(shard: \{"index":1,"count":3\} there, \{"index":2,"count":3\} now\)/);
});

test("bad shards exit 2, name the flag, the rule, the value and the fix, and write nothing", () => {
  const dir = tmp();
  const cases: [string[], RegExp][] = [
    [
      ["--shard", "4/4"],
      /`--shard` I\/N needs N >= 1 and 0 <= I < N \(shards count from 0\), got "4\/4": the last of 4 shards is --shard 3\/4/,
    ],
    [["--shard", "0/0"], /got "0\/0": e.g. --shard 0\/4/],
    [["--shard", "two"], /`--shard` must be I\/N .* or auto .*, got "two": e.g. --shard 0\/4/],
    [
      ["--shard", "0/30"],
      /`--shard` 0\/30 splits the sweep into more shards than its 20 jobs, got "0\/30": use at most 20 shards/,
    ],
    [
      ["--shard", "auto"],
      /`--shard auto` takes the shard from a SLURM job array, but SLURM_ARRAY_TASK_ID is not set .*: submit with sbatch --array=0-3, or pass the shard yourself/,
    ],
  ];
  for (const [flags, message] of cases) {
    const out = path.join(dir, "never");
    const env = { ...process.env };
    delete env.SLURM_ARRAY_TASK_ID;
    const res = spawnSync(process.execPath, [bin, "sweep", ...flags, "--out", out], { encoding: "utf8", env });
    assert.equal(res.status, 2, flags.join(" "));
    assert.match(res.stderr, message, flags.join(" "));
    assert.equal(fs.existsSync(out), false, `${flags.join(" ")} wrote nothing`);
  }
});

test("--shard auto reads a SLURM array's task id, min, step and count; auto/N takes the task id as the shard", () => {
  const env = (id: number, count: number, min = 0, step = 1) => ({
    SLURM_ARRAY_TASK_ID: String(id),
    SLURM_ARRAY_TASK_COUNT: String(count),
    SLURM_ARRAY_TASK_MIN: String(min),
    SLURM_ARRAY_TASK_STEP: String(step),
  });
  assert.deepEqual(parseShard("auto", 20, env(2, 4)), { index: 2, count: 4 });
  assert.deepEqual(parseShard("auto", 20, env(12, 4, 10)), { index: 2, count: 4 });
  assert.deepEqual(parseShard("auto", 20, env(14, 4, 10, 2)), { index: 2, count: 4 });
  assert.deepEqual(parseShard("auto/4", 20, env(3, 1, 3)), { index: 3, count: 4 }, "a resubmitted shard: --array=3");
  assert.throws(() => parseShard("auto/4", 20, env(4, 1, 4)), /must be below N = 4, got SLURM_ARRAY_TASK_ID=4/);
  assert.throws(() => parseShard("auto", 20, env(5, 2)), /cannot place array task 5 among 2 tasks/);
  assert.deepEqual(shardJobs(10, { index: 1, count: 4 }), [1, 5, 9]);
});

test("merge refuses, with exit 2 and nothing written: a missing shard, missing jobs, other settings, a shard twice, an --out holding a run", () => {
  const dir = tmp();
  const small = ["--nz", "12", "--n-r", "6", "--quiet"];
  const shard = (i: number, n: number, name: string, ...extra: string[]) => {
    const res = run("sweep", ...small, ...extra, "--shard", `${i}/${n}`, "--out", path.join(dir, name));
    assert.equal(res.status, 0, res.stderr);
    return path.join(dir, name);
  };
  const [a, b, c] = [shard(0, 3, "a"), shard(1, 3, "b"), shard(2, 3, "c")];
  const other = shard(2, 3, "other", "--r-max", "0.6");
  // the first job line of shard 2 (job 2 or 5: a pool writes them as they finish), and no other
  const cut = path.join(dir, "cut");
  fs.mkdirSync(cut);
  fs.writeFileSync(
    path.join(cut, "jobs.jsonl"),
    read(path.join(c, "jobs.jsonl")).split("\n").slice(0, 2).join("\n") + "\n",
  );
  const out = path.join(dir, "merged");
  const cases: [string[], RegExp][] = [
    [[a, b], /shard 2\/3 is not among the folders given \(its jobs: 2, 5\): run it with sweeplab sweep --shard 2\/3/],
    [
      [a, b, cut],
      /shard 2\/3 in ".*cut" lacks 1 of its 2 jobs \([25]\): finish it with sweeplab sweep --shard 2\/3 --resume --out .*cut/,
    ],
    [[a, b, other], /are shards of different sweeps \(rMax: 0.6 in ".*other", 1.2 in ".*a"\)/],
    [[a, b, c, cut], /shard 2\/3 is in both ".*c" and ".*cut"/],
    [[a, a], /is given twice/],
    [[path.join(dir, "nothing")], /is not a folder/],
    [[], /needs the shard folders/],
  ];
  for (const [dirs, message] of cases) {
    const res = run("merge", "--out", out, ...dirs);
    assert.equal(res.status, 2, `${dirs.join(" ")}: ${res.stderr}`);
    assert.match(res.stderr, message);
    assert.equal(fs.existsSync(out), false, "nothing written");
  }
  assert.match(run("merge", a, b, c).stderr, /needs `--out DIR`/);
  assert.equal(run("merge", "--out", out, a, b, c, "--quiet").status, 0);
  const again = run("merge", "--out", out, a, b, c);
  assert.equal(again.status, 2);
  assert.match(again.stderr, /already holds a run \(summary.csv, run.json\): pass --force/);
  assert.equal(run("merge", "--out", a, a, b, c).status, 2);
});
