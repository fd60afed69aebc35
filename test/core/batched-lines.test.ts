import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { batchedLines } from "../../dist/core/batched-lines.js";

const turn = () => new Promise((resolve) => setImmediate(resolve));

test("lines written in one turn of the event loop reach the sink in one piece at its end", async () => {
  const writes: string[] = [];
  const lines = batchedLines((text) => writes.push(text));
  lines.write("a\n");
  lines.write("b\n");
  lines.write("c\n");
  assert.deepEqual(writes, [], "nothing is written before the turn ends");
  await turn();
  assert.deepEqual(writes, ["a\nb\nc\n"]);
  lines.write("d\n");
  await turn();
  assert.deepEqual(writes, ["a\nb\nc\n", "d\n"], "the next turn's lines are the next write");
  await turn();
  assert.equal(writes.length, 2, "no empty write when nothing is held");
});

test("flush writes at once; after close every write goes straight through", () => {
  const writes: string[] = [];
  const lines = batchedLines((text) => writes.push(text));
  lines.write("a\n");
  lines.flush();
  assert.deepEqual(writes, ["a\n"]);
  lines.write("b\n");
  lines.close();
  assert.deepEqual(writes, ["a\n", "b\n"], "close writes what is held");
  lines.write("c\n");
  assert.deepEqual(writes, ["a\n", "b\n", "c\n"]);
  lines.close();
});

test("a write that failed at the end of a turn is thrown by the next call, once", async () => {
  let fail = true;
  const lines = batchedLines(() => {
    if (fail) throw new Error("disk full");
  });
  lines.write("a\n");
  await turn();
  fail = false;
  assert.throws(() => lines.write("b\n"), /disk full/);
  lines.write("c\n");
  lines.close();
});

for (const [how, end] of [
  ["process.exit", "process.exit(3)"],
  ["an uncaught error", 'throw new Error("crash")'],
] as const) {
  test(`lines held when the process ends by ${how} are written`, () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sweeplab-batched-")), "out.txt");
    const script = `
      const { batchedLines } = require(${JSON.stringify(require.resolve("../../dist/core/batched-lines.js"))});
      const fs = require("node:fs");
      const lines = batchedLines((text) => fs.appendFileSync(${JSON.stringify(file)}, text));
      lines.write("job 1\\n");
      lines.write("job 2\\n");
      ${end};`;
    const res = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
    assert.notEqual(res.status, 0, "the process ended with an error");
    assert.equal(fs.readFileSync(file, "utf8"), "job 1\njob 2\n");
  });
}

test("many batches left unclosed add no exit listeners beyond one", async () => {
  const before = process.listenerCount("exit");
  for (let i = 0; i < 20; i++) batchedLines(() => undefined).write("x\n");
  await turn();
  assert.ok(process.listenerCount("exit") <= before + 1, `${process.listenerCount("exit")} exit listeners`);
});
