/**
 * What a warm pool warms: each sweep's own configuration (the job kind, the number of atoms, the
 * solver options: method, right-hand side, samples, tolerances), once per configuration, on every
 * worker, before the sweep's timed part. V8 compiles the code a worker has run and for the values
 * it has seen, so a warm-up on another method, right-hand side or size leaves the sweep's own
 * paths cold; and a few short solves are not enough for the engine to finish optimizing, so a
 * worker runs the warm-up job until its time stops falling (`steady`).
 */
import type { SharedSolveArgs } from "./jobs.js";
import type { SolveArgs } from "../physics/pack.js";

/** Kinds of job a warm pool warms on the sweep's own jobs; any other kind runs as it comes. */
const warmedKinds = new Set(["solve", "solveShared"]);

/** Most runs of the warm-up job per worker and configuration. */
export const maxWarmRuns = 12;
/** Fewest runs: the first always compiles, the next shows whether the optimised code is in. */
export const minWarmRuns = 3;

/**
 * The configuration a sweep's jobs run under, as a key (undefined: a kind not warmed). Options
 * that are arrays (the atoms' positions of the linear right-hand side) are left out: their
 * values do not change the code a job runs, their length is the number of atoms, in the key.
 */
export function configKey(kind: string, payload: unknown, shared: unknown): string | undefined {
  if (!warmedKinds.has(kind)) return undefined;
  const args = kind === "solve" ? (payload as SolveArgs) : (shared as SharedSolveArgs);
  if (!Array.isArray(args)) return undefined;
  const N = args[0];
  const linear = args[2] === null;
  const options = (kind === "solve" ? args[7] : args[6]) as Record<string, unknown> | undefined;
  const scalars = Object.entries(options ?? {})
    .filter(([, v]) => v !== undefined && (typeof v !== "object" || v === null))
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify({ kind, N, linear, options: scalars });
}

/**
 * The job a worker warms on: one of the sweep's own, from the middle of the sweep (the first is
 * often a special case, e.g. r = 0 where nothing is driven and the solver takes few steps).
 */
export function warmUpPayload(payloads: readonly unknown[]): unknown {
  return payloads[payloads.length >> 1];
}

/**
 * The warm-up has done its work: at least `minWarmRuns` runs, and the last two each within 15% of
 * the fastest so far (the code the sweep will run is compiled; a slower run, e.g. the machine
 * busy for a moment, asks for another).
 */
export function steady(times: readonly number[]): boolean {
  if (times.length < minWarmRuns) return false;
  const best = Math.min(...times);
  return times.slice(-2).every((t) => t <= 1.15 * best);
}
