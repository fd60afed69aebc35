/**
 * What the prompt relies on in Node's REPL (node:repl) beyond its documented API, in one place.
 * Each function names the behaviour it depends on; test/repl/node-compat.test.ts checks each one
 * against the running Node, so an upgrade that takes one away fails that test with a message
 * naming the function here, instead of a prompt that quietly loses input or Ctrl-C.
 *
 * Checked on Node 20, 22 and 24.
 */
import type * as repl from "node:repl";

type Answer = (error: Error | null, value?: unknown) => void;

/**
 * Hands a line's result to the REPL without letting the REPL clear a multi-line input begun
 * since: with a pipe, a queued line's result may arrive after later lines were read.
 *
 * Relies on: the REPL's `finish` (lib/repl.js) clearing its buffered input by calling
 * `self.clearBufferedCommand()`, a method looked up on the instance, so an own property shadows
 * it for the duration of the call.
 */
export function answerKeepingBuffer(
  server: repl.REPLServer,
  callback: Answer,
  error: Error | null,
  value: unknown,
): void {
  const own = Object.getOwnPropertyDescriptor(server, "clearBufferedCommand");
  server.clearBufferedCommand = () => undefined;
  try {
    callback(error, value);
  } finally {
    if (own) Object.defineProperty(server, "clearBufferedCommand", own);
    else delete (server as { clearBufferedCommand?: unknown }).clearBufferedCommand;
  }
}

/**
 * Takes the REPL's own Ctrl-C handling at the prompt off the server and returns it, so the caller
 * decides when it runs (only when no line is running; otherwise Ctrl-C stops the line).
 *
 * Relies on: the REPL implementing Ctrl-C at the prompt (clear the line, or "To exit, press
 * Ctrl+C again" and leave on a second one) as listeners of the server's 'SIGINT' event, which
 * readline emits for a Ctrl-C keypress in raw mode.
 */
export function takePromptCtrlC(server: repl.REPLServer): () => void {
  const listeners = server.listeners("SIGINT") as ((this: repl.REPLServer) => void)[];
  server.removeAllListeners("SIGINT");
  return () => {
    for (const listener of listeners) listener.call(server);
  };
}
