/**
 * Shards: one sweep split over N runs (N tasks of a SLURM job array, or N machines), each a normal
 * run folder, put back together by `sweeplab merge`.
 *
 * Jobs are dealt strided, job j to shard j mod N, not in contiguous blocks: a job's cost grows with
 * r (a stronger drive needs more solver steps), so the block holding the largest r values would
 * finish last by far. Measured on the heavy workload's 20 jobs run sequentially (2-core Xeon VM
 * shared with other work, 2026-12-01: jobs of 0.15 to 2.5 s, 27.6 s in all), the solve time of
 * 4 shards: contiguous blocks 1.8 / 4.4 / 10.8 / 10.6 s, the slowest 1.57x the mean; strided
 * 6.5 / 6.5 / 6.6 / 8.0 s, the slowest 1.16x the mean (it holds r = 1.2, the dearest job).
 * docs/cluster.md shows how to redo this from a run's jobs.jsonl.
 */
import { UsageError } from "../core/errors.js";

/** The I-th of N shards (0 <= index < count). */
export interface Shard {
  index: number;
  count: number;
}

/** The job indices of `shard` in a sweep of `jobs` jobs: index, index + count, index + 2 count, ... */
export function shardJobs(jobs: number, shard: Shard): number[] {
  const indices: number[] = [];
  for (let j = shard.index; j < jobs; j += shard.count) indices.push(j);
  return indices;
}

/** The shard that holds job `j`. */
export function shardOf(j: number, count: number): number {
  return j % count;
}

/** "2/4" */
export function shardLabel(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}

const example = "--shard 0/4";

/**
 * Reads `--shard I/N`, `--shard auto` (a SLURM array: I = (SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN)
 * / SLURM_ARRAY_TASK_STEP, N = SLURM_ARRAY_TASK_COUNT) or `--shard auto/N` (I = SLURM_ARRAY_TASK_ID
 * itself: an array that reruns some shards of N, e.g. --array=1,3). Throws a UsageError (exit 2)
 * naming the flag, the rule, the value and the fix. `jobs` is the sweep's number of jobs: a shard
 * needs at least one.
 */
export function parseShard(
  raw: string | boolean | undefined,
  jobs: number,
  env: NodeJS.ProcessEnv = process.env,
): Shard | undefined {
  if (raw === undefined) return undefined;
  const text = String(raw).trim();
  const shard = /^auto(\/|$)/.test(text) ? fromArray(text, env) : fromText(text);
  if (shard.count > jobs) {
    throw new UsageError(
      `\`--shard\` ${shardLabel(shard)} splits the sweep into more shards than its ${jobs} jobs, got "${text}": use at most ${jobs} shards (e.g. --shard ${Math.min(shard.index, jobs - 1)}/${jobs}) or more jobs (--n-r)`,
      "--shard",
    );
  }
  return shard;
}

function fromText(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  if (!match) {
    throw new UsageError(
      `\`--shard\` must be I/N (the I-th of N shards, counting from 0) or auto (from a SLURM job array), got "${text}": e.g. ${example}`,
      "--shard",
    );
  }
  const [index, count] = [Number(match[1]), Number(match[2])];
  if (count < 1 || index >= count) {
    throw new UsageError(
      `\`--shard\` I/N needs N >= 1 and 0 <= I < N (shards count from 0), got "${text}": ${count < 1 ? "e.g. --shard 0/4" : `the last of ${count} shards is --shard ${count - 1}/${count}`}`,
      "--shard",
    );
  }
  return { index, count };
}

function fromArray(text: string, env: NodeJS.ProcessEnv): Shard {
  const id = env.SLURM_ARRAY_TASK_ID;
  const integer = (name: string): number | undefined => {
    const value = env[name];
    if (value === undefined || value === "") return undefined;
    if (!/^\d+$/.test(value))
      throw new UsageError(
        `\`--shard ${text}\` reads ${name}, which is "${value}", not a whole number: run it as a task of sbatch --array=0-3, or pass ${example}`,
        "--shard",
      );
    return Number(value);
  };
  if (integer("SLURM_ARRAY_TASK_ID") === undefined || id === undefined) {
    throw new UsageError(
      `\`--shard ${text}\` takes the shard from a SLURM job array, but SLURM_ARRAY_TASK_ID is not set (this is not an array task): submit with sbatch --array=0-3, or pass the shard yourself, e.g. ${example}`,
      "--shard",
    );
  }
  const task = Number(id);
  if (text !== "auto") {
    const match = /^auto\/(\d+)$/.exec(text);
    if (!match)
      throw new UsageError(
        `\`--shard\` must be I/N, auto or auto/N, got "${text}": e.g. --shard auto/4 in a task of sbatch --array=0-3`,
        "--shard",
      );
    const count = Number(match[1]);
    if (count < 1)
      throw new UsageError(
        `\`--shard ${text}\` needs N >= 1 shards, got ${count}: e.g. --shard auto/4 in a task of sbatch --array=0-3`,
        "--shard",
      );
    if (task >= count) {
      throw new UsageError(
        `\`--shard ${text}\` uses the array task id as the shard, so it must be below N = ${count}, got SLURM_ARRAY_TASK_ID=${task}: submit with --array ids from 0 to ${count - 1}`,
        "--shard",
      );
    }
    return { index: task, count };
  }
  const count = integer("SLURM_ARRAY_TASK_COUNT");
  const min = integer("SLURM_ARRAY_TASK_MIN") ?? 0;
  const step = integer("SLURM_ARRAY_TASK_STEP") ?? 1;
  if (count === undefined) {
    throw new UsageError(
      `\`--shard auto\` needs SLURM_ARRAY_TASK_COUNT, which is not set: pass the number of shards yourself, e.g. --shard auto/4`,
      "--shard",
    );
  }
  const index = (task - min) / Math.max(step, 1);
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new UsageError(
      `\`--shard auto\` cannot place array task ${task} among ${count} tasks from ${min} in steps of ${step}: submit a plain range (sbatch --array=0-${count - 1}), or name the number of shards, e.g. --shard auto/${count}`,
      "--shard",
    );
  }
  return { index, count };
}
