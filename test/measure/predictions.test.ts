import assert from "node:assert/strict";
import { test } from "node:test";
import {
  chunksizeParts,
  chunksizeSummary,
  clusterPrediction,
  scalingBreakdown,
  scalingNumbers,
} from "../../dist/measure/predictions.js";
import { scalingRows } from "../../dist/notebook/tables.js";
import type { ChunksizeResult, ScalingResult } from "../../dist/core/types.js";
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
