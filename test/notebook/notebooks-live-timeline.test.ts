/**
 * The live timeline through a real tslab kernel (test/notebooks/cell_messages.py reports every
 * message a cell sent): the figure is one output updated in place, not a new output per redraw,
 * and its last update is the whole figure with its SVG.
 *
 * Needs a Python with jupyter_client. Without one the test skips, except under CI=true, where it fails.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { it } from "node:test";

const root = path.resolve(__dirname, "..", "..");
const VEGALITE_MIME = "application/vnd.vegalite.v5+json";
const minutes = 60_000;

interface Message {
  type: "display_data" | "update_display_data";
  display_id: string | null;
  mimes: string[];
  text: string;
}
interface CellRun {
  status: string;
  stdout: string;
  stderr: string;
  messages: Message[];
}

function findPython(): string | undefined {
  for (const python of [process.env.SWEEPLAB_PYTHON, "/usr/bin/python3", "python3"]) {
    if (python && spawnSync(python, ["-c", "import jupyter_client"], { stdio: "ignore" }).status === 0) return python;
  }
  return undefined;
}

/** Runs the cells on a fresh kernel; resolves with what each cell sent. */
function runCells(python: string, cells: string[]): Promise<CellRun[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, [path.join(root, "test", "notebooks", "cell_messages.py")], {
      cwd: root,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", () => {
      try {
        resolve(JSON.parse(stdout.trim().split("\n").pop()!) as CellRun[]);
      } catch {
        reject(new Error(`cell_messages.py printed no result:\n${stdout}\n${stderr}`));
      }
    });
    child.stdin.end(JSON.stringify(cells));
  });
}

/** The messages of the display that carried the timeline (the cell also has its progress line). */
function timelineMessages(run: CellRun): Message[] {
  const id = run.messages.find((m) => m.mimes.includes(VEGALITE_MIME))?.display_id;
  assert.ok(id, `no message of the cell carried a Vega-Lite spec:\n${JSON.stringify(run.messages, null, 1)}`);
  return run.messages.filter((m) => m.display_id === id);
}

const python = findPython();
const skip = python ? false : "no Python with jupyter_client (apt-get install jupyter-client python3-ipykernel)";

if (!python && process.env.CI === "true") {
  it("has Jupyter to run the live timeline on a kernel", () => assert.fail(String(skip)));
} else {
  it(
    "lab.sweep's live timeline is ONE output of the cell, redrawn with update_display_data",
    { skip, timeout: 5 * minutes },
    async () => {
      const installed = spawnSync(process.execPath, [path.join(root, "scripts", "install-kernel.js")], {
        env: { ...process.env, SWEEPLAB_PYTHON: python },
        encoding: "utf8",
      });
      assert.equal(installed.status, 0, installed.stderr);
      const runs = await runCells(python!, [
        'import * as sl from "../dist";\nimport * as lab from "../dist/lessons";',
        // everyMs 0: a redraw at every finished job, so the count is known on any machine
        'const every = await lab.sweep("lecture", { workers: 2, chunksize: 2, timeline: { everyMs: 0 } });',
        // the default: at most 4 redraws a second, and the final figure
        'const throttled = await lab.sweep("lecture", { workers: 2, chunksize: 2, timeline: true });',
      ]);
      assert.deepEqual(
        runs.map((r) => r.status),
        ["ok", "ok", "ok"],
        runs.map((r) => r.stderr).join("\n"),
      );
      for (const [run, redraws] of [
        [runs[1], 20],
        [runs[2], undefined],
      ] as const) {
        const messages = timelineMessages(run);
        const types = messages.map((m) => m.type);
        assert.equal(types[0], "display_data");
        assert.equal(types.filter((t) => t === "display_data").length, 1, "one output, never a second");
        assert.ok(types.length >= 2, "the figure was updated at least once (the final figure)");
        if (redraws !== undefined) assert.equal(types.length, redraws + 1, "a redraw per job, then the final figure");
        else assert.ok(types.length <= 21, `at most a redraw per job and the final one, got ${types.length}`);
        const final = messages[messages.length - 1];
        assert.deepEqual(final.mimes, ["application/vnd.vegalite.v5+json", "image/svg+xml", "text/plain"]);
        assert.match(final.text, /^Timeline of 20 jobs on 2 workers/);
      }
    },
  );
}
