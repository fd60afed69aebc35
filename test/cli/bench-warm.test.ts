/**
 * The bench's warm-pool and main-thread measurements return a figure for every configuration and
 * pool size they promise, each a finite number; what the figures are is the bench's to report.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { firstJobs, mainThreadCpu } from "../../dist/cli/bench-warm.js";
import { activePools } from "../../dist/lab.js";

test(
  "firstJobs: a ratio and a warm-up time for odex and RK45, dense and linear; a cold worker's start-up for pools of 2 and 16",
  { timeout: 300_000 },
  async () => {
    const r = await firstJobs(1, () => undefined);
    assert.deepEqual(
      r.configs.map((c) => c.label),
      ["RK45, dense", "RK45, linear", "odex, dense", "odex, linear"],
    );
    for (const c of r.configs) {
      assert.ok(Number.isFinite(c.firstRatio.medianMs) && c.firstRatio.medianMs > 0, c.label);
      assert.ok(c.warmupMs.medianMs >= 0, c.label);
    }
    // the warm pool warmed before each sweep of a configuration its opening warm-up did not cover
    assert.ok(r.configs.slice(1).every((c) => c.warmupMs.medianMs > 0));
    assert.deepEqual(
      r.cold.map((c) => c.workers),
      [2, 16],
    );
    for (const c of r.cold) assert.ok(c.readyMs.medianMs > 0);
    assert.equal(activePools(), 0);
  },
);

test("mainThreadCpu: microseconds per job on pools of 2 and 16 where /proc exists", { timeout: 300_000 }, async () => {
  const r = await mainThreadCpu(40, 1, () => undefined);
  if (process.platform !== "linux") return assert.deepEqual(r.pools, []);
  assert.deepEqual(
    r.pools.map((p) => p.workers),
    [2, 16],
  );
  for (const p of r.pools) assert.ok(p.usPerJob.medianMs > 0 && p.wallUsPerJob.medianMs > 0);
  assert.equal(activePools(), 0);
});
