/**
 * sweeplab: the lecture's parameter sweep in TypeScript, sequential and pooled. This entry holds the
 * lecture's core and the pool (at most 30 values); the experiments, plots, timing and notebook
 * helpers come from the second entry, `sweeplab/lab` (`../dist/lab`, or `../dist/lessons` as the
 * notebooks import it). Python -> TypeScript: `solve_system_prop` -> solveSystemProp,
 * `solve_system_wrapper` -> solveSystemWrapper, `parallel_solve_omega` -> parallelSolveOmega.
 */
export { positions, couplings, drive, initialState, observables } from "./physics/model.js";
export type { ComplexVector } from "./physics/model.js";
export { solveSystemProp, solveDefaults } from "./physics/solve.js";
export type { Solution, SolveOptions, SolveMethod } from "./physics/solve.js";
export type { RhsKind } from "./physics/rhs.js";
export { solveSystemWrapper, packJobs } from "./physics/pack.js";
export type { SolveArgs } from "./physics/pack.js";
export { workload, lecture, heavy, buildSweep } from "./physics/workloads.js";
export type { Workload, WorkloadName, Sweep } from "./physics/workloads.js";
export { sequentialSolveOmega, parallelSolveOmega } from "./sweep/sweep.js";
export type { SweepOptions, ParallelSweepOptions, SweepResult } from "./sweep/sweep.js";
export { runSweep, summaryRow } from "./sweep/run.js";
export type { RunSweepOptions, SweepReport } from "./sweep/run.js";
export { runPool } from "./parallel/run-pool.js";
export { defaultWorkers, defaultChunksize } from "./parallel/options.js";
export type { PoolOptions } from "./parallel/options.js";
export type { PoolRun, WorkerStartup } from "./parallel/runner.js";
export { openPool } from "./parallel/open-pool.js";
export type { OpenPoolOptions } from "./parallel/open-pool.js";
export { closeAllPools } from "./parallel/worker-pool.js";
export type { Pool } from "./parallel/worker-pool.js";
export type { ImapOptions } from "./parallel/imap.js";
export { interruptAll } from "./parallel/interrupt.js";
export { terminalProgress } from "./sweep/progress.js";
export { notebookProgress } from "./notebook/progress.js";
export type { ProgressCallback } from "./sweep/progress.js";
export { UsageError, JobError, WorkerDiedError, SweepInterruptedError, SolveError } from "./core/errors.js";
export type { PartialSweep } from "./core/errors.js";
export type { Machine, JobRecord, SummaryRow, JobEvent, JobCallback } from "./core/types.js";
// `import "sweeplab"` registers every job kind of the kit: the sweeps' "solve" (through sweep/),
// the measuring jobs "spin", "burn", "empty" and notebook 05's "fail"
import "./measure/jobs.js";
import "./notebook/lesson-jobs.js";
