/**
 * The package's two entries: `sweeplab`, the lecture's core and the pool (at most 30 values), and
 * `sweeplab/lab`, what the lessons measure and show with. Both resolve the way a project that
 * depends on sweeplab would load them.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import * as core from "../../dist/index.js";
import * as lab from "../../dist/lab.js";
import * as lessons from "../../dist/lessons.js";

const root = path.join(__dirname, "..", "..");

test("the main entry exports the lecture's core in at most 30 values", () => {
  const values = Object.keys(core);
  assert.ok(values.length <= 30, `src/index.ts exports ${values.length} values (at most 30): ${values.join(", ")}`);
  for (const name of ["solveSystemProp", "solveSystemWrapper", "sequentialSolveOmega", "parallelSolveOmega", "runPool"])
    assert.equal(typeof (core as Record<string, unknown>)[name], "function", `${name} is in the main entry`);
});

test("the lab entry holds the rest, and ../dist/lessons is the same module", () => {
  for (const name of ["scaling", "timeit", "speedupPlot", "show", "formatRows"])
    assert.equal(typeof (lab as Record<string, unknown>)[name], "function", `lab.${name}`);
  assert.deepEqual(Object.keys(lessons).sort(), Object.keys(lab).sort());
  const both = Object.keys(core).filter((name) => name in lab);
  assert.deepEqual(both, [], "a value is exported by one entry only");
});

test("a project that depends on sweeplab loads `sweeplab` and `sweeplab/lab`", () => {
  const project = fs.mkdtempSync(path.join(os.tmpdir(), "sweeplab-entries-"));
  try {
    fs.mkdirSync(path.join(project, "node_modules"));
    fs.symlinkSync(root, path.join(project, "node_modules", "sweeplab"), "dir");
    const script = [
      'const sl = require("sweeplab"), lab = require("sweeplab/lab");',
      "console.log(JSON.stringify([typeof sl.runSweep, typeof lab.scaling, typeof sl.scaling]));",
    ].join("\n");
    const out = spawnSync(process.execPath, ["-e", script], { cwd: project, encoding: "utf8" });
    assert.equal(out.status, 0, out.stderr);
    assert.deepEqual(JSON.parse(out.stdout), ["function", "function", "undefined"]);
  } finally {
    fs.rmSync(project, { recursive: true, force: true });
  }
});
