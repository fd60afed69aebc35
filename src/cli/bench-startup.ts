/**
 * `sweeplab bench`'s worker start-up section: what a cold worker costs, against a bare thread.
 * For pools of 2 and of all cores, `repeats` times each: spawn to ready of bare threads (a thread
 * that only says it is there), of a sweeplab pool's workers (ready to take jobs), and spawn to the
 * start of each worker's first "solve" job (its job module loaded on that first job). Reported,
 * never asserted; docs/worker-startup.md reads the figures.
 */
import { Worker } from "node:worker_threads";
import type { TimingStats } from "../core/types.js";
import { stats } from "../measure/timing.js";
import { defaultWorkers } from "../parallel/options.js";
import { runPool } from "../parallel/run-pool.js";
import { packJobs } from "../physics/pack.js";
import { buildSweep } from "../physics/workloads.js";
import "../sweep/jobs.js"; // registers the "solve" job
import { type BenchSection, section } from "./bench-section.js";

export interface StartupResult {
  repeats: number;
  pools: {
    workers: number;
    /** Median over a pool's threads of spawn to first message, per repeat. */
    bareMs: TimingStats;
    /** Median over a pool's workers of spawn to ready, per repeat. */
    readyMs: TimingStats;
    /** Median over a pool's workers of spawn to the start of its first "solve" job, per repeat. */
    firstSolveMs: TimingStats;
  }[];
}

const median = (xs: number[]) => stats(xs).medianMs;

/** Spawn to first message of one bare thread (ms); resolves once the thread is gone. */
function bareThread(): Promise<number> {
  const t0 = performance.now();
  const thread = new Worker("require('node:worker_threads').parentPort.postMessage(0)", { eval: true });
  return new Promise((resolve, reject) => {
    thread.once("error", reject);
    thread.once("message", () => {
      const ms = performance.now() - t0;
      void thread.terminate().then(() => resolve(ms), reject);
    });
  });
}

/**
 * A pool's workers: spawn to ready, and spawn to the start of their first "solve" job (ms, medians),
 * both read off the same pool's workers (a worker loads the solver on its first job, after ready).
 */
async function sweeplabWorkers(workers: number): Promise<{ ready: number; firstSolve: number }> {
  const s = buildSweep({ nz: 10, nR: workers });
  const jobs = packJobs(s.N, s.gamma, s.Dnm, s.Gnm, s.OmegaNValues, s.tSpan, s.y0, s.solveOptions);
  const solve = await runPool("solve", jobs, { workers, chunksize: 1 });
  const firstStart = solve.workerStarts.map(({ worker, spawn }) => {
    const mine = solve.records.filter((j) => j.worker === worker).map((j) => j.start);
    return Math.min(...mine) - spawn;
  });
  return { ready: median(solve.workerStarts.map((w) => w.ready - w.spawn)), firstSolve: median(firstStart) };
}

export async function workerStartup(repeats: number, log: (line: string) => void): Promise<StartupResult> {
  const pools: StartupResult["pools"] = [];
  for (const workers of [...new Set([2, defaultWorkers()])]) {
    const bare: number[] = [];
    const ready: number[] = [];
    const firstSolve: number[] = [];
    for (let k = 0; k < repeats; k++) {
      bare.push(median(await Promise.all(Array.from({ length: workers }, bareThread))));
      const w = await sweeplabWorkers(workers);
      ready.push(w.ready);
      firstSolve.push(w.firstSolve);
      log(
        `pool of ${workers}: bare thread ${bare[k].toFixed(0)} ms, sweeplab worker ready ${w.ready.toFixed(0)} ms, first solve starts ${w.firstSolve.toFixed(0)} ms after spawn`,
      );
    }
    pools.push({ workers, bareMs: stats(bare), readyMs: stats(ready), firstSolveMs: stats(firstSolve) });
  }
  return { repeats, pools };
}

const spread = (t: TimingStats) => `${t.medianMs.toFixed(0)} ms (${t.minMs.toFixed(0)}-${t.maxMs.toFixed(0)})`;

export const startupSection: BenchSection = section<StartupResult>({
  key: "workerStartup",
  title: ({ quick }) =>
    `worker start-up: spawn to ready of a bare thread and of a sweeplab worker, pools of 2 and of all cores (${quick ? 1 : 5} repeats)`,
  run: ({ quick, log }) => workerStartup(quick ? 1 : 5, log),
  summary: (r) =>
    r.pools.map(
      (p) =>
        `Pool of ${p.workers}, spawn to ready (median, min-max): bare thread ${spread(p.bareMs)}, sweeplab worker ${spread(p.readyMs)}; its first solve starts ${spread(p.firstSolveMs)} after spawn`,
    ),
  headline: (r) => {
    const p = r.pools[0];
    return [
      `Starting a worker thread costs about ${p.bareMs.medianMs.toFixed(0)} ms on this machine; a sweeplab worker is ready after ${p.readyMs.medianMs.toFixed(0)} ms and starts its first solve ${p.firstSolveMs.medianMs.toFixed(0)} ms after it was spawned (pool of ${p.workers})`,
    ];
  },
});
