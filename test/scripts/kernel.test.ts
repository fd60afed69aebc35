/**
 * The set-up scripts a student runs on a laptop: scripts/install-kernel.js registers the TypeScript
 * kernel where that student's Jupyter finds it in every new shell (a venv's or conda env's prefix,
 * else the per-user data folder) or in a given prefix, and says where; scripts/lab.js opens
 * JupyterLab with the kernel; scripts/jupyter-python.js finds the Python for all of them.
 *
 * Nothing here writes outside temporary folders: HOME points at one, and a venv stands for the
 * student's env. Needs a Python with Jupyter (Debian: jupyter-client python3-ipykernel); without one
 * the tests skip, except under CI=true, where they fail.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";

const root = path.join(__dirname, "..", "..");
const scripts = path.join(root, "scripts");
const tslab = path.join(root, "node_modules", ".bin", "tslab");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "sweeplab-kernel-"));

function findJupyterPython(): string | undefined {
  const found = spawnSync(process.execPath, [path.join(scripts, "jupyter-python.js"), "jupyter_client", "IPython"], {
    encoding: "utf8",
  });
  return found.status === 0 ? found.stdout.trim() : undefined;
}
const python = findJupyterPython();
const skip = python || process.env.CI === "true" ? false : "no Python with jupyter_client and IPython";

/** An environment like a new shell's: no JUPYTER_PATH, HOME in a temporary folder. */
function freshEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const home = fs.mkdtempSync(path.join(work, "home-"));
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, USERPROFILE: home, ...extra };
  for (const name of ["JUPYTER_PATH", "JUPYTER_DATA_DIR", "XDG_DATA_HOME", "JUPYTER_CONFIG_DIR"]) delete env[name];
  return env;
}

function node(script: string, args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, [path.join(scripts, script), ...args], { encoding: "utf8", env });
}

/** The kernels a Python's Jupyter lists in `env`, by name: `jupyter kernelspec list`, as that Python runs it. */
function kernelspecs(py: string, env: NodeJS.ProcessEnv): Record<string, string> {
  const listed = spawnSync(py, ["-m", "jupyter_client.kernelspecapp", "list", "--json"], { encoding: "utf8", env });
  assert.equal(listed.status, 0, listed.stderr);
  const specs = (JSON.parse(listed.stdout) as { kernelspecs: Record<string, { resource_dir: string }> }).kernelspecs;
  return Object.fromEntries(Object.entries(specs).map(([name, spec]) => [name, spec.resource_dir]));
}

/** Files (not folders: IPython and Jupyter make empty ones on import) anywhere under a folder. */
function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

function kernelArgv(dir: string): string[] {
  return (JSON.parse(fs.readFileSync(path.join(dir, "kernel.json"), "utf8")) as { argv: string[] }).argv;
}

test(
  "--prefix DIR registers tslab in DIR/share/jupyter/kernels, starting this repository's tslab, and says so",
  { skip },
  () => {
    assert.ok(python, "CI needs a Python with Jupyter: apt-get install jupyter-client python3-ipykernel");
    const prefix = path.join(work, "prefix");
    const env = freshEnv();
    const run = node("install-kernel.js", [`--prefix=${prefix}`], env);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(filesUnder(env.HOME!), [], "the installer wrote nothing in HOME");
    const dir = path.join(prefix, "share", "jupyter", "kernels", "tslab");
    assert.match(
      run.stdout,
      new RegExp(`registered kernel "tslab" \\(TypeScript\\) in ${dir.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`),
    );
    assert.deepEqual(kernelArgv(dir).slice(0, 2), [tslab, "kernel"]);
    const listed = kernelspecs(python, { ...env, JUPYTER_PATH: path.join(prefix, "share", "jupyter") });
    assert.equal(listed.tslab, dir);
  },
);

test(
  "--persist in a venv registers into the venv: a new shell's Jupyter lists it without JUPYTER_PATH",
  { skip },
  (t) => {
    assert.ok(python);
    const venv = path.join(work, "venv");
    const made = spawnSync(python, ["-m", "venv", "--system-site-packages", "--without-pip", venv], {
      encoding: "utf8",
    });
    if (made.status !== 0) return t.skip(`no venv module: ${made.stderr.trim().split("\n").pop()}`);
    const venvPython = path.join(venv, process.platform === "win32" ? "Scripts" : "bin", "python");
    const env = freshEnv({ SWEEPLAB_PYTHON: venvPython });
    const run = node("install-kernel.js", ["--persist"], env);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(filesUnder(env.HOME!), [], "the installer wrote nothing in HOME");
    const dir = path.join(venv, "share", "jupyter", "kernels", "tslab");
    assert.match(run.stdout, /the venv /);
    assert.match(run.stdout, /A new shell's Jupyter .* finds it/);
    assert.equal(kernelspecs(venvPython, env).tslab, dir, "the venv's Jupyter finds the kernel by itself");
    assert.equal(kernelspecs(python, env).tslab, undefined, "another Python's Jupyter does not see the venv's kernel");
  },
);

test("--persist outside any env registers in the user's Jupyter data folder and says where", { skip }, () => {
  assert.ok(python);
  const base = spawnSync(python, ["-c", "import sys; print(sys.prefix != sys.base_prefix)"], { encoding: "utf8" });
  const env = freshEnv({ SWEEPLAB_PYTHON: python });
  const run = node("install-kernel.js", ["--persist"], env);
  assert.equal(run.status, 0, run.stderr);
  const listed = kernelspecs(python, env);
  if (base.stdout.trim() === "False" && !fs.existsSync(path.join(path.dirname(path.dirname(python)), "conda-meta"))) {
    assert.ok(listed.tslab.startsWith(env.HOME!), `${listed.tslab} is under the temporary HOME ${env.HOME}`);
    assert.match(run.stdout, /your Jupyter data folder/);
  }
  assert.ok(run.stdout.includes(listed.tslab), `the message names ${listed.tslab}:\n${run.stdout}`);
  assert.match(run.stdout, /jupyter kernelspec remove tslab jslab/);
});

test(
  "with no flag, or --local, the kernel stays in the repository and the last line exports JUPYTER_PATH",
  { skip },
  () => {
    const env = freshEnv();
    const run = node("install-kernel.js", [], env);
    assert.equal(run.status, 0, run.stderr);
    const jupyterPath = path.join(root, ".jupyter", "share", "jupyter");
    assert.equal(run.stdout.trim().split("\n").pop(), `export JUPYTER_PATH="${jupyterPath}"`);
    assert.deepEqual(kernelArgv(path.join(jupyterPath, "kernels", "tslab")).slice(0, 2), [tslab, "kernel"]);
    assert.deepEqual(filesUnder(env.HOME!), [], "nothing written in HOME");
  },
);

test("install-kernel refuses unknown and conflicting flags with exit code 2", () => {
  const unknown = node("install-kernel.js", ["--global"], freshEnv());
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown argument "--global"\nusage: /);
  const both = node("install-kernel.js", ["--local", "--persist"], freshEnv());
  assert.equal(both.status, 2);
  assert.match(both.stderr, /pick one of --local, --persist, --prefix, got --local --persist/);
});

test("a SWEEPLAB_PYTHON without Jupyter is named, with the ways to get Jupyter, and nothing else is tried", () => {
  const fake = path.join(work, process.platform === "win32" ? "nopython.cmd" : "nopython");
  fs.writeFileSync(fake, process.platform === "win32" ? "@exit /b 3\r\n" : "#!/bin/sh\nexit 3\n", { mode: 0o755 });
  for (const script of ["install-kernel.js", "notebooks.js", "lab.js"]) {
    const run = node(script, [], freshEnv({ SWEEPLAB_PYTHON: fake }));
    assert.equal(run.status, 1, `${script}: ${run.stderr}`);
    assert.match(
      run.stderr,
      new RegExp(`found no Python that can import .*\\(SWEEPLAB_PYTHON=.*nopython was given\\)`),
    );
    assert.match(run.stderr, /conda env create -f environment.yml/);
    assert.equal(run.stderr.match(/^ {2}\S.*: /gm)?.filter((line) => !/conda|venv|Debian/.test(line)).length, 1);
  }
});

test("npm run lab starts JupyterLab in notebooks/ with the repository's kernel on JUPYTER_PATH", { skip }, () => {
  assert.ok(python);
  // A stand-in `jupyterlab` module: it reports where it was started and which kernels its Jupyter sees.
  const stub = path.join(work, "stub");
  fs.mkdirSync(path.join(stub, "jupyterlab"), { recursive: true });
  fs.writeFileSync(path.join(stub, "jupyterlab", "__init__.py"), "");
  fs.writeFileSync(
    path.join(stub, "jupyterlab", "__main__.py"),
    [
      "import json, os, sys",
      "from jupyter_client.kernelspec import KernelSpecManager",
      'print(json.dumps({"cwd": os.getcwd(), "argv": sys.argv[1:], "kernels": KernelSpecManager().find_kernel_specs()}))',
    ].join("\n"),
  );
  const env = freshEnv({ SWEEPLAB_PYTHON: python, PYTHONPATH: stub });
  const run = node("lab.js", ["--no-browser"], env);
  assert.equal(run.status, 0, run.stderr);
  const seen = JSON.parse(run.stdout.trim().split("\n").pop()!) as {
    cwd: string;
    argv: string[];
    kernels: Record<string, string>;
  };
  assert.equal(fs.realpathSync(seen.cwd), fs.realpathSync(path.join(root, "notebooks")));
  assert.deepEqual(seen.argv, ["--no-browser"]);
  assert.equal(seen.kernels.tslab, path.join(root, ".jupyter", "share", "jupyter", "kernels", "tslab"));
  assert.deepEqual(filesUnder(env.HOME!), [], "nothing written in HOME");
});

test("an active venv without Jupyter is named, with the Python registered instead", { skip }, () => {
  assert.ok(python);
  const inactive = path.join(work, "env-without-jupyter");
  const run = node(
    "install-kernel.js",
    [`--prefix=${path.join(work, "prefix-2")}`],
    freshEnv({ VIRTUAL_ENV: inactive }),
  );
  assert.equal(run.status, 0, run.stderr);
  assert.match(
    run.stderr,
    new RegExp(
      `the active env ${inactive} has no Jupyter \\(in a venv: pip install jupyterlab ipykernel\\), so the kernel is registered for ${python}`,
    ),
  );
});

test("every script looks for Python in one order: SWEEPLAB_PYTHON alone, else python3 and python (and py -3 on Windows)", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS script of the repository
  const { candidates } = require(path.join(scripts, "jupyter-python.js")) as {
    candidates: (env: NodeJS.ProcessEnv, platform: string) => string[][];
  };
  assert.deepEqual(candidates({ SWEEPLAB_PYTHON: "/opt/py/bin/python" }, "linux"), [["/opt/py/bin/python"]]);
  assert.deepEqual(candidates({}, "linux"), [["python3"], ["python"], ["/usr/bin/python3"]]);
  assert.deepEqual(candidates({}, "darwin"), [["python3"], ["python"]], "macOS's /usr/bin/python3 stub is not probed");
  assert.deepEqual(candidates({}, "win32"), [["python"], ["py", "-3"], ["python3"]]);
});
