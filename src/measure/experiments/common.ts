/** Options, workload names and helpers the experiments share. */
import { type OptionKeys, assertCallback, checkOptions } from "../../core/check.js";
import { type SweepReport } from "../../sweep/run.js";
import type { SummaryRow, TimingStats } from "../../core/types.js";
import { type Workload, type WorkloadName, workload as lookup, workloads } from "../../physics/workloads.js";

/** A workload by name or as lecture parameters with overrides, e.g. `{ nz: 200, nR: 8 }`. */
export type WorkloadSpec = WorkloadName | Partial<Workload>;

/** Dispatch order of a pooled sweep: the lecture's (job order) or costliest first (LPT). */
export type Schedule = "in-order" | "largest-first";
export const schedules: readonly Schedule[] = ["in-order", "largest-first"];

export interface ExperimentOptions {
  /** Timed repeats per setting (every sample kept). @default 3 */
  repeats?: number;
  /** Untimed runs before each setting's repeats. @default 0 (pool start-up is part of what is measured) */
  warmup?: number;
  /** Called after each measured setting, e.g. to print a line. */
  log?: (line: string) => void;
}

export interface ScalingOptions extends ExperimentOptions {
  workload?: WorkloadSpec;
  /** Worker counts to time. @default 1..cores */
  workers?: number[];
  /** @default 1 */
  chunksize?: number;
  /** @default "in-order" */
  schedule?: Schedule;
  /** The sequential baseline of an earlier `scaling` run of the same workload, reused instead of measured again. */
  baseline?: SequentialBaseline;
}

export interface ChunksizeOptions extends ExperimentOptions {
  workload?: WorkloadSpec;
  /** @default the number of cores */
  workers?: number;
  /** @default [1, 2, 4, 5, 10, 20] */
  chunksizes?: number[];
  /** Per-dispatch overhead for the model (ms). @default measured (the hand-over gaps) */
  overheadMs?: number;
  /** A sequential baseline of the same workload (from `scaling`), reused instead of one more sequential run. */
  baseline?: SequentialBaseline;
}

export interface DispatchOptions extends ExperimentOptions {
  /** @default 2 */
  workers?: number;
  /** Empty jobs per run. @default 1000 */
  jobs?: number;
  /** @default [1, 2, 5, 10] */
  chunksizes?: number[];
}

export interface PackingOptions extends ExperimentOptions {
  /** Atom counts. @default [25, 50, 100, 200, 400, 800] */
  Ns?: number[];
}

export interface GranularityOptions extends ExperimentOptions {
  /** Target job costs (ms). @default [0.01, 0.1, 1, 10, 100] */
  jobMs?: number[];
  /** @default 20 */
  jobs?: number;
  /** @default the number of cores */
  workers?: number;
}

export const experimentKeys = {
  repeats: true,
  warmup: true,
  log: true,
} as const satisfies OptionKeys<ExperimentOptions>;
export const optionKeys = {
  scaling: { ...experimentKeys, workload: true, workers: true, chunksize: true, schedule: true, baseline: true },
  chunksizes: { ...experimentKeys, workload: true, workers: true, chunksizes: true, overheadMs: true, baseline: true },
  dispatch: { ...experimentKeys, workers: true, jobs: true, chunksizes: true },
  packing: { ...experimentKeys, Ns: true },
  granularity: { ...experimentKeys, jobMs: true, jobs: true, workers: true },
} as const satisfies {
  scaling: OptionKeys<ScalingOptions>;
  chunksizes: OptionKeys<ChunksizeOptions>;
  dispatch: OptionKeys<DispatchOptions>;
  packing: OptionKeys<PackingOptions>;
  granularity: OptionKeys<GranularityOptions>;
};

/** Checks an experiment's options: known names only, and `log` a function. */
export function checkExperimentOptions(options: ExperimentOptions, experiment: keyof typeof optionKeys): void {
  checkOptions(options, optionKeys[experiment], experiment);
  assertCallback(options.log, "log", "(line) => void, e.g. console.log");
}

export function resolveWorkload(spec: WorkloadSpec): Workload {
  return typeof spec === "string" ? lookup(spec) : lookup("lecture", spec);
}

/** A short name: "heavy", or the closest named workload with what differs, "heavy with nR=8". */
export function workloadName(spec: WorkloadSpec): string {
  if (typeof spec === "string") return spec;
  const w = resolveWorkload(spec);
  const diffs = Object.entries(workloads).map(([name, base]) => ({
    name,
    changed: (Object.keys(base) as (keyof Workload)[])
      .filter((key) => base[key] !== w[key])
      .map((key) => `${key}=${w[key]}`),
  }));
  const best = diffs.reduce((a, b) => (b.changed.length < a.changed.length ? b : a));
  return best.changed.length === 0 ? best.name : `${best.name} with ${best.changed.join(", ")}`;
}

/** A measured sequential baseline: its timing, each job's cost (ms) and its summary rows. */
export interface SequentialBaseline {
  sequential: TimingStats;
  jobMs: number[];
  rows: SummaryRow[];
}

/** Per-job costs (ms) of a sequential run, for the makespan model and for LPT dispatch. */
export function jobCosts(report: Pick<SweepReport, "jobs">): number[] {
  return report.jobs.map((job) => job.end - job.start);
}

export function fmt(ms: number): string {
  return ms < 0.1 ? ms.toPrecision(2) : ms < 10 ? ms.toFixed(2) : ms.toFixed(0);
}

export function pick(t: TimingStats): TimingStats {
  return { samplesMs: t.samplesMs, medianMs: t.medianMs, minMs: t.minMs, maxMs: t.maxMs };
}

export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
