#!/usr/bin/env node
/**
 * Registers the tslab Jupyter kernel ("tslab", shown as TypeScript) for this repository only.
 *
 * Nothing global is written: the kernel spec goes to <repo>/.jupyter/share/jupyter/kernels/ and
 * starts <repo>/node_modules/.bin/tslab, so the notebooks run on the tslab this repo pins.
 * Jupyter finds it once JUPYTER_PATH points there; the last line printed on stdout is the
 * command that sets it, so `eval "$(node scripts/install-kernel.js)"` registers and exports.
 * (tslab's installer also writes its JavaScript twin, "jslab", next to it.)
 *
 * The Python that runs tslab's installer is the first of $SWEEPLAB_PYTHON, python, python3,
 * /usr/bin/python3 that can `import jupyter_client`: a conda env's python on PATH wins; on Debian
 * /usr/bin/python3 is found even when another python3 without Jupyter comes first on PATH.
 *
 * Usage: node scripts/install-kernel.js   (or: npm run kernel)
 */
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const isWindows = process.platform === "win32";
const prefix = path.join(root, ".jupyter");
const jupyterPath = path.join(prefix, "share", "jupyter");
// On Windows npm's launcher for a package binary is the .cmd file beside it.
const binary = path.join(root, "node_modules", ".bin", isWindows ? "tslab.cmd" : "tslab");
const tslabMain = path.join(root, "node_modules", "tslab", "bin", "tslab");

function fail(message) {
  process.stderr.write(`install-kernel: ${message}\n`);
  process.exit(1);
}

/** The first candidate Python that can import jupyter_client, or undefined. */
function findPython() {
  const candidates = [process.env.SWEEPLAB_PYTHON, "python", "python3", "/usr/bin/python3"];
  if (isWindows) candidates.push("py");
  for (const python of candidates) {
    if (!python) continue;
    const probe = spawnSync(python, ["-c", "import jupyter_client"], { stdio: "ignore" });
    if (probe.status === 0) return python;
  }
  return undefined;
}

if (!fs.existsSync(tslabMain) || !fs.existsSync(binary)) {
  fail(`tslab is not installed in ${path.join(root, "node_modules")}; run \`npm ci\` first.`);
}
const python = findPython();
if (!python) {
  fail(
    "found no Python that can `import jupyter_client` (tried $SWEEPLAB_PYTHON, python, python3, /usr/bin/python3).\n" +
      "  conda:  conda env create -f environment.yml && conda activate sweeplab\n" +
      "  Debian: apt-get install python3-nbclient python3-nbconvert python3-ipykernel jupyter-client python3-nbformat\n" +
      "  or point SWEEPLAB_PYTHON at a python that has Jupyter.",
  );
}

// tslab's installer chats on stdout; send it to stderr so stdout carries only the export line.
const install = spawnSync(
  process.execPath,
  [tslabMain, "install", `--python=${python}`, `--binary=${binary}`, `--prefix=${prefix}`],
  { cwd: root, stdio: ["ignore", 2, 2] },
);
if (install.error) fail(`could not start tslab install: ${install.error.message}`);
if (install.status !== 0) fail(`\`tslab install\` exited with ${install.status} (python: ${python}).`);

const spec = path.join(jupyterPath, "kernels", "tslab", "kernel.json");
if (!fs.existsSync(spec)) fail(`tslab install succeeded but ${spec} is missing.`);
process.stderr.write(`install-kernel: registered kernel "tslab" in ${path.dirname(spec)} (python: ${python})\n`);
// Shown only when the export line below lands on the terminal (not in `eval "$(...)"` or a file).
if (process.stdout.isTTY) process.stderr.write("install-kernel: let Jupyter find it with:\n");
process.stdout.write(isWindows ? `$env:JUPYTER_PATH = "${jupyterPath}"\n` : `export JUPYTER_PATH="${jupyterPath}"\n`);
