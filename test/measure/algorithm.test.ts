import assert from "node:assert/strict";
import { test } from "node:test";
import { algorithms, costVersusN, oneJob } from "../../dist/measure/algorithm.js";

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
  // dense at nz = 100,000 (N^2 from 100: a million times the cost) is skipped, not run
  for (const r of rows.filter((r) => r.rhs === "dense" && r.nz === 100000)) assert.equal(r.ms, null);
});

test("oneJob solves the lecture's r = 1.2 job and counts its evaluations", () => {
  const { ms, nEval } = oneJob(60, { method: "RK45", rhs: "linear" });
  assert.ok(ms > 0 && nEval > 0);
});
