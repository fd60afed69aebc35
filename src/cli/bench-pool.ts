/**
 * The pool's sections of `sweeplab bench`: the lecture sweep on a warm pool against
 * the sequential loop, the per-job overhead of tiny jobs through the CLI itself (its journal and
 * progress included), and the heavy workload on a warm pool reused for a second sweep.
 */
import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type PoolWarmthResult, poolWarmth } from "../measure/experiments/pool-warmth.js";
import { stats } from "../measure/timing.js";
import { SweepInterruptedError } from "../core/errors.js";
import { register } from "../parallel/interrupt.js";
import { type CompileMode, workerCompileMode } from "../parallel/policy/compile.js";
import { largestFirst } from "../parallel/schedule.js";
import type { TimingStats } from "../core/types.js";
import { type BenchContext, type BenchSection, judged, section } from "./bench-section.js";
import { firstJobs, mainThreadCpu, type FirstJobsResult, type MainThreadResult } from "./bench-warm.js";

const spread = (t: TimingStats, digits = 2, scale = 1) =>
  `${(t.medianMs * scale).toFixed(digits)} (${(t.minMs * scale).toFixed(digits)}-${(t.maxMs * scale).toFixed(digits)})`;

const lectureSection = section<PoolWarmthResult>({
  key: "lecturePool",
  title: () =>
    "lecture sweep (20 jobs, nz = 100): sequential loop, cold pool, warm pool and reused pool of 2, chunksize 2",
  run: ({ quick, repeats, log }) =>
    poolWarmth({ workload: "lecture", workers: 2, chunksize: 2, repeats: quick ? 1 : Math.max(5, repeats), log }),
  summary: (r) => [
    `Lecture sweep, ${r.jobs} jobs, pool of ${r.workers} at chunksize ${r.chunksize} (median, min-max over repeats, ms):`,
    `  loop, first sweep of a fresh process (cold): ${spread(r.coldSequential, 1)}`,
    `  cold pool (one call, start-up included): ${spread(r.cold, 1)}, ${r.speedup.cold.toFixed(2)}x the cold loop`,
    `  loop in this process after an untimed run (warmed): ${spread(r.sequential, 1)}`,
    `  warm pool, first sweep: ${spread(r.warm, 1)}, ${r.speedup.warm.toFixed(2)}x the warmed loop; opening it with warm-up took ${spread(r.open, 0)}`,
    `  same pool, second sweep: ${spread(r.reused, 1)}, ${r.speedup.reused.toFixed(2)}x the warmed loop`,
    `  (each speedup credits the loop's time at most as the pool's own job time)`,
  ],
  targets: (r, ctx) => [
    {
      target:
        "the lecture sweep on a warm pool of 2 at chunksize 2 is at least 1.0x the warmed sequential loop (same run)",
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
  /**
   * The same split with no pool at all: two processes at once, each running half the jobs
   * sequentially (`--shard 0/2` and `1/2`), the slower one's wall time. What is above a perfect
   * split here is the machine's share, not the pool's (docs/benchmarks.md, the overhead target).
   */
  apart: TimingStats;
  /** Per repeat: apart / jobs - sequential / (workers * jobs), in µs. */
  apartUsPerJob: TimingStats;
  /** Where the pooled run's workers compiled their hot code (parallel/policy/compile.ts). */
  compile: CompileMode;
}

/** Runs the CLI (bin/sweeplab.js) on tiny jobs: sequential, pooled, and as two shards at once, journal and progress on. */
async function cliOverhead(jobs: number, repeats: number, log: (line: string) => void): Promise<CliOverhead> {
  const bin = path.join(__dirname, "..", "..", "bin", "sweeplab.js");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sweeplab-bench-cli-"));
  const workers = 2;
  // Ctrl-C or SIGTERM during this section stops its sweeps (each saves and exits) and removes
  // their folder, instead of leaving both behind.
  const children = new Set<ChildProcess>();
  let stopped: string | undefined;
  const interrupted = () => {
    const error = new SweepInterruptedError(stopped!, 0, 0, "sequential");
    error.message = `bench interrupted (${stopped}) during its CLI-overhead section`;
    return error;
  };
  const unregister = register({
    stop: (reason) => {
      stopped ??= reason;
      for (const child of children) child.kill("SIGTERM");
    },
  });
  /** Runs `sweeplab sweep` on the tiny jobs into `out` and returns its run.json wallMs. */
  const sweep = (out: string, args: string[]) =>
    new Promise<number>((resolve, reject) => {
      if (stopped) return reject(interrupted());
      const argv = [bin, "sweep", "--nz", "2", "--n-r", String(jobs), ...args, "--force", "--out", out];
      const child = spawn(process.execPath, argv, { stdio: ["ignore", "ignore", "pipe"] });
      children.add(child);
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      child.on("error", reject);
      child.on("close", (code, signal) => {
        children.delete(child);
        if (stopped) return reject(interrupted());
        if (code !== 0)
          return reject(new Error(`sweeplab sweep ${args.join(" ")} failed (${code ?? signal}): ${stderr}`));
        resolve((JSON.parse(fs.readFileSync(path.join(out, "run.json"), "utf8")) as { wallMs: number }).wallMs);
      });
    });
  const out = (name: string) => path.join(dir, name);
  const above = (wall: number, seq: number) => (wall / jobs - seq / (workers * jobs)) * 1000;
  const seq: number[] = [];
  const pooled: number[] = [];
  const apart: number[] = [];
  try {
    for (let k = 0; k < repeats; k++) {
      seq.push(await sweep(out("seq"), ["--sequential"]));
      pooled.push(await sweep(out("pool"), ["--workers", String(workers), "--chunksize", "1"]));
      const halves = await Promise.all(
        [0, 1].map((i) => sweep(out(`shard${i}`), ["--sequential", "--shard", `${i}/${workers}`])),
      );
      apart.push(Math.max(...halves));
      log(
        `sequential ${seq[k].toFixed(0)} ms, pooled ${pooled[k].toFixed(0)} ms: ${above(pooled[k], seq[k]).toFixed(0)} us per job above a perfect split; two shards at once, no pool: ${apart[k].toFixed(0)} ms, ${above(apart[k], seq[k]).toFixed(0)} us`,
      );
    }
  } finally {
    unregister();
    // a sweep still running (the other shard) ends before its folder goes
    await Promise.all([...children].map((child) => new Promise((done) => child.once("close", done))));
    fs.rmSync(dir, { recursive: true, force: true });
    if (stopped) process.stderr.write(`sweeplab bench: stopped (${stopped}); removed its scratch runs in ${dir}\n`);
  }
  return {
    jobs,
    workers,
    sequential: stats(seq),
    pooled: stats(pooled),
    usPerJob: stats(pooled.map((p, k) => above(p, seq[k]))),
    apart: stats(apart),
    apartUsPerJob: stats(apart.map((a, k) => above(a, seq[k]))),
    compile: workerCompileMode(workers),
  };
}

/** The pool's own share: its figure minus the no-pool split's (below zero: cheaper than two separate processes). */
function poolShare(r: CliOverhead): string {
  const us = r.usPerJob.medianMs - r.apartUsPerJob.medianMs;
  return `${us.toFixed(0)} us${us < 0 ? " (the pool did better than two separate processes)" : ""}`;
}

const overheadSection = section<CliOverhead>({
  key: "cliOverhead",
  title: ({ quick }) =>
    `per-job overhead through the CLI: sweeplab sweep --nz 2 --n-r ${quick ? 400 : 4000}, sequential, --workers 2 --chunksize 1, and two --shard processes at once, journal and progress on`,
  run: async ({ quick, repeats, log }) => cliOverhead(quick ? 400 : 4000, quick ? 1 : Math.max(5, repeats), log),
  summary: (r) => [
    `Tiny jobs through the CLI (${r.jobs} jobs, nz = 2, chunksize 1, journal and progress on): sequential ${spread(r.sequential, 0)} ms, pooled on ${r.workers} ${spread(r.pooled, 0)} ms`,
    `  per job above a perfect split of the sequential time: ${spread(r.usPerJob, 0)} us (the workers compiled ${r.compile === "own thread" ? "on their own threads: a worker per core" : "in V8's background threads: a core to spare"})`,
    `  the same split with no pool (two shards at once, each sequential): ${spread(r.apart, 0)} ms, ${spread(r.apartUsPerJob, 0)} us per job above it: the machine's share; the pool's own is the difference, ${poolShare(r)}`,
  ],
  targets: (r, ctx) => [
    {
      target:
        "sweeplab's pool costs <= 50 us per job on tiny jobs at chunksize 1, 2 workers, through the CLI with its journal and progress",
      usPerJob: r.usPerJob.medianMs,
      spreadUs: [r.usPerJob.minMs, r.usPerJob.maxMs],
      withoutPoolUs: r.apartUsPerJob.medianMs,
      met: judged(ctx, r.usPerJob.medianMs <= 50),
    },
  ],
});

const heavySection = section<PoolWarmthResult>({
  key: "warmPool",
  title: ({ name, maxWorkers }) =>
    `${name} workload, costliest jobs first, on a cold pool (against the scaling run's loop in a fresh process) and on a warm pool of ${maxWorkers} reused for a second sweep (against the warmed loop)`,
  run: (ctx: BenchContext) => {
    const { sequential: coldSequential, jobMs } = ctx.results.scaling as { sequential: TimingStats; jobMs: number[] };
    return poolWarmth({
      workload: { ...ctx.w },
      workers: ctx.maxWorkers,
      chunksize: 1,
      // the order the cold target is met with: each job's cost from the scaling run's sequential sweeps
      order: largestFirst(jobMs),
      repeats: ctx.repeats,
      coldSequential,
      log: ctx.log,
    });
  },
  summary: (r, { name }) => [
    `${name}, pool of ${r.workers} at chunksize 1, costliest first: cold ${r.speedup.cold.toFixed(2)}x the loop in a fresh process; warm first sweep ${r.speedup.warm.toFixed(2)}x and reused pool ${r.speedup.reused.toFixed(2)}x the warmed loop (opening the warm pool: ${r.open.medianMs.toFixed(0)} ms)`,
  ],
  targets: (r, ctx) => [
    {
      target: `${r.workers} workers reach >= 1.9x the warmed loop on the ${ctx.name} workload with a warm pool reused for a second sweep (same run, costliest first)`,
      cold: r.speedup.cold,
      warm: r.speedup.warm,
      reused: r.speedup.reused,
      met: judged(ctx, r.speedup.reused >= 1.9),
    },
  ],
});

const firstJobSection = section<FirstJobsResult>({
  key: "firstJobs",
  title: ({ quick }) =>
    `each worker's first job on a warm pool of 2, against its later jobs of the same cost (r = 0.6, nz = 100, ${quick ? 1 : 3} pools per configuration); what a cold worker costs`,
  run: ({ quick, log }) => firstJobs(quick ? 1 : 3, log),
  summary: (r) => [
    `Each worker's first job over the median of its later jobs of the same cost, on a warm pool of 2 (the worse worker; median, min-max over ${r.repeats} pools):`,
    ...r.configs.map(
      (c) =>
        `  ${c.label}: ${spread(c.firstRatio, 2)} (warm-up on the sweep's own configuration before its timed part: ${spread(c.warmupMs, 0)} ms)`,
    ),
    `A cold worker (thread start and module load, spawn to ready; median, min-max, ms): ${r.cold.map((c) => `pool of ${c.workers}: ${spread(c.readyMs, 0)}`).join("; ")}`,
  ],
  targets: (r, ctx) => [
    {
      target:
        "on a warm pool of 2, each worker's first job at most 1.3x the median of its later jobs of the same cost, for odex and RK45, dense and linear",
      ratios: Object.fromEntries(r.configs.map((c) => [c.label, c.firstRatio.medianMs])),
      met: judged(
        ctx,
        r.configs.every((c) => c.firstRatio.medianMs <= 1.3),
      ),
    },
  ],
});

const mainThreadSection = section<MainThreadResult>({
  key: "mainThread",
  title: ({ quick }) =>
    `the main thread's own CPU time per tiny job (nz = 2, ${quick ? 400 : 4000} jobs, chunksize 1, the CLI's options) on warm pools of 2 and 16`,
  run: ({ quick, log }) => mainThreadCpu(quick ? 400 : 4000, quick ? 1 : 5, log),
  summary: (r) => [
    `Main-thread CPU per tiny job (${r.jobs} jobs, nz = 2, chunksize 1; median, min-max over ${r.repeats} sweeps, us; ${r.source}):`,
    ...r.pools.map(
      (p) =>
        `  pool of ${p.workers}: ${spread(p.usPerJob, 1)} us per job, wall ${spread(p.wallUsPerJob, 0)} us per job`,
    ),
  ],
  targets: (r, ctx) => [
    {
      target: "main-thread CPU per tiny job at most 10 us on pools of 2 and 16",
      usPerJob: Object.fromEntries(r.pools.map((p) => [p.workers, p.usPerJob.medianMs])),
      met: judged(
        ctx,
        r.pools.every((p) => p.usPerJob.medianMs <= 10),
      ),
    },
  ],
});

export const poolSections: BenchSection[] = [
  lectureSection,
  overheadSection,
  heavySection,
  firstJobSection,
  mainThreadSection,
];
