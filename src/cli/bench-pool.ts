/**
 * The pool's sections of `sweeplab bench` (issue 11): the lecture sweep on a warm pool against
 * the sequential loop, the per-job overhead of tiny jobs through the CLI itself (its journal and
 * progress included), and the heavy workload on a warm pool reused for a second sweep.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type PoolWarmthResult, poolWarmth } from "../measure/experiments/pool-warmth.js";
import { stats } from "../measure/timing.js";
import { largestFirst } from "../parallel/schedule.js";
import type { TimingStats } from "../core/types.js";
import { type BenchContext, type BenchSection, judged, section } from "./bench-section.js";

const spread = (t: TimingStats, digits = 2, scale = 1) =>
  `${(t.medianMs * scale).toFixed(digits)} (${(t.minMs * scale).toFixed(digits)}-${(t.maxMs * scale).toFixed(digits)})`;

const ratioSpread = (sequential: TimingStats, pooled: TimingStats) =>
  `${(sequential.medianMs / pooled.medianMs).toFixed(2)}x (${(sequential.minMs / pooled.maxMs).toFixed(2)}-${(sequential.maxMs / pooled.minMs).toFixed(2)})`;

const lectureSection = section<PoolWarmthResult>({
  key: "lecturePool",
  title: () =>
    "lecture sweep (20 jobs, nz = 100): sequential loop, cold pool, warm pool and reused pool of 2, chunksize 2",
  run: ({ quick, repeats, log }) =>
    poolWarmth({ workload: "lecture", workers: 2, chunksize: 2, repeats: quick ? 1 : Math.max(5, repeats), log }),
  summary: (r) => [
    `Lecture sweep, ${r.jobs} jobs, pool of ${r.workers} at chunksize ${r.chunksize} (median, min-max over repeats, ms):`,
    `  sequential loop (warm): ${spread(r.sequential, 1)}`,
    `  cold pool (one call, start-up included): ${spread(r.cold, 1)}, ${ratioSpread(r.sequential, r.cold)} the loop`,
    `  warm pool, first sweep: ${spread(r.warm, 1)}, ${ratioSpread(r.sequential, r.warm)}; opening it with warm-up took ${spread(r.open, 0)}`,
    `  same pool, second sweep: ${spread(r.reused, 1)}, ${ratioSpread(r.sequential, r.reused)}`,
  ],
  targets: (r, ctx) => [
    {
      target: "the lecture sweep on a warm pool of 2 at chunksize 2 is at least 1.0x the sequential loop (same run)",
      warm: r.speedup.warm,
      reused: r.speedup.reused,
      cold: r.speedup.cold,
      met: judged(ctx, r.speedup.warm >= 1),
    },
  ],
});

export interface CliOverhead {
  jobs: number;
  workers: number;
  /** Wall time of `sweeplab sweep --sequential` and of the pooled run (run.json's wallMs), per repeat. */
  sequential: TimingStats;
  pooled: TimingStats;
  /** Per repeat: pooled / jobs - sequential / (workers * jobs), in µs: time per job above a perfect split. */
  usPerJob: TimingStats;
}

/** Runs the CLI (bin/sweeplab.js) on tiny jobs, sequential and pooled in turn, journal and progress on. */
function cliOverhead(jobs: number, repeats: number, log: (line: string) => void): CliOverhead {
  const bin = path.join(__dirname, "..", "..", "bin", "sweeplab.js");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sweeplab-bench-cli-"));
  const workers = 2;
  const wall = (args: string[]) => {
    const out = path.join(dir, "run");
    const res = spawnSync(
      process.execPath,
      [bin, "sweep", "--nz", "2", "--n-r", String(jobs), ...args, "--force", "--out", out],
      {
        encoding: "utf8",
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    if (res.status !== 0)
      throw new Error(`sweeplab sweep ${args.join(" ")} failed (${res.status ?? res.signal}): ${res.stderr}`);
    return (JSON.parse(fs.readFileSync(path.join(out, "run.json"), "utf8")) as { wallMs: number }).wallMs;
  };
  const seq: number[] = [];
  const pooled: number[] = [];
  const us: number[] = [];
  try {
    for (let k = 0; k < repeats; k++) {
      seq.push(wall(["--sequential"]));
      pooled.push(wall(["--workers", String(workers), "--chunksize", "1"]));
      us.push((pooled[k] / jobs - seq[k] / (workers * jobs)) * 1000);
      log(
        `sequential ${seq[k].toFixed(0)} ms, pooled ${pooled[k].toFixed(0)} ms: ${us[k].toFixed(0)} us per job above a perfect split`,
      );
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return { jobs, workers, sequential: stats(seq), pooled: stats(pooled), usPerJob: stats(us) };
}

const overheadSection = section<CliOverhead>({
  key: "cliOverhead",
  title: ({ quick }) =>
    `per-job overhead through the CLI: sweeplab sweep --nz 2 --n-r ${quick ? 400 : 4000}, sequential and --workers 2 --chunksize 1, journal and progress on`,
  run: async ({ quick, repeats, log }) => cliOverhead(quick ? 400 : 4000, quick ? 1 : Math.max(5, repeats), log),
  summary: (r) => [
    `Tiny jobs through the CLI (${r.jobs} jobs, nz = 2, chunksize 1, journal and progress on): sequential ${spread(r.sequential, 0)} ms, pooled on ${r.workers} ${spread(r.pooled, 0)} ms`,
    `  per job above a perfect split of the sequential time: ${spread(r.usPerJob, 0)} us`,
  ],
  targets: (r, ctx) => [
    {
      target:
        "sweeplab's pool costs <= 50 us per job on tiny jobs at chunksize 1, 2 workers, through the CLI with its journal and progress",
      usPerJob: r.usPerJob.medianMs,
      spreadUs: [r.usPerJob.minMs, r.usPerJob.maxMs],
      met: judged(ctx, r.usPerJob.medianMs <= 50),
    },
  ],
});

const heavySection = section<PoolWarmthResult>({
  key: "warmPool",
  title: ({ name, maxWorkers }) =>
    `${name} workload, costliest jobs first, on a cold pool and on a warm pool of ${maxWorkers} reused for a second sweep, against the scaling run's sequential baseline`,
  run: (ctx: BenchContext) => {
    const { sequential, jobMs } = ctx.results.scaling as { sequential: TimingStats; jobMs: number[] };
    return poolWarmth({
      workload: { ...ctx.w },
      workers: ctx.maxWorkers,
      chunksize: 1,
      // the order the cold target is met with: each job's cost from the scaling run's sequential sweeps
      order: largestFirst(jobMs),
      repeats: ctx.repeats,
      sequential,
      log: ctx.log,
    });
  },
  summary: (r, { name }) => [
    `${name}, pool of ${r.workers} at chunksize 1, costliest first: cold ${r.speedup.cold.toFixed(2)}x, warm first sweep ${r.speedup.warm.toFixed(2)}x, reused pool ${r.speedup.reused.toFixed(2)}x (opening the warm pool: ${r.open.medianMs.toFixed(0)} ms)`,
  ],
  targets: (r, ctx) => [
    {
      target: `${r.workers} workers reach >= 1.9x on the ${ctx.name} workload with a warm pool reused for a second sweep (same run, costliest first)`,
      cold: r.speedup.cold,
      warm: r.speedup.warm,
      reused: r.speedup.reused,
      met: judged(ctx, r.speedup.reused >= 1.9),
    },
  ],
});

export const poolSections: BenchSection[] = [lectureSection, overheadSection, heavySection];
