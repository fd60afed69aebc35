/**
 * The REPL with piped input leaves at the end of its input, as `node -i` does, also when a line
 * waits on a promise nothing can settle; lines that wait on something real still finish first.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";

const repl = path.join(__dirname, "..", "..", "dist", "repl.js");
const piped = (input: string) =>
  spawnSync(process.execPath, [repl], {
    input,
    encoding: "utf8",
    cwd: fs.mkdtempSync(path.join(os.tmpdir(), "sweeplab-repl-eof-")),
    timeout: 60000,
  });

test("a line awaiting a promise that never settles: the REPL leaves at the end of input, exit 1, saying why", () => {
  const res = piped('await new Promise(() => {})\nconsole.log("after")\n');
  assert.equal(res.signal, null, "ended by itself, not by the test's timeout");
  assert.equal(res.status, 1, res.stderr);
  assert.match(res.stderr, /input ended while a line waits on a promise that nothing can settle any more/);
});

test("a line awaiting a timer still finishes at the end of input, then the lines after it, in order", () => {
  const res = piped('await new Promise((r) => setTimeout(() => r("timer"), 300))\nconsole.log("after")\n');
  assert.equal(res.status, 0, res.stderr);
  assert.match(res.stdout, /'timer'[\s\S]*after/);
});
