/**
 * One job of the sweep: the lecture's `solve_system_prop`, sampled at the lecture's 50 times, with
 * a choice of integrator (`method`: "RK45", Dormand-Prince 5(4) as SciPy's solve_ivp runs it, by
 * default; or "odex", Hairer & Wanner's ODEX extrapolation method) and of right-hand side (`rhs`:
 * the lecture's dense matrices, or the exact O(N) form). The default is the fastest method that
 * agrees with SciPy on every observable at the lecture's tolerances, on both right-hand sides
 * (docs/benchmarks.md, "The default integrator").
 */
import { type OptionKeys, assertFlag, assertInteger, checkOptions, describe, didYouMean } from "../core/check.js";
import { UsageError } from "../core/errors.js";
import { type Solution, solveOdex, solveRK45 } from "./integrate.js";
import type { ComplexVector } from "./model.js";
import { type RhsKind, makeDenseRhs, makeLinearRhs, rhsKinds } from "./rhs.js";

/** The integrators a solve can use (SciPy's `solve_ivp(method=...)`). */
export type SolveMethod = "odex" | "RK45";
export const solveMethods: readonly SolveMethod[] = ["odex", "RK45"];

export interface SolveOptions {
  /** Relative tolerance (odex `relativeTolerance`; SciPy `rtol`), from 1e-14 to below 1. @default 1e-7 (the lecture's) */
  rtol?: number;
  /** Absolute tolerance (odex `absoluteTolerance`; SciPy `atol`), greater than 0 and below 1. @default 1e-9 (the lecture's) */
  atol?: number;
  /** Maximum number of integration steps before the solve fails (odex `maxSteps`). @default 100000 */
  maxSteps?: number;
  /**
   * Number of equally spaced sample times on tSpan, ends included (SciPy `t_eval`); the samples,
   * nSamples x 3N doubles, may take at most 256 MiB (`maxSampleBytes`). @default 50
   */
  nSamples?: number;
  /**
   * The integrator: "RK45" (Dormand-Prince 5(4) with SciPy's error norm and step control, the
   * lecture's method; dense output O(3N) per sample) or "odex" (extrapolation, high order: fewer
   * steps at tight tolerances; its dense output costs O((3N)^2) per sample). @default "RK45"
   */
  method?: SolveMethod;
  /**
   * The coupling sums: "dense" (the lecture's N x N matrices Dnm and Gnm, 4 N^2 multiply-adds per
   * evaluation) or "linear" (the exact O(N) rewrite: pass `z` and `g1d` and null for Dnm and Gnm;
   * no matrix exists). @default "dense"
   */
  rhs?: RhsKind;
  /** Atom positions (length N), for `rhs: "linear"` only. */
  z?: Float64Array;
  /** The waveguide coupling g1d, for `rhs: "linear"` only. */
  g1d?: number;
  /**
   * false: the solution comes back with empty `t` and `y`, only `yFinal` and the counts; for a
   * caller that reads only the final state (the CLI's summary rows). The samples are still
   * computed, so a job costs what the lecture's costs, but a worker copies none of them back.
   * @default true
   */
  keepSamples?: boolean;
}

/** Most memory the samples of one solve may take (nSamples x 3N doubles). */
export const maxSampleBytes = 2 ** 28;

export const solveDefaults: Required<Omit<SolveOptions, "z" | "g1d">> = {
  rtol: 1e-7,
  atol: 1e-9,
  maxSteps: 100_000,
  nSamples: 50,
  method: "RK45",
  rhs: "dense",
  keepSamples: true,
};

export const solveOptionKeys = {
  rtol: true,
  atol: true,
  maxSteps: true,
  nSamples: true,
  method: true,
  rhs: true,
  z: true,
  g1d: true,
  keepSamples: true,
} as const satisfies OptionKeys<SolveOptions>;

export type { Solution } from "./integrate.js";

/**
 * The lecture's arguments every job of a sweep shares, by name: what flows inside the kit in place
 * of the positional list (each job adds its own drive `OmegaN`).
 */
export interface SolveSetup {
  N: number;
  gamma: number;
  Dnm: Float64Array | null;
  Gnm: Float64Array | null;
  tSpan: readonly [number, number];
  y0: ArrayLike<number>;
}

/**
 * Solves the mean-field equations for one drive `OmegaN` from `y0` over `tSpan`
 * (the lecture's `solve_system_prop(N, gamma, Dnm, Gnm, Omega_n, t_span, y0)`).
 * @example
 * // one atom, no coupling, no drive, starting excited: sz(t) = -1 + 2 exp(-gamma t)
 * const sol = solveSystemProp(1, 1, new Float64Array(1), new Float64Array(1),
 *   { re: new Float64Array(1), im: new Float64Array(1) }, [0, 1], Float64Array.of(0, 0, 1));
 * sol.yFinal[2]; // ≈ -1 + 2 * Math.exp(-1) = -0.2642
 * @example
 * // the lecture's job with the O(N) right-hand side and SciPy's method: no matrix at all
 * const s = buildSweep({ rhs: "linear" });
 * solveSystemProp(s.N, s.gamma, null, null, s.OmegaNValues[19], s.tSpan, s.y0,
 *   { method: "RK45", rhs: "linear", z: s.z, g1d: 10 });
 */
export function solveSystemProp(
  N: number,
  gamma: number,
  Dnm: Float64Array | null,
  Gnm: Float64Array | null,
  OmegaN: ComplexVector,
  tSpan: readonly [number, number],
  y0: ArrayLike<number>,
  options: SolveOptions = {},
): Solution {
  checkOptions(options, solveOptionKeys, "solveSystemProp");
  const setup = { N, gamma, Dnm, Gnm, tSpan, y0 };
  const resolved = validateSolveArgs(setup, OmegaN, options);
  if (Array.isArray(OmegaN))
    throw new UsageError(
      "`OmegaN` must be one drive vector {re, im}, got an array: solve one job at a time, or use a sweep",
      "OmegaN",
    );
  return solveJob(setup, OmegaN, resolved);
}

/** Solve options with every default filled in: what the door hands inward, resolved once. */
export type ResolvedSolveOptions = Required<Omit<SolveOptions, "z" | "g1d">> & Pick<SolveOptions, "z" | "g1d">;

/** `options` over `solveDefaults`: the one place a solve's defaults are applied. */
export function resolveSolveOptions(options: SolveOptions = {}): ResolvedSolveOptions {
  return { ...solveDefaults, ...options };
}

/**
 * The solve itself, checking nothing: for a setup a door already checked and options it already
 * resolved (`validateSolveArgs` returns them). Every job of a sweep runs this, in the caller's
 * thread or in a worker, so the N^2 values of Dnm and Gnm are scanned once per sweep instead of
 * once per job.
 */
export function solveJob(setup: SolveSetup, OmegaN: ComplexVector, resolved: ResolvedSolveOptions): Solution {
  const { N, gamma, Dnm, Gnm, tSpan, y0 } = setup;
  const { nSamples, rhs, method } = resolved;
  const dim = 3 * N;
  const [t0, tf] = tSpan;
  const t = new Float64Array(nSamples);
  for (let k = 0; k < nSamples; k++) t[k] = nSamples === 1 ? tf : t0 + ((tf - t0) * k) / (nSamples - 1);
  t[nSamples - 1] = tf;
  const y = new Float64Array(nSamples * dim);
  const f =
    rhs === "linear"
      ? makeLinearRhs(N, gamma, resolved.z as Float64Array, resolved.g1d as number, OmegaN)
      : makeDenseRhs(N, gamma, Dnm as Float64Array, Gnm as Float64Array, OmegaN);
  const integrate = method === "RK45" ? solveRK45 : solveOdex;
  const solution = integrate({ f, tSpan, y0, options: resolved, t, y });
  return resolved.keepSamples ? solution : { ...solution, t: new Float64Array(0), y: new Float64Array(0) };
}

/**
 * `solveJob` with the lecture's argument order, for a caller that still passes the list (the
 * shared-matrix job kind); new code passes a `SolveSetup` to `solveJob`.
 */
export function solveChecked(...args: Parameters<typeof solveSystemProp>): Solution {
  const [N, gamma, Dnm, Gnm, OmegaN, tSpan, y0, options] = args;
  return solveJob({ N, gamma, Dnm, Gnm, tSpan, y0 }, OmegaN, options as ResolvedSolveOptions);
}

/**
 * Checks a solve's arguments (all of a sweep's drives at once when given an array) and returns
 * its options resolved, throwing a UsageError that names the argument, the rule, the value and
 * the fix: the one check a solve or a sweep makes before its jobs run.
 */
export function validateSolveArgs(
  setup: SolveSetup,
  OmegaN: ComplexVector | readonly ComplexVector[],
  options: SolveOptions = {},
): ResolvedSolveOptions {
  const { N, gamma, Dnm, Gnm, tSpan, y0 } = setup;
  const opts = resolveSolveOptions(options);
  assertInteger(N, "N", 1, Infinity, "pass the number of atoms, e.g. 100");
  if (typeof gamma !== "number" || !Number.isFinite(gamma) || gamma < 0) {
    throw new UsageError(
      `\`gamma\` must be a finite number >= 0 (a decay rate), got ${describe(gamma)}: the lecture uses gamma = g1d + gamma_decay = 11`,
      "gamma",
    );
  }
  checkMethod(opts.method);
  checkRhs(opts.rhs);
  assertFlag(opts.keepSamples, "keepSamples");
  if (opts.rhs === "linear") checkChain(N, Dnm, Gnm, opts.z, opts.g1d);
  else checkMatrices(N, Dnm, Gnm, opts.z, opts.g1d);
  checkDrives(OmegaN, N);
  checkSpan(tSpan);
  if (!y0 || typeof y0.length !== "number" || y0.length !== 3 * N) {
    throw new UsageError(
      `\`y0\` has length ${y0 && typeof y0.length === "number" ? y0.length : describe(y0)} but N = ${N} atoms need 3N = ${3 * N} values ([sx..., sy..., sz...]): build it with initialState(N)`,
      "y0",
    );
  }
  assertAllFinite(y0, "y0");
  checkTolerances(opts.rtol, opts.atol);
  assertInteger(opts.maxSteps, "maxSteps", 1, Infinity, "pass a positive integer, e.g. 100000");
  const maxSamples = Math.floor(maxSampleBytes / (8 * 3 * N));
  assertInteger(
    opts.nSamples,
    "nSamples",
    1,
    maxSamples,
    `the samples (nSamples x 3N doubles, N = ${N}) may take at most 256 MiB; the lecture samples 50 times`,
  );
  return opts;
}

/** One drive, or a sweep's non-empty list of drives, each N complex values. */
function checkDrives(OmegaN: ComplexVector | readonly ComplexVector[], N: number): void {
  if (!Array.isArray(OmegaN)) return validateDrive(OmegaN as ComplexVector, N, "OmegaN");
  if (OmegaN.length === 0)
    throw new UsageError(
      "the sweep is empty: `OmegaNValues` must hold at least one drive vector (one per r value)",
      "OmegaNValues",
    );
  OmegaN.forEach((v: ComplexVector, j: number) => validateDrive(v, N, `OmegaNValues[${j}]`));
}

function checkSpan(tSpan: unknown): void {
  if (!Array.isArray(tSpan) && !ArrayBuffer.isView(tSpan)) {
    throw new UsageError(`\`tSpan\` must be [t0, t_final], got ${describe(tSpan)}`, "tSpan");
  }
  const span = tSpan as ArrayLike<unknown>;
  const [t0, tf] = [span[0], span[1]] as number[];
  if (span.length !== 2 || !Number.isFinite(t0) || !Number.isFinite(tf) || !(tf > t0)) {
    throw new UsageError(
      `\`tSpan\` must be two finite times [t0, t_final] with t_final > t0, got [${Array.from(span, (t) => (typeof t === "number" ? t : describe(t))).join(", ")}]: ` +
        (tf < t0 ? "the span is reversed, swap the two values" : "pass e.g. [0, 10 / (nz * g1d)]"),
      "tSpan",
    );
  }
}

/**
 * Checks the solver's tolerances: rtol from 1e-14 (below it odex's steps drown in rounding
 * error) to below 1, atol above 0 and below 1 (spin components lie in [-1, 1], so a tolerance of
 * 1 or more accepts any answer). `name` says how to call a field (the CLI names its flags).
 */
export function checkTolerances(
  rtol: unknown,
  atol: unknown,
  name: (field: "rtol" | "atol") => string = (field) => field,
): void {
  if (typeof rtol !== "number" || !(rtol >= 1e-14 && rtol < 1)) {
    throw new UsageError(
      `\`${name("rtol")}\` must be a number from 1e-14 to below 1, got ${describe(rtol)}: below 1e-14 the steps drown in rounding error, and at 1 or more any answer passes; the lecture uses rtol = 1e-7`,
      name("rtol"),
    );
  }
  if (typeof atol !== "number" || !(atol > 0 && atol < 1)) {
    throw new UsageError(
      `\`${name("atol")}\` must be a number greater than 0 and below 1, got ${describe(atol)}: spin components lie between -1 and 1, so an atol of 1 or more accepts any answer; the lecture uses atol = 1e-9`,
      name("atol"),
    );
  }
}

/** A sweep's drives must come as an array, one `{re, im}` per job (a lone drive would run nothing). */
export function checkDriveList(OmegaNValues: unknown): void {
  if (!Array.isArray(OmegaNValues)) {
    throw new UsageError(
      `\`OmegaNValues\` must be an array of drive vectors {re, im}, one per r value, got ${describe(OmegaNValues)}: to solve one drive, call solveSystemProp or pass [OmegaN]`,
      "OmegaNValues",
    );
  }
}

/** `method` must name an integrator. */
export function checkMethod(method: unknown, name = "method"): void {
  if (!solveMethods.includes(method as SolveMethod)) {
    throw new UsageError(
      `\`${name}\` must be ${solveMethods.map((m) => `"${m}"`).join(" or ")}, got ${describe(method)}: ${didYouMean(method, solveMethods)}"RK45" (the default) is SciPy's solve_ivp method (Dormand-Prince 5(4)), the lecture's; "odex" is an extrapolation method`,
      name,
    );
  }
}

/** `rhs` must name a form of the right-hand side. */
export function checkRhs(rhs: unknown, name = "rhs"): void {
  if (!rhsKinds.includes(rhs as RhsKind)) {
    throw new UsageError(
      `\`${name}\` must be ${rhsKinds.map((m) => `"${m}"`).join(" or ")}, got ${describe(rhs)}: ${didYouMean(rhs, rhsKinds)}"dense" is the lecture's N x N matrices (the default), "linear" the exact O(N) form`,
      name,
    );
  }
}

function checkMatrices(N: number, Dnm: unknown, Gnm: unknown, z: unknown, g1d: unknown): void {
  for (const [name, M] of [
    ["Dnm", Dnm],
    ["Gnm", Gnm],
  ] as const) {
    if (!(M instanceof Float64Array) || M.length !== N * N) {
      const got = M instanceof Float64Array ? `length ${M.length}` : describe(M);
      throw new UsageError(
        `\`${name}\` must be an N x N Float64Array (row-major) with N = ${N}, i.e. length ${N * N}, got ${got}: build it with couplings(z, g1d)${M === null ? ', or pass rhs: "linear" with z and g1d' : ""}`,
        name,
      );
    }
    assertAllFinite(M, name);
  }
  for (const [name, value] of [
    ["z", z],
    ["g1d", g1d],
  ] as const) {
    if (value !== undefined) {
      throw new UsageError(
        `\`${name}\` is read by rhs: "linear" only, got ${describe(value)} with the dense right-hand side: pass rhs: "linear", or leave \`${name}\` out`,
        name,
      );
    }
  }
}

function checkChain(N: number, Dnm: unknown, Gnm: unknown, z: unknown, g1d: unknown): void {
  for (const [name, M] of [
    ["Dnm", Dnm],
    ["Gnm", Gnm],
  ] as const) {
    if (M !== null && M !== undefined) {
      throw new UsageError(
        `\`${name}\` must be null with rhs: "linear" (it reads no matrix), got ${describe(M)}: pass null, and the positions as \`z\``,
        name,
      );
    }
  }
  if (!(z instanceof Float64Array) || z.length !== N) {
    throw new UsageError(
      `\`z\` must be a Float64Array of N = ${N} atom positions with rhs: "linear", got ${z instanceof Float64Array ? `length ${z.length}` : describe(z)}: build it with positions(N, a_z)`,
      "z",
    );
  }
  assertAllFinite(z, "z");
  if (typeof g1d !== "number" || !Number.isFinite(g1d)) {
    throw new UsageError(
      `\`g1d\` must be a finite number with rhs: "linear" (the waveguide coupling), got ${describe(g1d)}: the lecture uses g1d = 10`,
      "g1d",
    );
  }
}

function validateDrive(OmegaN: ComplexVector, N: number, name: string): void {
  if (
    !OmegaN ||
    !(OmegaN.re instanceof Float64Array) ||
    !(OmegaN.im instanceof Float64Array) ||
    OmegaN.re.length !== N ||
    OmegaN.im.length !== N
  ) {
    throw new UsageError(
      `\`${name}\` must be {re, im} Float64Arrays of length N = ${N} (one complex drive per atom), got ${OmegaN && typeof OmegaN === "object" ? `re: ${describe(OmegaN.re)}, im: ${describe(OmegaN.im)}` : describe(OmegaN)}: build it with drive(r, OmegaC, z)`,
      name,
    );
  }
  assertAllFinite(OmegaN.re, `${name}.re`);
  assertAllFinite(OmegaN.im, `${name}.im`);
}

function assertAllFinite(values: ArrayLike<number>, name: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new UsageError(
        `\`${name}\` must hold finite numbers only, got ${describe(values[i])} at index ${i}: check how it was built`,
        name,
      );
    }
  }
}
