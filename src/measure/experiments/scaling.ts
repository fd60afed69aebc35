/** Experiment 1: the sweep sequentially and on 1..N workers, in one run, with an Amdahl fit. */
import { assertInteger, assertNumberList, assertOneOf } from "../../core/check.js";
import { UsageError } from "../../core/errors.js";
import { fitAmdahl } from "../amdahl.js";
import { largestFirst } from "../../parallel/schedule.js";
import { defaultWorkers } from "../../parallel/options.js";
import { runSweep, runSweepTuned } from "../../sweep/run.js";
import { machine } from "../../core/machine.js";
import { timeit } from "../timing.js";
import type { JobRecord, ScalingPoint, ScalingResult } from "../../core/types.js";
import { buildSweep } from "../../physics/workloads.js";
import {
  type Schedule,
  type ScalingOptions,
  type SequentialBaseline,
  checkExperimentOptions,
  resolveWorkload,
  workloadName,
  jobCosts,
  pick,
  range,
  schedules,
} from "./common.js";

/**
 * Experiment 1: wall time of the sweep sequentially and on 1..N workers, in one run, with the
 * speedup, the parallel efficiency and an Amdahl fit.
 * @example const s = await scaling({ workload: "heavy", workers: [1, 2] }); s.points[1].speedup
 */
export async function scaling(
  options: ScalingOptions = {},
): Promise<
  ScalingResult &
    SequentialBaseline & { schedule: Schedule; timelines: { workers: number; jobs: JobRecord[]; wallMs: number }[] }
> {
  checkExperimentOptions(options, "scaling");
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
  const w = resolveWorkload(spec);
  const sweep = buildSweep(w);
  assertInteger(chunksize, "chunksize", 1, w.nR);
  const { sequential, jobMs, rows } = options.baseline ?? (await measureBaseline());
  async function measureBaseline(): Promise<SequentialBaseline> {
    const timed = await timeit(() => runSweep(sweep, { sequential: true }), { repeats, warmup, label: "sequential" });
    log?.(`sequential: median ${timed.medianMs.toFixed(1)} ms`);
    return { sequential: pick(timed), jobMs: jobCosts(timed.last), rows: timed.last.rows };
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
    const wall = await timeit(() => runSweepTuned(sweep, { workers: p, chunksize }, { order }), {
      repeats,
      warmup,
      label: `${p} workers`,
    });
    timelines.push({ workers: p, jobs: wall.last.jobs, wallMs: wall.last.wallMs });
    const speedup = sequential.medianMs / wall.medianMs;
    points.push({ workers: p, wall: pick(wall), speedup, efficiency: speedup / p });
    log?.(`${p} worker(s): median ${wall.medianMs.toFixed(1)} ms, speedup ${speedup.toFixed(2)}x`);
  }
  const amdahl = points.some((pt) => pt.workers >= 2) ? fitAmdahl(points) : { serialFraction: NaN, rmse: NaN };
  return {
    workload: workloadName(spec),
    jobs: w.nR,
    chunksize,
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
