import assert from "node:assert/strict";
import { test } from "node:test";
import { caught, lectureArithmetic, orderDemo, orderRecorder, orderRows } from "../../dist/notebook/demos.js";
import { finishOrder } from "../../dist/measure/analysis.js";
import { runSweep } from "../../dist/sweep/run.js";
import { runPool } from "../../dist/parallel/run-pool.js";
import "../../dist/notebook/lesson-jobs.js"; // registers "fail"
import { job } from "../measure/records.js";

test("orderRecorder: a result is released only when every earlier job is done", () => {
  const rec = orderRecorder();
  const events = [job(2, 2, 0, 5), job(1, 1, 0, 10), job(0, 0, 0, 20), job(3, 3, 0, 30)];
  events.forEach((record, k) => rec.onJob({ record, done: k + 1, total: 4 }));
  assert.deepEqual(rec.steps, [
    { step: 1, finished: 2, released: [] },
    { step: 2, finished: 1, released: [] },
    { step: 3, finished: 0, released: [0, 1, 2] },
    { step: 4, finished: 3, released: [3] },
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
  const report = await runSweep({ nz: 10, nR: 6 }, { workers: 2, chunksize: 1, onJob: rec.onJob });
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

test("caught returns the rejection, or undefined on success", async () => {
  assert.equal(await caught(Promise.resolve(1)), undefined);
  const err = await caught(runPool("fail", ["throw"], { workers: 1 }));
  assert.equal(err?.name, "JobError");
});
