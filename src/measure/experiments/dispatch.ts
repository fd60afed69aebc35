/** Experiment 3: what handing a job to a worker costs, the kit's pool against threads.js's own. */
import { type OptionKeys, assertNumberList } from "../../core/check.js";
import { type FunctionThread, type ModuleThread, Pool, spawn, Worker } from "threads";
import { SweepInterruptedError } from "../../core/errors.js";
import { runPool } from "../../parallel/run-pool.js";
import { jobModule } from "../../parallel/jobs.js";
import "../jobs.js"; // registers the "empty" job
import { register } from "../../parallel/interrupt.js";
import { setWorkerCompileMode } from "../../parallel/policy/compile.js";
import { removeThreadsExitHandlers } from "../../parallel/threads-compat.js";
import { stats } from "../timing.js";
import type { TimingStats } from "../../core/types.js";
import type { WorkerApi } from "../../parallel/worker.js";
import { type ExperimentOptions, checkExperimentOptions, experimentKeys } from "./common.js";

export interface DispatchOptions extends ExperimentOptions {
  /** @default 2 */
  workers?: number;
  /** Empty jobs per run. @default 1000 */
  jobs?: number;
  /** @default [1, 2, 5, 10] */
  chunksizes?: number[];
}

const dispatchKeys = {
  ...experimentKeys,
  workers: true,
  jobs: true,
  chunksizes: true,
} as const satisfies OptionKeys<DispatchOptions>;

/** Which pool handed the jobs out. */
export type DispatchPath = "threads.js Pool.queue" | "sweeplab pool";

/** Dispatch overhead per job on empty jobs, for one pool and chunksize. */
export interface DispatchPoint {
  path: DispatchPath;
  chunksize: number;
  jobs: number;
  usPerJob: TimingStats;
}

type Thread_ = ModuleThread<WorkerApi> & FunctionThread;

/**
 * Experiment 3: dispatch cost per job on empty jobs, for threads.js's own `Pool.queue` (one task
 * per chunk) and for the kit's pool, per chunksize. Pool start-up is excluded from both.
 */
export async function dispatch(options: DispatchOptions = {}): Promise<DispatchPoint[]> {
  checkExperimentOptions(options, dispatchKeys, "dispatch");
  const { workers = 2, jobs = 1000, chunksizes: sizes = [1, 2, 5, 10], repeats = 3, log } = options;
  assertNumberList(sizes, "chunksizes", 1, jobs);
  const out: DispatchPoint[] = [];
  for (const chunksize of sizes) {
    const kit: number[] = [];
    const stock: number[] = [];
    for (let k = 0; k < repeats; k++) {
      const run = await runPool("empty", new Array(jobs).fill(0), { workers, chunksize });
      const first = Math.min(...run.records.map((r) => r.start));
      kit.push(((Math.max(...run.records.map((r) => r.end)) - first) * 1000) / jobs);
      stock.push(await stockPoolUsPerJob(workers, jobs, chunksize));
    }
    out.push({ path: "sweeplab pool", chunksize, jobs, usPerJob: stats(kit) });
    out.push({ path: "threads.js Pool.queue", chunksize, jobs, usPerJob: stats(stock) });
    log?.(
      `chunksize ${chunksize}: sweeplab ${stats(kit).medianMs.toFixed(1)} us/job, threads.js Pool.queue ${stats(stock).medianMs.toFixed(1)} us/job`,
    );
  }
  return out;
}

/** µs per job through threads.js `Pool.queue`, timed after the pool's workers are up. */
async function stockPoolUsPerJob(workers: number, jobs: number, chunksize: number): Promise<number> {
  // Its workers compile where the kit's pool's would (see parallel/policy/compile.ts), so the two compare alike.
  setWorkerCompileMode(workers);
  // Created here, in compiled library code, so threads.js resolves the worker next to this file.
  const pool = Pool(() => spawn<WorkerApi>(new Worker("../../parallel/worker.js")) as Promise<Thread_>, workers);
  removeThreadsExitHandlers();
  let stopped: string | undefined;
  const unregister = register({
    stop: (reason) => {
      stopped ??= reason;
      void pool.terminate(true);
    },
  });
  try {
    await Promise.all(Array.from({ length: workers }, () => pool.queue((t) => t.init(undefined))));
    const t0 = performance.now();
    for (let k = 0; k < jobs; k += chunksize) {
      const chunk = Array.from({ length: Math.min(chunksize, jobs - k) }, (_, i) => ({ index: k + i, payload: 0 }));
      pool.queue(async (t) => {
        await t.runAll("empty", jobModule("empty"), chunk);
      });
    }
    await Promise.race([
      pool.completed(),
      new Promise((resolve) => pool.events().subscribe((event) => event.type === "terminated" && resolve(undefined))),
    ]);
    if (stopped) throw new SweepInterruptedError(stopped, 0, jobs);
    return ((performance.now() - t0) * 1000) / jobs;
  } finally {
    unregister();
    await pool.terminate(true);
  }
}
