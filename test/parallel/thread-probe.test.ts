import assert from "node:assert/strict";
import { test } from "node:test";
import { openPool } from "../../dist/parallel/open-pool.js";
import { runPool } from "../../dist/parallel/run-pool.js";
import "../../dist/measure/jobs.js"; // registers "spin"
import "../../dist/notebook/lesson-jobs.js"; // registers "fail"
import { settledThreadCount, threadCount, waitForThreads } from "../../dist/parallel/thread-probe.js";

test("threadCount and waitForThreads: a dead worker's pool leaves no thread behind", async (t) => {
  const before = await settledThreadCount();
  if (before === undefined) return t.skip("no /proc/self/status on this platform");
  const err = await runPool("fail", [{ sleepMs: 30 }, "exit", { sleepMs: 30 }], { workers: 2, chunksize: 1 }).then(
    () => undefined,
    (e: Error) => e,
  );
  assert.equal(err?.name, "WorkerDiedError");
  const after = await waitForThreads(before);
  assert.ok(after !== undefined && after <= before, `${after} threads, ${before} before`);
});

test("settledThreadCount: waits until the count holds still, so an open pool counts exactly its workers", async (t) => {
  if (threadCount() === undefined) return t.skip("no /proc/self/status on this platform");
  // straight after a pool ends its threads may not all be reaped: the settled count is the baseline
  await runPool("spin", [5, 5], { workers: 2, chunksize: 1 });
  const base = (await settledThreadCount()) as number;
  const pool = await openPool({ workers: 2, exclusive: false });
  try {
    const t0 = performance.now();
    assert.equal(await settledThreadCount(50), base + 2, "two worker threads while the pool is open");
    assert.ok(performance.now() - t0 >= 50, "it watched the count for the quiet time");
  } finally {
    await pool.close();
  }
  assert.equal(await settledThreadCount(), base, "back to the baseline once the pool is closed and its threads reaped");
});
