// A refused line at the prompt says what to type instead; typed as shown, that line must run.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";

const replJs = path.join(__dirname, "..", "..", "dist", "repl.js");

/** Pipes `lines` into a fresh prompt in an empty folder; what it printed, prompts removed. */
function prompt(lines: string[]): { stdout: string; status: number | null } {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "sweeplab-repl-hints-"));
  const res = spawnSync(process.execPath, [replJs], {
    cwd,
    input: lines.join("\n") + "\n",
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { stdout: res.stdout.replace(/^(sweeplab> )+/gm, ""), status: res.status };
}

test("a solver setting given to runSweep: the call the message shows, typed at the prompt, runs", () => {
  const refused = prompt(['runSweep("lecture", { method: "rk45" })']).stdout;
  const shown = /set it in the workload: (runSweep\(\{ method: "RK45" \}\)) for the lecture/.exec(refused);
  assert.ok(shown, `the accepted spelling, RK45, in the example:\n${refused}`);
  // the call as shown, on fewer r values so it stays short
  const call = shown[1].replace("})", ", nR: 3 }, { onJob: false })");
  const ran = prompt([`(await ${call}).rows.length`]);
  assert.match(ran.stdout, /^3$/m, ran.stdout);
  assert.equal(ran.status, 0);
});

test("predictMakespan with a misspelt option: did you mean, and the fix runs", () => {
  const refused = prompt(["predictMakespan({ worker: 2, jobMs: [3, 1, 2], chunksize: 1 })"]).stdout;
  const near = /unknown option `worker` of predictMakespan, got 2 \(number\): did you mean `(\w+)`\?/.exec(refused);
  assert.ok(near, refused);
  const ran = prompt([`predictMakespan({ ${near[1]}: 2, jobMs: [3, 1, 2], chunksize: 1 }).makespanMs`]);
  assert.match(ran.stdout, /^3$/m, ran.stdout);
});
