/**
 * Where pool workers compile their hot code (src/parallel/jit.ts), read off V8's own trace
 * (`--trace-opt` prints every optimizing compile with its ConcurrencyMode) in child processes.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { test } from "node:test";
import { workerCompileMode } from "../../dist/parallel/jit.js";
import { defaultWorkers } from "../../dist/parallel/options.js";

const dist = path.join(__dirname, "..", "..", "dist", "index.js");
const DEADLINE = { timeout: 120_000 };

test("workers compile on their own threads once the pool has a worker per core", () => {
  assert.equal(workerCompileMode(2, 2), "own thread");
  assert.equal(workerCompileMode(3, 2), "own thread");
  assert.equal(workerCompileMode(1, 1), "own thread");
  assert.equal(workerCompileMode(1, 2), "background");
  assert.equal(workerCompileMode(7, 8), "background");
});

/**
 * Runs tiny sweeps in a child under `--trace-opt`, one per entry of `runs` (a pool of that many
 * workers; 0: sequential) with odex (not the default method: chosen for its large `acceptStep`), and
 * counts how V8 compiled `acceptStep`: on the thread that runs it ("sync") or in the background ("concurrent").
 */
function acceptStepCompiles(runs: number[], flags: string[] = []): { sync: number; concurrent: number } {
  const script = `
    const lab = require(${JSON.stringify(dist)});
    (async () => {
      for (const workers of ${JSON.stringify(runs)}) {
        const options = workers === 0 ? { sequential: true } : { workers, chunksize: 1 };
        await lab.runSweep({ nz: 2, nR: 300, method: "odex" }, { ...options, keepSamples: false });
      }
    })();`;
  const res = spawnSync(process.execPath, [...flags, "--trace-opt", "-e", script], {
    encoding: "utf8",
    timeout: 60_000,
    maxBuffer: 64 * 2 ** 20,
  });
  assert.equal(res.status, 0, res.stderr);
  const lines = res.stdout.split("\n").filter((line) => /compiling method .*<JSFunction acceptStep /.test(line));
  return {
    sync: lines.filter((line) => line.includes("ConcurrencyMode::kSynchronous")).length,
    concurrent: lines.filter((line) => line.includes("ConcurrencyMode::kConcurrent")).length,
  };
}

test(
  "a pool with a worker per core compiles in its workers, and the main thread still in the background",
  DEADLINE,
  () => {
    const cores = defaultWorkers();
    const pooled = acceptStepCompiles([cores]);
    assert.ok(pooled.sync >= 1, `no worker compiled on its own thread: ${JSON.stringify(pooled)}`);
    assert.equal(pooled.concurrent, 0, "a worker compiled in the background");
    // the same process runs the jobs sequentially afterwards: the main thread compiles as V8 does by default
    const then = acceptStepCompiles([cores, 0]);
    assert.ok(then.concurrent >= 1, `the main thread did not compile in the background: ${JSON.stringify(then)}`);
  },
);

test("a pool with a core to spare, and a process given its own flag, keep V8's background compiling", DEADLINE, (t) => {
  const cores = defaultWorkers();
  const told = acceptStepCompiles([cores], ["--concurrent-recompilation"]);
  assert.equal(told.sync, 0, "the process's own --concurrent-recompilation was overridden");
  assert.ok(told.concurrent >= 1, JSON.stringify(told));
  if (cores < 2) return t.skip("one core: every pool has a worker per core");
  const spare = acceptStepCompiles([cores - 1]);
  assert.equal(spare.sync, 0, "a pool with a spare core compiled on its workers' own threads");
  assert.ok(spare.concurrent >= 1, JSON.stringify(spare));
});
