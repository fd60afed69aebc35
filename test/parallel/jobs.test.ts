/**
 * Job kinds are registered by the layer that owns them (src/parallel/jobs.ts holds the mechanism
 * only): a kind names a module, checked at the door and loaded by a worker on the kind's first job.
 * The fixture kinds of test/fixtures/jobs.ts are registered here, by the test that uses them.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { test } from "node:test";
import { JobError, UsageError, openPool, runPool } from "../../dist/index.js";
import { registerJobKind, registeredJobKinds } from "../../dist/lab.js";
import { jobs as fixtureJobs, registerFixtureJobs } from "../fixtures/jobs.js";
import { assertThreadsBack, threadBaseline } from "./threads.js";

registerFixtureJobs();
const fixtures = require.resolve("../fixtures/jobs.js");
const dist = path.join(__dirname, "..", "..", "dist");

test("importing sweeplab registers every kind of the kit, each by the layer that owns it", () => {
  const kinds = registeredJobKinds();
  for (const kind of ["solve", "solveShared", "spin", "burn", "empty", "fail"]) assert.ok(kinds.includes(kind), kind);
  for (const kind of Object.keys(fixtureJobs)) assert.ok(kinds.includes(kind), kind);
});

test("a fixture kind runs through runPool like the kit's own, and every worker ends", { timeout: 60000 }, async () => {
  const before = await threadBaseline();
  const run = await runPool<unknown>("echo", [1, "two", [3]], { workers: 2, chunksize: 1 });
  assert.deepEqual(run.results, [1, "two", [3]]);
  await assert.rejects(
    runPool("throws", ["told to"], { workers: 1 }),
    (e: Error) => e instanceof JobError && e.message === "job 0 failed: told to",
  );
  await assert.rejects(
    runPool("hang", [0], { workers: 1, timeoutMs: 200 }),
    (e: Error) => e instanceof JobError && /job 0/.test(e.message),
  );
  await assertThreadsBack(before);
});

test("a worker loads a kind's module on its first job of that kind, not before", { timeout: 60000 }, async () => {
  const pool = await openPool({ workers: 1 });
  try {
    const modules = async () => (await runPool<string[]>("loadedModules", [0], { pool })).results[0] as string[];
    const first = await modules();
    assert.ok(first.includes("dist/parallel/worker.js"), first.join(", "));
    for (const lazy of [
      "dist/physics/solve-job.js",
      "dist/physics/solve.js",
      "dist/measure/jobs.js",
      "dist/notebook/lesson-jobs.js",
    ]) {
      assert.ok(!first.includes(lazy), `${lazy} loaded before any job of its kind: ${first.join(", ")}`);
    }
    await runPool("spin", [0], { pool });
    const after = await modules();
    assert.ok(after.includes("dist/measure/jobs.js"), after.join(", "));
    assert.ok(!after.includes("dist/physics/solve-job.js"), after.join(", "));
  } finally {
    await pool.close();
  }
});

test("an unknown kind is refused at the door, listing the registered kinds", async () => {
  await assert.rejects(
    runPool("sleep", [1]),
    (e: Error) =>
      e instanceof UsageError &&
      e.option === "kind" &&
      e.message.startsWith('`kind` must be a registered job kind (registered: "solve", ') &&
      e.message.includes('got "sleep" (string): ') &&
      e.message.includes("registerJobKind(kind, modulePath)"),
  );
  await assert.rejects(runPool("spinn", [1]), /got "spinn" \(string\): did you mean "spin"\?/);
});

test("a kit kind not registered yet names the import that registers it", () => {
  // a fresh process that loads the pool alone: no layer has registered anything
  const script = `require(${JSON.stringify(path.join(dist, "parallel", "run-pool.js"))}).runPool("spin", [1]).catch((e) => console.log(e.name + ": " + e.message))`;
  const out = execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }).trim();
  assert.equal(
    out,
    'UsageError: `kind` must be a registered job kind (registered: none yet), got "spin" (string): import "sweeplab" (it registers every kind of the kit) or dist/measure/jobs.js (imported by the experiments)',
  );
});

test("a warm pool without the sweep layer names the import that registers its warm-up job", () => {
  const script = `require(${JSON.stringify(path.join(dist, "parallel", "open-pool.js"))}).openPool({ workers: 1, warm: true }).catch((e) => console.log(e.name + ": " + e.message))`;
  // in a fresh process that loads the pool alone, so "solve" is not registered
  const out = execFileSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 30000 }).trim();
  assert.match(out, /^UsageError: .*got "solve" \(string\): import "sweeplab" .* or dist\/sweep\/jobs\.js/);
});

test("registerJobKind checks its name and module, and one name has one owner", () => {
  assert.throws(
    () => registerJobKind("2fast", fixtures),
    (e: Error) => e instanceof UsageError && e.option === "kind",
  );
  assert.throws(
    () => registerJobKind("relative", "./jobs.js"),
    (e: Error) => e instanceof UsageError && e.option === "modulePath" && /got "\.\/jobs\.js"/.test(e.message),
  );
  assert.throws(
    () => registerJobKind("echo", require.resolve("../../dist/measure/jobs.js")),
    (e: Error) => e instanceof UsageError && /"echo" is registered already, by .*fixtures/.test(e.message),
  );
  registerJobKind("echo", fixtures); // the same owner again: nothing changes
});

test("a registered module without the kind's function fails each job, saying why", { timeout: 30000 }, async () => {
  registerJobKind("notThere", fixtures);
  const run = await runPool("notThere", [0, 1], { workers: 1, collectErrors: true });
  assert.equal(run.errors.filter((e) => e instanceof JobError).length, 2);
  assert.match(
    String(run.errors[0]?.message),
    /job kind "notThere" could not be loaded: .*fixtures.jobs\.js exports no function `jobs\.notThere`/,
  );
});
