/**
 * What a scaling or chunksize experiment says beyond its raw timings: the best point, upper
 * estimates for larger nodes, the wall-time breakdown of a run, and the makespan model's wall
 * time taken apart per chunksize. Pure: experiment results in, numbers out.
 */
import { amdahlLimit, amdahlSpeedup, bestPoint } from "./amdahl.js";
import { predictMakespan } from "./makespan.js";
import { type WallBreakdown, wallBreakdown } from "./analysis.js";
import { UsageError } from "../core/errors.js";
import { assertInteger, describe } from "../core/check.js";
import type { JobRecord } from "../core/types.js";
import type { ChunksizeResult } from "./experiments/chunksize.js";
import type { ScalingResult } from "./experiments/scaling.js";

export { predictSpeedup, checkPredictions, slowdownAt, nodePrediction } from "./predict.js";
export type {
  Spread,
  Contention,
  MeasuredParts,
  PredictOptions,
  SpeedupPrediction,
  PredictionCheck,
} from "./predict.js";

/** What the measured scaling says, in the numbers the notebook's sentences need. */
export interface ScalingNumbers {
  sequentialMs: number;
  best: { workers: number; speedup: number; efficiency: number; medianMs: number };
  serialFraction: number;
  /** 1 / serialFraction: the speedup no number of workers can exceed if the fit holds. */
  amdahlLimit: number;
  /** One row per worker count asked about (measured or not). */
  predictions: Prediction[];
}

export interface Prediction {
  workers: number;
  /** S = p: every worker busy all the time, nothing serial. */
  ideal: number;
  /** At most ceil(jobs / chunksize) chunks exist, so at most that many workers ever get work. */
  busyWorkersAtMost: number;
  /**
   * The speedup the dispatch rule allows with the measured job costs and no overhead at all:
   * total job time / the makespan model's wall time (imbalance: the longest chunk runs alone).
   */
  imbalanceBound: number;
  /** Amdahl's law with the fitted serial fraction. */
  amdahl: number;
}

/**
 * The numbers of a scaling run that the notebook states: the best measured point, the Amdahl fit,
 * and, for each worker count in `predictAt` (e.g. a 10- or 20-core node), three upper estimates:
 * the ideal p, the bound set by job imbalance with the run's chunksize, and Amdahl's S(p).
 *
 * @example
 * const n = scalingNumbers(await scaling({ workload: "heavy", workers: [1, 2] }), [10, 20]);
 * n.predictions[1].busyWorkersAtMost; // 20 with chunksize 1, 10 with the lecture's chunksize 2
 */
export function scalingNumbers(
  result: ScalingResult & { jobMs: readonly number[] },
  predictAt: readonly number[] = [10, 20],
): ScalingNumbers {
  if (!result || !Array.isArray(result.points) || result.points.length === 0 || !Array.isArray(result.jobMs)) {
    throw new UsageError(
      `\`result\` must be what scaling(...) returns (points and jobMs), got ${describe(result)}`,
      "result",
    );
  }
  const best = bestPoint(result.points);
  const s = result.amdahl.serialFraction;
  return {
    sequentialMs: result.sequential.medianMs,
    best: { workers: best.workers, speedup: best.speedup, efficiency: best.efficiency, medianMs: best.wall.medianMs },
    serialFraction: s,
    amdahlLimit: Number.isFinite(s) ? amdahlLimit(s) : NaN,
    predictions: predictAt.map((p) => clusterPrediction(result.jobMs, p, result.chunksize, s)),
  };
}

/**
 * The wall-time breakdown (see `wallBreakdown`) of the last pooled run of a scaling experiment on
 * `workers` workers (by default the count with the best speedup), against its sequential job costs.
 *
 * @example
 * formatRows(breakdownRows(scalingBreakdown(scale)));
 */
export function scalingBreakdown(
  result: ScalingResult & {
    jobMs: readonly number[];
    timelines: readonly { workers: number; jobs: readonly JobRecord[]; wallMs: number }[];
  },
  workers = bestPoint(result.points).workers,
): WallBreakdown {
  const run = result.timelines.find((t) => t.workers === workers);
  if (!run) {
    throw new UsageError(
      `\`workers\` must be one of the measured counts ${result.timelines.map((t) => t.workers).join(", ")}, got ${describe(workers)}`,
      "workers",
    );
  }
  const sequentialJobs = result.jobMs.map((ms, index) => ({ index, start: 0, end: ms }));
  return wallBreakdown(sequentialJobs, { jobs: run.jobs, wallMs: run.wallMs, workers });
}

/**
 * Upper estimates of the speedup of a sweep with these job costs on `workers` workers (see
 * `Prediction`). The lecture's 20 jobs with chunksize 2 make 10 chunks: on 20 cores half of them idle.
 *
 * @example
 * clusterPrediction(Array(20).fill(1), 20, 2, 0).busyWorkersAtMost; // 10
 * clusterPrediction(Array(20).fill(1), 20, 2, 0).imbalanceBound;    // 10
 */
export function clusterPrediction(
  jobMs: readonly number[],
  workers: number,
  chunksize: number,
  serialFraction: number,
): Prediction {
  assertInteger(workers, "workers", 1);
  const total = jobMs.reduce((a, b) => a + b, 0);
  const makespan = predictMakespan({ jobMs, workers, chunksize }).makespanMs;
  return {
    workers,
    ideal: workers,
    busyWorkersAtMost: Math.min(workers, Math.ceil(jobMs.length / chunksize)),
    imbalanceBound: total / makespan,
    amdahl: Number.isFinite(serialFraction) ? amdahlSpeedup(serialFraction, workers) : NaN,
  };
}

/** One chunksize of a chunksize run, the model's wall time taken apart. */
export interface ChunksizeParts {
  chunksize: number;
  /** Chunks sent: ceil(jobs / chunksize). */
  dispatches: number;
  measuredMs: number;
  modelMs: number;
  /** Pool start-up before the first job (measured). */
  startupMs: number;
  /** Total job time / workers: the wall time of a perfect split. */
  workMs: number;
  /** dispatches * per-dispatch overhead / workers. */
  overheadMs: number;
  /** What is left of the model's wall time: the last chunk running while other workers idle. */
  tailMs: number;
}

/**
 * Takes the makespan model's prediction for each chunksize apart into start-up + perfect split of
 * the work + dispatch overhead + the idle tail, so a table shows which one a chunksize pays for:
 * small chunks pay overhead, big chunks pay tail.
 *
 * @example
 * formatRows(chunksizeParts(await chunksizes({ workload: "heavy", workers: 2 })));
 */
export function chunksizeParts(result: ChunksizeResult & { startupMs: number }): ChunksizeParts[] {
  if (!result || !Array.isArray(result.points) || !Array.isArray(result.jobMs)) {
    throw new UsageError(`\`result\` must be what chunksizes(...) returns, got ${describe(result)}`, "result");
  }
  const { jobMs, workers, overheadMs, startupMs } = result;
  const workMs = jobMs.reduce((a, b) => a + b, 0) / workers;
  return result.points.map((p) => {
    const dispatches = Math.ceil(jobMs.length / p.chunksize);
    const modelMs = predictMakespan({ jobMs, workers, chunksize: p.chunksize, overheadMs, startupMs }).makespanMs;
    const overhead = (dispatches * overheadMs) / workers;
    return {
      chunksize: p.chunksize,
      dispatches,
      measuredMs: p.wall.medianMs,
      modelMs,
      startupMs,
      workMs,
      overheadMs: overhead,
      tailMs: Math.max(0, modelMs - startupMs - workMs - overhead),
    };
  });
}

/** The sentences' numbers of a chunksize run: which chunksize won, and where each part peaked. */
export interface ChunksizeSummary {
  parts: ChunksizeParts[];
  /** The chunksize with the lowest measured median, and the one the model ranks first. */
  fastestMeasured: number;
  fastestModel: number;
  /** The chunksize that pays the most dispatch overhead, and the one with the longest idle tail. */
  mostOverhead: ChunksizeParts;
  longestTail: ChunksizeParts;
  /** Largest |measured - model| / measured over all chunksizes. */
  maxMiss: number;
}

/**
 * `chunksizeParts` plus the handful of numbers a reader wants from them.
 *
 * @example
 * const v = chunksizeSummary(chunks);
 * v.fastestMeasured; // e.g. 1 or 2 for the heavy workload on 2 cores
 */
export function chunksizeSummary(result: ChunksizeResult & { startupMs: number }): ChunksizeSummary {
  const parts = chunksizeParts(result);
  if (parts.length === 0)
    throw new UsageError("`result.points` is empty: run chunksizes(...) with at least one chunksize", "result");
  const min = (key: "measuredMs" | "modelMs") => parts.reduce((a, b) => (b[key] < a[key] ? b : a)).chunksize;
  const max = (key: "overheadMs" | "tailMs") => parts.reduce((a, b) => (b[key] > a[key] ? b : a));
  return {
    parts,
    fastestMeasured: min("measuredMs"),
    fastestModel: min("modelMs"),
    mostOverhead: max("overheadMs"),
    longestTail: max("tailMs"),
    maxMiss: Math.max(...parts.map((p) => Math.abs(p.measuredMs - p.modelMs) / p.measuredMs)),
  };
}
