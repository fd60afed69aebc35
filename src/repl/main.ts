/**
 * `npm run repl`: the kit at a prompt, for students without JupyterLab (a cluster login node, an
 * ssh session, a terminal beside the lecture). It takes the TypeScript the notebooks use, top-level
 * `await` included, with sweeplab already loaded. What a notebook would display goes to a file
 * (`show(spec)` writes .svg and .vl.json) or prints as text (`table(rows)`); sweeps show a progress
 * bar on stderr.
 *
 * Ctrl-C while a line runs stops its sweep: the pools stop, every worker is terminated, the line
 * fails with a SweepInterruptedError, `last()` keeps the jobs that had finished (the line assigned
 * nothing) and the prompt comes back. For that, the prompt leaves the
 * terminal's raw mode while a line runs, so Ctrl-C reaches the process as a SIGINT, the same
 * signal `kill -INT` or a terminal sends when stdin is a pipe. The typescript package is loaded
 * here only: the library itself never needs it.
 *
 * @example
 * // $ npm run repl
 * // sweeplab> const rep = await runSweep("lecture", { workers: 2 })
 * // sweeplab> rep.rows.length
 * // 20
 */
import * as path from "node:path";
import * as repl from "node:repl";
import * as util from "node:util";
import * as vm from "node:vm";
import type * as TS from "typescript";
import { closest } from "../core/check.js";
import { JobError, SolveError, SweepInterruptedError, UsageError, WorkerDiedError } from "../core/errors.js";
import { activePools, interruptAll } from "../parallel/interrupt.js";
import { awaitHint } from "./await-hint.js";
import { keepInterrupted } from "./interrupted.js";
import { LOADER, compileInput } from "./compile.js";
import { type Globals, banner, kit, loader, notebookNames } from "./kit.js";
import { answerKeepingBuffer, takePromptCtrlC } from "./node-compat.js";

interface ReplOptions {
  /** Folder `show` writes plots to. @default "results/repl-plots" under the working directory */
  plots?: string;
}

const USAGE = `usage: npm run repl [-- --plots DIR]   (or: node dist/repl.js [--plots DIR])
  --plots DIR   folder where show(spec, name) writes name.svg and name.vl.json (default: results/repl-plots)`;

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** What the prompt's parts share while it runs. */
interface Prompt {
  server: repl.REPLServer;
  /** One line runs at a time, in the order typed: a pipe delivers many lines at once. */
  queue: Promise<void>;
  /** Lines queued or running. */
  pending: number;
  /** Bumped by each Ctrl-C: lines queued before it are dropped, as a terminal drops typeahead. */
  epoch: number;
  /** Stops waiting for the running line (Ctrl-C when no pool runs). */
  abandon?: () => void;
  closed: boolean;
  /** Lines that failed: input piped in then exits 1, as a script with an error would. */
  failures: number;
  /** The timers that keep the process alive while a line runs (see holdInput). */
  alive: Set<NodeJS.Timeout>;
}

/** Starts the prompt on stdin/stdout; the process exits when it closes. */
function startRepl({ plots: plotsOption = path.join("results", "repl-plots") }: ReplOptions = {}): repl.REPLServer {
  const ts = loadTypeScript();
  const plotsDir = path.resolve(plotsOption);
  const globals: Globals = kit(plotsDir);
  const load = loader(globals);
  Object.assign(globals, notebookNames(load));
  for (const [name, value] of Object.entries(globals)) {
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: true });
  }
  Object.defineProperty(globalThis, LOADER, { value: load, configurable: true });

  process.stdout.write(banner(globals, plotsDir));
  const prompt = {
    queue: Promise.resolve(),
    pending: 0,
    epoch: 0,
    closed: false,
    failures: 0,
    alive: new Set(),
  } as Prompt;
  prompt.server = repl.start({
    prompt: "sweeplab> ",
    eval: evaluator(prompt, ts),
    useGlobal: true,
    ignoreUndefined: true,
  });
  handleCtrlC(prompt);
  prompt.server.defineCommand("exit", {
    help: "Exit the REPL (after the line that is running)",
    action() {
      void prompt.queue.then(() => prompt.server.close());
    },
  });
  prompt.server.on("exit", () => {
    prompt.closed = true;
    if (process.stdin.isTTY !== true) endOfInput(prompt);
    void prompt.queue.then(() => shutdown(prompt));
  });
  return prompt.server;
}

/** The REPL's eval: compiles a line, queues it behind the running one, prints its outcome. */
function evaluator(prompt: Prompt, ts: typeof TS): repl.REPLEval {
  return (cmd, _context, _file, callback) => {
    const compiled = compileInput(ts, cmd);
    if (compiled.kind === "incomplete") {
      // Answered at once, not queued: the prompt must know before the next line arrives.
      callback(new repl.Recoverable(new SyntaxError("unfinished input")), undefined);
      return;
    }
    // The prompt forgets a finished multi-line input now, not when its (queued) result arrives:
    // lines piped in behind it must not be appended to it.
    prompt.server.clearBufferedCommand();
    const queuedIn = prompt.epoch;
    prompt.pending++;
    prompt.queue = prompt.queue
      .then(async () => {
        const outcome: Outcome =
          prompt.epoch !== queuedIn
            ? { ok: false, error: new LineInterrupted("not run") }
            : compiled.kind === "error"
              ? { ok: false, error: new SyntaxError(compiled.message) }
              : await runLine(prompt, compiled.code);
        // a line stopped by Ctrl-C was stopped, not failed
        const stopped =
          outcome.ok || outcome.error instanceof LineInterrupted || outcome.error instanceof SweepInterruptedError;
        if (!stopped) prompt.failures++;
        report(
          prompt,
          outcome,
          callback,
          outcome.ok
            ? awaitHint(cmd, { failed: false, value: outcome.value })
            : (keepInterrupted(outcome.error) ?? awaitHint(cmd, { failed: true, value: undefined })),
        );
      })
      .catch((error: unknown) => {
        // Printing an answer failed (a writer or inspect throwing): say so, keep the queue going.
        process.stderr.write(`sweeplab repl: ${util.inspect(error)}\n`);
      })
      .finally(() => prompt.pending--);
  };
}

/** Prints a line's outcome: the kit's errors as one line, others as the REPL does; then the hint. */
function report(
  prompt: Prompt,
  outcome: Outcome,
  callback: (error: Error | null, value?: unknown) => void,
  hint?: string,
): void {
  const { server, closed } = prompt;
  if (!outcome.ok && isKitError(outcome.error)) {
    // The kit's errors carry their whole story in the message (name, rule, value, fix).
    process.stdout.write(`${outcome.error.name}: ${outcome.error.message}\n`);
    if (hint) process.stdout.write(`Hint: ${hint}\n`);
    if (!closed) answerKeepingBuffer(server, callback, null, undefined);
    return;
  }
  if (hint && outcome.ok) process.stdout.write(`Hint: ${hint}\n`);
  // the hint follows the error's stack, where the REPL prints it
  const error = outcome.ok ? undefined : withHint(trimStack(outcome.error), hint);
  if (!closed) {
    if (outcome.ok) answerKeepingBuffer(server, callback, null, outcome.value);
    else answerKeepingBuffer(server, callback, error as Error, undefined);
  } else if (!outcome.ok) {
    process.stdout.write(`Uncaught ${util.inspect(error)}\n`);
  } else if (outcome.value !== undefined) {
    process.stdout.write(`${util.inspect(outcome.value)}\n`);
  }
}

/** Runs one compiled line; a line whose value is a promise is awaited (so `show(spec)` works without `await`). */
async function runLine(prompt: Prompt, code: string): Promise<Outcome> {
  const release = holdInput(prompt);
  try {
    let value: unknown = vm.runInThisContext(code, { filename: "REPL", displayErrors: false });
    if (value instanceof Promise) {
      const pending = value;
      value = await new Promise((resolve, reject) => {
        prompt.abandon = () => reject(new LineInterrupted("stopped waiting for it"));
        pending.then(resolve, reject);
      });
    }
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error };
  } finally {
    prompt.abandon = undefined;
    release();
  }
}

/**
 * Input piped in has ended: as with `node -i`, the REPL then leaves once nothing can happen any
 * more. The lines still queued run, each kept alive by what it waits on (a timer, a pool's
 * workers), not by the REPL; a line waiting on a promise nothing can settle is reported, and the
 * REPL exits 1 instead of waiting for ever.
 */
function endOfInput(prompt: Prompt): void {
  for (const alive of prompt.alive) alive.unref();
  process.once("beforeExit", () => {
    if (prompt.pending === 0) return;
    process.stderr.write(
      `sweeplab repl: input ended while a line waits on a promise that nothing can settle any more; leaving (${prompt.pending} line(s) not finished)\n`,
    );
    process.exit(1);
  });
}

/**
 * While a line runs: input typed at a terminal waits (so lines typed meanwhile run afterwards, in
 * order) and the terminal leaves raw mode (so Ctrl-C arrives as SIGINT rather than as a keypress
 * nobody reads). Piped input is read on (the queue keeps the order), so its end is seen.
 */
function holdInput(prompt: Prompt): () => void {
  // A paused stdin no longer keeps the process alive, and a line may wait on nothing else.
  const alive = setInterval(() => undefined, 1 << 30);
  prompt.alive.add(alive);
  const stop = () => {
    clearInterval(alive);
    prompt.alive.delete(alive);
  };
  if (prompt.closed) {
    if (process.stdin.isTTY !== true) alive.unref();
    return stop;
  }
  if (process.stdin.isTTY !== true)
    return () => {
      stop();
    };
  prompt.server.pause();
  const stdin = process.stdin;
  const wasRaw = stdin.isTTY === true && stdin.isRaw;
  if (wasRaw) stdin.setRawMode(false);
  return () => {
    stop();
    if (prompt.closed) return;
    if (wasRaw) stdin.setRawMode(true);
    prompt.server.resume();
  };
}

/**
 * Ctrl-C comes as a keypress at the prompt (the REPL's 'SIGINT' event) and as a signal while a
 * line runs or when stdin is a pipe. Either way: a running line is stopped (its pools, else the
 * wait for it); at the prompt, the REPL does what it always does (clear the line, or leave on a
 * second Ctrl-C at an empty one).
 */
function handleCtrlC(prompt: Prompt): void {
  const atPrompt = takePromptCtrlC(prompt.server);
  prompt.server.on("SIGINT", () => {
    if (prompt.pending === 0) return atPrompt();
    prompt.epoch++;
    process.stderr.write("\n");
    if (interruptAll("Ctrl-C") === 0) prompt.abandon?.();
  });
  process.on("SIGINT", () => {
    if (!prompt.closed) prompt.server.emit("SIGINT");
  });
}

/** Ctrl-C while a line waited on something that is not a pool: the prompt stops waiting. */
class LineInterrupted extends Error {
  override name = "Interrupted";
  constructor(what: "not run" | "stopped waiting for it") {
    super(
      what === "not run"
        ? "this line was not run (Ctrl-C)"
        : "stopped waiting for this line (Ctrl-C); whatever it started may still be running",
    );
  }
}

/** Errors whose message says it all: the kit's own, a syntax error, an abandoned line. */
function isKitError(error: unknown): error is Error {
  const kinds = [
    UsageError,
    JobError,
    WorkerDiedError,
    SweepInterruptedError,
    SolveError,
    SyntaxError,
    LineInterrupted,
  ];
  return kinds.some((kind) => error instanceof kind);
}

/** Appends "Hint: ..." to an error's stack (what the REPL prints), if there is a hint. */
function withHint(error: unknown, hint: string | undefined): unknown {
  if (hint && error instanceof Error && typeof error.stack === "string") error.stack += `\nHint: ${hint}`;
  return error;
}

/** Drops the REPL's own frames (vm, this file) from an error raised by a line. */
function trimStack(error: unknown): unknown {
  if (error instanceof Error && typeof error.stack === "string") {
    const lines = error.stack.split("\n");
    const cut = lines.findIndex((line) => /^\s+at .*(node:vm|[\\/]repl\.js:)/.test(line));
    if (cut > 0) error.stack = lines.slice(0, cut).join("\n");
  }
  return error;
}

function loadTypeScript(): typeof TS {
  try {
    // The REPL is a dev tool: typescript (a devDependency) is needed here only, never by the library.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional: loaded only when present
    return require("typescript") as typeof TS;
  } catch {
    throw new UsageError(
      'the REPL compiles TypeScript with the "typescript" package: run `npm install` in the sweeplab folder (it is a devDependency)',
    );
  }
}

/**
 * Stops what is still running, then leaves: with 0, or with 1 when input piped in (a script) had
 * a line that failed, so `npm run repl < script.ts` tells a shell or CI that it went wrong.
 */
async function shutdown(prompt: Prompt): Promise<void> {
  if (interruptAll("exit") > 0) {
    const end = Date.now() + 5000;
    while (activePools() > 0 && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const piped = process.stdin.isTTY !== true;
  if (piped && prompt.failures > 0) process.stderr.write(`sweeplab repl: ${prompt.failures} line(s) failed\n`);
  process.exit(piped && prompt.failures > 0 ? 1 : 0);
}

function parseArgs(argv: string[]): ReplOptions {
  const options: ReplOptions = {};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--plots") options.plots = argv[++i];
    else if (argv[i].startsWith("--plots=")) options.plots = argv[i].slice("--plots=".length);
    else if (argv[i] === "-h" || argv[i] === "--help") {
      console.log(USAGE);
      process.exit(0);
    } else {
      const near = argv[i].startsWith("--") ? closest(argv[i].slice(2), ["plots", "help"]) : undefined;
      throw new UsageError(
        `unknown argument ${JSON.stringify(argv[i])}${near ? `: did you mean --${near}?` : ""}\n${USAGE}`,
      );
    }
    if (options.plots === undefined || options.plots.trim() === "") {
      throw new UsageError(
        `\`--plots\` must name a folder, got ${options.plots === undefined ? "none" : JSON.stringify(options.plots)}: e.g. --plots results/figs\n${USAGE}`,
      );
    }
  }
  return options;
}

/** The entry point of `npm run repl` (dist/repl.js). */
export function main(): void {
  try {
    startRepl(parseArgs(process.argv.slice(2)));
  } catch (error) {
    console.error(error instanceof UsageError ? `sweeplab repl: ${error.message}` : error);
    process.exit(2);
  }
}
