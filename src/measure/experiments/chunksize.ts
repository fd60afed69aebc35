/** Experiment 2: the pooled sweep at several chunksizes, beside the makespan model. */
import { type OptionKeys, assertInteger, assertNumberList } from "../../core/check.js";
import { predictMakespan } from "../makespan.js";
import { runPool } from "../../parallel/run-pool.js";
import { defaultWorkers } from "../../parallel/options.js";
import { runSweep } from "../../sweep/run.js";
import { machine } from "../../core/machine.js";
import { stats, timeit } from "../timing.js";
import type { JobRecord, Machine, TimingStats } from "../../core/types.js";
import { buildSweep } from "../../physics/workloads.js";
import {
  type ExperimentOptions,
  type SequentialBaseline,
  type WorkloadSpec,
  checkExperimentOptions,
  experimentKeys,
  jobCosts,
  pick,
  resolveWorkload,
  workloadName,
} from "./common.js";
import "../jobs.js"; // registers the "empty" job

export interface ChunksizeOptions extends ExperimentOptions {
  /** @default "heavy" */
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

const chunksizeKeys = {
  ...experimentKeys,
  workload: true,
  workers: true,
  chunksizes: true,
  overheadMs: true,
  baseline: true,
} as const satisfies OptionKeys<ChunksizeOptions>;

/** One chunksize: its wall time beside the makespan model's. */
export interface ChunksizePoint {
  chunksize: number;
  wall: TimingStats;
  /** Wall time predicted by the makespan model from measured per-job times (ms). */
  modelMs: number;
}

/** Experiment 2: wall time per chunksize at fixed workers, beside the makespan model. */
export interface ChunksizeResult {
  workload: string;
  workers: number;
  jobs: number;
  /** Measured per-job solve times (ms), in job order, used by the model. */
  jobMs: number[];
  /** Per-dispatch overhead used by the model (ms). */
  overheadMs: number;
  points: ChunksizePoint[];
  machine: Machine;
}

/** What `chunksizes` returns: the result, the pools' median start-up, and the warmed loop's job costs. */
export interface ChunksizeRun extends ChunksizeResult {
  /** When the first job started, median over every pooled run (ms). */
  startupMs: number;
  /** Each job's cost in the warmed loop (or the given baseline's), in job order (ms). */
  sequentialJobMs: number[];
}

/**
 * Experiment 2: wall time per chunksize at fixed workers, beside the makespan model. The model
 * gets each job's cost as measured inside the workers (median over every pooled run here, so a
 * fresh worker's JIT warm-up is in it), the measured pool start-up, and the measured cost of one
 * hand-over: the idle gap on a worker between the end of one chunk and the start of its next
 * (the chunk's results going back, the next tuple coming in).
 */
export async function chunksizes(options: ChunksizeOptions = {}): Promise<ChunksizeRun> {
  checkExperimentOptions(options, chunksizeKeys, "chunksizes");
  const {
    workload: spec = "heavy",
    workers = defaultWorkers(),
    chunksizes: sizes = [1, 2, 4, 5, 10, 20],
    repeats = 3,
    warmup = 0,
    log,
  } = options;
  const w = resolveWorkload(spec);
  const sweep = buildSweep(w);
  assertNumberList(sizes, "chunksizes", 1, w.nR);
  assertInteger(workers, "workers", 1);
  // each job's cost in the warmed loop (its code compiled by an untimed run), as a baseline's jobMs
  const warmedLoop = async () => {
    await runSweep(sweep, { sequential: true, keepSamples: false });
    return jobCosts(await runSweep(sweep, { sequential: true, keepSamples: false }));
  };
  const sequentialJobMs = options.baseline?.jobMs ?? (await warmedLoop());
  const startups: number[] = [];
  const gaps: number[] = [];
  const perJob: number[][] = sweep.r.map(() => []);
  const points = [];
  for (const chunksize of sizes) {
    const wall = await timeit(
      async () => {
        const run = await runSweep(sweep, { workers, chunksize });
        startups.push(Math.min(...run.jobs.map((job) => job.start)));
        run.jobs.forEach((job) => perJob[job.index].push(job.end - job.start));
        gaps.push(...handOverGaps(run.jobs, chunksize));
      },
      { repeats, warmup, label: `chunksize ${chunksize}` },
    );
    points.push({ chunksize, wall: pick(wall), modelMs: 0 });
    log?.(`chunksize ${chunksize}: median ${wall.medianMs.toFixed(1)} ms`);
  }
  const overheadMs = options.overheadMs ?? (gaps.length > 0 ? stats(gaps).medianMs : await measureOverheadMs(workers));
  const startupMs = stats(startups).medianMs;
  const jobMs = perJob.map((samples) => stats(samples).medianMs);
  for (const point of points)
    point.modelMs = predictMakespan({ jobMs, workers, chunksize: point.chunksize, overheadMs, startupMs }).makespanMs;
  return {
    workload: workloadName(spec),
    workers,
    jobs: w.nR,
    jobMs,
    sequentialJobMs,
    overheadMs,
    startupMs,
    points,
    machine: machine(),
  };
}

/**
 * The idle time on each worker between the end of one chunk and the start of its next chunk,
 * from the records of a run in job order (chunk k holds jobs k*c .. k*c + c - 1).
 */
export function handOverGaps(jobs: readonly JobRecord[], chunksize: number): number[] {
  const gaps: number[] = [];
  const byWorker = new Map<number, JobRecord[]>();
  for (const job of jobs) byWorker.set(job.worker, [...(byWorker.get(job.worker) ?? []), job]);
  for (const mine of byWorker.values()) {
    mine.sort((a, b) => a.start - b.start);
    for (let k = 1; k < mine.length; k++)
      if (mine[k].index % chunksize === 0) gaps.push(mine[k].start - mine[k - 1].end);
  }
  return gaps;
}

/** Per-dispatch overhead (ms) of the kit's pool: empty jobs, chunksize 1, pool start excluded. */
async function measureOverheadMs(workers: number, jobs = 400): Promise<number> {
  const run = await runPool("empty", new Array(jobs).fill(0), { workers, chunksize: 1 });
  const first = Math.min(...run.records.map((r) => r.start));
  const last = Math.max(...run.records.map((r) => r.end));
  return ((last - first) * workers) / jobs;
}
