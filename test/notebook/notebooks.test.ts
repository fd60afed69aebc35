/**
 * The lecture notebooks run top to bottom on the tslab kernel, show their plots, stay within
 * their time budget, and survive Jupyter's "interrupt kernel" (see test/notebooks/*.py).
 *
 * Needs a Python with Jupyter (nbclient, jupyter_client, nbformat). Without one the tests skip,
 * except under CI=true, where they fail and name the Debian packages to install.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, it, before } from "node:test";

// Compiled to dist-test/notebooks.test.js: the repository is one level up.
const root = path.resolve(__dirname, "..", "..");
const notebooksDir = path.join(root, "notebooks");
const scripts = path.join(root, "test", "notebooks");
const minutes = 60_000;

/**
 * A cell that runs until it is interrupted: the lecture sweep on a pool of 2 (20 jobs) with `run`,
 * again and again. No sweep is sized by this machine's speed; a sweep ends only by the interrupt,
 * which fails the cell (and so ends the loop). SWEEPLAB_INTERRUPT_SWEEP replaces the workload,
 * e.g. `{ ...sl.heavy, tScale: 30 }` for sweeps of several seconds each.
 */
function longCell(run: string): string {
  const workload = process.env.SWEEPLAB_INTERRUPT_SWEEP ?? "sl.lecture";
  return `for (;;) await ${run}(${workload}, { workers: 2, chunksize: 1 });`;
}

/**
 * Extra arguments for interrupt_kernel.py: the cells it runs (`--setup`, `--long`, `--count`; see
 * its docstring). Empty: its placeholder, a busy worker thread that a SIGINT listener terminates.
 */
const interruptArgs: string[] = [
  "--setup",
  'import * as sl from "../dist";\nimport * as lab from "../dist/lessons";\nimport * as fs from "fs";',
  // lecture sweeps on a pool of 2, one after another until the interrupt: the cell is still running
  // after --wait however fast the machine (one sweep takes well under a second on a laptop), and
  // the interrupt lands inside a sweep, or as one begins, whatever its timing
  "--long",
  longCell("lab.sweep"),
  "--wait",
  "2",
  "--message",
  "^Interrupted after \\d+ of 20 jobs; every worker was terminated\\. The \\d+ finished jobs? (is|are) in lab\\.last\\(\\)",
  "--progress",
  // a sweep interrupted as it begins has no count yet: its line says "not started"
  "(\\d+/20 jobs, .*|not started) -- interrupted after \\d+ of 20 jobs$",
  // the next cell reaches what the interrupted one finished: as many rows as completed jobs
  "--after",
  'const kept = lab.last()!;\nconsole.log("interrupted" in kept, kept.rows!.filter((row) => row !== undefined).length === (kept as lab.InterruptedSweep).completed);',
  "--after-expect",
  "^true true$",
];

/**
 * The same with a plain `sl.runSweep` cell, no `lab.sweep`: the interrupt still reaches the kit
 * first (it holds tslab's own SIGINT listener while a sweep runs), so the cell fails with the
 * kit's one line instead of tslab's "Interrupted asynchronously" and a stack, and the next cell
 * finds no sweep running.
 */
const plainInterruptArgs: string[] = [
  "--setup",
  'import * as sl from "../dist";\nimport * as lab from "../dist/lessons";\nimport * as fs from "fs";',
  "--long",
  longCell("sl.runSweep"),
  "--wait",
  "2",
  "--message",
  "^SweepInterruptedError: sweep interrupted \\(SIGINT\\) after \\d+ of 20 jobs; every worker was terminated\\. Its finished jobs are on the error's \\.partial",
  "--after",
  "console.log(lab.activePools());",
  "--after-expect",
  "^0$",
];

const debianPackages = "python3-nbclient python3-nbconvert python3-ipykernel jupyter-client python3-nbformat";

/** The first Python that can run notebooks: $SWEEPLAB_PYTHON, Debian's, then whatever is on PATH. */
function findJupyterPython(): string | undefined {
  const candidates = [process.env.SWEEPLAB_PYTHON, "/usr/bin/python3", "python3", "python"];
  for (const python of candidates) {
    if (!python) continue;
    const probe = spawnSync(python, ["-c", "import nbclient, jupyter_client, nbformat"], { stdio: "ignore" });
    if (probe.status === 0) return python;
  }
  return undefined;
}

interface Finished {
  status: number | null;
  output: string;
}

/** Runs a command to the end (or kills it after `timeoutMs`), collecting stdout and stderr. */
function run(
  command: string,
  args: string[],
  timeoutMs: number,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      output += `\n[killed after ${timeoutMs / 1000} s]`;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("error", reject);
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, output });
    });
  });
}

const python = findJupyterPython();

if (!python && process.env.CI === "true") {
  it("has Jupyter to run the notebooks", () => {
    assert.fail(
      "No Python with nbclient, jupyter_client and nbformat was found (tried $SWEEPLAB_PYTHON, " +
        `/usr/bin/python3, python3, python). Install Debian's packages: apt-get install -y ${debianPackages}`,
    );
  });
} else {
  const skip = python
    ? false
    : `no Python with Jupyter (nbclient, jupyter_client, nbformat); apt-get install ${debianPackages}`;

  describe("notebooks on the tslab kernel", () => {
    const env = { ...process.env, SWEEPLAB_PYTHON: python };

    before(async () => {
      if (skip) return;
      const installed = await run(
        process.execPath,
        [path.join(root, "scripts", "install-kernel.js")],
        2 * minutes,
        env,
      );
      assert.equal(installed.status, 0, `registering the tslab kernel failed:\n${installed.output}`);
    });

    const notebooks = existsSync(notebooksDir) ? readdirSync(notebooksDir).filter((f) => f.endsWith(".ipynb")) : [];

    it(
      "run top to bottom, show every plot and stay within the time budget",
      {
        skip: skip || (notebooks.length === 0 ? "no notebooks/*.ipynb yet" : false),
        timeout: 10 * minutes,
      },
      async (t) => {
        const result = await run(python!, [path.join(scripts, "run_notebooks.py")], 9 * minutes, env);
        assert.equal(result.status, 0, `run_notebooks.py failed:\n${result.output}`);
        for (const line of result.output.trim().split("\n")) t.diagnostic(line);
      },
    );

    const interrupts: [string, string[]][] = [
      ["survive Jupyter's interrupt: the kernel answers and its threads are gone", interruptArgs],
      ["survive Jupyter's interrupt of a plain runSweep cell: one line from the kit, no stack", plainInterruptArgs],
    ];
    for (const [name, args] of interrupts) {
      it(name, { skip, timeout: 5 * minutes }, async (t) => {
        const result = await run(python!, [path.join(scripts, "interrupt_kernel.py"), ...args], 4 * minutes, env);
        assert.equal(result.status, 0, `interrupt_kernel.py failed:\n${result.output}`);
        for (const line of result.output.trim().split("\n")) t.diagnostic(line);
      });
    }
  });
}
