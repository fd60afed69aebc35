/**
 * Experiment: cold and warm pools beside the sequential loop, in one run. Each repeat times, one
 * after the other: the sequential sweep (in this thread, after an untimed run so its code is
 * compiled, as a loop in a long-running notebook would be), the one-call pool (workers started,
 * cold, and stopped inside the timing), and a pool opened with `warm: true` (opening timed apart)
 * with two sweeps on it: the first (warm workers) and the second (workers reused).
 */
import { type OptionKeys, assertCallback, assertInteger, assertPermutation, checkOptions } from "../../core/check.js";
import type { JobRecord, TimingStats } from "../../core/types.js";
import { defaultWorkers } from "../../parallel/options.js";
import { openPool } from "../../parallel/open-pool.js";
import type { WorkerStartup } from "../../parallel/runner.js";
import { runSweep, runSweepTuned } from "../../sweep/run.js";
import { type Workload, type WorkloadName, buildSweep, workload as lookup } from "../../physics/workloads.js";
import { stats } from "../timing.js";

export interface PoolWarmthOptions {
  /** @default "lecture" */
  workload?: WorkloadName | Partial<Workload>;
  /** @default the number of cores */
  workers?: number;
  /** @default 2 (the lecture's) */
  chunksize?: number;
  /** Timed repeats. @default 3 */
  repeats?: number;
  /** A sequential timing of the same workload measured earlier in this run, used instead of timing it again. */
  sequential?: TimingStats;
  /** Dispatch order for every pooled sweep, e.g. costliest first (`largestFirst(jobMs)`). @default job order */
  order?: readonly number[];
  log?: (line: string) => void;
}

const keys = {
  workload: true,
  workers: true,
  chunksize: true,
  repeats: true,
  sequential: true,
  order: true,
  log: true,
} as const satisfies OptionKeys<PoolWarmthOptions>;

export interface PoolWarmthResult {
  jobs: number;
  workers: number;
  chunksize: number;
  /** The dispatch order the pooled sweeps used: "in-order", or "given" (the `order` option). */
  order: "in-order" | "given";
  /** The sequential loop in this thread (warm: one untimed run first). */
  sequential: TimingStats;
  /** The one-call form: workers started cold and stopped inside the timing. */
  cold: TimingStats;
  /** openPool({ warm: true }): starting the workers and their warm-up solves. */
  open: TimingStats;
  /** The first sweep on the warm pool (its opening not included). */
  warm: TimingStats;
  /** A second sweep on the same pool. */
  reused: TimingStats;
  /** sequential median / each median. */
  speedup: { cold: number; warm: number; reused: number; warmWithOpen: number };
  /** How the warm pool's workers got ready, from the last repeat (for a timeline). */
  workerStarts: WorkerStartup[];
  /** The reused pool's job records, from the last repeat (for a timeline). */
  reusedJobs: JobRecord[];
}

/**
 * @example
 * const r = await poolWarmth({ workload: "lecture", workers: 2, chunksize: 2 });
 * r.speedup.warm; // the lecture sweep on a warm pool of 2, against the loop
 */
export async function poolWarmth(options: PoolWarmthOptions = {}): Promise<PoolWarmthResult> {
  checkOptions(options, keys, "poolWarmth");
  assertCallback(options.log, "log", "(line) => void, e.g. console.log");
  const { workload: spec = "lecture", workers = defaultWorkers(), chunksize = 2, repeats = 3, order, log } = options;
  assertInteger(repeats, "repeats", 1);
  const sweep = buildSweep(typeof spec === "string" ? lookup(spec) : lookup("lecture", spec));
  if (order !== undefined)
    assertPermutation(order, "order", sweep.r.length, "pass each job index once, e.g. largestFirst(jobMs)");
  const time = async (run: () => Promise<unknown>) => {
    const t0 = performance.now();
    await run();
    return performance.now() - t0;
  };
  if (!options.sequential) await runSweep(sweep, { sequential: true }); // compiled before it is timed
  const samples = {
    sequential: [] as number[],
    cold: [] as number[],
    open: [] as number[],
    warm: [] as number[],
    reused: [] as number[],
  };
  let workerStarts: WorkerStartup[] = [];
  let reusedJobs: JobRecord[] = [];
  for (let k = 0; k < repeats; k++) {
    if (!options.sequential) samples.sequential.push(await time(() => runSweep(sweep, { sequential: true })));
    samples.cold.push(await time(() => runSweepTuned(sweep, { workers, chunksize }, { order })));
    const t0 = performance.now();
    const pool = await openPool({ workers, warm: true, exclusive: false });
    samples.open.push(performance.now() - t0);
    try {
      samples.warm.push(
        await time(
          async () => (workerStarts = (await runSweepTuned(sweep, { pool, chunksize }, { order })).workerStarts ?? []),
        ),
      );
      samples.reused.push(
        await time(async () => (reusedJobs = (await runSweepTuned(sweep, { pool, chunksize }, { order })).jobs)),
      );
    } finally {
      await pool.close();
    }
  }
  const sequential = options.sequential ?? stats(samples.sequential);
  const [cold, open, warm, reused] = [samples.cold, samples.open, samples.warm, samples.reused].map(stats);
  const speedup = {
    cold: sequential.medianMs / cold.medianMs,
    warm: sequential.medianMs / warm.medianMs,
    reused: sequential.medianMs / reused.medianMs,
    warmWithOpen: sequential.medianMs / (open.medianMs + warm.medianMs),
  };
  log?.(
    `sequential ${sequential.medianMs.toFixed(1)} ms; pool of ${workers}, chunksize ${chunksize}: cold ${cold.medianMs.toFixed(1)} ms (${speedup.cold.toFixed(2)}x), warm ${warm.medianMs.toFixed(1)} ms (${speedup.warm.toFixed(2)}x), reused ${reused.medianMs.toFixed(1)} ms (${speedup.reused.toFixed(2)}x); opening the warm pool ${open.medianMs.toFixed(0)} ms`,
  );
  return {
    jobs: sweep.r.length,
    workers,
    chunksize,
    order: order === undefined ? "in-order" : "given",
    sequential,
    cold,
    open,
    warm,
    reused,
    speedup,
    workerStarts,
    reusedJobs,
  };
}
