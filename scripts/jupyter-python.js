#!/usr/bin/env node
/**
 * Finds the Python whose Jupyter the kit uses, the same way for every script (the kernel installer,
 * `npm run notebooks`, `npm run lab`, the screenshots): the first of
 *
 *   $SWEEPLAB_PYTHON, python3, python, /usr/bin/python3 (Linux only); on Windows python, py -3, python3
 *
 * that can import the modules the caller needs. In an activated conda env or venv, `python3` and
 * `python` are that env's, so its Jupyter wins; on Debian, /usr/bin/python3 is found even when
 * another python3 without Jupyter (pyenv, say) comes first on PATH. A $SWEEPLAB_PYTHON that lacks a
 * module is an error, not a reason to look further: it was chosen on purpose.
 *
 * As a command it prints the Python's full path, for shell scripts:
 *   node scripts/jupyter-python.js nbclient nbconvert   ->  /usr/bin/python3
 */
"use strict";
const { spawnSync } = require("node:child_process");

/** Asks a Python about itself and its Jupyter; prints one JSON line. Modules come as argv[1:]. */
const PROBE = `
import importlib, json, os, sys
missing = []
for name in sys.argv[1:]:
    try:
        importlib.import_module(name)
    except Exception:
        missing.append(name)
info = {"executable": sys.executable, "prefix": sys.prefix, "basePrefix": sys.base_prefix,
        "conda": os.path.isdir(os.path.join(sys.prefix, "conda-meta")), "missing": missing}
try:
    from jupyter_core.paths import jupyter_data_dir, jupyter_path
    info["userDataDir"] = jupyter_data_dir()
    info["jupyterPath"] = jupyter_path()
except Exception:
    pass
print(json.dumps(info))
`;

/** The commands to try, in order: each is [program, ...arguments before ours]. */
function candidates(env = process.env, platform = process.platform) {
  if (env.SWEEPLAB_PYTHON) return [[env.SWEEPLAB_PYTHON]];
  if (platform === "win32") return [["python"], ["py", "-3"], ["python3"]];
  // Debian: /usr/bin/python3 has the packaged Jupyter even when pyenv's python3 comes first. Not on macOS, where
  // /usr/bin/python3 without the command-line tools opens an install dialog.
  return platform === "linux" ? [["python3"], ["python"], ["/usr/bin/python3"]] : [["python3"], ["python"]];
}

/**
 * Probes one Python. Returns { command, executable, prefix, basePrefix, conda, venv, userDataDir,
 * jupyterPath, missing }, or { command, error } when it does not run at all.
 */
function probe(command, modules = [], env = process.env) {
  const [program, ...pre] = command;
  const run = spawnSync(program, [...pre, "-c", PROBE, ...modules], { encoding: "utf8", env, timeout: 60000 });
  const shown = command.join(" ");
  if (run.error) return { command: shown, error: run.error.code === "ENOENT" ? "not found" : run.error.message };
  const last = (run.stdout || "").trim().split("\n").pop();
  try {
    const info = JSON.parse(last);
    return { command: shown, ...info, venv: info.prefix !== info.basePrefix };
  } catch {
    const why = (run.stderr || "").trim().split("\n").pop() || `exit code ${run.status}`;
    return { command: shown, error: why };
  }
}

/**
 * The first candidate Python that imports every module: its probe (see `probe`), or, when none
 * does, { tried } with each candidate's probe, for `explain`.
 */
function findPython(modules, env = process.env, platform = process.platform) {
  const tried = [];
  for (const command of candidates(env, platform)) {
    const info = probe(command, modules, env);
    if (!info.error && info.missing.length === 0) return info;
    tried.push(info);
    if (env.SWEEPLAB_PYTHON) break;
  }
  return { tried };
}

/** Why no Python fits, and what to do: one line per candidate tried, then the ways to get Jupyter. */
function explain(modules, tried, env = process.env) {
  const lines = [
    `found no Python that can import ${modules.join(", ")}` +
      (env.SWEEPLAB_PYTHON ? ` (SWEEPLAB_PYTHON=${env.SWEEPLAB_PYTHON} was given)` : "") +
      ":",
  ];
  for (const info of tried) {
    const why = info.error ?? `${info.executable} lacks ${info.missing.join(", ")}`;
    lines.push(`  ${info.command}: ${why}`);
  }
  lines.push(
    "  conda:  conda env create -f environment.yml && conda activate sweeplab",
    "  venv:   python3 -m venv .venv && . .venv/bin/activate && pip install jupyterlab ipykernel",
    modules.includes("jupyterlab")
      ? "  (Debian and Ubuntu do not package JupyterLab: use conda or a venv)"
      : "  Debian: apt-get install python3-nbclient python3-nbconvert python3-ipykernel jupyter-client python3-nbformat",
    "  or set SWEEPLAB_PYTHON to a Python that has them (see docs/laptop.md).",
  );
  return lines.join("\n");
}

module.exports = { candidates, probe, findPython, explain };

if (require.main === module) {
  const modules = process.argv.slice(2);
  const found = findPython(modules);
  if (!found.executable) {
    process.stderr.write(`jupyter-python: ${explain(modules, found.tried)}\n`);
    process.exit(1);
  }
  process.stdout.write(`${found.executable}\n`);
}
