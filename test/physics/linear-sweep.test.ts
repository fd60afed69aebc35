// The linear right-hand side through the sweep: no matrix built or packed, O(N) memory checked at the door.
import assert from "node:assert/strict";
import { test } from "node:test";
import { buildSweep, packJobs, runSweep, workload } from "../../dist/index.js";
import { packedBytes } from "../../dist/lab.js";

test("with rhs linear the sweep builds no matrix and its packed jobs carry none", () => {
  const s = buildSweep({ nz: 400, nR: 3, rhs: "linear" });
  assert.equal(s.Dnm, null);
  assert.equal(s.Gnm, null);
  assert.equal(s.solveOptions.method, "RK45", "the default method");
  const jobs = packJobs(s.N, s.gamma, s.Dnm, s.Gnm, s.OmegaNValues, s.tSpan, s.y0, s.solveOptions);
  for (const job of jobs) {
    assert.equal(job[2], null);
    assert.equal(job[3], null);
    // what travels grows with N, not N^2: drive, y0, and the positions in the options
    assert.ok(packedBytes(job) < 8 * 6 * s.N, `${packedBytes(job)} bytes`);
  }
  const dense = buildSweep({ nz: 400, nR: 3 });
  assert.equal(dense.Gnm?.length, 400 * 400);
  assert.equal(dense.solveOptions.method, "RK45", "the default method, on both forms");
});

test("linear accepts nz up to 2097152; its samples keep the 256 MiB rule; dense keeps 11585", () => {
  assert.equal(workload("lecture", { nz: 1_000_000, rhs: "linear", nSamples: 10 }).nz, 1_000_000);
  assert.equal(workload("lecture", { nz: 2_097_152, rhs: "linear", nSamples: 2 }).nz, 2_097_152);
  assert.throws(
    () => workload("lecture", { nz: 2_097_153, rhs: "linear", nSamples: 2 }),
    /`nz` must be an integer from 2 to 2097152, got 2097153 \(number\): one job's arrays would take 2.00 GiB/,
  );
  assert.throws(
    () => workload("lecture", { nz: 1_000_000, rhs: "linear" }),
    /`nSamples` must be an integer from 1 to 11, got 50 \(number\): one job's samples/,
  );
  assert.throws(
    () => workload("lecture", { nz: 11586 }),
    /`nz` must be an integer from 2 to 11585, got 11586 .* the linear right-hand side \(rhs "linear", --rhs linear\) needs no matrix and takes up to 2097152 atoms/,
  );
  assert.throws(
    () => workload("lecture", { rhs: "sparse" } as never),
    /`rhs` must be "dense" or "linear", got "sparse" \(string\)/,
  );
  assert.throws(
    () => workload("lecture", { method: "euler" } as never),
    /`method` must be "odex" or "RK45", got "euler" \(string\)/,
  );
  assert.equal(workload("lecture", { rhs: "linear", method: "odex" }).method, "odex", "a method given is kept");
});

test("a pooled linear sweep returns what the sequential one does, element by element", async () => {
  const w = { nz: 300, nR: 4, rhs: "linear" as const };
  const seq = await runSweep(w, { sequential: true });
  const pool = await runSweep(w, { workers: 2 });
  assert.deepEqual(pool.rows, seq.rows);
  assert.deepEqual(Array.from(pool.solutions[3].yFinal), Array.from(seq.solutions[3].yFinal));
});

test("runSweep takes method, rhs and nSamples from the workload", async () => {
  await assert.rejects(
    runSweep("lecture", { rhs: "linear" } as never),
    /runSweep takes `rhs` from the workload, not from its options, got "linear" \(string\): set it in the workload: runSweep\(\{ rhs: "linear" \}\)/,
  );
});
