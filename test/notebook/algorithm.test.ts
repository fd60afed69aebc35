import assert from "node:assert/strict";
import { test } from "node:test";
import {
  algorithmLesson,
  costRows,
  integratorLesson,
  integratorRows,
  largestDifference,
  poolVersusLoopRows,
  poolVersusLoopText,
  skippedText,
  sweepRunRows,
  type SweepRun,
} from "../../dist/lessons.js";
import { costPlot } from "../../dist/lab.js";

const row = (r: number, sz: number) => ({ r, sz_mean: sz, s2_abs: 0.5 });
/** Two jobs of `ms` each, one per worker. */
const two = (ms: number) => [
  { start: 5, end: 5 + ms },
  { start: 5, end: 5 + ms },
];
const runs: SweepRun[] = [
  { rhs: "dense", workers: "sequential", wallMs: 1000, rows: [row(0, -1), row(1, -0.5)], jobs: [] },
  { rhs: "dense", workers: 2, wallMs: 600, rows: [row(0, -1), row(1, -0.5)], jobs: two(500) },
  { rhs: "linear", workers: "sequential", wallMs: 50, rows: [row(0, -1), row(1, -0.5 + 1e-9)], jobs: [] },
  { rhs: "linear", workers: 2, wallMs: 60, rows: [row(0, -1), row(1, -0.5 + 1e-9)], jobs: two(25) },
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
    /too little work per job for a pool: sending jobs and results back costs more than they save \(0\.83x\)/,
  );
  assert.match(text, /\(a warm pool against the warmed loop\)/);
  // a pool whose jobs ran faster than the loop's is credited at most its own job time
  const fast = runs.map((r, i) => (i === 1 ? { ...r, wallMs: 400, jobs: two(350) } : r));
  assert.match(algorithmLesson(fast, costs, { nz: 1, solveMs: 1 }), /2 cores gave 1\.75x on the dense form/);
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

const skipped = {
  ms: null,
  nEval: null,
  skipped: "predicted 9,000 ms (100.0 ms at nz = 1000 scaled by (3000/1000)^2), over budgetMs = 2500",
};
const costs2 = [
  { method: "RK45" as const, rhs: "dense" as const, nz: 1000, ms: 100, nEval: 10 },
  { method: "RK45" as const, rhs: "dense" as const, nz: 3000, ...skipped },
  { method: "RK45" as const, rhs: "dense" as const, nz: 10000, ...skipped, skipped: "predicted 100,000 ms" },
  { method: "RK45" as const, rhs: "linear" as const, nz: 3000, ms: 3, nEval: 10 },
];

test("costRows lists measured sizes only; skippedText says from which N each algorithm was skipped and why", () => {
  assert.deepEqual(
    costRows(costs2).map((r) => `${r.method} ${r.rhs} ${r.N} ${r.ms}`),
    ["RK45 dense 1,000 100.0", "RK45 linear 3,000 3.0"],
  );
  assert.equal(
    skippedText(costs2),
    "Skipped, by each one's own measured growth:\n- RK45, dense: not run at N = 3,000, 10,000; at N = 3,000 its time was predicted 9,000 ms (100.0 ms at nz = 1000 scaled by (3000/1000)^2), over budgetMs = 2500",
  );
  assert.equal(skippedText(costs2.filter((c) => c.ms !== null)), "Every size was measured.");
});

const wall = (ms: number) => ({ samplesMs: [ms], medianMs: ms, minMs: ms, maxMs: ms });
const integrators = [
  {
    method: "odex" as const,
    rhs: "dense" as const,
    rtol: 1e-7,
    atol: 1e-9,
    steps: 100,
    rhsEvals: 3000,
    wall: wall(150),
    error: 3e-8,
  },
  {
    method: "RK45" as const,
    rhs: "dense" as const,
    rtol: 1e-7,
    atol: 1e-9,
    steps: 500,
    rhsEvals: 3040,
    wall: wall(30),
    error: 3e-8,
  },
  {
    method: "odex" as const,
    rhs: "dense" as const,
    rtol: 1e-11,
    atol: 1e-13,
    steps: 150,
    rhsEvals: 7000,
    wall: wall(100),
    error: 1e-12,
  },
  {
    method: "RK45" as const,
    rhs: "dense" as const,
    rtol: 1e-11,
    atol: 1e-13,
    steps: 3000,
    rhsEvals: 18040,
    wall: wall(120),
    error: 2e-12,
  },
];

test("integratorRows and integratorLesson read steps, evaluations and time off the runs", () => {
  assert.deepEqual(
    integratorRows(integrators).map((r) => [r.method, r.rtol, r["evaluations per step"], r["error vs rtol 1e-13"]]),
    [
      ["odex", "1e-7", "30.0", "3.0e-8"],
      ["RK45", "1e-7", "6.1", "3.0e-8"],
      ["odex", "1e-11", "46.7", "1.0e-12"],
      ["RK45", "1e-11", "6.0", "2.0e-12"],
    ],
  );
  const text = integratorLesson(integrators);
  assert.match(
    text,
    /- rtol 1e-7: odex took fewer steps \(100 against 500\); RK45 was 5\.0x faster \(30\.0 ms against 150\.0 ms\)/,
  );
  assert.match(
    text,
    /- rtol 1e-11: odex took fewer steps \(150 against 3000\); odex was 1\.2x faster \(100\.0 ms against 120\.0 ms\)/,
  );
  assert.match(text, /An odex step costs 30\.0 evaluations against RK45's 6\.1/);
  assert.throws(() => integratorLesson(integrators.slice(1)), /needs an odex and an RK45 run at each rtol/);
});

test("poolVersusLoopText names the first N where the pool won, or says it never did", () => {
  const rows = [
    { nz: 300, sequentialMs: 10, pooledMs: 40, speedup: 0.25 },
    { nz: 3000, sequentialMs: 700, pooledMs: 500, speedup: 1.4 },
  ];
  assert.equal(
    poolVersusLoopText(rows),
    "On this machine a pool of 2 first beat the loop at **N = 3,000** (1.40x; N = 300: 0.25x, N = 3,000: 1.40x; new workers against the loop in a fresh process, both cold).",
  );
  assert.deepEqual(poolVersusLoopRows(rows)[1], {
    N: "3,000",
    "loop (ms)": "700",
    "pool (ms)": "500",
    speedup: "1.40x",
  });
  assert.match(poolVersusLoopText(rows.slice(0, 1)), /did not beat the loop at any N measured \(N = 300: 0\.25x\)/);
});
