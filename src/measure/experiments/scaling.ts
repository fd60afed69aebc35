/**
 * Experiment 1: the sweep sequentially and on 1..N workers, in one run, with an Amdahl fit. Each
 * pool is started for its run (cold), so the loop it is set against is cold too: the first sweep
 * of a fresh process. A speedup credits the loop's time at most as the pool's own job time
 * (`fairSpeedup`), so none exceeds the worker count.
 */
import { type OptionKeys, assertInteger, assertNumberList, assertOneOf } from "../../core/check.js";
import { UsageError } from "../../core/errors.js";
import { type AmdahlFit, fitAmdahl } from "../amdahl.js";
import { fairSpeedup } from "../analysis.js";
import { coldLoop } from "../cold-loop.js";
import { largestFirst } from "../../parallel/schedule.js";
import { defaultWorkers } from "../../parallel/options.js";
import { type SweepReport, runSweepTuned } from "../../sweep/run.js";
import { machine } from "../../core/machine.js";
import { stats } from "../timing.js";
import type { JobRecord, Machine, TimingStats } from "../../core/types.js";
import { buildSweep } from "../../physics/workloads.js";
import {
  type ExperimentOptions,
  type Schedule,
  type SequentialBaseline,
  type WorkloadSpec,
  checkExperimentOptions,
  experimentKeys,
  range,
  resolveWorkload,
  schedules,
  workloadName,
} from "./common.js";

export interface ScalingOptions extends ExperimentOptions {
  /** @default "heavy" */
  workload?: WorkloadSpec;
  /** Worker counts to time. @default 1..cores */
  workers?: number[];
  /** @default 1 */
  chunksize?: number;
  /** @default "in-order" */
  schedule?: Schedule;
  /** The sequential baseline of an earlier `scaling` run of the same workload, reused instead of measured again. */
  baseline?: SequentialBaseline;
}

const scalingKeys = {
  ...experimentKeys,
  workload: true,
  workers: true,
  chunksize: true,
  schedule: true,
  baseline: true,
} as const satisfies OptionKeys<ScalingOptions>;

/** One row per worker count, against the sequential baseline measured in the same run. */
export interface ScalingPoint {
  workers: number;
  /** The pooled sweep's own wall time (pool start and stop included), per repeat. */
  wall: TimingStats;
  /** Median over repeats of the fair speedup against the loop's median (`fairSpeedup`): at most `workers`. */
  speedup: number;
  /** The least and the most fair speedup over the repeats (each against the loop's median): the whiskers. */
  speedupRange: { low: number; high: number };
  /** The loop's median over this median, uncapped: above `speedup` when the pool's jobs ran faster than the loop's. */
  rawSpeedup: number;
  /** speedup / workers */
  efficiency: number;
}

/** Which states a scaling run sets against each other, in words (printed beside its speedups). */
export const scalingPairing =
  "cold against cold: the loop as the first sweep of a fresh process, each pool's workers new for its run";

/** A scaling run as plots and tables read it. */
export interface ScalingResult {
  workload: string;
  jobs: number;
  chunksize: number;
  /** Which loop the pools were set against (`scalingPairing`). */
  pairing: string;
  /** The loop, as the first sweep of a fresh process, per repeat. */
  sequential: TimingStats;
  points: ScalingPoint[];
  amdahl: AmdahlFit;
  machine: Machine;
}

/** What `scaling` returns: the result, its baseline (reusable), its dispatch order and each width's last run. */
export interface ScalingRun extends ScalingResult, SequentialBaseline {
  schedule: Schedule;
  timelines: { workers: number; jobs: JobRecord[]; wallMs: number }[];
}

/**
 * Experiment 1: wall time of the sweep sequentially and on 1..N workers, in one run, with the
 * speedup, the parallel efficiency and an Amdahl fit. The loop runs as the first sweep of a fresh
 * process each repeat (the last repeat also runs a warmed loop there, for each job's cost); each
 * pooled run starts and stops its own workers.
 * @example const s = await scaling({ workload: "heavy", workers: [1, 2] }); s.points[1].speedup
 */
export async function scaling(options: ScalingOptions = {}): Promise<ScalingRun> {
  checkExperimentOptions(options, scalingKeys, "scaling");
  const {
    workload: spec = "heavy",
    workers = range(1, defaultWorkers()),
    chunksize = 1,
    schedule = "in-order",
    repeats = 3,
    warmup = 0,
    log,
  } = options;
  assertNumberList(workers, "workers", 1);
  assertOneOf(schedule, "schedule", schedules, "leave it out for the lecture's job order");
  assertInteger(repeats, "repeats", 1, Infinity, "time each setting at least once, e.g. 3");
  assertInteger(warmup, "warmup", 0, Infinity, "leave it out for none");
  const w = resolveWorkload(spec);
  const sweep = buildSweep(w);
  assertInteger(chunksize, "chunksize", 1, w.nR);
  const { sequential, jobMs, rows } = options.baseline ?? (await measureBaseline());
  async function measureBaseline(): Promise<SequentialBaseline> {
    for (let k = 0; k < warmup; k++) await coldLoop(w);
    const loops = [];
    for (let k = 0; k < repeats; k++) loops.push(await coldLoop(w, { warmJobs: k === repeats - 1 }));
    const timed = stats(loops.map((l) => l.wallMs));
    log?.(`sequential, the first sweep of a fresh process: median ${timed.medianMs.toFixed(1)} ms`);
    const last = loops[loops.length - 1];
    return { sequential: timed, jobMs: last.warmJobMs!, rows: last.rows };
  }
  if (jobMs.length !== w.nR) {
    throw new UsageError(
      `\`baseline\` holds ${jobMs.length} jobs but the workload has ${w.nR}: pass the result of a scaling run of the same workload`,
      "baseline",
    );
  }
  const order = schedule === "largest-first" ? largestFirst(jobMs) : undefined;
  const points: ScalingPoint[] = [];
  const timelines = [];
  for (const p of workers) {
    const pooled = () => runSweepTuned(sweep, { workers: p, chunksize }, { order });
    for (let k = 0; k < warmup; k++) await pooled();
    const runs: SweepReport[] = [];
    for (let k = 0; k < repeats; k++) runs.push(await pooled());
    const last = runs[runs.length - 1];
    timelines.push({ workers: p, jobs: last.jobs, wallMs: last.wallMs });
    const wall = stats(runs.map((run) => run.wallMs));
    const fair = stats(runs.map((run) => fairSpeedup(sequential.medianMs, run).speedup));
    const speedup = fair.medianMs;
    const speedupRange = { low: fair.minMs, high: fair.maxMs };
    const rawSpeedup = sequential.medianMs / wall.medianMs;
    points.push({ workers: p, wall, speedup, speedupRange, rawSpeedup, efficiency: speedup / p });
    log?.(
      `${p} worker(s): median ${wall.medianMs.toFixed(1)} ms, speedup ${speedup.toFixed(2)}x (wall times alone: ${rawSpeedup.toFixed(2)}x)`,
    );
  }
  const amdahl = points.some((pt) => pt.workers >= 2) ? fitAmdahl(points) : { serialFraction: NaN, rmse: NaN };
  return {
    workload: workloadName(spec),
    jobs: w.nR,
    chunksize,
    pairing: scalingPairing,
    sequential,
    points,
    amdahl,
    machine: machine(),
    jobMs,
    schedule,
    rows,
    timelines,
  };
}
