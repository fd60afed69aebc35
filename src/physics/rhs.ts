/**
 * The mean-field right-hand side in two exact forms, each built once per solve by a factory and
 * filling its output in place (`dydt`), so an integrator's step loop allocates nothing:
 * - dense: the lecture's form, `Gnm @ sx` etc. with the N x N coupling matrices, 4 N^2 multiply-adds;
 * - linear: the same sums as forward- and backward-running waves along the chain sorted by z
 *   (docs/physics.md, "An O(N) right-hand side"), about 30 N operations and no matrix.
 * State layout `y = [sx_0..sx_{N-1}, sy_0.., sz_0..]`.
 */
import { simdProducts } from "./dense-simd.js";
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
 * The four products run in WebAssembly SIMD where the runtime has it and the matrices fit
 * (physics/dense-simd.ts, about 5x faster at nz = 100), else in the JavaScript loop `makeDenseRhsLoop`.
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
  const simd = simdProducts(N, Dnm, Gnm);
  if (simd === null) return makeDenseRhsLoop(N, gamma, Dnm, Gnm, Omega);
  const { np, products } = simd;
  const reO = Omega.re;
  const imO = Omega.im;
  const halfGamma = gamma / 2;
  return (_t, y, out) => {
    const p = products(y);
    for (let n = 0; n < N; n++) {
      const Gx = p[n];
      const Gy = p[np + n];
      const Dx = p[2 * np + n];
      const Dy = p[3 * np + n];
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
 * The dense right-hand side in plain JavaScript (where WebAssembly SIMD is missing, or the
 * matrices are large). The matrix-vector products run two rows at a time: one pass over m feeds eight independent
 * sums (rows n and n + 1, each against sx and sy), so the adds do not wait on one another and
 * sx[m], sy[m] are loaded once for two rows. Each sum still adds its terms in order m = 0..N-1,
 * so the values are the one-row loop's to the bit (docs/benchmarks.md, "The dense right-hand side").
 * @example
 * const f = makeDenseRhsLoop(N, gamma, Dnm, Gnm, OmegaN);
 * f(0, y, dydt); // dydt now holds the derivative
 */
export function makeDenseRhsLoop(
  N: number,
  gamma: number,
  Dnm: Float64Array,
  Gnm: Float64Array,
  Omega: ComplexVector,
): RhsFn {
  const reO = Omega.re;
  const imO = Omega.im;
  const halfGamma = gamma / 2;
  /** dy/dt of atom n from its four coupling sums. */
  const atom = (y: Float64Array, out: Float64Array, n: number, Gx: number, Gy: number, Dx: number, Dy: number) => {
    const sx = y[n];
    const sy = y[N + n];
    const sz = y[2 * N + n];
    const ro = reO[n];
    const io = imO[n];
    out[n] = -halfGamma * sx - 2 * io * sz + (sz / 2) * Gx + sz * Dy;
    out[N + n] = -halfGamma * sy - 2 * ro * sz + (sz / 2) * Gy - sz * Dx;
    out[2 * N + n] = -gamma * (1 + sz) + 2 * sy * ro + 2 * sx * io - 0.5 * sx * Gx - 0.5 * sy * Gy + sy * Dx - sx * Dy;
  };
  return (_t, y, out) => {
    let n = 0;
    for (; n + 1 < N; n += 2) {
      let Gx0 = 0;
      let Gy0 = 0;
      let Dx0 = 0;
      let Dy0 = 0;
      let Gx1 = 0;
      let Gy1 = 0;
      let Dx1 = 0;
      let Dy1 = 0;
      const row0 = n * N;
      const row1 = row0 + N;
      for (let m = 0; m < N; m++) {
        const sxm = y[m];
        const sym = y[N + m];
        const g0 = Gnm[row0 + m];
        const d0 = Dnm[row0 + m];
        const g1 = Gnm[row1 + m];
        const d1 = Dnm[row1 + m];
        Gx0 += g0 * sxm;
        Gy0 += g0 * sym;
        Dx0 += d0 * sxm;
        Dy0 += d0 * sym;
        Gx1 += g1 * sxm;
        Gy1 += g1 * sym;
        Dx1 += d1 * sxm;
        Dy1 += d1 * sym;
      }
      atom(y, out, n, Gx0, Gy0, Dx0, Dy0);
      atom(y, out, n + 1, Gx1, Gy1, Dx1, Dy1);
    }
    if (n < N) {
      // the last row when N is odd
      let Gx = 0;
      let Gy = 0;
      let Dx = 0;
      let Dy = 0;
      const row = n * N;
      for (let m = 0; m < N; m++) {
        const g = Gnm[row + m];
        const d = Dnm[row + m];
        Gx += g * y[m];
        Gy += g * y[N + m];
        Dx += d * y[m];
        Dy += d * y[N + m];
      }
      atom(y, out, n, Gx, Gy, Dx, Dy);
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
