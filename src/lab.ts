/**
 * sweeplab/lab: everything a lesson measures and shows with, beside the core of `sweeplab`: the
 * experiments and their analysis, timing, plots, the notebook helpers and the model's finer parts.
 * The notebooks import it as `lab` (`import * as lab from "../dist/lessons"`, the same module).
 */
export { validateSolveArgs, solveMethods } from "./physics/solve.js";
export { makeRhs, makeDenseRhs, makeLinearRhs, chainOrder, rhsKinds } from "./physics/rhs.js";
export type { RhsFn } from "./physics/rhs.js";
export { dopri5 } from "./physics/dopri5.js";
export type { Dopri5Options, Dopri5Result, Dopri5Status } from "./physics/dopri5.js";
export { packedBytes } from "./physics/pack.js";
export { K } from "./physics/model.js";
export { uniformRng, normalRng } from "./physics/random.js";
export { workloads, linspace, maxNz, maxLinearNz } from "./physics/workloads.js";
export { openPoolCount } from "./parallel/worker-pool.js";
export { activePools } from "./parallel/interrupt.js";
export { settledThreadCount, threadCount, waitForThreads } from "./parallel/thread-probe.js";
export { spin } from "./measure/jobs.js";
export { registerJobKind, registeredJobKinds } from "./parallel/jobs.js";
export type { JobKind, JobOutput } from "./parallel/jobs.js";
export { poolMapChunksize, largestFirst } from "./parallel/schedule.js";
export { progressLine } from "./sweep/progress.js";
export * from "./core/types.js";
export { machine, kitCores } from "./core/machine.js";
export { type Row, formatMs, formatNumber, formatPercent, formatRows } from "./core/format.js";
export { algorithms, lectureSweeps, costVersusN, oneJob, bigJob } from "./measure/algorithm.js";
export type { Algorithm, LectureSweepTiming, JobCost, BigJob } from "./measure/algorithm.js";
export { timeit, stats, formatStats, ratio } from "./measure/timing.js";
export type { TimingResult, TimeitOptions } from "./measure/timing.js";
export { predictMakespan, idealMakespan } from "./measure/makespan.js";
export type { MakespanOptions, Makespan } from "./measure/makespan.js";
export { amdahlSpeedup, amdahlLimit, fitAmdahl } from "./measure/amdahl.js";
export { loadComparison, comparisonTable } from "./measure/compare.js";
export type { Comparison } from "./measure/compare.js";
export * from "./measure/experiments.js";
export { predictSpeedup, checkPredictions } from "./measure/predict.js";
export type { MeasuredParts, SpeedupPrediction, Spread } from "./measure/predict.js";
export * from "./measure/analysis.js";
export * from "./measure/predictions.js";
export * from "./plots/plots.js";
export { toSvg, savePlot } from "./plots/render.js";
export { show, mimeBundle } from "./notebook/display.js";
export * from "./notebook/tables.js";
export * from "./notebook/busy.js";
export * from "./notebook/readings.js";
export * from "./notebook/demos.js";
export * from "./notebook/sweep-cell.js";
export * from "./notebook/live-timeline.js";
export * from "./notebook/algorithm.js";
export * from "./notebook/python-side.js";
export * from "./notebook/compare.js";
