import assert from "node:assert/strict";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";

const bin = path.join(__dirname, "..", "..", "bin", "sweeplab.js");
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "sweeplab-cli-"));
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: "utf8" });
const small = ["--nz", "12", "--n-r", "6"];
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

test("sweep writes summary.csv in the lecture's format and run.json with config, timing, records and machine", () => {
  const out = path.join(tmp(), "run");
  const res = run("sweep", ...small, "--workers", "2", "--chunksize", "2", "--out", out);
  assert.equal(res.status, 0, res.stderr);
  const csv = fs.readFileSync(path.join(out, "summary.csv"), "utf8").trim().split("\n");
  assert.equal(csv[0], "r,sz_mean,s2_abs");
  assert.equal(csv.length, 7);
  assert.deepEqual(csv[1].split(",").map(Number), [0, -1, 0]);
  assert.equal(Number(csv[6].split(",")[0]), 1.2);
  const runJson = JSON.parse(fs.readFileSync(path.join(out, "run.json"), "utf8"));
  assert.equal(runJson.status, "done");
  assert.equal(runJson.config.workload.nz, 12);
  assert.equal(runJson.config.mode, "pooled");
  assert.ok(runJson.wallMs > 0);
  assert.equal(runJson.jobs.length, 6);
  for (const key of ["index", "r", "worker", "start", "end", "rhsEvals"]) assert.ok(key in runJson.jobs[0], key);
  for (const key of ["cpuModel", "cores", "node"]) assert.ok(key in runJson.machine, key);
  assert.equal(fs.readFileSync(path.join(out, "jobs.jsonl"), "utf8").trim().split("\n").length, 7);
  assert.match(res.stdout, /6 jobs in [0-9.]+ s \(pooled, 2 workers, chunksize 2\)/);
});

test("sequential and pooled runs write the same summary.csv byte for byte", () => {
  const dir = tmp();
  assert.equal(run("sweep", ...small, "--sequential", "--quiet", "--out", path.join(dir, "a")).status, 0);
  assert.equal(
    run("sweep", ...small, "--workers", "3", "--chunksize", "1", "--quiet", "--out", path.join(dir, "b")).status,
    0,
  );
  assert.equal(
    fs.readFileSync(path.join(dir, "a", "summary.csv"), "utf8"),
    fs.readFileSync(path.join(dir, "b", "summary.csv"), "utf8"),
  );
});

test("progress goes to stderr as plain lines when stderr is not a terminal (fast jobs share lines: the first and the last get one); none with --quiet", () => {
  const dir = tmp();
  const loud = run("sweep", ...small, "--sequential", "--out", path.join(dir, "a"));
  const counts = loud.stderr
    .trim()
    .split("\n")
    .map((l) => /Solving ODE sweep: (\d+)\/6 jobs/.exec(l)?.[1])
    .filter((n) => n !== undefined)
    .map(Number);
  assert.equal(counts[0], 1);
  assert.equal(counts[counts.length - 1], 6);
  // a line at most every second: six jobs of a few ms each cannot fill six lines
  assert.ok(counts.length < 6, `${counts.length} lines`);
  const quiet = run("sweep", ...small, "--sequential", "--quiet", "--out", path.join(dir, "b"));
  assert.equal(quiet.stderr, "");
  assert.equal(quiet.stdout, "");
});

test("usage errors exit 2 with a message naming the flag and the value", () => {
  const cases: [string[], RegExp][] = [
    [["sweep", "--workers", "0"], /`--workers` must be an integer from 1 to 256, got "0"/],
    [["sweep", "--workers", "1.5"], /`--workers` must be an integer from 1 to 256, got "1.5"/],
    [["sweep", "--chunksize", "0"], /`--chunksize` must be an integer from 1 to 20, got "0"/],
    [["sweep", "--n-r", "5", "--chunksize", "6"], /`--chunksize` must be an integer from 1 to 5, got "6"/],
    [["sweep", "--rtol", "abc"], /`--rtol` must be a finite number, got "abc"/],
    [
      ["sweep", "--rtol", "2"],
      /`--rtol` must be a number from 1e-14 to below 1, got 2 \(number\): below 1e-14 the steps drown/,
    ],
    [["sweep", "--nz", "NaN"], /`--nz` must be an integer, got "NaN"/],
    [["sweep", "--r-max", "Infinity"], /`--r-max` must be a finite number greater than 0, got "Infinity"/],
    [["sweep", "--workload", "huge"], /`--workload` must be one of "lecture", "heavy", got "huge"/],
    [
      ["sweep", "--workload", "Heavy"],
      /`--workload` must be one of "lecture", "heavy", got "Heavy" \(string\): did you mean "heavy"\?/,
    ],
    [["sweep", "--bogus"], /unknown flag `--bogus` for `sweeplab sweep`: see/],
    [["sweep", "--worker", "2"], /unknown flag `--worker` for `sweeplab sweep`: did you mean `--workers`\?/],
    [["sweep", "--maxSteps", "9"], /unknown flag `--maxSteps` for `sweeplab sweep`: did you mean `--max-steps`\?/],
    [["bench", "--repeat", "2"], /unknown flag `--repeat` for `sweeplab bench`: did you mean `--repeats`\?/],
    [["start", "--worker", "2"], /unknown flag `--worker` for `sweeplab start`: did you mean `--workers`\?/],
    [["sweep", "--t-scale", "-1"], /`--t-scale` must be a finite number greater than 0, got "-1"/],
    [["sweep", "--r-min", "1.5"], /`--r-max` must be greater than `--r-min` = 1.5 for a sweep of 20 values/],
    [["sweep", "--workers"], /flag `--workers` needs a value/],
    [["sweep", "--workload"], /flag `--workload` needs a value, got none: write e.g. `--workload heavy`/],
    [["sweep", "--out"], /flag `--out` needs a value, got none: write e.g. `--out results\/run1`/],
    [["sweep", "--help=1"], /flag `--help` takes no value: write just `--help`$/m],
    [["sweep", "--sequential", "--workers", "2"], /`--sequential` runs without a pool, so it takes no --workers/],
    [["sweep", "--resume", "--force"], /`--resume` and `--force` contradict each other/],
    [["sweep", "extra"], /takes no positional arguments, got "extra"/],
    [["frobnicate"], /unknown command "frobnicate": the commands/],
    [["sweeep"], /unknown command "sweeep": did you mean `sweep`\?/],
  ];
  for (const [args, message] of cases) {
    const res = run(...args);
    assert.equal(res.status, 2, `${args.join(" ")}: ${res.stderr}`);
    assert.match(res.stderr, message, args.join(" "));
  }
});

test("limits: too many workers, atoms or jobs, or a drive that overflows, exit 2 before any output is written", () => {
  const dir = tmp();
  for (const [flag, value] of [
    ["--workers", "2000"],
    ["--nz", "100000"],
    ["--r-max", "1e308"],
    ["--rtol", "1"],
    ["--n-r", "1e9"],
  ]) {
    const out = path.join(dir, flag.slice(2));
    const res = run("sweep", flag, value, "--quiet", "--out", out);
    assert.equal(res.status, 2, `${flag} ${value}: ${res.stderr}`);
    assert.match(res.stderr, new RegExp(`^sweeplab: \`${flag}\``), `${flag} ${value}: the message names the flag`);
    assert.equal(fs.existsSync(out), false, `${flag} ${value}: no output folder`);
  }
});

test("a pool with more workers than jobs starts one per job, and run.json records the workers started", () => {
  const out = path.join(tmp(), "run");
  const res = run("sweep", "--nz", "4", "--n-r", "3", "--workers", "8", "--out", out);
  assert.equal(res.status, 0, res.stderr);
  const runJson = JSON.parse(fs.readFileSync(path.join(out, "run.json"), "utf8"));
  assert.equal(runJson.config.workers, 8, "what was asked for");
  assert.equal(runJson.workers, 3, "what was started");
  assert.ok(runJson.jobs.every((job: { worker: number }) => job.worker < 3));
  assert.match(res.stdout, /3 jobs in [0-9.]+ s \(pooled, 3 workers, chunksize 1\)/);
});

test("an existing --out is refused without --resume or --force, and an unwritable one is a usage error", () => {
  const out = path.join(tmp(), "run");
  assert.equal(run("sweep", ...small, "--quiet", "--out", out).status, 0);
  const again = run("sweep", ...small, "--quiet", "--out", out);
  assert.equal(again.status, 2);
  assert.match(
    again.stderr,
    /already holds a run \(summary.csv, run.json, jobs.jsonl\): pass --resume to finish it, --force to overwrite it/,
  );
  assert.equal(run("sweep", ...small, "--quiet", "--force", "--out", out).status, 0);
  const file = path.join(tmp(), "a-file");
  fs.writeFileSync(file, "");
  const bad = run("sweep", ...small, "--quiet", "--out", path.join(file, "sub"));
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /`--out` folder ".*sub" cannot be written \(ENOTDIR\)/);
});

test("--help on every command exits 0", () => {
  for (const args of [["--help"], ["sweep", "--help"], ["start", "--help"]]) {
    const res = run(...args);
    assert.equal(res.status, 0, args.join(" "));
    assert.match(res.stdout, /Usage: sweeplab/);
  }
});

/** The sweep `startSlow` stops midway: odex, slower than the default RK45, keeps its last jobs running long enough to be stopped. */
const slow = ["--nz", "40", "--n-r", "8", "--method", "odex"];

/** Starts a slow pooled sweep and waits until `jobs` jobs are on disk; its stderr is collected in `stderr`. */
async function startSlow(
  out: string,
  jobs: number,
  flags = slow,
): Promise<ChildProcess & { stderr: { text: string } }> {
  const child = spawn(
    process.execPath,
    [bin, "sweep", ...flags, "--workers", "2", "--chunksize", "1", "--quiet", "--out", out],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  const stderr = Object.assign(child.stderr, { text: "" });
  stderr.on("data", (chunk: Buffer) => (stderr.text += chunk));
  const file = path.join(out, "jobs.jsonl");
  // the last jobs are the slowest (cost grows with r): stop while they run
  for (let k = 0; k < 400; k++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    if (fs.existsSync(file) && fs.readFileSync(file, "utf8").trim().split("\n").length > jobs) break;
  }
  return child as ChildProcess & { stderr: { text: string } };
}

const exitOf = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));

for (const [signal, code] of [
  ["SIGINT", 130],
  ["SIGTERM", 143],
  // an ssh session that drops: the sweep stops as on SIGTERM, its run.json says so and its lock goes
  ["SIGHUP", 129],
] as const) {
  test(`${signal} stops the workers, keeps finished jobs, exits ${code}; --resume then matches an uninterrupted run byte for byte`, async () => {
    const dir = tmp();
    const out = path.join(dir, "run");
    const child = await startSlow(out, 1);
    const exited = exitOf(child);
    child.kill(signal);
    assert.equal(await exited, code);
    assert.match(
      child.stderr.text,
      new RegExp(`Finished jobs are kept in ${escape(path.join(out, "jobs.jsonl"))}: rerun with --resume to finish`),
    );
    const kept = fs.readFileSync(path.join(out, "jobs.jsonl"), "utf8").trim().split("\n").length - 1;
    assert.ok(kept >= 1, "finished jobs are on disk");
    assert.ok(!fs.existsSync(path.join(out, "summary.csv")), "no summary of an unfinished run");
    const stopped = JSON.parse(fs.readFileSync(path.join(out, "run.json"), "utf8"));
    assert.equal(stopped.status, "interrupted");
    assert.equal(fs.existsSync(path.join(out, ".lock")), false, "the lock is released");
    assert.equal(stopped.jobs.length, kept, "an interrupted run.json lists the jobs it finished");
    const resumed = run("sweep", ...slow, "--workers", "2", "--quiet", "--resume", "--out", out);
    assert.equal(resumed.status, 0, resumed.stderr);
    const runJson = JSON.parse(fs.readFileSync(path.join(out, "run.json"), "utf8"));
    assert.equal(runJson.resumedJobs, kept);
    assert.deepEqual(
      runJson.jobs.map((job: { index: number }) => job.index),
      [0, 1, 2, 3, 4, 5, 6, 7],
      "every session's jobs",
    );
    assert.deepEqual(
      runJson.sessions.map((s: { status: string; jobs: number }) => [s.status, s.jobs]),
      [
        ["interrupted", kept],
        ["done", 8 - kept],
      ],
    );
    assert.equal(runJson.wallMs, runJson.sessions[0].wallMs + runJson.sessions[1].wallMs);
    const whole = run("sweep", ...slow, "--sequential", "--quiet", "--out", path.join(dir, "whole"));
    assert.equal(whole.status, 0);
    assert.equal(
      fs.readFileSync(path.join(out, "summary.csv"), "utf8"),
      fs.readFileSync(path.join(dir, "whole", "summary.csv"), "utf8"),
    );
  });
}

test("--resume with other settings is refused", () => {
  const out = path.join(tmp(), "run");
  assert.equal(run("sweep", ...small, "--quiet", "--out", out).status, 0);
  const res = run("sweep", "--nz", "13", "--n-r", "6", "--quiet", "--resume", "--out", out);
  assert.equal(res.status, 2);
  assert.match(
    res.stderr,
    /`--resume`: the run in ".*" was made with other settings \(nz: 12 there, 13 now\): resume with the same flags/,
  );
});

// ---------------------------------------------------------------- jobs.jsonl after a crash

/** A finished run of `small` in a new folder; returns the folder and its summary.csv. */
function finishedRun(): { out: string; summary: string } {
  const out = path.join(tmp(), "run");
  const res = run("sweep", ...small, "--workers", "2", "--quiet", "--out", out);
  assert.equal(res.status, 0, res.stderr);
  return { out, summary: fs.readFileSync(path.join(out, "summary.csv"), "utf8") };
}

/** Rewrites jobs.jsonl as its header and the lines of jobs 0, 1 and 2, plus `tail`; no summary.csv. */
function keepFirstJobs(out: string, tail: string): string[] {
  const file = path.join(out, "jobs.jsonl");
  const [header, ...jobs] = fs.readFileSync(file, "utf8").trim().split("\n");
  const first = [0, 1, 2].map((i) => jobs.find((line) => JSON.parse(line).index === i) as string);
  fs.writeFileSync(file, [header, ...first].join("\n") + "\n" + tail);
  fs.rmSync(path.join(out, "summary.csv"));
  return [header, ...first];
}

test("--resume cuts off a last line left incomplete by a crash, says so, and the resume after it still works", () => {
  const { out, summary } = finishedRun();
  const cut = '{"index":3,"r":0.72,"worker":0,"start":52.0,"end":63.6,"rhsEv';
  keepFirstJobs(out, cut);
  const resumed = run("sweep", ...small, "--workers", "2", "--resume", "--out", out);
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.match(
    resumed.stderr,
    new RegExp(
      `warning: dropped the incomplete last line of .*jobs.jsonl \\(line 5, ${cut.length} bytes, cut off when the run stopped\\)`,
    ),
  );
  for (const line of fs.readFileSync(path.join(out, "jobs.jsonl"), "utf8").trim().split("\n")) JSON.parse(line); // no line glued to the cut one
  assert.equal(fs.readFileSync(path.join(out, "summary.csv"), "utf8"), summary);
  // progress (the first and the last job, these being fast) names the workload's jobs 3, 4, 5 (not
  // 0, 1, 2: their places in this session), counts on from the 3 done before, and gives the time
  const progress = resumed.stderr.split("\n").filter((line) => line.startsWith("Solving ODE sweep"));
  assert.ok(progress.length >= 2, progress.join("\n"));
  assert.ok(
    progress.every((line) => /\(job [345],/.test(line)),
    progress.join("\n"),
  );
  assert.match(progress[0], /^Solving ODE sweep: 4\/6 jobs .*, [0-9.]+ (µs|ms|s) elapsed/);
  assert.match(progress[progress.length - 1], /^Solving ODE sweep: 6\/6 jobs .*, [0-9.]+ (µs|ms|s) elapsed$/);
  assert.match(
    resumed.stdout,
    /\n3 of 6 jobs run in this session, in [0-9.]+ s \(pooled, 2 workers, chunksize \d\); the other 3 were finished earlier\nWritten: .*summary\.csv, run\.json, jobs\.jsonl and timeline\.svg \(\.vl\.json\)\n$/,
  );
  const again = run("sweep", ...small, "--workers", "2", "--resume", "--out", out);
  assert.equal(again.status, 0, again.stderr);
  assert.equal(again.stderr, "");
});

test("--resume skips a damaged line in the middle with a warning naming it; its job runs again", () => {
  const { out, summary } = finishedRun();
  const [header, job0, job1, job2] = keepFirstJobs(out, "");
  fs.writeFileSync(path.join(out, "jobs.jsonl"), [header, job0, job1.slice(0, 30) + job2, ""].join("\n"));
  const resumed = run("sweep", ...small, "--quiet", "--resume", "--out", out);
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.match(
    resumed.stderr,
    /warning: skipped line 3 of .*jobs.jsonl, which is not a finished job \(\{"index":1,.*\): the job on it runs again/,
  );
  assert.equal(
    JSON.parse(fs.readFileSync(path.join(out, "run.json"), "utf8")).sessions[1].jobs,
    5,
    "jobs 1 to 5 ran again",
  );
  assert.equal(fs.readFileSync(path.join(out, "summary.csv"), "utf8"), summary);
});

test("--resume recovers an empty jobs.jsonl (a run stopped as it wrote its header) and removes stale temporary files", () => {
  const { out, summary } = finishedRun();
  fs.writeFileSync(path.join(out, "jobs.jsonl"), "");
  fs.rmSync(path.join(out, "summary.csv"));
  fs.writeFileSync(path.join(out, "run.json.tmp-99999999"), '{"status":');
  const resumed = run("sweep", ...small, "--quiet", "--resume", "--out", out);
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.match(
    resumed.stderr,
    /warning: .*jobs.jsonl held no header \(the run stopped as it started\): it starts again/,
  );
  assert.match(resumed.stderr, /warning: removed .*run.json.tmp-99999999, left by a run that stopped while writing it/);
  assert.deepEqual(fs.readdirSync(out).sort(), [
    "jobs.jsonl",
    "run.json",
    "summary.csv",
    "timeline.svg",
    "timeline.vl.json",
  ]);
  assert.equal(fs.readFileSync(path.join(out, "summary.csv"), "utf8"), summary);
});

/** A script for `node --require`: makes the 3rd append to jobs.jsonl write half its line, then fail as a full disk does. */
function fullDiskAfterTwoJobs(): string {
  const file = path.join(tmp(), "full-disk.js");
  fs.writeFileSync(
    file,
    `const fs = require("node:fs");
const open = fs.openSync, write = fs.writeSync;
const journals = new Set();
let n = 0;
fs.openSync = function (file, flags, ...rest) {
  const fd = open.call(fs, file, flags, ...rest);
  if (String(file).endsWith("jobs.jsonl") && flags === "a") journals.add(fd);
  return fd;
};
fs.writeSync = function (fd, data, ...rest) {
  if (journals.has(fd) && ++n === 3) {
    write.call(fs, fd, String(data).slice(0, 25));
    throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", errno: -28, syscall: "write" });
  }
  return write.call(fs, fd, data, ...rest);
};`,
  );
  return file;
}

test("a full disk (ENOSPC) names jobs.jsonl, exits 1 and says --resume continues; the resume drops the half line and finishes", () => {
  const out = path.join(tmp(), "run");
  const res = spawnSync(
    process.execPath,
    ["--require", fullDiskAfterTwoJobs(), bin, "sweep", ...small, "--sequential", "--quiet", "--out", out],
    { encoding: "utf8" },
  );
  assert.equal(res.status, 1, res.stderr);
  const file = escape(path.join(out, "jobs.jsonl"));
  assert.match(
    res.stderr,
    new RegExp(`^sweeplab: could not append job 2 to ${file}: ENOSPC \\(no space left on device\\)$`, "m"),
  );
  assert.match(
    res.stderr,
    new RegExp(
      `^sweeplab: The jobs finished before it are kept in ${file}: fix the cause and rerun with --resume to continue.$`,
      "m",
    ),
  );
  assert.equal(JSON.parse(fs.readFileSync(path.join(out, "run.json"), "utf8")).status, "crashed");
  const resumed = run("sweep", ...small, "--quiet", "--resume", "--out", out);
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.match(resumed.stderr, /dropped the incomplete last line .*\(line 4, 25 bytes/);
  const whole = run("sweep", ...small, "--sequential", "--quiet", "--out", path.join(path.dirname(out), "whole"));
  assert.equal(whole.status, 0);
  assert.equal(
    fs.readFileSync(path.join(out, "summary.csv"), "utf8"),
    fs.readFileSync(path.join(path.dirname(out), "whole", "summary.csv"), "utf8"),
  );
});

// ---------------------------------------------------------------- run.json across sessions

test("--resume of a finished run changes no file and says so; run.json records argv, host, version and the SLURM job", () => {
  const out = path.join(tmp(), "run");
  const first = spawnSync(process.execPath, [bin, "sweep", ...small, "--quiet", "--out", out], {
    encoding: "utf8",
    env: { ...process.env, SLURM_JOB_ID: "4242" },
  });
  assert.equal(first.status, 0, first.stderr);
  const files = ["summary.csv", "run.json", "jobs.jsonl", "timeline.svg", "timeline.vl.json"];
  const before = files.map((f) => fs.readFileSync(path.join(out, f), "utf8"));
  const again = run("sweep", ...small, "--resume", "--out", out);
  assert.equal(again.status, 0, again.stderr);
  assert.match(
    again.stdout,
    /^Nothing to resume: all 6 jobs of the run in .* are finished; its files are left as they were\.$/m,
  );
  assert.deepEqual(
    files.map((f) => fs.readFileSync(path.join(out, f), "utf8")),
    before,
  );
  assert.deepEqual(fs.readdirSync(out).sort(), files.sort(), "no lock left behind");
  const [session] = JSON.parse(before[1]).sessions;
  assert.equal(session.slurmJobId, "4242");
  assert.equal(session.hostname, os.hostname());
  assert.equal(
    session.sweeplab,
    JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")).version,
  );
  assert.deepEqual(session.argv, ["sweep", ...small, "--quiet", "--out", out]);
  assert.equal(session.jobs, 6);
});

test("a session killed outright (SIGKILL) shows in run.json as killed, with the jobs it finished", async () => {
  const out = path.join(tmp(), "run");
  const child = await startSlow(out, 1);
  const exited = exitOf(child);
  child.kill("SIGKILL");
  await exited;
  assert.equal(JSON.parse(fs.readFileSync(path.join(out, "run.json"), "utf8")).status, "running");
  const kept = fs.readFileSync(path.join(out, "jobs.jsonl"), "utf8").trim().split("\n").length - 1;
  const resumed = run("sweep", ...slow, "--workers", "2", "--quiet", "--resume", "--out", out);
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.match(resumed.stderr, /warning: taking over .*\.lock: its sweep \(pid \d+\) no longer runs/);
  const runJson = JSON.parse(fs.readFileSync(path.join(out, "run.json"), "utf8"));
  assert.deepEqual(
    runJson.sessions.map((s: { status: string; wallMs: number | null }) => [s.status, s.wallMs === null]),
    [
      ["killed", true],
      ["done", false],
    ],
  );
  assert.ok(
    runJson.sessions[0].jobs <= kept,
    "the jobs it finished, counted from jobs.jsonl (a cut-off line does not count)",
  );
  assert.equal(runJson.jobs.length, 8);
});

// ---------------------------------------------------------------- one sweep per folder

test("a second sweep into a folder in use exits 2 naming the folder and the pid", async () => {
  const out = path.join(tmp(), "run");
  const heavy = ["--workload", "heavy", "--n-r", "4"]; // seconds: still running when the second starts
  const child = await startSlow(out, 0, heavy);
  const second = run("sweep", ...heavy, "--quiet", "--resume", "--out", out);
  const exited = exitOf(child);
  child.kill("SIGTERM");
  await exited;
  assert.equal(second.status, 2, second.stderr);
  assert.match(
    second.stderr,
    new RegExp(
      `^sweeplab: \`--out\` folder "${escape(out)}" is in use by another sweep \\(pid ${child.pid}, since .*\\): wait for it to end`,
    ),
  );
  assert.ok(!fs.existsSync(path.join(out, ".lock")), "the lock goes with its sweep");
});

// ---------------------------------------------------------------- output folders that cannot be made

test(
  "--out under /proc exits 2 at once (Node's recursive mkdir would spin there forever)",
  { skip: !fs.existsSync("/proc/self") && "no /proc" },
  () => {
    const res = spawnSync(
      process.execPath,
      [bin, "sweep", "--nz", "4", "--n-r", "3", "--quiet", "--out", "/proc/sweeplab-test/run"],
      { encoding: "utf8", timeout: 20000, killSignal: "SIGKILL" },
    ); // spinning, it ignored SIGTERM
    assert.equal(res.status, 2, res.stderr);
    assert.match(res.stderr, /^sweeplab: `--out` folder "\/proc\/sweeplab-test\/run" cannot be written \(E[A-Z]+\)/);
  },
);

const canMount = spawnSync("unshare", ["-rm", "true"]).status === 0;
test(
  "--out on a read-only file system is reported as EROFS, not ENOENT",
  { skip: !canMount && "needs unshare -rm (user and mount namespaces)" },
  () => {
    const mnt = tmp();
    const script = `mount -t tmpfs -o ro tmpfs "$1" && exec "$2" "$3" sweep --nz 4 --n-r 3 --quiet --out "$1/a/b"`;
    const res = spawnSync("unshare", ["-rm", "sh", "-c", script, "sh", mnt, process.execPath, bin], {
      encoding: "utf8",
    });
    assert.equal(res.status, 2, res.stderr);
    assert.match(res.stderr, /`--out` folder ".*\/a\/b" cannot be written \(EROFS\)/);
  },
);

test("an interrupted `start` gives no advice about --resume (it has none)", async () => {
  const dir = tmp();
  const slow = path.join(dir, "slow.js"); // each job takes 50 ms longer to save, so the sweep is still running when stopped
  fs.writeFileSync(
    slow,
    `const fs = require("node:fs"); const append = fs.appendFileSync;
fs.appendFileSync = (...args) => { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50); return append(...args); };`,
  );
  const out = path.join(dir, "results");
  const child = spawn(process.execPath, ["--require", slow, bin, "start", "--quiet", "--out", out], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
  const exited = exitOf(child);
  const file = path.join(out, "lecture-sequential", "jobs.jsonl");
  while (!(fs.existsSync(file) && fs.readFileSync(file, "utf8").split("\n").length > 3))
    await new Promise((resolve) => setTimeout(resolve, 10));
  child.kill("SIGINT");
  assert.equal(await exited, 130, stderr);
  assert.match(stderr, /^sweeplab: sweep interrupted \(SIGINT\) after \d+ of 20 jobs; it stopped between two jobs\.$/m);
  assert.doesNotMatch(stderr, /--resume|jobs\.jsonl/);
});

// ---------------------------------------------------------------- the mistakes students make

test("not built: bin/sweeplab.js without dist/ says to run npm run build (no Node stack), exit 1", () => {
  const root = tmp();
  fs.mkdirSync(path.join(root, "bin"));
  fs.copyFileSync(bin, path.join(root, "bin", "sweeplab.js"));
  const res = spawnSync(process.execPath, [path.join(root, "bin", "sweeplab.js"), "sweep"], { encoding: "utf8" });
  assert.equal(res.status, 1);
  assert.match(
    res.stderr,
    new RegExp(
      `^sweeplab: not built yet \\(${escape(path.join(root, "dist", "cli", "main.js"))} is missing\\): run \`npm run build\` in ${escape(root)}, then run this command again\n$`,
    ),
  );
  assert.doesNotMatch(res.stderr, /Cannot find module|at Module/);
});

test("--resume into a folder that holds no run is refused (exit 2) and writes nothing", () => {
  const dir = tmp();
  const missing = run("sweep", ...small, "--resume", "--out", path.join(dir, "typo"));
  assert.equal(missing.status, 2, missing.stderr);
  assert.match(
    missing.stderr,
    /`--resume`: the `--out` folder ".*typo" does not exist: check --out .*, or drop --resume to start a new run/,
  );
  assert.equal(fs.existsSync(path.join(dir, "typo")), false, "no folder made");
  const empty = path.join(dir, "empty");
  fs.mkdirSync(empty);
  const res = run("sweep", ...small, "--resume", "--out", empty);
  assert.equal(res.status, 2, res.stderr);
  assert.match(res.stderr, /holds no run to resume \(no jobs.jsonl\)/);
  assert.deepEqual(fs.readdirSync(empty), [], "nothing written, no lock left");
});

test("an empty --out exits 2 naming the flag and writes nothing", () => {
  for (const command of ["sweep", "start", "bench"]) {
    const cwd = tmp();
    const res = spawnSync(process.execPath, [bin, command, "--out", ""], { encoding: "utf8", cwd });
    assert.equal(res.status, 2, `${command}: ${res.stderr}`);
    assert.match(
      res.stderr,
      /^sweeplab: `--out` must name a folder, got "": e.g. --out results\/run1, or leave out --out to write to results/,
    );
    assert.doesNotMatch(res.stderr, /ENOENT|--resume/);
    assert.deepEqual(fs.readdirSync(cwd), [], `${command}: nothing written`);
  }
});

test("a failed job keeps its workload index on --resume, r prints as 0.4, hints name flags, the last line names the files", () => {
  const out = path.join(tmp(), "run");
  // 4 jobs: r = 0, 0.39999999999999997 (linspace's 1.2 / 3), 0.8, 1.2; with odex's long steps only
  // r = 0 solves in 5 steps
  const flags = ["sweep", "--nz", "12", "--n-r", "4", "--max-steps", "5", "--method", "odex", "--sequential"];
  const first = run(...flags, "--out", out);
  assert.equal(first.status, 1, first.stderr);
  assert.match(
    first.stderr,
    /^sweeplab: job 1 \(r = 0\.4\) failed: --max-steps 5 exceeded at t = .*: raise `--max-steps` or loosen --rtol\/--atol$/m,
  );
  assert.doesNotMatch(first.stderr, /0\.3999|`maxSteps`/);
  assert.match(
    first.stdout,
    new RegExp(
      `\nWritten: ${escape(path.join(out, path.sep))}run\\.json and jobs\\.jsonl \\(no summary\\.csv: a job failed\\)\n$`,
    ),
  );
  const resumed = run(...flags, "--resume", "--out", out);
  assert.equal(resumed.status, 1, resumed.stderr);
  const named = resumed.stderr
    .split("\n")
    .filter((line) => / failed: /.test(line))
    .map((line) => /job (\d+) \(r = ([\d.]+)\)/.exec(line)?.slice(1).join(" "));
  assert.deepEqual(named, ["1 0.4", "2 0.8", "3 1.2"], "the workload's job indices, not 0, 1, 2 of this session");
  const runJson = JSON.parse(fs.readFileSync(path.join(out, "run.json"), "utf8"));
  assert.deepEqual(
    runJson.errors.map((e: { index: number }) => e.index),
    [1, 2, 3],
  );
  const done = run("sweep", ...small, "--out", path.join(path.dirname(out), "done"));
  assert.match(
    done.stdout,
    new RegExp(
      `\nWritten: ${escape(path.join(path.dirname(out), "done", path.sep))}summary\\.csv, run\\.json, jobs\\.jsonl and timeline\\.svg \\(\\.vl\\.json\\)\n$`,
    ),
  );
});

test("--t-scale and --r-min reach the workload (the notebooks' tScale and rMin)", () => {
  const out = path.join(tmp(), "run");
  const res = run("sweep", "--nz", "8", "--n-r", "3", "--r-min", "0.6", "--t-scale", "2", "--quiet", "--out", out);
  assert.equal(res.status, 0, res.stderr);
  const csv = fs.readFileSync(path.join(out, "summary.csv"), "utf8").trim().split("\n").slice(1);
  assert.deepEqual(
    csv.map((line) => Number(line.split(",")[0])),
    [0.6, 0.8999999999999999, 1.2],
  );
  const { workload } = JSON.parse(fs.readFileSync(path.join(out, "run.json"), "utf8")).config;
  assert.equal(workload.tScale, 2);
  assert.equal(workload.rMin, 0.6);
});

test("a pooled sweep leaves its timeline in the run folder; a sequential one does not", () => {
  const out = tmp();
  const pooled = path.join(out, "pooled");
  const seq = path.join(out, "seq");
  assert.equal(run("sweep", "--nz", "4", "--n-r", "5", "--workers", "2", "--quiet", "--out", pooled).status, 0);
  assert.equal(run("sweep", "--nz", "4", "--n-r", "5", "--sequential", "--quiet", "--out", seq).status, 0);
  const spec = JSON.parse(fs.readFileSync(path.join(pooled, "timeline.vl.json"), "utf8"));
  assert.match(JSON.stringify(spec), /"\$schema":"https:\/\/vega\.github\.io\/schema\/vega-lite\/v5/);
  assert.match(fs.readFileSync(path.join(pooled, "timeline.svg"), "utf8"), /^<svg/);
  assert.ok(!fs.existsSync(path.join(seq, "timeline.svg")));
});
