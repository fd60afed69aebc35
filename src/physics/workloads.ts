/**
 * Named workloads: the lecture's parameters, and the same physics made heavy enough for a pool
 * to pay. A workload is plain data; `buildSweep` turns it into the jobs of a sweep.
 */
import { UsageError } from "../core/errors.js";
import { assertFinite, assertInteger, assertOneOf, assertPositive, checkOptions, describe } from "../core/check.js";
import { type ComplexVector, couplings, drive, initialState, positions } from "./model.js";
import type { RhsKind } from "./rhs.js";
import type { SweepArgs } from "./pack.js";
import {
  type SolveMethod,
  type SolveOptions,
  checkMethod,
  checkRhs,
  checkTolerances,
  maxSampleBytes,
  solveDefaults,
} from "./solve.js";

export interface Workload {
  /**
   * Number of atoms (the script's `nz`), from 2 (Omega_c is 0 for one atom) to 11585 (`maxNz`) with
   * the dense right-hand side, or to 2097152 (`maxLinearNz`) with the linear one.
   */
  nz: number;
  /** Lattice spacing in guided wavelengths (`a_z`). */
  az: number;
  /** Position disorder: standard deviation eta / (2 pi). */
  eta: number;
  /** Seed of the disorder draw (used only when eta > 0). */
  seed: number;
  /** Waveguide coupling `g1d` (> 0) and free-space decay `gamma_decay` (>= 0); gamma = g1d + gamma_decay. */
  g1d: number;
  gammaDecay: number;
  /** Initial sz of every atom (`z0`); sx = sy = 0. */
  z0: number;
  /** t_final = tScale * 10 / (nz * g1d); the lecture has tScale = 1. */
  tScale: number;
  /** The sweep: nR values of r from rMin to rMax (numpy `linspace`), r in units of Omega_c. */
  nR: number;
  rMin: number;
  rMax: number;
  /** Solver tolerances (rtol from 1e-14 to below 1, atol above 0 and below 1) and step limit. */
  rtol: number;
  atol: number;
  maxSteps: number;
  /** Sample times per job on [0, t_final] (SciPy `t_eval`); one job's samples may take at most 256 MiB. */
  nSamples: number;
  /**
   * The integrator: "RK45" (Dormand-Prince 5(4), SciPy's solve_ivp default, the lecture's; the
   * kit's default), or "odex" (extrapolation; its samples cost O((3N)^2), slow at large N).
   */
  method: SolveMethod;
  /** The coupling sums: "dense" (the lecture's N x N matrices) or "linear" (exact, O(N), no matrix). */
  rhs: RhsKind;
}

/** Largest position disorder eta: the couplings' phases 2 pi |z_n - z_m| keep about 10 correct digits up to it. */
const maxEta = 1e6;
/** The lecture script's parameters (docs/physics.md, "Workloads"). Jobs take milliseconds. */
export const lecture: Readonly<Workload> = Object.freeze({
  nz: 100,
  az: 0.9,
  eta: 0,
  seed: 0,
  g1d: 10,
  gammaDecay: 1,
  z0: -1,
  tScale: 1,
  nR: 20,
  rMin: 0,
  rMax: 1.2,
  rtol: solveDefaults.rtol,
  atol: solveDefaults.atol,
  maxSteps: solveDefaults.maxSteps,
  nSamples: solveDefaults.nSamples,
  method: solveDefaults.method,
  rhs: solveDefaults.rhs,
});

/**
 * The same physics with jobs big enough for a pool to pay (about 0.05-2 s each on a 2-core
 * machine, growing with r): more atoms (nz = 200; its two 200 x 200 matrices, 0.64 MB, still fit
 * in one core's L2 cache, so two workers do not fight over memory) and a 100x longer evolution.
 */
export const heavy: Readonly<Workload> = Object.freeze({ ...lecture, nz: 200, tScale: 100 });

export const workloads = Object.freeze({ lecture, heavy });
export type WorkloadName = keyof typeof workloads;

/** Most memory a sweep's two nz x nz coupling matrices may take (16 nz^2 bytes): nz up to 11585. */
export const maxMatrixBytes = 2 ** 31;
export const maxNz = Math.floor(Math.sqrt(maxMatrixBytes / 16));
/**
 * Bytes one job needs per atom with the linear right-hand side, samples aside: the state and the
 * integrator's work arrays (odex, the larger, keeps about 40 vectors of 3N doubles: ~1 KB per atom),
 * positions, drive, the wave buffers. Measured at nz = 100,000: see README, workload table.
 */
export const linearBytesPerAtom = 1024;
/** Most atoms with rhs "linear": one job's arrays within the same 2 GiB (nz up to 2097152). */
export const maxLinearNz = Math.floor(maxMatrixBytes / linearBytesPerAtom);

/** Most jobs in one sweep, and most memory their drives (nz doubles each) may take. */
export const maxSweepJobs = 1_000_000;
export const maxDriveBytes = 2 ** 29;

/** How messages call a workload field: by its name, or by the CLI flag that set it. */
export type FieldName = (field: keyof Workload) => string;

/** Looks a workload up by name and applies overrides, validating every field. */
export function workload(name: WorkloadName | string = "lecture", overrides: Partial<Workload> = {}): Workload {
  return resolveWorkload(name, overrides);
}

/** `workload`, with messages that call each field what `as` says (the CLI passes its flag names). */
export function resolveWorkload(name: unknown, overrides: unknown, as: FieldName = (field) => field): Workload {
  assertOneOf(name, "workload", Object.keys(workloads));
  const base = workloads[name as WorkloadName];
  if (overrides === null || typeof overrides !== "object" || Array.isArray(overrides)) {
    throw new UsageError(
      `the overrides of workload("${name}") must be an object of workload fields such as { nz: 30, nR: 5 }, got ${describe(overrides)}: pass an object, or leave them out`,
      "overrides",
    );
  }
  const w: Workload = { ...base };
  checkOptions(overrides, base, "the workload");
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    (w as unknown as Record<string, unknown>)[key] = value;
  }
  validateWorkload(w, as);
  return w;
}

/**
 * A sweep holds each job's drive (nz doubles), record and row in memory: unbounded, 1e8 jobs ran
 * the process out of memory after half a minute (in a notebook, the kernel died).
 */
function checkJobCount(w: Workload, as: FieldName): void {
  const nzKnown = Number.isInteger(w.nz) && w.nz >= 2 ? w.nz : 2;
  const maxR = Math.min(maxSweepJobs, Math.floor(maxDriveBytes / (8 * nzKnown)));
  assertInteger(
    w.nR,
    as("nR"),
    1,
    maxR,
    w.nR > maxR
      ? `a sweep keeps each job's drive (nz = ${nzKnown} doubles), record and row in memory: at most ${maxSweepJobs} jobs, and their drives within 512 MiB; split a larger sweep into several; the lecture has 20`
      : "a sweep needs at least one r value; the lecture has 20",
  );
}

/** Checks every field, then what the sweep derives from them: t_final, gamma and the drive r Omega_c. */
function validateWorkload(w: Workload, as: FieldName): void {
  checkMethod(w.method, as("method"));
  checkRhs(w.rhs, as("rhs"));
  const linear = w.rhs === "linear";
  const limit = linear ? maxLinearNz : maxNz;
  const nzFix =
    typeof w.nz === "number" && w.nz > limit
      ? linear
        ? `one job's arrays would take ${((linearBytesPerAtom * w.nz) / 2 ** 30).toPrecision(3)} GiB (about ${linearBytesPerAtom} bytes per atom), over the 2 GiB limit; the lecture uses 100`
        : `its two nz x nz coupling matrices would take ${((16 * w.nz * w.nz) / 2 ** 30).toPrecision(3)} GiB, over the 2 GiB limit: the linear right-hand side (rhs "linear", --rhs linear) needs no matrix and takes up to ${maxLinearNz} atoms; the lecture uses 100`
      : "a sweep needs 2 atoms or more (with one, Omega_c = g1d (nz - 1) / 4 = 0 and every r gives the ground state; solveSystemProp takes a single atom); the lecture uses 100";
  assertInteger(w.nz, as("nz"), 2, limit, nzFix);
  const maxSamples = Math.floor(maxSampleBytes / (8 * 3 * w.nz));
  assertInteger(
    w.nSamples,
    as("nSamples"),
    1,
    maxSamples,
    `one job's samples (nSamples x 3 nz doubles, nz = ${w.nz}) may take at most 256 MiB; the lecture samples 50 times (the summary needs only the last)`,
  );
  assertFinite(w.az, as("az"));
  assertFinite(w.eta, as("eta"));
  if (w.eta < 0)
    throw new UsageError(`\`${as("eta")}\` must be >= 0, got ${describe(w.eta)}: pass 0 for no disorder`, as("eta"));
  if (w.eta > maxEta)
    throw new UsageError(
      `\`${as("eta")}\` must be at most ${maxEta}, got ${describe(w.eta)}: a disorder of eta / (2 pi) wavelengths beyond that leaves the couplings' phases with no correct digit; the lecture uses 0`,
      as("eta"),
    );
  assertInteger(w.seed, as("seed"), 0, 2 ** 32 - 1);
  assertPositive(
    w.g1d,
    as("g1d"),
    "it is the waveguide coupling rate, and t_final = 10 tScale / (nz g1d) divides by it; the lecture uses 10",
  );
  if (typeof w.gammaDecay !== "number" || !Number.isFinite(w.gammaDecay) || w.gammaDecay < 0) {
    throw new UsageError(
      `\`${as("gammaDecay")}\` must be a finite number >= 0 (the free-space decay rate), got ${describe(w.gammaDecay)}: the lecture uses 1`,
      as("gammaDecay"),
    );
  }
  if (!Number.isFinite(w.g1d + w.gammaDecay)) {
    throw new UsageError(
      `gamma = \`${as("g1d")}\` + \`${as("gammaDecay")}\` must be finite, got ${w.g1d} + ${w.gammaDecay} = Infinity: the lecture has gamma = 10 + 1 = 11`,
      as("g1d"),
    );
  }
  assertFinite(w.z0, as("z0"));
  assertPositive(w.tScale, as("tScale"), "the lecture uses 1");
  const tFinal = finalTime(w);
  if (!(Number.isFinite(tFinal) && tFinal > 0)) {
    throw new UsageError(
      `t_final = 10 \`${as("tScale")}\` / (nz \`${as("g1d")}\`) must be a finite time greater than 0, got 10 * ${w.tScale} / (${w.nz} * ${w.g1d}) = ${tFinal}: ` +
        `${tFinal > 0 ? "lower" : "raise"} \`${as("tScale")}\` (the lecture has tScale = 1 and g1d = 10)`,
      as("tScale"),
    );
  }
  checkJobCount(w, as);
  assertFinite(w.rMin, as("rMin"));
  assertFinite(w.rMax, as("rMax"));
  if (w.nR > 1 && !(w.rMax > w.rMin)) {
    throw new UsageError(
      `\`${as("rMax")}\` must be greater than \`${as("rMin")}\` = ${w.rMin} for a sweep of ${w.nR} values, got ${describe(w.rMax)}: the lecture sweeps r from 0 to 1.2`,
      as("rMax"),
    );
  }
  // The drive of atom n is r Omega_c exp(2 pi i z_n): its size is |r| Omega_c.
  // (Omega_c itself is finite: a g1d large enough to overflow it made t_final 0 above.)
  const OmegaC = (w.g1d * (w.nz - 1)) / 4;
  const r = Math.abs(w.rMax) >= Math.abs(w.rMin) ? "rMax" : "rMin";
  if (!Number.isFinite(Math.abs(w[r]) * OmegaC)) {
    throw new UsageError(
      `\`${as(r)}\` times Omega_c = g1d (nz - 1) / 4 = ${OmegaC} must be a finite drive, got ${describe(w[r])}: r is in units of Omega_c, so keep it near 1; the lecture sweeps r from 0 to 1.2`,
      as(r),
    );
  }
  checkTolerances(w.rtol, w.atol, as);
  assertInteger(w.maxSteps, as("maxSteps"), 1);
}

/** Throws unless `w` is a workload name or an object of workload fields (or, for runSweep, a Sweep). */
export function checkWorkloadArg(w: unknown, where: string, orSweep = false): void {
  if (typeof w === "string" || (typeof w === "object" && w !== null && !Array.isArray(w))) return;
  const forms = [
    `a name (${Object.keys(workloads)
      .map((n) => `"${n}"`)
      .join(", ")})`,
    "an object of workload fields such as { nz: 30, nR: 5 }",
  ];
  if (orSweep) forms.push("a Sweep from buildSweep");
  const list = `${forms.slice(0, -1).join(", ")}${forms.length > 2 ? "," : ""} or ${forms[forms.length - 1]}`;
  throw new UsageError(
    `the workload of ${where} must be ${list}, got ${describe(w)}: e.g. ${where}("lecture")`,
    "workload",
  );
}

/** `numpy.linspace(start, stop, num)`, computed the way numpy does (start + i * step, last = stop). */
export function linspace(start: number, stop: number, num: number): number[] {
  assertInteger(num, "num", 1);
  if (num === 1) return [start];
  const step = (stop - start) / (num - 1);
  const out = Array.from({ length: num }, (_, i) => start + i * step);
  out[num - 1] = stop;
  return out;
}

/**
 * Everything one sweep needs, in the lecture's names: the sweep's arguments (`SweepArgs`: N,
 * gamma, Dnm and Gnm, null with rhs "linear", which builds none; OmegaNValues, tSpan, y0) and
 * where they came from.
 */
export interface Sweep extends SweepArgs {
  workload: Workload;
  z: Float64Array;
  OmegaC: number;
  r: number[];
  OmegaNValues: ComplexVector[];
  solveOptions: SolveOptions;
}

/**
 * Builds the lecture's sweep from a workload (a name, or lecture parameters with overrides):
 * positions, couplings (none with rhs "linear"), one drive vector per r.
 * @example buildSweep("lecture").OmegaNValues.length // 20
 * @example buildSweep({ nz: 30, nR: 5 }).N // 30
 */
export function buildSweep(w: WorkloadName | Partial<Workload> = "lecture"): Sweep {
  checkWorkloadArg(w, "buildSweep");
  const wl = typeof w === "string" ? workload(w) : workload("lecture", w);
  const N = wl.nz;
  const z = positions(N, wl.az, wl.eta, wl.seed);
  const linear = wl.rhs === "linear";
  const { Gnm, Dnm } = linear ? { Gnm: null, Dnm: null } : couplings(z, wl.g1d);
  const OmegaC = (wl.g1d * (N - 1)) / 4;
  const r = linspace(wl.rMin, wl.rMax, wl.nR);
  return {
    workload: wl,
    N,
    gamma: wl.g1d + wl.gammaDecay,
    z,
    Gnm,
    Dnm,
    OmegaC,
    r,
    OmegaNValues: r.map((ri) => drive(ri, OmegaC, z)),
    tSpan: [0, finalTime(wl)],
    y0: initialState(N, wl.z0),
    solveOptions: {
      rtol: wl.rtol,
      atol: wl.atol,
      maxSteps: wl.maxSteps,
      nSamples: wl.nSamples,
      method: wl.method,
      rhs: wl.rhs,
      ...(linear ? { z, g1d: wl.g1d } : {}),
    },
  };
}

/**
 * The lecture's end time, t_final = 10 tScale / (nz g1d): ten collective decay times of the chain
 * (docs/physics.md; the lecture has tScale = 1, so 0.01 for nz = 100 and g1d = 10).
 * @example finalTime(lecture) // 0.01
 */
export function finalTime(w: Pick<Workload, "tScale" | "nz" | "g1d">): number {
  return (w.tScale * 10) / (w.nz * w.g1d);
}
