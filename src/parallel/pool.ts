/**
 * The pooled path's entry point: `runPool` runs jobs of a named kind on worker threads, fed in
 * chunks, results kept in job order (`Pool.imap`). Without `pool` it starts workers for this run
 * alone and terminates them however it ends (`with Pool(...)`); with `pool` (openPool) it runs on
 * workers that stay up for the next sweep.
 *
 * The parts, each in its own file: options.ts (checked once), chunk-queue.ts and
 * ordered-release.ts (pure), worker-slot.ts (one worker's life), runner.ts (scheduling, failure),
 * open-pool.ts (a pool that outlives a sweep), threads-compat.ts (every threads.js workaround).
 * Chunks go out one per free worker, in dispatch order (first come, first served, as Python's
 * Pool does), on the pool's own messages: threads.js's `Pool.queue` waits on a `setTimeout(0)`
 * per task (~1.15 ms), more than a lecture job costs.
 */
import { UsageError } from "../core/errors.js";
import { checkOptions, describe } from "../core/check.js";
import { type JobKind, checkJobKind, checkPayloads } from "./jobs.js";
import { type PoolOptions, type ResolvedPoolOptions, poolOptionKeys, resolvePoolOptions } from "./options.js";
import { WorkerPool } from "./open-pool.js";
import type { PoolRun } from "./runner.js";
import { wallNow } from "./worker-slot.js";

export { defaultChunksize, defaultWorkers, maxWorkers, poolOptionKeys, resolvePoolOptions } from "./options.js";
export type { PoolOptions, ResolvedPoolOptions } from "./options.js";
export type { PoolRun, WorkerStartup } from "./runner.js";

/**
 * Runs `payloads` as jobs of `kind` on a pool of worker threads and returns every result in job
 * order, with a record of which worker ran each job and when.
 * @example
 * const run = await runPool("spin", [5, 5, 5, 5], { workers: 2, chunksize: 1 });
 * run.records.map((j) => j.worker); // e.g. [0, 1, 0, 1]
 * @example
 * // a job that throws fails the sweep, naming it; every worker is gone when this rejects
 * await runPool("fail", ["throw"], { r: [0.5] }); // JobError: job 0 (r = 0.5) failed: this job was told to throw
 */
export async function runPool<R = unknown>(
  kind: JobKind,
  payloads: readonly unknown[],
  options: PoolOptions = {},
): Promise<PoolRun<R>> {
  checkJobKind(kind);
  if (!Array.isArray(payloads)) {
    throw new UsageError(
      `\`payloads\` must be an array with one value per job, got ${describe(payloads)}: e.g. runPool("spin", [5, 5, 5])`,
      "payloads",
    );
  }
  checkOptions(options, poolOptionKeys, "runPool");
  checkPayloads(kind, payloads);
  return runResolved<R>(kind, payloads, resolvePoolOptions(payloads.length, options));
}

/**
 * Runs checked options (for entry points that checked them already): on `options.pool`, or on
 * workers started for this run and terminated before it returns or throws.
 */
export async function runResolved<R>(
  kind: JobKind,
  payloads: readonly unknown[],
  options: ResolvedPoolOptions,
): Promise<PoolRun<R>> {
  if (options.pool) {
    if (!(options.pool instanceof WorkerPool)) {
      throw new UsageError(
        `\`pool\` must be a pool from openPool(), got ${describe(options.pool)}: const pool = await openPool({ workers: 2 })`,
        "pool",
      );
    }
    return options.pool.run<R>(kind, payloads, options);
  }
  const t0 = wallNow();
  const pool = new WorkerPool(options.workers, false, options.resourceLimits, 0, false);
  try {
    const run = await pool.run<R>(kind, payloads, options);
    await pool.close();
    return { ...run, wallMs: wallNow() - t0 };
  } finally {
    await pool.close();
  }
}
