/** Dispatch rules a pool uses: the chunksize `Pool.map` would pick, and costliest-first order. */
import { UsageError } from "../core/errors.js";
import { assertEachFinite, assertInteger, describe } from "../core/check.js";

/**
 * The chunksize Python's `Pool.map` picks when none is given: ceil(jobs / (4 * workers)).
 * For the lecture's 20 jobs on 4 workers that is 2, the value the script passes to `imap`
 * (whose own default is 1).
 *
 * @example
 * poolMapChunksize(20, 4); // 2
 * poolMapChunksize(20, 2); // 3
 */
export function poolMapChunksize(jobs: number, workers: number): number {
  assertInteger(jobs, "jobs", 1, Infinity, "a sweep needs at least 1 job");
  assertInteger(workers, "workers", 1, Infinity, "use at least 1 worker");
  return Math.ceil(jobs / (4 * workers));
}

/**
 * Longest-processing-time-first dispatch order: job indices by decreasing cost, equal costs in job
 * order. Starting the costliest jobs first leaves short ones to fill the gaps at the end, which
 * bounds the makespan by 4/3 of the optimum (Graham, 1969) for chunksize 1. With larger chunks the
 * costliest jobs share the first chunks and LPT can lose to job order: check with `predictMakespan`.
 *
 * @example
 * largestFirst([1, 3, 2, 3]); // [1, 3, 2, 0]
 */
export function largestFirst(costs: readonly number[]): number[] {
  if (!Array.isArray(costs)) {
    throw new UsageError(
      `\`costs\` must be an array of job costs, got ${describe(costs)}: pass one cost per job`,
      "costs",
    );
  }
  assertEachFinite(costs, "costs", "measure that job again or drop it");
  // Array.prototype.sort is stable (ES2019), so ties keep job order.
  return costs.map((_, i) => i).sort((a, b) => costs[b] - costs[a]);
}
