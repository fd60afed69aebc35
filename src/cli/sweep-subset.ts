/**
 * The jobs one CLI session runs (`--resume` skips the finished ones, `--shard` takes its share):
 * a Sweep of just those drives, run by `runSweep`, with every record, error and event named by
 * the job's index in the whole workload, as jobs.jsonl and the messages need.
 */
import { JobError, type PartialSweep, WorkerDiedError } from "../core/errors.js";
import type { Sweep } from "../physics/workloads.js";
import type { PoolTuning } from "../sweep/sweep.js";
import { type RunSweepOptions, type SweepJobEvent, type SweepReport, runSweepTuned } from "../sweep/run.js";

/**
 * Runs the jobs `only` (distinct indices into `sweep`'s drives, in the order to run them): the
 * report's `jobs` and `errors`, and each event's record and error, carry workload indices; the
 * rows and solutions are in the order of `only`.
 */
export async function runSubset(
  sweep: Sweep,
  only: readonly number[],
  options: RunSweepOptions,
  tuning: PoolTuning = {},
): Promise<SweepReport> {
  const subset: Sweep = {
    ...sweep,
    r: only.map((i) => sweep.r[i]),
    OmegaNValues: only.map((i) => sweep.OmegaNValues[i]),
  };
  const { onJob } = options;
  const renamed = (event: SweepJobEvent): SweepJobEvent => ({
    ...event,
    record: { ...event.record, index: only[event.record.index] },
    error: inWorkload(event.error, only),
  });
  try {
    const report = await runSweepTuned(subset, { ...options, onJob: onJob && ((e) => onJob(renamed(e))) }, tuning);
    return {
      ...report,
      jobs: report.jobs.map((job) => ({ ...job, index: only[job.index] })),
      errors: report.errors.map((error) => inWorkload(error, only)),
    };
  } catch (error) {
    const partial = (error as { partial?: PartialSweep }).partial;
    if (partial) partial.jobs = partial.jobs.map((job) => job && { ...job, index: only[job.index] });
    throw inWorkload(error, only);
  }
}

/**
 * A job's error named by the job's index in the workload: the pool numbers the jobs it was given,
 * so in a resumed run its "job 0" may be the workload's job 6.
 */
export function inWorkload<E>(error: E, indices: readonly number[]): E {
  if (error instanceof JobError && indices[error.index] !== error.index) {
    const moved = new JobError(indices[error.index], error.r, error.original, error.tReached);
    return Object.assign(moved, error.partial ? { partial: error.partial } : {}) as E;
  }
  if (error instanceof WorkerDiedError && error.lostJobs.some((i) => indices[i] !== i)) {
    const lost = error.lostJobs.map((i) => indices[i]);
    const moved = new WorkerDiedError(error.worker, error.detail, lost, error.lostR, error.hint);
    return Object.assign(moved, error.partial ? { partial: error.partial } : {}) as E;
  }
  return error;
}
