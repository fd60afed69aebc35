// A CLI session runs only the jobs it still lacks (`--resume`, `--shard`): the records, errors and
// events it gets back are named by the workload's job indices, not by their place in the session.
import assert from "node:assert/strict";
import { test } from "node:test";
import { JobError, buildSweep, runSweep } from "../../dist/index.js";
import { runSubset } from "../../dist/cli/sweep-subset.js";

test("runSubset: events count this session's jobs and name each by its workload index; rows match a full run", async () => {
  const s = buildSweep({ nz: 4, nR: 5 });
  const seen: [number, number, number, number][] = [];
  const report = await runSubset(s, [3, 1], {
    sequential: true,
    onJob: ({ done, total, record, row }) => seen.push([done, total, record.index, row.r]),
  });
  assert.deepEqual(seen, [
    [1, 2, 3, s.r[3]],
    [2, 2, 1, s.r[1]],
  ]);
  assert.deepEqual(
    report.jobs.map((job) => job.index),
    [3, 1],
  );
  const full = await runSweep(s, { sequential: true });
  assert.deepEqual(report.rows, [full.rows[3], full.rows[1]], "the same rows, bit for bit");
});

test("runSubset: a failed job's error names its workload index, on the event, in errors, and when it stops the run", async () => {
  const s = buildSweep({ nz: 4, nR: 4, maxSteps: 1, rMin: 0.5 });
  const errors: (Error | undefined)[] = [];
  const report = await runSubset(s, [2, 0], {
    sequential: true,
    collectErrors: true,
    onJob: (e) => errors.push(e.error),
  });
  assert.deepEqual(
    errors.map((e) => (e as JobError).index),
    [2, 0],
  );
  assert.deepEqual(
    report.errors.map((e) => e?.index),
    [2, 0],
  );
  const stopped = await runSubset(s, [3], { sequential: true }).then(
    () => assert.fail("the job should fail"),
    (e: unknown) => e as JobError,
  );
  assert.ok(stopped instanceof JobError);
  assert.equal(stopped.index, 3);
  assert.match(stopped.message, /^job 3 /);
});
