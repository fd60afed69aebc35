/**
 * One job of the sweep: the lecture's `solve_system_prop`, solved with odex (Hairer & Wanner's
 * ODEX extrapolation method) instead of SciPy's RK45, sampled at the lecture's 50 times.
 */
import { Outcome, Solver } from "odex";
import { type OptionKeys, assertInteger, checkOptions, describe } from "../core/check.js";
import { SolveError, UsageError } from "../core/errors.js";
import { type ComplexVector, makeRhs } from "./model.js";

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
}

/** Most memory the samples of one solve may take (nSamples x 3N doubles). */
export const maxSampleBytes = 2 ** 28;

export const solveDefaults: Required<SolveOptions> = { rtol: 1e-7, atol: 1e-9, maxSteps: 100_000, nSamples: 50 };

export const solveOptionKeys = {
  rtol: true,
  atol: true,
  maxSteps: true,
  nSamples: true,
} as const satisfies OptionKeys<SolveOptions>;

/** What one solve returns: samples, the final state, and the solver's counts. */
export interface Solution {
  /** The sample times: nSamples points from tSpan[0] to tSpan[1]. */
  t: Float64Array;
  /** The state at each sample time, row-major: `y[k * 3N + i]` is component i at `t[k]`. */
  y: Float64Array;
  /** The state at t_final, as the integrator reached it. */
  yFinal: Float64Array;
  /** Integration steps taken (accepted and rejected) and right-hand-side evaluations. */
  nSteps: number;
  nEval: number;
}

/**
 * Solves the mean-field equations for one drive `OmegaN` from `y0` over `tSpan`
 * (the lecture's `solve_system_prop(N, gamma, Dnm, Gnm, Omega_n, t_span, y0)`).
 * @example
 * // one atom, no coupling, no drive, starting excited: sz(t) = -1 + 2 exp(-gamma t)
 * const sol = solveSystemProp(1, 1, new Float64Array(1), new Float64Array(1),
 *   { re: new Float64Array(1), im: new Float64Array(1) }, [0, 1], Float64Array.of(0, 0, 1));
 * sol.yFinal[2]; // ≈ -1 + 2 * Math.exp(-1) = -0.2642
 */
export function solveSystemProp(
  N: number,
  gamma: number,
  Dnm: Float64Array,
  Gnm: Float64Array,
  OmegaN: ComplexVector,
  tSpan: readonly [number, number],
  y0: ArrayLike<number>,
  options: SolveOptions = {},
): Solution {
  checkOptions(options, solveOptionKeys, "solveSystemProp");
  const { rtol, atol, maxSteps, nSamples } = { ...solveDefaults, ...options };
  validateSolveArgs(N, gamma, Dnm, Gnm, OmegaN, tSpan, y0, { rtol, atol, maxSteps, nSamples });
  if (Array.isArray(OmegaN))
    throw new UsageError(
      "`OmegaN` must be one drive vector {re, im}, got an array: solve one job at a time, or use a sweep",
      "OmegaN",
    );
  const dim = 3 * N;
  const [t0, tf] = tSpan;
  const t = new Float64Array(nSamples);
  for (let k = 0; k < nSamples; k++) t[k] = nSamples === 1 ? tf : t0 + ((tf - t0) * k) / (nSamples - 1);
  t[nSamples - 1] = tf;
  const y = new Float64Array(nSamples * dim);

  const solver = new Solver(dim);
  solver.relativeTolerance = rtol;
  solver.absoluteTolerance = atol;
  solver.maxSteps = maxSteps;
  solver.denseOutput = true;

  let next = 0; // next sample to fill
  let tReached = t0;
  let nonFinite = false;
  const record = (k: number, state: (i: number) => number) => {
    for (let i = 0; i < dim; i++) y[k * dim + i] = state(i);
  };
  const result = solver.solve(
    makeRhs(N, gamma, Dnm, Gnm, OmegaN),
    t0,
    Array.from(y0),
    tf,
    (_nr, _xOld, x, state, dense) => {
      for (let i = 0; i < dim; i++) {
        if (!Number.isFinite(state[i])) {
          nonFinite = true;
          return false;
        }
      }
      // Samples strictly inside this step come from odex's dense interpolant; the last sample is
      // the integrator's own final state, filled in below.
      while (next < nSamples - 1 && t[next] <= x) {
        const tk = t[next];
        if (tk === x || !dense) record(next, (i) => state[i]);
        else record(next, (i) => dense(i, tk));
        next++;
      }
      tReached = x;
    },
  );
  if (nonFinite) {
    throw new SolveError(
      `the state became non-finite (NaN or Infinity) after t = ${tReached}: tighten rtol/atol or check the drive and gamma for values that make the equations blow up`,
      tReached,
    );
  }
  if (result.outcome === Outcome.MaxStepsExceeded) {
    throw new SolveError(
      `maxSteps = ${maxSteps} exceeded at t = ${tReached} of t_final = ${tf}: raise \`maxSteps\` or loosen rtol/atol`,
      tReached,
    );
  }
  const yFinal = Float64Array.from(result.y);
  y.set(yFinal, (nSamples - 1) * dim);
  return { t, y, yFinal, nSteps: result.nStep, nEval: result.nEval };
}

/**
 * Checks the arguments of `solveSystemProp` (all of a sweep's drives at once when given an
 * array), throwing a UsageError that names the argument, the rule, the value and the fix.
 */
export function validateSolveArgs(
  N: number,
  gamma: number,
  Dnm: Float64Array,
  Gnm: Float64Array,
  OmegaN: ComplexVector | readonly ComplexVector[],
  tSpan: readonly [number, number],
  y0: ArrayLike<number>,
  options: SolveOptions = {},
): void {
  const opts = { ...solveDefaults, ...options };
  assertInteger(N, "N", 1, Infinity, "pass the number of atoms, e.g. 100");
  if (typeof gamma !== "number" || !Number.isFinite(gamma) || gamma < 0) {
    throw new UsageError(
      `\`gamma\` must be a finite number >= 0 (a decay rate), got ${describe(gamma)}: the lecture uses gamma = g1d + gamma_decay = 11`,
      "gamma",
    );
  }
  for (const [name, M] of [
    ["Dnm", Dnm],
    ["Gnm", Gnm],
  ] as const) {
    if (!(M instanceof Float64Array) || M.length !== N * N) {
      const got = M instanceof Float64Array ? `length ${M.length}` : describe(M);
      throw new UsageError(
        `\`${name}\` must be an N x N Float64Array (row-major) with N = ${N}, i.e. length ${N * N}, got ${got}: build it with couplings(z, g1d)`,
        name,
      );
    }
    assertAllFinite(M, name);
  }
  if (Array.isArray(OmegaN)) {
    if (OmegaN.length === 0)
      throw new UsageError(
        "the sweep is empty: `OmegaNValues` must hold at least one drive vector (one per r value)",
        "OmegaNValues",
      );
    OmegaN.forEach((v: ComplexVector, j: number) => validateDrive(v, N, `OmegaNValues[${j}]`));
  } else {
    validateDrive(OmegaN as ComplexVector, N, "OmegaN");
  }
  if (!Array.isArray(tSpan) && !ArrayBuffer.isView(tSpan)) {
    throw new UsageError(`\`tSpan\` must be [t0, t_final], got ${describe(tSpan)}`, "tSpan");
  }
  const [t0, tf] = tSpan;
  if (tSpan.length !== 2 || !Number.isFinite(t0) || !Number.isFinite(tf) || !(tf > t0)) {
    throw new UsageError(
      `\`tSpan\` must be two finite times [t0, t_final] with t_final > t0, got [${Array.from(tSpan as ArrayLike<unknown>, (t) => (typeof t === "number" ? t : describe(t))).join(", ")}]: ` +
        (tf < t0 ? "the span is reversed, swap the two values" : "pass e.g. [0, 10 / (nz * g1d)]"),
      "tSpan",
    );
  }
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
