/**
 * Two measurements of `sweeplab bench`'s pool sections: whether a warm pool runs each worker's
 * first job at full speed (against its later jobs of the same cost), with what a cold worker
 * costs; and the main thread's own CPU time per tiny job, which caps how many jobs a second a
 * pool of many workers can finish.
 */
import type { TimingStats } from "../core/types.js";
import { stats, threadCpuMs } from "../measure/timing.js";
import { openPool } from "../parallel/open-pool.js";
import { runPool } from "../parallel/run-pool.js";
import "../measure/jobs.js"; // registers the "empty" job
import type { Workload } from "../physics/workloads.js";
import { runSweep, runSweepTuned } from "../sweep/run.js";

/**
 * The configurations a warm pool must be warm for: both methods, both right-hand sides; the
 * defaults first (what a warm pool's opening warm-up covers).
 */
const configs: { label: string; w: Partial<Workload> }[] = [
  { label: "RK45, dense", w: { method: "RK45", rhs: "dense" } },
  { label: "RK45, linear", w: { method: "RK45", rhs: "linear" } },
  { label: "odex, dense", w: { method: "odex", rhs: "dense" } },
  { label: "odex, linear", w: { method: "odex", rhs: "linear" } },
];

export interface FirstJobsResult {
  repeats: number;
  configs: { label: string; firstRatio: TimingStats; warmupMs: TimingStats }[];
  /** Spawn to ready of a cold worker (thread start, module load), per pool size. */
  cold: { workers: number; readyMs: TimingStats }[];
}

const median = (xs: number[]) => stats(xs).medianMs;

/**
 * Per configuration, `repeats` times: a fresh warm pool of 2 runs 16 jobs of the same cost
 * (r from 0.6 to 0.6001) at chunksize 1; per worker that ran two or more, its first job's time
 * over the median of its later ones; the worse worker counts.
 */
export async function firstJobs(repeats: number, log: (line: string) => void): Promise<FirstJobsResult> {
  const out: FirstJobsResult["configs"] = [];
  for (const { label, w } of configs) {
    const ratios: number[] = [];
    const warmups: number[] = [];
    for (let k = 0; k < repeats; k++) {
      const pool = await openPool({ workers: 2, warm: true, exclusive: false });
      try {
        // inflight 1: a free worker takes the next job, so both get several even when jobs are tiny
        const run = await runSweepTuned(
          { nz: 100, rMin: 0.6, rMax: 0.6001, nR: 16, ...w },
          { pool, chunksize: 1 },
          { inflight: 1 },
        );
        const perWorker = [0, 1].flatMap((worker) => {
          const mine = run.jobs.filter((j) => j.worker === worker).sort((a, b) => a.start - b.start);
          const ms = mine.map((j) => j.end - j.start);
          return ms.length < 2 ? [] : [ms[0] / median(ms.slice(1))];
        });
        if (perWorker.length === 0) throw new Error(`${label}: no worker ran two jobs, so no first job to compare`);
        const ratio = Math.max(...perWorker);
        ratios.push(ratio);
        warmups.push(pool.warmupMs);
        log(`${label}: first job ${ratio.toFixed(2)}x the later ones; warm-up ${pool.warmupMs.toFixed(0)} ms`);
      } finally {
        await pool.close();
      }
    }
    out.push({ label, firstRatio: stats(ratios), warmupMs: stats(warmups) });
  }
  const cold: FirstJobsResult["cold"] = [];
  for (const workers of [2, 16]) {
    const ready: number[] = [];
    for (let k = 0; k < repeats; k++) {
      const run = await runPool(
        "empty",
        Array.from({ length: workers }, () => null),
        { workers, chunksize: 1 },
      );
      ready.push(median(run.workerStarts.map((s) => s.ready - s.spawn)));
    }
    cold.push({ workers, readyMs: stats(ready) });
    log(`cold pool of ${workers}: a worker took ${median(ready).toFixed(0)} ms from spawn to ready`);
  }
  return { repeats, configs: out, cold };
}

export interface MainThreadResult {
  jobs: number;
  repeats: number;
  /** Where the main thread's CPU time was read. */
  source: string;
  pools: { workers: number; usPerJob: TimingStats; wallUsPerJob: TimingStats }[];
}

/**
 * On warm pools of 2 and 16 workers: one untimed sweep of `jobs` tiny jobs (nz = 2, chunksize 1,
 * the CLI's options: no samples back, errors collected, a row per job), then `repeats` sweeps,
 * each with the main thread's own CPU time (threadCpuMs) per job.
 */
export async function mainThreadCpu(
  jobs: number,
  repeats: number,
  log: (line: string) => void,
): Promise<MainThreadResult> {
  if (threadCpuMs() === undefined) return { jobs, repeats, source: "not measured: needs Linux's /proc", pools: [] };
  const pools: MainThreadResult["pools"] = [];
  for (const workers of [2, 16]) {
    const pool = await openPool({ workers, warm: true, exclusive: false });
    try {
      const sweep = () =>
        runSweep(
          { nz: 2, nR: jobs },
          { pool, chunksize: 1, keepSamples: false, collectErrors: true, onJob: () => undefined },
        );
      await sweep();
      const us: number[] = [];
      const wall: number[] = [];
      for (let k = 0; k < repeats; k++) {
        const c0 = threadCpuMs() as number;
        const t0 = performance.now();
        await sweep();
        wall.push(((performance.now() - t0) * 1000) / jobs);
        us.push((((threadCpuMs() as number) - c0) * 1000) / jobs);
        log(`pool of ${workers}: main thread ${us[k].toFixed(1)} us per job, wall ${wall[k].toFixed(0)} us per job`);
      }
      pools.push({ workers, usPerJob: stats(us), wallUsPerJob: stats(wall) });
    } finally {
      await pool.close();
    }
  }
  return { jobs, repeats, source: "/proc/self/task/<pid>/schedstat", pools };
}
