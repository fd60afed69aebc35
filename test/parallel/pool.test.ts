import assert from "node:assert/strict";
import { test } from "node:test";
import * as os from "node:os";
import { type ImapOptions, type PoolOptions, UsageError, runPool } from "../../dist/index.js";
import type { JobEvent } from "../../dist/core/types.js";
import { defaultWorkers, maxWorkers } from "../../dist/parallel/options.js";
import { WorkerPool } from "../../dist/parallel/worker-pool.js";
import { assertThreadsBack, threadBaseline, threadCount } from "./threads.js";

test("results come back in job order although later jobs finish first; onJob reports each in finish order", async () => {
  // costs fall with the index: on 2 workers job 3 finishes before job 0
  const costs = [120, 90, 40, 5];
  const events: JobEvent[] = [];
  const run = await runPool<number>("spin", costs, { workers: 2, chunksize: 1, onJob: (event) => events.push(event) });
  const finishOrder = events.map((e) => e.record.index);
  assert.notDeepEqual(finishOrder, [0, 1, 2, 3], `finish order ${finishOrder}`);
  assert.deepEqual([...finishOrder].sort(), [0, 1, 2, 3], "each job reported once");
  assert.deepEqual(
    events.map((e) => [e.done, e.total]),
    [
      [1, 4],
      [2, 4],
      [3, 4],
      [4, 4],
    ],
  );
  for (const e of events) {
    assert.equal(e.value, run.results[e.record.index], "the event carries the job's result");
    assert.equal(e.error, undefined);
    assert.deepEqual(e.record, run.records[e.record.index]);
  }
  assert.deepEqual(
    run.records.map((r) => r.index),
    [0, 1, 2, 3],
  );
  assert.equal(run.results.length, 4);
});

test("old callback names are refused, each naming the option that replaced it", async () => {
  const cases: [string, RegExp][] = [
    ["onJobDone", /^runPool option "onJobDone" is now "onJob": pass onJob: \(event\) => \.\.\. with event\.record/],
    ["onResult", /^runPool option "onResult" is now "onJob": .*run\.results, or loop over pool\.imap/],
    ["ordered", /^runPool option "ordered" is gone: run\.results are in job order.*pool\.imapUnordered/],
  ];
  for (const [name, message] of cases) {
    await assert.rejects(runPool("empty", [0], { [name]: () => undefined } as PoolOptions), (error: Error) => {
      assert.ok(error instanceof UsageError, `${name}: ${error.name}`);
      assert.match(error.message, message);
      assert.equal(error.option, name);
      return true;
    });
  }
  assert.throws(
    // checked before the run starts: this pool never starts a worker
    () => new WorkerPool({ workers: 1 }).imap("empty", [0], { onJobDone: () => undefined } as ImapOptions),
    /pool\.imap option "onJobDone" is now "onJob"/,
  );
  await assert.rejects(runPool("empty", [0], { onJob: 5 } as unknown as PoolOptions), /`onJob` must be a function/);
});

test("jobs are dispatched in the given order, results still in job order", async () => {
  const run = await runPool("spin", [1, 1, 1, 30], { workers: 1, chunksize: 1, order: [3, 2, 1, 0] });
  const starts = run.records.map((r) => r.start);
  assert.ok(starts[3] < starts[2] && starts[2] < starts[1] && starts[1] < starts[0], JSON.stringify(starts));
});

test("a chunk goes to one worker and its jobs run in sequence", async () => {
  const run = await runPool("spin", [5, 5, 5, 5, 5, 5], { workers: 2, chunksize: 3 });
  assert.equal(run.records[0].worker, run.records[2].worker);
  assert.equal(run.records[3].worker, run.records[5].worker);
  assert.notEqual(run.records[0].worker, run.records[3].worker);
});

test("empty jobs: thousands of them complete, with progress for each", async () => {
  let calls = 0;
  const run = await runPool("empty", new Array(2000).fill(0), { workers: 2, chunksize: 1, onJob: () => calls++ });
  assert.equal(calls, 2000);
  assert.equal(run.results.length, 2000);
});

test("the pool's threads are gone after a run", async () => {
  const before = await threadBaseline();
  await runPool("spin", [10, 10, 10], { workers: 3, chunksize: 1 });
  await assertThreadsBack(before);
});

test("a pool starts no more workers than it has chunks, and reports the number it started", async () => {
  const before = await threadBaseline();
  let peak = 0;
  const onJob = () => void (peak = Math.max(peak, threadCount() ?? 0));
  const run = await runPool("spin", [20, 20, 20], { workers: 64, chunksize: 1, onJob });
  assert.equal(run.workers, 3);
  if (before !== undefined)
    assert.ok(peak <= before + 3, `${peak - before} threads above the baseline while 3 jobs ran`);
  assert.ok(run.records.every((r) => r.worker < 3));
  assert.equal((await runPool("spin", [1, 1, 1], { workers: 4, chunksize: 2 })).workers, 2, "two chunks, two workers");
  await assertThreadsBack(before);
});

test(
  "inflight beyond the number of chunks counts as all of them (no spinning over empty slots)",
  { timeout: 10_000 },
  async () => {
    const run = await runPool("empty", [0, 0, 0], { workers: 1, inflight: 1e9 });
    assert.equal(run.results.length, 3);
  },
);

test("more workers than the cap are refused before any starts", async () => {
  const before = await threadBaseline();
  await assert.rejects(
    runPool("empty", [0], { workers: maxWorkers + 1 }),
    /`workers` must be an integer from 1 to 256, got 257 \(number\)/,
  );
  assert.ok((threadCount() ?? 0) <= (before ?? Infinity), "no worker was started");
});

test("defaultWorkers: the cores this process may use, or a SLURM job's CPUs when it was given fewer", () => {
  const cores = os.availableParallelism();
  assert.equal(defaultWorkers({}), cores);
  assert.equal(defaultWorkers({ SLURM_CPUS_PER_TASK: "1" }), 1);
  assert.equal(
    defaultWorkers({ SLURM_CPUS_PER_TASK: String(cores + 7) }),
    cores,
    "never more than the cores it may use",
  );
  for (const junk of ["", "0", "-2", "1.5", "four"])
    assert.equal(defaultWorkers({ SLURM_CPUS_PER_TASK: junk }), cores, junk);
});
