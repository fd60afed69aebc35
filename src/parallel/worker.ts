/**
 * The worker thread's script. threads.js exposes `init` (the value sent once per worker) and
 * `warm` (a small solve, so the first sweep finds the solver compiled). Jobs come on the same
 * port as the pool's own messages (see threads-compat.ts, item 5): a chunk in, one message out
 * per finished job (so progress moves per job, not per chunk), the last one marked, each with its
 * start and end on the wall clock shared by all threads (`performance.timeOrigin + performance.now()`).
 */
import { parentPort } from "node:worker_threads";
import { expose } from "threads/worker";
import { SolveError } from "../core/errors.js";
import { type JobKind, type JobOutput, jobKinds } from "./jobs.js";
import { isDirectMessage, removeUncaughtErrorForwarders } from "./threads-compat.js";

export interface ChunkJob {
  index: number;
  payload: unknown;
}

export type JobMessage =
  | { index: number; ok: true; value: unknown; start: number; end: number; rhsEvals: number }
  | { index: number; ok: false; message: string; tReached?: number; start: number; end: number };

/** A chunk to run (main -> worker). */
export interface RunMessage {
  sweeplab: "run";
  kind: JobKind;
  chunk: ChunkJob[];
}

/** One finished job (worker -> main); `last` marks the chunk's last job. */
export type DoneMessage = JobMessage & { sweeplab: "job"; last: boolean };

type Job = (payload: unknown, shared: unknown) => JobOutput | PromiseLike<JobOutput>;

let shared: unknown;
const now = () => performance.timeOrigin + performance.now();

// threads.js swallows uncaught errors after start-up; without its handlers Node ends the thread
// and the pool sees the error and the exit (see threads-compat.ts, item 2).
removeUncaughtErrorForwarders();

const failed = (index: number, start: number, error: unknown): JobMessage => ({
  index,
  ok: false,
  message: error instanceof Error ? error.message : String(error),
  tReached: error instanceof SolveError ? error.tReached : undefined,
  start,
  end: now(),
});

/**
 * Runs a chunk's jobs one after another and posts each as it finishes. A job that returns a
 * promise (none of the lecture's do) is awaited before the next starts.
 */
function runChunk(kind: JobKind, chunk: readonly ChunkJob[], post: (message: DoneMessage) => void): void {
  const job = jobKinds[kind] as Job;
  let k = 0;
  const send = (message: JobMessage) => post({ ...message, sweeplab: "job", last: k === chunk.length - 1 });
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
  };
  next();
}

const api = {
  /**
   * Runs a chunk through threads.js's own call (one message back with every job's outcome): how
   * the dispatch experiment times threads.js's `Pool.queue`. The pool itself does not use it.
   */
  runAll(kind: JobKind, chunk: ChunkJob[]): Promise<DoneMessage[]> {
    return new Promise((resolve) => {
      const out: DoneMessage[] = [];
      runChunk(kind, chunk, (message) => {
        out.push(message);
        if (message.last) resolve(out);
      });
    });
  },
  /** Receives the values sent once per worker (the `initializer` analogue). */
  init(value: unknown): void {
    shared = value;
  },
  /**
   * Warm-up: runs the given jobs (the pool sends a few small lecture solves) and throws their
   * results away, so the engine has compiled the solver before the first real job.
   */
  warm(kind: JobKind, payloads: unknown[]): void {
    const job = jobKinds[kind] as Job;
    for (const payload of payloads) job(payload, shared);
  },
};

parentPort?.on("message", (data: unknown) => {
  if (!isDirectMessage(data) || data.sweeplab !== "run") return;
  const { kind, chunk } = data as RunMessage;
  runChunk(kind, chunk, (message) => parentPort?.postMessage(message));
});

export type WorkerApi = typeof api;
expose(api);
