import assert from "node:assert/strict";
import { test } from "node:test";
import { inspect } from "node:util";
import { SweepInterruptedError } from "../../dist/core/errors.js";
import { openPool, runPool } from "../../dist/index.js";
import { holdWhileSweeping } from "../../dist/parallel/interrupt.js";

const turn = () => new Promise((resolve) => setImmediate(resolve));

test("holdWhileSweeping: held while a sweep runs, released once it ends, not held by an idle open pool", async () => {
  const events: string[] = [];
  const unregister = holdWhileSweeping(() => {
    events.push("hold");
    return () => events.push("release");
  });
  try {
    const pool = await openPool({ workers: 1 });
    try {
      await turn();
      await turn();
      assert.deepEqual(events, [], "an open pool with no sweep holds nothing");
      const run = runPool("fail", [{ sleepMs: 60 }], { pool });
      await turn();
      await turn();
      assert.deepEqual(events, ["hold"], "held one turn after the sweep started");
      await run;
      await turn();
      await turn();
      assert.deepEqual(events, ["hold", "release"]);
    } finally {
      await pool.close();
    }
  } finally {
    unregister();
  }
  await runPool("fail", [{ sleepMs: 1 }], { workers: 1 });
  await turn();
  assert.deepEqual(events, ["hold", "release"], "unregistered: a later sweep holds nothing");
});

test("a SweepInterruptedError prints as one line (a notebook cell, the REPL), and keeps its stack", () => {
  const error = new SweepInterruptedError("SIGINT", 7, 20);
  const shown = inspect(error);
  assert.equal(shown.split("\n").length, 1, shown);
  assert.match(
    shown,
    /^SweepInterruptedError: sweep interrupted \(SIGINT\) after 7 of 20 jobs; every worker was terminated\. Its finished jobs are on the error's \.partial/,
  );
  assert.match(String(error.stack), /\n\s+at /);
});
