/** Finding a Python that imports NumPy and SciPy, or saying why there is none. */
import { spawnSync } from "node:child_process";
import { type OptionKeys, assertInteger, checkOptions, describe } from "../../core/check.js";
import { UsageError } from "../../core/errors.js";

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
      const v = JSON.parse(lastLine(res.stdout)) as Omit<PythonInfo, "command" | "from">;
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
  // e.g. "ModuleNotFoundError: No module named 'scipy'"
  if (res.status !== 0) return lastLine(String(res.stderr)) || `exited with ${res.status ?? res.signal}`;
  try {
    const v = JSON.parse(lastLine(String(res.stdout))) as Record<string, unknown>;
    if (["executable", "python", "numpy", "scipy"].every((k) => typeof v[k] === "string")) return undefined;
  } catch {
    // falls through
  }
  return `printed no version line (${JSON.stringify(String(res.stdout).slice(0, 80))}): is it a Python?`;
}

function lastLine(text: string): string {
  return text.trim().split("\n").pop() ?? "";
}
