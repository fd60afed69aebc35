import { test } from "node:test";
import * as assert from "node:assert/strict";
import { amdahlLimit, amdahlSpeedup, bestPoint, fitAmdahl } from "../../dist/measure/amdahl.js";

const ps = Array.from({ length: 16 }, (_, i) => i + 1);

test("amdahlSpeedup: known answers and limits", () => {
  assert.equal(amdahlSpeedup(0, 4), 4);
  assert.equal(amdahlSpeedup(1, 16), 1);
  assert.equal(amdahlSpeedup(0.3, 1), 1);
  assert.ok(Math.abs(amdahlSpeedup(0.1, 4) - 1 / (0.1 + 0.9 / 4)) < 1e-15);
  // The lecture's 4x on 4 workers needs s = 0; any serial part keeps it below.
  assert.ok(amdahlSpeedup(0.05, 4) < 4);
  // Speedup grows with p but never reaches 1 / s.
  for (let p = 2; p <= 1024; p *= 2) {
    assert.ok(amdahlSpeedup(0.1, p) > amdahlSpeedup(0.1, p / 2));
    assert.ok(amdahlSpeedup(0.1, p) < amdahlLimit(0.1));
  }
});

test("amdahlLimit: 1 / s, Infinity when nothing is serial", () => {
  assert.equal(amdahlLimit(0.1), 10);
  assert.equal(amdahlLimit(1), 1);
  assert.equal(amdahlLimit(0), Infinity);
});

test("fitAmdahl recovers s from exact synthetic data", () => {
  for (const s of [0.1, 0, 0.02, 0.5, 1]) {
    const fit = fitAmdahl(ps.map((p) => ({ workers: p, speedup: amdahlSpeedup(s, p) })));
    assert.ok(Math.abs(fit.serialFraction - s) < 1e-12, `s = ${s}: fitted ${fit.serialFraction}`);
    assert.ok(fit.rmse < 1e-12);
  }
});

test("fitAmdahl: perfect scaling gives s = 0", () => {
  const fit = fitAmdahl(ps.map((p) => ({ workers: p, speedup: p })));
  assert.equal(fit.serialFraction, 0);
  assert.equal(fit.rmse, 0);
});

test("fitAmdahl: superlinear speedups clamp s to 0; slowdowns clamp it to 1", () => {
  const superlinear = fitAmdahl([2, 4, 8].map((p) => ({ workers: p, speedup: 1.2 * p })));
  assert.equal(superlinear.serialFraction, 0);
  assert.ok(superlinear.rmse > 0, "the clamped fit does not match, and rmse says so");
  const slower = fitAmdahl([2, 4].map((p) => ({ workers: p, speedup: 0.5 })));
  assert.equal(slower.serialFraction, 1);
});

test("fitAmdahl: noisy data lands near the true s, and the p = 1 point does not move the fit", () => {
  const s = 0.15;
  const noise = [1.01, 0.99, 1.02, 0.98, 1.0, 1.01, 0.99];
  const points = [2, 3, 4, 6, 8, 12, 16].map((p, i) => ({ workers: p, speedup: amdahlSpeedup(s, p) * noise[i] }));
  const fit = fitAmdahl(points);
  assert.ok(Math.abs(fit.serialFraction - s) < 0.02, `fitted ${fit.serialFraction}`);
  const withOne = fitAmdahl([{ workers: 1, speedup: 0.9 }, ...points]);
  assert.equal(withOne.serialFraction, fit.serialFraction);
});

test("fitAmdahl: only p = 1 points carry no information", () => {
  assert.throws(
    () =>
      fitAmdahl([
        { workers: 1, speedup: 1 },
        { workers: 1, speedup: 0.98 },
      ]),
    /`points`.*at least one point with workers >= 2.*got only workers = 1/,
  );
});

test("bad inputs name the argument, the rule and the value", () => {
  assert.throws(() => fitAmdahl([]), /`points`.*non-empty.*got \[\]/);
  assert.throws(
    () => fitAmdahl([{ workers: 0, speedup: 1 }]),
    /`points\[0\]\.workers`.*integer from 1.*got 0 \(number\)/,
  );
  assert.throws(
    () =>
      fitAmdahl([
        { workers: 2, speedup: 1 },
        { workers: 4, speedup: -1 },
      ]),
    /`points\[1\]\.speedup`.*greater than 0.*got -1 \(number\)/,
  );
  assert.throws(() => fitAmdahl([{ workers: 2, speedup: NaN }]), /`points\[0\]\.speedup`.*got NaN \(number\)/);
  assert.throws(() => amdahlSpeedup(1.5, 4), /`serialFraction`.*from 0 to 1.*got 1\.5 \(number\)/);
  assert.throws(() => amdahlSpeedup(0.1, 0), /`p`.*greater than 0.*got 0 \(number\)/);
  assert.throws(() => amdahlLimit(-0.1), /`serialFraction`.*from 0 to 1.*got -0\.1 \(number\)/);
});

test("bestPoint: the highest speedup, the first of equals", () => {
  const points = [
    { workers: 1, speedup: 0.9 },
    { workers: 2, speedup: 1.7 },
    { workers: 3, speedup: 1.7 },
  ];
  assert.equal(bestPoint(points), points[1]);
  assert.equal(bestPoint([{ workers: 1, speedup: 0.5 }]).workers, 1);
});
