import assert from "node:assert/strict";
import { test } from "node:test";
import {
  buildSweep,
  couplings,
  drive,
  initialState,
  observables,
  positions,
  solveSystemProp,
  type ComplexVector,
} from "../../dist/index.js";

const one = new Float64Array(1);
const constDrive = (re: number, im: number): ComplexVector => ({ re: Float64Array.of(re), im: Float64Array.of(im) });

test("one undriven atom decays from the excited state: sz(t) = -1 + 2 exp(-gamma t)", () => {
  const gamma = 11;
  const sol = solveSystemProp(1, gamma, one, one, constDrive(0, 0), [0, 0.3], [0, 0, 1], { rtol: 1e-10, atol: 1e-12 });
  assert.equal(sol.t.length, 50);
  for (let k = 0; k < sol.t.length; k++) {
    const exact = -1 + 2 * Math.exp(-gamma * sol.t[k]);
    assert.ok(Math.abs(sol.y[k * 3 + 2] - exact) < 1e-8, `t = ${sol.t[k]}: ${sol.y[k * 3 + 2]} vs ${exact}`);
  }
});

test("one driven atom reaches the Bloch steady state", () => {
  const gamma = 11;
  const [re, im] = [3, -2];
  const sol = solveSystemProp(1, gamma, one, one, constDrive(re, im), [0, 6], [0, 0, -1], { rtol: 1e-10, atol: 1e-12 });
  const denom = gamma ** 2 + 8 * (re * re + im * im);
  const [sx, sy, sz] = sol.yFinal;
  assert.ok(Math.abs(sz - -(gamma ** 2) / denom) < 1e-8, `sz ${sz}`);
  assert.ok(Math.abs(sx - (4 * gamma * im) / denom) < 1e-8, `sx ${sx}`);
  assert.ok(Math.abs(sy - (4 * gamma * re) / denom) < 1e-8, `sy ${sy}`);
});

test("r = 0 from the ground state stays exactly there", () => {
  const s = buildSweep({ nz: 20, nR: 2 });
  const sol = solveSystemProp(s.N, s.gamma, s.Dnm, s.Gnm, s.OmegaNValues[0], s.tSpan, s.y0);
  assert.deepEqual(Array.from(sol.y), Array.from({ length: 50 }, () => Array.from(s.y0)).flat());
});

test("the Bloch vector of every atom stays in the unit ball over the lecture sweep", () => {
  const s = buildSweep({ nz: 30, nR: 5 });
  for (const OmegaN of s.OmegaNValues) {
    const sol = solveSystemProp(s.N, s.gamma, s.Dnm, s.Gnm, OmegaN, s.tSpan, s.y0);
    for (let k = 0; k < sol.t.length; k++) {
      for (let n = 0; n < s.N; n++) {
        const o = k * 3 * s.N;
        const len2 = sol.y[o + n] ** 2 + sol.y[o + s.N + n] ** 2 + sol.y[o + 2 * s.N + n] ** 2;
        assert.ok(len2 <= 1 + 1e-6, `|s|^2 = ${len2}`);
      }
    }
  }
});

test("tighter tolerances converge: halving rtol moves the observables by less than the tolerance", () => {
  const s = buildSweep({ nz: 30, nR: 4 });
  for (const OmegaN of s.OmegaNValues) {
    const at = (rtol: number) =>
      observables(
        solveSystemProp(s.N, s.gamma, s.Dnm, s.Gnm, OmegaN, s.tSpan, s.y0, { rtol, atol: rtol / 100 }).yFinal,
        s.z,
      );
    const a = at(1e-8);
    const b = at(5e-9);
    assert.ok(Math.abs(a.sz_mean - b.sz_mean) < 1e-8 && Math.abs(a.s2_abs - b.s2_abs) < 1e-8, JSON.stringify([a, b]));
  }
});

test("the solution keeps 50 samples from t0 to t_final and the solver's counts", () => {
  const s = buildSweep({ nz: 10, nR: 3 });
  const sol = solveSystemProp(s.N, s.gamma, s.Dnm, s.Gnm, s.OmegaNValues[2], s.tSpan, s.y0);
  assert.equal(sol.t[0], 0);
  assert.equal(sol.t[49], s.tSpan[1]);
  assert.equal(sol.y.length, 50 * 3 * s.N);
  assert.deepEqual(Array.from(sol.y.subarray(49 * 3 * s.N)), Array.from(sol.yFinal));
  assert.ok(sol.nEval > 0 && sol.nSteps > 0);
});

test("maxSteps exceeded is an error naming the time reached", () => {
  const s = buildSweep({ nz: 10, nR: 3 });
  assert.throws(
    () => solveSystemProp(s.N, s.gamma, s.Dnm, s.Gnm, s.OmegaNValues[2], s.tSpan, s.y0, { maxSteps: 2 }),
    (e: Error) => e.name === "SolveError" && /maxSteps = 2 exceeded at t = [0-9.e-]+ of t_final/.test(e.message),
  );
});

test("bad input gets a message naming the argument, the rule, the value and the fix", () => {
  const N = 3;
  const z = positions(N, 0.9);
  const { Gnm, Dnm } = couplings(z, 10);
  const OmegaN = drive(0.5, 10, z);
  const y0 = initialState(N);
  const call =
    (
      over: Partial<{
        N: number;
        gamma: number;
        Dnm: Float64Array;
        Gnm: Float64Array;
        OmegaN: ComplexVector;
        tSpan: [number, number];
        y0: Float64Array;
      }>,
      options = {},
    ) =>
    () =>
      solveSystemProp(
        over.N ?? N,
        over.gamma ?? 11,
        over.Dnm ?? Dnm,
        over.Gnm ?? Gnm,
        over.OmegaN ?? OmegaN,
        over.tSpan ?? [0, 0.01],
        over.y0 ?? y0,
        options,
      );
  assert.throws(call({ y0: new Float64Array(8) }), /`y0` has length 8 but N = 3 atoms need 3N = 9 values/);
  assert.throws(
    call({ Gnm: new Float64Array(8) }),
    /`Gnm` must be an N x N Float64Array .*N = 3, i.e. length 9, got length 8: build it with couplings/,
  );
  assert.throws(call({ Dnm: new Float64Array(16) }), /`Dnm` must be an N x N .* got length 16/);
  assert.throws(
    call({ tSpan: [1, 0] }),
    /`tSpan` must be two finite times .* got \[1, 0\]: the span is reversed, swap the two values/,
  );
  assert.throws(call({ tSpan: [0, NaN] }), /`tSpan` must be two finite times .* got \[0, NaN\]/);
  assert.throws(call({ gamma: NaN }), /`gamma` must be a finite number >= 0 .* got NaN \(number\)/);
  assert.throws(call({ gamma: Infinity }), /`gamma` must be a finite number >= 0 .* got Infinity/);
  assert.throws(call({ N: 1.5 }), /`N` must be an integer from 1 and up, got 1.5 \(number\)/);
  assert.throws(
    call({ OmegaN: { re: new Float64Array(2), im: new Float64Array(3) } }),
    /`OmegaN` must be \{re, im\} Float64Arrays of length N = 3/,
  );
  assert.throws(
    call({ OmegaN: { re: Float64Array.of(1, NaN, 2), im: new Float64Array(3) } }),
    /`OmegaN.re` must hold finite numbers only, got NaN \(number\) at index 1/,
  );
  assert.throws(
    call({ y0: Float64Array.of(0, 0, 0, 0, 0, 0, -1, Infinity, -1) }),
    /`y0` must hold finite numbers only, got Infinity \(number\) at index 7/,
  );
  assert.throws(
    call({}, { rtol: 0 }),
    /`rtol` must be a number from 1e-14 to below 1, got 0 \(number\): .*the lecture uses rtol = 1e-7/,
  );
  assert.throws(call({}, { rtol: 1 }), /`rtol` must be a number from 1e-14 to below 1, got 1 \(number\)/);
  assert.throws(call({}, { atol: -1 }), /`atol` must be a number greater than 0 and below 1, got -1/);
  assert.throws(
    call({}, { atol: 1e10 }),
    /`atol` must be a number greater than 0 and below 1, got 10000000000 \(number\): .*the lecture uses atol = 1e-9/,
  );
  assert.throws(
    call({ y0: ["0", "0", "0", "0", "0", "0", "-1", "-1", "-1"] as unknown as Float64Array }),
    /`y0` must hold finite numbers only, got "0" \(string\) at index 0/,
  );
  assert.throws(
    call({}, { nSamples: 1e9 }),
    /`nSamples` must be an integer from 1 to 3728270, got 1000000000 \(number\): the samples \(nSamples x 3N doubles, N = 3\) may take at most 256 MiB/,
  );
  assert.throws(call({}, { maxSteps: 0 }), /`maxSteps` must be an integer from 1 and up, got 0/);
});

test("keepSamples: false returns the same final state and counts with no samples", () => {
  const s = buildSweep({ nz: 6, nR: 3 });
  for (const method of ["odex", "RK45"] as const) {
    const full = solveSystemProp(s.N, s.gamma, s.Dnm, s.Gnm, s.OmegaNValues[2], s.tSpan, s.y0, { method });
    const final = solveSystemProp(s.N, s.gamma, s.Dnm, s.Gnm, s.OmegaNValues[2], s.tSpan, s.y0, {
      method,
      keepSamples: false,
    });
    assert.equal(full.y.length, 50 * 3 * s.N, method);
    assert.equal(final.t.length, 0, method);
    assert.equal(final.y.length, 0, method);
    assert.deepEqual(Array.from(final.yFinal), Array.from(full.yFinal), method);
    assert.equal(final.nEval, full.nEval, method);
    assert.equal(final.nSteps, full.nSteps, method);
  }
});
