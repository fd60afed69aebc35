import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { test } from "node:test";
import {
  chunksizeFlip,
  chunksizes,
  dispatch,
  granularity,
  measureParts,
  packing,
  poolWarmth,
  scaling,
} from "../../dist/measure/experiments.js";
import { activePools } from "../../dist/lab.js";

const tiny = { nz: 10, nR: 6 };

test("scaling: the baseline and every worker count measured in one run, speedup and efficiency derived from them", async () => {
  const s = await scaling({ workload: tiny, workers: [1, 2], repeats: 2 });
  assert.equal(s.sequential.samplesMs.length, 2);
  assert.match(s.pairing, /^cold against cold: the loop as the first sweep of a fresh process/);
  assert.deepEqual(
    s.points.map((p) => p.workers),
    [1, 2],
  );
  for (const p of s.points) {
    assert.equal(p.wall.samplesMs.length, 2);
    assert.ok(Math.abs(p.rawSpeedup - s.sequential.medianMs / p.wall.medianMs) < 1e-12);
    assert.ok(p.speedup > 0 && p.speedup <= p.workers, `${p.speedup} on ${p.workers}`);
    assert.ok(Math.abs(p.efficiency - p.speedup / p.workers) < 1e-12);
  }
  assert.ok(s.amdahl.serialFraction >= 0 && s.amdahl.serialFraction <= 1);
  assert.equal(s.jobMs.length, 6);
  assert.equal(s.rows.length, 6);
  assert.deepEqual(
    s.timelines.map((t) => t.jobs.length),
    [6, 6],
  );
  assert.ok(s.machine.cores >= 1);
});

test("scaling under load (one core kept busy): no speedup above the worker count, and the pairing said", async () => {
  const spinner = spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" });
  try {
    const s = await scaling({ workload: { nz: 30, nR: 8 }, workers: [1, 2], chunksize: 2, repeats: 2 });
    for (const p of s.points) {
      assert.ok(p.speedup <= p.workers, `${p.speedup.toFixed(3)}x on ${p.workers} (wall times alone ${p.rawSpeedup})`);
      assert.ok(p.efficiency <= 1);
    }
    assert.match(s.pairing, /fresh process/);
  } finally {
    spinner.kill();
  }
});

test("scaling: largest-first dispatches the costliest job first", async () => {
  const s = await scaling({ workload: tiny, workers: [1], repeats: 1, schedule: "largest-first" });
  const jobs = s.timelines[0].jobs;
  const first = jobs.reduce((a, b) => (a.start <= b.start ? a : b));
  const costliest = s.jobMs.indexOf(Math.max(...s.jobMs));
  assert.equal(first.index, costliest);
});

test("chunksizes: one point per chunksize with the model's prediction beside it", async () => {
  const c = await chunksizes({ workload: tiny, workers: 2, chunksizes: [1, 3, 6], repeats: 1 });
  assert.deepEqual(
    c.points.map((p) => p.chunksize),
    [1, 3, 6],
  );
  assert.equal(c.jobMs.length, 6);
  assert.ok(c.overheadMs > 0 && c.startupMs > 0);
  for (const p of c.points) assert.ok(p.modelMs >= c.startupMs + Math.max(...c.jobMs) - 1e-9);
  await assert.rejects(
    chunksizes({ workload: tiny, chunksizes: [0] }),
    /`chunksizes` must be a non-empty list of integers from 1 to 6, got \[0\]/,
  );
});

test("dispatch: both paths, every chunksize, microseconds per job", async () => {
  const d = await dispatch({ workers: 2, jobs: 100, chunksizes: [1, 10], repeats: 1 });
  assert.deepEqual(d.map((p) => `${p.path}/${p.chunksize}`).sort(), [
    "sweeplab pool/1",
    "sweeplab pool/10",
    "threads.js Pool.queue/1",
    "threads.js Pool.queue/10",
  ]);
  assert.ok(d.every((p) => p.usPerJob.medianMs > 0 && p.jobs === 100));
});

test("packing: a job's bytes grow with N^2 (the two matrices), send-once bytes with N", async () => {
  const [a, b] = await packing({ Ns: [50, 100], repeats: 2 });
  assert.equal(a.bytesPerJob - a.bytesPerJobSendOnce, 2 * 50 * 50 * 8);
  assert.equal(b.bytesPerJob - b.bytesPerJobSendOnce, 2 * 100 * 100 * 8);
  assert.ok(b.bytesPerJobSendOnce < 2.1 * a.bytesPerJobSendOnce);
  assert.equal(a.packUs.samplesMs.length, 2);
});

test("granularity: one point per job cost, speedup at most sequential / pooled and the worker count", async () => {
  const g = await granularity({ jobMs: [0.1, 2], jobs: 4, workers: 2, repeats: 1 });
  assert.equal(g.length, 2);
  assert.ok(g[0].jobMs > 0 && g[1].jobMs > g[0].jobMs, "jobMs is the measured cost, growing with the requested size");
  for (const p of g) assert.ok(Math.abs(p.jobMs - p.sequentialMs / 4) < 1e-9);
  for (const p of g) assert.ok(p.speedup <= p.sequentialMs / p.pooledMs + 1e-12 && p.speedup <= p.workers);
  await assert.rejects(
    granularity({ jobMs: [-1] }),
    /`jobMs` must be a non-empty list of numbers from 0 and up, got \[-1\]/,
  );
});

test("handOverGaps: the idle time between chunks on each worker, not inside a chunk", async () => {
  const { handOverGaps } = await import("../../dist/measure/experiments.js");
  const job = (index: number, worker: number, start: number, end: number) => ({
    index,
    worker,
    start,
    end,
    r: index,
    rhsEvals: 0,
  });
  // chunksize 2: worker 0 runs chunk {0, 1} then {4, 5}; worker 1 runs {2, 3}
  const jobs = [
    job(0, 0, 10, 20),
    job(1, 0, 20, 30),
    job(2, 1, 10, 25),
    job(3, 1, 25, 40),
    job(4, 0, 32, 40),
    job(5, 0, 40, 50),
  ];
  assert.deepEqual(handOverGaps(jobs, 2), [2]);
  assert.deepEqual(
    handOverGaps(jobs, 1).sort((a, b) => a - b),
    [0, 0, 0, 2],
  );
});

test("scaling reuses a given sequential baseline instead of measuring it again", async () => {
  const first = await scaling({ workload: tiny, workers: [1], repeats: 1 });
  let lines = 0;
  const again = await scaling({
    workload: tiny,
    workers: [2],
    repeats: 1,
    schedule: "largest-first",
    baseline: first,
    log: () => lines++,
  });
  assert.equal(lines, 1, "only the pooled setting was measured");
  assert.deepEqual(again.sequential, first.sequential);
  // one repeat: the fair speedup credits the loop at most its own time, so it is at most the raw ratio
  assert.ok(again.points[0].speedup <= again.points[0].rawSpeedup + 1e-12);
  assert.ok(Math.abs(again.points[0].rawSpeedup - first.sequential.medianMs / again.points[0].wall.medianMs) < 1e-12);
  await assert.rejects(
    scaling({ workload: { nz: 10, nR: 5 }, workers: [1], repeats: 1, baseline: first }),
    /`baseline` holds 6 jobs but the workload has 5/,
  );
});

test("poolWarmth: cold, warm and reused pools timed in one run against one sequential baseline, in the order given", async () => {
  const order = [5, 4, 3, 2, 1, 0];
  const r = await poolWarmth({ workload: tiny, workers: 2, chunksize: 1, repeats: 2, order });
  assert.equal(r.jobs, 6);
  assert.equal(r.order, "given");
  for (const t of [r.sequential, r.coldSequential, r.cold, r.open, r.warm, r.reused])
    assert.equal(t.samplesMs.length, 2);
  for (const [name, x] of Object.entries(r.speedup)) assert.ok(x > 0 && x <= 2, `${name}: ${x} on 2 workers`);
  assert.ok(r.speedup.warmWithOpen <= r.speedup.warm, "the opening only adds to the warm pool's time");
  assert.deepEqual(
    r.workerStarts.map((w) => w.state),
    ["warmed", "warmed"],
    "the first sweep on the warm pool finds its workers warmed up",
  );
  // the first chunks go out in the order given, one to each worker: each worker's first job is one
  // of the order's first two (in job order they would be 0 and 1). Which of its jobs a worker
  // starts first is fixed by dispatch; when the two workers start is not.
  const firstOf = (worker: number) =>
    r.reusedJobs.filter((j) => j.worker === worker).reduce((a, b) => (a.start <= b.start ? a : b)).index;
  assert.deepEqual(new Set([firstOf(0), firstOf(1)]), new Set([5, 4]));
  await assert.rejects(poolWarmth({ workload: tiny, workers: 2, repeats: 1, order: [0, 0, 1, 2, 3, 4] }), /`order`/);
});

test("measureParts: every part measured, low <= high, a share for the cores asked, no pool left", async () => {
  const parts = await measureParts({ workload: tiny, chunksize: 2, contention: [2], repeats: 2 });
  assert.equal(parts.jobMs.length, 6);
  for (const name of ["sequentialMs", "startupMs", "warmupMs", "dispatchMs", "stopMs"] as const) {
    assert.ok(parts[name].low >= 0 && parts[name].low <= parts[name].high, `${name}: ${JSON.stringify(parts[name])}`);
  }
  assert.deepEqual(
    parts.contention.map((c) => c.k),
    [2],
  );
  assert.ok(parts.contention[0].slowdown.low > 0);
  assert.equal(parts.chunksize, 2);
  assert.ok(parts.tookMs > 0);
  assert.equal(activePools(), 0);
  // the scaling run's baseline is reused, not measured again
  const s = await scaling({ workload: tiny, workers: [1], repeats: 1 });
  const reused = await measureParts({ workload: tiny, baseline: s, contention: [], repeats: 1 });
  assert.deepEqual(reused.sequentialMs, { low: s.sequential.minMs, high: s.sequential.maxMs });
  assert.deepEqual(reused.contention, []);
  await assert.rejects(measureParts({ workload: tiny, chunksize: 7 }), /`chunksize` must be an integer from 1 to 6/);
  await assert.rejects(measureParts({ contention: [0] }), /`contention`/);
});

test("chunksizeFlip: both ways of handing out chunks at every chunksize, on one pool closed afterwards", async () => {
  const flip = await chunksizeFlip({ jobs: 40, jobMs: 0.01, chunksizes: [1, 20], repeats: 2 });
  assert.deepEqual(
    flip.points.map((p) => `${p.handing} ${p.chunksize} ${p.wall.samplesMs.length}`),
    ["one at a time 1 2", "one at a time 20 2", "queued ahead 1 2", "queued ahead 20 2"],
  );
  assert.equal(activePools(), 0);
  await assert.rejects(chunksizeFlip({ jobs: 10, chunksizes: [20] }), /`chunksizes`/);
  await assert.rejects(chunksizeFlip({ jobMs: NaN }), /`jobMs`/);
});
