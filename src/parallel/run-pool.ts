/**
 * The pooled path's entry point, the lecture's `with mp.Pool(...) as pool: pool.imap(...)`:
 * `runPool` runs jobs of a named kind on worker threads, fed in chunks, results kept in job order.
 * Without `pool` it starts workers for this run alone and terminates them however it ends; with
 * `pool` (openPool) it runs on workers that stay up for the next sweep. docs/architecture.md
 * names the pool's other parts and their files.
 */
import { UsageError } from "../core/errors.js";
import { describe } from "../core/check.js";
import { type JobKind, checkJobKind, checkPayloads } from "./jobs.js";
import {
  type PoolOptions,
  type ResolvedPoolOptions,
  checkPoolOptions,
  poolOptionKeys,
  resolvePoolOptions,
} from "./options.js";
import type { PoolRun } from "./runner.js";
import { WorkerPool } from "./worker-pool.js";
import { wallNow } from "./worker-slot.js";

/**
 * Runs `payloads` as jobs of `kind` on a pool of worker threads and returns every result in job
 * order, with a record of which worker ran each job and when.
 * @example
 * const run = await runPool("spin", [5, 5, 5, 5], { workers: 2, chunksize: 1 });
 * run.records.map((j) => j.worker); // e.g. [0, 1, 0, 1]
 * @example
 * // one callback per finished job, in finish order: a progress line, a journal, a live table
 * const onJob = (e: JobEvent) => console.log(`${e.done}/${e.total}: job ${e.record.index}`);
 * await runPool("spin", [50, 5, 5], { workers: 2, onJob }); // 1/3: job 1, 2/3: job 2, 3/3: job 0
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
  checkPoolOptions(options, poolOptionKeys, "runPool");
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
  const pool = new WorkerPool({ workers: options.workers, resourceLimits: options.resourceLimits });
  try {
    const run = await pool.run<R>(kind, payloads, options);
    await pool.close();
    return { ...run, wallMs: wallNow() - t0 };
  } finally {
    await pool.close();
  }
}
