/**
 * A warm pool is warm for the sweep it runs: before a sweep of a configuration (method,
 * right-hand side, size, options) its workers have not run, each worker runs one of that sweep's
 * own jobs until its time stops falling, outside the sweep's timed part, once per configuration.
 * No timing is asserted here: whether the first job then runs at full speed is `npm run bench`'s.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { SweepInterruptedError, buildSweep, openPool, packJobs, runPool } from "../../dist/index.js";
import { activePools } from "../../dist/lab.js";
import { configKey, maxWarmRuns, minWarmRuns, steady, warmBudgetMs, warmUpJob } from "../../dist/parallel/warm-up.js";

const DEADLINE = { timeout: 120_000 };

const jobsOf = (w: Record<string, unknown>) => {
  const s = buildSweep({ nz: 12, nR: 4, ...w });
  return packJobs(s.N, s.gamma, s.Dnm, s.Gnm, s.OmegaNValues, s.tSpan, s.y0, s.solveOptions);
};

test("configKey: the same for every job of a sweep, different for another method, right-hand side or size", () => {
  const lecture = jobsOf({});
  const key = configKey("solve", lecture[0], undefined);
  assert.ok(key !== undefined);
  assert.equal(configKey("solve", lecture[3], undefined), key);
  const others = [jobsOf({ method: "odex" }), jobsOf({ rhs: "linear" }), jobsOf({ nz: 13 }), jobsOf({ nSamples: 7 })];
  const keys = new Set([key, ...others.map((jobs) => configKey("solve", jobs[1], undefined))]);
  assert.equal(keys.size, 5);
  // the send-once form reads its configuration from the shared arguments
  const s = buildSweep({ nz: 12, nR: 4, method: "odex" });
  const shared = [s.N, s.gamma, s.Dnm, s.Gnm, s.tSpan, s.y0, s.solveOptions];
  assert.ok(configKey("solveShared", s.OmegaNValues[0], shared)?.includes("odex"));
  assert.equal(configKey("spin", 5, undefined), undefined);
});

test("warmUpJob: the sweep's middle job, as a packed solve, also for the send-once form", () => {
  const jobs = jobsOf({ method: "RK45" });
  const job = warmUpJob("solve", jobs, undefined)!;
  assert.equal(job, jobs[2]);
  assert.equal(configKey("solve", job, undefined), configKey("solve", jobs[0], undefined));
  const s = buildSweep({ nz: 12, nR: 4, rhs: "linear" });
  const shared = [s.N, s.gamma, s.Dnm, s.Gnm, s.tSpan, s.y0, s.solveOptions];
  const rebuilt = warmUpJob("solveShared", s.OmegaNValues, shared)!;
  assert.equal(rebuilt[4], s.OmegaNValues[2]);
  assert.equal(rebuilt[5], s.tSpan);
  const sameOptions = (key?: string) => key?.replace(/^\{"kind":"\w+",/, "");
  assert.equal(
    sameOptions(configKey("solve", rebuilt, undefined)),
    sameOptions(configKey("solveShared", s.OmegaNValues[0], shared)),
  );
  assert.equal(warmUpJob("spin", [1], undefined), undefined);
});

test("steady: at least minWarmRuns runs, and the last two near the fastest", () => {
  const runs = (last: number[]) => [50, ...Array(minWarmRuns - 1 - last.length).fill(10), ...last];
  assert.equal(steady([50, 10, 10]), false); // too few runs
  assert.equal(steady(runs([10, 11])), true);
  assert.equal(steady(runs([10, 30])), false); // a slow run asks for another
  assert.equal(steady(runs([20, 20])), false);
  assert.ok(minWarmRuns >= 2 && maxWarmRuns > minWarmRuns);
  // a long job stops the warm-up once the budget is spent, however few runs that took
  assert.equal(steady([warmBudgetMs + 1]), true);
  assert.equal(steady([warmBudgetMs / 2, warmBudgetMs / 2]), true);
  assert.equal(steady([warmBudgetMs / 4, warmBudgetMs / 4]), false);
});

test("a warm pool warms its workers on each new configuration before the sweep, once", DEADLINE, async () => {
  const pool = await openPool({ workers: 2, warm: true });
  try {
    const opened = pool.warmupMs;
    assert.equal(opened, 0); // the warm-up as it opens is part of its start-up
    for (const w of [{ method: "RK45" }, { rhs: "linear" }]) {
      const before = pool.warmupMs;
      const first = await runPool("solve", jobsOf(w), { pool, chunksize: 1 });
      assert.ok(first.warmupMs! > 0, `${JSON.stringify(w)}: warmed before the sweep`);
      assert.equal(pool.warmupMs, before + first.warmupMs!);
      for (const start of first.workerStarts) {
        // the warm-up ended before the sweep's clock started
        assert.ok(start.warmEnd !== undefined && start.warmEnd <= 0, JSON.stringify(start));
      }
      const again = await runPool("solve", jobsOf({ ...w, rMin: 0.1 }), { pool, chunksize: 1 });
      assert.equal(again.warmupMs, 0, "the same configuration is not warmed twice");
    }
    // a kind that is not a solve is not warmed; a run with a time limit per job is not warmed
    assert.equal((await runPool("spin", [1, 1], { pool })).warmupMs, 0);
    assert.equal((await runPool("solve", jobsOf({ nz: 14 }), { pool, timeoutMs: 60_000 })).warmupMs, 0);
  } finally {
    await pool.close();
  }
});

test("a pool opened without warm-up runs every sweep as it comes", DEADLINE, async () => {
  const pool = await openPool({ workers: 2 });
  try {
    const run = await runPool("solve", jobsOf({ method: "RK45" }), { pool });
    assert.equal(run.warmupMs, 0);
    assert.deepEqual(
      run.workerStarts.map((s) => s.state),
      ["cold", "cold"],
    );
  } finally {
    await pool.close();
  }
});

test(
  "a pool closed while its workers warm up for a sweep ends that sweep as interrupted, no job run",
  DEADLINE,
  async () => {
    const pool = await openPool({ workers: 2, warm: true });
    // the warm-up for this configuration has begun when runPool returns its promise
    const run = runPool("solve", jobsOf({ method: "RK45", nz: 15 }), { pool });
    // the rejection is awaited from before the close, so it is never an unhandled one
    const rejected = assert.rejects(run, (error: unknown) => {
      assert.ok(error instanceof SweepInterruptedError, String(error));
      assert.match(error.message, /the pool was closed\) after 0 of 4 jobs/);
      assert.equal((error as SweepInterruptedError & { partial: { jobs: unknown[] } }).partial.jobs.length, 4);
      return true;
    });
    await pool.close();
    await rejected;
    assert.equal(activePools(), 0);
  },
);
