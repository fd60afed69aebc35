import assert from "node:assert/strict";
import { test } from "node:test";
import {
  breakdownColumns,
  breakdownRows,
  jobRows,
  packingRows,
  poolMapRows,
  sweepRows,
  sweepTraffic,
  tupleLayout,
  workerRows,
  timingRows,
  workloadRows,
} from "../../dist/notebook/tables.js";
import { wallBreakdown } from "../../dist/measure/analysis.js";
import { packJobs } from "../../dist/physics/pack.js";
import { buildSweep } from "../../dist/physics/workloads.js";
import { job, seqJobs, pooledJobs } from "../measure/records.js";

test("jobRows: job order, duration = end - start", () => {
  const rows = jobRows([job(1, 1, 5, 9), job(0, 0, 2, 3)]);
  assert.deepEqual(
    rows.map((r) => r.job),
    [0, 1],
  );
  assert.equal(rows[1].ms, 4);
});

test("workerRows: per worker, jobs run, busy time and the span from first start to last end", () => {
  const rows = workerRows([job(0, 0, 2, 10), job(1, 1, 3, 5), job(2, 1, 5, 20)]);
  assert.deepEqual(rows, [
    { worker: 0, jobs: 1, busy_ms: 8, first_start_ms: 2, last_end_ms: 10 },
    { worker: 1, jobs: 2, busy_ms: 17, first_start_ms: 3, last_end_ms: 20 },
  ]);
});

test("workloadRows: the lecture and heavy workloads with their derived sizes", () => {
  const [lec, hv] = workloadRows();
  assert.equal(lec.name, "lecture");
  assert.equal(lec.t_final, 10 / (100 * 10));
  assert.equal(lec.matrix_bytes, 2 * 100 * 100 * 8);
  assert.equal(hv.madds_per_rhs, 4 * 200 * 200);
});

test("sweepRows: every atom of job i is driven with amplitude r_i * Omega_c", () => {
  const s = buildSweep("lecture");
  const rows = sweepRows(s);
  assert.equal(rows.length, 20);
  assert.equal(rows[0].abs_Omega_n, 0);
  assert.equal(rows[19].r, 1.2);
  for (const row of rows)
    assert.ok(Math.abs(Number(row.abs_Omega_n) - Number(row.r_times_Omega_c)) <= 1e-9 * Number(row.r_times_Omega_c));
});

test("tupleLayout: the lecture's seven names, and the matrices hold almost all the bytes", () => {
  const s = buildSweep({ nz: 30, nR: 2 });
  const [args] = packJobs(s.N, s.gamma, s.Dnm, s.Gnm, s.OmegaNValues, s.tSpan, s.y0, s.solveOptions);
  const layout = tupleLayout(args);
  assert.deepEqual(
    layout.map((r) => r.name),
    ["N", "gamma", "Dnm", "Gnm", "Omega_n", "t_span", "y0", "options"],
  );
  assert.equal(layout[2].bytes, 30 * 30 * 8);
  assert.equal(layout[2].holds, "Float64Array, 30 x 30");
  assert.equal(layout[4].bytes, 2 * 30 * 8);
  assert.throws(() => tupleLayout([1, 2] as never), /`args` must be a packed job tuple/);
});

test("sweepTraffic: packed copies the matrices once per job, send-once once per worker", () => {
  const s = buildSweep({ nz: 20, nR: 6 });
  const jobs = packJobs(s.N, s.gamma, s.Dnm, s.Gnm, s.OmegaNValues, s.tSpan, s.y0);
  const t = sweepTraffic(jobs, 2);
  const matrices = 2 * 20 * 20 * 8;
  assert.equal(t.matricesOnce, matrices);
  assert.equal(t.packed - t.sendOnce, (6 - 2) * matrices);
});

test("sweepTraffic: linear-rhs jobs carry no matrices, so nothing is sent once", () => {
  const s = buildSweep({ nz: 20, nR: 4, rhs: "linear" });
  const jobs = packJobs(s.N, s.gamma, s.Dnm, s.Gnm, s.OmegaNValues, s.tSpan, s.y0, s.solveOptions);
  assert.equal(jobs[0][2], null);
  const t = sweepTraffic(jobs, 2);
  assert.equal(t.matricesOnce, 0);
  assert.equal(t.packed, t.sendOnce);
});

test("poolMapRows: Pool.map's rule gives the lecture's chunksize 2 for 20 jobs on 4 workers", () => {
  assert.deepEqual(poolMapRows(20, [1, 4, 20]), [
    { workers: 1, chunksize: 5, chunks: 4 },
    { workers: 4, chunksize: 2, chunks: 10 },
    { workers: 20, chunksize: 1, chunks: 20 },
  ]);
});

test("packingRows: one row per N with bytes and medians", () => {
  const t = { samplesMs: [3], medianMs: 3, minMs: 3, maxMs: 3 };
  const [row] = packingRows([{ N: 10, bytesPerJob: 100, bytesPerJobSendOnce: 20, packUs: t, packUsSendOnce: t }]);
  assert.deepEqual(row, { N: 10, bytes_packed: 100, bytes_send_once: 20, us_packed: 3, us_send_once: 3 });
});

test("breakdownRows: one row per part plus the wall time, shares of it in percent", () => {
  const rows = breakdownRows(wallBreakdown(seqJobs, { jobs: pooledJobs, wallMs: 270, workers: 2 }));
  assert.equal(rows.length, 7);
  assert.deepEqual(rows[5], { part: "wall time", ms: 270, share: "100%" });
  assert.equal(rows[1].share, "83%"); // 225 of 270 ms in jobs
  assert.deepEqual(rows.at(-1), { part: "jobs' time vs the loop (x)", ms: undefined, share: "1.13x" });
});

test("breakdownColumns: one column per run, each adding up to its wall time", () => {
  const cold = wallBreakdown(seqJobs, { jobs: pooledJobs, wallMs: 270, workers: 2 });
  const warm = wallBreakdown(seqJobs, {
    jobs: pooledJobs.map((j) => ({ ...j, start: j.start - 9, end: j.end - 9 })),
    wallMs: 255,
    workers: 2,
  });
  const rows = breakdownColumns({ "cold pool": cold, "warm pool": warm });
  assert.deepEqual(Object.keys(rows[0]), ["part", "cold pool", "warm pool"]);
  const wall = rows.findIndex((r) => r.part === "wall time");
  assert.equal(wall, rows.length - 2);
  for (const label of ["cold pool", "warm pool"]) {
    const parts = rows.slice(0, wall).reduce((sum, row) => sum + Number(row[label]), 0);
    assert.ok(Math.abs(parts - Number(rows[wall][label])) < 1e-9, `${label}: ${parts}`);
    for (const row of rows)
      if (typeof row[label] === "number") assert.ok(Number(row[label]) >= 0, `${label} ${row.part}`);
  }
  assert.equal(rows.at(-1)?.["cold pool"], 450 / 400);
  assert.equal(rows.find((r) => r.part === "start-up")?.["warm pool"], 1);
  assert.throws(() => breakdownColumns({}), /`runs` must name at least one breakdown/);
});

test("timingRows: medians, spread and the speedup against the first run", () => {
  const t = (medianMs: number) => ({ medianMs, minMs: medianMs - 1, maxMs: medianMs + 1 });
  const rows = timingRows({ sequential: t(100), "cold pool": t(125), "warm pool": t(50) });
  assert.deepEqual(
    rows.map((r) => [r.run, r.speedup]),
    [
      ["sequential", 1],
      ["cold pool", 0.8],
      ["warm pool", 2],
    ],
  );
});

test("timingRows: a pooled run with its last report is credited at most its own job time, never above its workers", () => {
  const t = (medianMs: number) => ({ medianMs, minMs: medianMs - 1, maxMs: medianMs + 1 });
  // a loop timed slow (a colder state, a busy moment) against 2 workers whose jobs took 80 ms in all
  const jobs = [0, 1].map((worker) => ({ index: worker, r: 0, worker, start: 0, end: 40, rhsEvals: 0 }));
  const rows = timingRows({
    loop: { ...t(300), last: { jobs, workers: 1 } },
    "warm pool": { ...t(50), last: { jobs, workers: 2 } },
  });
  assert.equal(rows[0].speedup, 1); // the baseline against itself, whatever its own jobs
  assert.equal(rows[1].speedup, 80 / 50);
  assert.ok(Number(rows[1].speedup) <= 2);
});
