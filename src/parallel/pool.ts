/**
 * The pooled path: threads.js workers fed in chunks, results kept in job order (`Pool.imap`).
 *
 * Chunks go out one per free worker, in dispatch order (first come, first served, as Python's
 * Pool does). Workers are spawned by threads.js `spawn` and called directly: threads.js's own
 * `Pool.queue` waits on a `setTimeout(0)` per task (~1.15 ms), more than a lecture job costs.
 *
 * Failure, the way `concurrent.futures` handles it rather than `multiprocessing.Pool` (which
 * hangs when a worker dies): a job that throws, a worker that dies (exit, uncaught error, out of
 * memory) or a job over `timeoutMs` fails the sweep at once, and every worker is terminated
 * before `runPool` returns or throws. Results already delivered through `onJobDone` /
 * `onResult` stay delivered, so a caller that saves them as they come loses nothing.
 */
import * as os from "node:os";
import type { Worker as NodeWorker, ResourceLimits } from "node:worker_threads";
import { spawn, Thread, Worker } from "threads";
import type { FunctionThread, ModuleThread } from "threads";
import { JobError, SweepInterruptedError, UsageError, WorkerDiedError, withPartial } from "../core/errors.js";
import { type OptionKeys, assertFlag, assertInteger, assertOneOf, checkOptions, describe } from "../core/check.js";
import { register, removeThreadsExitHandlers } from "./interrupt.js";
import { type JobKind, jobKinds } from "./jobs.js";
import { poolMapChunksize } from "./schedule.js";
import type { JobRecord } from "../core/types.js";
import type { ChunkJob, JobMessage, WorkerApi } from "./worker.js";

/**
 * How many workers a pool starts when `workers` is not given: the cores this process may use
 * (`os.availableParallelism()`, which follows CPU affinity), or fewer inside a SLURM job that was
 * given fewer CPUs (`SLURM_CPUS_PER_TASK`), since a node may offer more cores than the job owns.
 *
 * @example
 * defaultWorkers(); // 2 on a 2-core laptop; 4 in `sbatch --cpus-per-task=4` on a 64-core node
 */
export function defaultWorkers(env: NodeJS.ProcessEnv = process.env): number {
  const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  const slurm = Number(env.SLURM_CPUS_PER_TASK);
  return Number.isInteger(slurm) && slurm >= 1 ? Math.min(slurm, cores) : cores;
}

/** Python's `Pool.map` default: chunksize = ceil(jobs / (4 * workers)); 20 jobs on 4 workers -> 2. */
export const defaultChunksize = poolMapChunksize;

/**
 * Most worker threads a pool may have. Each is a whole V8 instance: 256 of them took 2.3 GB and
 * 14 s to start on a 2-core machine, and 2000 ran the process out of memory.
 */
export const maxWorkers = 256;

export interface PoolOptions {
  /**
   * Number of worker threads (threads.js `size`), 1..256 (`maxWorkers`). A pool never starts more
   * workers than it has chunks: `workers` in the results is the number actually started.
   * @default the number of cores
   */
  workers?: number;
  /** Jobs per dispatch, 1..jobs. @default ceil(jobs / (4 * workers)), `Pool.map`'s rule */
  chunksize?: number;
  /** Dispatch order: a permutation of the job indices (e.g. costliest first). Results stay in job order. @default 0, 1, ..., jobs - 1 */
  order?: readonly number[];
  /**
   * Chunks handed to each worker ahead of time. 1 is Python's behaviour (a free worker takes the
   * next chunk); 2 hides the message round trip on tiny jobs, at the price of a chunk queued on a
   * busy worker while another may be idle. More than there are chunks counts as all of them. @default 1
   */
  inflight?: number;
  /** A value sent once to every worker before any job (`Pool(initializer=...)`). */
  shared?: unknown;
  /** The sweep variable of each job, for records and error messages. @default the job index */
  r?: readonly number[];
  /** Called once per finished job, in finish order, with the count done so far and its result (or error). */
  onJobDone?: (record: JobRecord, done: number, total: number, value: unknown, error?: JobError) => void;
  /** Called once per job in job order, as soon as it and every job before it are done (imap order). */
  onResult?: (index: number, value: unknown) => void;
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
}

export const poolOptionKeys = {
  workers: true,
  chunksize: true,
  order: true,
  inflight: true,
  shared: true,
  r: true,
  onJobDone: true,
  onResult: true,
  collectErrors: true,
  signal: true,
  resourceLimits: true,
  timeoutMs: true,
} as const satisfies OptionKeys<PoolOptions>;

export interface PoolRun<R> {
  /** One result per job, in job order (undefined where a job failed under `collectErrors`). */
  results: (R | undefined)[];
  /** One entry per job: the job's error under `collectErrors`, else undefined. */
  errors: (JobError | undefined)[];
  /** One record per job, in job order. */
  records: JobRecord[];
  /** Wall time of the whole run, pool start-up and shutdown included (ms). */
  wallMs: number;
  /** Time until every worker was spawned and ready (ms). */
  startupMs: number;
  /** Workers actually started: `workers`, or the number of chunks when there are fewer. */
  workers: number;
  chunksize: number;
}

type Thread_ = ModuleThread<WorkerApi> & FunctionThread;
/**
 * Relative to this compiled file: threads.js resolves a relative path against the first stack
 * frame outside itself, which is this module whether the caller is a script, the CLI or a
 * notebook cell (an absolute path would be joined onto that frame's folder and break).
 */
const WORKER_SCRIPT = "./worker.js";
const wallNow = () => performance.timeOrigin + performance.now();
const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

/**
 * Checks pool options against the number of jobs; returns them with defaults filled in, and
 * `workers` and `inflight` cut down to the number of chunks (a worker without a chunk would only
 * cost its start-up).
 */
export function resolvePoolOptions(
  jobs: number,
  options: PoolOptions,
): { workers: number; chunksize: number; order: number[]; inflight: number; timeoutMs: number } {
  if (jobs === 0) throw new UsageError("the sweep is empty: pass at least one job (e.g. one r value)", "jobs");
  const { workers = defaultWorkers() } = options;
  assertInteger(
    workers,
    "workers",
    1,
    maxWorkers,
    `pass a whole number of threads, e.g. ${defaultWorkers()} (this machine's cores); each is a V8 instance of about 10 MB`,
  );
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
  for (const name of ["onJobDone", "onResult"] as const) {
    if (options[name] !== undefined && typeof options[name] !== "function") {
      throw new UsageError(
        `\`${name}\` must be a function, got ${describe(options[name])}: pass a callback or leave it out`,
        name,
      );
    }
  }
  assertFlag(options.collectErrors, "collectErrors");
  if (options.resourceLimits !== undefined) checkResourceLimits(options.resourceLimits);
  return { workers: Math.min(workers, chunks), chunksize, order, inflight: Math.min(inflight, chunks), timeoutMs };
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
 * crashes the whole process instead of ending the thread (measured on Node 20, 22 and 24: a heap
 * of 2 MB traps on 22 and 24, a stack of 0.1 MB segfaults on all three).
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

function checkResourceLimits(limits: unknown): void {
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

/**
 * Runs `payloads` as jobs of `kind` on a fresh pool of worker threads and returns every result in
 * job order, with a record of which worker ran each job and when.
 * @example
 * const run = await runPool("spin", [5, 5, 5, 5], { workers: 2, chunksize: 1 });
 * run.records.map((j) => j.worker); // e.g. [0, 1, 0, 1]
 * @example
 * // a job that throws fails the sweep, naming it; every worker is gone when this rejects
 * await runPool("fail", ["throw"], { r: [0.5] }); // JobError: job 0 (r = 0.5) failed: this job was told to throw
 */
export async function runPool<R = unknown>(
  kind: JobKind,
  payloads: readonly unknown[],
  options: PoolOptions = {},
): Promise<PoolRun<R>> {
  assertOneOf(kind, "kind", Object.keys(jobKinds), "pick the job a worker should run");
  if (!Array.isArray(payloads)) {
    throw new UsageError(
      `\`payloads\` must be an array with one value per job, got ${describe(payloads)}: e.g. runPool("spin", [5, 5, 5])`,
      "payloads",
    );
  }
  checkOptions(options, poolOptionKeys, "runPool");
  const resolved = resolvePoolOptions(payloads.length, options);
  return new PoolRunner<R>(kind, payloads, options, resolved).run();
}

/** A DataCloneError, reworded as the usage error it is; any other error as it came. */
function cloneError(error: unknown, what: string, role: string): Error {
  const e = asError(error);
  if (e.name !== "DataCloneError") return e;
  return new UsageError(
    `${what} cannot be sent to a worker thread (${e.message}): ${role} must be plain data (numbers, strings, arrays, plain objects, typed arrays), not functions or class instances`,
    what.replace(/`/g, ""),
  );
}

/**
 * Waits for the worker's first message, threads.js's "init", and only then lets threads.js
 * `spawn` see it (replayed). `spawn` itself would wait on a 10 s timer that nothing clears when
 * the worker dies first, keeping the process alive long after the sweep has failed.
 */
function spawnWhenReady(worker: Worker): Promise<Thread_> {
  const events = worker as unknown as NodeWorker;
  return new Promise<unknown>((resolve, reject) => {
    const onMessage = (data: unknown) => {
      if ((data as { type?: unknown } | null)?.type !== "init") return;
      events.off("message", onMessage).off("exit", onExit);
      resolve(data);
    };
    const onExit = (code: number) => {
      events.off("message", onMessage);
      reject(new Error(`the worker exited with code ${code} before it was ready`));
    };
    events.on("message", onMessage).once("exit", onExit);
  }).then((init) => {
    const spawning = spawn<WorkerApi>(worker);
    events.emit("message", init);
    return spawning as Promise<Thread_>;
  });
}

/** One worker thread of the pool, and the jobs it holds. */
interface Slot {
  /** The worker's number in records and messages, 0..workers-1 (a replacement keeps it). */
  readonly id: number;
  readonly worker: Worker;
  thread?: Thread_;
  /** Spawned and initialised: may take chunks. */
  ready: boolean;
  /** Terminated on purpose (a job timed out): its exit is not a death. */
  retired: boolean;
  /** Job indices handed to it, in the order it runs them; the first is running. */
  queue: number[];
  /** Chunks handed to it and not yet completed. */
  chunks: number;
  /** The timeout of the job it is running. */
  timer?: NodeJS.Timeout;
  /** The last error the thread reported before it exited. */
  lastError?: Error;
  /** Its termination, once asked for. */
  stopping?: Promise<void>;
}

class PoolRunner<R> {
  private readonly t0 = wallNow();
  private readonly total: number;
  private readonly results: (R | undefined)[];
  private readonly errors: (JobError | undefined)[];
  private readonly records: (JobRecord | undefined)[];
  private readonly chunks: number[][] = [];
  /** The current worker of each number. */
  private readonly slots: Slot[] = [];
  /** Every worker ever started, replaced ones included: all are terminated at the end. */
  private readonly started: Slot[] = [];
  /** Jobs to run again: they were queued on a worker terminated for another job's timeout. */
  private readonly retry: number[] = [];
  private readonly workers: number;
  private readonly chunksize: number;
  private readonly inflight: number;
  private readonly timeoutMs: number;
  private nextChunk = 0;
  private done = 0;
  private nextOrdered = 0;
  private failure: Error | undefined;
  private settle: (() => void) | undefined;
  /** Set once the pool is being shut down: a worker started after this is terminated at once. */
  private terminating = false;

  constructor(
    private readonly kind: JobKind,
    private readonly payloads: readonly unknown[],
    private readonly options: PoolOptions,
    resolved: ReturnType<typeof resolvePoolOptions>,
  ) {
    ({
      workers: this.workers,
      chunksize: this.chunksize,
      inflight: this.inflight,
      timeoutMs: this.timeoutMs,
    } = resolved);
    this.total = payloads.length;
    this.results = new Array(this.total).fill(undefined);
    this.errors = new Array(this.total).fill(undefined);
    this.records = new Array(this.total).fill(undefined);
    const { order } = resolved;
    for (let k = 0; k < order.length; k += this.chunksize) this.chunks.push(order.slice(k, k + this.chunksize));
  }

  async run(): Promise<PoolRun<R>> {
    const unregister = register(this);
    const { signal } = this.options;
    const onAbort = () => this.stop("aborted");
    signal?.addEventListener("abort", onAbort);
    try {
      // Already aborted: fail before any worker is spawned.
      if (signal?.aborted) this.stop("aborted");
      const finished = new Promise<void>((resolve) => (this.settle = resolve));
      if (!this.failure) await Promise.race([this.start(), finished]);
      const startupMs = wallNow() - this.t0;
      if (!this.failure) {
        for (let k = 0; k < this.inflight; k++) for (const slot of this.slots) this.pumpOne(slot);
        await finished;
      }
      if (this.failure) throw withPartial(this.failure, { results: [...this.results], jobs: [...this.records] });
      await this.terminate();
      return {
        results: this.results,
        errors: this.errors,
        records: this.records as JobRecord[],
        wallMs: wallNow() - this.t0,
        startupMs,
        workers: this.workers,
        chunksize: this.chunksize,
      };
    } finally {
      await this.terminate();
      signal?.removeEventListener("abort", onAbort);
      unregister();
    }
  }

  /** Stops the run: the sweep rejects with a SweepInterruptedError once every worker is gone. */
  stop(reason: string): void {
    this.fail(new SweepInterruptedError(reason, this.done, this.total));
  }

  private fail(error: Error): void {
    if (this.failure || this.done === this.total) return;
    this.failure = error;
    void this.terminate();
    this.settle?.();
  }

  private async start(): Promise<void> {
    const outcomes = await Promise.allSettled(Array.from({ length: this.workers }, (_, id) => this.spawnSlot(id)));
    const rejected = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected");
    if (rejected) this.fail(asError(rejected.reason));
  }

  /** Starts worker number `id` (at start-up, or to replace one terminated after a timeout). */
  private async spawnSlot(id: number): Promise<Slot> {
    const worker = new Worker(WORKER_SCRIPT, { resourceLimits: this.options.resourceLimits });
    removeThreadsExitHandlers();
    const slot: Slot = { id, worker, ready: false, retired: false, queue: [], chunks: 0 };
    this.slots[id] = slot;
    this.started.push(slot);
    if (this.terminating) void this.terminate();
    // threads.js types its Worker as the browser's; on Node it is a worker_threads Worker.
    const events = worker as unknown as NodeWorker;
    events.on("error", (error: Error) => (slot.lastError = error));
    events.on("exit", (code: number) => this.onExit(slot, code));
    const thread = await spawnWhenReady(worker);
    slot.thread = thread;
    if (this.failure || slot.retired) return slot;
    if (this.options.shared !== undefined) {
      await thread.init(this.options.shared).catch((error: unknown) => {
        throw cloneError(error, "`shared`", "the value sent once to every worker");
      });
    }
    slot.ready = true;
    return slot;
  }

  /** A worker exited without being told to: the sweep fails now (it would otherwise wait forever). */
  private onExit(slot: Slot, code: number): void {
    clearTimeout(slot.timer);
    if (this.failure || this.terminating || slot.retired) return;
    const lost = [...slot.queue].sort((a, b) => a - b);
    const error = slot.lastError;
    const oom = (error as NodeJS.ErrnoException | undefined)?.code === "ERR_WORKER_OUT_OF_MEMORY";
    const detail = oom
      ? `out of memory: ${error?.message}`
      : error
        ? `uncaught ${error.name}: ${error.message}`
        : `its thread exited with code ${code}`;
    const limit = this.options.resourceLimits?.maxOldGenerationSizeMb;
    const hint = oom
      ? `raise \`resourceLimits.maxOldGenerationSizeMb\`${limit ? ` (now ${limit})` : ""}${slot.ready ? " or give each job less to hold" : ": the worker ran out while starting"}`
      : !slot.ready
        ? "it died while starting, so the worker script could not load: check the build (npm run build) and the error above"
        : error
          ? "an error thrown outside the job's own call (from a timer, a callback or an unawaited promise) ends its thread: catch it inside the job"
          : "something in the job ended its thread (process.exit): a job should return its value or throw";
    this.fail(new WorkerDiedError(slot.id, detail, lost, this.options.r && lost.map((i) => this.rOf(i)), hint));
  }

  /** The job's r for its record; the job index stands in when the run has no `r` (records need a number). */
  private rOf(index: number): number {
    return this.options.r?.[index] ?? index;
  }

  /** The next jobs to hand out: first any to run again, then the next chunk in dispatch order. */
  private takeChunk(): number[] | undefined {
    if (this.retry.length > 0) return this.retry.splice(0, this.chunksize);
    if (this.nextChunk < this.chunks.length) return this.chunks[this.nextChunk++];
    return undefined;
  }

  private hasWork(): boolean {
    return this.retry.length > 0 || this.nextChunk < this.chunks.length;
  }

  /** Fills worker `slot` up to `inflight` chunks. */
  private pump(slot: Slot): void {
    while (this.pumpOne(slot));
  }

  /** Hands `slot` one more chunk if it has room and there is work; returns whether it did. */
  private pumpOne(slot: Slot): boolean {
    if (this.failure || !slot.ready || slot.retired || slot.chunks >= this.inflight || !this.hasWork()) return false;
    const indices = this.takeChunk() as number[];
    const chunk: ChunkJob[] = indices.map((index) => ({ index, payload: this.payloads[index] }));
    const idle = slot.queue.length === 0;
    slot.queue.push(...indices);
    slot.chunks++;
    if (idle) this.arm(slot, wallNow());
    const current = () => !slot.retired && this.slots[slot.id] === slot;
    (slot.thread as Thread_).run(this.kind, chunk).subscribe({
      next: (message) => current() && this.receive(slot, message as JobMessage),
      error: (error: unknown) =>
        current() && this.fail(cloneError(error, `\`payloads[${indices.join("], payloads[")}]\``, "the job payloads")),
      complete: () => {
        slot.chunks--;
        if (current()) this.pump(slot);
      },
    });
    return true;
  }

  /** Starts the timeout of the job `slot` runs now, which began at `since` (wall clock, ms). */
  private arm(slot: Slot, since: number): void {
    clearTimeout(slot.timer);
    slot.timer = undefined;
    if (this.timeoutMs === Infinity || slot.queue.length === 0) return;
    const index = slot.queue[0];
    // setTimeout holds at most 2^31 - 1 ms; a longer limit is no limit in practice.
    const delay = Math.min(2 ** 31 - 1, Math.max(0, this.timeoutMs - (wallNow() - since)));
    slot.timer = setTimeout(() => this.timedOut(slot, index, since), delay);
  }

  private timedOut(slot: Slot, index: number, since: number): void {
    if (this.failure || slot.retired || slot.queue[0] !== index) return;
    const error = new JobError(
      index,
      this.options.r?.[index],
      `timed out after ${this.timeoutMs} ms (\`timeoutMs\` = ${this.timeoutMs}) and its worker ${slot.id} was terminated: raise \`timeoutMs\` or make the job smaller`,
    );
    slot.retired = true;
    const rest = slot.queue.slice(1);
    slot.queue = [];
    void this.terminateSlot(slot);
    if (!this.options.collectErrors) return this.fail(error);
    // The jobs queued behind it never ran: they go out again, first, to whichever worker is free.
    this.retry.unshift(...rest);
    this.finish(
      { index, r: this.rOf(index), worker: slot.id, start: since - this.t0, end: wallNow() - this.t0, rhsEvals: 0 },
      undefined,
      error,
    );
    if (this.failure || this.done === this.total) return;
    if (this.hasWork()) {
      this.spawnSlot(slot.id).then(
        (fresh) => this.pump(fresh),
        (reason) => this.fail(asError(reason)),
      );
    }
    for (const other of this.slots) if (other !== slot) this.pump(other);
  }

  private receive(slot: Slot, message: JobMessage): void {
    if (this.failure) return;
    const { index } = message;
    const at = slot.queue.indexOf(index);
    if (at >= 0) slot.queue.splice(at, 1);
    // The next job of this worker started when this one ended.
    this.arm(slot, message.end);
    const record: JobRecord = {
      index,
      r: this.rOf(index),
      worker: slot.id,
      start: message.start - this.t0,
      end: message.end - this.t0,
      rhsEvals: message.ok ? message.rhsEvals : 0,
    };
    if (message.ok) return this.finish(record, message.value as R, undefined);
    const error = new JobError(index, this.options.r?.[index], message.message, message.tReached);
    if (!this.options.collectErrors) return this.fail(error);
    this.finish(record, undefined, error);
  }

  /** Stores a finished job (a result, or an error under collectErrors) and reports it. */
  private finish(record: JobRecord, value: R | undefined, error: JobError | undefined): void {
    const { index } = record;
    this.records[index] = record;
    this.results[index] = value;
    this.errors[index] = error;
    this.done++;
    try {
      this.options.onJobDone?.(record, this.done, this.total, value, error);
      while (this.nextOrdered < this.total && this.records[this.nextOrdered]) {
        this.options.onResult?.(this.nextOrdered, this.results[this.nextOrdered]);
        this.nextOrdered++;
      }
    } catch (callbackError) {
      this.done--; // not counted as done, so `fail` still takes effect
      return this.fail(asError(callbackError));
    }
    if (this.done === this.total) this.settle?.();
  }

  private terminateSlot(slot: Slot): Promise<void> {
    if (slot.stopping) return slot.stopping;
    clearTimeout(slot.timer);
    const stopping = slot.thread ? Thread.terminate(slot.thread) : slot.worker.terminate();
    // threads.js keeps every Worker it created in a module-level list for its exit handler; with
    // our listeners removed, a terminated worker no longer holds on to this run's results.
    slot.stopping = Promise.resolve(stopping).then(
      () => void (slot.worker as unknown as NodeWorker).removeAllListeners(),
      () => undefined,
    );
    return slot.stopping;
  }

  /**
   * Terminates every worker started so far (each once); resolves when all their threads are gone.
   * A worker started later is terminated as it starts (see spawnSlot).
   */
  private terminate(): Promise<void> {
    this.terminating = true;
    return Promise.all(this.started.map((slot) => this.terminateSlot(slot))).then(() => undefined);
  }
}
