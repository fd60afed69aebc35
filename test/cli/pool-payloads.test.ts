/**
 * runPool's "spin" and "burn" jobs check their payload (src/parallel/jobs.ts): a cost of 1e308
 * fails at once instead of spinning for ever, and a negative or string payload is an error, not a
 * job that returned 0 at once.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { JobError, runPool } from "../../dist/index.js";

for (const [kind, payload, rule] of [
  ["spin", 1e308, /a "spin" payload must be a number of milliseconds from 0 to 600000, got 1e\+308 \(number\)/],
  ["burn", 1e308, /a "burn" payload must be a whole number of iterations from 0 to 100000000000, got 1e\+308/],
  ["spin", -1, /got -1 \(number\)/],
  ["burn", "5", /got "5" \(string\)/],
  ["burn", 2.5, /a whole number of iterations .* got 2\.5/],
] as const) {
  test(
    `runPool("${kind}", [${JSON.stringify(payload)}]) fails with a message naming the payload, and ends`,
    { timeout: 30000 },
    async () => {
      await assert.rejects(
        runPool(kind, [payload], { workers: 1 }),
        (e: Error) => e instanceof JobError && rule.test(e.message),
      );
    },
  );
}

test("valid spin and burn payloads still run", async () => {
  const run = await runPool<number>("burn", [0, 1000], { workers: 1 });
  assert.equal(run.results.length, 2);
  assert.ok(run.results.every((x) => typeof x === "number"));
});
