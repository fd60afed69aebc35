/**
 * Dormand-Prince 5(4) with its 4th-order dense output: the method of SciPy's `solve_ivp(method="RK45")`,
 * the lecture's integrator. Written here from the published method (Dormand & Prince 1980; the
 * continuous extension of Shampine 1986, as SciPy uses it) with SciPy's error norm and step-size
 * control: RMS of err / (atol + rtol max(|y|, |y_new|)), safety 0.9, factor in [0.2, 10], no growth
 * right after a rejection, FSAL (the last stage of a step is the first of the next).
 *
 * Unlike odex's interpolant, the dense output of one sample costs O(3N): 7 stage derivatives
 * weighted by 7 scalar polynomials of the step fraction. The step loop allocates nothing: every
 * buffer is a Float64Array made before the first step.
 */
import type { RhsFn } from "./rhs.js";

// Butcher tableau (Dormand & Prince 1980): nodes C, stage weights A, 5th-order weights B.
const C2 = 1 / 5;
const C3 = 3 / 10;
const C4 = 4 / 5;
const C5 = 8 / 9;
const A21 = 1 / 5;
const A31 = 3 / 40;
const A32 = 9 / 40;
const A41 = 44 / 45;
const A42 = -56 / 15;
const A43 = 32 / 9;
const A51 = 19372 / 6561;
const A52 = -25360 / 2187;
const A53 = 64448 / 6561;
const A54 = -212 / 729;
const A61 = 9017 / 3168;
const A62 = -355 / 33;
const A63 = 46732 / 5247;
const A64 = 49 / 176;
const A65 = -5103 / 18656;
const B1 = 35 / 384;
const B3 = 500 / 1113;
const B4 = 125 / 192;
const B5 = -2187 / 6784;
const B6 = 11 / 84;
// Error weights: the 5th-order minus the embedded 4th-order solution (stage 7 is f(t + h, y_new)).
const E1 = -71 / 57600;
const E3 = 71 / 16695;
const E4 = -71 / 1920;
const E5 = 17253 / 339200;
const E6 = -22 / 525;
const E7 = 1 / 40;
// Dense output: y(t + x h) = y + h sum_i b_i(x) k_i with b_i(x) = sum_j P[i][j] x^(j+1) (stage 2's row is 0).
const P = [
  [1, -8048581381 / 2820520608, 8663915743 / 2820520608, -12715105075 / 11282082432],
  [0, 131558114200 / 32700410799, -68118460800 / 10900136933, 87487479700 / 32700410799],
  [0, -1754552775 / 470086768, 14199869525 / 1410260304, -10690763975 / 1880347072],
  [0, 127303824393 / 49829197408, -318862633887 / 49829197408, 701980252875 / 199316789632],
  [0, -282668133 / 205662961, 2019193451 / 616988883, -1453857185 / 822651844],
  [0, 40617522 / 29380423, -110615467 / 29380423, 69997945 / 29380423],
] as const;

// SciPy's step-size control (scipy.integrate._ivp.rk): error estimator of order 4.
const SAFETY = 0.9;
const MIN_FACTOR = 0.2;
const MAX_FACTOR = 10;
const ERROR_EXPONENT = -1 / 5;

export interface Dopri5Options {
  rtol: number;
  atol: number;
  /** Steps (accepted and rejected) before giving up. */
  maxSteps: number;
}

/** How an integration ended. */
export type Dopri5Status = "done" | "maxSteps" | "nonFinite" | "stepTooSmall";

export interface Dopri5Result {
  status: Dopri5Status;
  /** The state at `tReached` (t_final when done). */
  y: Float64Array;
  tReached: number;
  /** Steps taken (accepted and rejected), accepted ones, and right-hand-side evaluations. */
  nSteps: number;
  nAccept: number;
  nEval: number;
}

/**
 * Integrates dy/dt = f(t, y) from (t0, y0) to tf and fills `samples` (row-major, `samples[k * dim + i]`)
 * at the increasing times `tSample` within [t0, tf]: from the dense output inside a step, and with
 * the integrator's own state where a sample time is a step's end (t_final always is).
 * @example
 * // y' = -y from y(0) = 1: y(1) = exp(-1)
 * const r = dopri5((t, y, dy) => { dy[0] = -y[0]; }, 0, [1], 1, { rtol: 1e-10, atol: 1e-12, maxSteps: 1e5 },
 *   Float64Array.of(1), new Float64Array(1));
 * r.y[0]; // 0.36787944117...
 */
export function dopri5(
  f: RhsFn,
  t0: number,
  y0: ArrayLike<number>,
  tf: number,
  options: Dopri5Options,
  tSample: Float64Array,
  samples: Float64Array,
): Dopri5Result {
  const { rtol, atol, maxSteps } = options;
  const dim = y0.length;
  const nSamples = tSample.length;
  const s = workspace(y0);
  let nEval = 0;
  let nSteps = 0;
  let nAccept = 0;
  let next = 0; // next sample to fill
  while (next < nSamples && tSample[next] <= t0) samples.set(s.y, dim * next++);

  f(t0, s.y, s.k1);
  let t = t0;
  let hAbs = initialStep(f, t0, s.y, s.k1, rtol, atol, s.yStage, s.k2);
  nEval += 2;
  let rejectedBefore = false;
  while (t < tf) {
    if (nSteps >= maxSteps) return { status: "maxSteps", y: s.y, tReached: t, nSteps, nAccept, nEval };
    const minStep = 10 * ulp(t);
    if (hAbs < minStep) hAbs = minStep;
    const tNew = t + hAbs > tf ? tf : t + hAbs;
    const h = tNew - t;
    hAbs = h;
    nSteps++;
    step(f, s, t, h);
    nEval += 6;
    const errorNorm = scaledError(s, h, rtol, atol);
    if (!(errorNorm < 1)) {
      // rejected (a non-finite error, from a state that blew up, counts as too large)
      const nonFinite = !Number.isFinite(errorNorm);
      hAbs *= nonFinite ? MIN_FACTOR : Math.max(MIN_FACTOR, SAFETY * errorNorm ** ERROR_EXPONENT);
      rejectedBefore = true;
      if (hAbs < minStep) {
        return { status: nonFinite ? "nonFinite" : "stepTooSmall", y: s.y, tReached: t, nSteps, nAccept, nEval };
      }
      continue;
    }
    // accepted: samples inside (t, tNew) from the dense output, a sample at tNew from yNew
    for (; next < nSamples && tSample[next] <= tNew; next++) {
      if (tSample[next] === tNew) samples.set(s.yNew, dim * next);
      else interpolate(s, (tSample[next] - t) / h, h, samples, dim * next);
    }
    let factor = errorNorm === 0 ? MAX_FACTOR : Math.min(MAX_FACTOR, SAFETY * errorNorm ** ERROR_EXPONENT);
    if (rejectedBefore) factor = Math.min(1, factor);
    hAbs *= factor;
    rejectedBefore = false;
    nAccept++;
    t = tNew;
    // swap buffers instead of copying: the new state becomes the state, stage 7 becomes stage 1 (FSAL)
    const yOld = s.y;
    s.y = s.yNew;
    s.yNew = yOld;
    const k1Old = s.k1;
    s.k1 = s.k7;
    s.k7 = k1Old;
  }
  return { status: "done", y: s.y, tReached: t, nSteps, nAccept, nEval };
}

/** The state, the trial state, a stage's argument and the 7 stage derivatives: all made once. */
interface Workspace {
  y: Float64Array;
  yNew: Float64Array;
  yStage: Float64Array;
  k1: Float64Array;
  k2: Float64Array;
  k3: Float64Array;
  k4: Float64Array;
  k5: Float64Array;
  k6: Float64Array;
  k7: Float64Array;
}

function workspace(y0: ArrayLike<number>): Workspace {
  const n = y0.length;
  const v = () => new Float64Array(n);
  return {
    y: Float64Array.from(y0),
    yNew: v(),
    yStage: v(),
    k1: v(),
    k2: v(),
    k3: v(),
    k4: v(),
    k5: v(),
    k6: v(),
    k7: v(),
  };
}

/** One trial step of size h from (t, y): stages k2..k6, the 5th-order yNew, and k7 = f(t + h, yNew). */
function step(f: RhsFn, s: Workspace, t: number, h: number): void {
  const { y, yNew, yStage: w, k1, k2, k3, k4, k5, k6, k7 } = s;
  const n = y.length;
  for (let i = 0; i < n; i++) w[i] = y[i] + h * A21 * k1[i];
  f(t + C2 * h, w, k2);
  for (let i = 0; i < n; i++) w[i] = y[i] + h * (A31 * k1[i] + A32 * k2[i]);
  f(t + C3 * h, w, k3);
  for (let i = 0; i < n; i++) w[i] = y[i] + h * (A41 * k1[i] + A42 * k2[i] + A43 * k3[i]);
  f(t + C4 * h, w, k4);
  for (let i = 0; i < n; i++) w[i] = y[i] + h * (A51 * k1[i] + A52 * k2[i] + A53 * k3[i] + A54 * k4[i]);
  f(t + C5 * h, w, k5);
  for (let i = 0; i < n; i++) w[i] = y[i] + h * (A61 * k1[i] + A62 * k2[i] + A63 * k3[i] + A64 * k4[i] + A65 * k5[i]);
  f(t + h, w, k6);
  for (let i = 0; i < n; i++) yNew[i] = y[i] + h * (B1 * k1[i] + B3 * k3[i] + B4 * k4[i] + B5 * k5[i] + B6 * k6[i]);
  f(t + h, yNew, k7);
}

/** SciPy's error norm: the RMS of err / (atol + rtol max(|y|, |y_new|)). */
function scaledError(s: Workspace, h: number, rtol: number, atol: number): number {
  const { y, yNew, k1, k3, k4, k5, k6, k7 } = s;
  const n = y.length;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const err = h * (E1 * k1[i] + E3 * k3[i] + E4 * k4[i] + E5 * k5[i] + E6 * k6[i] + E7 * k7[i]);
    const q = err / (atol + rtol * Math.max(Math.abs(y[i]), Math.abs(yNew[i])));
    sum += q * q;
  }
  return Math.sqrt(sum / n);
}

/** The dense output at the fraction x of an accepted step, written to out[row...]: O(3N). */
function interpolate(s: Workspace, x: number, h: number, out: Float64Array, row: number): void {
  const { y, k1, k3, k4, k5, k6, k7 } = s;
  const x2 = x * x;
  const x3 = x2 * x;
  const x4 = x3 * x;
  const b1 = h * (P[0][0] * x + P[0][1] * x2 + P[0][2] * x3 + P[0][3] * x4);
  const b3 = h * (P[1][1] * x2 + P[1][2] * x3 + P[1][3] * x4);
  const b4 = h * (P[2][1] * x2 + P[2][2] * x3 + P[2][3] * x4);
  const b5 = h * (P[3][1] * x2 + P[3][2] * x3 + P[3][3] * x4);
  const b6 = h * (P[4][1] * x2 + P[4][2] * x3 + P[4][3] * x4);
  const b7 = h * (P[5][1] * x2 + P[5][2] * x3 + P[5][3] * x4);
  for (let i = 0; i < y.length; i++) {
    out[row + i] = y[i] + b1 * k1[i] + b3 * k3[i] + b4 * k4[i] + b5 * k5[i] + b6 * k6[i] + b7 * k7[i];
  }
}

/** The distance from t to the next double above it (SciPy's `np.nextafter(t, inf) - t`). */
function ulp(t: number): number {
  const a = Math.abs(t);
  if (a < 2 ** -1022) return Number.MIN_VALUE;
  return 2 ** (Math.floor(Math.log2(a)) - 52);
}

/**
 * The first step, by Hairer, Norsett & Wanner's rule as SciPy's `select_initial_step` applies it
 * (one extra evaluation). `yTmp` and `fTmp` are scratch buffers of the state's length.
 */
function initialStep(
  f: RhsFn,
  t0: number,
  y0: Float64Array,
  f0: Float64Array,
  rtol: number,
  atol: number,
  yTmp: Float64Array,
  fTmp: Float64Array,
): number {
  const dim = y0.length;
  if (dim === 0) return Infinity;
  let s0 = 0;
  let s1 = 0;
  for (let i = 0; i < dim; i++) {
    const scale = atol + Math.abs(y0[i]) * rtol;
    s0 += (y0[i] / scale) ** 2;
    s1 += (f0[i] / scale) ** 2;
  }
  const d0 = Math.sqrt(s0 / dim);
  const d1 = Math.sqrt(s1 / dim);
  const h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : (0.01 * d0) / d1;
  for (let i = 0; i < dim; i++) yTmp[i] = y0[i] + h0 * f0[i];
  f(t0 + h0, yTmp, fTmp);
  let s2 = 0;
  for (let i = 0; i < dim; i++) {
    const scale = atol + Math.abs(y0[i]) * rtol;
    s2 += ((fTmp[i] - f0[i]) / scale) ** 2;
  }
  const d2 = Math.sqrt(s2 / dim) / h0;
  const h1 = d1 <= 1e-15 && d2 <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : (0.01 / Math.max(d1, d2)) ** (1 / 5);
  return Math.min(100 * h0, h1);
}
