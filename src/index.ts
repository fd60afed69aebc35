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
export { spin } from "./jobs.js";
export type { JobKind } from "./jobs.js";
export * from "./types.js";
