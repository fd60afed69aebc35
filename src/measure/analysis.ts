/**
 * Pure analysis of the job records a sweep returns (which worker ran which job, when): per-worker
 * totals, the idle tail, the gaps between jobs, where a pooled run's wall time went, the order
 * jobs finished in. No I/O and no timing: each function takes records and returns numbers.
 */
import { UsageError } from "../core/errors.js";
import { assertInteger, assertPositive, describe } from "../core/check.js";
import type { JobRecord, SummaryRow } from "../core/types.js";

/** What one worker of a pooled run did: its jobs, its busy time, its first start and last end. */
export interface WorkerStats {
  worker: number;
  jobs: number;
  /** Sum of its jobs' durations (ms). */
  busyMs: number;
  /** When it started its first job and finished its last (ms since the sweep began). */
  firstStartMs: number;
  lastEndMs: number;
}

/**
 * One entry per worker that ran jobs, in worker order. The spread of `lastEndMs` is the tail.
 *
 * @example
 * workerStats(report.jobs).map((w) => w.busyMs); // e.g. [2210, 2380]
 */
export function workerStats(jobs: readonly JobRecord[]): WorkerStats[] {
  const workers = [...new Set(jobs.map((j) => j.worker))].sort((a, b) => a - b);
  return workers.map((worker) => {
    const mine = jobs.filter((j) => j.worker === worker);
    return {
      worker,
      jobs: mine.length,
      busyMs: mine.reduce((sum, j) => sum + (j.end - j.start), 0),
      firstStartMs: Math.min(...mine.map((j) => j.start)),
      lastEndMs: Math.max(...mine.map((j) => j.end)),
    };
  });
}

/**
 * How far apart (ms) the workers finished their last jobs: the idle tail of a pooled run, during
 * which some worker had nothing left to do. 0 for a single worker.
 *
 * @example
 * finishSpreadMs(report.jobs); // e.g. 390: one worker idled that long at the end
 */
export function finishSpreadMs(jobs: readonly JobRecord[]): number {
  const ends = workerStats(jobs).map((w) => w.lastEndMs);
  return ends.length === 0 ? 0 : Math.max(...ends) - Math.min(...ends);
}

/**
 * Mean time (ms) between one job's end and the next job's start on the same worker: what handing
 * over a job really costs in a run (its tuple out, the previous result back, the scheduling),
 * as opposed to an empty job's dispatch. NaN when no worker ran two jobs.
 *
 * @example
 * meanGapMs(report.jobs); // e.g. 1.1 for the heavy workload at chunksize 1
 */
export function meanGapMs(jobs: readonly JobRecord[]): number {
  let sum = 0;
  let count = 0;
  for (const worker of new Set(jobs.map((j) => j.worker))) {
    const mine = jobs.filter((j) => j.worker === worker).sort((a, b) => a.start - b.start);
    for (let i = 1; i < mine.length; i++) {
      sum += mine[i].start - mine[i - 1].end;
      count++;
    }
  }
  return count === 0 ? NaN : sum / count;
}

/**
 * Where the wall time of a pooled run went, read off the pool run's own timeline: per worker,
 * start-up + busy + gaps + idle tail + shutdown = wall time, each part >= 0 (a worker's jobs do
 * not overlap and lie inside the run), averaged over the workers. How the pool's job times compare
 * with the loop's is a separate ratio (`busyRatio`), never a part: jobs that happened to run faster
 * in the pool would make it negative.
 */
export interface WallBreakdown {
  workers: number;
  wallMs: number;
  /** Mean wait from the sweep's start to each worker's first job (threads starting, the library loading). */
  startupMs: number;
  /** Mean time per worker spent in jobs. */
  busyMs: number;
  /** Mean time per worker between its jobs (results back, the next job out). */
  gapsMs: number;
  /** Mean time per worker from its last job's end to the last job's end anywhere: the idle tail. */
  tailMs: number;
  /** From the last job's end to the sweep's return (the pool stopping). */
  shutdownMs: number;
  /** The loop's job time split evenly over the workers: the wall time of a perfect pool whose jobs cost what they cost in the loop. */
  perfectMs: number;
  /** `busyMs - perfectMs`: the pool's job time per worker above the loop's (negative when faster); a comparison, not a part of the wall time. */
  slowdownMs: number;
  /** Job time in the pool over job time in the loop: 1 when a job costs the same in both. */
  busyRatio: number;
  /**
   * Job time per wall time, `workers * busyMs / wallMs`: how many jobs ran at once on average, at
   * most `workers` since a worker runs one job at a time. A speedup measured on the pool's own job
   * times can never exceed it.
   */
  concurrency: number;
}

/**
 * Takes the wall time of a pooled run apart on its own timeline: per worker, wall = start-up + its
 * jobs + the gaps between them + its idle tail + the pool's shutdown (each >= 0, see WallBreakdown),
 * and compares its job time with the same jobs run sequentially (`busyRatio`).
 *
 * @example
 * const b = wallBreakdown(seq.jobs, pooled);
 * b.startupMs + b.busyMs + b.gapsMs + b.tailMs + b.shutdownMs; // = b.wallMs
 * b.busyRatio; // e.g. 1.12: a job took 12% longer in the pool than in the loop
 */
export function wallBreakdown(
  sequentialJobs: readonly Pick<JobRecord, "index" | "start" | "end">[],
  pooled: { jobs: readonly JobRecord[]; wallMs: number; workers: number },
): WallBreakdown {
  const { jobs, wallMs, workers } = pooled;
  assertInteger(workers, "pooled.workers", 1);
  assertPositive(wallMs, "pooled.wallMs");
  const pooledIndices = new Set(jobs.map((j) => j.index));
  const sequentialIndices = new Set(sequentialJobs.map((j) => j.index));
  if (
    jobs.length === 0 ||
    pooledIndices.size !== sequentialIndices.size ||
    [...pooledIndices].some((i) => !sequentialIndices.has(i))
  ) {
    throw new UsageError(
      `the two runs must hold the same jobs, got ${sequentialJobs.length} sequential and ${jobs.length} pooled: pass the reports of one workload run both ways`,
      "pooled",
    );
  }
  // Clamped to the run, so that clock rounding cannot turn a part negative.
  const clamp = (t: number) => Math.min(wallMs, Math.max(0, t));
  const lastEnd = clamp(Math.max(...jobs.map((j) => j.end)));
  // Per worker that ran jobs: start-up before its first, busy time, gaps (its span minus its
  // jobs) and tail; a worker that never got a job idled all along, which counts as tail.
  const rows = workerStats(jobs).map((w) => {
    const first = clamp(w.firstStartMs);
    const last = Math.max(first, clamp(w.lastEndMs));
    const busy = Math.min(w.busyMs, last - first);
    return { first, last, busy };
  });
  const sum = (f: (w: (typeof rows)[number]) => number) => rows.reduce((total, w) => total + f(w), 0);
  const busy = sum((w) => w.busy);
  const tail = sum((w) => lastEnd - w.last) + (workers - rows.length) * lastEnd;
  const work = sequentialJobs.reduce((total, j) => total + (j.end - j.start), 0);
  return {
    workers,
    wallMs,
    startupMs: sum((w) => w.first) / workers,
    busyMs: busy / workers,
    gapsMs: sum((w) => w.last - w.first - w.busy) / workers,
    tailMs: tail / workers,
    shutdownMs: wallMs - lastEnd,
    perfectMs: work / workers,
    slowdownMs: (busy - work) / workers,
    busyRatio: busy / work,
    concurrency: busy / wallMs,
  };
}

/**
 * The speedup of a pooled run over a loop of the same jobs, credited only with what the pool did:
 * the loop's time over the pool's, where the loop's time is taken as at most the pool's own job
 * time. Jobs that ran faster in the pool than in the loop (noise, or a loop in a colder state) are
 * not counted as the pool's gain, so the result never exceeds `concurrency`, hence never the
 * worker count. Returns the speedup and the raw ratio of the wall times.
 *
 * @example
 * fairSpeedup(400, { jobs, wallMs: 220, workers: 2 }); // { speedup: 1.8, raw: 1.82 }: 396 ms of jobs in 220 ms
 */
export function fairSpeedup(
  loopWallMs: number,
  pooled: { jobs: readonly Pick<JobRecord, "start" | "end">[]; wallMs: number; workers: number },
): { speedup: number; raw: number } {
  assertPositive(loopWallMs, "loopWallMs");
  assertPositive(pooled.wallMs, "pooled.wallMs");
  assertInteger(pooled.workers, "pooled.workers", 1);
  const busy = pooled.jobs.reduce((total, j) => total + Math.max(0, j.end - j.start), 0);
  // a worker runs one job at a time, so its jobs fit in the wall time: the cap only guards the clocks
  const credited = Math.min(loopWallMs, busy, pooled.workers * pooled.wallMs);
  return { speedup: credited / pooled.wallMs, raw: loopWallMs / pooled.wallMs };
}

/** Within this fraction of the loop's time, a pool is "about even" with it. */
const evenBand = 0.05;

/**
 * The one verdict rule for a speedup on `workers` workers: faster or slower than the loop when
 * more than 5% away from it, else about even; and how far from the ideal `workers`x.
 *
 * @example
 * speedupVerdict(0.97, 2); // "about even with the loop (the ideal: 2x)"
 * speedupVerdict(1.5, 2); // "faster than the loop, 75% of the ideal 2x"
 */
export function speedupVerdict(speedup: number, workers: number): string {
  if (speedup > 1 + evenBand)
    return `faster than the loop, ${Math.round((100 * speedup) / workers)}% of the ideal ${workers}x`;
  if (speedup < 1 - evenBand) return `slower than the loop (the ideal: ${workers}x)`;
  return `about even with the loop (the ideal: ${workers}x)`;
}

/** Job indices in the order the jobs finished (by end time; ties by index). */
export function finishOrder(jobs: readonly JobRecord[]): number[] {
  return [...jobs].sort((a, b) => a.end - b.end || a.index - b.index).map((j) => j.index);
}

/**
 * True when two sweeps' summary rows are identical to the last bit (same r, sz_mean, s2_abs, in
 * the same order): a pool changes when results are computed, never what.
 *
 * @example
 * sameObservables(sequential.rows, pooled.rows); // true
 */
export function sameObservables(a: readonly SummaryRow[], b: readonly SummaryRow[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (row, i) =>
        Object.is(row.r, b[i].r) && Object.is(row.sz_mean, b[i].sz_mean) && Object.is(row.s2_abs, b[i].s2_abs),
    )
  );
}

/**
 * Least-squares slope of log y against log x: the k in y ~ x^k.
 *
 * @example
 * loglogSlope([10, 20, 40], [100, 400, 1600]); // 2
 */
export function loglogSlope(xs: readonly number[], ys: readonly number[]): number {
  if (!Array.isArray(xs) || !Array.isArray(ys) || xs.length !== ys.length || xs.length < 2) {
    throw new UsageError(
      `\`xs\` and \`ys\` must be arrays of the same length, at least 2, got ${describe(xs)} and ${describe(ys)}`,
      "xs",
    );
  }
  if ([...xs, ...ys].some((v) => !(v > 0) || !Number.isFinite(v))) {
    throw new UsageError("`xs` and `ys` must hold finite numbers greater than 0 (their logarithms are taken)", "xs");
  }
  const lx = xs.map(Math.log);
  const ly = ys.map(Math.log);
  const mx = lx.reduce((a, b) => a + b, 0) / lx.length;
  const my = ly.reduce((a, b) => a + b, 0) / ly.length;
  let sxy = 0;
  let sxx = 0;
  lx.forEach((x, i) => {
    sxy += (x - mx) * (ly[i] - my);
    sxx += (x - mx) ** 2;
  });
  if (sxx === 0) throw new UsageError("`xs` must hold at least two different values", "xs");
  return sxy / sxx;
}
