#!/usr/bin/env node
/**
 * `npm run lab`: opens JupyterLab on notebooks/ with the TypeScript kernel, in one command and
 * without registering anything outside this repository: the kernel goes to <repo>/.jupyter
 * (scripts/install-kernel.js --local) and JupyterLab is started with JUPYTER_PATH pointing there.
 * The Python is the first of $SWEEPLAB_PYTHON, python3, python, ... that has JupyterLab
 * (scripts/jupyter-python.js). Arguments go to JupyterLab: `npm run lab -- --no-browser`.
 */
"use strict";
const { spawn, spawnSync } = require("node:child_process");
const path = require("node:path");
const { findPython, explain } = require("./jupyter-python.js");

const root = path.resolve(__dirname, "..");
const MODULES = ["jupyterlab", "jupyter_client", "IPython"];

const python = findPython(MODULES);
if (!python.executable) {
  process.stderr.write(`lab: ${explain(MODULES, python.tried)}\n`);
  process.stderr.write("lab: without JupyterLab, `npm run repl` runs the notebooks' code at a prompt (README).\n");
  process.exit(1);
}
const install = spawnSync(process.execPath, [path.join(__dirname, "install-kernel.js"), "--local"], {
  env: { ...process.env, SWEEPLAB_PYTHON: python.executable },
  stdio: ["ignore", "ignore", "inherit"],
});
if (install.status !== 0) process.exit(install.status ?? 1);

const jupyterPath = [path.join(root, ".jupyter", "share", "jupyter"), process.env.JUPYTER_PATH]
  .filter(Boolean)
  .join(path.delimiter);
// Started in notebooks/, so JupyterLab's file browser shows the notebooks and nothing else.
const lab = spawn(python.executable, ["-m", "jupyterlab", ...process.argv.slice(2)], {
  cwd: path.join(root, "notebooks"),
  env: { ...process.env, JUPYTER_PATH: jupyterPath },
  stdio: "inherit",
});
// Ctrl-C reaches JupyterLab too (same terminal): let it ask and shut down, then leave with its code.
process.on("SIGINT", () => {});
lab.on("error", (error) => {
  process.stderr.write(`lab: could not start ${python.executable} -m jupyterlab: ${error.message}\n`);
  process.exit(1);
});
lab.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
