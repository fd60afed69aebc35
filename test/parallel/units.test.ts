/** The pool's pure parts, without a thread: the chunk queue, the release in order, a worker's lane, the shared-value key. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { ChunkQueue } from "../../dist/parallel/chunk-queue.js";
import { Lane } from "../../dist/parallel/lane.js";
import { Release } from "../../dist/parallel/ordered-release.js";
import { SharedValues, sameContent } from "../../dist/parallel/shared-values.js";

test("ChunkQueue cuts the dispatch order into chunks and hands them out in that order", () => {
  const q = new ChunkQueue([4, 3, 2, 1, 0], 2);
  assert.equal(q.size, 3);
  assert.deepEqual([q.shift(), q.shift(), q.shift(), q.shift()], [[4, 3], [2, 1], [0], undefined]);
  assert.equal(q.size, 0);
});

test("ChunkQueue: jobs pushed back go out first, in chunks of at most chunksize", () => {
  const q = new ChunkQueue([0, 1, 2, 3], 2);
  assert.deepEqual(q.shift(), [0, 1]);
  q.pushFront([1]);
  q.pushFront([7, 8, 9]);
  assert.equal(q.size, 3, "[7, 8], [9, 1] and [2, 3]");
  assert.deepEqual(
    [q.shift(), q.shift(), q.shift()],
    [
      [7, 8],
      [9, 1],
      [2, 3],
    ],
  );
});

test("Release in order: a job is delivered once it and every job before it are done, each once", () => {
  const out: number[] = [];
  const r = new Release(4, true, (i) => out.push(i));
  r.finish(2);
  r.finish(1);
  assert.deepEqual(out, []);
  r.finish(0);
  assert.deepEqual(out, [0, 1, 2]);
  r.finish(2);
  r.finish(3);
  assert.deepEqual(out, [0, 1, 2, 3]);
  assert.equal(r.released, 4);
});

test("Release unordered (imap_unordered): each job as it finishes", () => {
  const out: number[] = [];
  const r = new Release(3, false, (i) => out.push(i));
  for (const i of [2, 0, 1]) r.finish(i);
  assert.deepEqual(out, [2, 0, 1]);
});

test("sameContent compares typed arrays byte for byte and plain data member by member", () => {
  const a = [3, 0.5, Float64Array.of(1, 2), { rtol: 1e-7 }];
  assert.ok(sameContent(a, [3, 0.5, Float64Array.of(1, 2), { rtol: 1e-7 }]));
  assert.ok(!sameContent(a, [3, 0.5, Float64Array.of(1, 2.0000001), { rtol: 1e-7 }]));
  assert.ok(!sameContent(a, [3, 0.5, Float32Array.of(1, 2), { rtol: 1e-7 }]), "another array type");
  assert.ok(!sameContent(a, [3, 0.5, Float64Array.of(1, 2), { rtol: 1e-7, atol: 1 }]));
  assert.ok(!sameContent({ x: undefined }, { y: undefined }));
  assert.ok(sameContent(NaN, NaN));
  assert.ok(!sameContent([1], { 0: 1 }));
});

test("SharedValues: equal content keeps the generation, a change (even in place) makes a new one", () => {
  const keys = new SharedValues();
  const Dnm = Float64Array.of(1, 2, 3);
  const g0 = keys.generationOf([2, Dnm]);
  assert.equal(keys.generationOf([2, Float64Array.of(1, 2, 3)]), g0, "rebuilt, same numbers");
  Dnm[1] = 5;
  assert.notEqual(keys.generationOf([2, Dnm]), g0, "the same array changed in place");
});

test("Lane: jobs taken in chunks come off as they finish, in any order; drop leaves the waiting ones", () => {
  const lane = new Lane({} as never);
  lane.take([
    [4, 5],
    [6, 7],
  ]);
  assert.deepEqual(lane.queue, [4, 5, 6, 7]);
  assert.equal(lane.chunks, 2);
  lane.finished(4, false, 0.3);
  lane.finished(6, false, 0.2); // out of order: a batch may report a later job first
  assert.deepEqual(lane.queue, [5, 7]);
  assert.equal(lane.lastJobMs, 0.2);
  lane.finished(5, true, 1);
  assert.equal(lane.chunks, 1, "a chunk ends with its last job");
  lane.take([[8, 9]]);
  assert.deepEqual(lane.drop(), [8, 9], "the running job (7) is not among the ones to run again");
  assert.deepEqual(lane.queue, []);
  assert.equal(lane.chunks, 0);
});
