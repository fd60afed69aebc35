// The README's five-line example must run and print its known answers.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import * as ts from "typescript";

const root = path.join(__dirname, "..");

test("the README's five-line example runs and prints what it says", async () => {
  const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
  const block = /## Five lines, with a known answer\n+```ts\n([\s\S]*?)```/.exec(readme);
  assert.ok(block, "the README has a ts block under 'Five lines, with a known answer'");
  const code = block[1].replace(/from "sweeplab"/, `from ${JSON.stringify(path.join(root, "dist", "index.js"))}`);
  assert.equal(code.trim().split("\n").length, 5);
  const js = ts.transpileModule(code, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const printed: unknown[][] = [];
  const fakeConsole = { log: (...args: unknown[]) => printed.push(args) };
  const run = new Function("require", "console", "exports", `return (async () => {\n${js}\n})();`);
  await run(require, fakeConsole, {});
  assert.deepEqual(printed[0], [{ r: 0, sz_mean: -1, s2_abs: 0 }]);
  const [decay, exact] = printed[1] as number[];
  assert.ok(Math.abs(decay - exact) < 1e-6, `${decay} vs ${exact}`);
});
