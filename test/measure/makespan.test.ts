import { test } from "node:test";
import * as assert from "node:assert/strict";
import { idealMakespan, predictMakespan } from "../../dist/measure/makespan.js";
import { largestFirst, poolMapChunksize } from "../../dist/parallel/schedule.js";
import { uniformRng as prng } from "../../dist/physics/random.js";

const ones = (n: number) => Array.from({ length: n }, () => 1);
const growing = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

test("20 equal 1 ms jobs on 4 workers, chunksize 1, no overhead: 5 ms", () => {
  const m = predictMakespan({ jobMs: ones(20), workers: 4, chunksize: 1 });
  assert.equal(m.makespanMs, 5);
  assert.equal(m.chunks.length, 20);
  for (const w of m.perWorker) assert.equal(w.busyMs, 5);
});

test("chunksize 20 on 2 workers puts every job on one worker: 20 ms", () => {
  const m = predictMakespan({ jobMs: ones(20), workers: 2, chunksize: 20 });
  assert.equal(m.makespanMs, 20);
  assert.equal(m.chunks.length, 1);
  assert.equal(m.perWorker[0].busyMs, 20);
  assert.equal(m.perWorker[1].busyMs, 0);
  assert.deepEqual(m.perWorker[1].chunks, []);
});

test("chunks are consecutive slices of the dispatch order, like Python's Pool", () => {
  const m = predictMakespan({ jobMs: ones(7), workers: 3, chunksize: 3 });
  assert.deepEqual(
    m.chunks.map((c) => c.jobs),
    [[0, 1, 2], [3, 4, 5], [6]],
  );
  const lpt = predictMakespan({ jobMs: [1, 5, 3, 4], workers: 2, chunksize: 2, order: [1, 3, 2, 0] });
  assert.deepEqual(
    lpt.chunks.map((c) => c.jobs),
    [
      [1, 3],
      [2, 0],
    ],
  );
});

test("each chunk goes to the worker free first, ties to the lowest id", () => {
  const m = predictMakespan({ jobMs: [4, 1, 1, 1], workers: 2, chunksize: 1 });
  assert.deepEqual(
    m.chunks.map((c) => c.worker),
    [0, 1, 1, 1],
  );
  assert.equal(m.makespanMs, 4);
  // No worker runs two chunks at once, and chunks never start before start-up.
  const r = prng(7);
  const jobMs = Array.from({ length: 30 }, () => r() * 10);
  const p = predictMakespan({ jobMs, workers: 3, chunksize: 2, overheadMs: 0.5, startupMs: 3 });
  for (const w of p.perWorker) {
    const mine = p.chunks.filter((c) => c.worker === w.worker);
    assert.deepEqual(
      mine.map((c) => c.jobs),
      w.chunks,
    );
    for (let i = 1; i < mine.length; i++) assert.ok(mine[i].start >= mine[i - 1].end);
    if (mine.length > 0) assert.equal(mine[0].start, 3);
  }
});

test("every job is placed exactly once", () => {
  const m = predictMakespan({ jobMs: growing(20), workers: 4, chunksize: 3 });
  const placed = m.chunks.flatMap((c) => c.jobs).sort((a, b) => a - b);
  assert.deepEqual(
    placed,
    growing(20).map((x) => x - 1),
  );
});

test("tail imbalance: with costs growing by index, chunksize 10 on 2 workers is worse than chunksize 1", () => {
  const jobMs = growing(20);
  const coarse = predictMakespan({ jobMs, workers: 2, chunksize: 10 }).makespanMs;
  const fine = predictMakespan({ jobMs, workers: 2, chunksize: 1 }).makespanMs;
  assert.ok(coarse > fine, `chunksize 10: ${coarse} ms, chunksize 1: ${fine} ms`);
  assert.equal(coarse, 155); // the second chunk holds jobs 10..19: 11 + ... + 20
});

test("overhead is paid once per chunk; start-up once per pool", () => {
  const jobMs = ones(12);
  for (const chunksize of [1, 2, 3, 4, 6, 12]) {
    const base = predictMakespan({ jobMs, workers: 1, chunksize });
    const withOverhead = predictMakespan({ jobMs, workers: 1, chunksize, overheadMs: 0.25 });
    const chunks = Math.ceil(12 / chunksize);
    assert.equal(withOverhead.chunks.length, chunks);
    assert.equal(withOverhead.makespanMs - base.makespanMs, 0.25 * chunks);
    const withStartup = predictMakespan({ jobMs, workers: 3, chunksize, startupMs: 7 });
    assert.equal(withStartup.makespanMs - predictMakespan({ jobMs, workers: 3, chunksize }).makespanMs, 7);
  }
});

test("makespan >= idealMakespan on random inputs, and equal work is conserved", () => {
  const r = prng(20240521);
  for (let trial = 0; trial < 300; trial++) {
    const jobs = 1 + Math.floor(r() * 40);
    const workers = 1 + Math.floor(r() * 8);
    const chunksize = 1 + Math.floor(r() * jobs);
    const jobMs = Array.from({ length: jobs }, () => (r() < 0.1 ? 0 : r() * 50));
    const overheadMs = r() < 0.5 ? 0 : r() * 2;
    const startupMs = r() < 0.5 ? 0 : r() * 20;
    const m = predictMakespan({ jobMs, workers, chunksize, overheadMs, startupMs });
    assert.ok(m.makespanMs >= idealMakespan(jobMs, workers) - 1e-9, `trial ${trial}`);
    const busy = m.perWorker.reduce((s, w) => s + w.busyMs, 0);
    const work = jobMs.reduce((s, x) => s + x, 0) + overheadMs * m.chunks.length;
    assert.ok(Math.abs(busy - work) <= 1e-9 * Math.max(1, work), `trial ${trial}`);
  }
});

test("idealMakespan is the larger of the spread work and the longest job", () => {
  assert.equal(idealMakespan([1, 1, 1, 1], 2), 2);
  assert.equal(idealMakespan([5, 1, 1], 4), 5);
  assert.equal(idealMakespan(ones(20), 4), 5);
});

test("poolMapChunksize follows Pool.map: ceil(jobs / (4 * workers))", () => {
  assert.equal(poolMapChunksize(20, 4), 2);
  assert.equal(poolMapChunksize(20, 2), 3);
  assert.equal(poolMapChunksize(1, 64), 1);
  assert.equal(poolMapChunksize(16, 4), 1);
  assert.equal(poolMapChunksize(17, 4), 2);
});

test("largestFirst: decreasing cost, ties in job order", () => {
  assert.deepEqual(largestFirst([1, 3, 2, 3]), [1, 3, 2, 0]);
  assert.deepEqual(largestFirst([2, 2, 2]), [0, 1, 2]);
  assert.deepEqual(largestFirst([]), []);
});

test("LPT order on a growing-cost series is no worse than job order (chunksize 1)", () => {
  for (const jobMs of [growing(20), growing(20).map((i) => i * i), growing(37).map((i) => Math.sqrt(i))]) {
    for (let workers = 1; workers <= 8; workers++) {
      const inOrder = predictMakespan({ jobMs, workers, chunksize: 1 }).makespanMs;
      const lpt = predictMakespan({ jobMs, workers, chunksize: 1, order: largestFirst(jobMs) }).makespanMs;
      // Sums in another order may differ in the last bit.
      assert.ok(
        lpt <= inOrder * (1 + 1e-12),
        `${jobMs.length} jobs on ${workers} workers: LPT ${lpt} > in order ${inOrder}`,
      );
    }
  }
});

test("chunking can undo LPT: chunks of the three costliest jobs land together", () => {
  // Squares 1..400 on 4 workers with chunksize 3: the first LPT chunk alone costs 400 + 361 + 324.
  const jobMs = growing(20).map((i) => i * i);
  const inOrder = predictMakespan({ jobMs, workers: 4, chunksize: 3 }).makespanMs;
  const lpt = predictMakespan({ jobMs, workers: 4, chunksize: 3, order: largestFirst(jobMs) }).makespanMs;
  assert.ok(lpt > inOrder, `LPT ${lpt}, in order ${inOrder}`);
});

test("bad options name the option, the rule and the value", () => {
  const jobMs = ones(4);
  assert.throws(() => predictMakespan({ jobMs: [], workers: 1, chunksize: 1 }), /`jobMs`.*non-empty.*got \[\]/);
  assert.throws(
    () => predictMakespan({ jobMs: [1, -2], workers: 1, chunksize: 1 }),
    /`jobMs`.*>= 0.*got -2 \(number\).*index 1/,
  );
  assert.throws(
    () => predictMakespan({ jobMs: [1, NaN], workers: 1, chunksize: 1 }),
    /`jobMs`.*got NaN \(number\).*index 1/,
  );
  assert.throws(
    () => predictMakespan({ jobMs, workers: 0, chunksize: 1 }),
    /`workers`.*integer from 1.*got 0 \(number\)/,
  );
  assert.throws(() => predictMakespan({ jobMs, workers: 1.5, chunksize: 1 }), /`workers`.*got 1\.5 \(number\)/);
  assert.throws(
    () => predictMakespan({ jobMs, workers: 2, chunksize: 0 }),
    /`chunksize`.*from 1 to 4.*got 0 \(number\)/,
  );
  assert.throws(
    () => predictMakespan({ jobMs, workers: 2, chunksize: 5 }),
    /`chunksize`.*from 1 to 4.*got 5 \(number\)/,
  );
  assert.throws(
    () => predictMakespan({ jobMs, workers: 2, chunksize: 1, overheadMs: -1 }),
    /`overheadMs`.*>= 0.*got -1 \(number\)/,
  );
  assert.throws(
    () => predictMakespan({ jobMs, workers: 2, chunksize: 1, startupMs: Infinity }),
    /`startupMs`.*>= 0.*got Infinity \(number\)/,
  );
  assert.throws(
    () => predictMakespan({ jobMs, workers: 2, chunksize: 1, order: [0, 1, 1, 2] }),
    /`order`.*permutation.*0\.\.3.*array of length 4/,
  );
  assert.throws(
    () => predictMakespan({ jobMs, workers: 2, chunksize: 1, order: [0, 1, 2] }),
    /`order`.*permutation.*array of length 3/,
  );
  assert.throws(() => idealMakespan(jobMs, 0), /`workers`.*got 0 \(number\)/);
  assert.throws(() => poolMapChunksize(0, 4), /`jobs`.*integer from 1.*got 0 \(number\)/);
  assert.throws(() => poolMapChunksize(20, -1), /`workers`.*integer from 1.*got -1 \(number\)/);
  assert.throws(() => largestFirst([1, NaN]), /`costs`.*finite.*got NaN \(number\).*index 1/);
});
