import assert from "node:assert/strict";
import { test } from "node:test";
import { couplings, drive, initialState, observables, positions } from "../../dist/index.js";
import { K, makeRhs, normalRng } from "../../dist/lab.js";

test("positions follow z_n = (n - N/2) a_z without disorder", () => {
  assert.deepEqual(Array.from(positions(4, 0.5)), [-1, -0.5, 0, 0.5]);
  assert.deepEqual(Array.from(positions(3, 0.9)), [-1.35, -0.45, (2 - 1.5) * 0.9]);
});

test("disorder is seeded: same seed same positions, another seed other positions", () => {
  const a = positions(50, 0.9, 0.5, 7);
  const b = positions(50, 0.9, 0.5, 7);
  const c = positions(50, 0.9, 0.5, 8);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  // the disorder has standard deviation eta / (2 pi) around the lattice
  const lattice = positions(50, 0.9);
  const dev = Array.from(a, (z, n) => z - lattice[n]);
  const sd = Math.sqrt(dev.reduce((s, d) => s + d * d, 0) / dev.length);
  assert.ok(sd > 0.3 * (0.5 / (2 * Math.PI)) && sd < 2 * (0.5 / (2 * Math.PI)), `sd ${sd}`);
});

test("normalRng draws mean 0 and variance 1", () => {
  const draw = normalRng(123);
  const xs = Array.from({ length: 20000 }, draw);
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
  assert.ok(Math.abs(mean) < 0.03, `mean ${mean}`);
  assert.ok(Math.abs(variance - 1) < 0.05, `variance ${variance}`);
});

test("couplings are symmetric with a zero diagonal and match g_nm = (g1d/2) exp(ik|dz|)", () => {
  const z = positions(7, 0.9, 0.3, 1);
  const { Gnm, Dnm } = couplings(z, 10);
  const N = z.length;
  for (let n = 0; n < N; n++) {
    assert.equal(Gnm[n * N + n], 0);
    assert.equal(Dnm[n * N + n], 0);
    for (let m = 0; m < N; m++) {
      assert.equal(Gnm[n * N + m], Gnm[m * N + n]);
      assert.equal(Dnm[n * N + m], Dnm[m * N + n]);
      if (m !== n) {
        const phase = K * Math.abs(z[n] - z[m]);
        assert.ok(Math.abs(Gnm[n * N + m] - 10 * Math.cos(phase)) < 1e-12);
        assert.ok(Math.abs(Dnm[n * N + m] - 5 * Math.sin(phase)) < 1e-12);
      }
    }
  }
});

test("drive is r * Omega_c * exp(2 pi i z_n)", () => {
  const z = Float64Array.of(0, 0.25, 0.5);
  const { re, im } = drive(2, 3, z);
  assert.ok(Math.abs(re[0] - 6) < 1e-12 && Math.abs(im[0]) < 1e-12);
  assert.ok(Math.abs(re[1]) < 1e-12 && Math.abs(im[1] - 6) < 1e-12);
  assert.ok(Math.abs(re[2] + 6) < 1e-12 && Math.abs(im[2]) < 1e-12);
});

test("the ground state is a fixed point of the undriven equations", () => {
  const z = positions(5, 0.9);
  const { Gnm, Dnm } = couplings(z, 10);
  const f = makeRhs(5, 11, Dnm, Gnm, drive(0, 1, z));
  assert.ok(f(0, Array.from(initialState(5))).every((d) => d === 0));
});

test("the right-hand side matches the equations for one driven atom", () => {
  const zero = new Float64Array(1);
  const f = makeRhs(1, 2, zero, zero, { re: Float64Array.of(0.3), im: Float64Array.of(-0.2) });
  const [sx, sy, sz] = [0.1, -0.4, 0.5];
  const [dsx, dsy, dsz] = f(0, [sx, sy, sz]);
  assert.ok(Math.abs(dsx - (-1 * sx - 2 * -0.2 * sz)) < 1e-15);
  assert.ok(Math.abs(dsy - (-1 * sy - 2 * 0.3 * sz)) < 1e-15);
  assert.ok(Math.abs(dsz - (-2 * (1 + sz) + 2 * sy * 0.3 + 2 * sx * -0.2)) < 1e-15);
});

test("observables: sz_mean and s2_abs of a known state", () => {
  const z = Float64Array.of(0, 0.5);
  // sx = 1 on both atoms: (sx - i sy) e^{-2 pi i z} = 1 and -1: mean 0
  const o = observables([1, 1, 0, 0, -1, 0.5], z);
  assert.equal(o.sz_mean, -0.25);
  assert.ok(o.s2_abs < 1e-15);
  // sx = 1, -1 with the same phases adds up: |mean| = 1
  assert.ok(Math.abs(observables([1, -1, 0, 0, 0, 0], z).s2_abs - 1) < 1e-15);
  assert.throws(() => observables([1, 2], z), /`y` has length 2 but N = 2 atoms need 3N = 6 values/);
});
