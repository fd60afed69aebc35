import assert from "node:assert/strict";
import { test } from "node:test";
import {
  amdahlReading,
  breakdownRows,
  caught,
  chunksizeParts,
  chunksizeReading,
  chunksizeSummary,
  clusterPrediction,
  finishOrder,
  finishSpreadMs,
  formatMs,
  formatNumber,
  formatRows,
  jobRows,
  lectureArithmetic,
  loadSentence,
  loglogSlope,
  meanGapMs,
  orderDemo,
  orderRecorder,
  orderRows,
  packingRows,
  poolMapRows,
  poolReading,
  sameObservables,
  scalingBreakdown,
  scalingNumbers,
  scalingRows,
  sweepRows,
  sweepTraffic,
  threadCount,
  tupleLayout,
  wallBreakdown,
  waitForThreads,
  workerRows,
  workloadRows,
} from "../../dist/notebook/lessons.js";
import { packJobs } from "../../dist/physics/pack.js";
import { runSweep } from "../../dist/sweep/run.js";
import { runPool } from "../../dist/parallel/pool.js";
import { buildSweep } from "../../dist/physics/workloads.js";
import type { ChunksizeResult, JobRecord, ScalingResult } from "../../dist/core/types.js";

const machine = {
  cpuModel: "test",
  cores: 2,
  node: "v20",
  platform: "linux",
  arch: "x64",
  totalMemoryGiB: 1,
  loadAverage: 0,
};
const timing = (ms: number) => ({ samplesMs: [ms], medianMs: ms, minMs: ms, maxMs: ms });
const job = (index: number, worker: number, start: number, end: number): JobRecord => ({
  index,
  r: index / 10,
  worker,
  start,
  end,
  rhsEvals: 7,
});

test("formatNumber: integers as they are, 4 significant digits otherwise, no exponent for big values", () => {
  assert.equal(formatNumber(20), "20");
  assert.equal(formatNumber(182.1234), "182.1");
  assert.equal(formatNumber(0.000123456), "0.0001235");
  assert.equal(formatNumber(12345.6), "12346");
  assert.equal(formatNumber(NaN), "NaN");
});

test("formatMs picks µs, ms or s and keeps three significant digits", () => {
  assert.equal(formatMs(0.25), "250 µs");
  assert.equal(formatMs(182.44), "182 ms");
  assert.equal(formatMs(4130), "4.13 s");
  assert.throws(() => formatMs(-1), /`ms` must be a finite number >= 0, got -1 \(number\)/);
});

test("formatRows: a header, a rule, one line per row, numbers right-aligned and text left-aligned", () => {
  const text = formatRows([
    { name: "lecture", ms: 812.25 },
    { name: "heavy", ms: 12 },
  ]);
  assert.deepEqual(text.split("\n"), ["name        ms", "-------  -----", "lecture  812.3", "heavy       12"]);
  assert.equal(formatRows([{ a: 1, b: 2 }], { columns: ["b"] }), "b\n-\n2");
  assert.throws(() => formatRows([]), /`rows` must be a non-empty array of records, got \[\]/);
});

test("jobRows: job order, duration = end - start", () => {
  const rows = jobRows([job(1, 1, 5, 9), job(0, 0, 2, 3)]);
  assert.deepEqual(
    rows.map((r) => r.job),
    [0, 1],
  );
  assert.equal(rows[1].ms, 4);
});

test("formatRows takes any records (interfaces too) and joins arrays", () => {
  interface Point {
    workers: number;
    jobs: number[];
  }
  const points: Point[] = [{ workers: 2, jobs: [0, 1] }];
  assert.equal(formatRows(points), "workers  jobs\n-------  ----\n      2  0, 1");
});

test("workerRows: per worker, jobs run, busy time and the span from first start to last end", () => {
  const rows = workerRows([job(0, 0, 2, 10), job(1, 1, 3, 5), job(2, 1, 5, 20)]);
  assert.deepEqual(rows, [
    { worker: 0, jobs: 1, busy_ms: 8, first_start_ms: 2, last_end_ms: 10 },
    { worker: 1, jobs: 2, busy_ms: 17, first_start_ms: 3, last_end_ms: 20 },
  ]);
});

test("finishSpreadMs: how far apart the workers' last jobs ended", () => {
  assert.equal(finishSpreadMs([job(0, 0, 2, 10), job(1, 1, 3, 5), job(2, 1, 5, 20)]), 10);
  assert.equal(finishSpreadMs([job(0, 0, 0, 4)]), 0);
});

test("meanGapMs: the mean pause between consecutive jobs of one worker", () => {
  assert.equal(meanGapMs([job(0, 0, 0, 10), job(2, 0, 12, 20), job(1, 1, 0, 5), job(3, 1, 9, 10)]), 3);
  assert.ok(Number.isNaN(meanGapMs([job(0, 0, 0, 1)])));
});

test("workloadRows: the lecture and heavy workloads with their derived sizes", () => {
  const [lec, hv] = workloadRows();
  assert.equal(lec.name, "lecture");
  assert.equal(lec.t_final, 10 / (100 * 10));
  assert.equal(lec.matrix_bytes, 2 * 100 * 100 * 8);
  assert.equal(hv.madds_per_rhs, 4 * 200 * 200);
});

test("sweepRows: every atom of job i is driven with amplitude r_i * Omega_c", () => {
  const s = buildSweep("lecture");
  const rows = sweepRows(s);
  assert.equal(rows.length, 20);
  assert.equal(rows[0].abs_Omega_n, 0);
  assert.equal(rows[19].r, 1.2);
  for (const row of rows)
    assert.ok(Math.abs(Number(row.abs_Omega_n) - Number(row.r_times_Omega_c)) <= 1e-9 * Number(row.r_times_Omega_c));
});

test("tupleLayout: the lecture's seven names, and the matrices hold almost all the bytes", () => {
  const s = buildSweep({ nz: 30, nR: 2 });
  const [args] = packJobs(s.N, s.gamma, s.Dnm, s.Gnm, s.OmegaNValues, s.tSpan, s.y0, s.solveOptions);
  const layout = tupleLayout(args);
  assert.deepEqual(
    layout.map((r) => r.name),
    ["N", "gamma", "Dnm", "Gnm", "Omega_n", "t_span", "y0", "options"],
  );
  assert.equal(layout[2].bytes, 30 * 30 * 8);
  assert.equal(layout[2].holds, "Float64Array, 30 x 30");
  assert.equal(layout[4].bytes, 2 * 30 * 8);
  assert.throws(() => tupleLayout([1, 2] as never), /`args` must be a packed job tuple/);
});

test("sweepTraffic: packed copies the matrices once per job, send-once once per worker", () => {
  const s = buildSweep({ nz: 20, nR: 6 });
  const jobs = packJobs(s.N, s.gamma, s.Dnm, s.Gnm, s.OmegaNValues, s.tSpan, s.y0);
  const t = sweepTraffic(jobs, 2);
  const matrices = 2 * 20 * 20 * 8;
  assert.equal(t.matricesOnce, matrices);
  assert.equal(t.packed - t.sendOnce, (6 - 2) * matrices);
});

test("poolMapRows: Pool.map's rule gives the lecture's chunksize 2 for 20 jobs on 4 workers", () => {
  assert.deepEqual(poolMapRows(20, [1, 4, 20]), [
    { workers: 1, chunksize: 5, chunks: 4 },
    { workers: 4, chunksize: 2, chunks: 10 },
    { workers: 20, chunksize: 1, chunks: 20 },
  ]);
});

test("packingRows: one row per N with bytes and medians", () => {
  const t = { samplesMs: [3], medianMs: 3, minMs: 3, maxMs: 3 };
  const [row] = packingRows([{ N: 10, bytesPerJob: 100, bytesPerJobSendOnce: 20, packUs: t, packUsSendOnce: t }]);
  assert.deepEqual(row, { N: 10, bytes_packed: 100, bytes_send_once: 20, us_packed: 3, us_send_once: 3 });
});

test("loglogSlope recovers the exponent of a power law", () => {
  assert.ok(Math.abs(loglogSlope([10, 20, 40, 80], [3e2, 1.2e3, 4.8e3, 1.92e4]) - 2) < 1e-12);
  assert.throws(() => loglogSlope([1], [1]), /same length, at least 2/);
  assert.throws(() => loglogSlope([1, 2], [0, 1]), /greater than 0/);
});

test("finishOrder sorts by end time", () => {
  assert.deepEqual(finishOrder([job(0, 0, 0, 50), job(1, 1, 0, 10), job(2, 1, 10, 20)]), [1, 2, 0]);
});

test("orderRecorder: a result is released only when every earlier job is done", () => {
  const rec = orderRecorder();
  rec.onJob(job(1, 1, 0, 10));
  rec.onJob(job(0, 0, 0, 20));
  rec.onResult(0);
  rec.onResult(1);
  assert.deepEqual(rec.steps, [
    { step: 1, finished: 1, released: [] },
    { step: 2, finished: 0, released: [0, 1] },
  ]);
  assert.match(String(rec.rows()[0]["results imap hands out now"]), /^none/);
});

test("orderRows says when a finished job's result has to wait", () => {
  const rows = orderRows([
    { step: 1, finished: 2, released: [] },
    { step: 2, finished: 0, released: [0] },
  ]);
  assert.equal(rows[0]["results imap hands out now"], "none: an earlier job is still running");
  assert.equal(rows[1]["results imap hands out now"], "0");
});

test("orderDemo: a long first job finishes last, results still come out in job order", async () => {
  const steps = await orderDemo([150, 10, 10, 10], 2);
  assert.equal(steps.length, 4);
  assert.notEqual(steps[0].finished, 0);
  assert.deepEqual(
    steps.flatMap((s) => s.released),
    [0, 1, 2, 3],
  );
  assert.deepEqual(steps[steps.length - 1].released.includes(0), true);
});

test("orderRecorder on a real pooled sweep: every job once, results in job order", async () => {
  const rec = orderRecorder();
  const report = await runSweep(
    { nz: 10, nR: 6 },
    { workers: 2, chunksize: 1, onJob: rec.onJob, onResult: rec.onResult },
  );
  assert.deepEqual([...rec.steps.map((s) => s.finished)].sort(), [0, 1, 2, 3, 4, 5]);
  assert.deepEqual(
    rec.steps.flatMap((s) => s.released),
    [0, 1, 2, 3, 4, 5],
  );
  // finishOrder sorts by the workers' end times; the callbacks follow message arrival, which may
  // interleave two workers' messages differently, so only the set is compared
  assert.deepEqual([...finishOrder(report.jobs)].sort(), [0, 1, 2, 3, 4, 5]);
});

test("lectureArithmetic: 20 jobs of 2 s on 4 workers: 40 s, 5 rounds, 10 s, a speedup of 4 (not 5)", () => {
  const a = lectureArithmetic({ jobs: 20, secondsPerJob: 2, workers: 4 });
  assert.equal(a.sequentialS, 40);
  assert.equal(a.rounds, 5);
  assert.equal(a.pooledS, 10);
  assert.equal(a.speedup, 4);
  assert.equal(lectureArithmetic({ jobs: 20, workers: 3 }).rounds, 7);
  assert.throws(
    () => lectureArithmetic({ workers: 0 }),
    /`workers` must be an integer from 1 and up, got 0 \(number\): the lecture uses 4/,
  );
});

test("clusterPrediction: 20 equal jobs with chunksize 2 keep at most 10 workers busy", () => {
  const ones = Array(20).fill(1);
  const p = clusterPrediction(ones, 20, 2, 0);
  assert.equal(p.busyWorkersAtMost, 10);
  assert.equal(p.imbalanceBound, 10);
  assert.equal(p.amdahl, 20);
  assert.equal(clusterPrediction(ones, 20, 1, 0.1).amdahl, 1 / (0.1 + 0.9 / 20));
  // one job as long as all the others together: no worker count beats 2x
  assert.equal(clusterPrediction([19, ...Array(19).fill(1)], 20, 1, 0).imbalanceBound, 2);
});

test("scalingNumbers: best point, Amdahl limit and one prediction per worker count asked", () => {
  const result: ScalingResult & { jobMs: number[] } = {
    workload: "t",
    jobs: 4,
    chunksize: 1,
    sequential: timing(100),
    points: [
      { workers: 1, wall: timing(105), speedup: 100 / 105, efficiency: 100 / 105 },
      { workers: 2, wall: timing(60), speedup: 100 / 60, efficiency: 100 / 120 },
    ],
    amdahl: { serialFraction: 0.2, rmse: 0.01 },
    machine,
    jobMs: [25, 25, 25, 25],
  };
  const rows = scalingRows(result);
  assert.deepEqual(
    rows.map((r) => r.run),
    ["sequential", "1 worker", "2 workers"],
  );
  assert.equal(rows[2].speedup, 100 / 60);
  const n = scalingNumbers(result, [4, 20]);
  assert.equal(n.best.workers, 2);
  assert.equal(n.amdahlLimit, 5);
  assert.deepEqual(
    n.predictions.map((p) => p.busyWorkersAtMost),
    [4, 4],
  );
  assert.equal(n.predictions[1].imbalanceBound, 4);
  assert.ok(n.predictions[1].amdahl < 5);
});

test("chunksizeParts: start-up + work + overhead + tail add up to the model's wall time", () => {
  const result: ChunksizeResult & { startupMs: number } = {
    workload: "t",
    workers: 2,
    jobs: 4,
    jobMs: [10, 10, 10, 30],
    overheadMs: 1,
    startupMs: 5,
    points: [1, 2, 4].map((chunksize) => ({ chunksize, wall: timing(50), modelMs: 0 })),
    machine,
  };
  const parts = chunksizeParts(result);
  assert.deepEqual(
    parts.map((p) => p.dispatches),
    [4, 2, 1],
  );
  for (const p of parts) assert.ok(Math.abs(p.startupMs + p.workMs + p.overheadMs + p.tailMs - p.modelMs) < 1e-9);
  // one chunk of everything (60 ms of jobs + 1 ms dispatch) on one worker while the other idles:
  // a perfect split would take 30.5 ms, so the tail is the other 30.5
  assert.equal(parts[2].tailMs, 30.5);
});

test("chunksizeSummary: the winners and where overhead and tail peak", () => {
  const result: ChunksizeResult & { startupMs: number } = {
    workload: "t",
    workers: 2,
    jobs: 4,
    jobMs: [10, 10, 10, 30],
    overheadMs: 1,
    startupMs: 5,
    points: [
      { chunksize: 1, wall: timing(40), modelMs: 0 },
      { chunksize: 2, wall: timing(44), modelMs: 0 },
      { chunksize: 4, wall: timing(70), modelMs: 0 },
    ],
    machine,
  };
  const v = chunksizeSummary(result);
  assert.equal(v.fastestMeasured, 1);
  assert.equal(v.mostOverhead.chunksize, 1);
  assert.equal(v.longestTail.chunksize, 4);
  assert.ok(v.maxMiss >= 0);
  assert.equal(v.parts.length, 3);
});

test("sameObservables compares rows bit for bit", () => {
  const rows = [{ r: 0, sz_mean: -1, s2_abs: 0 }];
  assert.equal(sameObservables(rows, [{ r: 0, sz_mean: -1, s2_abs: 0 }]), true);
  assert.equal(sameObservables(rows, [{ r: 0, sz_mean: -1 + 2 ** -52, s2_abs: 0 }]), false);
  assert.equal(sameObservables(rows, []), false);
});

test("caught returns the rejection, or undefined on success", async () => {
  assert.equal(await caught(Promise.resolve(1)), undefined);
  const err = await caught(runPool("fail", ["throw"], { workers: 1 }));
  assert.equal(err?.name, "JobError");
});

test("threadCount and waitForThreads: a dead worker's pool leaves no thread behind", async (t) => {
  const before = threadCount();
  if (before === undefined) return t.skip("no /proc/self/status on this platform");
  const err = await caught(runPool("fail", [{ sleepMs: 30 }, "exit", { sleepMs: 30 }], { workers: 2, chunksize: 1 }));
  assert.equal(err?.name, "WorkerDiedError");
  assert.equal(await waitForThreads(before), before);
});

// Four jobs of 100 ms sequentially; on two workers, start-up 10 ms, a gap of 2 ms, one job 50% slower.
const seqJobs = [0, 1, 2, 3].map((index) => ({
  index,
  r: index,
  worker: 0,
  start: 100 * index,
  end: 100 * (index + 1),
  rhsEvals: 1,
}));
const pooledJobs = [
  { index: 0, r: 0, worker: 0, start: 10, end: 110, rhsEvals: 1 },
  { index: 1, r: 1, worker: 1, start: 10, end: 110, rhsEvals: 1 },
  { index: 2, r: 2, worker: 0, start: 112, end: 212, rhsEvals: 1 },
  { index: 3, r: 3, worker: 1, start: 112, end: 262, rhsEvals: 1 },
];

test("wallBreakdown: the parts add up to the wall time and each is where it happened", () => {
  const b = wallBreakdown(seqJobs, { jobs: pooledJobs, wallMs: 270, workers: 2 });
  assert.equal(b.perfectMs, 200); // 400 ms of work over 2 workers
  assert.equal(b.slowdownMs, 25); // job 3 took 50 ms more, shared by 2 workers
  assert.equal(b.startupMs, 10);
  assert.equal(b.gapsMs, 2);
  assert.equal(b.tailMs, 25); // worker 0 idled 50 ms at the end
  assert.equal(b.shutdownMs, 8);
  assert.equal(b.busyRatio, 450 / 400);
  assert.equal(b.perfectMs + b.slowdownMs + b.startupMs + b.gapsMs + b.tailMs + b.shutdownMs, b.wallMs);
});

test("wallBreakdown: a worker that got no job idles the whole run; a one-worker pool has no tail", () => {
  const three = wallBreakdown(seqJobs, { jobs: pooledJobs, wallMs: 270, workers: 3 });
  assert.equal(three.tailMs, (50 + 0 + 262) / 3);
  const sum = three.perfectMs + three.slowdownMs + three.startupMs + three.gapsMs + three.tailMs + three.shutdownMs;
  assert.ok(Math.abs(sum - three.wallMs) < 1e-9);
  const one = wallBreakdown(seqJobs, { jobs: seqJobs, wallMs: 400, workers: 1 });
  assert.deepEqual([one.slowdownMs, one.tailMs, one.gapsMs, one.startupMs, one.shutdownMs], [0, 0, 0, 0, 0]);
});

test("wallBreakdown: refuses two runs of different jobs", () => {
  assert.throws(
    () => wallBreakdown(seqJobs.slice(0, 3), { jobs: pooledJobs, wallMs: 270, workers: 2 }),
    /the two runs must hold the same jobs, got 3 sequential and 4 pooled/,
  );
});

test("breakdownRows: one row per part plus the wall time, shares of it in percent", () => {
  const rows = breakdownRows(wallBreakdown(seqJobs, { jobs: pooledJobs, wallMs: 270, workers: 2 }));
  assert.equal(rows.length, 7);
  assert.deepEqual(rows.at(-1), { part: "wall time", ms: 270, share: "100%" });
  assert.equal(rows[0].share, "74%");
});

test("poolReading: the verdict follows the numbers, largest loss first, and a busy machine is named", () => {
  const seq = { jobs: seqJobs, wallMs: 400 };
  const won = poolReading(seq, { jobs: pooledJobs, wallMs: 270, workers: 2 }, { loadAverage: 0.2, cores: 2 });
  assert.match(won, /\*\*1\.48x\*\*, short of the ideal 2x of 2 workers/);
  assert.match(
    won,
    /the rest went to slower jobs, at 1\.13x their time in the loop \(25 ms\); the idle tail while workers waited for the last job \(25 ms\); start-up before each worker's first job \(10 ms\); the pool stopping \(8 ms\)\.$/,
  );
  assert.doesNotMatch(won, /busy/);
  const lost = poolReading(
    { jobs: seqJobs, wallMs: 200 },
    { jobs: pooledJobs, wallMs: 270, workers: 2 },
    { loadAverage: 5, cores: 2 },
  );
  assert.match(lost, /the pool \*\*lost\*\*: 0\.74x/);
  assert.match(lost, /This machine is busy\*\*: its load average is 5\.0 on 2 cores/);
  const even = pooledJobs.map((j) => ({ ...j, start: j.start - 10, end: j.index === 3 ? 200 : j.end - 10 }));
  const ideal = poolReading(seq, { jobs: even, wallMs: 202, workers: 2 }, { loadAverage: 0, cores: 2 });
  assert.match(
    ideal,
    /\*\*1\.98x\*\*, close to the ideal 2x of 2 workers\. Almost nothing was lost beyond the work itself\.$/,
  );
});

test("loadSentence: free, noisy or busy, by the load average against the cores", () => {
  assert.match(
    loadSentence({ loadAverage: 0.4, cores: 2 }),
    /^The load average is 0\.4 on 2 cores: the cores are free/,
  );
  assert.match(loadSentence({ loadAverage: 1.5, cores: 2 }), /some other work is running/);
  assert.match(
    loadSentence({ loadAverage: 6, cores: 2 }),
    /^\*\*This machine is busy\*\*: its load average is 6\.0 on 2 cores/,
  );
});

const chunkResult = (
  walls: number[],
  jobMs: number[],
  overheadMs: number,
  loadAverage = 0,
): ChunksizeResult & { startupMs: number } => ({
  workload: "t",
  workers: 2,
  jobs: jobMs.length,
  jobMs,
  overheadMs,
  startupMs: 5,
  points: walls.map((ms, k) => ({ chunksize: [1, 2, 4][k], wall: timing(ms), modelMs: 0 })),
  machine: { ...machine, loadAverage },
});

test("chunksizeReading: says which of tail and overhead weighs more, and whether the model agrees", () => {
  // long, uneven jobs: the tail dominates; the measurement picks chunksize 1 like the model
  const tail = chunksizeReading(chunkResult([44, 40, 70], [10, 10, 10, 30], 0.1));
  assert.match(
    tail,
    /^The idle tail \(up to [^)]+, at chunksize 4\) outweighs the dispatches .* small chunks should win\. Measurement and model agree: chunksize 2 was fastest\.$/,
  );
  // tiny jobs with a costly hand-over: overhead dominates; the measurement disagrees with the model
  const overhead = chunksizeReading(chunkResult([40, 44, 70], [0.01, 0.01, 0.01, 0.01], 5));
  assert.match(
    overhead,
    /^The dispatches \(up to [^)]+, at chunksize 1\) outweigh the idle tail .* larger chunks should win\. Measurement and model disagree on the best chunksize \(measured 1, model 2\)/,
  );
  assert.match(chunksizeReading(chunkResult([40, 44, 70], [10, 10, 10, 30], 0.1, 9)), /This machine is busy/);
});

const scaled = (speedups: number[], serialFraction: number, loadAverage = 0) => ({
  workload: "t",
  jobs: 4,
  chunksize: 1,
  sequential: timing(100),
  points: speedups.map((speedup, k) => ({
    workers: k + 1,
    wall: timing(100 / speedup),
    speedup,
    efficiency: speedup / (k + 1),
  })),
  amdahl: { serialFraction, rmse: 0.01 },
  machine: { ...machine, loadAverage },
  jobMs: [25, 25, 25, 25],
  timelines: [
    {
      workers: 1,
      wallMs: 105,
      jobs: [0, 1, 2, 3].map((index) => ({
        index,
        r: index,
        worker: 0,
        start: 5 + 25 * index,
        end: 30 + 25 * index,
        rhsEvals: 1,
      })),
    },
    {
      workers: 2,
      wallMs: 60,
      jobs: [0, 1, 2, 3].map((index) => ({
        index,
        r: index,
        worker: index % 2,
        start: 5 + 25 * (index >> 1),
        end: 30 + 25 * (index >> 1),
        rhsEvals: 1,
      })),
    },
  ],
});

test("amdahlReading: a ceiling when the pool paid, 'nothing to fit' when it never did", () => {
  assert.match(
    amdahlReading(scaled([0.95, 1.6], 0.25)),
    /^Fitted serial fraction \*\*s = 0\.250\*\* .* \*\*1\/s = 4\.0x\*\*/,
  );
  const lost = amdahlReading(scaled([0.86, 0.77], 1, 14));
  assert.match(
    lost,
    /^No worker count beat the loop in this run \(the best was 0\.86x, on 1 worker\), so there is no parallel part/,
  );
  assert.match(lost, /This machine is busy/);
  assert.match(amdahlReading(scaled([1, 2.05], 0)), /Amdahl's law sets no ceiling here/);
});

test("scalingBreakdown: takes apart the last run of the best worker count against the sequential job costs", () => {
  const b = scalingBreakdown(scaled([0.95, 1.6], 0.25));
  assert.equal(b.workers, 2);
  assert.equal(b.perfectMs, 50);
  assert.equal(b.startupMs, 5);
  assert.equal(b.shutdownMs, 5);
  assert.equal(b.perfectMs + b.slowdownMs + b.startupMs + b.gapsMs + b.tailMs + b.shutdownMs, 60);
  assert.equal(scalingBreakdown(scaled([0.95, 1.6], 0.25), 1).workers, 1);
  assert.throws(
    () => scalingBreakdown(scaled([0.95, 1.6], 0.25), 4),
    /`workers` must be one of the measured counts 1, 2, got 4 \(number\)/,
  );
});
