/**
 * The lecture's model: mean-field waveguide QED for N two-level atoms on a line along a 1D
 * waveguide (script `ex_wqed_cluster.py`; equations in docs/physics.md).
 * Lengths are in units of the guided wavelength, so k = 2 pi.
 */
import { UsageError } from "../core/errors.js";
import { assertFinite, assertInteger, describe } from "../core/check.js";
import { normalRng } from "./random.js";

/** Wavenumber of the guided mode in units of 1/wavelength. */
export const K = 2 * Math.PI;

/** A complex vector as two real arrays (what a worker receives: plain, cloneable typed arrays). */
export interface ComplexVector {
  re: Float64Array;
  im: Float64Array;
}

/**
 * Atom positions `z_n = (n - N/2) * a_z`, plus Gaussian disorder of standard deviation
 * `eta / (2 pi)` drawn from `seed` when `eta > 0`.
 * @example positions(4, 0.5) // Float64Array [-1, -0.5, 0, 0.5]
 */
export function positions(N: number, az: number, eta = 0, seed = 0): Float64Array {
  assertInteger(N, "N", 1, Infinity, "pass the number of atoms, e.g. 100");
  assertFinite(az, "a_z");
  assertFinite(eta, "eta");
  if (eta < 0)
    throw new UsageError(
      `\`eta\` must be >= 0 (a standard deviation), got ${describe(eta)}: pass 0 for no disorder`,
      "eta",
    );
  const z = new Float64Array(N);
  const normal = eta > 0 ? normalRng(seed) : null;
  for (let n = 0; n < N; n++) {
    z[n] = (n - N / 2) * az + (normal ? (eta / (2 * Math.PI)) * normal() : 0);
  }
  return z;
}

/**
 * The coupling matrices (row-major N x N, zero diagonal) of `g_nm = (g1d/2) exp(i k |z_n - z_m|)`:
 * `Gnm = 2 Re(g_nm) = g1d cos(k|dz|)` and `Dnm = Im(g_nm) = (g1d/2) sin(k|dz|)`.
 */
export function couplings(z: Float64Array, g1d: number): { Gnm: Float64Array; Dnm: Float64Array } {
  assertFinite(g1d, "g1d");
  const N = z.length;
  const Gnm = new Float64Array(N * N);
  const Dnm = new Float64Array(N * N);
  for (let n = 0; n < N; n++) {
    for (let m = 0; m < N; m++) {
      if (m === n) continue;
      const phase = K * Math.abs(z[n] - z[m]);
      Gnm[n * N + m] = g1d * Math.cos(phase);
      Dnm[n * N + m] = (g1d / 2) * Math.sin(phase);
    }
  }
  return { Gnm, Dnm };
}

/** The per-atom drive of one job: `Omega_n = r * Omega_c * exp(2 pi i z_n)`. */
export function drive(r: number, OmegaC: number, z: Float64Array): ComplexVector {
  assertFinite(r, "r");
  assertFinite(OmegaC, "Omega_c");
  const re = new Float64Array(z.length);
  const im = new Float64Array(z.length);
  for (let n = 0; n < z.length; n++) {
    re[n] = r * OmegaC * Math.cos(K * z[n]);
    im[n] = r * OmegaC * Math.sin(K * z[n]);
  }
  return { re, im };
}

/** The lecture's initial state: sx = sy = 0, sz = z0 for every atom (y = [sx..., sy..., sz...]). */
export function initialState(N: number, z0 = -1): Float64Array {
  assertInteger(N, "N", 1);
  assertFinite(z0, "z0");
  const y0 = new Float64Array(3 * N);
  y0.fill(z0, 2 * N);
  return y0;
}

/**
 * Observables at one time (docs/physics.md): `sz_mean = mean_n sz_n` and
 * `s2_abs = | mean_n (sx_n - i sy_n) exp(-2 pi i z_n) |`.
 */
export function observables(y: ArrayLike<number>, z: Float64Array): { sz_mean: number; s2_abs: number } {
  const N = z.length;
  if (y.length !== 3 * N) {
    throw new UsageError(`\`y\` has length ${y.length} but N = ${N} atoms need 3N = ${3 * N} values`, "y");
  }
  let sz = 0;
  let re = 0;
  let im = 0;
  for (let n = 0; n < N; n++) {
    sz += y[2 * N + n];
    // (sx - i sy)(cos - i sin) = (sx cos - sy sin) - i (sx sin + sy cos)
    const c = Math.cos(K * z[n]);
    const s = Math.sin(K * z[n]);
    re += y[n] * c - y[N + n] * s;
    im -= y[n] * s + y[N + n] * c;
  }
  return { sz_mean: sz / N, s2_abs: Math.hypot(re / N, im / N) };
}
