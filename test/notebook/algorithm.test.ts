import assert from "node:assert/strict";
import { test } from "node:test";
import { algorithmLesson, largestDifference, sweepRunRows, type SweepRun } from "../../dist/lessons.js";
import { costPlot } from "../../dist/index.js";

const row = (r: number, sz: number) => ({ r, sz_mean: sz, s2_abs: 0.5 });
const runs: SweepRun[] = [
  { rhs: "dense", workers: "sequential", wallMs: 1000, rows: [row(0, -1), row(1, -0.5)] },
  { rhs: "dense", workers: 2, wallMs: 600, rows: [row(0, -1), row(1, -0.5)] },
  { rhs: "linear", workers: "sequential", wallMs: 50, rows: [row(0, -1), row(1, -0.5 + 1e-9)] },
  { rhs: "linear", workers: 2, wallMs: 60, rows: [row(0, -1), row(1, -0.5 + 1e-9)] },
];
const costs = [
  { method: "RK45" as const, rhs: "dense" as const, nz: 100, ms: 1, nEval: 1 },
  { method: "RK45" as const, rhs: "dense" as const, nz: 1000, ms: 100, nEval: 1 },
  { method: "RK45" as const, rhs: "linear" as const, nz: 100, ms: 1, nEval: 1 },
  { method: "RK45" as const, rhs: "linear" as const, nz: 10000, ms: 100, nEval: 1 },
  { method: "odex" as const, rhs: "linear" as const, nz: 100, ms: 1, nEval: 1 },
  { method: "odex" as const, rhs: "linear" as const, nz: 1000, ms: 100, nEval: 1 },
  { method: "odex" as const, rhs: "linear" as const, nz: 100000, ms: null, nEval: null },
];

test("algorithmLesson computes the algorithm's and the cores' gains, the slopes, and whether the pool paid", () => {
  const text = algorithmLesson(runs, costs, { nz: 100000, solveMs: 1500 });
  assert.match(
    text,
    /The better algorithm gave 20\.0x on one core; 2 cores gave 1\.67x on the dense form and 0\.83x on the linear one/,
  );
  assert.match(
    text,
    /slope 2\.00 for RK45 on the dense form .* 1\.00 for RK45 on the linear form .* 2\.00 for odex on the linear form \(growing toward N²/,
  );
  assert.match(
    text,
    /too little work per job for a pool: starting workers and sending jobs cost more than they save \(0\.83x\)/,
  );
  assert.match(
    text,
    /one linear job at N = 100,000 took 1\.50 s, so a sweep of 20 of them is 30 s of work for 2 cores/,
  );
  assert.throws(() => algorithmLesson(runs.slice(1), costs, { nz: 1, solveMs: 1 }), /needs the four runs/);
});

test("sweepRunRows and largestDifference", () => {
  assert.deepEqual(
    sweepRunRows(runs).map((r) => r["speedup over dense, sequential"]),
    ["1.0x", "1.7x", "20.0x", "16.7x"],
  );
  assert.ok(Math.abs(largestDifference(runs[0].rows, runs[2].rows) - 1e-9) < 1e-15);
});

test("costPlot: log-log axes, one series per algorithm, skipped sizes not drawn", () => {
  const spec = JSON.stringify(costPlot(costs));
  assert.equal((spec.match(/"type":"log"/g) ?? []).length, 2);
  assert.match(spec, /"RK45, linear"/);
  const values = (costPlot(costs) as { layer: { data: { values: unknown[] } }[] }).layer[0].data.values;
  assert.equal(values.length, 6, "the skipped point is left out");
});
