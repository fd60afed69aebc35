import assert from "node:assert/strict";
import { test } from "node:test";
import { runPool } from "../../dist/parallel/pool.js";
import { threadCount, waitForThreads } from "../../dist/parallel/thread-probe.js";

test("threadCount and waitForThreads: a dead worker's pool leaves no thread behind", async (t) => {
  const before = threadCount();
  if (before === undefined) return t.skip("no /proc/self/status on this platform");
  const err = await runPool("fail", [{ sleepMs: 30 }, "exit", { sleepMs: 30 }], { workers: 2, chunksize: 1 }).then(
    () => undefined,
    (e: Error) => e,
  );
  assert.equal(err?.name, "WorkerDiedError");
  assert.equal(await waitForThreads(before), before);
});
