import assert from "node:assert/strict";
import * as util from "node:util";
import { test } from "node:test";
import { CellInterrupted, last, sweep } from "../../dist/notebook/sweep-cell.js";

/** A display of its own (it has stop()): it takes the place of the cell's progress line. */
const quiet = { onJob: Object.assign(() => undefined, { stop: () => undefined }) };

test("sweep: runs like runSweep and last() is its report", async () => {
  const report = await sweep({ nR: 3, tScale: 0.2 }, { sequential: true, ...quiet });
  assert.equal(report.rows.length, 3);
  assert.equal(last(), report);
});

test("sweep: an interrupt fails with one line, and last() keeps the finished jobs", async () => {
  const stop = new AbortController();
  let seen = 0;
  const onJob = ({ done }: { done: number }) => {
    seen = done;
    if (done === 2) stop.abort();
  };
  const error = await sweep({ nR: 8, tScale: 0.5 }, { workers: 1, chunksize: 1, onJob, signal: stop.signal }).then(
    () => assert.fail("the sweep should have been interrupted"),
    (e: unknown) => e,
  );
  assert.ok(error instanceof CellInterrupted, String(error));
  const outcome = last();
  assert.ok(outcome && "interrupted" in outcome);
  assert.equal(outcome.total, 8);
  assert.ok(outcome.completed >= 2 && outcome.completed < 8, `completed ${outcome.completed}, seen ${seen}`);
  assert.equal(outcome.rows?.filter((row) => row !== undefined).length, outcome.completed);
  assert.match(
    util.inspect(error),
    new RegExp(`^Interrupted after ${outcome.completed} of 8 jobs; every worker was terminated\\. .*lab\\.last\\(\\)`),
  );
  assert.doesNotMatch(util.inspect(error), /\n\s+at /, "no stack trace");
});
