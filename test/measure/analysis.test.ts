import assert from "node:assert/strict";
import { test } from "node:test";
import {
  workerStats,
  finishOrder,
  finishSpreadMs,
  loglogSlope,
  meanGapMs,
  sameObservables,
  wallBreakdown,
} from "../../dist/measure/analysis.js";
import { job, seqJobs, pooledJobs } from "./records.js";

test("finishSpreadMs: how far apart the workers' last jobs ended", () => {
  assert.equal(finishSpreadMs([job(0, 0, 2, 10), job(1, 1, 3, 5), job(2, 1, 5, 20)]), 10);
  assert.equal(finishSpreadMs([job(0, 0, 0, 4)]), 0);
});

test("meanGapMs: the mean pause between consecutive jobs of one worker", () => {
  assert.equal(meanGapMs([job(0, 0, 0, 10), job(2, 0, 12, 20), job(1, 1, 0, 5), job(3, 1, 9, 10)]), 3);
  assert.ok(Number.isNaN(meanGapMs([job(0, 0, 0, 1)])));
});

test("loglogSlope recovers the exponent of a power law", () => {
  assert.ok(Math.abs(loglogSlope([10, 20, 40, 80], [3e2, 1.2e3, 4.8e3, 1.92e4]) - 2) < 1e-12);
  assert.throws(() => loglogSlope([1], [1]), /same length, at least 2/);
  assert.throws(() => loglogSlope([1, 2], [0, 1]), /greater than 0/);
});

test("finishOrder sorts by end time", () => {
  assert.deepEqual(finishOrder([job(0, 0, 0, 50), job(1, 1, 0, 10), job(2, 1, 10, 20)]), [1, 2, 0]);
});

test("sameObservables compares rows bit for bit", () => {
  const rows = [{ r: 0, sz_mean: -1, s2_abs: 0 }];
  assert.equal(sameObservables(rows, [{ r: 0, sz_mean: -1, s2_abs: 0 }]), true);
  assert.equal(sameObservables(rows, [{ r: 0, sz_mean: -1 + 2 ** -52, s2_abs: 0 }]), false);
  assert.equal(sameObservables(rows, []), false);
});

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

test("workerStats: per worker, jobs run, busy time and the span from first start to last end", () => {
  assert.deepEqual(workerStats([job(0, 0, 2, 10), job(1, 1, 3, 5), job(2, 1, 5, 20)]), [
    { worker: 0, jobs: 1, busyMs: 8, firstStartMs: 2, lastEndMs: 10 },
    { worker: 1, jobs: 2, busyMs: 17, firstStartMs: 3, lastEndMs: 20 },
  ]);
  assert.deepEqual(workerStats([]), []);
});
