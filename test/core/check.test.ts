import assert from "node:assert/strict";
import { test } from "node:test";
import { accepted, assertOneOf, closest, didYouMean } from "../../dist/core/check.js";
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

test("accepted: the spelling a value must be typed with; didYouMean asks only about a near miss", () => {
  const methods = ["odex", "RK45"] as const;
  assert.equal(accepted("RK45", methods), "RK45");
  // the case differs: the hint shows the choice as listed, never the value as received
  assert.equal(accepted("rk45", methods), "RK45");
  assert.equal(accepted("Linear", ["dense", "linear"]), "linear");
  assert.equal(accepted("euler", methods), undefined);
  assert.equal(accepted(45, methods), undefined);
  assert.equal(accepted("toString", methods), undefined);
  assert.equal(didYouMean("rk45", methods), 'did you mean "RK45"? ');
  assert.equal(didYouMean("RK45", methods), "");
  assert.equal(didYouMean("euler", methods), "");
  assert.equal(didYouMean(3, [1, 2]), "");
});
