/**
 * A sweep stopped by Ctrl-C at the prompt fails its line, so `const big = await runSweep(...)`
 * never assigns `big`. What the sweep had finished is kept here for `last()`, and the line that
 * reports the interrupt says where to find it (the notebooks' `lab.last()` does the same for a
 * cell).
 */
import { SweepInterruptedError } from "../core/errors.js";
import type { InterruptedSweep } from "../notebook/sweep-cell.js";

let kept: InterruptedSweep | undefined;

/**
 * What the last sweep stopped by Ctrl-C at this prompt had finished: `rows` and `jobs` in job
 * order, undefined where a job never ended; undefined before any interrupt.
 * @example
 * last()?.rows?.filter((row) => row !== undefined).length; // e.g. 7 after Ctrl-C at job 8
 */
export function last(): InterruptedSweep | undefined {
  return kept;
}

/**
 * For a line that failed with a SweepInterruptedError: keeps what the sweep finished for `last()`
 * and returns the hint printed under the error; undefined for any other outcome.
 */
export function keepInterrupted(error: unknown): string | undefined {
  if (!(error instanceof SweepInterruptedError)) return undefined;
  const { completed, total } = error;
  kept = { ...(error.partial ?? { results: [], jobs: [] }), interrupted: true, completed, total };
  if (completed === 0) return "no job had finished, so there is nothing to keep; run the line again to start over";
  const jobs = completed === 1 ? "the 1 job that finished is" : `the ${completed} jobs that finished are`;
  const fields = kept.rows ? "last().rows and last().jobs" : "last().results and last().jobs";
  return `${jobs} kept: ${fields} hold them in job order (undefined where a job did not finish)`;
}
