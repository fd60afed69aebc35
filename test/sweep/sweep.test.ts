import assert from "node:assert/strict";
import { test } from "node:test";
import {
  buildSweep,
  parallelSolveOmega,
  runSweep,
  sequentialSolveOmega,
  type ComplexVector,
  type JobRecord,
} from "../../dist/index.js";
import { assertThreadsBack, threadBaseline, threadCount } from "../parallel/threads.js";

const s = buildSweep({ nz: 24 }); // the lecture's 20 jobs, on fewer atoms to keep the test quick
const args = [s.N, s.gamma, s.Dnm, s.Gnm, s.OmegaNValues, s.tSpan, s.y0] as const;

test("pooled results equal the sequential sweep bit for bit, for every workers x chunksize", async () => {
  const seq = await sequentialSolveOmega(...args, { r: s.r });
  for (const workers of [1, 2, 3]) {
    for (const chunksize of [1, 2, 3, 7, 20]) {
      const pooled = await parallelSolveOmega(...args, { r: s.r, workers, chunksize });
      assert.equal(pooled.results.length, 20);
      assert.equal(pooled.workers, Math.min(workers, Math.ceil(20 / chunksize)), "no more workers than chunks");
      assert.equal(pooled.chunksize, chunksize);
      pooled.results.forEach((solution, i) => {
        assert.deepEqual(
          solution.yFinal,
          seq.results[i].yFinal,
          `job ${i}, workers ${workers}, chunksize ${chunksize}`,
        );
        assert.deepEqual(solution.y, seq.results[i].y);
        assert.equal(solution.nEval, seq.results[i].nEval);
      });
    }
  }
});

test("sending the matrices once per worker gives the same results as packing them per job", async () => {
  const packed = await parallelSolveOmega(...args, { workers: 2, chunksize: 3 });
  const shared = await parallelSolveOmega(...args, { workers: 2, chunksize: 3, shareMatrices: true });
  shared.results.forEach((solution, i) => assert.deepEqual(solution.yFinal, packed.results[i].yFinal));
});

test("chunksize defaults to Pool.map's rule ceil(jobs / (4 workers)) and workers to the cores", async () => {
  const run = await parallelSolveOmega(...args, { workers: 2 });
  assert.equal(run.chunksize, Math.ceil(20 / 8));
});

test("records: one per job, with its worker, r, and start <= end on one clock; one onJob event per job", async () => {
  const calls: [number, number, JobRecord][] = [];
  const values = new Map<number, Float64Array | undefined>();
  const run = await parallelSolveOmega(...args, {
    r: s.r,
    workers: 2,
    chunksize: 2,
    onJob: ({ done, total, record, value, error }) => {
      calls.push([done, total, record]);
      values.set(record.index, error ? undefined : value?.yFinal);
    },
  });
  run.results.forEach((solution, i) =>
    assert.deepEqual(values.get(i), solution.yFinal, "each event carries its Solution"),
  );
  assert.equal(calls.length, 20);
  assert.deepEqual(
    calls.map(([done]) => done),
    Array.from({ length: 20 }, (_, i) => i + 1),
  );
  assert.ok(calls.every(([, total]) => total === 20));
  assert.deepEqual(new Set(calls.map(([, , rec]) => rec.index)).size, 20);
  run.jobs.forEach((job, i) => {
    assert.equal(job.index, i);
    assert.equal(job.r, s.r[i]);
    assert.ok(job.worker === 0 || job.worker === 1);
    assert.ok(job.start >= 0 && job.end >= job.start && job.end <= run.wallMs, JSON.stringify(job));
    assert.ok(job.rhsEvals > 0 || s.r[i] === 0);
  });
  // the two jobs of a chunk run on one worker, one after the other
  for (let i = 0; i < 20; i += 2) {
    assert.equal(run.jobs[i].worker, run.jobs[i + 1].worker);
    assert.ok(run.jobs[i + 1].start >= run.jobs[i].end);
  }
  // on one worker, jobs never overlap
  for (const w of [0, 1]) {
    const mine = run.jobs.filter((j) => j.worker === w).sort((a, b) => a.start - b.start);
    for (let k = 1; k < mine.length; k++) assert.ok(mine[k].start >= mine[k - 1].end);
  }
});

test("a Sweep with fewer r values than drives is refused instead of labelling results with the wrong r", async () => {
  await assert.rejects(
    runSweep({ ...s, r: [1] }),
    /the Sweep's `r` must hold one value per drive in `OmegaNValues` \(20\), got an array of length 1/,
  );
  const small = buildSweep({ nz: 4, nR: 3 });
  const report = await runSweep(small, { workers: 8 });
  assert.deepEqual(
    report.rows.map((row) => row.r),
    small.r,
  );
  assert.equal(report.workers, 3, "three jobs, three workers started");
});

test("sequential onJob is called once per job, in order", async () => {
  const done: number[] = [];
  const seq = await sequentialSolveOmega(...args, { onJob: (event) => done.push(event.done) });
  assert.deepEqual(
    done,
    Array.from({ length: 20 }, (_, i) => i + 1),
  );
  assert.ok(seq.jobs.every((job) => job.worker === 0));
});

test("after a sweep the process's thread count is back where it started", async () => {
  const before = await threadBaseline();
  for (let k = 0; k < 3; k++) {
    await parallelSolveOmega(...args, { workers: 3, chunksize: 2 });
    await assertThreadsBack(before);
  }
});

test("bad pool options are refused before any worker starts, with the value and the fix", async () => {
  const before = await threadBaseline();
  for (const workers of [0, -1, 1.5, NaN]) {
    await assert.rejects(
      parallelSolveOmega(...args, { workers }),
      new RegExp(
        `\`workers\` must be an integer from 1 to 256, got ${Number.isNaN(workers) ? "NaN" : workers} \\(number\\): pass a whole number of threads`,
      ),
    );
  }
  await assert.rejects(
    parallelSolveOmega(...args, { workers: 2, chunksize: 0 }),
    /`chunksize` must be an integer from 1 to 20, got 0 \(number\): pick a chunk of 1 to 20 jobs/,
  );
  await assert.rejects(
    parallelSolveOmega(...args, { workers: 2, chunksize: 21 }),
    /`chunksize` must be an integer from 1 to 20, got 21/,
  );
  await assert.rejects(
    parallelSolveOmega(s.N, s.gamma, s.Dnm, s.Gnm, [], s.tSpan, s.y0),
    /the sweep is empty: `OmegaNValues` must hold at least one drive vector/,
  );
  await assert.rejects(sequentialSolveOmega(s.N, s.gamma, s.Dnm, s.Gnm, [], s.tSpan, s.y0), /the sweep is empty/);
  for (const solveOmega of [sequentialSolveOmega, parallelSolveOmega]) {
    // one drive where a list belongs: refused, not a sweep of zero jobs
    const lone = s.OmegaNValues[0] as unknown as ComplexVector[];
    await assert.rejects(
      solveOmega(s.N, s.gamma, s.Dnm, s.Gnm, lone, s.tSpan, s.y0),
      /`OmegaNValues` must be an array of drive vectors \{re, im\}, one per r value, got an object/,
    );
  }
  await assert.rejects(
    parallelSolveOmega(s.N, s.gamma, s.Dnm, s.Gnm, s.OmegaNValues, [1, 0], s.y0),
    /`tSpan` .* the span is reversed/,
  );
  await assert.rejects(
    parallelSolveOmega(s.N, s.gamma, s.Dnm, s.Gnm, s.OmegaNValues, s.tSpan, new Float64Array(5)),
    /`y0` has length 5 but N = 24 atoms need 3N = 72 values/,
  );
  await assert.rejects(
    parallelSolveOmega(...args, { order: [0, 1] } as never),
    /option "order" is no longer taken, got an array of length 2: .*pass it to runPool/,
  );
  assert.ok((threadCount() ?? 0) <= (before ?? Infinity), "no worker was started");
});

test("runSweep with keepSamples: false on a pool: the same rows, bitwise, and no samples copied back", async () => {
  const w = { nz: 6, nR: 4 };
  const full = await runSweep(w, { workers: 2, chunksize: 1 });
  const final = await runSweep(w, { workers: 2, chunksize: 1, keepSamples: false });
  assert.deepEqual(final.rows, full.rows);
  assert.ok(full.solutions.every((s) => s.y.length === 50 * 3 * 6));
  assert.ok(final.solutions.every((s) => s.t.length === 0 && s.y.length === 0 && s.yFinal.length === 3 * 6));
});
