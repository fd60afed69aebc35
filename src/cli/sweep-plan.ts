/**
 * `sweeplab sweep`'s plan, checked before anything is written: a shard's chunksize against every
 * shard, a session's chunksize against the jobs it runs, and `--dry-run`'s account of what the
 * command would do.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { UsageError } from "../core/errors.js";
import { resolvePoolOptions } from "../parallel/options.js";
import { type Workload, linspace } from "../physics/workloads.js";
import { inspectRunDir } from "./rundir.js";
import { type Shard, shardJobs, shardLabel } from "./shard.js";

/** A checked `sweeplab sweep` command line. */
export interface SweepCommand {
  workload: Workload;
  sequential: boolean;
  workers?: number;
  chunksize?: number;
  timeoutMs?: number;
  /** Run only this shard's jobs (`--shard`). */
  shard?: Shard;
  out: string;
  resume: boolean;
  force: boolean;
  quiet: boolean;
  /** Check the flags and say what would run, writing nothing (`--dry-run`). */
  dryRun?: boolean;
}

/**
 * The settings that decide a run's numbers, in jobs.jsonl's header: a resumed run must use the
 * same ones, and `sweeplab merge` checks that its shards agree on all but `shard`.
 */
export function physicsConfig(w: Workload, shard?: Shard): Record<string, unknown> {
  return shard ? { ...w, shard } : { ...w };
}

/**
 * A shard's `--chunksize` must fit every shard of the sweep, not just this one: the shards of a
 * campaign share their flags, and a dry run of shard 0 stands for all of them.
 */
export function checkShardChunksize(chunksize: number, shard: Shard, jobs: number): void {
  const smallest = Math.floor(jobs / shard.count);
  if (chunksize <= smallest) return;
  const sizes = [
    ...new Set(Array.from({ length: shard.count }, (_, k) => shardJobs(jobs, { index: k, count: shard.count }).length)),
  ];
  throw new UsageError(
    `\`--chunksize\` must be at most ${smallest} with --shard ${shardLabel(shard)}, got ${chunksize}: the ${shard.count} shards of ${jobs} jobs hold ${sizes.sort((a, b) => b - a).join(" or ")} jobs each; pick --chunksize ${Math.max(1, Math.min(2, smallest))}, or fewer shards`,
    "--chunksize",
  );
}

/**
 * The chunksize a session uses: the command's, cut down to the jobs it runs. A `--resume` with the
 * run's own flags must finish the run however few jobs are missing (a campaign's resubmits pass
 * the same `--chunksize`); run.json's session records the chunksize used, `config` the one asked for.
 */
export function sessionChunksize(chunksize: number | undefined, jobs: number): number | undefined {
  return chunksize === undefined || jobs === 0 ? chunksize : Math.min(chunksize, jobs);
}

/**
 * What the command would do, checked as the real command checks it (the output folder included:
 * a refusal is the same UsageError), writing nothing.
 */
export function dryRun(cmd: SweepCommand): string {
  const w = cmd.workload;
  const r = linspace(w.rMin, w.rMax, w.nR);
  const repairs: string[] = [];
  const plan = inspectRunDir(cmd.out, physicsConfig(w, cmd.shard), {
    resume: cmd.resume,
    force: cmd.force,
    r,
    warn: (line) => repairs.push(line),
  });
  const mine = cmd.shard ? shardJobs(w.nR, cmd.shard) : r.map((_, i) => i);
  const done = new Set(plan.finished.map((job) => job.index));
  const only = mine.filter((i) => !done.has(i));
  const of = cmd.shard ? ` (shard ${shardLabel(cmd.shard)} of a sweep of ${w.nR})` : "";
  const nothing = "; nothing written (--dry-run).";
  if (only.length === 0)
    return `Would run nothing: all ${mine.length} jobs${of} of the run in ${cmd.out} are finished${nothing}`;
  const chunksize = sessionChunksize(cmd.chunksize, only.length);
  const workers = cmd.sequential ? 1 : resolvePoolOptions(only.length, { workers: cmd.workers, chunksize }).workers;
  const how = cmd.sequential ? "sequentially" : `on a pool of ${workers} worker${workers === 1 ? "" : "s"}`;
  const jobs = `${only.length} job${only.length === 1 ? "" : "s"}`;
  const what = plan.resuming
    ? `Would resume the run in ${cmd.out}: ${jobs} of ${mine.length}${of} still to run ${how}, ${mine.length - only.length} finished earlier`
    : `Would run ${jobs}${of} ${how} into ${cmd.out}${cmd.force && fs.existsSync(path.join(cmd.out, "jobs.jsonl")) ? ", replacing the run there (--force)" : ""}`;
  return [what + nothing, ...repairs.map((line) => `  and first: ${line}`)].join("\n");
}
