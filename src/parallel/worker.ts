/**
 * The worker thread's script. It exposes to threads.js (through threads.js's protocol, answered
 * by `expose` below) `init` (the value sent once per worker) and `warm` (one of a sweep's own
 * jobs, run until its time stops falling, so the sweep finds its code compiled). Jobs come on the
 * same port as the pool's own messages (see threads-compat.ts, item 5): chunks in, finished jobs
 * out, each with its start and end on the wall clock shared by all threads
 * (`performance.timeOrigin + performance.now()`). Each chunk names its kind and the module that
 * holds the kind's function (registered on the main thread, jobs.ts); the module is loaded on the
 * kind's first job, so a worker loads only the jobs it runs.
 *
 * Reports go out per job (so progress moves per job, not per chunk), except for tiny jobs: a
 * message between threads costs 10-200 us (more than a 0.2 ms job on a busy machine), so jobs
 * under `tinyJobMs` are reported together, at most `maxBatchMs` late, and as soon as the worker
 * runs out of work (after taking in every refill already waiting on its port, so that a run of
 * small refills does not turn into one report each).
 */
import * as fs from "node:fs";
import { createRequire } from "node:module";
import { parentPort } from "node:worker_threads";
import { SolveError } from "../core/errors.js";
import type { JobKind, JobOutput } from "./jobs.js";
import { isDirectMessage } from "./threads-compat.js";
import { maxBatchMs, tinyJobMs } from "./policy/batching.js";
import { maxWarmRuns, steady } from "./warm-up.js";

export interface ChunkJob {
  index: number;
  payload: unknown;
}

export type JobMessage =
  | { index: number; ok: true; value: unknown; start: number; end: number; rhsEvals: number }
  | { index: number; ok: false; message: string; tReached?: number; start: number; end: number };

/**
 * Chunks to run, in order (main -> worker). `lowWater`: -1 reports each job at once (a run timed
 * per job, `timeoutMs`); otherwise tiny jobs may be reported together.
 */
export interface RunMessage {
  sweeplab: "run";
  kind: JobKind;
  /** The module that exports `jobs[kind]` (jobModule(kind) on the main thread). */
  module: string;
  chunks: ChunkJob[][];
  lowWater: number;
}

/** One finished job; `last` marks its chunk's last job. */
export type DoneMessage = JobMessage & { last: boolean };

/**
 * Hand over every finished job now (main -> worker): the run is stopping. A worker busy in a job
 * answers when that job ends; the chunks it has not started are dropped.
 */
export interface FlushMessage {
  sweeplab: "flush";
}

/** Finished jobs (worker -> main), in the order they finished; `flushed`: the answer to a FlushMessage. */
export interface JobsMessage {
  sweeplab: "jobs";
  jobs: DoneMessage[];
  flushed?: true;
}

type Job = (payload: unknown, shared: unknown) => JobOutput | PromiseLike<JobOutput>;

let shared: unknown;
const load = createRequire(__filename);
const loaded = new Map<string, Job>();

/**
 * The function of `kind`, from `module`, loaded on first use and kept. A module that cannot be
 * loaded or has no `jobs[kind]` gives a job that throws why, so each of its jobs fails naming it.
 */
function jobOf(kind: JobKind, module: string): Job {
  const key = `${kind} ${module}`;
  let job = loaded.get(key);
  if (job) return job;
  try {
    const found = (load(module) as { jobs?: Record<string, unknown> }).jobs?.[kind];
    if (typeof found !== "function") throw new Error(`${module} exports no function \`jobs.${kind}\``);
    job = found as Job;
  } catch (error) {
    const why = `job kind "${kind}" could not be loaded: ${error instanceof Error ? error.message : String(error)}`;
    return () => {
      throw new Error(why);
    };
  }
  loaded.set(key, job);
  return job;
}
const now = () => performance.timeOrigin + performance.now();

const failed = (index: number, start: number, error: unknown): JobMessage => ({
  index,
  ok: false,
  message: error instanceof Error ? error.message : String(error),
  tReached: error instanceof SolveError ? error.tReached : undefined,
  start,
  end: now(),
});

/**
 * Runs a chunk's jobs one after another, reporting each as it finishes, then calls `done`. A job
 * that returns a promise (none of the lecture's do) is awaited before the next starts.
 */
function runChunk(
  kind: JobKind,
  module: string,
  chunk: readonly ChunkJob[],
  post: (message: DoneMessage) => void,
  done: () => void,
): void {
  const job = jobOf(kind, module);
  let k = 0;
  const send = (message: JobMessage) => post({ ...message, last: k === chunk.length - 1 });
  const next = (): void => {
    for (; k < chunk.length; k++) {
      const { index, payload } = chunk[k];
      const start = now();
      let out: JobOutput | PromiseLike<JobOutput>;
      try {
        out = job(payload, shared);
      } catch (error) {
        send(failed(index, start, error));
        continue;
      }
      if (typeof (out as PromiseLike<JobOutput>).then === "function") {
        (out as PromiseLike<JobOutput>).then(
          ({ value, rhsEvals }) => (send({ index, ok: true, value, start, end: now(), rhsEvals }), k++, next()),
          (error: unknown) => (send(failed(index, start, error)), k++, next()),
        );
        return;
      }
      const { value, rhsEvals } = out as JobOutput;
      send({ index, ok: true, value, start, end: now(), rhsEvals });
    }
    done();
  };
  next();
}

/** Chunks received and not started, the chunk running, and the reports not yet sent. */
const queued: { kind: JobKind; module: string; chunk: ChunkJob[]; lowWater: number }[] = [];
let busy = false;
let unsent: DoneMessage[] = [];

/**
 * A test hook: with SWEEPLAB_FINISHED_LOG set (workers inherit the environment), each job's index
 * is appended to that file the moment it finishes here, before it is reported, so a test can check
 * that an interrupted run recorded every job its workers finished.
 */
const finishedLog = process.env.SWEEPLAB_FINISHED_LOG;

function flush(answer = false): void {
  if (unsent.length === 0 && !answer) return;
  const message: JobsMessage = { sweeplab: "jobs", jobs: unsent, ...(answer ? { flushed: true as const } : {}) };
  parentPort?.postMessage(message);
  unsent = [];
}

function report(message: DoneMessage, lowWater: number): void {
  if (finishedLog) fs.appendFileSync(finishedLog, `${message.index}\n`);
  unsent.push(message);
  const tiny = message.end - message.start < tinyJobMs;
  if (lowWater < 0 || !tiny || message.end - unsent[0].end >= maxBatchMs) flush();
}

let idleFlush = false;

/**
 * Out of work: reports what it holds, once every message already waiting on the port has been
 * taken in (the pool's refills sent while this worker was busy), so one report covers them all
 * instead of one report per refill.
 */
function flushWhenIdle(): void {
  if (idleFlush || unsent.length === 0) return;
  idleFlush = true;
  setImmediate(() => {
    idleFlush = false;
    if (!busy && queued.length === 0) flush();
  });
}

/** Runs the queued chunks in order, one at a time. */
function drain(): void {
  while (!busy && queued.length > 0) {
    const { kind, module, chunk, lowWater } = queued.shift() as (typeof queued)[number];
    busy = true;
    let inside = true;
    runChunk(
      kind,
      module,
      chunk,
      (message) => report(message, lowWater),
      () => {
        busy = false;
        if (!inside) drain();
      },
    );
    inside = false;
  }
  if (!busy && queued.length === 0) flushWhenIdle();
}

const api = {
  /**
   * Runs a chunk through threads.js's own call (one message back with every job's outcome): how
   * the dispatch experiment times threads.js's `Pool.queue`. The pool itself does not use it.
   */
  runAll(kind: JobKind, module: string, chunk: ChunkJob[]): Promise<DoneMessage[]> {
    return new Promise((resolve) => {
      const out: DoneMessage[] = [];
      runChunk(
        kind,
        module,
        chunk,
        (message) => out.push(message),
        () => resolve(out),
      );
    });
  },
  /** Receives the values sent once per worker (the `initializer` analogue). */
  init(value: unknown): void {
    shared = value;
  },
  /**
   * Warm-up: runs `payload` as a job of `kind` (from `module`) again and again (its results thrown
   * away) until its time stops falling (see `steady`), at most `maxWarmRuns` times; returns each run's ms.
   */
  warm(kind: JobKind, module: string, payload: unknown): number[] {
    const job = jobOf(kind, module);
    const times: number[] = [];
    while (times.length < maxWarmRuns && !steady(times)) {
      const t0 = performance.now();
      job(payload, shared);
      times.push(performance.now() - t0);
    }
    return times;
  },
};

parentPort?.on("message", (data: unknown) => {
  if (!isDirectMessage(data)) return;
  if (data.sweeplab === "flush") {
    queued.length = 0;
    return flush(true);
  }
  if (data.sweeplab !== "run") return;
  const { kind, module, chunks, lowWater } = data as RunMessage;
  for (const chunk of chunks) queued.push({ kind, module, chunk, lowWater });
  drain();
});

export type WorkerApi = typeof api;

/** A call from threads.js's side of the pool (`thread.init(...)`, `thread.warm(...)`). */
interface RunCall {
  type: "run";
  uid: number;
  method: keyof WorkerApi;
  args: unknown[];
}

const isRunCall = (data: unknown): data is RunCall =>
  typeof data === "object" && data !== null && (data as RunCall).type === "run" && (data as RunCall).method in api;

/** An error as threads.js's default serializer sends it (its pool side turns it back into an Error). */
const serializedError = (error: unknown) =>
  error instanceof Error
    ? { __error_marker: "$$error", message: error.message, name: error.name, stack: error.stack }
    : error;

/**
 * threads.js's worker protocol (1.7.0), answered here rather than by its `expose`: loading
 * threads.js's worker side took a third of a worker's start-up beyond a bare thread's
 * (docs/worker-startup.md). The worker announces its methods ("init"); each call ("run", with a
 * uid) is answered "running" then "result", or "error" if it throws at once, as `expose` does for a
 * method that returns a value or a promise. Without threads.js's uncaught-error handlers, an error
 * thrown outside a job ends the thread and the pool sees the error and the exit.
 * test/parallel/worker.test.ts checks these messages against the installed threads.js.
 */
function expose(methods: typeof api): void {
  const port = parentPort;
  if (!port) return;
  port.on("message", (data: unknown) => {
    if (!isRunCall(data)) return;
    const { uid, method, args } = data;
    const fail = (error: unknown) => port.postMessage({ type: "error", uid, error: serializedError(error) });
    let out: unknown;
    try {
      out = (methods[method] as (...a: unknown[]) => unknown)(...args);
    } catch (error) {
      return fail(error);
    }
    port.postMessage({ type: "running", uid, resultType: "promise" });
    Promise.resolve(out).then((payload) => port.postMessage({ type: "result", uid, complete: true, payload }), fail);
  });
  port.postMessage({ type: "init", exposed: { type: "module", methods: Object.keys(methods) } });
}

expose(api);
