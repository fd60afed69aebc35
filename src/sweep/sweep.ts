/**
 * The sweep, both ways: `sequentialSolveOmega` solves the jobs one after another in this thread;
 * `parallelSolveOmega` is the lecture's `parallel_solve_omega`: a pool, packed jobs, ordered
 * results, and the pool terminated however the sweep ends (`with Pool(...)`). Both take the
 * lecture's arguments, check them once (`checkSweep`) and hand one resolved record inward.
 */
import { JobError, SolveError, SweepInterruptedError, UsageError, withPartial } from "../core/errors.js";
import {
  type OptionKeys,
  type RetiredOptions,
  assertCallback,
  assertFlag,
  checkOptions,
  describe,
} from "../core/check.js";
import { register } from "../parallel/interrupt.js";
import type { SharedSolveArgs } from "../physics/solve-job.js";
import { type SweepArgList, type SweepArgs, packSweep, sweepCall } from "../physics/pack.js";
import { runResolved } from "../parallel/run-pool.js";
import { type PoolOptions, resolvePoolOptions } from "../parallel/options.js";
import type { WorkerStartup } from "../parallel/runner.js";
import "./jobs.js"; // registers the "solve" and "solveShared" jobs with the pool
import {
  type ResolvedSolveOptions,
  type Solution,
  type SolveOptions,
  checkDriveList,
  solveJob,
  solveOptionKeys,
  validateSolveArgs,
} from "../physics/solve.js";
import type { JobCallback, JobEvent, JobRecord } from "../core/types.js";

export interface SweepOptions extends SolveOptions {
  /** The sweep variable of each job, for records and error messages. @default the job index */
  r?: readonly number[];
  /**
   * Called once per finished job, in finish order, with its event `{ record, done, total, value,
   * error }` (`value` is the job's Solution): a progress display (`notebookProgress()`,
   * `terminalProgress()`, tqdm's role), a table, a journal that saves work as it completes.
   */
  onJob?: JobCallback<Solution>;
  /** Keep going past a failed job; its error is in `errors` (and on its event). @default false */
  collectErrors?: boolean;
  /** Stops the sweep when aborted. */
  signal?: AbortSignal;
}

export interface ParallelSweepOptions extends SweepOptions, Pick<PoolOptions, "workers" | "chunksize" | "pool"> {
  /**
   * Send Dnm, Gnm and the other fixed arguments once per worker instead of in every job tuple
   * (Python's `Pool(initializer=...)`). The lecture packs them into every job. @default false
   */
  shareMatrices?: boolean;
}

/** The pool's own tuning, which only `runPool` takes publicly: the kit's measurements and CLI pass it inward. */
export type PoolTuning = Pick<PoolOptions, "order" | "inflight" | "timeoutMs" | "resourceLimits">;

export const sweepOptionKeys = {
  ...solveOptionKeys,
  r: true,
  onJob: true,
  collectErrors: true,
  signal: true,
} as const satisfies OptionKeys<SweepOptions>;

export const parallelSweepOptionKeys = {
  ...sweepOptionKeys,
  workers: true,
  chunksize: true,
  pool: true,
  shareMatrices: true,
} as const satisfies OptionKeys<ParallelSweepOptions>;

const oneEvent = "the callback gets one event { record, done, total, value, error }";
const toRunPool = (key: string) =>
  `it tunes the pool itself, which only runPool takes: pass it to runPool("solve", packJobs(...), { ${key}: ... })`;

/** Options the sweeps took once, each with its replacement: "did you mean" for a renamed callback. */
export const retiredSweepOptions: RetiredOptions = {
  progress: {
    now: "onJob",
    fix: `pass onJob: sl.notebookProgress() (or terminalProgress()); ${oneEvent}`,
  },
  onResult: {
    now: "onJob",
    fix: `pass onJob: (event) => ...; ${oneEvent} as each job finishes, and the results come back in job order`,
  },
  onJobDone: { now: "onJob", fix: `pass onJob: (event) => ...; ${oneEvent}` },
  ...Object.fromEntries(
    (["order", "inflight", "timeoutMs", "resourceLimits", "shared", "ordered"] as const).map((key) => [
      key,
      { fix: toRunPool(key) },
    ]),
  ),
};

/** A sweep checked and resolved once: what the loop and the pool read, checking nothing again. */
export interface CheckedSweep {
  args: SweepArgs;
  solve: ResolvedSolveOptions;
  r: readonly number[] | undefined;
  onJob: JobCallback<Solution> | undefined;
  collectErrors: boolean;
  signal: AbortSignal | undefined;
}

/**
 * The one check of a sweep: its arguments (every drive, Dnm and Gnm scanned once here, in the
 * caller's thread, so bad input fails before any worker starts) and its options, resolved.
 */
export function checkSweep(args: SweepArgs, options: SweepOptions): CheckedSweep {
  const { r, onJob, collectErrors = false, signal, ...solveOptions } = options;
  assertCallback(onJob, "onJob", "(event) => void, e.g. notebookProgress()");
  assertFlag(collectErrors, "collectErrors");
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new UsageError(
      `\`signal\` must be an AbortSignal, got ${describe(signal)}: pass controller.signal of an AbortController, or leave it out`,
      "signal",
    );
  }
  checkDriveList(args.OmegaNValues);
  const solve = validateSolveArgs(args, args.OmegaNValues, solveOptions);
  const jobs = args.OmegaNValues.length;
  if (r !== undefined && (!Array.isArray(r) || r.length !== jobs)) {
    throw new UsageError(
      `\`r\` must hold one value per job (${jobs}), got ${describe(r)}: pass one r per job, in job order, or leave it out`,
      "r",
    );
  }
  return { args, solve, r, onJob, collectErrors, signal };
}

export interface SweepResult {
  /** One solution per job, in job order (undefined where a job failed under `collectErrors`). */
  results: Solution[];
  /** One entry per job: its error under `collectErrors`, else undefined. */
  errors: (JobError | undefined)[];
  /** Who ran each job and when (ms since the sweep began), in job order. */
  jobs: JobRecord[];
  /** Wall time of the whole sweep, pool start-up and shutdown included (ms). */
  wallMs: number;
  mode: "sequential" | "pooled";
  workers: number;
  chunksize: number;
  /** Pooled: how each worker got ready (spawn, warm-up; ms since the sweep began, negative on an open pool), for the timeline. */
  workerStarts?: WorkerStartup[];
}

/**
 * The sweep without a pool: one job after another in this thread (the lecture's "slow" way).
 * Yields to the event loop between jobs so progress displays update and Ctrl-C can stop it.
 * @example
 * const s = buildSweep("lecture");
 * const { results } = await sequentialSolveOmega(s.N, s.gamma, s.Dnm, s.Gnm, s.OmegaNValues, s.tSpan, s.y0);
 * results.length; // 20
 */
export async function sequentialSolveOmega(
  ...args: [...sweep: SweepArgList, options?: SweepOptions]
): Promise<SweepResult> {
  const [sweep, options] = sweepCall(args);
  checkOptions(options, sweepOptionKeys, "sequentialSolveOmega", retiredSweepOptions);
  return sequentialSweep(checkSweep(sweep, options ?? {}));
}

/** The loop of `sequentialSolveOmega`, on a checked sweep: each job runs the unchecked solve. */
export async function sequentialSweep(sweep: CheckedSweep): Promise<SweepResult> {
  const { args, solve, r, onJob, collectErrors, signal } = sweep;
  const t0 = performance.now();
  const total = args.OmegaNValues.length;
  const results: Solution[] = [];
  const errors: (JobError | undefined)[] = new Array(total).fill(undefined);
  const jobs: JobRecord[] = [];
  let stopped: string | undefined;
  const unregister = register({ stop: (reason) => (stopped ??= reason) });
  const onAbort = () => (stopped ??= "aborted");
  signal?.addEventListener("abort", onAbort);
  try {
    for (let index = 0; index < total; index++) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (signal?.aborted) stopped ??= "aborted";
      if (stopped) throw new SweepInterruptedError(stopped, index, total, "sequential");
      const start = performance.now() - t0;
      let rhsEvals = 0;
      try {
        const solution = solveJob(args, args.OmegaNValues[index], solve);
        results[index] = solution;
        rhsEvals = solution.nEval;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const tReached = error instanceof SolveError ? error.tReached : undefined;
        const jobError = new JobError(index, r?.[index], message, tReached);
        if (!collectErrors) throw jobError;
        errors[index] = jobError;
      }
      const end = performance.now() - t0;
      const record: JobRecord = { index, r: r?.[index] ?? index, worker: 0, start, end, rhsEvals };
      jobs.push(record);
      onJob?.({ record, done: index + 1, total, value: results[index], error: errors[index] });
    }
  } catch (error) {
    // A failed job, an interrupt, or a throwing callback: what finished travels on the error.
    if (error instanceof Error) {
      const done: (JobRecord | undefined)[] = new Array(total).fill(undefined);
      for (const job of jobs) done[job.index] = job;
      throw withPartial(error, { results: Array.from({ length: total }, (_, i) => results[i]), jobs: done });
    }
    throw error;
  } finally {
    signal?.removeEventListener("abort", onAbort);
    unregister();
  }
  return { results, errors, jobs, wallMs: performance.now() - t0, mode: "sequential", workers: 1, chunksize: 1 };
}

/**
 * The lecture's `parallel_solve_omega`: every job packed as `SolveArgs`, run on a pool of
 * `workers` threads in chunks of `chunksize`, results returned in job order (`imap`).
 * @example
 * const s = buildSweep("lecture");
 * const run = await parallelSolveOmega(s.N, s.gamma, s.Dnm, s.Gnm, s.OmegaNValues, s.tSpan, s.y0,
 *   { workers: 2, chunksize: 2, r: s.r, onJob: notebookProgress() });
 * run.jobs[19].r; // 1.2
 */
export async function parallelSolveOmega(
  ...args: [...sweep: SweepArgList, options?: ParallelSweepOptions]
): Promise<SweepResult> {
  const [sweep, options = {}] = sweepCall(args);
  checkOptions(options, parallelSweepOptionKeys, "parallelSolveOmega", retiredSweepOptions);
  const { workers, chunksize, pool, shareMatrices, ...sweepOptions } = options;
  return pooledSweep(checkSweep(sweep, sweepOptions), { workers, chunksize, pool, shareMatrices });
}

/** How a checked sweep runs on a pool: the public choices, and the tuning only the kit passes. */
export type SweepPool = Pick<ParallelSweepOptions, "workers" | "chunksize" | "pool" | "shareMatrices"> & PoolTuning;

/** The pool of `parallelSolveOmega`, on a checked sweep: the pool checks its own options, once. */
export async function pooledSweep(sweep: CheckedSweep, options: SweepPool): Promise<SweepResult> {
  const { shareMatrices = false, ...choice } = options;
  assertFlag(shareMatrices, "shareMatrices");
  const { args, solve, r, onJob, collectErrors, signal } = sweep;
  const resolved = resolvePoolOptions(args.OmegaNValues.length, {
    ...choice,
    ...{ r, collectErrors, signal },
    onJob: onJob && ((event) => onJob(event as JobEvent<Solution>)),
  });
  const { N, gamma, Dnm, Gnm, tSpan, y0 } = args;
  const run = shareMatrices
    ? await runResolved<Solution>("solveShared", args.OmegaNValues, {
        ...resolved,
        shared: [N, gamma, Dnm, Gnm, tSpan, y0, solve] satisfies SharedSolveArgs,
      })
    : await runResolved<Solution>("solve", packSweep(args, solve), resolved);
  return {
    results: run.results as Solution[],
    errors: run.errors,
    jobs: run.records,
    wallMs: run.wallMs,
    mode: "pooled",
    workers: run.workers,
    chunksize: run.chunksize,
    workerStarts: run.workerStarts,
  };
}
