/**
 * The mean-field right-hand side in two exact forms, each built once per solve by a factory and
 * filling its output in place (`dydt`), so an integrator's step loop allocates nothing:
 * - dense: the lecture's form, `Gnm @ sx` etc. with the N x N coupling matrices, 4 N^2 multiply-adds;
 * - linear: the same sums as forward- and backward-running waves along the chain sorted by z
 *   (docs/physics.md, "An O(N) right-hand side"), about 30 N operations and no matrix.
 * State layout `y = [sx_0..sx_{N-1}, sy_0.., sz_0..]`.
 */
import type { ComplexVector } from "./model.js";

/** Wavenumber of the guided mode (lengths in guided wavelengths). */
const K = 2 * Math.PI;

/** A right-hand side that writes dy/dt at (t, y) into `dydt` (length 3N) and returns nothing. */
export type RhsFn = (t: number, y: Float64Array, dydt: Float64Array) => void;

/** Which form of the coupling sums a solve uses: the lecture's matrices, or the O(N) waves. */
export type RhsKind = "dense" | "linear";
export const rhsKinds: readonly RhsKind[] = ["dense", "linear"];

/**
 * The lecture's dense right-hand side, in place: `Gx = Gnm @ sx`, `Dy = Dnm @ sy`, ...
 * @example
 * const f = makeDenseRhs(N, gamma, Dnm, Gnm, OmegaN);
 * f(0, y, dydt); // dydt now holds the derivative
 */
export function makeDenseRhs(
  N: number,
  gamma: number,
  Dnm: Float64Array,
  Gnm: Float64Array,
  Omega: ComplexVector,
): RhsFn {
  const reO = Omega.re;
  const imO = Omega.im;
  const halfGamma = gamma / 2;
  return (_t, y, out) => {
    for (let n = 0; n < N; n++) {
      let Gx = 0;
      let Gy = 0;
      let Dx = 0;
      let Dy = 0;
      const row = n * N;
      for (let m = 0; m < N; m++) {
        const g = Gnm[row + m];
        const d = Dnm[row + m];
        const sxm = y[m];
        const sym = y[N + m];
        Gx += g * sxm;
        Gy += g * sym;
        Dx += d * sxm;
        Dy += d * sym;
      }
      const sx = y[n];
      const sy = y[N + n];
      const sz = y[2 * N + n];
      const ro = reO[n];
      const io = imO[n];
      out[n] = -halfGamma * sx - 2 * io * sz + (sz / 2) * Gx + sz * Dy;
      out[N + n] = -halfGamma * sy - 2 * ro * sz + (sz / 2) * Gy - sz * Dx;
      out[2 * N + n] =
        -gamma * (1 + sz) + 2 * sy * ro + 2 * sx * io - 0.5 * sx * Gx - 0.5 * sy * Gy + sy * Dx - sx * Dy;
    }
  };
}

/**
 * The mean-field right-hand side in odex's shape, `(t, y: number[]) => number[]`: the lecture's
 * dense form (`makeDenseRhs` above, which fills a Float64Array in place and is what the
 * solve uses). Dense form: 4 N^2 multiply-adds. State layout `y = [sx_0..sx_{N-1}, sy_0.., sz_0..]`.
 */
export function makeRhs(
  N: number,
  gamma: number,
  Dnm: Float64Array,
  Gnm: Float64Array,
  Omega: ComplexVector,
): (t: number, y: number[]) => number[] {
  const f = makeDenseRhs(N, gamma, Dnm, Gnm, Omega);
  const state = new Float64Array(3 * N);
  const out = new Float64Array(3 * N);
  return (t, y) => {
    state.set(y);
    f(t, state, out);
    return Array.from(out);
  };
}

/**
 * The atoms in order of increasing z (ties keep their index order): `order[i]` is the atom at
 * place i, and `gapRe[i] + i gapIm[i] = exp(i k (z_order[i+1] - z_order[i]))`, the phase a wave
 * gains between neighbours (1 for atoms at the same z).
 */
export function chainOrder(z: Float64Array): { order: Int32Array; gapRe: Float64Array; gapIm: Float64Array } {
  const N = z.length;
  const order = Int32Array.from({ length: N }, (_, i) => i);
  let sorted = true;
  for (let i = 1; i < N && sorted; i++) sorted = z[i - 1] <= z[i];
  if (!sorted) order.sort((a, b) => z[a] - z[b] || a - b);
  const gapRe = new Float64Array(Math.max(N - 1, 0));
  const gapIm = new Float64Array(Math.max(N - 1, 0));
  for (let i = 0; i + 1 < N; i++) {
    const phase = K * (z[order[i + 1]] - z[order[i]]);
    gapRe[i] = Math.cos(phase);
    gapIm[i] = Math.sin(phase);
  }
  return { order, gapRe, gapIm };
}

/**
 * The O(N) right-hand side: exactly the dense form's sums, without the matrices. With the atoms
 * sorted by z, `c_n = sum_{m != n} (g1d/2) exp(ik|z_n - z_m|) x_m = (g1d/2) (f_n + b_n)` where the
 * forward wave `f_n = sum_{m before n} exp(ik(z_n - z_m)) x_m` obeys `f_{next} = gap (f_n + x_n)` and
 * the backward wave `b_n` the mirror recursion (both in the local phase of atom n, so no phase grows
 * large); then `Gnm @ x = 2 Re(c)` and `Dnm @ x = Im(c)` (docs/physics.md).
 * Memory: 6 N doubles and N int32, against 2 N^2 doubles for the matrices.
 * @example
 * const f = makeLinearRhs(N, gamma, z, g1d, OmegaN); // same values as makeDenseRhs(N, gamma, Dnm, Gnm, OmegaN)
 */
export function makeLinearRhs(N: number, gamma: number, z: Float64Array, g1d: number, Omega: ComplexVector): RhsFn {
  const { order, gapRe, gapIm } = chainOrder(z);
  const reO = Omega.re;
  const imO = Omega.im;
  const halfGamma = gamma / 2;
  const halfG = g1d / 2;
  // the forward waves at each place of the chain, for sx and for sy (re, im)
  const fxr = new Float64Array(N);
  const fxi = new Float64Array(N);
  const fyr = new Float64Array(N);
  const fyi = new Float64Array(N);
  return (_t, y, out) => {
    let xr = 0;
    let xi = 0;
    let yr = 0;
    let yi = 0;
    for (let i = 0; i < N; i++) {
      const n = order[i];
      fxr[i] = xr;
      fxi[i] = xi;
      fyr[i] = yr;
      fyi[i] = yi;
      if (i + 1 < N) {
        const cr = gapRe[i];
        const ci = gapIm[i];
        const ax = xr + y[n];
        const ay = yr + y[N + n];
        xr = cr * ax - ci * xi;
        xi = ci * ax + cr * xi;
        yr = cr * ay - ci * yi;
        yi = ci * ay + cr * yi;
      }
    }
    xr = 0;
    xi = 0;
    yr = 0;
    yi = 0;
    for (let i = N - 1; i >= 0; i--) {
      const n = order[i];
      const sx = y[n];
      const sy = y[N + n];
      const sz = y[2 * N + n];
      // c = (g1d/2)(f + b): Gnm @ x = 2 Re(c) = g1d Re(f + b), Dnm @ x = Im(c)
      const Gx = g1d * (fxr[i] + xr);
      const Dx = halfG * (fxi[i] + xi);
      const Gy = g1d * (fyr[i] + yr);
      const Dy = halfG * (fyi[i] + yi);
      const ro = reO[n];
      const io = imO[n];
      out[n] = -halfGamma * sx - 2 * io * sz + (sz / 2) * Gx + sz * Dy;
      out[N + n] = -halfGamma * sy - 2 * ro * sz + (sz / 2) * Gy - sz * Dx;
      out[2 * N + n] =
        -gamma * (1 + sz) + 2 * sy * ro + 2 * sx * io - 0.5 * sx * Gx - 0.5 * sy * Gy + sy * Dx - sx * Dy;
      if (i > 0) {
        // the backward wave seen from the atom before: b_{i-1} = gap_{i-1} (b_i + x_i)
        const cr = gapRe[i - 1];
        const ci = gapIm[i - 1];
        const ax = xr + sx;
        const ay = yr + sy;
        xr = cr * ax - ci * xi;
        xi = ci * ax + cr * xi;
        yr = cr * ay - ci * yi;
        yi = ci * ay + cr * yi;
      }
    }
  };
}

/** Bytes the linear right-hand side keeps per atom (order, two gap phases, four waves). */
export const linearRhsBytesPerAtom = 4 + 8 * 6;
