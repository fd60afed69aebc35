#!/usr/bin/env node
/**
 * Runs the browser check (test/browser/notebooks.test.ts) and leaves what it drew in OUT_DIR:
 * NN-Title.live.png and NN-Title.saved.png per notebook (full page), the executed NN-Title.ipynb,
 * display-regression.png and interrupt.png.
 *
 * Usage: npm run notebooks:browser -- [OUT_DIR] [NOTEBOOK ...]
 *   OUT_DIR defaults to results/browser; NOTEBOOKs (e.g. 01 03) pick the notebooks whose names
 *   contain them (default: all of notebooks/).
 *
 * Unlike `npm test`, a missing chromium or Jupyter server is an error here, not a skip: this
 * command was asked for by name. Needs a build (the npm script builds first).
 */
"use strict";
const { spawnSync } = require("node:child_process");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const [outArg, ...only] = process.argv.slice(2);
const out = path.resolve(outArg ?? path.join(root, "results", "browser"));
const run = spawnSync(
  process.execPath,
  ["--test", "--test-reporter=spec", path.join(root, "dist-test", "browser", "notebooks.test.js")],
  {
    cwd: root,
    stdio: "inherit",
    env: {
      ...process.env,
      SWEEPLAB_BROWSER_OUT: out,
      SWEEPLAB_BROWSER_REQUIRED: "1",
      SWEEPLAB_BROWSER_NOTEBOOKS: only.join(","),
    },
  },
);
console.log(`notebooks:browser: screenshots in ${out}`);
process.exit(run.status ?? 1);
