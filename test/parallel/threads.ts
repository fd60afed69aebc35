// The thread checks the tests use are the library's own (src/parallel/thread-probe.ts), as the notebooks use them.
import assert from "node:assert/strict";
import { settledThreadCount, waitForThreads } from "../../dist/parallel/thread-probe.js";

export { threadCount, waitForThreads as settleThreads } from "../../dist/parallel/thread-probe.js";

/** The thread count to compare against after a test: settled, so a previous pool's threads are gone. */
export const threadBaseline = (): Promise<number | undefined> => settledThreadCount();

/**
 * Every worker thread started since `before` is gone: at most `before` threads once they have been
 * reaped. Fewer is no leak (a thread that existed before, such as a pool's not yet reaped, ended).
 */
export async function assertThreadsBack(before: number | undefined, what = "every worker thread was terminated") {
  const after = await waitForThreads(before);
  if (before === undefined || after === undefined) return;
  assert.ok(after <= before, `${what}: ${after} threads, ${before} before`);
}
