/**
 * Packing: a pool hands each worker ONE value, so the lecture packs the seven arguments of
 * `solve_system_prop` into a tuple and a wrapper spreads it back (`solve_system_wrapper`).
 */
import type { ComplexVector } from "./model.js";
import {
  type ResolvedSolveOptions,
  type Solution,
  type SolveOptions,
  type SolveSetup,
  checkDriveList,
  resolveSolveOptions,
  solveDefaults,
  solveJob,
  solveSystemProp,
} from "./solve.js";

/**
 * One job, packed: the lecture's `(N, gamma, Dnm, Gnm, Omega_n, t_span, y0)` plus the solver
 * options (Python reads its tolerances from globals; a worker has no access to ours). The tuple
 * is read off `solveSystemProp`'s signature, so the two cannot drift apart.
 */
export type SolveArgs = Parameters<typeof solveSystemProp>;

/**
 * The lecture's sweep arguments, `(N, gamma, Dnm, Gnm, Omega_n_values, t_span, y0)`, in its
 * order: the signature of `packJobs`, `sequentialSolveOmega` and `parallelSolveOmega`, declared once.
 */
export type SweepArgList = [
  N: number,
  gamma: number,
  Dnm: Float64Array | null,
  Gnm: Float64Array | null,
  OmegaNValues: readonly ComplexVector[],
  tSpan: readonly [number, number],
  y0: Float64Array,
];

/** The same arguments by name: what a sweep hands inward (a `Sweep` from buildSweep is one). */
export interface SweepArgs extends SolveSetup {
  y0: Float64Array;
  OmegaNValues: readonly ComplexVector[];
}

/**
 * A call with the lecture's signature, `f(N, gamma, Dnm, Gnm, OmegaNValues, tSpan, y0, options)`,
 * split into the arguments by name and the options: how the lecture-named functions hand inward.
 */
export function sweepCall<O>(args: readonly [...sweep: SweepArgList, options?: O]): [SweepArgs, O | undefined] {
  const [N, gamma, Dnm, Gnm, OmegaNValues, tSpan, y0, options] = args;
  return [{ N, gamma, Dnm, Gnm, OmegaNValues, tSpan, y0 }, options];
}

/**
 * The lecture's `solve_system_wrapper(args)`: `return solve_system_prop(*args)`.
 * @example solveSystemWrapper([N, gamma, Dnm, Gnm, OmegaN, tSpan, y0]) // same as solveSystemProp(N, ...)
 */
export function solveSystemWrapper(args: SolveArgs): Solution {
  return solveSystemProp(...args);
}

/**
 * A packed job as a pool worker runs it: the wrapper without the checks. A job trusts what the
 * door checked (`validateSolveArgs` over the whole sweep, in the caller's thread) and carries
 * options `packJobs` resolved, so no worker scans Dnm and Gnm or applies defaults again.
 */
export function solvePackedJob(args: SolveArgs): Solution {
  const [N, gamma, Dnm, Gnm, OmegaN, tSpan, y0, options] = args;
  return solveJob({ N, gamma, Dnm, Gnm, tSpan, y0 }, OmegaN, (options as ResolvedSolveOptions) ?? solveDefaults);
}

/**
 * The job list the lecture builds: one tuple per drive vector, each carrying Dnm and Gnm again
 * (`[(N, gamma, Dnm, Gnm, Omega_n, t_span, y0) for Omega_n in Omega_n_values]`), with the solve
 * options resolved once here (every default filled in) for `solvePackedJob`.
 * @example packJobs(s.N, s.gamma, s.Dnm, s.Gnm, s.OmegaNValues, s.tSpan, s.y0).length // one per drive
 */
export function packJobs(...args: [...sweep: SweepArgList, options?: SolveOptions]): SolveArgs[] {
  const [sweep, options] = sweepCall(args);
  checkDriveList(sweep.OmegaNValues);
  return packSweep(sweep, resolveSolveOptions(options));
}

/** `packJobs` for a sweep already checked, its options resolved: one tuple per drive. */
export function packSweep(args: SweepArgs, options: ResolvedSolveOptions): SolveArgs[] {
  const { N, gamma, Dnm, Gnm, tSpan, y0 } = args;
  return args.OmegaNValues.map((OmegaN) => [N, gamma, Dnm, Gnm, OmegaN, tSpan, y0, options]);
}

/**
 * Bytes of numeric payload one packed job carries to a worker (typed arrays at 8 bytes a double,
 * numbers at 8): with the matrices, 2 N^2 * 8 of it grows with N^2. The structured-clone framing
 * adds a little on top; this counts what the data itself weighs.
 */
export function packedBytes(args: SolveArgs, { includeMatrices = true } = {}): number {
  const [, , Dnm, Gnm, OmegaN, tSpan, y0] = args;
  const matrices = includeMatrices ? (Dnm?.byteLength ?? 0) + (Gnm?.byteLength ?? 0) : 0;
  return 8 * 2 + matrices + OmegaN.re.byteLength + OmegaN.im.byteLength + 8 * tSpan.length + 8 * y0.length;
}
