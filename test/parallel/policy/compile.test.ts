/**
 * Where pool workers compile their hot code (src/parallel/policy/compile.ts), read off V8's own trace
 * (`--trace-opt` prints every optimizing compile with its ConcurrencyMode) in child processes.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { test } from "node:test";
import { workerCompileMode } from "../../../dist/parallel/policy/compile.js";
import { defaultWorkers } from "../../../dist/parallel/options.js";
import { kitCores } from "../../../dist/core/machine.js";

const dist = path.join(__dirname, "..", "..", "..", "dist", "index.js");
const DEADLINE = { timeout: 120_000 };

/**
 * The children believe in this many cores (SWEEPLAB_CORES), whatever the machine has: the test
 * then takes the same paths on 2 cores and on 16, and never starts a pool of 16 threads.
 */
const CORES = 2;

test("workers compile on their own threads once the pool has a worker per core", () => {
  assert.equal(workerCompileMode(2, 2), "own thread");
  assert.equal(workerCompileMode(3, 2), "own thread");
  assert.equal(workerCompileMode(1, 1), "own thread");
  assert.equal(workerCompileMode(1, 2), "background");
  assert.equal(workerCompileMode(7, 8), "background");
});

test("SWEEPLAB_CORES sets the cores behind the default worker count and compile mode", () => {
  assert.equal(kitCores({ SWEEPLAB_CORES: "16" }), 16);
  assert.equal(defaultWorkers({ SWEEPLAB_CORES: "16" }), 16);
  assert.equal(defaultWorkers({ SWEEPLAB_CORES: "16", SLURM_CPUS_PER_TASK: "4" }), 4);
  assert.equal(workerCompileMode(2, defaultWorkers({ SWEEPLAB_CORES: "16" })), "background");
  assert.equal(workerCompileMode(16, defaultWorkers({ SWEEPLAB_CORES: "16" })), "own thread");
  for (const bad of ["0", "-2", "1.5", "two", "4000"]) {
    assert.throws(() => kitCores({ SWEEPLAB_CORES: bad }), /SWEEPLAB_CORES must be a whole number of cores from 1/);
  }
});

/**
 * Runs tiny sweeps in a child under `--trace-opt`, one per entry of `runs` (a pool of that many
 * workers; 0: sequential) with odex (not the default method: chosen for its large `acceptStep`), and
 * counts how V8 compiled `acceptStep`: on the thread that runs it ("sync") or in the background ("concurrent").
 */
function acceptStepCompiles(runs: number[], flags: string[] = [], cores = CORES): { sync: number; concurrent: number } {
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
    env: { ...process.env, SWEEPLAB_CORES: String(cores), SLURM_CPUS_PER_TASK: "" },
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
    const cores = CORES;
    const pooled = acceptStepCompiles([cores]);
    assert.ok(pooled.sync >= 1, `no worker compiled on its own thread: ${JSON.stringify(pooled)}`);
    assert.equal(pooled.concurrent, 0, "a worker compiled in the background");
    // the same process runs the jobs sequentially afterwards: the main thread compiles as V8 does by default
    const then = acceptStepCompiles([cores, 0]);
    assert.ok(then.concurrent >= 1, `the main thread did not compile in the background: ${JSON.stringify(then)}`);
  },
);

test("a pool with a core to spare, and a process given its own flag, keep V8's background compiling", DEADLINE, () => {
  const told = acceptStepCompiles([CORES], ["--concurrent-recompilation"]);
  assert.equal(told.sync, 0, "the process's own --concurrent-recompilation was overridden");
  assert.ok(told.concurrent >= 1, JSON.stringify(told));
  const spare = acceptStepCompiles([CORES - 1]);
  assert.equal(spare.sync, 0, "a pool with a spare core compiled on its workers' own threads");
  assert.ok(spare.concurrent >= 1, JSON.stringify(spare));
  // the same pool of 2 as a 16-core machine sees it: cores to spare, so V8's default
  const big = acceptStepCompiles([CORES], [], 16);
  assert.equal(big.sync, 0, "a pool of 2 on a 16-core machine compiled on its workers' own threads");
});
