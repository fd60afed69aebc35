/**
 * A makespan model of ordered, chunked dispatch (`Pool.imap(f, jobs, chunksize)`): predicts the
 * wall time of a pooled sweep from per-job costs, so a measured run can be set beside what the
 * dispatch rule alone would give.
 *
 * Python's Pool cuts the job list into consecutive chunks of `chunksize` and puts them on one task
 * queue; each worker takes the next chunk when it is free. `imap` only yields results in job order,
 * which does not change when the last chunk finishes, so the same model serves `map` and `imap`.
 */
import { UsageError } from "../core/errors.js";
import {
  type OptionKeys,
  assertEachFinite,
  assertInteger,
  assertNonEmptyArray,
  assertPermutation,
  checkOptions,
  describe,
} from "../core/check.js";

export interface MakespanOptions {
  /** Cost of each job (ms), in job order. */
  jobMs: readonly number[];
  /** Number of workers (threads.js `size`). */
  workers: number;
  /** Jobs per dispatch, 1..jobs. */
  chunksize: number;
  /** Cost of one dispatch (send the chunk, receive its results), ms. @default 0 */
  overheadMs?: number;
  /** Pool start-up: every worker is ready at this time, ms. @default 0 */
  startupMs?: number;
  /** Dispatch order: a permutation of the job indices. @default 0, 1, ..., jobs - 1 */
  order?: readonly number[];
}

const makespanOptionKeys = {
  jobMs: true,
  workers: true,
  chunksize: true,
  overheadMs: true,
  startupMs: true,
  order: true,
} as const satisfies OptionKeys<MakespanOptions>;

/** One chunk as the model placed it. */
export interface ChunkPlacement {
  worker: number;
  /** Job indices in the chunk, in dispatch order. */
  jobs: number[];
  start: number;
  end: number;
}

/** What one worker did: time busy (overhead included, start-up not) and its chunks in turn. */
export interface WorkerLoad {
  worker: number;
  busyMs: number;
  chunks: number[][];
}

export interface Makespan {
  /** End of the last chunk, ms since the pool was created (start-up included). */
  makespanMs: number;
  perWorker: WorkerLoad[];
  /** Every chunk, in dispatch order. */
  chunks: ChunkPlacement[];
}

function assertJobMs(jobMs: unknown): asserts jobMs is readonly number[] {
  assertNonEmptyArray(jobMs, "jobMs", "pass one cost per job", "job costs (ms)");
  assertEachFinite(jobMs, "jobMs", "measure that job again or drop it", 0);
}

function assertNonNegative(value: unknown, option: string, fix: string): asserts value is number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new UsageError(`\`${option}\` must be a finite number >= 0, got ${describe(value)}: ${fix}`, option);
  }
}

function assertOrder(order: readonly number[], jobs: number): void {
  assertPermutation(order, "order", jobs, "use largestFirst(jobMs) or leave it out");
}

/**
 * Predicts the makespan of chunked dispatch: chunk k holds the dispatch-order jobs k*c .. k*c+c-1;
 * chunks go out in order, each to the worker free first (ties to the lowest worker id); a chunk
 * occupies its worker for `overheadMs` + the sum of its jobs' costs; all workers start at `startupMs`.
 *
 * @example
 * predictMakespan({ jobMs: Array(20).fill(1), workers: 4, chunksize: 1 }).makespanMs;  // 5
 * predictMakespan({ jobMs: Array(20).fill(1), workers: 2, chunksize: 20 }).makespanMs; // 20: one chunk, one worker
 */
export function predictMakespan(options: MakespanOptions): Makespan {
  // a misspelt key (`worker`) would otherwise surface as "`workers` must be an integer, got undefined"
  checkOptions(options, makespanOptionKeys, "predictMakespan");
  if (options === undefined)
    throw new UsageError(
      `predictMakespan needs its options, got undefined: e.g. predictMakespan({ jobMs: [5, 3, 8], workers: 2, chunksize: 1 })`,
      "options",
    );
  const { jobMs, workers, chunksize, overheadMs = 0, startupMs = 0 } = options;
  assertJobMs(jobMs);
  const jobs = jobMs.length;
  assertInteger(workers, "workers", 1, Infinity, "use at least 1 worker");
  assertInteger(
    chunksize,
    "chunksize",
    1,
    jobs,
    `pick a chunksize from 1 to the ${jobs} jobs, e.g. poolMapChunksize(${jobs}, ${workers})`,
  );
  assertNonNegative(overheadMs, "overheadMs", "use 0 to ignore dispatch cost, or a measured per-dispatch time");
  assertNonNegative(startupMs, "startupMs", "use 0 to ignore pool start-up, or a measured start-up time");
  const order = options.order ?? Array.from({ length: jobs }, (_, i) => i);
  assertOrder(order, jobs);

  const freeAt = new Array<number>(workers).fill(startupMs);
  const perWorker: WorkerLoad[] = Array.from({ length: workers }, (_, worker) => ({ worker, busyMs: 0, chunks: [] }));
  const chunks: ChunkPlacement[] = [];
  let makespanMs = startupMs;
  for (let k = 0; k < jobs; k += chunksize) {
    const chunk = order.slice(k, k + chunksize);
    let worker = 0;
    for (let w = 1; w < workers; w++) if (freeAt[w] < freeAt[worker]) worker = w;
    const cost = chunk.reduce((sum, j) => sum + jobMs[j], overheadMs);
    const start = freeAt[worker];
    const end = start + cost;
    freeAt[worker] = end;
    perWorker[worker].busyMs += cost;
    perWorker[worker].chunks.push(chunk);
    chunks.push({ worker, jobs: chunk, start, end });
    if (end > makespanMs) makespanMs = end;
  }
  return { makespanMs, perWorker, chunks };
}

/**
 * The lower bound no dispatch rule can beat: the work spread perfectly, or the longest job.
 *
 * @example
 * idealMakespan([1, 1, 1, 1], 2); // 2
 * idealMakespan([5, 1, 1], 4);    // 5: the longest job
 */
export function idealMakespan(jobMs: readonly number[], workers: number): number {
  assertJobMs(jobMs);
  assertInteger(workers, "workers", 1, Infinity, "use at least 1 worker");
  let sum = 0;
  let max = 0;
  for (const ms of jobMs) {
    sum += ms;
    if (ms > max) max = ms;
  }
  return Math.max(sum / workers, max);
}
