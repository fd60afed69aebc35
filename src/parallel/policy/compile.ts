/**
 * The compile policy: where a pool's workers compile their hot code. The rule: a pool with at least
 * as many workers as the process has cores starts its workers with V8's concurrent recompilation
 * off (each worker compiles its hot functions on its own thread, instead of on background threads
 * that would compete with the workers for the cores); a pool with a core to spare keeps V8's
 * default. A process started with either flag (`node --no-concurrent-recompilation`,
 * `--concurrent-recompilation`) is left as it was told. The measurements behind the rule, and why
 * setting a V8 flag after start is safe here: docs/pool-tuning.md. test/parallel/policy/compile.test.ts
 * reads the effect off V8's own trace (`--trace-opt`).
 */
import * as v8 from "node:v8";
import { defaultWorkers } from "../options.js";

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
