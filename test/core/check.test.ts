import assert from "node:assert/strict";
import { test } from "node:test";
import { assertOneOf, closest } from "../../dist/core/check.js";
import { UsageError } from "../../dist/core/errors.js";

const schedules = ["in-order", "largest-first"] as const;
const message = (run: () => void): string => {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof UsageError, String(error));
    return error.message;
  }
  assert.fail("no UsageError");
};

test("assertOneOf: a listed value passes; a near miss gets did you mean, a far one the fix", () => {
  assertOneOf("largest-first", "schedule", schedules);
  assertOneOf(2, "workers", [1, 2]);
  assert.equal(
    message(() => assertOneOf("largest first", "schedule", schedules)),
    '`schedule` must be one of "in-order", "largest-first", got "largest first" (string): did you mean "largest-first"?',
  );
  assert.equal(
    message(() => assertOneOf("LPT", "schedule", schedules, "leave it out")),
    '`schedule` must be one of "in-order", "largest-first", got "LPT" (string): leave it out',
  );
  assert.equal(
    message(() => assertOneOf(3, "workers", [1, 2])),
    "`workers` must be one of 1, 2, got 3 (number): pick one of those",
  );
  // a name inherited by every object is not a choice
  assert.match(
    message(() => assertOneOf("toString", "workload", ["lecture", "heavy"])),
    /got "toString"/,
  );
  assert.match(
    message(() => assertOneOf(undefined, "schedule", schedules)),
    /got undefined: pick one of those$/,
  );
});

test("closest: case, a letter or two, and _ for - are near; a different word is not", () => {
  assert.equal(closest("chunkSize", ["chunksize", "workers"]), "chunksize");
  assert.equal(closest("worker", ["workers", "out"]), "workers");
  assert.equal(closest("max_steps", ["max-steps", "seed"]), "max-steps");
  assert.equal(closest("huge", ["lecture", "heavy"]), undefined);
});
