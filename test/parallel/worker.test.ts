/**
 * The worker script answers threads.js's worker protocol itself (src/parallel/worker.ts `expose`),
 * without loading threads.js's worker side: checked here against the installed threads.js, by
 * its own message names and by calling a worker through threads.js's own `spawn`.
 */
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import * as path from "node:path";
import { test } from "node:test";
import { type FunctionThread, type ModuleThread, Thread, Worker, spawn } from "threads";
import type { WorkerApi } from "../../dist/parallel/worker.js";
import { registerFixtureJobs } from "../fixtures/jobs.js";

registerFixtureJobs();
const fixtures = require.resolve("../fixtures/jobs.js");
// threads.js resolves a relative path against its caller's folder (dist-test/parallel/)
const workerScript = "../../dist/parallel/worker.js";

test("threads.js still names its messages as the worker answers them", () => {
  const root = path.dirname(path.dirname(require.resolve("threads")));
  const { MasterMessageType, WorkerMessageType } = createRequire(__filename)(
    path.join(root, "dist", "types", "messages.js"),
  ) as {
    MasterMessageType: Record<string, string>;
    WorkerMessageType: Record<string, string>;
  };
  assert.equal(MasterMessageType.run, "run");
  for (const type of ["init", "running", "result", "error"]) assert.equal(WorkerMessageType[type], type);
});

test("threads.js's spawn talks to the worker: calls resolve, a call that throws rejects with its message", async () => {
  const thread = (await spawn<WorkerApi>(new Worker(workerScript))) as ModuleThread<WorkerApi> & FunctionThread;
  try {
    await thread.init({ shared: 1 });
    const done = await thread.runAll("echo", fixtures, [{ index: 0, payload: "hello" }]);
    assert.equal(done.length, 1);
    assert.deepEqual([done[0].ok, done[0].ok && done[0].value, done[0].last], [true, "hello", true]);
    const failed = await thread.runAll("throws", fixtures, [{ index: 3, payload: "no" }]);
    assert.deepEqual([failed[0].index, failed[0].ok, !failed[0].ok && failed[0].message], [3, false, "no"]);
    await assert.rejects(thread.warm("throws", fixtures, "told to throw"), (e: Error) => e.message === "told to throw");
    const times = await thread.warm("echo", fixtures, 0);
    assert.ok(times.length >= 1 && times.every((t) => t >= 0));
  } finally {
    await Thread.terminate(thread);
  }
});

test("a worker loads neither threads.js nor a job module before its first job", { timeout: 30000 }, async () => {
  const thread = (await spawn<WorkerApi>(new Worker(workerScript))) as ModuleThread<WorkerApi> & FunctionThread;
  try {
    const [done] = await thread.runAll("loadedModules", fixtures, [{ index: 0, payload: 0 }]);
    assert.ok(done.ok);
    const loaded = done.value as string[];
    assert.ok(loaded.includes("dist/parallel/worker.js"), loaded.join(", "));
    const unwanted = loaded.filter((f) => f.startsWith("node_modules/threads/") || f.startsWith("dist/physics/"));
    assert.deepEqual(unwanted, []);
  } finally {
    await Thread.terminate(thread);
  }
});
