/**
 * One pooled run: hands chunks to free workers, keeps results in job order, times jobs out, and
 * fails fast (the way `concurrent.futures` handles failure rather than `multiprocessing.Pool`,
 * which hangs when a worker dies). A job that throws, a worker that dies or a job over
 * `timeoutMs` fails the run at once, and every worker it used is terminated before it rejects.
 * Results already delivered through `onJobDone` / `onResult` stay delivered.
 */
import type { ResourceLimits } from "node:worker_threads";
import { JobError, SweepInterruptedError, WorkerDiedError, withPartial } from "../core/errors.js";
import type { JobRecord } from "../core/types.js";
import { ChunkQueue } from "./chunk-queue.js";
import { register } from "./interrupt.js";
import type { JobKind } from "./jobs.js";
import { Release } from "./ordered-release.js";
import type { DoneMessage } from "./worker.js";
import { type ResolvedPoolOptions, flushWaitMs, tinyInflight, tinyJobMs, tinyQueueMs } from "./options.js";
import { type SlotListener, type WorkerSlot, asError, cloneError, deathDetail, wallNow } from "./worker-slot.js";

export { deathDetail } from "./worker-slot.js";

/** Where a run gets its workers: an open pool, or one started for this run alone. */
export interface SlotHost {
  /** Worker number `id`, ready to start (a fresh one if it had none or its worker is gone). */
  slotFor(id: number): WorkerSlot;
  /** A fresh worker in place of number `id` (its old one was terminated). */
  replace(id: number): WorkerSlot;
  /** The generation of `shared` (see SharedValues). */
  generationOf(shared: unknown): number;
  /** The workers' memory limits, for the advice on a worker out of memory. */
  readonly resourceLimits?: ResourceLimits;
}

/** How one worker got ready, for the timeline: ms since the run began (negative: before it). */
export interface WorkerStartup {
  worker: number;
  /** Its thread was created. */
  spawn: number;
  /** It could take jobs (loaded, and `shared` received if there was one). */
  ready: number;
  /** The warm-up solve, when the pool was opened with `warm: true`. */
  warmStart?: number;
  warmEnd?: number;
  /** "cold": fresh; "warmed": ran the warm-up solve; "reused": ran jobs of an earlier sweep. */
  state: "cold" | "warmed" | "reused";
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
  /** Workers actually started: `workers`, or the number of chunks when there are fewer. */
  workers: number;
  chunksize: number;
  /** How each worker got ready (spawn, warm-up), for the timeline. */
  workerStarts: WorkerStartup[];
  /** A warm pool's warm-up on this sweep's configuration, before the timed part (ms; 0: none needed). Not in `wallMs`. */
  warmupMs?: number;
}

export class PoolRunner<R> implements SlotListener {
  private readonly t0 = wallNow();
  private readonly total: number;
  private readonly results: (R | undefined)[];
  private readonly errors: (JobError | undefined)[];
  private readonly records: (JobRecord | undefined)[];
  private readonly queue: ChunkQueue;
  private readonly release: Release;
  /** The current worker of each number; every one ever used is in `used`. */
  private readonly slots: WorkerSlot[] = [];
  private readonly used: WorkerSlot[] = [];
  /** Workers ready for this run: when, and how warm they were. */
  private readonly prepared = new Map<WorkerSlot, { at: number; state: WorkerStartup["state"] }>();
  private readyAt = 0;
  /** Each worker's last job (ms): tiny jobs let it hold more chunks (see depth). */
  private readonly lastJobMs = new Map<WorkerSlot, number>();
  /** Workers not yet ready for the first dispatch. */
  private waiting: number;
  private done = 0;
  private failure: Error | undefined;
  private settle: (() => void) | undefined;
  private generation = -1;
  /** The run is stopping (see stop): set until it has failed with a SweepInterruptedError. */
  private stopping?: Promise<void>;
  /** Workers asked to flush that have not answered yet, and what ends the wait for them. */
  private awaiting = new Set<WorkerSlot>();
  private flushDone?: () => void;
  /** stop(reason, true): workers that answered the flush idle are kept for the pool's next run. */
  private keepAnswered = false;
  private readonly kept = new Set<WorkerSlot>();

  constructor(
    private readonly kind: JobKind,
    private readonly payloads: readonly unknown[],
    private readonly options: ResolvedPoolOptions,
    private readonly host: SlotHost,
  ) {
    this.total = payloads.length;
    this.waiting = options.workers;
    this.results = new Array(this.total).fill(undefined);
    this.errors = new Array(this.total).fill(undefined);
    this.records = new Array(this.total).fill(undefined);
    this.queue = new ChunkQueue(options.order, options.chunksize);
    this.release = new Release(this.total, options.ordered, (i) => this.options.onResult?.(i, this.results[i]));
  }

  async run(): Promise<PoolRun<R>> {
    const unregister = register(this);
    const { signal } = this.options;
    const onAbort = () => void this.stop("aborted");
    signal?.addEventListener("abort", onAbort);
    try {
      const finished = new Promise<void>((resolve) => (this.settle = resolve));
      // Already aborted: fail before any worker is started.
      if (signal?.aborted) void this.stop("aborted");
      if (!this.failure && !this.stopping) {
        if (this.options.shared !== undefined) this.generation = this.host.generationOf(this.options.shared);
        for (let id = 0; id < this.options.workers; id++) this.use(this.host.slotFor(id));
      }
      await finished;
      if (this.failure) {
        await this.terminateUsed();
        throw withPartial(this.failure, { results: [...this.results], jobs: [...this.records] });
      }
      return {
        results: this.results,
        errors: this.errors,
        records: this.records as JobRecord[],
        wallMs: wallNow() - this.t0,
        startupMs: this.readyAt - this.t0,
        workers: this.options.workers,
        chunksize: this.options.chunksize,
        workerStarts: this.workerStarts(),
      };
    } finally {
      for (const slot of this.used) if (slot.listener === this) slot.listener = undefined;
      signal?.removeEventListener("abort", onAbort);
      unregister();
    }
  }

  /**
   * Stops the run (an interrupt, an abort, the pool closing) without losing a finished job: no
   * chunk goes out any more, every worker holding jobs is asked to hand over the ones it finished
   * (one busy in a job answers when the job ends; the wait lasts at most `flushWaitMs`), they are
   * recorded as usual (`onJobDone`, `partial`), and only then are the workers terminated and the
   * run rejects with a SweepInterruptedError. Resolves once the flush is over. `keep`: the workers
   * that answered, idle, stay up for the pool's next run (a loop over `pool.imap` left early).
   */
  stop(reason: string, keep = false): Promise<void> {
    if (this.stopping) return this.stopping;
    if (this.failure || this.done === this.total) return Promise.resolve();
    const holding = this.used.filter((slot) => slot.usable && slot.queue.length > 0);
    this.keepAnswered = keep;
    if (keep) for (const slot of this.used) if (slot.usable && slot.queue.length === 0) this.kept.add(slot);
    this.awaiting = new Set(holding);
    const flushed = new Promise<void>((resolve) => (this.flushDone = resolve));
    for (const slot of holding) slot.flush();
    if (holding.length === 0) this.flushDone?.();
    const timer = setTimeout(() => this.flushDone?.(), flushWaitMs);
    this.stopping = flushed.then(() => {
      clearTimeout(timer);
      this.flushDone = undefined;
      this.fail(new SweepInterruptedError(reason, this.done, this.total), true);
    });
    return this.stopping;
  }

  /** A worker asked to flush has handed over every job it finished (and, idle now, may be kept). */
  flushed(slot: WorkerSlot): void {
    if (!this.awaiting.delete(slot)) return;
    if (this.keepAnswered && slot.queue.length === 0) this.kept.add(slot);
    if (this.awaiting.size === 0) this.flushDone?.();
  }

  /** Takes a worker into this run: once it is ready (and holds `shared`), it gets chunks. */
  private use(slot: WorkerSlot): void {
    this.slots[slot.id] = slot;
    this.used.push(slot);
    slot.listener = this;
    slot.queue = [];
    slot.chunks = 0;
    const state: WorkerStartup["state"] =
      slot.jobsRun > 0 ? "reused" : slot.times.warmEnd !== undefined ? "warmed" : "cold";
    const ready = this.options.shared === undefined ? slot.spawned : slot.share(this.options.shared, this.generation);
    ready.then(
      () => {
        if (this.failure || this.stopping || !slot.usable) return;
        const at = wallNow();
        this.readyAt = Math.max(this.readyAt, at);
        this.prepared.set(slot, { at, state });
        // The first chunks go out once every worker is ready, chunk k to worker k (as threads.js's
        // own pool would); a replacement started later takes chunks as soon as it is ready.
        if (--this.waiting > 0) return;
        if (this.waiting < 0) return this.pump(slot);
        for (let k = 1; k <= this.options.inflight; k++) for (const s of this.slots) this.pump(s, k);
      },
      (error: unknown) => slot.listener === this && this.fail(asError(error)),
    );
  }

  /** How each worker this run used got ready, for the timeline (workers that never got ready are left out). */
  private workerStarts(): WorkerStartup[] {
    const since = (t: number) => t - this.t0;
    return this.used.flatMap((slot) => {
      const ready = this.prepared.get(slot);
      if (!ready) return [];
      const { spawn, warmStart, warmEnd } = slot.times;
      const warm = warmStart !== undefined && warmEnd !== undefined;
      return [
        {
          worker: slot.id,
          spawn: since(spawn),
          ready: since(ready.at),
          ...(warm ? { warmStart: since(warmStart), warmEnd: since(warmEnd) } : {}),
          state: ready.state,
        },
      ];
    });
  }

  /** Fails the run (once); `stopped`: the end of stop(), which fails it even if every job got done meanwhile. */
  private fail(error: Error, stopped = false): void {
    if (this.failure || (this.done === this.total && !stopped)) return;
    this.failure = error;
    void this.terminateUsed();
    this.settle?.();
  }

  /** A worker exited without being told to: the run fails now (it would otherwise wait forever). */
  exited(slot: WorkerSlot, code: number): void {
    if (this.failure || slot.retired || this.done === this.total) return;
    const lost = [...slot.queue].sort((a, b) => a - b);
    const ready = this.prepared.has(slot);
    const { detail, hint } = deathDetail(slot.lastError, code, ready, this.host.resourceLimits?.maxOldGenerationSizeMb);
    this.fail(new WorkerDiedError(slot.id, detail, lost, this.options.r && lost.map((i) => this.rOf(i)), hint));
  }

  /** The job's r for its record; the job index stands in when the run has no `r` (records need a number). */
  private rOf(index: number): number {
    return this.options.r?.[index] ?? index;
  }

  /** Fills worker `slot` up to `depth` chunks, sent in one message. */
  private pump(slot: WorkerSlot, depth = this.depth(slot)): void {
    if (this.failure || this.stopping || !this.prepared.has(slot) || !slot.usable) return;
    const chunks: number[][] = [];
    while (slot.chunks + chunks.length < depth && this.queue.size > 0) chunks.push(this.queue.shift() as number[]);
    if (chunks.length === 0) return;
    const idle = slot.queue.length === 0;
    for (const indices of chunks) slot.queue.push(...indices);
    slot.chunks += chunks.length;
    if (idle) this.arm(slot, wallNow());
    const batch = this.options.timeoutMs === Infinity;
    try {
      slot.send(
        this.kind,
        chunks.map((indices) => indices.map((index) => ({ index, payload: this.payloads[index] }))),
        batch ? Math.floor(depth / 2) : -1,
      );
    } catch (error) {
      const indices = chunks.flat();
      this.fail(cloneError(error, `\`payloads[${indices.join("], payloads[")}]\``, "the job payloads"));
    }
  }

  /**
   * Chunks `slot` may hold: `inflight`; or, left to the pool, while its last job was tiny, enough
   * to keep it busy for `tinyQueueMs` (a refill takes a message each way) and at most `tinyInflight`.
   */
  private depth(slot: WorkerSlot): number {
    const { inflight, adaptive, chunksize } = this.options;
    const jobMs = this.lastJobMs.get(slot) ?? Infinity;
    if (!adaptive || jobMs >= tinyJobMs) return inflight;
    return Math.min(tinyInflight, Math.max(inflight, Math.ceil(tinyQueueMs / (Math.max(jobMs, 0.01) * chunksize))));
  }

  /** Starts the timeout of the job `slot` runs now, which began at `since` (wall clock, ms). */
  private arm(slot: WorkerSlot, since: number): void {
    clearTimeout(slot.timer);
    slot.timer = undefined;
    if (this.options.timeoutMs === Infinity || slot.queue.length === 0) return;
    const index = slot.queue[0];
    // setTimeout holds at most 2^31 - 1 ms; a longer limit is no limit in practice.
    const delay = Math.min(2 ** 31 - 1, Math.max(0, this.options.timeoutMs - (wallNow() - since)));
    slot.timer = setTimeout(() => this.timedOut(slot, index, since), delay);
  }

  private timedOut(slot: WorkerSlot, index: number, since: number): void {
    if (this.failure || this.stopping || slot.retired || slot.queue[0] !== index) return;
    const { timeoutMs } = this.options;
    const error = new JobError(
      index,
      this.options.r?.[index],
      `timed out after ${timeoutMs} ms (\`timeoutMs\` = ${timeoutMs}) and its worker ${slot.id} was terminated: raise \`timeoutMs\` or make the job smaller`,
    );
    const rest = slot.queue.slice(1);
    slot.queue = [];
    void slot.terminate();
    if (!this.options.collectErrors) return this.fail(error);
    // The jobs queued behind it never ran: they go out again, first, to whichever worker is free.
    this.queue.pushFront(rest);
    const end = wallNow() - this.t0;
    this.finish(
      { index, r: this.rOf(index), worker: slot.id, start: since - this.t0, end, rhsEvals: 0 },
      undefined,
      error,
    );
    if (this.failure || this.done === this.total) return;
    if (this.queue.size > 0) this.use(this.host.replace(slot.id));
    for (const other of this.slots) if (other !== slot) this.pump(other);
  }

  /** Jobs a worker finished (several when they were tiny), in the order it finished them. */
  receive(slot: WorkerSlot, messages: readonly DoneMessage[]): void {
    if (this.failure || slot.retired) return;
    for (const { index, last, start, end } of messages) {
      if (slot.queue[0] === index) slot.queue.shift();
      else slot.queue.splice(slot.queue.indexOf(index) >>> 0, 1);
      if (last) slot.chunks--;
      slot.jobsRun++;
      this.lastJobMs.set(slot, end - start);
    }
    // The next job of this worker started when the last of these ended.
    this.arm(slot, messages[messages.length - 1].end);
    // The next chunks go out before these jobs are recorded, so the worker is not kept waiting
    // on the callbacks (a journal write, a progress line).
    this.pump(slot);
    for (const message of messages) {
      if (this.failure) return;
      this.record(slot, message);
    }
  }

  private record(slot: WorkerSlot, message: DoneMessage): void {
    const { index } = message;
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
      this.release.finish(index);
    } catch (callbackError) {
      this.done--; // not counted as done, so `fail` still takes effect
      return this.fail(asError(callbackError));
    }
    if (this.done === this.total && !this.stopping) this.settle?.();
  }

  /** Terminates every worker this run used; resolves when their threads are gone. */
  private terminateUsed(): Promise<void> {
    const stopped = this.used.filter((slot) => !this.kept.has(slot));
    return Promise.all(stopped.map((slot) => slot.terminate())).then(() => undefined);
  }
}
