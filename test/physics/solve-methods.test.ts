// The known answers (docs/physics.md) for every integrator and both right-hand sides.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  buildSweep,
  observables,
  packJobs,
  solveSystemProp,
  type ComplexVector,
  type SolveOptions,
} from "../../dist/index.js";

type Variant = { method: "odex" | "RK45"; rhs: "dense" | "linear" };
const variants: Variant[] = [
  { method: "odex", rhs: "dense" },
  { method: "odex", rhs: "linear" },
  { method: "RK45", rhs: "dense" },
  { method: "RK45", rhs: "linear" },
];
const name = (v: Variant) => `${v.method}, ${v.rhs}`;
const one = new Float64Array(1);
const constDrive = (re: number, im: number): ComplexVector => ({ re: Float64Array.of(re), im: Float64Array.of(im) });

/** One atom (no coupling) with a variant's options: the matrices for dense, a position for linear. */
function solveOne(v: Variant, OmegaN: ComplexVector, tSpan: [number, number], y0: number[], options: SolveOptions) {
  return v.rhs === "dense"
    ? solveSystemProp(1, 11, one, one, OmegaN, tSpan, y0, { ...options, method: v.method })
    : solveSystemProp(1, 11, null, null, OmegaN, tSpan, y0, {
        ...options,
        method: v.method,
        rhs: "linear",
        z: Float64Array.of(0.3),
        g1d: 10,
      });
}

/** A sweep's job with a variant's options. */
function solveJob(s: ReturnType<typeof buildSweep>, j: number, v: Variant, options: SolveOptions = {}) {
  return v.rhs === "dense"
    ? solveSystemProp(s.N, s.gamma, s.Dnm, s.Gnm, s.OmegaNValues[j], s.tSpan, s.y0, { ...options, method: v.method })
    : solveSystemProp(s.N, s.gamma, null, null, s.OmegaNValues[j], s.tSpan, s.y0, {
        ...options,
        method: v.method,
        rhs: "linear",
        z: s.z,
        g1d: s.workload.g1d,
      });
}

for (const v of variants) {
  test(`${name(v)}: undriven decay from the excited state, sz(t) = -1 + 2 exp(-gamma t) at every sample`, () => {
    const sol = solveOne(v, constDrive(0, 0), [0, 0.3], [0, 0, 1], { rtol: 1e-10, atol: 1e-12 });
    assert.equal(sol.t.length, 50);
    for (let k = 0; k < sol.t.length; k++) {
      const exact = -1 + 2 * Math.exp(-11 * sol.t[k]);
      assert.ok(Math.abs(sol.y[k * 3 + 2] - exact) < 1e-8, `t = ${sol.t[k]}: ${sol.y[k * 3 + 2]} vs ${exact}`);
    }
  });

  test(`${name(v)}: one driven atom reaches the Bloch steady state`, () => {
    const [re, im] = [3, -2];
    const sol = solveOne(v, constDrive(re, im), [0, 6], [0, 0, -1], { rtol: 1e-10, atol: 1e-12 });
    const denom = 11 ** 2 + 8 * (re * re + im * im);
    const [sx, sy, sz] = sol.yFinal;
    assert.ok(Math.abs(sz - -(11 ** 2) / denom) < 1e-8, `sz ${sz}`);
    assert.ok(Math.abs(sx - (4 * 11 * im) / denom) < 1e-8, `sx ${sx}`);
    assert.ok(Math.abs(sy - (4 * 11 * re) / denom) < 1e-8, `sy ${sy}`);
  });

  test(`${name(v)}: r = 0 from the ground state stays exactly there`, () => {
    const s = buildSweep({ nz: 20, nR: 2 });
    const sol = solveJob(s, 0, v);
    assert.deepEqual(Array.from(sol.y), Array.from({ length: 50 }, () => Array.from(s.y0)).flat());
  });

  test(`${name(v)}: the Bloch vector of every atom stays in the unit ball`, () => {
    const s = buildSweep({ nz: 30, nR: 5 });
    for (let j = 0; j < s.r.length; j++) {
      const sol = solveJob(s, j, v);
      for (let k = 0; k < sol.t.length; k++) {
        for (let n = 0; n < s.N; n++) {
          const o = k * 3 * s.N;
          const len2 = sol.y[o + n] ** 2 + sol.y[o + s.N + n] ** 2 + sol.y[o + 2 * s.N + n] ** 2;
          assert.ok(len2 <= 1 + 1e-6, `|s|^2 = ${len2}`);
        }
      }
    }
  });

  test(`${name(v)}: tighter tolerances converge (halving rtol moves the observables by less than the tolerance)`, () => {
    const s = buildSweep({ nz: 30, nR: 4 });
    for (let j = 0; j < s.r.length; j++) {
      const at = (rtol: number) => observables(solveJob(s, j, v, { rtol, atol: rtol / 100 }).yFinal, s.z);
      const a = at(1e-8);
      const b = at(5e-9);
      assert.ok(Math.abs(a.sz_mean - b.sz_mean) < 1e-8 && Math.abs(a.s2_abs - b.s2_abs) < 1e-8, JSON.stringify([a, b]));
    }
  });

  test(`${name(v)}: samples run from t0 to t_final; the last is the final state`, () => {
    const s = buildSweep({ nz: 10, nR: 3 });
    const sol = solveJob(s, 2, v);
    assert.equal(sol.t[0], 0);
    assert.equal(sol.t[49], s.tSpan[1]);
    assert.deepEqual(Array.from(sol.y.subarray(0, 3 * s.N)), Array.from(s.y0));
    assert.deepEqual(Array.from(sol.y.subarray(49 * 3 * s.N)), Array.from(sol.yFinal));
    assert.ok(sol.nEval > 0 && sol.nSteps > 0);
  });

  test(`${name(v)}: maxSteps exceeded is an error naming the time reached`, () => {
    const s = buildSweep({ nz: 10, nR: 3 });
    assert.throws(
      () => solveJob(s, 2, v, { maxSteps: 2 }),
      (e: Error) => e.name === "SolveError" && /maxSteps = 2 exceeded at t = [0-9.e-]+ of t_final/.test(e.message),
    );
  });
}

test("dense and linear right-hand sides give the same observables within the solver tolerance, ordered and disordered", () => {
  for (const eta of [0, 2]) {
    const s = buildSweep({ nz: 60, nR: 4, eta, seed: 3 });
    for (const method of ["odex", "RK45"] as const) {
      for (let j = 0; j < s.r.length; j++) {
        const a = observables(solveJob(s, j, { method, rhs: "dense" }).yFinal, s.z);
        const b = observables(solveJob(s, j, { method, rhs: "linear" }).yFinal, s.z);
        assert.ok(
          Math.abs(a.sz_mean - b.sz_mean) < 1e-7 && Math.abs(a.s2_abs - b.s2_abs) < 1e-7,
          `${method} eta ${eta} r ${s.r[j]}: ${JSON.stringify([a, b])}`,
        );
      }
    }
  }
});

test("RK45 samples come from its dense output: 4th-order accurate between steps", () => {
  // one undriven atom: sz = -1 + 2 exp(-gamma t); at the lecture's tolerances the samples stay within ~10 rtol
  const sol = solveOne({ method: "RK45", rhs: "dense" }, constDrive(0, 0), [0, 0.5], [0, 0, 1], {
    rtol: 1e-7,
    atol: 1e-9,
  });
  let worst = 0;
  for (let k = 0; k < sol.t.length; k++)
    worst = Math.max(worst, Math.abs(sol.y[k * 3 + 2] - (-1 + 2 * Math.exp(-11 * sol.t[k]))));
  assert.ok(worst < 1e-6, `worst sample error ${worst}`);
  assert.ok(sol.nSteps < 50, `${sol.nSteps} steps for 50 samples: the samples come from interpolation, not from steps`);
});

test("option checks: method, rhs, and what linear needs", () => {
  const s = buildSweep({ nz: 5, nR: 2 });
  const call = (Dnm: Float64Array | null, Gnm: Float64Array | null, options: object) => () =>
    solveSystemProp(s.N, s.gamma, Dnm, Gnm, s.OmegaNValues[1], s.tSpan, s.y0, options as SolveOptions);
  assert.throws(call(s.Dnm, s.Gnm, { method: "rk45" }), /`method` must be "odex" or "RK45", got "rk45" \(string\)/);
  assert.throws(call(s.Dnm, s.Gnm, { rhs: "fast" }), /`rhs` must be "dense" or "linear", got "fast" \(string\)/);
  assert.throws(
    call(null, null, {}),
    /`Dnm` must be an N x N Float64Array .* got null.*or pass rhs: "linear" with z and g1d/,
  );
  assert.throws(call(s.Dnm, s.Gnm, { rhs: "linear", z: s.z, g1d: 10 }), /`Dnm` must be null with rhs: "linear"/);
  assert.throws(
    call(null, null, { rhs: "linear", g1d: 10 }),
    /`z` must be a Float64Array of N = 5 atom positions with rhs: "linear", got undefined/,
  );
  assert.throws(call(null, null, { rhs: "linear", z: new Float64Array(4), g1d: 10 }), /`z` must be .* got length 4/);
  assert.throws(call(null, null, { rhs: "linear", z: s.z }), /`g1d` must be a finite number with rhs: "linear"/);
  assert.throws(call(s.Dnm, s.Gnm, { z: s.z }), /`z` is read by rhs: "linear" only/);
});

test("with rhs linear a packed job carries no matrix", () => {
  const s = buildSweep({ nz: 50, nR: 3 });
  const jobs = packJobs(s.N, s.gamma, null, null, s.OmegaNValues, s.tSpan, s.y0, { rhs: "linear", z: s.z, g1d: 10 });
  for (const job of jobs) {
    assert.equal(job[2], null);
    assert.equal(job[3], null);
  }
});
