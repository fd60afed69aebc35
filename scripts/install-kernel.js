#!/usr/bin/env node
/**
 * Registers the tslab Jupyter kernel ("tslab", shown as TypeScript) that runs this repository's
 * node_modules/.bin/tslab, so the notebooks run on the tslab this repository pins. tslab's
 * installer also writes its JavaScript twin, "jslab", beside it. It always says where it wrote.
 *
 *   node scripts/install-kernel.js --persist   (npm run kernel) where the student's Jupyter lives, for good:
 *       the active conda env or venv (sys.prefix of the Python found), else Jupyter's per-user data
 *       folder (~/.local/share/jupyter, ~/Library/Jupyter, %APPDATA%\jupyter). Every new shell's
 *       Jupyter finds it; `jupyter kernelspec remove tslab jslab` takes it away.
 *   node scripts/install-kernel.js --prefix=DIR
 *       into DIR/share/jupyter/kernels (Jupyter finds it when DIR is its sys.prefix or DIR/share/jupyter
 *       is on JUPYTER_PATH).
 *   node scripts/install-kernel.js [--local]
 *       into <repo>/.jupyter only: nothing outside the repository is written. Jupyter finds it while
 *       JUPYTER_PATH points there; the last line on stdout is the command that sets it, so
 *       `eval "$(node scripts/install-kernel.js)"` registers and exports. `npm run notebooks`,
 *       `npm run lab`, the screenshots and the tests use this.
 *
 * The Python that runs tslab's installer is found by scripts/jupyter-python.js ($SWEEPLAB_PYTHON,
 * python3, python, /usr/bin/python3: the first that has Jupyter).
 */
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { findPython, explain, probe } = require("./jupyter-python.js");

const root = path.resolve(__dirname, "..");
const isWindows = process.platform === "win32";
// On Windows npm's launcher for a package binary is the .cmd file beside it.
const binary = path.join(root, "node_modules", ".bin", isWindows ? "tslab.cmd" : "tslab");
const tslabMain = path.join(root, "node_modules", "tslab", "bin", "tslab");
/** What tslab's installer (node_modules/tslab/python/install.py) imports. */
const MODULES = ["jupyter_client", "IPython"];
const USAGE = "usage: node scripts/install-kernel.js [--local | --persist | --prefix=DIR]";

/** Says what went wrong and exits: 2 for a usage error, 1 for anything else. */
function fail(message, code = 1) {
  process.stderr.write(`install-kernel: ${message}\n`);
  process.exit(code);
}

function say(message) {
  process.stderr.write(`install-kernel: ${message}\n`);
}

/** The mode from argv: { mode: "local" | "persist" | "prefix", prefix? }. */
function parseArgs(argv) {
  let choice = { mode: "local" };
  const chosen = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--local" || arg === "--persist") choice = { mode: arg.slice(2) };
    else if (arg.startsWith("--prefix=") && arg.length > "--prefix=".length)
      choice = { mode: "prefix", prefix: arg.slice("--prefix=".length) };
    else if (arg === "--prefix" && argv[i + 1]) choice = { mode: "prefix", prefix: argv[++i] };
    else if (arg === "-h" || arg === "--help") {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else fail(`unknown argument ${JSON.stringify(arg)}\n${USAGE}`, 2);
    chosen.push(arg);
  }
  if (chosen.length > 1) fail(`pick one of --local, --persist, --prefix, got ${chosen.join(" ")}\n${USAGE}`, 2);
  if (choice.prefix) choice.prefix = path.resolve(choice.prefix);
  return choice;
}

/** True if a folder exists and this process may write in it. */
function writable(dir) {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Where `--persist` installs: the env's prefix when the Python runs in a conda env or venv that
 * this user may write, else Jupyter's per-user data folder. Returns tslab's installer flag and the
 * kernels folder it fills.
 */
function persistentTarget(python) {
  if ((python.venv || python.conda) && writable(python.prefix)) {
    const kind = python.conda ? "conda env" : "venv";
    return {
      flag: `--prefix=${python.prefix}`,
      kernels: path.join(python.prefix, "share", "jupyter", "kernels"),
      why: `the ${kind} ${python.prefix}`,
    };
  }
  if (!python.userDataDir) fail(`${python.executable} has no jupyter_core to say where its per-user data folder is.`);
  return {
    flag: "--user",
    kernels: path.join(python.userDataDir, "kernels"),
    why: `your Jupyter data folder (${python.executable} runs in no conda env or venv you can write)`,
  };
}

/** Runs tslab's own installer with this Python and flag; its chat goes to stderr. */
function tslabInstall(python, flag) {
  const install = spawnSync(
    process.execPath,
    [tslabMain, "install", `--python=${python.executable}`, `--binary=${binary}`, flag],
    { cwd: root, stdio: ["ignore", 2, 2] },
  );
  if (install.error) fail(`could not start tslab install: ${install.error.message}`);
  if (install.status !== 0) fail(`\`tslab install\` exited with ${install.status} (python: ${python.executable}).`);
}

/** Reads back a kernel.json just written and checks it starts this repository's tslab. */
function checkSpec(kernels) {
  const spec = path.join(kernels, "tslab", "kernel.json");
  if (!fs.existsSync(spec)) fail(`tslab install succeeded but ${spec} is missing.`);
  const argv = JSON.parse(fs.readFileSync(spec, "utf8")).argv;
  if (!Array.isArray(argv) || argv[0] !== binary) fail(`${spec} starts ${argv && argv[0]}, not ${binary}.`);
  return spec;
}

/** True if Jupyter, started by this Python in a new shell (no JUPYTER_PATH), finds our kernel spec. */
function foundInNewShell(python, kernels) {
  const env = { ...process.env };
  delete env.JUPYTER_PATH;
  const seen = probe([python.executable], [], env).jupyterPath || [];
  return seen.some((dir) => path.resolve(dir, "kernels") === path.resolve(kernels));
}

function main() {
  const choice = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(tslabMain) || !fs.existsSync(binary)) {
    fail(`tslab is not installed in ${path.join(root, "node_modules")}; run \`npm install\` first.`);
  }
  const python = findPython(MODULES);
  if (!python.executable) fail(explain(MODULES, python.tried));
  const active = process.env.VIRTUAL_ENV || process.env.CONDA_PREFIX;
  if (active && path.resolve(active) !== path.resolve(python.prefix)) {
    say(
      `the active env ${active} has no Jupyter (in a venv: pip install jupyterlab ipykernel), ` +
        `so the kernel is registered for ${python.executable} instead`,
    );
  }

  if (choice.mode === "local") {
    const prefix = path.join(root, ".jupyter");
    const jupyterPath = path.join(prefix, "share", "jupyter");
    tslabInstall(python, `--prefix=${prefix}`);
    const spec = checkSpec(path.join(jupyterPath, "kernels"));
    say(`registered kernel "tslab" in ${path.dirname(spec)} for this repository only (python: ${python.executable})`);
    // Shown only when the export line lands on the terminal (not in `eval "$(...)"` or a file).
    if (process.stdout.isTTY) say("let Jupyter find it with the line below, or register it for good: npm run kernel");
    process.stdout.write(
      isWindows ? `$env:JUPYTER_PATH = "${jupyterPath}"\n` : `export JUPYTER_PATH="${jupyterPath}"\n`,
    );
    return;
  }

  const target =
    choice.mode === "prefix"
      ? {
          flag: `--prefix=${choice.prefix}`,
          kernels: path.join(choice.prefix, "share", "jupyter", "kernels"),
          why: `the prefix ${choice.prefix}`,
        }
      : persistentTarget(python);
  tslabInstall(python, target.flag);
  const spec = checkSpec(target.kernels);
  const lines = [
    `registered kernel "tslab" (TypeScript) in ${path.dirname(spec)}: ${target.why}.`,
    `It starts ${binary}: after moving or deleting this folder, run \`npm run kernel\` again.`,
  ];
  if (choice.mode === "persist") {
    lines.push(
      foundInNewShell(python, target.kernels)
        ? `A new shell's Jupyter (${python.executable}) finds it: check with \`jupyter kernelspec list\`.`
        : `WARNING: ${python.executable}'s Jupyter does not look in ${target.kernels} by itself; see docs/laptop.md.`,
    );
    lines.push("To remove it: jupyter kernelspec remove tslab jslab");
  }
  process.stdout.write(`${lines.join("\n")}\n`);
}

main();
