/**
 * Where a pool's workers compile their hot code.
 *
 * V8 optimizes a hot function with TurboFan on background threads ("concurrent recompilation")
 * while the function goes on running unoptimized. With a core to spare that is free. In a pool
 * with a worker on every core it is not: every worker compiles the solver's hot functions afresh
 * (TurboFan spends tens of ms on its `acceptStep` alone), all of that background compiling
 * competes with the workers for the same cores, and meanwhile the jobs run unoptimized. On a
 * 2-core machine, 4000 tiny jobs through the CLI on 2 workers: V8's background threads used about
 * 0.33 s of CPU in the pooled run against 0.19 s in the sequential one; with each worker compiling
 * on its own thread they used 0.02 s, and the pooled run took ~450 ms instead of ~510 ms (the
 * measurements are in docs/benchmarks.md).
 *
 * So a pool with at least as many workers as the process has cores starts its workers with
 * concurrent recompilation off, and a pool with a core to spare starts them with V8's default.
 * V8 reads the flag when it creates a thread's engine (its isolate): the main thread's was created
 * when the process started and keeps compiling in the background, so a sequential run is the same
 * whatever pools ran before it. A process started with either flag
 * (`node --no-concurrent-recompilation`, `--concurrent-recompilation`) is left as it was told.
 *
 * Node warns that a V8 flag changed after start may do nothing, or worse; this one is read only
 * when an isolate is created, and test/parallel/jit.test.ts reads its effect off V8's own trace
 * (`--trace-opt`) on every Node version CI runs (20, 22, 24), so a Node that stops honouring it
 * fails there rather than slowing pools quietly.
 */
import * as v8 from "node:v8";
import { defaultWorkers } from "./options.js";

/** "own thread": each worker compiles on its own thread; "background": on V8's background threads. */
export type CompileMode = "own thread" | "background";

/**
 * The mode for a pool of `workers` on `cores` cores: its own thread once no core is left over.
 * `cores` defaults to the cores the kit believes in (`defaultWorkers`: SWEEPLAB_CORES when set,
 * a SLURM job's CPUs), so a test run as a 16-core machine takes a 16-core machine's modes.
 */
export function workerCompileMode(workers: number, cores = defaultWorkers()): CompileMode {
  return workers >= cores ? "own thread" : "background";
}

/** The mode the process was started with, if it was given a concurrent-recompilation flag. */
function told(): CompileMode | undefined {
  const flag = process.execArgv.filter((arg) => /^--(no-)?concurrent[-_]recompilation$/.test(arg)).at(-1);
  if (flag === undefined) return undefined;
  return flag.startsWith("--no-") ? "own thread" : "background";
}

/** What this module last set (V8's default until then). */
let current: CompileMode = "background";

/**
 * Sets the mode new worker threads start with, for a pool of `workers`, and returns it (what the
 * process was started with, if it was given a flag). Call it just before creating the workers: a
 * worker reads the flag as its thread starts, so two pools of different modes started at the
 * same moment may swap modes (which changes their speed, not their results).
 */
export function setWorkerCompileMode(workers: number): CompileMode {
  const given = told();
  if (given) return given;
  const mode = workerCompileMode(workers);
  if (mode !== current) {
    v8.setFlagsFromString(mode === "own thread" ? "--no-concurrent-recompilation" : "--concurrent-recompilation");
    current = mode;
  }
  return mode;
}
