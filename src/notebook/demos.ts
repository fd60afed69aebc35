/**
 * Small demonstrations the notebooks run or work out: the two orders of a pooled sweep (finish
 * order and `imap`'s job order), the lecture's timeline arithmetic, and `caught` to show an error
 * without failing a cell. `orderDemo` runs a small pool of busy-arithmetic jobs.
 */
import { UsageError } from "../core/errors.js";
import { assertInteger, assertPositive, describe } from "../core/check.js";
import type { Row } from "../core/format.js";
import type { JobCallback } from "../core/types.js";
import { Release } from "../parallel/ordered-release.js";
import { runPool } from "../parallel/run-pool.js";
import "../measure/jobs.js"; // registers the "spin" job

/** Step k of a pooled sweep: the job that finished, and the results `imap` could hand out then. */
export interface OrderStep {
  step: number;
  finished: number;
  /** Results released in job order at this step (`imap` yields only when every earlier one is in). */
  released: number[];
}

/**
 * Collects, as a pooled sweep runs, which job finishes at each step and which results `imap`
 * could hand out in job order at that step, by the pool's own rule (`Release`): a result is
 * released once it and every job before it are done. Pass `onJob` to the sweep, then read `steps` or `rows()`.
 *
 * @example
 * const rec = orderRecorder();
 * await runSweep("lecture", { workers: 2, onJob: rec.onJob });
 * formatRows(rec.rows()); // step, finished, imap releases
 */
export function orderRecorder(): { onJob: JobCallback; steps: OrderStep[]; rows: () => Row[] } {
  const steps: OrderStep[] = [];
  let released: number[] = [];
  let release: Release | undefined; // the pool's own imap rule, sized by the first event
  return {
    steps,
    onJob: ({ record, total }) => {
      release ??= new Release(total, true, (index) => released.push(index));
      released = [];
      release.finish(record.index);
      steps.push({ step: steps.length + 1, finished: record.index, released });
    },
    rows: () => orderRows(steps),
  };
}

/**
 * The steps of `orderRecorder` or `orderDemo` as table rows: the job that finished, and the
 * results an ordered consumer (`imap`) could take at that moment.
 *
 * @example
 * formatRows(orderRows(await orderDemo([120, 20, 20, 20])));
 */
export function orderRows(steps: readonly OrderStep[]): Row[] {
  return steps.map((s) => ({
    step: s.step,
    "job that finished": s.finished,
    "results imap hands out now": s.released.length ? s.released.join(", ") : "none: an earlier job is still running",
  }));
}

/**
 * Runs jobs of known cost (busy arithmetic, `jobMs` each) on a small pool, chunksize 1, and returns
 * the steps of `orderRecorder`: a long first job makes the later ones finish first, while the
 * results still come out in job order.
 *
 * @example
 * const steps = await orderDemo([120, 20, 20, 20, 20], 2);
 * steps[0].finished; // 1: job 0 is still running
 * steps.flatMap((s) => s.released); // [0, 1, 2, 3, 4]
 */
export async function orderDemo(jobMs: readonly number[], workers = 2): Promise<OrderStep[]> {
  if (!Array.isArray(jobMs) || jobMs.length === 0 || jobMs.some((ms) => !(ms >= 0) || !Number.isFinite(ms))) {
    throw new UsageError(
      `\`jobMs\` must be a non-empty array of job costs >= 0 (ms), got ${describe(jobMs)}: e.g. [120, 20, 20, 20]`,
      "jobMs",
    );
  }
  const rec = orderRecorder();
  await runPool("spin", jobMs, {
    workers,
    chunksize: 1,
    onJob: rec.onJob,
  });
  return rec.steps;
}

/** The lecture's timeline: equal jobs, run in rounds of `workers` at a time. */
export interface LectureArithmetic {
  jobs: number;
  secondsPerJob: number;
  workers: number;
  sequentialS: number;
  /** Rounds of `workers` jobs at a time: ceil(jobs / workers). */
  rounds: number;
  pooledS: number;
  /** sequentialS / pooledS: what the timeline implies (at most `workers`). */
  speedup: number;
}

/**
 * The lecture's timeline worked out: `jobs` jobs of `secondsPerJob` each, one after another, or
 * in rounds of `workers` jobs at a time, with no start-up or dispatch cost at all. The speedup is
 * sequential / pooled; it can never exceed the number of workers, and equals the number of rounds
 * only by accident.
 *
 * @example
 * lectureArithmetic({ jobs: 20, secondsPerJob: 2, workers: 4 });
 * // { sequentialS: 40, rounds: 5, pooledS: 10, speedup: 4, ... }
 */
export function lectureArithmetic({ jobs = 20, secondsPerJob = 2, workers = 4 } = {}): LectureArithmetic {
  assertInteger(jobs, "jobs", 1, Infinity, "the lecture has 20");
  assertPositive(secondsPerJob, "secondsPerJob", "the lecture assumes 2");
  assertInteger(workers, "workers", 1, Infinity, "the lecture uses 4");
  const rounds = Math.ceil(jobs / workers);
  const sequentialS = jobs * secondsPerJob;
  const pooledS = rounds * secondsPerJob;
  return { jobs, secondsPerJob, workers, sequentialS, rounds, pooledS, speedup: sequentialS / pooledS };
}

/**
 * Awaits `work` and returns the error it rejects with, or undefined if it succeeds: a notebook
 * cell can show a failure without a try/catch block (and without failing the cell).
 *
 * @example
 * const err = await caught(runPool("fail", ["throw"]));
 * err?.name; // "JobError"
 */
export async function caught(work: Promise<unknown>): Promise<Error | undefined> {
  try {
    await work;
    return undefined;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}
