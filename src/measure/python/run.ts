/** Running the lecture's Python original with `--json` and reading its answer. */
import * as fs from "node:fs";
import * as path from "node:path";
import { type OptionKeys, assertFlag, assertInteger, checkOptions, describe } from "../../core/check.js";
import { SweepInterruptedError, UsageError } from "../../core/errors.js";
import { defaultWorkers, maxWorkers } from "../../parallel/options.js";
import {
  type Workload,
  type WorkloadName,
  checkWorkloadArg,
  lecture,
  workload as lookupWorkload,
} from "../../physics/workloads.js";
import { runChild } from "./child.js";
import { type PythonInfo, type PythonTried, findPython } from "./find.js";
import { type PythonReport, parsePythonReport } from "./report.js";

/** The port of the lecture's script, in the repository's `python/` folder. */
export const pythonScript = path.resolve(__dirname, "..", "..", "..", "python", "ex_wqed_cluster.py");

export interface PythonSweepOptions {
  /**
   * The sweep: the lecture's, with `nz`, `nR`, `eta` and `seed` changeable (the port takes no
   * other workload field). @default "lecture"
   */
  workload?: WorkloadName | Partial<Workload>;
  /** Processes in the pool (`mp.Pool(processes=workers)`). @default defaultWorkers(), as the kit's pool */
  workers?: number;
  /** Jobs per task of `pool.imap`. @default 2 (the lecture's) */
  chunksize?: number;
  /** Timed runs of each sweep, sequential then pooled, alternating. @default 1 */
  repeats?: number;
  /** Time only the sequential sweep (no pool). @default false */
  sequential?: boolean;
  /** Longest the whole run may take before Python and its workers are killed (ms). @default 300000 */
  timeoutMs?: number;
  /** A Python from `findPython`, or a command to run; found with `findPython` when left out. */
  python?: PythonInfo | string;
  /** Environment of the Python run (and of the lookup). @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Stops the run (Python and its pool are killed); the promise rejects with SweepInterruptedError. */
  signal?: AbortSignal;
}

const sweepOptionKeys = {
  workload: true,
  workers: true,
  chunksize: true,
  repeats: true,
  sequential: true,
  timeoutMs: true,
  python: true,
  env: true,
  signal: true,
} as const satisfies OptionKeys<PythonSweepOptions>;

/** Who ran, and with what arguments (the script's path first). */
interface Ran {
  python: PythonInfo | { command: string };
  argv: string[];
  stderr: string;
}

/** The outcome of one run of the Python original. Only a caller's mistake or an interrupt throws. */
export type PythonSweepRun =
  | ({ status: "ok"; report: PythonReport } & Ran)
  | { status: "unavailable"; reason: string; tried: PythonTried[] }
  | ({ status: "failed"; reason: string; exitCode: number | null } & Ran);

/**
 * Runs the lecture's Python original (`python/ex_wqed_cluster.py --json`): the sequential and the
 * pooled sweep timed in one run, with their observables. Without a Python that has SciPy it
 * resolves to `{ status: "unavailable", reason }`; when the script fails, times out or prints
 * something this module cannot read, to `{ status: "failed", reason }`.
 * @example
 * const run = await runPythonSweep({ workers: 2, repeats: 5 });
 * if (run.status === "ok") run.report.sequential.medianMs; // e.g. 87 (ms) on a 2-core machine
 * else console.log(`Python original: ${run.status}: ${run.reason}`);
 */
export async function runPythonSweep(options: PythonSweepOptions = {}): Promise<PythonSweepRun> {
  const o = checkSweepOptions(options);
  if (o.signal?.aborted) throw new SweepInterruptedError(String(o.signal.reason ?? "aborted"), 0, 1);
  let python: PythonInfo | { command: string };
  if (options.python === undefined) {
    const found = findPython({ env: o.env });
    if (found.status === "unavailable") return found;
    python = found.python;
  } else {
    python = typeof options.python === "string" ? { command: options.python } : options.python;
  }
  const pool = ["--workers", String(o.workers), "--chunksize", String(o.chunksize)];
  const argv = [pythonScript, "--json", "--quiet", ...o.flags, "--repeats", String(o.repeats)];
  argv.push(...(o.sequential ? ["--sequential"] : pool));
  const failed = (reason: string, exitCode: number | null, stderr: string): PythonSweepRun => {
    return { status: "failed", reason, exitCode, python, argv, stderr };
  };
  if (!fs.existsSync(pythonScript)) {
    return failed(`the script ${pythonScript} is missing (it ships in the repository's python/ folder)`, null, "");
  }

  const out = await runChild(python.command, argv, { env: o.env, timeoutMs: o.timeoutMs, signal: o.signal });
  if (out.interrupted !== undefined) throw new SweepInterruptedError(out.interrupted, 0, 1);
  if (out.error) return failed(`${python.command} could not be run (${out.error})`, null, out.stderr);
  if (out.timedOut) {
    const reason = `no result within ${o.timeoutMs} ms: Python and its pool were killed (raise timeoutMs for a bigger sweep)`;
    return failed(reason, out.exitCode, out.stderr);
  }
  if (out.exitCode !== 0) {
    const tail = out.stderr.trim().split("\n").slice(-5).join(" | ");
    const reason = `ex_wqed_cluster.py exited with ${out.exitCode ?? out.signal}${tail ? `: ${tail}` : ""}`;
    return failed(reason, out.exitCode, out.stderr);
  }
  try {
    return { status: "ok", report: parsePythonReport(out.stdout), python, argv, stderr: out.stderr };
  } catch (error) {
    return failed((error as Error).message, out.exitCode, out.stderr);
  }
}

/** Every option checked once, with its default; the workload turned into the port's flags. */
function checkSweepOptions(options: PythonSweepOptions) {
  checkOptions(options, sweepOptionKeys, "runPythonSweep");
  const { workload: w = "lecture", chunksize = 2, repeats = 1, sequential = false } = options;
  const { workers = defaultWorkers(options.env), timeoutMs = 300_000, env = process.env, signal } = options;
  const flags = portArgs(w);
  assertInteger(workers, "workers", 1, maxWorkers);
  assertInteger(chunksize, "chunksize", 1);
  assertInteger(repeats, "repeats", 1, 1000);
  assertFlag(sequential, "sequential");
  assertInteger(timeoutMs, "timeoutMs", 1);
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    const message = `\`signal\` must be an AbortSignal, got ${describe(signal)}: pass controller.signal, or leave it out`;
    throw new UsageError(message, "signal");
  }
  const p = options.python;
  if (p !== undefined && typeof p !== "string" && typeof (p as PythonInfo | null)?.command !== "string") {
    throw new UsageError(
      `\`python\` must be a command (e.g. "/usr/bin/python3") or what findPython() found, got ${describe(p)}: or leave it out to look for one`,
      "python",
    );
  }
  return { flags, workers, chunksize, repeats, sequential, timeoutMs, env, signal };
}

/** The workload fields the port takes as flags; every other field must be the lecture's. */
const portFlags = { nz: "--nz", nR: "--n-r", eta: "--eta", seed: "--seed" } as const;

/**
 * The flags that give the port the same sweep as workload `w`; refuses a field the port lacks.
 * @example portArgs({ nz: 30 }) // ["--nz", "30", "--n-r", "20", "--eta", "0", "--seed", "0"]
 */
export function portArgs(w: WorkloadName | Partial<Workload>): string[] {
  checkWorkloadArg(w, "runPythonSweep");
  const resolved = typeof w === "string" ? lookupWorkload(w) : lookupWorkload("lecture", w);
  const fields = Object.keys(lecture) as (keyof Workload)[];
  const other = fields.filter((k) => !(k in portFlags) && resolved[k] !== lecture[k]);
  if (other.length > 0) {
    const got = other.map((k) => `${k} = ${resolved[k]} (the lecture: ${lecture[k]})`).join(", ");
    throw new UsageError(
      `the Python original runs the lecture's parameters and changes only ${Object.keys(portFlags).join(", ")}, got ${got}: compare on the lecture workload`,
      other[0],
    );
  }
  return Object.entries(portFlags).flatMap(([k, flag]) => [flag, String(resolved[k as keyof typeof portFlags])]);
}
