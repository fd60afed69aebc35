/**
 * The two integrations behind `solveSystemProp`, each filling the samples `y` at the times `t`
 * (the last sample is the integrator's own final state) and returning the Solution.
 */
import { Outcome, Solver } from "odex";
import { SolveError } from "../core/errors.js";
import { dopri5 } from "./dopri5.js";
import type { RhsFn } from "./rhs.js";

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
 * One integration: the right-hand side, the span and the start, what both integrators read of the
 * resolved options, and the sample times `t` with the buffer `y` (nSamples x 3N) to fill.
 */
export interface Integration {
  f: RhsFn;
  tSpan: readonly [number, number];
  y0: ArrayLike<number>;
  options: { rtol: number; atol: number; maxSteps: number };
  t: Float64Array;
  y: Float64Array;
}

/** The integration with Dormand-Prince 5(4) (physics/dopri5.ts): samples from its O(3N) dense output. */
export function solveRK45({ f, tSpan, y0, options, t, y }: Integration): Solution {
  const [t0, tf] = tSpan;
  const result = dopri5(f, t0, y0, tf, options, t, y);
  if (result.status === "nonFinite") throw nonFiniteError(result.tReached);
  if (result.status === "maxSteps") throw maxStepsError(options.maxSteps, result.tReached, tf);
  if (result.status === "stepTooSmall") {
    throw new SolveError(
      `the step size fell below the rounding limit at t = ${result.tReached} of t_final = ${tf}: loosen rtol/atol, or check the drive and gamma`,
      result.tReached,
    );
  }
  return { t, y, yFinal: Float64Array.from(result.y), nSteps: result.nSteps, nEval: result.nEval };
}

/** The integration with odex: samples from its dense interpolant, which scans every component per call. */
export function solveOdex({ f, tSpan, y0, options, t, y }: Integration): Solution {
  const { rtol, atol, maxSteps } = options;
  const dim = y0.length;
  const nSamples = t.length;
  const [t0, tf] = tSpan;
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
  // odex hands the RHS a fresh number[] and copies what it returns into its own array at once,
  // so one output buffer serves every call (no array allocated per evaluation).
  const out = new Float64Array(dim);
  const odexRhs = (x: number, state: number[]): number[] => {
    f(x, state as unknown as Float64Array, out);
    return out as unknown as number[];
  };
  const result = solver.solve(odexRhs, t0, Array.from(y0), tf, (_nr, _xOld, x, state, dense) => {
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
  });
  if (nonFinite) throw nonFiniteError(tReached);
  if (result.outcome === Outcome.MaxStepsExceeded) throw maxStepsError(maxSteps, tReached, tf);
  const yFinal = Float64Array.from(result.y);
  y.set(yFinal, (nSamples - 1) * dim);
  return { t, y, yFinal, nSteps: result.nStep, nEval: result.nEval };
}

function nonFiniteError(tReached: number): SolveError {
  return new SolveError(
    `the state became non-finite (NaN or Infinity) after t = ${tReached}: tighten rtol/atol or check the drive and gamma for values that make the equations blow up`,
    tReached,
  );
}

function maxStepsError(maxSteps: number, tReached: number, tf: number): SolveError {
  return new SolveError(
    `maxSteps = ${maxSteps} exceeded at t = ${tReached} of t_final = ${tf}: raise \`maxSteps\` or loosen rtol/atol`,
    tReached,
  );
}
