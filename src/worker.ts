/**
 * The worker thread's script. threads.js exposes `run`, which executes a chunk of jobs and emits
 * one message per finished job (so progress moves per job, not per chunk), with its start and end
 * on the wall clock shared by all threads (`performance.timeOrigin + performance.now()`).
 */
import { expose } from "threads/worker";
import { Observable } from "threads/observable";
import { SolveError } from "./errors.js";
import { type JobKind, jobKinds } from "./jobs.js";

export interface ChunkJob {
  index: number;
  payload: unknown;
}

export type JobMessage =
  | { index: number; ok: true; value: unknown; start: number; end: number; rhsEvals: number }
  | { index: number; ok: false; message: string; tReached?: number; start: number; end: number };

let shared: unknown;
const now = () => performance.timeOrigin + performance.now();

const api = {
  /** Receives the values sent once per worker (the `initializer` analogue). */
  init(value: unknown): void {
    shared = value;
  },
  run(kind: JobKind, chunk: ChunkJob[]): Observable<JobMessage> {
    const job = jobKinds[kind] as (payload: unknown, shared: unknown) => { value: unknown; rhsEvals: number };
    return new Observable<JobMessage>((observer) => {
      for (const { index, payload } of chunk) {
        const start = now();
        try {
          const { value, rhsEvals } = job(payload, shared);
          observer.next({ index, ok: true, value, start, end: now(), rhsEvals });
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          const tReached = error instanceof SolveError ? error.tReached : undefined;
          observer.next({ index, ok: false, message, tReached, start, end: now() });
        }
      }
      observer.complete();
    });
  },
};

export type WorkerApi = typeof api;
expose(api);
