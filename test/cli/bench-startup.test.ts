/**
 * The bench's worker start-up section returns a figure for each pool size it promises (2, and
 * every core), each a positive finite number, and leaves no thread behind; what the figures are is
 * the bench's to report.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { workerStartup } from "../../dist/cli/bench-startup.js";
import { defaultWorkers } from "../../dist/index.js";
import { activePools } from "../../dist/lab.js";
import { assertThreadsBack, threadBaseline } from "../parallel/threads.js";

test(
  "workerStartup: bare thread, ready and first solve for pools of 2 and of all cores",
  { timeout: 120_000 },
  async () => {
    const before = await threadBaseline();
    const lines: string[] = [];
    const r = await workerStartup(1, (line) => lines.push(line));
    assert.deepEqual(
      r.pools.map((p) => p.workers),
      [...new Set([2, defaultWorkers()])],
    );
    for (const p of r.pools) {
      for (const t of [p.bareMs, p.readyMs, p.firstSolveMs]) assert.ok(Number.isFinite(t.medianMs) && t.medianMs > 0);
      // a worker is ready before its first job can start
      assert.ok(p.firstSolveMs.medianMs >= p.readyMs.medianMs);
    }
    assert.equal(lines.length, r.pools.length);
    assert.equal(activePools(), 0);
    await assertThreadsBack(before);
  },
);
