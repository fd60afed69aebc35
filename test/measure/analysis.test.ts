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
  fairSpeedup,
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

const parts = (b: ReturnType<typeof wallBreakdown>) => [b.startupMs, b.busyMs, b.gapsMs, b.tailMs, b.shutdownMs];

test("wallBreakdown: the parts add up to the wall time and each is where it happened", () => {
  const b = wallBreakdown(seqJobs, { jobs: pooledJobs, wallMs: 270, workers: 2 });
  assert.deepEqual(parts(b), [10, 225, 2, 25, 8]); // worker 0 idled 50 ms at the end
  assert.equal(b.perfectMs, 200); // 400 ms of work over 2 workers
  assert.equal(b.slowdownMs, 25); // job 3 took 50 ms more, shared by 2 workers
  assert.equal(b.busyRatio, 450 / 400);
  assert.equal(b.concurrency, 450 / 270);
  assert.equal(
    parts(b).reduce((a, c) => a + c),
    b.wallMs,
  );
});

test("wallBreakdown: a worker that got no job idles the whole run; a one-worker pool has no tail", () => {
  const three = wallBreakdown(seqJobs, { jobs: pooledJobs, wallMs: 270, workers: 3 });
  assert.equal(three.tailMs, (50 + 0 + 262) / 3);
  assert.ok(Math.abs(parts(three).reduce((a, c) => a + c) - three.wallMs) < 1e-9);
  const one = wallBreakdown(seqJobs, { jobs: seqJobs, wallMs: 400, workers: 1 });
  assert.deepEqual([one.slowdownMs, one.tailMs, one.gapsMs, one.startupMs, one.shutdownMs], [0, 0, 0, 0, 0]);
});

test("wallBreakdown: jobs faster in the pool than in the loop leave no part negative", () => {
  // the loop's jobs took 200 ms each, twice the pool's: the comparison says so, the parts stay >= 0
  const slowLoop = seqJobs.map((j) => ({ ...j, start: 2 * j.start, end: 2 * j.end }));
  const b = wallBreakdown(slowLoop, { jobs: pooledJobs, wallMs: 270, workers: 2 });
  for (const part of parts(b)) assert.ok(part >= 0, String(parts(b)));
  assert.ok(Math.abs(parts(b).reduce((a, c) => a + c) - 270) < 1e-9);
  assert.equal(b.busyRatio, 450 / 800);
  // records a little outside the run (clocks of two threads) are clamped into it
  const early = pooledJobs.map((j) => (j.index === 0 ? { ...j, start: -3 } : j));
  const c = wallBreakdown(seqJobs, { jobs: early, wallMs: 261, workers: 2 });
  for (const part of parts(c)) assert.ok(part >= 0, String(parts(c)));
  assert.ok(Math.abs(parts(c).reduce((a, x) => a + x) - 261) < 1e-9);
});

test("fairSpeedup: never above the worker count, whatever the loop's time", () => {
  const pooled = { jobs: pooledJobs, wallMs: 270, workers: 2 };
  assert.deepEqual(fairSpeedup(400, pooled), { speedup: 400 / 270, raw: 400 / 270 });
  // a loop in a colder state (800 ms for the same jobs) is not credited to the pool
  const cold = fairSpeedup(800, pooled);
  assert.equal(cold.raw, 800 / 270);
  assert.equal(cold.speedup, 450 / 270);
  assert.ok(cold.speedup <= 2);
  assert.ok(fairSpeedup(1e6, { jobs: [{ start: 0, end: 1000 }], wallMs: 10, workers: 2 }).speedup <= 2);
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
