import assert from "node:assert/strict";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";

const bin = path.join(__dirname, "..", "bin", "sweeplab.js");
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "sweeplab-cli-"));
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: "utf8" });
const small = ["--nz", "12", "--n-r", "6"];

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
  assert.equal(run("sweep", ...small, "--workers", "3", "--chunksize", "1", "--quiet", "--out", path.join(dir, "b")).status, 0);
  assert.equal(fs.readFileSync(path.join(dir, "a", "summary.csv"), "utf8"), fs.readFileSync(path.join(dir, "b", "summary.csv"), "utf8"));
});

test("progress goes to stderr, one plain line per job when stderr is not a terminal; none with --quiet", () => {
  const dir = tmp();
  const loud = run("sweep", ...small, "--sequential", "--out", path.join(dir, "a"));
  assert.equal(loud.stderr.trim().split("\n").filter((l) => /Solving ODE sweep: \d+\/6 jobs/.test(l)).length, 6);
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
    [["sweep", "--rtol", "2"], /`--rtol` must be a number from 1e-14 to below 1, got 2 \(number\): below 1e-14 the steps drown/],
    [["sweep", "--nz", "NaN"], /`--nz` must be an integer, got "NaN"/],
    [["sweep", "--r-max", "Infinity"], /`--r-max` must be a finite number greater than 0, got "Infinity"/],
    [["sweep", "--workload", "huge"], /`workload` must be one of "lecture", "heavy", got "huge"/],
    [["sweep", "--bogus"], /unknown flag `--bogus` for `sweeplab sweep`/],
    [["sweep", "--workers"], /flag `--workers` needs a value/],
    [["sweep", "--workload"], /flag `--workload` needs a value, got none: write e.g. `--workload heavy`/],
    [["sweep", "--out"], /flag `--out` needs a value, got none: write e.g. `--out results\/run1`/],
    [["sweep", "--help=1"], /flag `--help` takes no value: write just `--help`$/m],
    [["sweep", "--sequential", "--workers", "2"], /`--sequential` runs without a pool, so it takes no --workers/],
    [["sweep", "--resume", "--force"], /`--resume` and `--force` contradict each other/],
    [["sweep", "extra"], /takes no positional arguments, got "extra"/],
    [["frobnicate"], /unknown command "frobnicate"/],
  ];
  for (const [args, message] of cases) {
    const res = run(...args);
    assert.equal(res.status, 2, `${args.join(" ")}: ${res.stderr}`);
    assert.match(res.stderr, message, args.join(" "));
  }
});

test("limits: too many workers, atoms or jobs, or a drive that overflows, exit 2 before any output is written", () => {
  const dir = tmp();
  for (const [flag, value] of [["--workers", "2000"], ["--nz", "100000"], ["--r-max", "1e308"], ["--rtol", "1"], ["--n-r", "1e9"]]) {
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
  assert.match(again.stderr, /already holds a run \(summary.csv, run.json, jobs.jsonl\): pass --resume to finish it, --force to overwrite it/);
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

/** Starts a slow pooled sweep and waits until `jobs` jobs are on disk. */
async function startSlow(out: string, jobs: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [bin, "sweep", "--nz", "40", "--n-r", "8", "--workers", "2", "--chunksize", "1", "--quiet", "--out", out], { stdio: "ignore" });
  const file = path.join(out, "jobs.jsonl");
  // the last jobs are the slowest (cost grows with r): stop while they run
  for (let k = 0; k < 400; k++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    if (fs.existsSync(file) && fs.readFileSync(file, "utf8").trim().split("\n").length > jobs) break;
  }
  return child;
}

const exitOf = (child: ChildProcess) => new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));

for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
  test(`${signal} stops the workers, keeps finished jobs, exits ${code}; --resume then matches an uninterrupted run byte for byte`, async () => {
    const dir = tmp();
    const out = path.join(dir, "run");
    const child = await startSlow(out, 1);
    const exited = exitOf(child);
    child.kill(signal);
    assert.equal(await exited, code);
    const kept = fs.readFileSync(path.join(out, "jobs.jsonl"), "utf8").trim().split("\n").length - 1;
    assert.ok(kept >= 1, "finished jobs are on disk");
    assert.ok(!fs.existsSync(path.join(out, "summary.csv")), "no summary of an unfinished run");
    assert.equal(JSON.parse(fs.readFileSync(path.join(out, "run.json"), "utf8")).status, "interrupted");
    const resumed = run("sweep", "--nz", "40", "--n-r", "8", "--workers", "2", "--quiet", "--resume", "--out", out);
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.equal(JSON.parse(fs.readFileSync(path.join(out, "run.json"), "utf8")).resumedJobs, kept);
    const whole = run("sweep", "--nz", "40", "--n-r", "8", "--sequential", "--quiet", "--out", path.join(dir, "whole"));
    assert.equal(whole.status, 0);
    assert.equal(fs.readFileSync(path.join(out, "summary.csv"), "utf8"), fs.readFileSync(path.join(dir, "whole", "summary.csv"), "utf8"));
  });
}

test("--resume with other settings is refused", () => {
  const out = path.join(tmp(), "run");
  assert.equal(run("sweep", ...small, "--quiet", "--out", out).status, 0);
  const res = run("sweep", "--nz", "13", "--n-r", "6", "--quiet", "--resume", "--out", out);
  assert.equal(res.status, 2);
  assert.match(res.stderr, /`--resume`: the run in ".*" was made with other settings/);
});

// ---------------------------------------------------------------- output folders that cannot be made

test("--out under /proc exits 2 at once (Node's recursive mkdir would spin there forever)", { skip: !fs.existsSync("/proc/self") && "no /proc" }, () => {
  const res = spawnSync(process.execPath, [bin, "sweep", "--nz", "4", "--n-r", "3", "--quiet", "--out", "/proc/sweeplab-test/run"], { encoding: "utf8", timeout: 20000, killSignal: "SIGKILL" }); // spinning, it ignored SIGTERM
  assert.equal(res.status, 2, res.stderr);
  assert.match(res.stderr, /^sweeplab: `--out` folder "\/proc\/sweeplab-test\/run" cannot be written \(E[A-Z]+\)/);
});

const canMount = spawnSync("unshare", ["-rm", "true"]).status === 0;
test("--out on a read-only file system is reported as EROFS, not ENOENT", { skip: !canMount && "needs unshare -rm (user and mount namespaces)" }, () => {
  const mnt = tmp();
  const script = `mount -t tmpfs -o ro tmpfs "$1" && exec "$2" "$3" sweep --nz 4 --n-r 3 --quiet --out "$1/a/b"`;
  const res = spawnSync("unshare", ["-rm", "sh", "-c", script, "sh", mnt, process.execPath, bin], { encoding: "utf8" });
  assert.equal(res.status, 2, res.stderr);
  assert.match(res.stderr, /`--out` folder ".*\/a\/b" cannot be written \(EROFS\)/);
});
