/**
 * sweeplab: the lecture's parameter sweep in TypeScript, sequential and pooled, measured.
 * Python -> TypeScript: `solve_system_prop` -> solveSystemProp, `solve_system_wrapper` ->
 * solveSystemWrapper, `parallel_solve_omega` -> parallelSolveOmega (see README).
 */
export { solveSystemProp, solveDefaults, validateSolveArgs } from "./solve.js";
export type { Solution, SolveOptions } from "./solve.js";
export { solveSystemWrapper, packJobs, packedBytes } from "./pack.js";
export type { SolveArgs } from "./pack.js";
export { sequentialSolveOmega, parallelSolveOmega } from "./sweep.js";
export type { SweepOptions, ParallelSweepOptions, SweepResult } from "./sweep.js";
export { runPool, defaultWorkers, defaultChunksize } from "./pool.js";
export type { PoolOptions, PoolRun } from "./pool.js";
export { runSweep, summaryRow } from "./run.js";
export type { RunSweepOptions, SweepReport } from "./run.js";
export { positions, couplings, drive, initialState, makeRhs, observables, uniformRng, normalRng, K } from "./model.js";
export type { ComplexVector } from "./model.js";
export { workload, workloads, lecture, heavy, buildSweep, linspace } from "./workloads.js";
export type { Workload, WorkloadName, Sweep } from "./workloads.js";
export { terminalProgress, notebookProgress, progressLine } from "./progress.js";
export type { ProgressCallback } from "./progress.js";
export { interruptAll, activePools } from "./interrupt.js";
export { UsageError, JobError, WorkerDiedError, SweepInterruptedError, SolveError } from "./errors.js";
export type { PartialSweep } from "./errors.js";
export { spin } from "./jobs.js";
export type { JobKind } from "./jobs.js";
export * from "./types.js";
export { timeit, stats, formatStats, ratio, machine } from "./timing.js";
export type { TimingResult, TimeitOptions } from "./timing.js";
export { predictMakespan, idealMakespan, poolMapChunksize, largestFirst } from "./makespan.js";
export type { MakespanOptions, Makespan } from "./makespan.js";
export { amdahlSpeedup, amdahlLimit, fitAmdahl } from "./amdahl.js";
export { scaling, chunksizes, dispatch, packing, granularity, jobCosts, workloadName } from "./experiments.js";
export type { ExperimentOptions, ScalingOptions, ChunksizeOptions, DispatchOptions, PackingOptions, GranularityOptions, Schedule, WorkloadSpec } from "./experiments.js";
export {
  plotDefaults,
  speedupPlot,
  efficiencyPlot,
  chunksizePlot,
  timelinePlot,
  physicsPlot,
  granularityPlot,
  dispatchPlot,
  packingPlot,
} from "./plots.js";
export type { PlotOptions, SpeedupOptions, TimelineOptions } from "./plots.js";
export { toSvg, savePlot } from "./render.js";
export { show, mimeBundle } from "./display.js";
