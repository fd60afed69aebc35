/**
 * Through the API: a stopped run (an AbortSignal, "interrupt kernel", an open
 * pool closed mid-sweep) first takes every job its workers finished, so `partial` and
 * `onJob` hold each of them. The side file SWEEPLAB_FINISHED_LOG (src/parallel/worker.ts)
 * lists what the workers finished.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { type JobRecord, SweepInterruptedError, interruptAll, openPool, runPool } from "../../dist/index.js";

const DEADLINE = { timeout: 60_000 };
const jobs = 20_000;

/** Runs `body` with the workers it starts writing each finished index to a fresh side file; returns the indices. */
async function withFinishedLog(body: () => Promise<void>): Promise<number[]> {
  const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sweeplab-flush-")), "finished.log");
  fs.writeFileSync(log, "");
  process.env.SWEEPLAB_FINISHED_LOG = log; // a Worker copies the environment as it starts
  try {
    await body();
  } finally {
    delete process.env.SWEEPLAB_FINISHED_LOG;
  }
  return fs.readFileSync(log, "utf8").trim().split("\n").filter(Boolean).map(Number);
}

/** The indices of the finished jobs a stopped run's error carries, checked against its onJob calls. */
function partialOf(error: unknown, reported: Set<number>): Set<number> {
  assert.ok(error instanceof SweepInterruptedError, String(error));
  const records = (error.partial?.jobs ?? []).filter((j): j is JobRecord => j !== undefined);
  const indices = new Set(records.map((j) => j.index));
  assert.deepEqual(
    [...indices].sort((a, b) => a - b),
    [...reported].sort((a, b) => a - b),
    "partial = onJob",
  );
  assert.equal(error.completed, indices.size, "the message counts what partial holds");
  return indices;
}

for (const how of ["abort", "interruptAll", "pool.close"] as const) {
  test(`stopped by ${how}: every job a worker finished is in partial`, DEADLINE, async () => {
    for (const after of [500, 5000]) {
      const reported = new Set<number>();
      let caught: unknown;
      const finished = await withFinishedLog(async () => {
        const controller = new AbortController();
        const pool = how === "pool.close" ? await openPool({ workers: 2, exclusive: false }) : undefined;
        const stop = () =>
          how === "abort" ? controller.abort() : how === "interruptAll" ? interruptAll("test") : void pool?.close();
        const payloads = new Array(jobs).fill(null);
        const options = { chunksize: 1, ...(pool ? { pool } : { workers: 2, signal: controller.signal }) };
        await runPool("empty", payloads, {
          ...options,
          onJob: ({ record }) => {
            reported.add(record.index);
            // from a timer, not inside the callback: as a signal arrives
            if (reported.size === after) setTimeout(stop, 0);
          },
        }).catch((error: unknown) => (caught = error));
        await pool?.close();
      });
      const partial = partialOf(caught, reported);
      assert.ok(finished.length > after && finished.length < jobs, `stopped mid-run (${finished.length} done)`);
      assert.deepEqual(
        finished.filter((i) => !partial.has(i)),
        [],
        `stopped after ${after}: finished in a worker but not in partial`,
      );
      assert.equal(partial.size, finished.length);
    }
  });
}
