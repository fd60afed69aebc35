/**
 * One call for a whole sweep of a named workload, sequential or pooled, with its observables:
 * what the CLI, the notebooks and the REPL run.
 */
import { type JobError, type PartialSweep, UsageError } from "../core/errors.js";
import { type OptionKeys, accepted, assertCallback, assertFlag, checkOptions, describe } from "../core/check.js";
import { observables } from "../physics/model.js";
import type { ProgressCallback } from "./progress.js";
import { rhsKinds } from "../physics/rhs.js";
import { type Solution, solveMethods } from "../physics/solve.js";
import {
  type ParallelSweepOptions,
  type PoolTuning,
  type SweepResult,
  checkSweep,
  sequentialSweep,
  pooledSweep,
  retiredSweepOptions,
} from "./sweep.js";
import { defaultWorkers } from "../parallel/options.js";
import type { WorkerStartup } from "../parallel/runner.js";
import { checkDenseMemory } from "./memory.js";
import { machine } from "../core/machine.js";
import type { JobEvent, JobRecord, Machine, SummaryRow } from "../core/types.js";
import {
  type Sweep,
  type Workload,
  type WorkloadName,
  buildSweep,
  checkWorkloadArg,
  workload as lookupWorkload,
} from "../physics/workloads.js";

/** A finished job of `runSweep`: its event, and its summary row (NaN observables where it failed). */
export interface SweepJobEvent extends JobEvent<Solution> {
  readonly row: SummaryRow;
}

export interface RunSweepOptions extends Omit<
  ParallelSweepOptions,
  "r" | "rtol" | "atol" | "maxSteps" | "nSamples" | "method" | "rhs" | "z" | "g1d" | "onJob"
> {
  /** Run in this thread, one job after another, instead of on a pool. @default false */
  sequential?: boolean;
  /**
   * Called once per finished job, in finish order, with `{ record, done, total, value, error,
   * row }`: `value` is the job's Solution, `row` its summary row `r, sz_mean, s2_abs`. A progress
   * display is one: `onJob: notebookProgress()` (or `terminalProgress()`).
   */
  onJob?: (event: SweepJobEvent) => void;
}

export const runSweepOptionKeys = {
  keepSamples: true,
  onJob: true,
  collectErrors: true,
  signal: true,
  workers: true,
  chunksize: true,
  pool: true,
  shareMatrices: true,
  sequential: true,
} as const satisfies OptionKeys<RunSweepOptions>;

/** runSweep's retired options: the sweeps', and the ones only runSweep took. */
const retiredRunOptions = {
  ...retiredSweepOptions,
  onRow: {
    now: "onJob",
    fix: "pass onJob: (event) => ...; event.row is the job's summary row { r, sz_mean, s2_abs }, event.record its record, event.error its error",
  },
  only: {
    fix: "pass a Sweep of just those jobs: const s = buildSweep(w); runSweep({ ...s, r: only.map((i) => s.r[i]), OmegaNValues: only.map((i) => s.OmegaNValues[i]) })",
  },
};

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
];

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
 * @example
 * await runSweep("lecture", { onJob: notebookProgress() }); // a progress line, updated per job
 */
export async function runSweep(
  w: WorkloadName | Partial<Workload> | Sweep = "lecture",
  options: RunSweepOptions = {},
): Promise<SweepReport> {
  return runSweepTuned(w, options, {});
}

/**
 * `runSweep` with the pool's own tuning (`order`, `inflight`, `timeoutMs`, `resourceLimits`),
 * which the public sweeps leave to `runPool`: for the kit's measurements and the CLI.
 */
export async function runSweepTuned(
  w: WorkloadName | Partial<Workload> | Sweep,
  options: RunSweepOptions,
  tuning: PoolTuning,
): Promise<SweepReport> {
  checkRunOptions(options, tuning);
  if (options.sequential !== true) guardMemory(w, options);
  const sweep = toSweep(w);
  const { sequential = false, onJob, workers, chunksize, pool, shareMatrices, ...rest } = options;
  const rowOf = (i: number, solution: Solution | undefined): SummaryRow =>
    solution ? summaryRow(sweep.r[i], solution, sweep.z) : { r: sweep.r[i], sz_mean: NaN, s2_abs: NaN };
  const checked = checkSweep(sweep, {
    ...rest,
    ...sweep.solveOptions,
    r: sweep.r,
    onJob: onJob && ((event) => onJob({ ...event, row: rowOf(event.record.index, event.value) })),
  });
  let result: SweepResult;
  try {
    result = sequential
      ? await sequentialSweep(checked)
      : await pooledSweep(checked, { workers, chunksize, pool, shareMatrices, ...tuning });
  } catch (error) {
    // Keep what finished: the error's `partial` gets summary rows.
    const partial = (error as { partial?: PartialSweep }).partial;
    if (partial) {
      partial.rows = partial.results.map((solution, i) =>
        solution ? summaryRow(sweep.r[i], solution as Solution, sweep.z) : undefined,
      );
    }
    throw error;
  }
  return {
    workload: sweep.workload,
    mode: result.mode,
    workers: result.workers,
    chunksize: result.chunksize,
    rows: result.results.map((solution, i) => rowOf(i, solution)),
    jobs: result.jobs,
    errors: result.errors,
    wallMs: result.wallMs,
    solutions: result.results,
    machine: machine(),
    ...(result.workerStarts ? { workerStarts: result.workerStarts } : {}),
  };
}

function checkRunOptions(options: RunSweepOptions, tuning: PoolTuning): void {
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
  checkOptions(options, runSweepOptionKeys, "runSweep", retiredRunOptions);
  assertFlag(options.sequential, "sequential");
  assertCallback(options.onJob, "onJob", "(event) => void, e.g. notebookProgress()");
  const given: Record<string, unknown> = { ...options, ...tuning };
  for (const key of poolOnlyKeys) {
    if (options.sequential === true && given[key] !== undefined) {
      const why = key === "timeoutMs" ? "a solve in this thread cannot be interrupted; " : "";
      throw new UsageError(
        `\`${key}\` needs a pool, got ${describe(given[key])} with \`sequential: true\`: ${why}drop one of the two`,
        key,
      );
    }
  }
}

/** The memory guard (./memory.ts), before the matrices are built: the workers the pool would start. */
function guardMemory(w: WorkloadName | Partial<Workload> | Sweep, options: RunSweepOptions): void {
  checkWorkloadArg(w, "runSweep", true);
  const given = typeof w === "object" && "OmegaNValues" in w ? w : undefined;
  const wl =
    typeof w === "string" ? lookupWorkload(w) : (given?.workload ?? lookupWorkload("lecture", w as Partial<Workload>));
  const jobs = given && Array.isArray(given.OmegaNValues) ? given.OmegaNValues.length : wl.nR;
  const workers = options.pool?.workers ?? options.workers ?? defaultWorkers();
  checkDenseMemory(wl.nz, wl.rhs, Math.min(workers, jobs));
}

/** The sweep to run: a Sweep as given (its r and drives must pair up), or one built from a workload. */
function toSweep(w: unknown): Sweep {
  checkWorkloadArg(w, "runSweep", true);
  if (typeof w === "string") return buildSweep(lookupWorkload(w));
  if (!("OmegaNValues" in (w as object))) return buildSweep(w as Partial<Workload>);
  const sweep = w as Sweep;
  // drives that are no list at all are refused by the sweep's own check (checkSweep)
  if (Array.isArray(sweep.OmegaNValues) && (!Array.isArray(sweep.r) || sweep.r.length !== sweep.OmegaNValues.length)) {
    throw new UsageError(
      `the Sweep's \`r\` must hold one value per drive in \`OmegaNValues\` (${sweep.OmegaNValues.length}), got ${describe(sweep.r)}: each result is labelled with its r, so change r and OmegaNValues together (build both with buildSweep)`,
      "r",
    );
  }
  return sweep;
}

export type { ProgressCallback };
