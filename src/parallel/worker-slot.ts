/**
 * One worker thread of a pool, as a handle: its start-up and readiness, the value it was last
 * sent once (`shared`), messages to it (chunks, a flush), its reports and its end. It knows
 * nothing of scheduling: the run that uses it (runner.ts) keeps which jobs it holds (lane.ts) and
 * listens to its reports.
 */
import type { FunctionThread, ModuleThread, Worker } from "threads";
import type { ResourceLimits, Worker as NodeWorker } from "node:worker_threads";
import { UsageError } from "../core/errors.js";

import { createWorker, isDirectMessage, spawnWhenReady, terminateThread } from "./threads-compat.js";
import { type JobKind, jobModule } from "./jobs.js";
import type { ChunkJob, DoneMessage, FlushMessage, JobsMessage, RunMessage, WorkerApi } from "./worker.js";

type Thread_ = ModuleThread<WorkerApi> & FunctionThread;

export const wallNow = () => performance.timeOrigin + performance.now();
export const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

/** Who hears a slot's reports and its end: the run using it (see `listen`). */
export interface SlotListener {
  /** Jobs it finished, in the order it finished them. */
  receive(messages: readonly DoneMessage[]): void;
  exited(code: number): void;
  /** It answered a flush (see `flush`): every job it finished has been received. */
  flushed(): void;
}

/** How a worker got ready: wall-clock times (ms) of its spawn, readiness and warm-up. */
export interface SlotTimes {
  spawn: number;
  ready?: number;
  warmStart?: number;
  warmEnd?: number;
}

export class WorkerSlot {
  readonly worker: Worker;
  private readonly events: NodeWorker;
  thread?: Thread_;
  readonly times: SlotTimes = { spawn: wallNow() };
  /** Spawned and answering (threads.js's init received). */
  readonly spawned: Promise<Thread_>;
  /** The generation of `shared` it holds (see SharedValues); -1: none sent yet. */
  sharedGeneration = -1;
  /** Times a `shared` value was sent to it. */
  sharedSends = 0;
  /** The configurations it has been warmed on (see warm-up.ts `configKey`). */
  readonly warmed = new Set<string>();
  /** Jobs it has reported done, in every sweep so far (0: a cold worker). */
  get jobsRun(): number {
    return this.reported;
  }
  private reported = 0;
  /** Terminated on purpose (a timeout, a failed sweep, the pool closing): its exit is not a death. */
  retired = false;
  /** Its thread has ended, for whatever reason. */
  exited = false;
  exitCode?: number;
  /** The last error the thread reported before it exited. */
  lastError?: Error;
  /** Resolves when its thread has exited, for whatever reason. */
  readonly ended: Promise<void>;
  private markEnded!: () => void;
  /** The run using it now. */
  private listener?: SlotListener;
  private stopping?: Promise<void>;

  /** Starts worker number `id` (its number in records and messages; a replacement keeps it). */
  constructor(
    readonly id: number,
    resourceLimits?: ResourceLimits,
  ) {
    this.ended = new Promise((resolve) => (this.markEnded = resolve));
    ({ worker: this.worker, events: this.events } = createWorker(resourceLimits));
    this.events.on("error", (error: Error) => (this.lastError = error));
    this.events.on("exit", (code: number) => this.onExit(code));
    this.events.on("message", (data: unknown) => {
      if (!isDirectMessage(data) || data.sweeplab !== "jobs") return;
      const { jobs, flushed } = data as JobsMessage;
      this.reported += jobs.length;
      if (jobs.length > 0) this.listener?.receive(jobs);
      if (flushed) this.listener?.flushed();
    });
    this.spawned = spawnWhenReady<Thread_>(this.worker).then((thread) => {
      this.thread = thread;
      this.times.ready = wallNow();
      return thread;
    });
    // a slot that dies while starting reports through its listener or the next run: not here
    this.spawned.catch(() => undefined);
  }

  /** Has its thread, and may take jobs. */
  get usable(): boolean {
    return !this.retired && !this.exited;
  }

  /** Sends its reports and its end to `listener` (in place of any earlier one); returns what stops that. */
  listen(listener: SlotListener): () => void {
    this.listener = listener;
    return () => {
      if (this.listener === listener) this.listener = undefined;
    };
  }

  /** Sends `shared` (as generation `generation`) unless it holds that generation already. */
  async share(shared: unknown, generation: number): Promise<void> {
    const thread = await this.spawned;
    if (this.sharedGeneration === generation || this.retired) return;
    await thread.init(shared).catch((error: unknown) => {
      throw cloneError(error, "`shared`", "the value sent once to every worker");
    });
    this.sharedGeneration = generation;
    this.sharedSends++;
  }

  /**
   * Runs a warm-up job in the worker until its time stops falling (see worker.ts `warm`); resolves
   * to each run's ms, or rejects if the thread ends first (threads.js leaves a call to a thread
   * that ended unanswered).
   */
  async warm(kind: JobKind, payload: unknown): Promise<number[]> {
    const thread = await this.spawned;
    const start = wallNow();
    const ended = this.ended.then(() => {
      throw new Error(`worker ${this.id} ended during its warm-up`);
    });
    // it ends later, after a finished warm-up, too: nobody waits for that rejection then
    ended.catch(() => undefined);
    const times = await Promise.race([thread.warm(kind, jobModule(kind), payload), ended]);
    this.times.warmStart = start;
    this.times.warmEnd = wallNow();
    return times;
  }

  /**
   * Hands it chunks, to run in order (a DataCloneError for payloads that cannot be sent is thrown
   * here, at once). `lowWater`: it may report tiny jobs together while it holds more chunks
   * than this (-1: report each job at once).
   */
  send(kind: JobKind, chunks: ChunkJob[][], lowWater: number): void {
    this.events.postMessage({ sweeplab: "run", kind, module: jobModule(kind), chunks, lowWater } satisfies RunMessage);
  }

  /**
   * Asks it to hand over every job it finished and still holds (a stopping run): it answers
   * through its listener's `flushed` once the job it is running ends.
   */
  flush(): void {
    this.events.postMessage({ sweeplab: "flush" } satisfies FlushMessage);
  }

  /** Lets the process exit while this worker waits for work (an open pool between sweeps). */
  ref(hold: boolean): void {
    if (this.exited) return;
    if (hold) this.events.ref();
    else this.events.unref();
  }

  /** Terminates it (once); resolves when its thread is gone. */
  terminate(): Promise<void> {
    this.retired = true;
    this.stopping ??= this.spawned.then(
      (thread) => terminateThread(this.worker, thread),
      () => terminateThread(this.worker, undefined),
    );
    // a worker still loading has no thread yet: stop it now rather than after its spawn
    if (!this.thread) void this.worker.terminate();
    return this.stopping;
  }

  private onExit(code: number): void {
    this.exited = true;
    this.exitCode = code;
    this.markEnded();
    this.listener?.exited(code);
  }
}

/** A DataCloneError, reworded as the usage error it is; any other error as it came. */
export function cloneError(error: unknown, what: string, role: string): Error {
  const e = asError(error);
  if (e.name !== "DataCloneError") return e;
  return new UsageError(
    `${what} cannot be sent to a worker thread (${e.message}): ${role} must be plain data (numbers, strings, arrays, plain objects, typed arrays), not functions or class instances`,
    what.replace(/`/g, ""),
  );
}

/** What a worker's death says, and what to do about it. */
export function deathDetail(
  error: Error | undefined,
  code: number,
  ready: boolean,
  limit: number | undefined,
): { detail: string; hint: string } {
  const oom = (error as NodeJS.ErrnoException | undefined)?.code === "ERR_WORKER_OUT_OF_MEMORY";
  const detail = oom
    ? `out of memory: ${error?.message}`
    : error
      ? `uncaught ${error.name}: ${error.message}`
      : `its thread exited with code ${code}`;
  const hint = oom
    ? `raise \`resourceLimits.maxOldGenerationSizeMb\`${limit ? ` (now ${limit})` : ""}${ready ? " or give each job less to hold" : ": the worker ran out while starting"}`
    : !ready
      ? "it died while starting, so the worker script could not load: check the build (npm run build) and the error above"
      : error
        ? "an error thrown outside the job's own call (from a timer, a callback or an unawaited promise) ends its thread: catch it inside the job"
        : "something in the job ended its thread (process.exit): a job should return its value or throw";
  return { detail, hint };
}
