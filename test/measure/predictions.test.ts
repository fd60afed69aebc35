import assert from "node:assert/strict";
import { test } from "node:test";
import {
  chunksizeParts,
  chunksizeSummary,
  clusterPrediction,
  scalingBreakdown,
  scalingNumbers,
  predictSpeedup,
  checkPredictions,
  slowdownAt,
} from "../../dist/measure/predictions.js";
import { poolOfOne } from "../../dist/measure/experiments.js";
import { speedupPlot } from "../../dist/plots/plots.js";
import { toSvg } from "../../dist/plots/render.js";
import { scalingRows } from "../../dist/notebook/tables.js";
import type { ChunksizeResult, ScalingResult } from "../../dist/measure/experiments.js";
import { machine, timing, scaled } from "./records.js";

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

/** A point's speedup range and raw ratio when every repeat gave the same speedup. */
const fixed = (speedup: number) => ({ speedupRange: { low: speedup, high: speedup }, rawSpeedup: speedup });

test("scalingNumbers: best point, Amdahl limit and one prediction per worker count asked", () => {
  const result: ScalingResult & { jobMs: number[] } = {
    workload: "t",
    jobs: 4,
    chunksize: 1,
    pairing: "cold against cold",
    sequential: timing(100),
    points: [
      { workers: 1, wall: timing(105), speedup: 100 / 105, ...fixed(100 / 105), efficiency: 100 / 105 },
      { workers: 2, wall: timing(60), speedup: 100 / 60, ...fixed(100 / 60), efficiency: 100 / 120 },
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

/** A chunksize run of four jobs (10, 10, 10, 30 ms) on 2 workers, 1 ms dispatch, 5 ms start-up. */
const chunksizeRun = (points: ChunksizeResult["points"]): ChunksizeResult & { startupMs: number } => ({
  workload: "t",
  workers: 2,
  jobs: 4,
  jobMs: [10, 10, 10, 30],
  overheadMs: 1,
  startupMs: 5,
  points,
  machine,
});

test("chunksizeParts: start-up + work + overhead + tail add up to the model's wall time", () => {
  const result = chunksizeRun([1, 2, 4].map((chunksize) => ({ chunksize, wall: timing(50), modelMs: 0 })));
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
  const result = chunksizeRun([
    { chunksize: 1, wall: timing(40), modelMs: 0 },
    { chunksize: 2, wall: timing(44), modelMs: 0 },
    { chunksize: 4, wall: timing(70), modelMs: 0 },
  ]);
  const v = chunksizeSummary(result);
  assert.equal(v.fastestMeasured, 1);
  assert.equal(v.mostOverhead.chunksize, 1);
  assert.equal(v.longestTail.chunksize, 4);
  assert.ok(v.maxMiss >= 0);
  assert.equal(v.parts.length, 3);
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

// ------------------------------------------------------------ a prediction from measured parts

const none = { low: 0, high: 0 };
/** Parts with nothing but the jobs: a pool costs only its share of the work. */
const bareParts = (jobMs: number[], cores = 4) => ({
  jobMs,
  sequentialMs: { low: jobMs.reduce((a, b) => a + b, 0), high: jobMs.reduce((a, b) => a + b, 0) },
  startupMs: none,
  warmupMs: none,
  dispatchMs: none,
  stopMs: none,
  contention: [] as { k: number; slowdown: { low: number; high: number } }[],
  cores,
});

test("predictSpeedup: equal jobs and free workers give the worker count, both ends", () => {
  const p = predictSpeedup(bareParts(Array(20).fill(10)), { workers: 4, chunksize: 5 });
  assert.deepEqual(p.speedup, { low: 4, high: 4 });
  assert.deepEqual(p.wallMs, { low: 50, high: 50 });
  // 3 chunks of 5 equal jobs on 2 workers: the third runs alone, 200 / 100
  assert.deepEqual(predictSpeedup(bareParts(Array(15).fill(10)), { workers: 2, chunksize: 5 }).speedup, {
    low: 1.5,
    high: 1.5,
  });
});

test("predictSpeedup: a loop slower than the pool's own jobs is credited at most their time, so never above the workers", () => {
  // a cold loop twice the jobs' warm cost: the pool is not credited with the loop's own slowness
  const parts = { ...bareParts(Array(20).fill(10)), sequentialMs: { low: 380, high: 420 } };
  const p = predictSpeedup(parts, { workers: 4, chunksize: 5 });
  assert.deepEqual(p.speedup, { low: 4, high: 4 });
  assert.ok(p.assumptions.some((a) => /first sweep of a fresh process.*at most the pool's own job time/.test(a)));
});

test("predictSpeedup: each measured part moves the wall time by what it costs", () => {
  const parts = {
    ...bareParts(Array(8).fill(10), 2),
    sequentialMs: { low: 80, high: 100 },
    startupMs: { low: 5, high: 10 },
    warmupMs: { low: 2, high: 4 },
    dispatchMs: { low: 1, high: 2 },
    stopMs: { low: 3, high: 6 },
    contention: [{ k: 2, slowdown: { low: 1.5, high: 2 } }],
  };
  // 2 workers, chunksize 2: each worker runs 2 chunks of 2 jobs.
  // low: ready at 5 + 2 * 1.5 = 8; each chunk 1 + 2 * 15 = 31; two chunks: 8 + 62 = 70; stop 3 -> 73
  // high: ready at 10 + 4 * 2 = 18; each chunk 2 + 2 * 20 = 42; 18 + 84 = 102; stop 6 -> 108
  const p = predictSpeedup(parts, { workers: 2, chunksize: 2 });
  assert.deepEqual(p.wallMs, { low: 73, high: 108 });
  assert.deepEqual(p.speedup, { low: 80 / 108, high: 100 / 73 });
  assert.deepEqual(p.slowdown, { low: 1.5, high: 2 });
  // 4 workers on 2 cores take turns: every cost of a worker doubles, the share of 2 stands in
  const four = predictSpeedup(parts, { workers: 4, chunksize: 2 });
  assert.equal(four.perCore, 2);
  // low: ready at 5 * 2 + 2 * 3 = 16; one chunk each: 1 + 2 * 30 = 61 -> 77, stop 3 -> 80
  assert.equal(four.wallMs.low, 80);
  assert.ok(four.assumptions.some((a) => /take turns/.test(a)));
});

test("predictSpeedup: the main thread's round trips bound tiny jobs, and a costliest-first order shortens the tail", () => {
  // 100 jobs of 0.01 ms, one per chunk, 1 ms per round trip: the main thread needs 100 ms whatever the workers
  const tiny = { ...bareParts(Array(100).fill(0.01), 16), dispatchMs: { low: 1, high: 1 } };
  assert.equal(predictSpeedup(tiny, { workers: 16, chunksize: 1 }).wallMs.low, 100);
  // one long job last: in order it starts after the others; costliest first it starts at once
  const jobs = [1, 1, 1, 1, 4];
  const inOrder = predictSpeedup(bareParts(jobs, 2), { workers: 2, chunksize: 1 });
  const lpt = predictSpeedup(bareParts(jobs, 2), { workers: 2, chunksize: 1, order: [4, 0, 1, 2, 3] });
  assert.equal(inOrder.wallMs.low, 6);
  assert.equal(lpt.wallMs.low, 4);
});

test("slowdownAt takes the largest measured width not above k, and 1x below every measured one", () => {
  const c = [
    { k: 2, slowdown: { low: 1.1, high: 1.2 } },
    { k: 8, slowdown: { low: 1.5, high: 1.7 } },
  ];
  assert.equal(slowdownAt(c, 1).k, 1);
  assert.equal(slowdownAt(c, 4).k, 2);
  assert.equal(slowdownAt(c, 16).k, 8);
  const p = predictSpeedup({ ...bareParts(Array(16).fill(1), 16), contention: c }, { workers: 16, chunksize: 1 });
  assert.ok(p.assumptions.some((a) => /16 workers at once were not measured here: the share of 8/.test(a)));
});

test("checkPredictions says which measured widths fell inside their range", () => {
  const parts = bareParts(Array(20).fill(10));
  const checks = checkPredictions(
    parts,
    [
      { workers: 2, speedup: 2 },
      { workers: 4, speedup: 3 },
    ],
    1,
  );
  assert.deepEqual(
    checks.map((c) => [c.workers, c.covered]),
    [
      [2, true],
      [4, false],
    ],
  );
});

test("poolOfOne takes a pool of 1 apart: start-up, warm-up, round trip per chunk, stop", () => {
  const run = {
    jobs: [
      { start: 40, end: 55 },
      { start: 55, end: 60 },
      { start: 63, end: 68 },
      { start: 68, end: 73 },
    ],
    wallMs: 80,
  };
  assert.deepEqual(poolOfOne(run, [5, 5, 5, 5], 2), {
    startupMs: 40,
    warmupMs: 10,
    dispatchMs: 3,
    stopMs: 7,
    jobTotalMs: 30,
  });
  // faster than the loop: no negative warm-up
  assert.equal(poolOfOne(run, [10, 10, 10, 10], 2).warmupMs, 0);
});

test("predictSpeedup refuses parts that are not measured parts, naming the part", () => {
  assert.throws(() => predictSpeedup({} as never, { workers: 2, chunksize: 1 }), /`parts` must be what measureParts/);
  const bad = { ...bareParts([1, 2]), startupMs: { low: 5, high: 1 } };
  assert.throws(() => predictSpeedup(bad, { workers: 2, chunksize: 1 }), /`parts.startupMs` must be \{ low, high \}/);
  assert.throws(() => predictSpeedup(bareParts([1, 2]), { workers: 0, chunksize: 1 }), /`workers` must be an integer/);
});

test("speedupPlot draws predicted ranges beside the measurement, with their own legend entry", async () => {
  const result = scaled([0.95, 1.6], 0.25);
  const spec = speedupPlot(result, {
    ranges: [
      { workers: 2, speedup: { low: 1.2, high: 1.7 } },
      { workers: 4, speedup: { low: 1.5, high: 2.9 } },
    ],
  });
  const text = JSON.stringify(spec);
  assert.match(text, /"series":"predicted from measured parts \(low to high\)"/);
  assert.match(text, /"workers":4,"low":1.5,"high":2.9/);
  assert.match(text, /"domain":\[1,4\]/, "the x axis reaches the widest range");
  assert.ok((await toSvg(spec)).startsWith("<svg"));
  assert.doesNotMatch(JSON.stringify(speedupPlot(result)), /predicted from measured parts/);
  assert.throws(() => speedupPlot(result, { ranges: [{ workers: 2 }] as never }), /`ranges` must be a list of/);
});
