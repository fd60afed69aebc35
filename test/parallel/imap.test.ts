/**
 * `pool.imap` and `pool.imapUnordered`, Python's `Pool.imap` / `imap_unordered` as async
 * iterators on an open pool: job order versus finish order, a `break` that stops the rest of the
 * run and leaves the pool usable (its workers kept), and a failed job surfacing where it stands.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { JobError, UsageError, openPool, runPool } from "../../dist/index.js";

const DEADLINE = { timeout: 60_000 };
// job 0 is long (tens of ms), the others take microseconds: they finish first on the other worker
const iterations = [3e7, 1, 2, 3, 4, 5];

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

test("imap yields in job order, imapUnordered in finish order", DEADLINE, async () => {
  const expected = (await runPool<number>("burn", iterations, { workers: 2, chunksize: 1 })).results;
  const pool = await openPool({ workers: 2, exclusive: false });
  try {
    assert.deepEqual(await collect(pool.imap<number>("burn", iterations)), expected);
    const unordered = await collect(pool.imapUnordered<number>("burn", iterations));
    assert.deepEqual([...unordered].sort(), [...expected].sort(), "every result once");
    assert.notEqual(unordered[0], expected[0], "a short job's result comes before the long job 0's");
  } finally {
    await pool.close();
  }
});

test(
  "break out of imap stops the rest of the run; the pool keeps its workers and runs the next sweep",
  DEADLINE,
  async () => {
    const pool = await openPool({ workers: 2, exclusive: false });
    try {
      let done = 0;
      const payloads = new Array(400).fill({ sleepMs: 5 });
      let seen = 0;
      for await (const value of pool.imap("fail", payloads, { onJob: () => done++ })) {
        assert.equal(value, null);
        if (++seen === 3) break;
      }
      assert.ok(done < 100, `the run stopped after the break (${done} of 400 jobs ran)`);
      assert.equal(pool.closed, false);
      const next = await runPool("empty", [1, 2, 3, 4], { pool, chunksize: 1 });
      assert.equal(next.results.length, 4);
      assert.deepEqual(
        next.workerStarts.map((w) => w.state),
        ["reused", "reused"],
        "the workers that answered are kept, not started afresh",
      );
      assert.equal((await collect(pool.imapUnordered("empty", [1, 2, 3]))).length, 3);
    } finally {
      await pool.close();
    }
  },
);

test("a failed job surfaces where it stands; the pool stays usable", DEADLINE, async () => {
  const pool = await openPool({ workers: 2, exclusive: false });
  try {
    const payloads = [{ sleepMs: 1 }, { sleepMs: 1 }, "throw", { sleepMs: 1 }, { sleepMs: 1 }];
    for (const ordered of [true, false]) {
      const seen: unknown[] = [];
      const iterate = ordered ? pool.imap("fail", payloads) : pool.imapUnordered("fail", payloads);
      await assert.rejects(
        async () => {
          for await (const value of iterate) seen.push(value);
        },
        (error: unknown) => error instanceof JobError && error.index === 2 && /told to throw/.test(error.message),
      );
      if (ordered) assert.deepEqual(seen, [null, null], "imap yields the jobs before the failed one, then throws");
    }
    assert.equal((await collect(pool.imap("empty", [1, 2]))).length, 2);
  } finally {
    await pool.close();
  }
});

test("imap's bad arguments are usage errors at the call, naming the option", DEADLINE, async () => {
  const pool = await openPool({ workers: 1, exclusive: false });
  try {
    assert.throws(() => pool.imap("nope" as "empty", [1]), UsageError);
    assert.throws(() => pool.imap("empty", 3 as unknown as number[]), /`payloads` must be an array/);
    assert.throws(() => pool.imap("empty", [1], { chunksize: 0 }), /`chunksize`/);
    assert.throws(() => pool.imap("empty", [1], { workers: 2 } as object), /workers/);
  } finally {
    await pool.close();
  }
  assert.throws(() => pool.imap("empty", [1]), /`pool` is closed/);
});
