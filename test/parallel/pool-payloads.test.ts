/**
 * runPool's and pool.imap's "spin" and "burn" payloads are checked at the door (src/measure/jobs.ts registers the check):
 * a cost of 1e308 is refused before any worker starts instead of spinning for ever, and a negative
 * or string payload is refused, not run as a job that returned 0 at once.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { UsageError, openPool, runPool } from "../../dist/index.js";

for (const [kind, payload, rule] of [
  ["spin", 1e308, /a "spin" payload must be a number of milliseconds from 0 to 600000, got 1e\+308 \(number\)/],
  ["burn", 1e308, /a "burn" payload must be a whole number of iterations from 0 to 100000000000, got 1e\+308/],
  ["spin", -1, /got -1 \(number\)/],
  ["burn", "5", /got "5" \(string\)/],
  ["burn", 2.5, /a whole number of iterations .* got 2\.5/],
] as const) {
  test(
    `runPool("${kind}", [1, ${JSON.stringify(payload)}]) is refused at the door, naming the payload`,
    { timeout: 30000 },
    async () => {
      await assert.rejects(
        runPool(kind, [1, payload], { workers: 1 }),
        (e: Error) => e instanceof UsageError && e.message.startsWith("`payloads[1]`: ") && rule.test(e.message),
      );
    },
  );
}

test("valid spin and burn payloads still run", async () => {
  const run = await runPool<number>("burn", [0, 1000], { workers: 1 });
  assert.equal(run.results.length, 2);
  assert.ok(run.results.every((x) => typeof x === "number"));
});

test(
  "pool.imap refuses a bad payload before its first job, and the pool stays usable",
  { timeout: 30000 },
  async () => {
    const pool = await openPool({ workers: 1 });
    try {
      assert.throws(() => pool.imap("spin", [1e308]), UsageError);
      const got: number[] = [];
      for await (const x of pool.imap<number>("spin", [0, 0])) got.push(x);
      assert.equal(got.length, 2);
    } finally {
      await pool.close();
    }
  },
);
