/**
 * The sweep, both ways: `sequentialSolveOmega` solves the jobs one after another in this thread;
 * `parallelSolveOmega` is the lecture's `parallel_solve_omega`: a pool, packed jobs, ordered
 * results, a progress display, and the pool terminated however the sweep ends (`with Pool(...)`).
 */
import { JobError, SolveError, SweepInterruptedError, UsageError, withPartial } from "../core/errors.js";
import { type OptionKeys, assertCallback, assertFlag, checkOptions, describe } from "../core/check.js";
import { register } from "../parallel/interrupt.js";
import type { SharedSolveArgs } from "../physics/solve-job.js";
import type { ComplexVector } from "../physics/model.js";
import { packJobs } from "../physics/pack.js";
import {
  type PoolOptions,
  type WorkerStartup,
  poolOptionKeys,
  resolvePoolOptions,
  runResolved,
} from "../parallel/pool.js";
import type { ProgressCallback } from "./progress.js";
import "./jobs.js"; // registers the "solve" and "solveShared" jobs with the pool
import {
  type Solution,
  type SolveOptions,
  checkDriveList,
  resolveSolveOptions,
  solveChecked,
  solveOptionKeys,
  validateSolveArgs,
} from "../physics/solve.js";
import type { JobRecord } from "../core/types.js";

export interface SweepOptions extends SolveOptions {
  /** The sweep variable of each job, for records and error messages. @default the job index */
  r?: readonly number[];
  /** Called once per finished job (tqdm's role). */
  progress?: ProgressCallback;
  /** Called once per finished job, in finish order, with its solution or its error: to save work as it completes. */
  onJob?: (record: JobRecord, solution: Solution | undefined, error: JobError | undefined) => void;
  /** Keep going past a failed job; its error is in `errors`. @default false */
  collectErrors?: boolean;
  /** Stops the sweep when aborted. */
  signal?: AbortSignal;
}

export interface ParallelSweepOptions
  extends SweepOptions, Omit<PoolOptions, "onJobDone" | "shared" | "r" | "collectErrors" | "signal"> {
  /**
   * Send Dnm, Gnm and the other fixed arguments once per worker instead of in every job tuple
   * (Python's `Pool(initializer=...)`). The lecture packs them into every job. @default false
   */
  shareMatrices?: boolean;
}

export const sweepOptionKeys = {
  ...solveOptionKeys,
  r: true,
  progress: true,
  onJob: true,
  collectErrors: true,
  signal: true,
} as const satisfies OptionKeys<SweepOptions>;

const { onJobDone: _onJobDone, shared: _shared, ...poolKeys } = poolOptionKeys;
export const parallelSweepOptionKeys = {
  ...sweepOptionKeys,
  ...poolKeys,
  shareMatrices: true,
} as const satisfies OptionKeys<ParallelSweepOptions>;

/** Checks the sweep-level options every sweep takes (callbacks, flags, the abort signal). */
function checkSweepOptions(options: SweepOptions & { shareMatrices?: unknown }): void {
  assertCallback(options.progress, "progress", "(done, total, job) => void");
  assertCallback(options.onJob, "onJob", "(record, solution, error) => void");
  assertFlag(options.collectErrors, "collectErrors");
  assertFlag(options.shareMatrices, "shareMatrices");
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new UsageError(
      `\`signal\` must be an AbortSignal, got ${describe(options.signal)}: pass controller.signal of an AbortController, or leave it out`,
      "signal",
    );
  }
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
  N: number,
  gamma: number,
  Dnm: Float64Array | null,
  Gnm: Float64Array | null,
  OmegaNValues: readonly ComplexVector[],
  tSpan: readonly [number, number],
  y0: Float64Array,
  options: SweepOptions = {},
): Promise<SweepResult> {
  checkOptions(options, sweepOptionKeys, "sequentialSolveOmega");
  return sequentialSweep(N, gamma, Dnm, Gnm, OmegaNValues, tSpan, y0, options);
}

/** sequentialSolveOmega after its option names were checked (by it, or by runSweep). */
export async function sequentialSweep(
  N: number,
  gamma: number,
  Dnm: Float64Array | null,
  Gnm: Float64Array | null,
  OmegaNValues: readonly ComplexVector[],
  tSpan: readonly [number, number],
  y0: Float64Array,
  options: SweepOptions,
): Promise<SweepResult> {
  checkSweepOptions(options);
  checkDriveList(OmegaNValues);
  const { r, progress, onJob, collectErrors = false, signal, ...solveOptions } = options;
  // checked and resolved once here; each job then runs the unchecked solve
  const resolvedSolve = resolveSolveOptions(solveOptions);
  validateSolveArgs(N, gamma, Dnm, Gnm, OmegaNValues, tSpan, y0, resolvedSolve);
  resolvePoolOptions(OmegaNValues.length, { workers: 1, chunksize: 1, r });
  const t0 = performance.now();
  const total = OmegaNValues.length;
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
      const ri = r?.[index] ?? index;
      let rhsEvals = 0;
      try {
        const solution = solveChecked(N, gamma, Dnm, Gnm, OmegaNValues[index], tSpan, y0, resolvedSolve);
        results[index] = solution;
        rhsEvals = solution.nEval;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const jobError = new JobError(
          index,
          r?.[index],
          message,
          error instanceof SolveError ? error.tReached : undefined,
        );
        if (!collectErrors) throw jobError;
        errors[index] = jobError;
      }
      const record: JobRecord = { index, r: ri, worker: 0, start, end: performance.now() - t0, rhsEvals };
      jobs.push(record);
      onJob?.(record, results[index], errors[index]);
      progress?.(index + 1, total, record);
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
 *   { workers: 2, chunksize: 2, r: s.r });
 * run.jobs[19].r; // 1.2
 */
export async function parallelSolveOmega(
  N: number,
  gamma: number,
  Dnm: Float64Array | null,
  Gnm: Float64Array | null,
  OmegaNValues: readonly ComplexVector[],
  tSpan: readonly [number, number],
  y0: Float64Array,
  options: ParallelSweepOptions = {},
): Promise<SweepResult> {
  checkOptions(options, parallelSweepOptionKeys, "parallelSolveOmega");
  return pooledSweep(N, gamma, Dnm, Gnm, OmegaNValues, tSpan, y0, options);
}

/** parallelSolveOmega after its option names were checked (by it, or by runSweep): checks the values once. */
export async function pooledSweep(
  N: number,
  gamma: number,
  Dnm: Float64Array | null,
  Gnm: Float64Array | null,
  OmegaNValues: readonly ComplexVector[],
  tSpan: readonly [number, number],
  y0: Float64Array,
  options: ParallelSweepOptions,
): Promise<SweepResult> {
  checkSweepOptions(options);
  checkDriveList(OmegaNValues);
  const { r, progress, onJob, collectErrors, signal, shareMatrices = false, ...rest } = options;
  const { workers, chunksize, order, inflight, onResult, ordered, resourceLimits, timeoutMs, pool, ...solveOptions } =
    rest;
  const poolOptions: PoolOptions = {
    ...{ workers, chunksize, order, inflight, onResult, ordered, resourceLimits, timeoutMs, pool },
    ...{ r, collectErrors, signal },
    onJobDone: (record, done, total, value, error) => {
      onJob?.(record, value as Solution | undefined, error);
      progress?.(done, total, record);
    },
  };
  // Check every job's arguments here, in the caller's thread, so bad input fails before any
  // worker starts, with the message the sequential sweep gives; workers run the unchecked solve.
  const resolvedSolve = resolveSolveOptions(solveOptions);
  validateSolveArgs(N, gamma, Dnm, Gnm, OmegaNValues, tSpan, y0, resolvedSolve);
  const resolved = resolvePoolOptions(OmegaNValues.length, poolOptions);
  const run = shareMatrices
    ? await runResolved<Solution>("solveShared", OmegaNValues, {
        ...resolved,
        shared: [N, gamma, Dnm, Gnm, tSpan, y0, resolvedSolve] satisfies SharedSolveArgs,
      })
    : await runResolved<Solution>(
        "solve",
        packJobs(N, gamma, Dnm, Gnm, OmegaNValues, tSpan, y0, resolvedSolve),
        resolved,
      );
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
