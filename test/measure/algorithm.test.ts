import assert from "node:assert/strict";
import { test } from "node:test";
import {
  algorithms,
  compareIntegrators,
  costVersusN,
  freshSweeps,
  oneJob,
  poolVersusLoop,
} from "../../dist/measure/algorithm.js";
import { assertThreadsBack, threadBaseline } from "../parallel/threads.js";

test("costVersusN measures every algorithm at each size and skips what its growth predicts beyond the budget", () => {
  const rows = costVersusN({ Ns: [50, 100, 100000], budgetMs: 2000 });
  assert.equal(rows.length, algorithms.length * 3);
  for (const a of algorithms) {
    const mine = rows.filter((r) => r.method === a.method && r.rhs === a.rhs);
    assert.deepEqual(
      mine.map((r) => r.nz),
      [50, 100, 100000],
    );
    assert.ok(mine[0].ms !== null && mine[1].ms !== null, "the small sizes always run");
  }
  // dense at nz = 100,000 (N^2 from 100: a million times the cost) is skipped, not run, and says why
  for (const r of rows.filter((r) => r.rhs === "dense" && r.nz === 100000)) {
    assert.equal(r.ms, null);
    assert.match(
      r.skipped ?? "",
      /^predicted [\d,]+ ms \([\d.]+ ms at nz = 100 scaled by \(100000\/100\)\^2\), over budgetMs = 2000$/,
    );
  }
  for (const r of rows.filter((r) => r.ms !== null)) assert.equal(r.skipped, undefined);
});

test("oneJob solves the lecture's r = 1.2 job and counts its evaluations", () => {
  const { ms, nEval } = oneJob(60, { method: "RK45", rhs: "linear" });
  assert.ok(ms > 0 && nEval > 0);
});

test("compareIntegrators: both methods at each tolerance, counts that fit each method, errors within tolerance", async () => {
  const runs = await compareIntegrators({
    tolerances: [
      [1e-6, 1e-8],
      [1e-9, 1e-11],
    ],
    workload: { nz: 8, nR: 3 },
    repeats: 1,
  });
  assert.deepEqual(
    runs.map((r) => `${r.method} ${r.rtol}`),
    ["odex 0.000001", "RK45 0.000001", "odex 1e-9", "RK45 1e-9"],
  );
  for (const r of runs) {
    assert.equal(r.rhs, "dense");
    assert.ok(r.wall.medianMs > 0 && r.error < 100 * r.rtol, `${r.method} ${r.rtol}: error ${r.error}`);
    // RK45: 6 evaluations a step (FSAL) and 2 to choose the first step, per job
    if (r.method === "RK45") assert.equal(r.rhsEvals, 6 * r.steps + 2 * 3);
  }
  const rk = runs.filter((r) => r.method === "RK45");
  assert.ok(rk[1].steps > rk[0].steps, "a tighter tolerance takes more steps");
});

test("poolVersusLoop times the linear sweep both ways at each N and leaves no worker behind", async () => {
  const before = await threadBaseline();
  const rows = await poolVersusLoop({ Ns: [20, 40], workers: 2 });
  assert.deepEqual(
    rows.map((r) => r.nz),
    [20, 40],
  );
  for (const r of rows) assert.ok(Math.abs(r.speedup - r.sequentialMs / r.pooledMs) < 1e-12);
  await assertThreadsBack(before);
});

test("freshSweeps runs the CLI in a new process per repeat and reports the method the run recorded", () => {
  const f = freshSweeps({ repeats: 1, flags: ["--nz", "6", "--n-r", "2"] });
  assert.equal(f.method, "RK45");
  assert.equal(f.rhs, "dense");
  assert.equal(f.wall.samplesMs.length, 1);
  assert.ok(f.process.medianMs >= f.wall.medianMs);
  assert.equal(freshSweeps({ repeats: 1, flags: ["--nz", "6", "--n-r", "2", "--method", "odex"] }).method, "odex");
});
