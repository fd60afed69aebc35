import assert from "node:assert/strict";
import { test } from "node:test";
import { UsageError } from "../../dist/core/errors.js";
import { checkOptions, describe } from "../../dist/core/check.js";
import { buildSweep, parallelSolveOmega, runPool, runSweep, sequentialSolveOmega } from "../../dist/index.js";
import { assertThreadsBack, threadBaseline } from "../parallel/threads.js";

const keys = { workers: true, chunksize: true, timeoutMs: true, progress: true } as const;
const rejects = (options: unknown) => {
  try {
    checkOptions(options, keys, "f");
  } catch (error) {
    assert.ok(error instanceof UsageError);
    return error;
  }
  return undefined;
};

test("checkOptions: known names pass, and an option set to undefined counts as left out", () => {
  assert.equal(rejects(undefined), undefined);
  assert.equal(rejects({}), undefined);
  assert.equal(rejects({ workers: 2, chunksize: 1 }), undefined);
  assert.equal(rejects({ workers: undefined, typo: undefined }), undefined);
});

test("checkOptions: an unknown name is refused, naming it, its value and every known name", () => {
  const error = rejects({ workers: 2, chunkSize: 2 });
  assert.equal(error?.option, "chunkSize");
  assert.match(
    error?.message ?? "",
    /^unknown option `chunkSize` of f, got 2 \(number\): did you mean `chunksize`\? the options are workers, chunksize, timeoutMs, progress$/,
  );
});

test("checkOptions: suggests a name one or two edits away, in any case, and nothing for a stranger", () => {
  const suggestion = (key: string) => /did you mean `(\w+)`/.exec(rejects({ [key]: 1 })?.message ?? "")?.[1];
  assert.equal(suggestion("WORKERS"), "workers");
  assert.equal(suggestion("worker"), "workers");
  assert.equal(suggestion("chunksise"), "chunksize");
  assert.equal(suggestion("timeout"), "timeoutMs");
  assert.equal(suggestion("progres"), "progress");
  assert.equal(suggestion("colour"), undefined);
  assert.equal(suggestion("x"), undefined);
});

test("checkOptions: options that are not a plain object are refused", () => {
  for (const bad of [null, 5, "workers", [1, 2]]) {
    assert.match(
      rejects(bad)?.message ?? "",
      new RegExp(`^the options of f must be an object, got ${describe(bad).replace(/[()]/g, "\\$&")}`),
    );
  }
});

test("checkOptions: a retired name gets its own message naming its replacement; left out (undefined), it passes", () => {
  const retired = { progress: { now: "onJob", fix: "pass onJob: bar()" }, order: { fix: "pass it to runPool" } };
  const refused = (options: object) => {
    try {
      checkOptions(options, { onJob: true }, "f", retired);
    } catch (error) {
      return error as UsageError;
    }
    return undefined;
  };
  assert.equal(refused({ progress: undefined, onJob: () => 1 }), undefined);
  assert.equal(
    refused({ progress: 1 })?.message,
    'f option "progress" is now "onJob", got 1 (number): pass onJob: bar()',
  );
  assert.equal(refused({ order: [1] })?.option, "order");
  assert.match(
    refused({ order: [1] })?.message ?? "",
    /^f option "order" is no longer taken, got an array of length 1: pass it to runPool$/,
  );
  // only the table's own names: an inherited one is an unknown option like any other
  assert.match(refused({ toString: 1 })?.message ?? "", /^unknown option `toString` of f/);
});

test("describe: shows booleans with their value and names functions", () => {
  assert.equal(describe(false), "false (boolean)");
  assert.equal(
    describe(() => 1),
    "a function",
  );
});

test("a misspelled option stops every entry point before any worker starts", async () => {
  const s = buildSweep({ nz: 4, nR: 3 });
  const args = [s.N, s.gamma, s.Dnm, s.Gnm, s.OmegaNValues, s.tSpan, s.y0] as const;
  const before = await threadBaseline();
  const typo = { chunkSize: 2 } as never;
  await assert.rejects(parallelSolveOmega(...args, typo), /unknown option `chunkSize` of parallelSolveOmega/);
  await assert.rejects(sequentialSolveOmega(...args, typo), /unknown option `chunkSize` of sequentialSolveOmega/);
  await assert.rejects(runSweep(s, typo), /unknown option `chunkSize` of runSweep/);
  await assertThreadsBack(before);
});

test("an onJob callback that throws ends a sequential sweep with what it finished on `partial`", async () => {
  const s = buildSweep({ nz: 4, nR: 3 });
  const error = await runSweep(s, {
    sequential: true,
    onJob: ({ done }) => {
      if (done === 2) throw new Error("display gone");
    },
  }).then(
    () => assert.fail("the sweep should reject"),
    (e: Error & { partial?: { rows?: unknown[] } }) => e,
  );
  assert.equal(error.message, "display gone");
  assert.deepEqual(
    error.partial?.rows?.map((row) => row !== undefined),
    [true, true, false],
  );
});

test("the options the sweeps took once are refused, each naming what replaced it", async () => {
  const s = buildSweep({ nz: 4, nR: 3 });
  const args = [s.N, s.gamma, s.Dnm, s.Gnm, s.OmegaNValues, s.tSpan, s.y0] as const;
  const refusal = async (run: Promise<unknown>) =>
    run.then(
      () => assert.fail("the sweep took a retired option"),
      (e: unknown) => e as UsageError,
    );
  const progress = await refusal(runSweep(s, { progress: () => undefined } as never));
  assert.ok(progress instanceof UsageError);
  assert.equal(progress.option, "progress");
  assert.equal(
    progress.message,
    'runSweep option "progress" is now "onJob", got a function: pass onJob: sl.notebookProgress() (or terminalProgress()); the callback gets one event { record, done, total, value, error }',
  );
  for (const [key, now] of [
    ["onRow", "onJob"],
    ["onResult", "onJob"],
    ["onJobDone", "onJob"],
  ]) {
    const error = await refusal(runSweep(s, { [key]: () => undefined } as never));
    assert.match(error.message, new RegExp(`^runSweep option "${key}" is now "${now}", got a function: pass onJob`));
  }
  const row = await refusal(runSweep(s, { onRow: () => undefined } as never));
  assert.match(row.message, /event\.row is the job's summary row/);
  const only = await refusal(runSweep(s, { only: [1] } as never));
  assert.match(
    only.message,
    /^runSweep option "only" is no longer taken, got an array of length 1: pass a Sweep of just those jobs/,
  );
  for (const key of ["order", "inflight", "timeoutMs", "resourceLimits", "shared", "ordered"]) {
    for (const [where, run] of [
      ["parallelSolveOmega", () => parallelSolveOmega(...args, { [key]: 1 } as never)],
      ["sequentialSolveOmega", () => sequentialSolveOmega(...args, { [key]: 1 } as never)],
      ["runSweep", () => runSweep(s, { [key]: 1 } as never)],
    ] as const) {
      const error = await refusal(run());
      assert.equal(error.option, key);
      assert.match(
        error.message,
        new RegExp(`^${where} option "${key}" is no longer taken, got 1 \\(number\\): .*pass it to runPool`),
      );
    }
  }
  const seq = await refusal(sequentialSolveOmega(...args, { progress: () => undefined } as never));
  assert.match(seq.message, /^sequentialSolveOmega option "progress" is now "onJob"/);
  await assert.rejects(
    runSweep(buildSweep({ nz: 4, nR: 3 }), { onJob: "bar" as never }),
    /`onJob` must be a function \(event\) => void, e\.g\. notebookProgress\(\), got "bar" \(string\)/,
  );
});

test("resourceLimits and workload overrides refuse inherited names (constructor) like any unknown one", async () => {
  await assert.rejects(
    runPool("empty", [0, 0], { resourceLimits: { constructor: 64 } as never }),
    /^UsageError: unknown option `constructor` of `resourceLimits`/,
  );
  assert.throws(
    () => buildSweep({ constructor: 5 } as never),
    /^UsageError: unknown option `constructor` of the workload/,
  );
});
