/**
 * The loop in a fresh process (`coldLoop`): the same jobs and the same rows as the loop in this
 * thread, measured in another process; its warmed loop gives a cost per job. No time is asserted.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { coldLoop } from "../../dist/measure/cold-loop.js";
import { sameObservables } from "../../dist/measure/analysis.js";
import { runSweep } from "../../dist/sweep/run.js";
import { workload } from "../../dist/physics/workloads.js";
import { interruptAll } from "../../dist/parallel/interrupt.js";

test("coldLoop: the loop in a fresh process gives the loop's rows bit for bit, its job records, and the warmed loop's costs on request", async () => {
  const w = workload("lecture", { nz: 8, nR: 5 });
  const cold = await coldLoop(w, { warmJobs: true });
  const here = await runSweep(w, { sequential: true });
  assert.ok(sameObservables(cold.rows, here.rows), JSON.stringify(cold.rows));
  assert.deepEqual(
    cold.jobs.map((j) => [j.index, j.worker]),
    [0, 1, 2, 3, 4].map((i) => [i, 0]),
  );
  assert.ok(cold.wallMs > 0 && cold.jobs.every((j) => j.start <= j.end && j.end <= cold.wallMs));
  assert.equal(cold.warmJobMs?.length, 5);
  assert.ok(cold.warmJobMs!.every((ms) => ms >= 0));
  assert.equal((await coldLoop(w)).warmJobMs, undefined, "no second loop unless asked");
});

test("coldLoop: a loop that fails in its process rejects with the child's error", async () => {
  await assert.rejects(
    coldLoop(workload("lecture", { nz: 8, nR: 2, maxSteps: 1 })),
    /the loop in a fresh process failed/,
  );
});

test("coldLoop: an interrupt stops the child and rejects as a sweep's would", async () => {
  // a loop that runs until it is stopped: far more jobs than an interrupt needs to land in
  const running = coldLoop(workload("lecture", { nR: 100_000 }));
  // the child counts as a running sweep: the interrupt reaches it however soon it comes
  assert.equal(interruptAll("test interrupt"), 1);
  await assert.rejects(running, { name: "SweepInterruptedError", message: /sweep interrupted \(test interrupt\)/ });
  assert.equal(interruptAll("nothing left"), 0, "unregistered once stopped");
});
