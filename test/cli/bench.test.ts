import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";

const bin = path.join(__dirname, "..", "..", "bin", "sweeplab.js");
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "sweeplab-bench-"));

test("bench --quick --details --targets writes bench.json with every experiment and each plot as .svg and .vl.json", () => {
  const out = tmp();
  // one core kept busy by another process: no ratio the bench prints may exceed its worker count
  const spinner = spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" });
  const res = spawnSync(
    process.execPath,
    [
      bin,
      "bench",
      "--workload",
      "lecture",
      "--nz",
      "12",
      "--n-r",
      "6",
      "--workers",
      "1,2",
      "--chunksize",
      "1,3",
      "--quick",
      "--details",
      "--targets",
      "--out",
      out,
    ],
    { encoding: "utf8" },
  );
  spinner.kill();
  assert.equal(res.status, 0, res.stderr);
  const bench = JSON.parse(fs.readFileSync(path.join(out, "bench.json"), "utf8"));
  // fair ratios: each pool against a loop in its own state, said so, and never above the workers
  for (const p of [...bench.scaling.points, ...bench.scalingLargestFirst.points])
    assert.ok(p.speedup <= p.workers && p.speedupRange.high <= p.workers, JSON.stringify(p));
  assert.match(bench.scaling.pairing, /^cold against cold: the loop as the first sweep of a fresh process/);
  for (const [name, x] of Object.entries(bench.lecturePool.speedup)) assert.ok((x as number) <= 2, `${name}: ${x}`);
  for (const c of [...bench.prediction[0].checks, ...bench.prediction[1].checks])
    assert.ok(c.predicted.high <= c.workers && c.measured <= c.workers, JSON.stringify(c));
  assert.match(res.stdout, /x the cold loop\n.*\n.*x the warmed loop/);
  for (const m of res.stdout.matchAll(/speedup ([0-9.]+)x|([0-9.]+)x as fast|([0-9.]+)x the (cold|warmed) loop/g)) {
    const ratio = Number(m[1] ?? m[2] ?? m[3]);
    assert.ok(ratio <= 2, `${m[0]}:\n${res.stdout}`);
  }
  for (const key of [
    "machine",
    "scaling",
    "scalingLargestFirst",
    "chunksize",
    "dispatch",
    "packing",
    "granularity",
    "targets",
  ])
    assert.ok(key in bench, key);
  assert.equal(bench.complete, true);
  assert.deepEqual(
    bench.scaling.points.map((p: { workers: number }) => p.workers),
    [1, 2],
  );
  assert.deepEqual(
    bench.chunksize.points.map((p: { chunksize: number }) => p.chunksize),
    [1, 3],
  );
  assert.ok(bench.scaling.sequential.samplesMs.length >= 1);
  for (const name of [
    "speedup",
    "efficiency",
    "chunksize",
    "timeline",
    "physics",
    "dispatch",
    "packing",
    "granularity",
  ]) {
    assert.match(fs.readFileSync(path.join(out, `${name}.svg`), "utf8"), /^<svg/, name);
    assert.equal(
      JSON.parse(fs.readFileSync(path.join(out, `${name}.vl.json`), "utf8")).$schema,
      "https://vega.github.io/schema/vega-lite/v5.json",
    );
  }
  assert.match(res.stdout, /Target not judged \(--quick\): 2 workers reach >= 1.9x/);
  assert.match(res.stdout, /Target not judged \(--quick\): sweeplab's pool costs <= 50 us per job/);
  assert.doesNotMatch(res.stdout, /MET|MISSED/);
  assert.match(res.stdout, /--quick: .* they are not a benchmark/);
  assert.ok(
    bench.targets.length >= 4 && bench.targets.every((t: { met: unknown }) => t.met === null),
    JSON.stringify(bench.targets),
  );
  for (const key of ["lecturePool", "cliOverhead", "warmPool"]) assert.ok(key in bench, key);
  // the overhead is set beside the same split with no pool: two shard processes at once
  assert.ok(bench.cliOverhead.apart.medianMs > 0 && Number.isFinite(bench.cliOverhead.apartUsPerJob.medianMs));
  assert.match(
    res.stdout,
    /the same split with no pool \(two shards at once, each sequential\): .* the pool's own is the difference, -?\d+ us/,
  );
  assert.equal(bench.warmPool.order, "given", "the heavy warm pool runs costliest first");
  assert.match(res.stdout, /Target not judged \(--quick\): the lecture sweep on a warm pool of 2 at chunksize 2/);
  // the algorithm section: four ways to run the lecture sweep, and one large linear job in its own process
  assert.deepEqual(
    bench.algorithm.lecture.map((t: { method: string; rhs: string }) => `${t.method} ${t.rhs}`),
    ["odex dense", "RK45 dense", "odex linear", "RK45 linear"],
  );
  assert.ok(bench.algorithm.big.maxRssBytes > 0 && bench.algorithm.big.solveMs > 0);
  assert.match(res.stdout, /Target not judged \(--quick\): the same with --rhs linear/);
  assert.match(res.stdout, /One job, r = 1.2, nz = 20000, linear, RK45: [0-9.]+ s, peak RSS [0-9]+ MiB/);
});

test("bench --quick shrinks the heavy workload (a short evolution, few jobs) instead of running it whole", () => {
  const out = tmp();
  const res = spawnSync(
    process.execPath,
    [bin, "bench", "--quick", "--workers", "1,2", "--chunksize", "1,2", "--out", out],
    { encoding: "utf8" },
  );
  assert.equal(res.status, 0, res.stderr);
  const { workload } = JSON.parse(fs.readFileSync(path.join(out, "bench.json"), "utf8"));
  assert.equal(workload.name, "heavy");
  assert.equal(workload.nz, 200);
  assert.ok(workload.tScale <= 2, `tScale ${workload.tScale}`);
  assert.ok(workload.nR <= 8, `nR ${workload.nR}`);
});

/** A bench of a few milliseconds: 2 jobs of 4 atoms, one worker, one chunksize (the CLI's arguments). */
const tinyArgs = (out: string, ...more: string[]) => [
  bin,
  "bench",
  "--workload",
  "lecture",
  "--nz",
  "4",
  "--n-r",
  "2",
  "--workers",
  "1",
  "--chunksize",
  "1",
  "--quick",
  ...more,
  "--out",
  out,
];
const tiny = (out: string, ...more: string[]) =>
  spawnSync(process.execPath, tinyArgs(out, ...more), { encoding: "utf8" });

test("bench warns when the load average exceeds the cores", () => {
  const preload = path.join(tmp(), "busy.js");
  fs.writeFileSync(preload, `require("node:os").loadavg = () => [99, 99, 99];`);
  const res = spawnSync(process.execPath, ["--require", preload, ...tinyArgs(tmp())], { encoding: "utf8" });
  assert.equal(res.status, 0, res.stderr);
  assert.match(
    res.stderr,
    /^sweeplab: warning: the load average is 99 on \d+ cores: other programs are using the CPUs/m,
  );
});

test("an interrupted bench keeps the sections it measured in bench.json and gives no advice about --resume", async () => {
  const out = tmp();
  const args = [
    "bench",
    "--workload",
    "heavy",
    "--nz",
    "100",
    "--n-r",
    "4",
    "--workers",
    "1",
    "--chunksize",
    "1",
    "--repeats",
    "1",
    "--out",
    out,
  ];
  const child = spawn(process.execPath, [bin, ...args], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  // the first section (scaling) is on disk: stop the second while its pool runs
  while (!fs.existsSync(path.join(out, "bench.json"))) await new Promise((resolve) => setTimeout(resolve, 20));
  child.kill("SIGTERM");
  assert.equal(await exited, 143, stderr);
  const bench = JSON.parse(fs.readFileSync(path.join(out, "bench.json"), "utf8"));
  assert.equal(bench.complete, false);
  assert.ok("scaling" in bench && !("targets" in bench));
  assert.doesNotMatch(stderr, /--resume|jobs\.jsonl/);
  assert.match(
    stderr,
    /sweeplab: sweep interrupted \(SIGTERM\) .*\. .*bench\.json holds the sections measured before it\./,
  );
});

test("bench refuses a chunksize larger than the number of jobs", () => {
  const res = spawnSync(process.execPath, [bin, "bench", "--workload", "lecture", "--n-r", "4", "--chunksize", "1,5"], {
    encoding: "utf8",
  });
  assert.equal(res.status, 2);
  assert.match(res.stderr, /`--chunksize` values must be from 1 to 4 \(the number of jobs\), got 5/);
});

test("bench prints a student's summary (no targets, no jargon), keeps the rest in bench.json, and refuses to overwrite a bench without --force", () => {
  const out = tmp();
  const res = tiny(out);
  assert.equal(res.status, 0, res.stderr);
  const lines = res.stdout.trim().split("\n");
  assert.ok(lines.length <= 10, `${lines.length} lines:\n${res.stdout}`);
  assert.match(
    res.stdout,
    /^The lecture sweep \(2 jobs\): [0-9.]+ s one job after another in a fresh process, [0-9.]+ s on 1 new worker\(s\): [0-9.]+x as fast \(1x would be perfect; cold against cold/m,
  );
  assert.match(
    res.stdout,
    /rerun with --details \(every figure\) or --targets \(the maintainers' targets\) to print more$/m,
  );
  assert.doesNotMatch(res.stdout + res.stderr, /Target|LPT/);
  const bench = JSON.parse(fs.readFileSync(path.join(out, "bench.json"), "utf8"));
  assert.ok(bench.summary.length >= 2 && bench.targets.length >= 4);
  const before = fs.readFileSync(path.join(out, "bench.json"), "utf8");
  const again = tiny(out);
  assert.equal(again.status, 2);
  assert.match(
    again.stderr,
    /^sweeplab: `--out` folder ".*" already holds a bench \(.*bench\.json\): pass --force to overwrite it, or another --out$/m,
  );
  assert.equal(fs.readFileSync(path.join(out, "bench.json"), "utf8"), before);
});
