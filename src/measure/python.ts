/**
 * The lecture's Python original beside the kit: finds a Python with SciPy, runs
 * `python/ex_wqed_cluster.py --json` (the sequential and the pooled sweep timed in one run), checks
 * what it printed, and compares its observables with sweeplab's before any ratio is taken.
 * A machine without SciPy is not an error: the lookup says why, and the caller goes on.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  type OptionKeys,
  SweepInterruptedError,
  UsageError,
  assertFlag,
  assertInteger,
  checkOptions,
  describe,
} from "../errors.js";
import { register } from "../interrupt.js";
import { defaultWorkers, maxWorkers } from "../pool.js";
import type { SummaryRow, TimingStats } from "../types.js";
import {
  type Workload,
  type WorkloadName,
  checkWorkloadArg,
  lecture,
  workload as lookupWorkload,
} from "../workloads.js";

/** The port of the lecture's script, shipped in the repository's `python/` folder. */
export const pythonScript = path.resolve(__dirname, "..", "..", "python", "ex_wqed_cluster.py");

/** Where a Python is looked for, in order, after `SWEEPLAB_PYTHON`: the first that imports SciPy wins. */
export const pythonCandidates: readonly string[] = ["python3", "python", "/usr/bin/python3"];

/** A Python that imports NumPy and SciPy, and what it runs. */
export interface PythonInfo {
  /** What was run: `python3`, `/usr/bin/python3`, or the value of SWEEPLAB_PYTHON. */
  command: string;
  /** Why it was tried: the environment variable, or the list of usual names. */
  from: "SWEEPLAB_PYTHON" | "candidates";
  /** The interpreter itself (`sys.executable`). */
  executable: string;
  python: string;
  numpy: string;
  scipy: string;
  /** tqdm's version, or null when it is not installed (the script then shows no progress bar). */
  tqdm: string | null;
}

/** A Python that was tried and did not do, with the reason. */
export interface PythonTried {
  command: string;
  from: "SWEEPLAB_PYTHON" | "candidates";
  problem: string;
}

/** The result of looking for Python: found, or not available with the reason (never a throw). */
export type PythonLookup =
  | { status: "found"; python: PythonInfo; tried: PythonTried[] }
  | { status: "unavailable"; reason: string; tried: PythonTried[] };

export interface FindPythonOptions {
  /** Environment to read SWEEPLAB_PYTHON and PATH from. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Names or paths tried after SWEEPLAB_PYTHON. @default pythonCandidates */
  candidates?: readonly string[];
  /** Longest wait for one candidate to import SciPy (ms). @default 30000 */
  timeoutMs?: number;
}

const findOptionKeys = {
  env: true,
  candidates: true,
  timeoutMs: true,
} as const satisfies OptionKeys<FindPythonOptions>;

/** Prints the versions as one JSON line; exits 1 with Python's own message when an import fails. */
const probe = [
  "import json, platform, sys",
  "import numpy, scipy",
  "try:\n    import tqdm\n    t = tqdm.__version__\nexcept ImportError:\n    t = None",
  "print(json.dumps(dict(executable=sys.executable, python=platform.python_version(), numpy=numpy.__version__, scipy=scipy.__version__, tqdm=t)))",
].join("\n");

/**
 * Finds a Python with NumPy and SciPy: SWEEPLAB_PYTHON when set, then `python3`, `python` and
 * `/usr/bin/python3`, the first that imports both. When none does, the answer says why for each
 * (`status: "unavailable"`); a SWEEPLAB_PYTHON that does not work is named in `tried` even when a
 * later candidate is used.
 * @example
 * const found = findPython();
 * found.status === "found" ? found.python.scipy : found.reason; // "1.10.1", or why not
 */
export function findPython(options: FindPythonOptions = {}): PythonLookup {
  checkOptions(options, findOptionKeys, "findPython");
  const { env = process.env, candidates = pythonCandidates, timeoutMs = 30_000 } = options;
  if (!Array.isArray(candidates) || candidates.some((c) => typeof c !== "string" || c === "")) {
    throw new UsageError(
      `\`candidates\` must be an array of command names or paths, got ${describe(candidates)}: e.g. ["python3", "/usr/bin/python3"]`,
      "candidates",
    );
  }
  assertInteger(timeoutMs, "timeoutMs", 1);
  const order: { command: string; from: PythonTried["from"] }[] = [];
  if (env.SWEEPLAB_PYTHON) order.push({ command: env.SWEEPLAB_PYTHON, from: "SWEEPLAB_PYTHON" });
  for (const command of candidates) order.push({ command, from: "candidates" });
  const tried: PythonTried[] = [];
  for (const { command, from } of order) {
    const res = spawnSync(command, ["-c", probe], { encoding: "utf8", env, timeout: timeoutMs, windowsHide: true });
    const problem = probeProblem(res, timeoutMs);
    if (problem === undefined) {
      const v = JSON.parse(res.stdout.trim().split("\n").pop() as string) as Omit<PythonInfo, "command" | "from">;
      return { status: "found", python: { command, from, ...v }, tried };
    }
    tried.push({ command, from, problem });
  }
  const list = tried.map(
    (t) => `${t.from === "SWEEPLAB_PYTHON" ? `SWEEPLAB_PYTHON=${t.command}` : t.command}: ${t.problem}`,
  );
  return {
    status: "unavailable",
    reason: `no Python with SciPy found (${list.join("; ") || "nothing to try"}): install it (apt-get install python3-scipy, or conda install scipy) or set SWEEPLAB_PYTHON to a Python that has it`,
    tried,
  };
}

/** Why a probe run did not give a Python with SciPy, or undefined when it did. */
function probeProblem(res: ReturnType<typeof spawnSync>, timeoutMs: number): string | undefined {
  const error = res.error as NodeJS.ErrnoException | undefined;
  if (error?.code === "ENOENT") return "not found";
  if (error?.code === "ETIMEDOUT") return `no answer within ${timeoutMs} ms`;
  if (error) return `could not be run (${error.code ?? error.message})`;
  if (res.status !== 0) {
    const lines = String(res.stderr).trim().split("\n");
    return lines[lines.length - 1] || `exited with ${res.status ?? res.signal}`; // e.g. "ModuleNotFoundError: No module named 'scipy'"
  }
  try {
    const v = JSON.parse(String(res.stdout).trim().split("\n").pop() as string) as Record<string, unknown>;
    if (["executable", "python", "numpy", "scipy"].every((k) => typeof v[k] === "string")) return undefined;
  } catch {
    // falls through
  }
  return `printed no version line (${JSON.stringify(String(res.stdout).slice(0, 80))}): is it a Python?`;
}

/** What `ex_wqed_cluster.py --json` prints (format 1). Times are ms; rows are at t_final. */
export interface PythonReport {
  script: "ex_wqed_cluster.py";
  format: 1;
  N: number;
  nR: number;
  eta: number;
  seed: number;
  tFinal: number;
  rtol: number;
  atol: number;
  nSamples: number;
  method: "RK45";
  /** Pool size and chunksize of the pooled sweep; null with `sequential: true` (no pool run). */
  workers: number | null;
  chunksize: number | null;
  /** multiprocessing's start method ("fork" on Linux, "spawn" on macOS and Windows); null without a pool. */
  startMethod: string | null;
  repeats: number;
  /** The plain loop over the jobs, `repeats` samples. */
  sequential: TimingStats;
  /** The whole `with mp.Pool(...) as pool:` block: pool start-up and shut-down included. */
  pooled: TimingStats | null;
  /** Of that, creating the Pool. */
  poolStart: TimingStats | null;
  /** What `pooled` covers, in words. */
  pooledIncludes: string | null;
  /** Every pooled solution equal to the sequential one, sample for sample, in every repeat. */
  pooledEqualsSequential: boolean | null;
  progressBar: boolean;
  /** One row per r, in job order, from the sequential sweep. */
  rows: SummaryRow[];
  /** Right-hand-side evaluations per job (SciPy `nfev`). */
  rhsEvals: number[];
  versions: { python: string; numpy: string; scipy: string; tqdm: string | null };
  executable: string;
  machine: { cores: number; platform: string; machine: string; loadAverage: number };
}

/**
 * Parses and checks the script's JSON; throws an Error naming the first field that is missing or
 * of the wrong kind (a changed script must not feed the bench wrong numbers in silence).
 */
export function parsePythonReport(text: string): PythonReport {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `ex_wqed_cluster.py printed no JSON (${(error as Error).message}): ${JSON.stringify(text.slice(0, 120))}`,
      { cause: error },
    );
  }
  const fail = (field: string, want: string, got: unknown): never => {
    throw new Error(`ex_wqed_cluster.py's JSON: \`${field}\` must be ${want}, got ${describe(got)}`);
  };
  const obj = (x: unknown, field: string) =>
    x !== null && typeof x === "object" && !Array.isArray(x)
      ? (x as Record<string, unknown>)
      : fail(field, "an object", x);
  const r = obj(v, "(top level)");
  const num = (o: Record<string, unknown>, k: string, where = k) =>
    typeof o[k] === "number" && Number.isFinite(o[k]) ? (o[k] as number) : fail(where, "a finite number", o[k]);
  const int = (o: Record<string, unknown>, k: string, min: number, where = k) => {
    const x = num(o, k, where);
    return Number.isInteger(x) && x >= min ? x : fail(where, `an integer from ${min}`, x);
  };
  const str = (o: Record<string, unknown>, k: string, where = k) =>
    typeof o[k] === "string" ? (o[k] as string) : fail(where, "a string", o[k]);
  const orNull = <T>(k: string, check: () => T) => (r[k] === null ? null : check());
  const timing = (k: string, repeats: number) => {
    const t = obj(r[k], k);
    const samples = Array.isArray(t.samplesMs) ? t.samplesMs : fail(`${k}.samplesMs`, "an array", t.samplesMs);
    if (samples.length !== repeats || samples.some((x) => typeof x !== "number" || !(x >= 0) || !Number.isFinite(x))) {
      fail(`${k}.samplesMs`, `${repeats} finite times >= 0 (one per repeat)`, samples);
    }
    return {
      samplesMs: samples as number[],
      medianMs: num(t, "medianMs", `${k}.medianMs`),
      minMs: num(t, "minMs", `${k}.minMs`),
      maxMs: num(t, "maxMs", `${k}.maxMs`),
    };
  };

  if (r.script !== "ex_wqed_cluster.py") fail("script", '"ex_wqed_cluster.py"', r.script);
  if (r.format !== 1) fail("format", "1 (the format this sweeplab reads)", r.format);
  if (r.method !== "RK45") fail("method", '"RK45"', r.method);
  const nR = int(r, "nR", 1);
  const repeats = int(r, "repeats", 1);
  const pooled = orNull("pooled", () => timing("pooled", repeats));
  const rows =
    Array.isArray(r.rows) && r.rows.length === nR ? r.rows : fail("rows", `an array of nR = ${nR} rows`, r.rows);
  const rhsEvals =
    Array.isArray(r.rhsEvals) && r.rhsEvals.length === nR
      ? r.rhsEvals
      : fail("rhsEvals", `an array of nR = ${nR} counts`, r.rhsEvals);
  const versions = obj(r.versions, "versions");
  const machine = obj(r.machine, "machine");
  const report: PythonReport = {
    script: "ex_wqed_cluster.py",
    format: 1,
    N: int(r, "N", 2),
    nR,
    eta: num(r, "eta"),
    seed: int(r, "seed", 0),
    tFinal: num(r, "tFinal"),
    rtol: num(r, "rtol"),
    atol: num(r, "atol"),
    nSamples: int(r, "nSamples", 1),
    method: "RK45",
    workers: orNull("workers", () => int(r, "workers", 1)),
    chunksize: orNull("chunksize", () => int(r, "chunksize", 1)),
    startMethod: orNull("startMethod", () => str(r, "startMethod")),
    repeats,
    sequential: timing("sequential", repeats),
    pooled,
    poolStart: orNull("poolStart", () => timing("poolStart", repeats)),
    pooledIncludes: orNull("pooledIncludes", () => str(r, "pooledIncludes")),
    pooledEqualsSequential: orNull("pooledEqualsSequential", () =>
      typeof r.pooledEqualsSequential === "boolean"
        ? r.pooledEqualsSequential
        : fail("pooledEqualsSequential", "true, false or null", r.pooledEqualsSequential),
    ),
    progressBar:
      typeof r.progressBar === "boolean" ? r.progressBar : fail("progressBar", "true or false", r.progressBar),
    rows: rows.map((row, i) => {
      const o = obj(row, `rows[${i}]`);
      return {
        r: num(o, "r", `rows[${i}].r`),
        sz_mean: num(o, "sz_mean", `rows[${i}].sz_mean`),
        s2_abs: num(o, "s2_abs", `rows[${i}].s2_abs`),
      };
    }),
    rhsEvals: rhsEvals.map((x, i) =>
      Number.isInteger(x) && x >= 1 ? (x as number) : fail(`rhsEvals[${i}]`, "an integer from 1", x),
    ),
    versions: {
      python: str(versions, "python", "versions.python"),
      numpy: str(versions, "numpy", "versions.numpy"),
      scipy: str(versions, "scipy", "versions.scipy"),
      tqdm: versions.tqdm === null ? null : str(versions, "tqdm", "versions.tqdm"),
    },
    executable: str(r, "executable"),
    machine: {
      cores: int(machine, "cores", 1, "machine.cores"),
      platform: str(machine, "platform", "machine.platform"),
      machine: str(machine, "machine", "machine.machine"),
      loadAverage: num(machine, "loadAverage", "machine.loadAverage"),
    },
  };
  const poolFields = [
    report.workers,
    report.chunksize,
    report.startMethod,
    report.pooled,
    report.poolStart,
    report.pooledIncludes,
    report.pooledEqualsSequential,
  ];
  if (poolFields.some((x) => x === null) && poolFields.some((x) => x !== null)) {
    fail(
      "workers, chunksize, startMethod, pooled, poolStart, pooledIncludes and pooledEqualsSequential",
      "all null (a sequential run) or all set (a pooled run)",
      poolFields.map(String).join(", "),
    );
  }
  return report;
}

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

/** The workload fields the port takes as flags; every other field must be the lecture's. */
const portFlags = { nz: "--nz", nR: "--n-r", eta: "--eta", seed: "--seed" } as const satisfies Partial<
  Record<keyof Workload, string>
>;

/** The outcome of one run of the Python original. Only a caller's mistake or an interrupt throws. */
export type PythonSweepRun =
  | { status: "ok"; report: PythonReport; python: PythonInfo | { command: string }; argv: string[]; stderr: string }
  | { status: "unavailable"; reason: string; tried: PythonTried[] }
  | {
      status: "failed";
      reason: string;
      python: PythonInfo | { command: string };
      argv: string[];
      exitCode: number | null;
      stderr: string;
    };

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
  checkOptions(options, sweepOptionKeys, "runPythonSweep");
  const {
    workload: w = "lecture",
    workers = defaultWorkers(options.env),
    chunksize = 2,
    repeats = 1,
    sequential = false,
    timeoutMs = 300_000,
    env = process.env,
    signal,
  } = options;
  const flags = portArgs(w);
  assertInteger(workers, "workers", 1, maxWorkers);
  assertInteger(chunksize, "chunksize", 1);
  assertInteger(repeats, "repeats", 1, 1000);
  assertFlag(sequential, "sequential");
  assertInteger(timeoutMs, "timeoutMs", 1);
  if (signal !== undefined && !(signal instanceof AbortSignal))
    throw new UsageError(
      `\`signal\` must be an AbortSignal, got ${describe(signal)}: pass controller.signal, or leave it out`,
      "signal",
    );
  if (
    options.python !== undefined &&
    typeof options.python !== "string" &&
    typeof (options.python as PythonInfo)?.command !== "string"
  ) {
    throw new UsageError(
      `\`python\` must be a command (e.g. "/usr/bin/python3") or what findPython() found, got ${describe(options.python)}: or leave it out to look for one`,
      "python",
    );
  }
  if (signal?.aborted) throw new SweepInterruptedError(String(signal.reason ?? "aborted"), 0, 1);

  let python: PythonInfo | { command: string };
  if (options.python === undefined) {
    const found = findPython({ env });
    if (found.status === "unavailable") return found;
    python = found.python;
  } else {
    python = typeof options.python === "string" ? { command: options.python } : options.python;
  }
  const argv = [
    pythonScript,
    "--json",
    "--quiet",
    ...flags,
    "--repeats",
    String(repeats),
    ...(sequential ? ["--sequential"] : ["--workers", String(workers), "--chunksize", String(chunksize)]),
  ];
  const failed = (reason: string, exitCode: number | null, stderr: string): PythonSweepRun => ({
    status: "failed",
    reason,
    python,
    argv,
    exitCode,
    stderr,
  });
  if (!fs.existsSync(pythonScript))
    return failed(`the script ${pythonScript} is missing (it ships in the repository's python/ folder)`, null, "");

  const out = await runChild(python.command, argv, { env, timeoutMs, signal });
  if (out.interrupted !== undefined) throw new SweepInterruptedError(out.interrupted, 0, 1);
  const tail = lastLines(out.stderr, 5);
  if (out.error) return failed(`${python.command} could not be run (${out.error})`, null, out.stderr);
  if (out.timedOut)
    return failed(
      `no result within ${timeoutMs} ms: Python and its pool were killed (raise timeoutMs for a bigger sweep)`,
      out.exitCode,
      out.stderr,
    );
  if (out.exitCode !== 0)
    return failed(
      `ex_wqed_cluster.py exited with ${out.exitCode ?? out.signal}${tail ? `: ${tail}` : ""}`,
      out.exitCode,
      out.stderr,
    );
  try {
    return { status: "ok", report: parsePythonReport(out.stdout), python, argv, stderr: out.stderr };
  } catch (error) {
    return failed((error as Error).message, out.exitCode, out.stderr);
  }
}

/** The flags that give the port the same sweep as workload `w`; refuses a field the port lacks. */
export function portArgs(w: WorkloadName | Partial<Workload>): string[] {
  checkWorkloadArg(w, "runPythonSweep");
  const resolved = typeof w === "string" ? lookupWorkload(w) : lookupWorkload("lecture", w);
  const other = (Object.keys(lecture) as (keyof Workload)[]).filter(
    (k) => !(k in portFlags) && resolved[k] !== lecture[k],
  );
  if (other.length > 0) {
    throw new UsageError(
      `the Python original runs the lecture's parameters and changes only ${Object.keys(portFlags).join(", ")}, got ${other.map((k) => `${k} = ${resolved[k]} (the lecture: ${lecture[k]})`).join(", ")}: compare on the lecture workload`,
      other[0],
    );
  }
  return Object.entries(portFlags).flatMap(([k, flag]) => [flag, String(resolved[k as keyof typeof portFlags])]);
}

interface ChildOutput {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  error?: string;
  interrupted?: string;
}

/**
 * Runs a command without a shell in a process group of its own, so a timeout, an abort or Ctrl-C
 * (through the kit's interrupt registry) kills Python and every pool worker it forked.
 */
function runChild(
  command: string,
  args: string[],
  o: { env: NodeJS.ProcessEnv; timeoutMs: number; signal?: AbortSignal },
): Promise<ChildOutput> {
  return new Promise((resolve) => {
    const group = process.platform !== "win32";
    const child = spawn(command, args, {
      env: o.env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: group,
      windowsHide: true,
    });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    let interrupted: string | undefined;
    let error: string | undefined;
    const kill = () => {
      try {
        if (group && child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
        else child.kill("SIGKILL");
      } catch {
        // already gone
      }
    };
    const stop = (reason: string) => {
      interrupted ??= reason;
      kill();
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, o.timeoutMs);
    const onAbort = () => stop(String(o.signal?.reason ?? "aborted"));
    o.signal?.addEventListener("abort", onAbort, { once: true });
    const unregister = register({ stop });
    process.once("exit", kill); // a bench that exits mid-run leaves no Python behind
    child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
    child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
    child.on("error", (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
    child.on("close", (exitCode, signal) => {
      clearTimeout(timer);
      o.signal?.removeEventListener("abort", onAbort);
      unregister();
      process.off("exit", kill);
      // a Python that died by itself may leave pool workers in its group
      if (exitCode !== 0 || timedOut || interrupted !== undefined) kill();
      resolve({ stdout, stderr, exitCode, signal, timedOut, error, interrupted });
    });
  });
}

function lastLines(text: string, n: number): string {
  return text.trim().split("\n").slice(-n).join(" | ");
}

/** How closely the Python original's observables match the kit's, row by row (same r list). */
export interface ObservableComparison {
  /** Largest |python - kit| over every row and both observables. */
  maxDiff: number;
  /** Where it is: the row, its r and the observable (undefined for empty lists). */
  worst?: { index: number; r: number; field: "sz_mean" | "s2_abs"; python: number; kit: number };
  tolerance: number;
  /** maxDiff <= tolerance (and every value finite). */
  agree: boolean;
  rows: number;
}

/**
 * Compares two summaries `r, sz_mean, s2_abs` of the same sweep (the r values must be equal, in the
 * same order) and reports the largest difference; a bench checks `agree` before it prints ratios.
 * @example
 * const kit = await runSweep("lecture", { sequential: true });
 * compareObservables(run.report.rows, kit.rows).maxDiff; // ~1e-8 at the lecture's tolerances
 */
export function compareObservables(
  python: readonly SummaryRow[],
  kit: readonly SummaryRow[],
  tolerance = 1e-6,
): ObservableComparison {
  if (!Array.isArray(python) || !Array.isArray(kit) || python.length !== kit.length) {
    throw new UsageError(
      `the two summaries must hold one row per r each, got ${describe(python)} (Python) and ${describe(kit)} (sweeplab): run both on the same workload`,
      "rows",
    );
  }
  if (!(tolerance >= 0) || !Number.isFinite(tolerance))
    throw new UsageError(
      `\`tolerance\` must be a finite number >= 0, got ${describe(tolerance)}: e.g. 1e-6`,
      "tolerance",
    );
  let result: ObservableComparison = { maxDiff: 0, tolerance, agree: true, rows: kit.length };
  kit.forEach((row, index) => {
    if (python[index].r !== row.r) {
      throw new UsageError(
        `row ${index} has r = ${python[index].r} in Python but r = ${row.r} in sweeplab: the summaries are of different sweeps; run both on the same workload`,
        "rows",
      );
    }
    for (const field of ["sz_mean", "s2_abs"] as const) {
      const diff = Math.abs(python[index][field] - row[field]);
      const d = Number.isNaN(diff) ? Infinity : diff;
      if (result.worst === undefined || d > result.maxDiff)
        result = {
          ...result,
          maxDiff: d,
          worst: { index, r: row.r, field, python: python[index][field], kit: row[field] },
        };
    }
  });
  return { ...result, agree: result.maxDiff <= tolerance };
}

/** The kit's side of a comparison: its rows and its timings, measured in the same run as the Python. */
export interface KitTimings {
  rows: readonly SummaryRow[];
  sequential: TimingStats;
  pooled?: TimingStats;
}

/** Side by side: the observables checked first; ratios only when they agree. */
export interface SideBySide {
  observables: ObservableComparison;
  /** sweeplab median / Python median (below 1: sweeplab is faster); null when the observables disagree. */
  ratios: { sequential: number; pooled: number | null } | null;
  /** Why there are no ratios, or which pooled ratio is missing. */
  note?: string;
}

/**
 * The TypeScript/Python ratios of the sequential and the pooled sweep, after checking that the two
 * agree on every observable to `tolerance` (1e-6: both solve to rtol 1e-7).
 * @example
 * sideBySide({ rows, sequential, pooled }, run.report).ratios?.sequential; // e.g. 2.9: sweeplab 2.9x slower
 */
export function sideBySide(kit: KitTimings, python: PythonReport, tolerance = 1e-6): SideBySide {
  const observables = compareObservables(python.rows, kit.rows, tolerance);
  if (!observables.agree) {
    const w = observables.worst;
    return {
      observables,
      ratios: null,
      note: `no ratios: the observables differ by ${observables.maxDiff.toPrecision(3)} (${w?.field} at r = ${w?.r}), more than ${tolerance}; the two do not compute the same thing`,
    };
  }
  const pooled = kit.pooled && python.pooled ? kit.pooled.medianMs / python.pooled.medianMs : null;
  return {
    observables,
    ratios: { sequential: kit.sequential.medianMs / python.sequential.medianMs, pooled },
    ...(pooled === null ? { note: "no pooled ratio: only one side ran a pool" } : {}),
  };
}
