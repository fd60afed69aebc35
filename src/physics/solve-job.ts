/**
 * The lecture's job as a pool runs it: one solve per job, on a worker thread. The sweep layer
 * registers these kinds ("solve", "solveShared") with the pool (src/sweep/jobs.ts); a worker loads
 * this module the first time it runs one of them.
 */
import { type SolveArgs, solvePackedJob } from "./pack.js";
import type { ComplexVector } from "./model.js";
import { type ResolvedSolveOptions, type Solution, solveChecked } from "./solve.js";

/** The arguments that stay fixed across a sweep, sent once per worker (`Pool(initializer=...)`). */
export type SharedSolveArgs = [
  N: number,
  gamma: number,
  Dnm: Float64Array | null,
  Gnm: Float64Array | null,
  tSpan: readonly [number, number],
  y0: Float64Array,
  options: ResolvedSolveOptions,
];

/** A solve's value, with its RHS evaluations for the records (the pool's `JobOutput`). */
export interface SolveJobOutput {
  value: Solution;
  rhsEvals: number;
}

/** The job functions by kind, as a worker finds them (`jobs[kind]`). */
export const jobs = {
  /** The lecture's job: a packed tuple (from packJobs, checked by the sweep), spread by the wrapper. */
  solve: (args: SolveArgs): SolveJobOutput => {
    const value = solvePackedJob(args);
    return { value, rhsEvals: value.nEval };
  },
  /** The same solve with the fixed arguments sent once per worker; the job carries only Omega_n. */
  solveShared: (OmegaN: ComplexVector, shared: unknown): SolveJobOutput => {
    const [N, gamma, Dnm, Gnm, tSpan, y0, options] = shared as SharedSolveArgs;
    const value = solveChecked(N, gamma, Dnm, Gnm, OmegaN, tSpan, y0, options);
    return { value, rhsEvals: value.nEval };
  },
};
