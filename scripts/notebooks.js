#!/usr/bin/env node
/**
 * `npm run notebooks`: executes every notebook (or the ones named) top to bottom on the tslab kernel,
 * headless, as CI does, with the Python scripts/jupyter-python.js finds ($SWEEPLAB_PYTHON, python3,
 * python, ...: a conda env's or venv's when one is active). The kernel is registered for this
 * repository only (scripts/install-kernel.js --local); arguments go to test/notebooks/run_notebooks.py.
 * A run over the time budget warns instead of failing (`--over-budget warn`): on a student's busy
 * or slow machine the notebooks still ran and measured that machine; CI's test keeps the bound.
 *
 *   npm run notebooks -- notebooks/03-chunksize.ipynb --out /tmp/executed
 */
"use strict";
const { spawnSync } = require("node:child_process");
const path = require("node:path");
const { findPython, explain } = require("./jupyter-python.js");

const root = path.resolve(__dirname, "..");
/** What run_notebooks.py and tslab's kernel installer import. */
const MODULES = ["nbclient", "nbformat", "jupyter_client", "IPython"];

const python = findPython(MODULES);
if (!python.executable) {
  process.stderr.write(`notebooks: ${explain(MODULES, python.tried)}\n`);
  process.exit(1);
}
const env = { ...process.env, SWEEPLAB_PYTHON: python.executable };
const install = spawnSync(process.execPath, [path.join(__dirname, "install-kernel.js"), "--local"], {
  env,
  stdio: ["ignore", "ignore", "inherit"],
});
if (install.status !== 0) process.exit(install.status ?? 1);
const run = spawnSync(
  python.executable,
  [path.join(root, "test", "notebooks", "run_notebooks.py"), "--over-budget", "warn", ...process.argv.slice(2)],
  {
    env,
    stdio: "inherit",
  },
);
if (run.error) {
  process.stderr.write(`notebooks: could not start ${python.executable}: ${run.error.message}\n`);
  process.exit(1);
}
process.exit(run.status ?? 1);
