/**
 * sweeplab: the lecture's parameter sweep in TypeScript, sequential and pooled, measured.
 * Python -> TypeScript: `solve_system_prop` -> solveSystemProp, `solve_system_wrapper` ->
 * solveSystemWrapper, `parallel_solve_omega` -> parallelSolveOmega (see README).
 */
export { solveSystemProp, solveDefaults, validateSolveArgs, solveMethods } from "./physics/solve.js";
export type { Solution, SolveOptions, SolveMethod } from "./physics/solve.js";
export { makeRhs, makeDenseRhs, makeLinearRhs, chainOrder, rhsKinds } from "./physics/rhs.js";
export type { RhsFn, RhsKind } from "./physics/rhs.js";
export { dopri5 } from "./physics/dopri5.js";
export { algorithms, lectureSweeps, costVersusN, oneJob, bigJob } from "./measure/algorithm.js";
export type { Algorithm, LectureSweepTiming, JobCost, BigJob } from "./measure/algorithm.js";
export type { Dopri5Options, Dopri5Result, Dopri5Status } from "./physics/dopri5.js";
export { solveSystemWrapper, packJobs, packedBytes } from "./physics/pack.js";
export type { SolveArgs } from "./physics/pack.js";
export { sequentialSolveOmega, parallelSolveOmega } from "./sweep/sweep.js";
export type { SweepOptions, ParallelSweepOptions, SweepResult } from "./sweep/sweep.js";
export { runPool, defaultWorkers, defaultChunksize } from "./parallel/pool.js";
export type { PoolOptions, PoolRun, WorkerStartup } from "./parallel/pool.js";
export { openPool, closeAllPools, openPoolCount } from "./parallel/open-pool.js";
export type { Pool, OpenPoolOptions } from "./parallel/open-pool.js";
export type { ImapOptions } from "./parallel/imap.js";
export { settledThreadCount, threadCount, waitForThreads } from "./parallel/thread-probe.js";
export { runSweep, summaryRow } from "./sweep/run.js";
export type { RunSweepOptions, SweepReport } from "./sweep/run.js";
export { positions, couplings, drive, initialState, observables, K } from "./physics/model.js";
export { uniformRng, normalRng } from "./physics/random.js";
export type { ComplexVector } from "./physics/model.js";
export { workload, workloads, lecture, heavy, buildSweep, linspace, maxNz, maxLinearNz } from "./physics/workloads.js";
export type { Workload, WorkloadName, Sweep } from "./physics/workloads.js";
export { terminalProgress, progressLine } from "./sweep/progress.js";
export { notebookProgress } from "./notebook/progress.js";
export type { ProgressCallback } from "./sweep/progress.js";
export { interruptAll, activePools } from "./parallel/interrupt.js";
export { UsageError, JobError, WorkerDiedError, SweepInterruptedError, SolveError } from "./core/errors.js";
export type { PartialSweep } from "./core/errors.js";
export { spin } from "./parallel/jobs.js";
export type { JobKind } from "./parallel/jobs.js";
export * from "./core/types.js";
export { timeit, stats, formatStats, ratio } from "./measure/timing.js";
export { machine, kitCores } from "./core/machine.js";
export type { TimingResult, TimeitOptions } from "./measure/timing.js";
export { predictMakespan, idealMakespan } from "./measure/makespan.js";
export { poolMapChunksize, largestFirst } from "./parallel/schedule.js";
export type { MakespanOptions, Makespan } from "./measure/makespan.js";
export { amdahlSpeedup, amdahlLimit, fitAmdahl } from "./measure/amdahl.js";
export { loadComparison, comparisonTable } from "./measure/compare.js";
export type { Comparison } from "./measure/compare.js";
export {
  scaling,
  chunksizes,
  dispatch,
  packing,
  granularity,
  poolWarmth,
  measureParts,
  chunksizeFlip,
  jobCosts,
  workloadName,
} from "./measure/experiments.js";
export { predictSpeedup, checkPredictions } from "./measure/predict.js";
export type { MeasuredParts, SpeedupPrediction, Spread } from "./measure/predict.js";
export type {
  ExperimentOptions,
  ScalingOptions,
  ChunksizeOptions,
  DispatchOptions,
  PackingOptions,
  GranularityOptions,
  PoolWarmthOptions,
  PoolWarmthResult,
  PartsOptions,
  PartsResult,
  Schedule,
  WorkloadSpec,
  ScalingPoint,
  ScalingResult,
  ChunksizePoint,
  ChunksizeResult,
  DispatchPath,
  DispatchPoint,
  PackingPoint,
  GranularityPoint,
  AmdahlFit,
  MachineSeries,
} from "./measure/experiments.js";
export {
  plotDefaults,
  speedupPlot,
  efficiencyPlot,
  chunksizePlot,
  timelinePlot,
  physicsPlot,
  granularityPlot,
  costPlot,
  dispatchPlot,
  packingPlot,
  comparePlot,
} from "./plots/plots.js";
export type { PlotOptions, SpeedupOptions, TimelineOptions } from "./plots/plots.js";
export { toSvg, savePlot } from "./plots/render.js";
export { show, mimeBundle } from "./notebook/display.js";
