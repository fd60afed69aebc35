/**
 * A pool's options, checked once (docs/style.md, item 14): `resolvePoolOptions` fills in every default,
 * throws a UsageError on the first bad one, and returns a `ResolvedPoolOptions` that the runner
 * reads without checking again.
 */
import type { ResourceLimits } from "node:worker_threads";
import { UsageError } from "../core/errors.js";
import { kitCores } from "../core/machine.js";
import { type OptionKeys, assertCallback, assertFlag, assertInteger, checkOptions, describe } from "../core/check.js";
import { poolMapChunksize } from "./schedule.js";
import type { JobCallback } from "../core/types.js";

/**
 * How many workers a pool starts when `workers` is not given: the cores the kit believes in
 * (`kitCores`: `SWEEPLAB_CORES` when set, else `os.availableParallelism()`, which follows CPU
 * affinity), or fewer inside a SLURM job that was given fewer CPUs (`SLURM_CPUS_PER_TASK`), since
 * a node may offer more cores than the job owns.
 *
 * @example
 * defaultWorkers(); // 2 on a 2-core laptop; 4 in `sbatch --cpus-per-task=4` on a 64-core node
 * defaultWorkers({ SWEEPLAB_CORES: "16" }); // 16: a 16-core machine's default, on any machine
 */
export function defaultWorkers(env: NodeJS.ProcessEnv = process.env): number {
  const cores = kitCores(env);
  const slurm = Number(env.SLURM_CPUS_PER_TASK);
  return Number.isInteger(slurm) && slurm >= 1 ? Math.min(slurm, cores) : cores;
}

/** Python's `Pool.map` default: chunksize = ceil(jobs / (4 * workers)); 20 jobs on 4 workers -> 2. */
export const defaultChunksize = poolMapChunksize;

/** Most worker threads a pool may have: each is a whole V8 instance (its cost: docs/pool-tuning.md). */
export const maxWorkers = 256;

/**
 * Longest a stopping run waits (ms) for its workers to hand over the jobs they finished before it
 * terminates them: a worker busy in a job answers when the job ends, one on tiny jobs once it has
 * run the chunks it holds (`tinyQueueMs` of work, longer on a loaded machine). Why 500 ms:
 * docs/pool-tuning.md.
 */
export const flushWaitMs = 500;

/** What a sweep needs from an open pool (see openPool): its size, and whether it still runs. */
export interface PoolHandle {
  readonly workers: number;
  readonly closed: boolean;
}

export interface PoolOptions {
  /**
   * Number of worker threads (threads.js `size`), 1..256 (`maxWorkers`). A pool never starts more
   * workers than it has chunks: `workers` in the results is the number actually started.
   * @default the number of cores (with `pool`: the pool's size)
   */
  workers?: number;
  /** Jobs per dispatch, 1..jobs. @default ceil(jobs / (4 * workers)), `Pool.map`'s rule */
  chunksize?: number;
  /** Dispatch order: a permutation of the job indices (e.g. costliest first). Results stay in job order. @default 0, 1, ..., jobs - 1 */
  order?: readonly number[];
  /**
   * Chunks handed to each worker ahead of time. 1 is Python's behaviour (a free worker takes the
   * next chunk); 2 hides the message round trip on tiny jobs, at the price of a chunk queued on a
   * busy worker while another may be idle. More than there are chunks counts as all of them.
   * @default 1, raised on a worker while its jobs take under 0.5 ms each to the chunks it runs in
   * about 10 ms (at most 128): there a message round trip per chunk, or a pause of the main
   * thread (its garbage collection), would cost more than the job
   */
  inflight?: number;
  /** A value sent once to every worker before any job (`Pool(initializer=...)`); an open pool sends it again only when it changes. */
  shared?: unknown;
  /** The sweep variable of each job, for records and error messages. @default the job index */
  r?: readonly number[];
  /**
   * Called once per finished job, in finish order, with `{ record, done, total, value, error }`.
   * Results in job order: `run.results`, or `pool.imap` on an open pool.
   */
  onJob?: JobCallback;
  /**
   * Keep going when a job fails (throws, or runs over `timeoutMs`) and report its error per job,
   * instead of failing the sweep. A worker that dies still fails the sweep. @default false
   */
  collectErrors?: boolean;
  /** Stops the sweep when aborted (rejects with SweepInterruptedError). */
  signal?: AbortSignal;
  /** Memory limits of each worker thread (Node's `resourceLimits`), e.g. `{ maxOldGenerationSizeMb: 256 }`. */
  resourceLimits?: ResourceLimits;
  /**
   * Longest one job may run, in ms, timed on this thread from when its worker starts it. A solve
   * in progress cannot be interrupted, so a job over the limit has its worker terminated and fails
   * with a JobError "timed out after X ms". Without `collectErrors` the sweep then rejects; with
   * it, a fresh worker takes the terminated one's place (and number) and the jobs it still held
   * run again. @default Infinity (no limit)
   */
  timeoutMs?: number;
  /** An open pool (openPool) to run on instead of starting and stopping workers for this sweep alone. */
  pool?: PoolHandle;
}

export const poolOptionKeys = {
  workers: true,
  chunksize: true,
  order: true,
  inflight: true,
  shared: true,
  r: true,
  onJob: true,
  collectErrors: true,
  signal: true,
  resourceLimits: true,
  timeoutMs: true,
  pool: true,
} as const satisfies OptionKeys<PoolOptions>;

/**
 * Options a pool no longer takes, each with what to pass instead. Checked before the unknown-key
 * check, so an old name gets its replacement rather than a guess at a near miss.
 */
export const renamedPoolOptions: Readonly<Record<string, string>> = {
  onJobDone:
    'is now "onJob": pass onJob: (event) => ... with event.record, event.done, event.total, event.value, event.error',
  onResult:
    'is now "onJob": pass onJob: (event) => ... (in finish order; event.record.index is the job\'s position); for results in job order read run.results, or loop over pool.imap(...) on an openPool()',
  ordered:
    "is gone: run.results are in job order; to take each result as it comes, loop over pool.imap(...) (job order) or pool.imapUnordered(...) (finish order) on an openPool(), or pass onJob (finish order)",
};

/** `checkOptions` for a pool's options: an old name (see renamedPoolOptions) is refused with its new one. */
export function checkPoolOptions(options: unknown, keys: object, where: string): void {
  if (typeof options === "object" && options !== null) {
    for (const [key, fix] of Object.entries(renamedPoolOptions)) {
      if ((options as Record<string, unknown>)[key] !== undefined && Object.hasOwn(options, key)) {
        throw new UsageError(`${where} option "${key}" ${fix}`, key);
      }
    }
  }
  checkOptions(options, keys, where);
}

/** How pool.imap takes a run's jobs: each handed on in job order (`imap`) or as it finishes (`imap_unordered`). */
export interface ReleaseHook {
  ordered: boolean;
  deliver(index: number, value: unknown, error: Error | undefined): void;
}

/** The options of one pooled run, every default filled in and every value checked. */
export interface ResolvedPoolOptions {
  /** Workers this run uses: `workers` (or the pool's size) cut down to the number of chunks. */
  workers: number;
  chunksize: number;
  order: number[];
  inflight: number;
  /** `inflight` was left to the pool: it may raise it on a worker running tiny jobs (policy/batching.ts). */
  adaptive: boolean;
  timeoutMs: number;
  collectErrors: boolean;
  r?: readonly number[];
  shared?: unknown;
  onJob?: JobCallback;
  /** Internal (pool.imap): each job handed on in job order, or in finish order, once it is done. */
  release?: ReleaseHook;
  signal?: AbortSignal;
  resourceLimits?: ResourceLimits;
  pool?: PoolHandle;
}

/**
 * Checks pool options against the number of jobs; returns them with defaults filled in, and
 * `workers` and `inflight` cut down to the number of chunks (a worker without a chunk would only
 * cost its start-up).
 */
export function resolvePoolOptions(jobs: number, options: PoolOptions): ResolvedPoolOptions {
  if (jobs === 0) throw new UsageError("the sweep is empty: pass at least one job (e.g. one r value)", "jobs");
  const { pool } = options;
  if (pool !== undefined) checkPoolHandle(pool, options);
  const workers = pool?.workers ?? options.workers ?? defaultWorkers();
  checkWorkers(workers);
  const chunksize = options.chunksize ?? defaultChunksize(jobs, workers);
  assertInteger(chunksize, "chunksize", 1, jobs, `pick a chunk of 1 to ${jobs} jobs (there are ${jobs})`);
  const order =
    options.order === undefined ? Array.from({ length: jobs }, (_, i) => i) : checkOrder(options.order, jobs);
  if (options.r !== undefined && (!Array.isArray(options.r) || options.r.length !== jobs)) {
    throw new UsageError(
      `\`r\` must hold one value per job (${jobs}), got ${describe(options.r)}: pass one r per job, in job order, or leave it out`,
      "r",
    );
  }
  const { inflight = 1, timeoutMs = Infinity } = options;
  assertInteger(inflight, "inflight", 1, Infinity, "pass 1 (dispatch when free) or 2 (one chunk queued ahead)");
  const chunks = Math.ceil(jobs / chunksize);
  if (typeof timeoutMs !== "number" || Number.isNaN(timeoutMs) || timeoutMs <= 0) {
    throw new UsageError(
      `\`timeoutMs\` must be a number of milliseconds greater than 0, got ${describe(timeoutMs)}: e.g. 60000 for a minute per job, or leave it out for no limit`,
      "timeoutMs",
    );
  }
  assertCallback(options.onJob, "onJob", "(event) => void");
  assertFlag(options.collectErrors, "collectErrors");
  if (options.resourceLimits !== undefined) checkResourceLimits(options.resourceLimits);
  const { r, shared, onJob, signal, resourceLimits } = options;
  return {
    workers: Math.min(workers, chunks),
    chunksize,
    order,
    inflight: Math.min(inflight, chunks),
    adaptive: options.inflight === undefined,
    timeoutMs,
    collectErrors: options.collectErrors ?? false,
    ...{ r, shared, onJob, signal, resourceLimits, pool },
  };
}

/** `workers`: a whole number of threads, 1..maxWorkers. */
export function checkWorkers(workers: unknown): asserts workers is number {
  assertInteger(
    workers,
    "workers",
    1,
    maxWorkers,
    `pass a whole number of threads, e.g. ${defaultWorkers()} (this machine's cores); each is a V8 instance of about 10 MB`,
  );
}

/** An open pool, and no option that only a pool of one's own could take. */
function checkPoolHandle(pool: unknown, options: PoolOptions): void {
  const handle = pool as Partial<PoolHandle> | null;
  if (typeof handle !== "object" || handle === null || typeof handle.workers !== "number") {
    throw new UsageError(
      `\`pool\` must be a pool from openPool(), got ${describe(pool)}: const pool = await openPool({ workers: 2 })`,
      "pool",
    );
  }
  if (handle.closed) throw closedPoolError();
  for (const key of ["workers", "resourceLimits"] as const) {
    if (options[key] !== undefined) {
      throw new UsageError(
        `\`${key}\` belongs to the pool when \`pool\` is given, got ${describe(options[key])}: set it in openPool({ ${key} }) or drop \`pool\``,
        key,
      );
    }
  }
}

/** A sweep on a closed pool. */
export function closedPoolError(): UsageError {
  return new UsageError(
    "`pool` is closed (pool.close() was called, or an interrupt or a new openPool closed it): open another with `await openPool({ workers })`",
    "pool",
  );
}

/** A dispatch order must list every job index exactly once. */
function checkOrder(order: unknown, jobs: number): number[] {
  const wrong = (got: string) =>
    new UsageError(
      `\`order\` must be a permutation of the ${jobs} job indices 0..${jobs - 1} (each once), got ${got}: use largestFirst(costs) or leave it out`,
      "order",
    );
  if (!Array.isArray(order)) throw wrong(describe(order));
  if (order.length !== jobs) throw wrong(`an array of length ${order.length}`);
  const at = new Map<number, number>();
  order.forEach((i: unknown, k) => {
    if (typeof i !== "number" || !Number.isInteger(i) || i < 0 || i >= jobs)
      throw wrong(`${describe(i)} at position ${k}`);
    if (at.has(i)) throw wrong(`${i} twice, at positions ${at.get(i)} and ${k}`);
    at.set(i, k);
  });
  return [...order] as number[];
}

/**
 * Smallest limits a worker gets: below them a worker cannot start, and a little lower Node itself
 * crashes the whole process instead of ending the thread (the measurements: docs/pool-tuning.md).
 */
const resourceFloors: Record<string, [floor: number, why: string]> = {
  maxOldGenerationSizeMb: [
    8,
    "a worker needs about 8 MB of heap just to start, and Node crashes the whole process under about 3 MB; e.g. 256",
  ],
  maxYoungGenerationSizeMb: [Number.MIN_VALUE, ""],
  codeRangeSizeMb: [Number.MIN_VALUE, ""],
  stackSizeMb: [1, "a smaller stack can crash the whole process (segmentation fault); Node's default is 4"],
};

export function checkResourceLimits(limits: unknown): asserts limits is ResourceLimits {
  if (typeof limits !== "object" || limits === null || Array.isArray(limits)) {
    throw new UsageError(
      `\`resourceLimits\` must be an object such as { maxOldGenerationSizeMb: 256 }, got ${describe(limits)}`,
      "resourceLimits",
    );
  }
  checkOptions(limits, resourceFloors, "`resourceLimits` (Node's worker resourceLimits)");
  for (const [key, value] of Object.entries(limits)) {
    if (value === undefined) continue;
    const [floor, why] = resourceFloors[key];
    if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
      throw new UsageError(
        `\`resourceLimits.${key}\` must be a number of MB greater than 0, got ${describe(value)}: e.g. 256`,
        "resourceLimits",
      );
    }
    if (value < floor) {
      throw new UsageError(
        `\`resourceLimits.${key}\` must be at least ${floor} (MB), got ${describe(value)}: ${why}`,
        "resourceLimits",
      );
    }
  }
}
