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

/** The option names every experiment takes; an experiment adds its own (`{ ...experimentKeys, ... }`). */
export const experimentKeys = {
  repeats: true,
  warmup: true,
  log: true,
} as const satisfies OptionKeys<ExperimentOptions>;

/** Checks an experiment's options against its option names (`keys`): known names only, and `log` a function. */
export function checkExperimentOptions(options: ExperimentOptions, keys: object, experiment: string): void {
  checkOptions(options, keys, experiment);
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

/**
 * A measured sequential baseline for pools started per run (cold pools): the loop in the same
 * state, the first sweep of a fresh process each repeat (`coldLoop`); and each job's cost in the
 * warmed loop, for the makespan model, costliest-first dispatch and the prediction's parts.
 */
export interface SequentialBaseline {
  /** The loop as the first sweep of a fresh process, one sample per repeat (ms). */
  sequential: TimingStats;
  /** Each job's cost in a warmed loop (a second loop in the same fresh process), in job order (ms). */
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
