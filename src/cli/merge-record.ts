/** run.json of `sweeplab merge`: where and how each shard ran, and every job's record. */
import * as path from "node:path";
import { machine } from "../core/machine.js";
import type { JobLine } from "./jobsfile.js";
import { type Session, rowsOf } from "./rundir.js";
import { type Shard, shardLabel, shardOf } from "./shard.js";

/** One shard folder as merge reads it (it never writes to it). */
export interface ShardRun {
  dir: string;
  /** The sweep's settings from jobs.jsonl's header, without `shard`. */
  config: Record<string, unknown>;
  /** Its shard; a run made without --shard is the only shard of 1. */
  shard: Shard;
  /** Finished jobs by index (the last line of a job wins, as in `--resume`). */
  finished: Map<number, JobLine>;
  /** Jobs whose last line is an error, with its message. */
  failed: Map<number, string>;
  /** From run.json, when there is one. */
  status?: string;
  sessions: Session[];
  wallMs?: number;
  machine?: unknown;
}

/** run.json of a merge: each shard's story (hosts, SLURM jobs, wall time, workers) and every job's record. */
export function mergeRecord({
  shards,
  jobs,
  config,
}: {
  shards: ShardRun[];
  jobs: JobLine[];
  config: Record<string, unknown>;
}): Record<string, unknown> {
  const wall = shards.map((s) => s.wallMs ?? 0);
  return {
    status: "merged",
    mergedAt: new Date().toISOString(),
    config: { workload: config },
    shards: shards.map((s) => ({
      shard: shardLabel(s.shard),
      dir: path.resolve(s.dir),
      status: s.status ?? "unknown",
      jobs: s.finished.size,
      wallMs: s.wallMs ?? null,
      hosts: [...new Set(s.sessions.map((x) => x.hostname))],
      slurmJobIds: [...new Set(s.sessions.flatMap((x) => (x.slurmJobId ? [x.slurmJobId] : [])))],
      slurmArray: [
        ...new Set(
          s.sessions.flatMap((x) => (x.slurmArrayJobId ? [`${x.slurmArrayJobId}_${x.slurmArrayTaskId}`] : [])),
        ),
      ],
      workers: s.sessions.map((x) => (x.mode === "sequential" ? "sequential" : (x.workers ?? null))),
      sessions: s.sessions.map(
        ({ startedAt, status, wallMs, mode, workers, chunksize, jobs, hostname, slurmJobId }) => ({
          startedAt,
          status,
          wallMs,
          mode,
          workers,
          chunksize,
          jobs,
          hostname,
          slurmJobId,
        }),
      ),
      machine: s.machine ?? null,
    })),
    // the campaign's shards ran side by side: the slowest bounds its time, the sum is what it cost
    wallMs: { slowestShard: Math.max(...wall), sumOfShards: wall.reduce((a, b) => a + b, 0) },
    jobs: jobs.map(({ index, r, worker, start, end, rhsEvals, session }) => ({
      index,
      r,
      shard: shardLabel({ index: shardOf(index, shards[0].shard.count), count: shards[0].shard.count }),
      session,
      worker,
      start,
      end,
      rhsEvals,
    })),
    rows: rowsOf(jobs),
    machine: machine(),
  };
}
