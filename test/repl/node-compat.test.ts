/**
 * What the prompt relies on in Node's REPL beyond its documented API (src/repl/node-compat.ts),
 * checked against the Node running the tests: a Node upgrade that takes it away fails here, with a
 * message naming the function to change, rather than in a student's session.
 */
import assert from "node:assert/strict";
import * as repl from "node:repl";
import { PassThrough } from "node:stream";
import { test } from "node:test";
import { answerKeepingBuffer, takePromptCtrlC } from "../../dist/repl/node-compat.js";

type Answer = (error: Error | null, value?: unknown) => void;

/** A REPL on in-memory streams whose eval records each input and holds back its answer. */
function server() {
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = "";
  output.on("data", (chunk: Buffer) => (shown += chunk));
  const inputs: string[] = [];
  const held: Answer[] = [];
  const eval_: repl.REPLEval = (cmd, _context, _file, callback) => {
    inputs.push(cmd);
    if (cmd.trimEnd().endsWith("{")) callback(new repl.Recoverable(new SyntaxError("unfinished")), undefined);
    else held.push(callback);
  };
  const s = repl.start({ input, output, prompt: "> ", eval: eval_, terminal: false });
  const tick = () => new Promise((resolve) => setImmediate(resolve));
  return { s, input, inputs, held, tick, shown: () => shown };
}

test("answerKeepingBuffer: an answer that arrives late keeps a multi-line input begun since", async () => {
  const { s, input, inputs, held, tick } = server();
  try {
    input.write("1\n");
    await tick();
    input.write("function f() {\n"); // the REPL now buffers this, waiting for more
    await tick();
    answerKeepingBuffer(s, held[0], null, 1); // the answer to "1" arrives
    input.write("}\n");
    await tick();
    assert.equal(
      inputs.at(-1),
      "function f() {\n}\n",
      "Node's REPL no longer clears its buffered input through clearBufferedCommand(): answerKeepingBuffer in src/repl/node-compat.ts must change, or piped multi-line input loses lines",
    );
    // (a plain callback(null, 1) there makes the last input "}\n" alone: checked on Node 20.20)
    assert.equal(typeof s.clearBufferedCommand, "function");
    assert.ok(!Object.hasOwn(s, "clearBufferedCommand"), "the REPL's own method is back");
  } finally {
    s.close();
  }
});

test("takePromptCtrlC: the REPL's Ctrl-C at the prompt is a 'SIGINT' listener that can be taken off and run later", async () => {
  const { s, tick, shown } = server();
  try {
    assert.ok(
      s.listenerCount("SIGINT") > 0,
      "Node's REPL no longer handles Ctrl-C at the prompt with a 'SIGINT' listener: takePromptCtrlC in src/repl/node-compat.ts must change",
    );
    const atPrompt = takePromptCtrlC(s);
    assert.equal(s.listenerCount("SIGINT"), 0);
    atPrompt();
    await tick();
    assert.match(
      shown(),
      /To exit, press Ctrl\+C again/,
      "the REPL's Ctrl-C listener no longer says how to leave: takePromptCtrlC in src/repl/node-compat.ts must change",
    );
  } finally {
    s.close();
  }
});
