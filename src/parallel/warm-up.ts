/**
 * What a warm pool warms: each sweep's own configuration (the job kind, the number of atoms, the
 * solver options: method, right-hand side, samples, tolerances), once per configuration, on every
 * worker, before the sweep's timed part. V8 compiles the code a worker has run and for the values
 * it has seen, so a warm-up on another method, right-hand side or size leaves the sweep's own
 * paths cold; and a few short solves are not enough for the engine to finish optimizing, so a
 * worker runs the warm-up job until its time stops falling (`steady`).
 */
import type { SolveArgs } from "../physics/pack.js";
import type { SharedSolveArgs } from "../physics/solve-job.js";

/** Kinds of job a warm pool warms on the sweep's own jobs; any other kind runs as it comes. */
const warmedKinds = new Set(["solve", "solveShared"]);

/** Most runs of the warm-up job per worker and configuration. */
export const maxWarmRuns = 16;
/**
 * Fewest runs. The engine optimises a function once it has run enough, counted in calls as well
 * as in loop turns: a function a solve calls once (the first step's size) was compiled only at its
 * 7th call on a 2-core machine, 3 ms inside a 3 ms job; so 8.
 */
export const minWarmRuns = 8;

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
 * The job a worker warms on, as a "solve" job: the sweep's middle job (the first is often a
 * special case, e.g. r = 0 where nothing is driven and the solver takes few steps), whole. A
 * "solveShared" job is rebuilt from the shared arguments, so the warm-up needs no `shared` of its
 * own. Undefined for other kinds. Whole, not cut short: odex adapts its order as it integrates,
 * and a warm-up over a quarter of the time span left each worker's first odex job with the linear
 * right-hand side 6x slower than the next ones (2-core machine, pools of 2); the whole job, 1x.
 */
export function warmUpJob(kind: string, payloads: readonly unknown[], shared: unknown): SolveArgs | undefined {
  if (!warmedKinds.has(kind) || payloads.length === 0) return undefined;
  const mid = payloads[payloads.length >> 1];
  if (kind === "solve") return mid as SolveArgs;
  const [N, gamma, Dnm, Gnm, tSpan, y0, options] = shared as SharedSolveArgs;
  return [N, gamma, Dnm, Gnm, mid as SolveArgs[4], tSpan, y0, options];
}

/**
 * Most time (ms) one worker spends warming on a configuration. A job this long compiles within
 * its own first runs (its loops turn thousands of times), so more runs would only make the student
 * wait: the heavy workload's middle job takes about a second, and 8 of them per worker would add
 * 8 s before every new configuration.
 */
export const warmBudgetMs = 250;

/**
 * The warm-up has done its work: at least `minWarmRuns` runs, and the last two each within 15% of
 * the fastest so far (the code the sweep will run is compiled; a slower run, e.g. the machine
 * busy for a moment, asks for another); or `warmBudgetMs` spent.
 */
export function steady(times: readonly number[]): boolean {
  if (times.reduce((sum, t) => sum + t, 0) >= warmBudgetMs) return true;
  if (times.length < minWarmRuns) return false;
  const best = Math.min(...times);
  return times.slice(-2).every((t) => t <= 1.15 * best);
}
