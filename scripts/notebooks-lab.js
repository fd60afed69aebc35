#!/usr/bin/env node
/**
 * Runs every notebook in JupyterLab itself, driven by headless Chromium (test/browser/jupyterlab.test.ts),
 * and leaves what it drew in OUT_DIR: NN-Title.png (the whole notebook) and the executed NN-Title.ipynb per
 * notebook, and the test's own check-*.png and check-*.ipynb (a broken notebook, the interrupt).
 *
 * Usage: npm run notebooks:lab -- [OUT_DIR] [NOTEBOOK ...]
 *   OUT_DIR defaults to results/lab; NOTEBOOKs (e.g. 01 03) pick the notebooks whose names contain them
 *   (default: all of notebooks/).
 *
 * Needs JupyterLab in the repository's venv, as docs/laptop.md sets it up
 * (python3 -m venv .venv && .venv/bin/pip install jupyterlab; SWEEPLAB_LAB_PYTHON names another Python
 * that has it), and /usr/bin/chromium (SWEEPLAB_CHROMIUM names another). A missing one is an error
 * here, not a skip: this command was asked for by name. The npm script builds first.
 */
"use strict";
const { spawnSync } = require("node:child_process");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const [outArg, ...only] = process.argv.slice(2);
const out = path.resolve(outArg ?? path.join(root, "results", "lab"));
const started = Date.now();
const run = spawnSync(
  process.execPath,
  ["--test", "--test-reporter=spec", path.join(root, "dist-test", "browser", "jupyterlab.test.js")],
  {
    cwd: root,
    stdio: "inherit",
    env: {
      ...process.env,
      SWEEPLAB_LAB_OUT: out,
      SWEEPLAB_LAB_REQUIRED: "1",
      SWEEPLAB_LAB_NOTEBOOKS: only.join(","),
    },
  },
);
console.log(`notebooks:lab: ${((Date.now() - started) / 1000).toFixed(0)} s; PNGs and executed notebooks in ${out}`);
process.exit(run.status ?? 1);
