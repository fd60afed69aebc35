// runSweep refuses solver settings among its options and shows the call that sets them in the
// workload: that call must run as shown, with the value's accepted spelling.
import assert from "node:assert/strict";
import { test } from "node:test";
import { buildSweep, runSweep } from "../../dist/index.js";

/** The workload object of the message's example `runSweep({ key: value })`. */
async function example(options: Record<string, unknown>): Promise<Record<string, unknown>> {
  const error = await runSweep({ nz: 4, nR: 2 }, options as never).then(
    () => assert.fail("runSweep took a workload field among its options"),
    (e: unknown) => e as Error,
  );
  const call = /runSweep\((\{ \w+: [^}]+ \})\) for the lecture/.exec(error.message);
  assert.ok(call, error.message);
  return JSON.parse(call[1].replace(/(\w+):/, '"$1":')) as Record<string, unknown>;
}

test("the fix for a solver setting given to runSweep is a workload that buildSweep takes", async () => {
  for (const options of [
    { method: "rk45" },
    { method: "Rk45" },
    { method: "ODEX" },
    { method: "RK45" },
    { rhs: "Linear" },
    { rhs: "dense" },
    { method: "euler" },
    { rhs: "sparse" },
  ]) {
    const fields = await example(options);
    assert.doesNotThrow(() => buildSweep({ nz: 4, nR: 2, ...fields }), JSON.stringify(fields));
  }
  assert.deepEqual(await example({ method: "rk45" }), { method: "RK45" });
  assert.deepEqual(await example({ rtol: 1e-9 }), { rtol: 1e-9 });
});
