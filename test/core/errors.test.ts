import assert from "node:assert/strict";
import { test } from "node:test";
import { UsageError } from "../../dist/core/errors.js";
import { checkOptions, describe } from "../../dist/core/check.js";
import { buildSweep, parallelSolveOmega, runSweep, sequentialSolveOmega } from "../../dist/index.js";
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

test("a progress callback that throws ends a sequential sweep with what it finished on `partial`", async () => {
  const s = buildSweep({ nz: 4, nR: 3 });
  const error = await runSweep(s, {
    sequential: true,
    progress: (done) => {
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

test("runSweep with `only`: progress counts this run's jobs and names each by its workload index", async () => {
  const seen: [number, number, number][] = [];
  await runSweep(buildSweep({ nz: 4, nR: 5 }), {
    sequential: true,
    only: [3, 1],
    progress: (done, total, job) => seen.push([done, total, job.index]),
  });
  assert.deepEqual(seen, [
    [1, 2, 3],
    [2, 2, 1],
  ]);
  await assert.rejects(
    runSweep(buildSweep({ nz: 4, nR: 3 }), { progress: "bar" as never }),
    /`progress` must be a function \(done, total, job\) => void, got "bar" \(string\)/,
  );
});

test("resourceLimits and workload overrides refuse inherited names (constructor) like any unknown one", async () => {
  const s = buildSweep({ nz: 4, nR: 3 });
  const args = [s.N, s.gamma, s.Dnm, s.Gnm, s.OmegaNValues, s.tSpan, s.y0] as const;
  await assert.rejects(
    parallelSolveOmega(...args, { resourceLimits: { constructor: 64 } as never }),
    /^UsageError: unknown option `constructor` of `resourceLimits`/,
  );
  assert.throws(
    () => buildSweep({ constructor: 5 } as never),
    /^UsageError: unknown option `constructor` of the workload/,
  );
});
