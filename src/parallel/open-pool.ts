/**
 * A pool that outlives one sweep: the lecture's `with mp.Pool(processes=n) as pool:` block.
 * Its workers start once (and, with `warm: true`, run the lecture's solve until it is compiled,
 * and before each sweep of a configuration not seen yet, one of that sweep's own jobs: see
 * warm-up.ts); any number of sweeps then run on it, one at a time, until
 * `close()`. Between sweeps its idle workers do not keep the process alive, an interrupt
 * ("interrupt kernel", Ctrl-C) closes it, and a worker that died in between is replaced by a
 * fresh one at the next sweep.
 */
import type { ResourceLimits } from "node:worker_threads";
import { type OptionKeys, assertFlag, checkOptions } from "../core/check.js";
import { checkResourceLimits, checkWorkers, defaultWorkers } from "./options.js";
import { type Pool, WorkerPool, closeAllPools } from "./worker-pool.js";

export interface OpenPoolOptions {
  /** Worker threads, 1..256. @default the number of cores */
  workers?: number;
  /**
   * Warm workers: each runs the lecture's solve as it opens, and before a sweep of another
   * configuration (method, right-hand side, size, options) one of that sweep's own jobs, until its
   * time stops falling; that time is kept apart from the sweep's (`warmupMs`). @default false
   */
  warm?: boolean;
  /** Memory limits of each worker thread (Node's `resourceLimits`). */
  resourceLimits?: ResourceLimits;
  /**
   * Close every pool opened earlier and still open, first: re-running a notebook cell that opens
   * a pool replaces the old one instead of leaving its threads behind. `false` keeps them (two
   * pools side by side). @default true
   */
  exclusive?: boolean;
}

export const openPoolOptionKeys = {
  workers: true,
  warm: true,
  resourceLimits: true,
  exclusive: true,
} as const satisfies OptionKeys<OpenPoolOptions>;

/**
 * Starts a pool of worker threads that stays up for any number of sweeps, until `close()`.
 * @example
 * const pool = await openPool({ workers: 2, warm: true });
 * try {
 *   const a = await runSweep("lecture", { pool, chunksize: 2 });
 *   const b = await runSweep("lecture", { pool, chunksize: 2 }); // same workers, Dnm/Gnm not sent again with shareMatrices
 * } finally {
 *   await pool.close();
 * }
 */
export async function openPool(options: OpenPoolOptions = {}): Promise<Pool> {
  checkOptions(options, openPoolOptionKeys, "openPool");
  const { workers = defaultWorkers(), warm = false, resourceLimits, exclusive = true } = options;
  checkWorkers(workers);
  assertFlag(options.warm, "warm");
  assertFlag(options.exclusive, "exclusive");
  if (resourceLimits !== undefined) checkResourceLimits(resourceLimits);
  const closedEarlier = exclusive ? await closeAllPools() : 0;
  const pool = new WorkerPool({ workers, warm, resourceLimits, closedEarlier, lasting: true });
  await pool.start();
  return pool;
}
