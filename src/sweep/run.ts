/**
 * One call for a whole sweep of a named workload, sequential or pooled, with its observables:
 * what the CLI, the notebooks and the REPL run.
 */
import { JobError, type PartialSweep, UsageError, WorkerDiedError } from "../core/errors.js";
import { type OptionKeys, accepted, assertCallback, assertFlag, checkOptions, describe } from "../core/check.js";
import { observables } from "../physics/model.js";
import type { ProgressCallback } from "./progress.js";
import { rhsKinds } from "../physics/rhs.js";
import { type Solution, checkDriveList, solveMethods } from "../physics/solve.js";
import {
  type ParallelSweepOptions,
  type SweepResult,
  parallelSweepOptionKeys,
  pooledSweep,
  sequentialSweep,
} from "./sweep.js";
import { defaultWorkers } from "../parallel/options.js";
import type { WorkerStartup } from "../parallel/runner.js";
import { checkDenseMemory } from "./memory.js";
import { machine } from "../core/machine.js";
import type { JobRecord, Machine, SummaryRow } from "../core/types.js";
import {
  type Sweep,
  type Workload,
  type WorkloadName,
  buildSweep,
  checkWorkloadArg,
  workload as lookupWorkload,
} from "../physics/workloads.js";

export interface RunSweepOptions extends Omit<
  ParallelSweepOptions,
  "r" | "rtol" | "atol" | "maxSteps" | "nSamples" | "method" | "rhs" | "z" | "g1d"
> {
  /** Run in this thread, one job after another, instead of on a pool. @default false */
  sequential?: boolean;
  /** Only these job indices (e.g. the ones a resumed run still lacks). @default all */
  only?: readonly number[];
  /** Called once per finished job with its summary row (or its error). */
  onRow?: (row: SummaryRow, record: JobRecord, error?: JobError) => void;
}

const {
  r: _r,
  rtol: _rtol,
  atol: _atol,
  maxSteps: _maxSteps,
  nSamples: _nSamples,
  method: _method,
  rhs: _rhs,
  z: _z,
  g1d: _g1d,
  ...sweepKeys
} = parallelSweepOptionKeys;
/** Options that only a pool reads: with `sequential: true` they are a contradiction, not a no-op. */
const poolOnlyKeys = [
  "timeoutMs",
  "workers",
  "chunksize",
  "order",
  "inflight",
  "resourceLimits",
  "shareMatrices",
  "pool",
] as const satisfies readonly (keyof RunSweepOptions)[];

export const runSweepOptionKeys = {
  ...sweepKeys,
  sequential: true,
  only: true,
  onRow: true,
} as const satisfies OptionKeys<RunSweepOptions>;

export interface SweepReport {
  workload: Workload;
  mode: "sequential" | "pooled";
  workers: number;
  chunksize: number;
  /** One row per job run, in job order: `r, sz_mean, s2_abs` at t_final. */
  rows: SummaryRow[];
  /** Who ran each job and when (ms since the sweep began). */
  jobs: JobRecord[];
  /** Per job: its error, where one failed under `collectErrors`. */
  errors: (JobError | undefined)[];
  /** Whole sweep, pool start and stop included (ms). */
  wallMs: number;
  /** The full solutions (50 samples each), in job order. */
  solutions: Solution[];
  machine: Machine;
  /** Pooled: how each worker got ready (spawn, warm-up; ms since the sweep began), for the timeline. */
  workerStarts?: WorkerStartup[];
}

/** The summary row of one solution: the observables at t_final. */
export function summaryRow(r: number, solution: Solution, z: Float64Array): SummaryRow {
  return { r, ...observables(solution.yFinal, z) };
}

/**
 * Runs the sweep of a workload and returns its summary rows with the timing records.
 * @example
 * const report = await runSweep("lecture", { sequential: true });
 * report.rows[0]; // { r: 0, sz_mean: -1, s2_abs: 0 }: r = 0 never leaves the ground state
 */
export async function runSweep(
  w: WorkloadName | Partial<Workload> | Sweep = "lecture",
  options: RunSweepOptions = {},
): Promise<SweepReport> {
  checkRunOptions(options);
  if (options.sequential !== true) guardMemory(w, options);
  const sweep = toSweep(w);
  const { sequential = false, only, onRow, onJob, ...rest } = options;
  for (const key of poolOnlyKeys) {
    if (sequential && rest[key] !== undefined) {
      const why = key === "timeoutMs" ? "a solve in this thread cannot be interrupted; " : "";
      throw new UsageError(
        `\`${key}\` needs a pool, got ${describe(rest[key])} with \`sequential: true\`: ${why}drop one of the two`,
        key,
      );
    }
  }
  checkOnly(only, sweep.r.length);
  const indices = only ? [...only] : sweep.r.map((_, i) => i);
  const r = indices.map((i) => sweep.r[i]);
  const drives = indices.map((i) => sweep.OmegaNValues[i]);
  const jobOptions = {
    ...rest,
    ...sweep.solveOptions,
    r,
    onJob: (local: JobRecord, solution: Solution | undefined, localError: JobError | undefined) => {
      const record = { ...local, index: indices[local.index] };
      const error = inWorkload(localError, indices);
      onJob?.(record, solution, error);
      if (onRow)
        onRow(
          solution ? summaryRow(record.r, solution, sweep.z) : { r: record.r, sz_mean: NaN, s2_abs: NaN },
          record,
          error,
        );
    },
    // Progress counts this run's jobs, but names each by its index in the workload (as `only` gave it).
    progress:
      rest.progress &&
      ((done: number, total: number, local: JobRecord) =>
        rest.progress?.(done, total, { ...local, index: indices[local.index] })),
  };
  const { N, gamma, Dnm, Gnm, tSpan, y0 } = sweep;
  let result: SweepResult;
  try {
    result = sequential
      ? await sequentialSweep(N, gamma, Dnm, Gnm, drives, tSpan, y0, jobOptions)
      : await pooledSweep(N, gamma, Dnm, Gnm, drives, tSpan, y0, jobOptions);
  } catch (error) {
    // Keep what finished: the error's `partial` gets summary rows and the workload's job indices.
    const partial = (error as { partial?: PartialSweep }).partial;
    if (partial) {
      partial.rows = partial.results.map((solution, i) =>
        solution ? summaryRow(r[i], solution as Solution, sweep.z) : undefined,
      );
      partial.jobs = partial.jobs.map((job) => job && { ...job, index: indices[job.index] });
    }
    throw only ? inWorkload(error, indices) : error;
  }
  const rows = result.results.map((solution, i) =>
    solution ? summaryRow(r[i], solution, sweep.z) : { r: r[i], sz_mean: NaN, s2_abs: NaN },
  );
  return {
    workload: sweep.workload,
    mode: result.mode,
    workers: result.workers,
    chunksize: result.chunksize,
    rows,
    jobs: result.jobs.map((job) => ({ ...job, index: indices[job.index] })),
    errors: result.errors.map((error) => inWorkload(error, indices)),
    wallMs: result.wallMs,
    solutions: result.results,
    machine: machine(),
    ...(result.workerStarts ? { workerStarts: result.workerStarts } : {}),
  };
}

/** Throws unless `only` is undefined or distinct job indices of a sweep of `jobs` jobs. */
function checkOnly(only: unknown, jobs: number): void {
  if (
    only !== undefined &&
    (!Array.isArray(only) ||
      only.some((i) => !Number.isInteger(i) || i < 0 || i >= jobs) ||
      new Set(only).size !== only.length)
  ) {
    throw new UsageError(
      `\`only\` must list distinct job indices from 0 to ${jobs - 1}, got ${Array.isArray(only) ? `[${only.join(", ")}]` : describe(only)}: leave it out to run every job`,
      "only",
    );
  }
}

/**
 * A job's error named by the job's index in the workload: the pool numbers the jobs it was given,
 * so with `only` (a `--resume`) its "job 0" may be the workload's job 6.
 */
function inWorkload<E>(error: E, indices: readonly number[]): E {
  if (error instanceof JobError && indices[error.index] !== error.index) {
    const moved = new JobError(indices[error.index], error.r, error.original, error.tReached);
    return Object.assign(moved, error.partial ? { partial: error.partial } : {}) as E;
  }
  if (error instanceof WorkerDiedError && error.lostJobs.some((i) => indices[i] !== i)) {
    const lost = error.lostJobs.map((i) => indices[i]);
    const moved = new WorkerDiedError(error.worker, error.detail, lost, error.lostR, error.hint);
    return Object.assign(moved, error.partial ? { partial: error.partial } : {}) as E;
  }
  return error;
}

function checkRunOptions(options: RunSweepOptions): void {
  for (const key of ["rtol", "atol", "maxSteps", "nSamples", "method", "rhs", "r"] as const) {
    if (options !== null && typeof options === "object" && key in options) {
      const value = (options as Record<string, unknown>)[key];
      // the example must be a call that runs: the accepted spelling, not the value as received
      const choices = key === "method" ? solveMethods : key === "rhs" ? rhsKinds : undefined;
      const spelled = choices ? accepted(value, choices) : value;
      const example = JSON.stringify(spelled ?? choices?.at(-1));
      const one = choices && spelled === undefined ? ` (one of ${choices.map((c) => `"${c}"`).join(", ")})` : "";
      const fix =
        key === "r"
          ? "set the workload's rMin, rMax and nR instead, e.g. runSweep({ rMax: 0.6, nR: 10 })"
          : `set it in the workload${one}: runSweep({ ${key}: ${example} }) for the lecture, or runSweep(workload("heavy", { ${key}: ${example} }))`;
      throw new UsageError(
        `runSweep takes \`${key}\` from the workload, not from its options, got ${describe(value)}: ${fix}`,
        key,
      );
    }
  }
  checkOptions(options, runSweepOptionKeys, "runSweep");
  assertFlag(options.sequential, "sequential");
  assertCallback(options.onRow, "onRow", "(row, record, error) => void");
  assertCallback(options.onJob, "onJob", "(record, solution, error) => void");
  assertCallback(options.progress, "progress", "(done, total, job) => void");
}

/** The sweep to run: a Sweep as given (its r and drives must pair up), or one built from a workload. */
/** The memory guard (./memory.ts), before the matrices are built: the workers the pool would start. */
function guardMemory(w: WorkloadName | Partial<Workload> | Sweep, options: RunSweepOptions): void {
  checkWorkloadArg(w, "runSweep", true);
  const wl =
    typeof w === "string" ? lookupWorkload(w) : "OmegaNValues" in w ? w.workload : lookupWorkload("lecture", w);
  const jobs = options.only?.length ?? wl.nR;
  const workers = options.pool?.workers ?? options.workers ?? defaultWorkers();
  checkDenseMemory(wl.nz, wl.rhs, Math.min(workers, jobs));
}

function toSweep(w: unknown): Sweep {
  checkWorkloadArg(w, "runSweep", true);
  if (typeof w === "string") return buildSweep(lookupWorkload(w));
  if (!("OmegaNValues" in (w as object))) return buildSweep(w as Partial<Workload>);
  const sweep = w as Sweep;
  checkDriveList(sweep.OmegaNValues);
  if (!Array.isArray(sweep.r) || sweep.r.length !== sweep.OmegaNValues.length) {
    throw new UsageError(
      `the Sweep's \`r\` must hold one value per drive in \`OmegaNValues\` (${sweep.OmegaNValues.length}), got ${describe(sweep.r)}: each result is labelled with its r, so change r and OmegaNValues together (build both with buildSweep)`,
      "r",
    );
  }
  return sweep;
}

export type { ProgressCallback };
