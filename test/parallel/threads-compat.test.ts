/** What the threads.js workarounds (src/parallel/threads-compat.ts) need from the installed threads.js. */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { threadsCompatProblems, threadsVersion } from "../../dist/parallel/threads-compat.js";

test("the installed threads.js still has everything the workarounds rely on", () => {
  const problems = threadsCompatProblems();
  assert.deepEqual(problems, [], `threads.js changed under sweeplab's workarounds:\n- ${problems.join("\n- ")}`);
});

test("package.json pins threads exactly, at the version the workarounds were written for", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8"));
  assert.equal(
    pkg.dependencies.threads,
    threadsVersion,
    "pin threads exactly (no ^ or ~): see src/parallel/threads-compat.ts",
  );
});
