/**
 * Experiment: cold and warm pools beside the sequential loop, in one run, each set against a loop
 * in its own state. A cold pool (workers started and stopped inside the call) is set against the
 * loop as the first sweep of a fresh process (`coldLoop`); a warm pool (opened with `warm: true`,
 * its opening timed apart), and the same pool reused for a second sweep, against the loop in this
 * thread after an untimed run. Each repeat times them one after the other, so all see the same
 * load; each speedup credits the loop at most the pool's own job time (`fairSpeedup`).
 */
import { type OptionKeys, assertCallback, assertInteger, assertPermutation, checkOptions } from "../../core/check.js";
import type { JobRecord, TimingStats } from "../../core/types.js";
import { defaultWorkers } from "../../parallel/options.js";
import { openPool } from "../../parallel/open-pool.js";
import type { WorkerStartup } from "../../parallel/runner.js";
import { type SweepReport, runSweep, runSweepTuned } from "../../sweep/run.js";
import { type Workload, type WorkloadName, buildSweep, workload as lookup } from "../../physics/workloads.js";
import { stats } from "../timing.js";
import { fairSpeedup } from "../analysis.js";
import { coldLoop } from "../cold-loop.js";

export interface PoolWarmthOptions {
  /** @default "lecture" */
  workload?: WorkloadName | Partial<Workload>;
  /** @default the number of cores */
  workers?: number;
  /** @default 2 (the lecture's) */
  chunksize?: number;
  /** Timed repeats. @default 3 */
  repeats?: number;
  /** The warmed loop of the same workload measured earlier in this run, used instead of timing it again. */
  sequential?: TimingStats;
  /** The loop as the first sweep of a fresh process (a `scaling` run's `sequential`), used instead of timing it again. */
  coldSequential?: TimingStats;
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
  coldSequential: true,
  order: true,
  log: true,
} as const satisfies OptionKeys<PoolWarmthOptions>;

export interface PoolWarmthResult {
  jobs: number;
  workers: number;
  chunksize: number;
  /** The dispatch order the pooled sweeps used: "in-order", or "given" (the `order` option). */
  order: "in-order" | "given";
  /** The loop in this thread, warmed (one untimed run first): what the warm and reused pools are set against. */
  sequential: TimingStats;
  /** The loop as the first sweep of a fresh process: what the cold pool is set against. */
  coldSequential: TimingStats;
  /** The one-call form: workers started cold and stopped inside the timing. */
  cold: TimingStats;
  /** openPool({ warm: true }): starting the workers and their warm-up solves. */
  open: TimingStats;
  /** The first sweep on the warm pool (its opening not included). */
  warm: TimingStats;
  /** A second sweep on the same pool. */
  reused: TimingStats;
  /**
   * Fair speedups (median over repeats, `fairSpeedup`): cold against the cold loop; warm, reused
   * and warm with its opening against the warmed loop. None exceeds `workers`.
   */
  speedup: { cold: number; warm: number; reused: number; warmWithOpen: number };
  /** How the warm pool's workers got ready, from the last repeat (for a timeline). */
  workerStarts: WorkerStartup[];
  /** The reused pool's job records, from the last repeat (for a timeline). */
  reusedJobs: JobRecord[];
}

/**
 * @example
 * const r = await poolWarmth({ workload: "lecture", workers: 2, chunksize: 2 });
 * r.speedup.warm; // the lecture sweep on a warm pool of 2, against the warmed loop
 */
export async function poolWarmth(options: PoolWarmthOptions = {}): Promise<PoolWarmthResult> {
  checkOptions(options, keys, "poolWarmth");
  assertCallback(options.log, "log", "(line) => void, e.g. console.log");
  const { workload: spec = "lecture", workers = defaultWorkers(), chunksize = 2, repeats = 3, order, log } = options;
  assertInteger(repeats, "repeats", 1);
  const w = typeof spec === "string" ? lookup(spec) : lookup("lecture", spec);
  const sweep = buildSweep(w);
  if (order !== undefined)
    assertPermutation(order, "order", sweep.r.length, "pass each job index once, e.g. largestFirst(jobMs)");
  if (!options.sequential) await runSweep(sweep, { sequential: true }); // compiled before it is timed
  const loops: number[] = [];
  const coldLoops: number[] = [];
  const runs = { cold: [] as SweepReport[], warm: [] as SweepReport[], reused: [] as SweepReport[] };
  const open: number[] = [];
  for (let k = 0; k < repeats; k++) {
    if (!options.coldSequential) coldLoops.push((await coldLoop(w)).wallMs);
    if (!options.sequential) loops.push((await runSweep(sweep, { sequential: true })).wallMs);
    runs.cold.push(await runSweepTuned(sweep, { workers, chunksize }, { order }));
    const t0 = performance.now();
    const pool = await openPool({ workers, warm: true, exclusive: false });
    open.push(performance.now() - t0);
    try {
      runs.warm.push(await runSweepTuned(sweep, { pool, chunksize }, { order }));
      runs.reused.push(await runSweepTuned(sweep, { pool, chunksize }, { order }));
    } finally {
      await pool.close();
    }
  }
  const sequential = options.sequential ?? stats(loops);
  const coldSequential = options.coldSequential ?? stats(coldLoops);
  const fair = (loopMs: number, list: SweepReport[], extraMs: number[] = []) =>
    stats(list.map((run, k) => fairSpeedup(loopMs, { ...run, wallMs: run.wallMs + (extraMs[k] ?? 0) }).speedup))
      .medianMs;
  const speedup = {
    cold: fair(coldSequential.medianMs, runs.cold),
    warm: fair(sequential.medianMs, runs.warm),
    reused: fair(sequential.medianMs, runs.reused),
    warmWithOpen: fair(sequential.medianMs, runs.warm, open),
  };
  const [cold, warm, reused] = [runs.cold, runs.warm, runs.reused].map((list) => stats(list.map((r) => r.wallMs)));
  log?.(
    `pool of ${workers}, chunksize ${chunksize}: cold ${cold.medianMs.toFixed(1)} ms (${speedup.cold.toFixed(2)}x the loop in a fresh process, ${coldSequential.medianMs.toFixed(1)} ms); warm ${warm.medianMs.toFixed(1)} ms (${speedup.warm.toFixed(2)}x the warmed loop, ${sequential.medianMs.toFixed(1)} ms), reused ${reused.medianMs.toFixed(1)} ms (${speedup.reused.toFixed(2)}x); opening the warm pool ${stats(open).medianMs.toFixed(0)} ms`,
  );
  return {
    jobs: sweep.r.length,
    workers,
    chunksize,
    order: order === undefined ? "in-order" : "given",
    sequential,
    coldSequential,
    cold,
    open: stats(open),
    warm,
    reused,
    speedup,
    workerStarts: runs.warm[runs.warm.length - 1].workerStarts ?? [],
    reusedJobs: runs.reused[runs.reused.length - 1].jobs,
  };
}
