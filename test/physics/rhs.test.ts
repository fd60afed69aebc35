import assert from "node:assert/strict";
import { test } from "node:test";
import { couplings, drive, initialState, positions } from "../../dist/index.js";
import { normalRng } from "../../dist/lab.js";
import { chainOrder, makeDenseRhs, makeDenseRhsLoop, makeLinearRhs } from "../../dist/physics/rhs.js";
import { simdProducts } from "../../dist/physics/dense-simd.js";

/** A random state inside the Bloch ball, from a seed. */
function randomState(N: number, seed: number): Float64Array {
  const normal = normalRng(seed);
  const y = new Float64Array(3 * N);
  for (let n = 0; n < N; n++) {
    const [a, b, c] = [normal(), normal(), normal()];
    const len = Math.hypot(a, b, c) / (0.2 + (0.8 * Math.abs(normal())) / 3);
    [y[n], y[N + n], y[2 * N + n]] = [a / len, b / len, c / len];
  }
  return y;
}

/** Largest |dense - linear| over the largest term of the dense right-hand side. */
function compare(z: Float64Array, r: number, seed: number, g1d = 10, gamma = 11): number {
  const N = z.length;
  const { Gnm, Dnm } = couplings(z, g1d);
  const OmegaN = drive(r, (g1d * (N - 1)) / 4, z);
  const y = randomState(N, seed);
  const a = new Float64Array(3 * N);
  const b = new Float64Array(3 * N);
  makeDenseRhs(N, gamma, Dnm, Gnm, OmegaN)(0, y, a);
  makeLinearRhs(N, gamma, z, g1d, OmegaN)(0, y, b);
  let largest = 0;
  let worst = 0;
  for (let i = 0; i < 3 * N; i++) {
    largest = Math.max(largest, Math.abs(a[i]));
    worst = Math.max(worst, Math.abs(a[i] - b[i]));
  }
  return worst / largest;
}

test("linear RHS equals the dense form to 1e-12 on the lecture's ordered chain", () => {
  for (const N of [1, 2, 3, 100, 400]) {
    const z = positions(N, 0.9);
    for (const r of [0, 0.6, 1.2])
      assert.ok(compare(z, r, N + 7) < 1e-12, `N = ${N}, r = ${r}: ${compare(z, r, N + 7)}`);
  }
});

test("linear RHS equals the dense form for disordered chains (eta > 0), atoms out of order", () => {
  for (const [N, eta, seed] of [
    [50, 0.5, 1],
    [200, 3, 2],
    [300, 20, 3],
  ] as const) {
    const z = positions(N, 0.9, eta, seed);
    let outOfOrder = false;
    for (let n = 1; n < N; n++) outOfOrder ||= z[n] < z[n - 1];
    if (eta >= 3) assert.ok(outOfOrder, "strong disorder puts atoms out of order");
    assert.ok(compare(z, 1.2, seed) < 1e-12, `eta = ${eta}: ${compare(z, 1.2, seed)}`);
  }
});

test("linear RHS: atoms at the same z couple with phase 1, in any order", () => {
  const z = Float64Array.of(0.3, -1.1, 0.3, 2.05, -1.1, 0.3, 0.7);
  assert.ok(compare(z, 0.8, 5) < 1e-12, `${compare(z, 0.8, 5)}`);
  const all = new Float64Array(6).fill(0.25); // every atom at one point
  assert.ok(compare(all, 1, 6) < 1e-12);
});

test("linear RHS leaves the ground state fixed without a drive", () => {
  const N = 20;
  const z = positions(N, 0.9);
  const out = new Float64Array(3 * N).fill(NaN);
  makeLinearRhs(N, 11, z, 10, drive(0, 1, z))(0, initialState(N), out);
  assert.ok(out.every((d) => d === 0));
});

test("chainOrder sorts by z, keeps ties in index order, and gives each gap's phase", () => {
  const { order, gapRe, gapIm } = chainOrder(Float64Array.of(0.5, 0, 0.5, 0.25));
  assert.deepEqual(Array.from(order), [1, 3, 0, 2]);
  assert.ok(Math.abs(gapRe[0]) < 1e-15 && Math.abs(gapIm[0] - 1) < 1e-15, "a quarter wavelength: phase i");
  assert.equal(gapRe[2], 1);
  assert.equal(gapIm[2], 0);
});

/** The dense right-hand side written straight from the equations: one row, one sum at a time. */
function plainDense(
  N: number,
  gamma: number,
  Dnm: Float64Array,
  Gnm: Float64Array,
  re: Float64Array,
  im: Float64Array,
  y: Float64Array,
): Float64Array {
  const out = new Float64Array(3 * N);
  for (let n = 0; n < N; n++) {
    let [Gx, Gy, Dx, Dy] = [0, 0, 0, 0];
    for (let m = 0; m < N; m++) {
      Gx += Gnm[n * N + m] * y[m];
      Gy += Gnm[n * N + m] * y[N + m];
      Dx += Dnm[n * N + m] * y[m];
      Dy += Dnm[n * N + m] * y[N + m];
    }
    const [sx, sy, sz] = [y[n], y[N + n], y[2 * N + n]];
    out[n] = (-gamma / 2) * sx - 2 * im[n] * sz + (sz / 2) * Gx + sz * Dy;
    out[N + n] = (-gamma / 2) * sy - 2 * re[n] * sz + (sz / 2) * Gy - sz * Dx;
    out[2 * N + n] =
      -gamma * (1 + sz) + 2 * sy * re[n] + 2 * sx * im[n] - 0.5 * sx * Gx - 0.5 * sy * Gy + sy * Dx - sx * Dy;
  }
  return out;
}

/** Largest |got - want| over the largest |want|. */
function relative(got: Float64Array, want: Float64Array): number {
  let largest = 0;
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    largest = Math.max(largest, Math.abs(want[i]));
    worst = Math.max(worst, Math.abs(got[i] - want[i]));
  }
  return worst / largest;
}

for (const [form, make] of [
  ["makeDenseRhs", makeDenseRhs],
  ["makeDenseRhsLoop", makeDenseRhsLoop],
] as const) {
  test(`${form} gives the plain one-row loop's values within 1e-15 of the largest term, N odd and even`, () => {
    for (const [N, eta] of [
      [1, 0],
      [2, 0],
      [7, 0.4],
      [100, 0],
      [101, 2],
      [256, 0.1],
    ] as const) {
      const z = positions(N, 0.9, eta, N);
      const { Gnm, Dnm } = couplings(z, 10);
      const OmegaN = drive(1.2, (10 * (N - 1)) / 4, z);
      const y = randomState(N, N + 3);
      const got = new Float64Array(3 * N).fill(NaN);
      make(N, 11, Dnm, Gnm, OmegaN)(0, y, got);
      const want = plainDense(N, 11, Dnm, Gnm, OmegaN.re, OmegaN.im, y);
      assert.ok(relative(got, want) <= 1e-15, `N = ${N}: ${relative(got, want)}`);
      if (form === "makeDenseRhsLoop")
        assert.deepEqual(Array.from(got), Array.from(want), "the same sums in the same order");
    }
  });
}

test("the SIMD products serve this runtime, and two right-hand sides used in turn each keep their own matrices", () => {
  assert.ok(simdProducts(4, new Float64Array(16), new Float64Array(16)), "Node has WebAssembly SIMD");
  const [a, b] = [30, 51].map((N) => {
    const z = positions(N, 0.7, 0.3, N);
    const { Gnm, Dnm } = couplings(z, 10);
    const OmegaN = drive(0.8, (10 * (N - 1)) / 4, z);
    const f = makeDenseRhs(N, 11, Dnm, Gnm, OmegaN);
    const y = randomState(N, 2 * N);
    return { N, f, y, want: plainDense(N, 11, Dnm, Gnm, OmegaN.re, OmegaN.im, y) };
  });
  for (const { N, f, y, want } of [a, b, a, b]) {
    const got = new Float64Array(3 * N);
    f(0, y, got);
    assert.ok(relative(got, want) <= 1e-15, `N = ${N}: ${relative(got, want)}`);
  }
});
