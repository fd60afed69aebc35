/**
 * The worker thread's script. threads.js exposes `run`, which executes a chunk of jobs and emits
 * one message per finished job (so progress moves per job, not per chunk), with its start and end
 * on the wall clock shared by all threads (`performance.timeOrigin + performance.now()`).
 */
import { expose } from "threads/worker";
import { Observable } from "threads/observable";
import { SolveError } from "../core/errors.js";
import { type JobKind, type JobOutput, jobKinds } from "./jobs.js";

export interface ChunkJob {
  index: number;
  payload: unknown;
}

export type JobMessage =
  | { index: number; ok: true; value: unknown; start: number; end: number; rhsEvals: number }
  | { index: number; ok: false; message: string; tReached?: number; start: number; end: number };

type Job = (payload: unknown, shared: unknown) => JobOutput | PromiseLike<JobOutput>;

let shared: unknown;
const now = () => performance.timeOrigin + performance.now();

// threads.js catches uncaught errors in a worker and reports them only while the worker starts
// up; later ones are swallowed and the worker lives on, so a job that threw outside its own call
// would leave the sweep waiting forever. Without those handlers Node ends the thread and the pool
// sees the error and the exit (pool.ts turns them into a WorkerDiedError).
for (const event of ["uncaughtException", "unhandledRejection"] as const) {
  for (const listener of process.listeners(event as "uncaughtException")) {
    if (String(listener).includes("postUncaughtErrorMessage")) process.off(event as "uncaughtException", listener);
  }
}

const failed = (index: number, start: number, error: unknown): JobMessage => ({
  index,
  ok: false,
  message: error instanceof Error ? error.message : String(error),
  tReached: error instanceof SolveError ? error.tReached : undefined,
  start,
  end: now(),
});

const api = {
  /** Receives the values sent once per worker (the `initializer` analogue). */
  init(value: unknown): void {
    shared = value;
  },
  run(kind: JobKind, chunk: ChunkJob[]): Observable<JobMessage> {
    const job = jobKinds[kind] as Job;
    return new Observable<JobMessage>((observer) => {
      let k = 0;
      // Jobs run synchronously one after another; a job that returns a promise (none of the
      // lecture's do) is awaited before the next starts.
      const next = (): void => {
        for (; k < chunk.length; k++) {
          const { index, payload } = chunk[k];
          const start = now();
          let out: JobOutput | PromiseLike<JobOutput>;
          try {
            out = job(payload, shared);
          } catch (error) {
            observer.next(failed(index, start, error));
            continue;
          }
          if (typeof (out as PromiseLike<JobOutput>).then === "function") {
            k++;
            (out as PromiseLike<JobOutput>).then(
              ({ value, rhsEvals }) => (observer.next({ index, ok: true, value, start, end: now(), rhsEvals }), next()),
              (error: unknown) => (observer.next(failed(index, start, error)), next()),
            );
            return;
          }
          const { value, rhsEvals } = out as JobOutput;
          observer.next({ index, ok: true, value, start, end: now(), rhsEvals });
        }
        observer.complete();
      };
      // Start after `subscribe` has returned: notifications made while the subscriber function
      // still runs are buffered by observable-fns until a microtask later, so a chunk run from
      // inside it would report all its jobs only when the whole chunk is done.
      queueMicrotask(next);
    });
  },
};

export type WorkerApi = typeof api;
expose(api);
