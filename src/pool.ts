/**
 * The pooled path: threads.js workers fed in chunks, results kept in job order (`Pool.imap`).
 *
 * Chunks go out one per free worker, in dispatch order (first come, first served, as Python's
 * Pool does). Workers are spawned by threads.js `spawn` and called directly: threads.js's own
 * `Pool.queue` waits on a `setTimeout(0)` per task (~1.15 ms), more than a lecture job costs.
 * Every worker is terminated before `runPool` returns or throws, and a worker that dies fails
 * the sweep at once instead of hanging it.
 */
import * as os from "node:os";
import type { Worker as NodeWorker, ResourceLimits } from "node:worker_threads";
import { spawn, Thread, Worker } from "threads";
import type { FunctionThread, ModuleThread } from "threads";
import { JobError, SweepInterruptedError, UsageError, WorkerDiedError, assertInteger, describe } from "./errors.js";
import { register, removeThreadsExitHandlers } from "./interrupt.js";
import type { JobKind } from "./jobs.js";
import type { JobRecord } from "./types.js";
import type { ChunkJob, JobMessage, WorkerApi } from "./worker.js";

/** Cores this process may use (what `workers` defaults to). */
export function defaultWorkers(): number {
  return typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
}

/** Python's `Pool.map` default: chunksize = ceil(jobs / (4 * workers)); 20 jobs on 4 workers -> 2. */
export function defaultChunksize(jobs: number, workers: number): number {
  return Math.max(1, Math.ceil(jobs / (4 * workers)));
}

export interface PoolOptions {
  /** Number of worker threads (threads.js `size`). @default the number of cores */
  workers?: number;
  /** Jobs per dispatch, 1..jobs. @default ceil(jobs / (4 * workers)), `Pool.map`'s rule */
  chunksize?: number;
  /** Dispatch order: a permutation of the job indices (e.g. costliest first). Results stay in job order. @default 0, 1, ..., jobs - 1 */
  order?: readonly number[];
  /**
   * Chunks handed to each worker ahead of time. 1 is Python's behaviour (a free worker takes the
   * next chunk); 2 hides the message round trip on tiny jobs, at the price of a chunk queued on a
   * busy worker while another may be idle. @default 1
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
  /** Keep going when a job throws and report its error per job, instead of failing the sweep. @default false */
  collectErrors?: boolean;
  /** Stops the sweep when aborted (rejects with SweepInterruptedError). */
  signal?: AbortSignal;
  /** Memory limits of each worker thread (Node's `resourceLimits`). */
  resourceLimits?: ResourceLimits;
}

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

/** Checks pool options against the number of jobs; returns them with defaults filled in. */
export function resolvePoolOptions(
  jobs: number,
  options: PoolOptions,
): { workers: number; chunksize: number; order: number[]; inflight: number } {
  if (jobs === 0) throw new UsageError("the sweep is empty: pass at least one job (e.g. one r value)", "jobs");
  const { workers = defaultWorkers() } = options;
  assertInteger(workers, "workers", 1, Infinity, `pass a whole number of threads, e.g. ${defaultWorkers()} (this machine's cores)`);
  const chunksize = options.chunksize ?? defaultChunksize(jobs, workers);
  assertInteger(chunksize, "chunksize", 1, jobs, `pick a chunk of 1 to ${jobs} jobs (there are ${jobs})`);
  const order = options.order ? [...options.order] : Array.from({ length: jobs }, (_, i) => i);
  const seen = new Set(order);
  if (order.length !== jobs || seen.size !== jobs || order.some((i) => !Number.isInteger(i) || i < 0 || i >= jobs)) {
    throw new UsageError(`\`order\` must be a permutation of the ${jobs} job indices 0..${jobs - 1}, got ${describe(options.order)}: use largestFirst(costs) or leave it out`, "order");
  }
  if (options.r && options.r.length !== jobs) {
    throw new UsageError(`\`r\` must hold one value per job (${jobs}), got ${describe(options.r)}`, "r");
  }
  const { inflight = 1 } = options;
  assertInteger(inflight, "inflight", 1, Infinity, "pass 1 (dispatch when free) or 2 (one chunk queued ahead)");
  return { workers, chunksize, order, inflight };
}

/**
 * Runs `payloads` as jobs of `kind` on a fresh pool of worker threads and returns every result in
 * job order, with a record of which worker ran each job and when.
 * @example
 * const run = await runPool("spin", [5, 5, 5, 5], { workers: 2, chunksize: 1 });
 * run.records.map((j) => j.worker); // e.g. [0, 1, 0, 1]
 */
export async function runPool<R = unknown>(kind: JobKind, payloads: readonly unknown[], options: PoolOptions = {}): Promise<PoolRun<R>> {
  const { workers, chunksize, order, inflight } = resolvePoolOptions(payloads.length, options);
  return new PoolRunner<R>(kind, payloads, options, workers, chunksize, order, inflight).run();
}

class PoolRunner<R> {
  private readonly t0 = wallNow();
  private readonly total: number;
  private readonly results: (R | undefined)[];
  private readonly errors: (JobError | undefined)[];
  private readonly records: (JobRecord | undefined)[];
  private readonly chunks: number[][] = [];
  private readonly raw: Worker[] = [];
  private readonly threads: Thread_[] = [];
  /** Job indices each worker holds right now (lost if it dies). */
  private readonly holding: Set<number>[] = [];
  private nextChunk = 0;
  private done = 0;
  private nextOrdered = 0;
  private failure: Error | undefined;
  private settle: (() => void) | undefined;

  constructor(
    private readonly kind: JobKind,
    private readonly payloads: readonly unknown[],
    private readonly options: PoolOptions,
    private readonly workers: number,
    private readonly chunksize: number,
    order: number[],
    private readonly inflight: number,
  ) {
    this.total = payloads.length;
    this.results = new Array(this.total).fill(undefined);
    this.errors = new Array(this.total).fill(undefined);
    this.records = new Array(this.total).fill(undefined);
    for (let k = 0; k < order.length; k += chunksize) this.chunks.push(order.slice(k, k + chunksize));
  }

  async run(): Promise<PoolRun<R>> {
    const unregister = register(this);
    const { signal } = this.options;
    const onAbort = () => this.stop("aborted");
    signal?.addEventListener("abort", onAbort);
    try {
      if (signal?.aborted) this.stop("aborted");
      const finished = new Promise<void>((resolve) => (this.settle = resolve));
      await Promise.race([this.start(), finished]);
      const startupMs = wallNow() - this.t0;
      if (!this.failure) {
        for (let k = 0; k < this.inflight; k++) for (let w = 0; w < this.workers; w++) this.pump(w);
        await finished;
      }
      if (this.failure) throw this.failure;
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
    if (this.failure) return;
    this.failure = error;
    void this.terminate();
    this.settle?.();
  }

  private async start(): Promise<void> {
    const spawned = Array.from({ length: this.workers }, async (_, w) => {
      const worker = new Worker(WORKER_SCRIPT, { resourceLimits: this.options.resourceLimits });
      removeThreadsExitHandlers();
      this.raw[w] = worker;
      this.holding[w] = new Set();
      let lastError = "";
      // threads.js types its Worker as the browser's; on Node it is a worker_threads Worker.
      const events = worker as unknown as NodeWorker;
      events.on("error", (error: Error) => (lastError = error.message));
      events.on("exit", (code: number) => {
        if (this.failure || this.terminating) return;
        const detail = lastError || `exit code ${code}`;
        this.fail(new WorkerDiedError(w, detail, [...this.holding[w]].sort((a, b) => a - b)));
      });
      const thread = (await spawn<WorkerApi>(worker)) as Thread_;
      this.threads[w] = thread;
      if (this.options.shared !== undefined) await thread.init(this.options.shared);
    });
    const outcomes = await Promise.allSettled(spawned);
    const rejected = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected");
    if (rejected && !this.failure) this.fail(rejected.reason instanceof Error ? rejected.reason : new Error(String(rejected.reason)));
  }

  /** Hands worker `w` the next chunk, if any. */
  private pump(w: number): void {
    if (this.failure || this.nextChunk >= this.chunks.length) return;
    const indices = this.chunks[this.nextChunk++];
    const chunk: ChunkJob[] = indices.map((index) => ({ index, payload: this.payloads[index] }));
    for (const i of indices) this.holding[w].add(i);
    this.threads[w].run(this.kind, chunk).subscribe({
      next: (message) => this.receive(w, message as JobMessage),
      error: (error: Error) => this.fail(error),
      complete: () => this.pump(w),
    });
  }

  private receive(w: number, message: JobMessage): void {
    if (this.failure) return;
    const { index } = message;
    this.holding[w].delete(index);
    const r = this.options.r?.[index] ?? index;
    const record: JobRecord = {
      index,
      r,
      worker: w,
      start: message.start - this.t0,
      end: message.end - this.t0,
      rhsEvals: message.ok ? message.rhsEvals : 0,
    };
    this.records[index] = record;
    if (message.ok) {
      this.results[index] = message.value as R;
    } else {
      const error = new JobError(index, r, message.message, message.tReached);
      if (!this.options.collectErrors) return this.fail(error);
      this.errors[index] = error;
    }
    this.done++;
    try {
      this.options.onJobDone?.(record, this.done, this.total, this.results[index], this.errors[index]);
      while (this.nextOrdered < this.total && this.records[this.nextOrdered]) {
        this.options.onResult?.(this.nextOrdered, this.results[this.nextOrdered]);
        this.nextOrdered++;
      }
    } catch (error) {
      return this.fail(error instanceof Error ? error : new Error(String(error)));
    }
    if (this.done === this.total) this.settle?.();
  }

  private terminating: Promise<void> | undefined;

  /** Terminates every worker (idempotent); resolves when all threads are gone. */
  private terminate(): Promise<void> {
    this.terminating ??= Promise.allSettled(
      this.raw.map((worker, w) => (this.threads[w] ? Thread.terminate(this.threads[w]) : worker?.terminate())),
    ).then(() => undefined);
    return this.terminating;
  }
}
