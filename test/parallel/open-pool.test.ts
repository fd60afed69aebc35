/**
 * A pool that outlives one sweep (`with mp.Pool(n) as pool:`). Several sweeps on one
 * pool give the one-call form's results bit for bit; close() leaves no thread and may be called
 * twice; a closed pool is a clear error; an interrupt closes it; a worker that dies between two
 * sweeps is replaced by a fresh one.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { test } from "node:test";
import {
  SweepInterruptedError,
  UsageError,
  buildSweep,
  openPool,
  parallelSolveOmega,
  runPool,
  runSweep,
} from "../../dist/index.js";
import { activePools, openPoolCount } from "../../dist/lab.js";
import { assertThreadsBack, settleThreads, threadBaseline, threadCount } from "./threads.js";

const DEADLINE = { timeout: 60_000 };
const dist = path.join(__dirname, "..", "..", "dist", "index.js");

test("several sweeps on one pool give the one-call form's results bit for bit", DEADLINE, async () => {
  const w = { nz: 12, nR: 6 };
  const alone = await runSweep(w, { workers: 2, chunksize: 2 });
  const pool = await openPool({ workers: 2 });
  try {
    for (const shareMatrices of [false, true, true]) {
      const run = await runSweep(w, { pool, chunksize: 2, shareMatrices });
      assert.deepEqual(run.rows, alone.rows, `shareMatrices ${shareMatrices}`);
      run.solutions.forEach((s, i) => assert.deepEqual(s.y, alone.solutions[i].y, `job ${i}`));
      assert.equal(run.workers, 2);
    }
    const s = buildSweep(w);
    const direct = await parallelSolveOmega(s.N, s.gamma, s.Dnm, s.Gnm, s.OmegaNValues, s.tSpan, s.y0, { pool });
    assert.deepEqual(
      direct.results.map((x) => x.yFinal),
      alone.solutions.map((x) => x.yFinal),
    );
    assert.equal(pool.sweeps, 4);
    assert.equal(pool.sharedSends, 2, "Dnm and Gnm went once to each of the 2 workers, reused by the next sweep");
  } finally {
    await pool.close();
  }
});

test(
  "close() ends every worker thread, twice is harmless, and a sweep on a closed pool is a UsageError",
  DEADLINE,
  async () => {
    const before = await threadBaseline();
    const pool = await openPool({ workers: 2, exclusive: false });
    if (before !== undefined) assert.equal(threadCount(), before + 2, "two worker threads while open");
    await runPool("spin", [5, 5, 5], { pool, chunksize: 1 });
    await pool.close();
    await pool.close();
    await assertThreadsBack(before);
    assert.ok(pool.closed);
    await assert.rejects(runSweep({ nz: 4, nR: 2 }, { pool }), (error: Error) => {
      assert.ok(error instanceof UsageError);
      assert.match(
        error.message,
        /^`pool` is closed \(pool\.close\(\) was called.*\): open another with `await openPool\(\{ workers \}\)`$/,
      );
      return true;
    });
    await assert.rejects(runPool("spin", [1], { pool }), /`pool` is closed/);
  },
);

test("options that belong to the pool are refused beside `pool`, naming where they go", DEADLINE, async () => {
  const pool = await openPool({ workers: 1 });
  try {
    await assert.rejects(
      runPool("spin", [1], { pool, workers: 3 }),
      /^UsageError: `workers` belongs to the pool when `pool` is given, got 3 \(number\): set it in openPool\(\{ workers \}\) or drop `pool`$/,
    );
    await assert.rejects(runSweep({ nz: 4, nR: 2 }, { pool, sequential: true }), /`pool` needs a pool/);
    await assert.rejects(
      runPool("spin", [1], { pool: { workers: 2 } as never }),
      /`pool` must be a pool from openPool\(\)/,
    );
  } finally {
    await pool.close();
  }
});

test("a warm pool's workers ran the warm-up before the sweep; a second sweep finds them reused", DEADLINE, async () => {
  const pool = await openPool({ workers: 2, warm: true });
  try {
    assert.ok(pool.warm && pool.startupMs > 0);
    const first = await runPool("spin", [1, 1], { pool, chunksize: 1 });
    assert.equal(first.workerStarts.length, 2);
    for (const start of first.workerStarts) {
      assert.equal(start.state, "warmed");
      assert.ok(
        start.spawn < 0 && start.warmStart! >= start.spawn && start.warmEnd! >= start.warmStart! && start.warmEnd! <= 0,
      );
    }
    const second = await runPool("spin", [1, 1], { pool, chunksize: 1 });
    assert.deepEqual(
      second.workerStarts.map((s) => s.state),
      ["reused", "reused"],
    );
  } finally {
    await pool.close();
  }
});

test("onJob reports in finish order on an open pool; imap hands results out in job order", DEADLINE, async () => {
  const pool = await openPool({ workers: 2 });
  try {
    const finished: number[] = [];
    await runPool("spin", [150, 5, 5, 5], { pool, chunksize: 1, onJob: ({ record }) => finished.push(record.index) });
    assert.deepEqual(finished, [1, 2, 3, 0], "job 0 (150 ms) finishes last");
    // imap's first result is job 0's: it comes once job 0, the last to finish, is done
    const doneAt: number[] = [];
    let done = 0;
    for await (const _ of pool.imap("spin", [150, 5, 5, 5], { onJob: () => done++ })) doneAt.push(done);
    assert.deepEqual(doneAt, [4, 4, 4, 4]);
  } finally {
    await pool.close();
  }
});

test("a worker that dies between two sweeps is replaced by a fresh one: the next sweep runs", DEADLINE, async () => {
  const pool = await openPool({ workers: 2 });
  try {
    await runPool("fail", [{ exitAfterMs: 20 }, { sleepMs: 1 }], { pool, chunksize: 1 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const next = await runPool<number>("spin", [5, 5, 5, 5], { pool, chunksize: 1 });
    assert.equal(next.results.length, 4);
    assert.deepEqual(
      next.workerStarts.map((s) => s.state).sort(),
      ["cold", "reused"],
      "one fresh worker in place of the dead one",
    );
  } finally {
    await pool.close();
  }
});

test("a failed sweep leaves the pool open: its workers are replaced for the next sweep", DEADLINE, async () => {
  const pool = await openPool({ workers: 2 });
  try {
    await assert.rejects(
      runPool("fail", ["throw", { sleepMs: 1 }], { pool, chunksize: 1 }),
      /this job was told to throw/,
    );
    const next = await runPool("spin", [1, 1], { pool, chunksize: 1 });
    assert.equal(next.results.length, 2);
    assert.equal(activePools(), 0);
  } finally {
    await pool.close();
  }
});

test(
  "SIGINT during a sweep on a warm pool stops the sweep and closes the pool; the process lives on",
  DEADLINE,
  async () => {
    const before = await threadBaseline();
    const pool = await openPool({ workers: 2, warm: true });
    await new Promise((resolve) => setImmediate(resolve)); // the SIGINT listener goes on one turn later
    const sweep = runPool("spin", [5, 5000, 5000, 5000], {
      pool,
      chunksize: 1,
      onJob: () => process.kill(process.pid, "SIGINT"),
    });
    await assert.rejects(sweep, (error: Error) => error instanceof SweepInterruptedError && error.reason === "SIGINT");
    assert.ok(pool.closed, "the interrupt closed the pool");
    await assertThreadsBack(before);
    assert.equal(openPoolCount(), 0);
  },
);

test("opening a pool again (a re-run cell) closes the earlier one: no stray threads", DEADLINE, async () => {
  const before = await threadBaseline();
  const first = await openPool({ workers: 2 });
  const second = await openPool({ workers: 2 });
  assert.ok(first.closed);
  assert.equal(second.closedEarlier, 1);
  if (before !== undefined) assert.equal(await settleThreads(before + 2), before + 2);
  await second.close();
  await assertThreadsBack(before);
});

test("an open pool left unclosed does not keep a script alive: its idle workers end with the process", DEADLINE, () => {
  const script = `
    const lab = require(${JSON.stringify(dist)});
    lab.openPool({ workers: 2, warm: true })
      .then((pool) => lab.runSweep({ nz: 4, nR: 4 }, { pool }))
      .then((r) => console.log(r.rows.length));`;
  const res = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 20_000 });
  assert.equal(res.signal, null, "the process was still alive: an idle worker kept it running");
  assert.equal(res.status, 0, res.stderr);
  assert.equal(res.stdout.trim(), "4");
});
