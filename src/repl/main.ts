/**
 * `npm run repl`: the kit at a prompt, for students without JupyterLab (a cluster login node, an
 * ssh session, a terminal beside the lecture). It takes the TypeScript the notebooks use, top-level
 * `await` included, with sweeplab already loaded. What a notebook would display goes to a file
 * (`show(spec)` writes .svg and .vl.json) or prints as text (`table(rows)`); sweeps show a progress
 * bar on stderr.
 *
 * Ctrl-C while a line runs stops its sweep: the pools stop, every worker is terminated, the line
 * fails with a SweepInterruptedError and the prompt comes back. For that, the prompt leaves the
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
import { createRequire } from "node:module";
import * as path from "node:path";
import * as repl from "node:repl";
import * as util from "node:util";
import * as vm from "node:vm";
import type * as TS from "typescript";
import { JobError, SolveError, SweepInterruptedError, UsageError, WorkerDiedError } from "../core/errors.js";
import * as experiments from "../measure/experiments.js";
import * as sweeplab from "../index.js";
import { activePools, interruptAll } from "../parallel/interrupt.js";
import * as plots from "../plots/plots.js";
import { type ProgressCallback, terminalProgress } from "../sweep/progress.js";
import { savePlot, toSvg } from "../plots/render.js";
import { LOADER, compileInput } from "./compile.js";
import { promptDisplay } from "./display.js";
import { threadCount } from "../notebook/lessons.js";

interface ReplOptions {
  /** Folder `show` writes plots to. @default "results/repl-plots" under the working directory */
  plots?: string;
}

const USAGE = `usage: npm run repl [-- --plots DIR]   (or: node dist/repl.js [--plots DIR])
  --plots DIR   folder where show(spec, name) writes name.svg and name.vl.json (default: results/repl-plots)`;

/** Name -> value of everything preloaded at the prompt (see `kit`). */
type Globals = Record<string, unknown>;
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Starts the prompt on stdin/stdout; the process exits when it closes. */
function startRepl({ plots: plotsOption = path.join("results", "repl-plots") }: ReplOptions = {}): repl.REPLServer {
  const ts = loadTypeScript();
  const plotsDir = path.resolve(plotsOption);
  const globals = kit(plotsDir);
  for (const [name, value] of Object.entries(globals)) {
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: true });
  }
  Object.defineProperty(globalThis, LOADER, { value: loader(globals), configurable: true });

  process.stdout.write(banner(globals, plotsDir));
  // One line runs at a time, in the order typed: a pipe delivers many lines at once.
  let queue = Promise.resolve();
  /** Lines queued or running. */
  let pending = 0;
  /** Bumped by each Ctrl-C: lines queued before it are dropped, as a terminal drops typeahead. */
  let epoch = 0;
  let abandon: (() => void) | undefined;
  let closed = false;

  const evaluate: repl.REPLEval = (cmd, _context, _file, callback) => {
    const compiled = compileInput(ts, cmd);
    if (compiled.kind === "incomplete") {
      // Answered at once, not queued: the prompt must know before the next line arrives.
      callback(new repl.Recoverable(new SyntaxError("unfinished input")), undefined);
      return;
    }
    // The prompt forgets a finished multi-line input now, not when its (queued) result arrives:
    // lines piped in behind it must not be appended to it.
    server.clearBufferedCommand();
    const queuedIn = epoch;
    pending++;
    queue = queue
      .then(async () => {
        const outcome: Outcome =
          epoch !== queuedIn
            ? { ok: false, error: new LineInterrupted("not run") }
            : compiled.kind === "error"
              ? { ok: false, error: new SyntaxError(compiled.message) }
              : await run(compiled.code);
        if (!outcome.ok && isKitError(outcome.error)) {
          // The kit's errors carry their whole story in the message (name, rule, value, fix).
          process.stdout.write(`${outcome.error.name}: ${outcome.error.message}\n`);
          if (!closed) answer(callback, null, undefined);
        } else if (!closed) {
          if (outcome.ok) answer(callback, null, outcome.value);
          else answer(callback, trimStack(outcome.error) as Error, undefined);
        } else if (!outcome.ok) {
          process.stdout.write(`Uncaught ${util.inspect(trimStack(outcome.error))}\n`);
        } else if (outcome.value !== undefined) {
          process.stdout.write(`${util.inspect(outcome.value)}\n`);
        }
      })
      .catch((error: unknown) => {
        // Printing an answer failed (a writer or inspect throwing): say so, keep the queue going.
        process.stderr.write(`sweeplab repl: ${util.inspect(error)}\n`);
      })
      .finally(() => pending--);
  };

  const server = repl.start({ prompt: "sweeplab> ", eval: evaluate, useGlobal: true, ignoreUndefined: true });

  /**
   * Hands a line's result to the prompt. With a pipe it may arrive after later lines were read:
   * the prompt must keep a multi-line input begun since (it clears its buffer on every answer).
   */
  function answer(callback: (error: Error | null, value?: unknown) => void, error: Error | null, value: unknown): void {
    const clear = server.clearBufferedCommand;
    server.clearBufferedCommand = () => undefined;
    try {
      callback(error, value);
    } finally {
      server.clearBufferedCommand = clear;
    }
  }

  async function run(code: string): Promise<Outcome> {
    const release = holdInput();
    try {
      let value: unknown = vm.runInThisContext(code, { filename: "REPL", displayErrors: false });
      // A line whose value is a promise is awaited, so `show(spec)` works without `await` too.
      if (value instanceof Promise) {
        const pending = value;
        value = await new Promise((resolve, reject) => {
          abandon = () => reject(new LineInterrupted("stopped waiting for it"));
          pending.then(resolve, reject);
        });
      }
      return { ok: true, value };
    } catch (error) {
      return { ok: false, error };
    } finally {
      abandon = undefined;
      release();
    }
  }

  /**
   * While a line runs: input waits (so lines typed meanwhile run afterwards, in order) and a
   * terminal leaves raw mode (so Ctrl-C arrives as SIGINT rather than as a keypress nobody reads).
   */
  function holdInput(): () => void {
    // A paused stdin no longer keeps the process alive, and a line may wait on nothing else.
    const alive = setInterval(() => undefined, 1 << 30);
    if (closed) return () => clearInterval(alive);
    server.pause();
    const stdin = process.stdin;
    const wasRaw = stdin.isTTY === true && stdin.isRaw;
    if (wasRaw) stdin.setRawMode(false);
    return () => {
      clearInterval(alive);
      if (closed) return;
      if (wasRaw) stdin.setRawMode(true);
      server.resume();
    };
  }

  // Ctrl-C comes as a keypress at the prompt (the REPL's 'SIGINT' event) and as a signal while a
  // line runs or when stdin is a pipe. Either way: a running line is stopped (its pools, else the
  // wait for it); at the prompt, the REPL does what it always does (clear the line, or leave on
  // a second Ctrl-C at an empty one).
  const atPrompt = server.listeners("SIGINT") as ((...args: unknown[]) => void)[];
  server.removeAllListeners("SIGINT");
  server.on("SIGINT", () => {
    if (pending === 0) {
      for (const listener of atPrompt) listener.call(server);
      return;
    }
    epoch++;
    process.stderr.write("\n");
    if (interruptAll("Ctrl-C") === 0) abandon?.();
  });
  process.on("SIGINT", () => {
    if (!closed) server.emit("SIGINT");
  });

  server.defineCommand("exit", {
    help: "Exit the REPL (after the line that is running)",
    action() {
      void queue.then(() => server.close());
    },
  });
  server.on("exit", () => {
    closed = true;
    void queue.then(shutdown);
  });
  return server;
}

/** Everything preloaded at the prompt: the library, the plots, the experiments, the helpers. */
function kit(plotsDir: string): Globals {
  const { show, table, tslab } = promptDisplay(plotsDir);
  /** OS threads of this process (Linux): each pool worker is one, gone when its sweep ends. */
  const threads = (): number => threadCount() ?? NaN;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const logged =
    <O extends { log?: (line: string) => void }, R>(experiment: (options?: O) => Promise<R>) =>
    (options?: O): Promise<R> =>
      experiment({ log, ...options } as O);

  return {
    ...sweeplab,
    ...plots,
    toSvg,
    savePlot,
    ...experiments,
    // The sweeps show a bar on stderr unless given a `progress` of their own (the lecture's tqdm).
    runSweep: ((w, options) => withBar(options, (o) => sweeplab.runSweep(w, o))) satisfies typeof sweeplab.runSweep,
    parallelSolveOmega: ((N, gamma, Dnm, Gnm, drives, tSpan, y0, options) =>
      withBar(options, (o) =>
        sweeplab.parallelSolveOmega(N, gamma, Dnm, Gnm, drives, tSpan, y0, o),
      )) satisfies typeof sweeplab.parallelSolveOmega,
    sequentialSolveOmega: ((N, gamma, Dnm, Gnm, drives, tSpan, y0, options) =>
      withBar(options, (o) =>
        sweeplab.sequentialSolveOmega(N, gamma, Dnm, Gnm, drives, tSpan, y0, o),
      )) satisfies typeof sweeplab.sequentialSolveOmega,
    // The experiments print a line per measured setting.
    scaling: logged(experiments.scaling),
    chunksizes: logged(experiments.chunksizes),
    dispatch: logged(experiments.dispatch),
    packing: logged(experiments.packing),
    granularity: logged(experiments.granularity),
    show,
    table,
    threads,
    tslab,
  };
}

/** Runs a sweep with a terminal progress bar, unless the caller passed a `progress` of their own. */
async function withBar<O extends { progress?: ProgressCallback }, T>(
  options: O | undefined,
  run: (options: O) => Promise<T>,
): Promise<T> {
  if (options?.progress) return run(options);
  const bar = terminalProgress();
  try {
    return await run({ ...(options ?? ({} as O)), progress: bar });
  } finally {
    bar.stop();
  }
}

/**
 * The `require` behind rewritten imports. Relative to the working directory, else to the
 * package's notebooks/ folder (so a notebook's `import * as sl from "../dist"` works at a prompt
 * opened in the package); `"sweeplab"` names this package and `"tslab"` the prompt's displays.
 * The kit's own modules hand out the REPL's versions of what it replaces, so a notebook's
 * `import { show } from "../dist/display"` writes files here.
 */
function loader(globals: Globals): { require(id: string): unknown; importDefault(mod: unknown): unknown } {
  const dist = path.resolve(__dirname, "..");
  const root = path.resolve(dist, "..");
  const fromCwd = createRequire(path.join(process.cwd(), "repl.js"));
  const fromNotebooks = createRequire(path.join(root, "notebooks", "repl.js"));
  const resolve = (id: string): string => {
    if (id === "sweeplab" || id.startsWith("sweeplab/")) return fromCwd.resolve(root + id.slice("sweeplab".length));
    try {
      return fromCwd.resolve(id);
    } catch (error) {
      if (!id.startsWith(".")) throw error;
      return fromNotebooks.resolve(id);
    }
  };
  const replaced = new Map<string, unknown>();
  return {
    require(id: string): unknown {
      if (id === "tslab") return globals.tslab;
      const resolved = resolve(id);
      const mod = fromCwd(resolved) as Record<string, unknown>;
      if (!resolved.startsWith(dist + path.sep) || resolved.startsWith(__dirname + path.sep)) return mod;
      if (!replaced.has(resolved)) {
        const ours = REPLACED.filter((name) => name in mod);
        replaced.set(
          resolved,
          ours.length === 0 ? mod : { ...mod, ...Object.fromEntries(ours.map((name) => [name, globals[name]])) },
        );
      }
      return replaced.get(resolved);
    },
    importDefault: (mod: unknown) =>
      (mod as { __esModule?: boolean } | null)?.__esModule ? (mod as { default: unknown }).default : mod,
  };
}

/** What `kit` replaces: the sweeps (a progress bar), the experiments (a log), `show` (a file). */
const REPLACED = [
  "runSweep",
  "parallelSolveOmega",
  "sequentialSolveOmega",
  "scaling",
  "chunksizes",
  "dispatch",
  "packing",
  "granularity",
  "show",
];

function banner(globals: Globals, plotsDir: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- JSON beside the package, read once
  const { version } = require("../../package.json") as { version: string };
  const plotNames = Object.keys(plots).filter((name) => name.endsWith("Plot"));
  const experimentNames = ["scaling", "chunksizes", "dispatch", "packing", "granularity"].filter(
    (name) => name in globals,
  );
  return [
    `sweeplab ${version} at a prompt: TypeScript with top-level await (Node ${process.version}, ${sweeplab.defaultWorkers()} cores)`,
    `Loaded: solveSystemProp, solveSystemWrapper, parallelSolveOmega, sequentialSolveOmega, runSweep, buildSweep,`,
    `  workloads (${Object.keys(sweeplab.workloads).join(", ")}), experiments (${experimentNames.join(", ")}),`,
    `  plots (${plotNames.join(", ")}),`,
    `  show(spec, name) -> ${plotsDir}${path.sep}name.svg, table(rows), threads()`,
    `Ctrl-C stops a running sweep; .exit leaves. Try:`,
    `  const rep = await runSweep("lecture", { workers: 2 })`,
    `  show(physicsPlot(rep.rows), "physics")`,
    "",
  ].join("\n");
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

/** Stops what is still running, then leaves with code 0. */
async function shutdown(): Promise<void> {
  if (interruptAll("exit") > 0) {
    const end = Date.now() + 5000;
    while (activePools() > 0 && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  process.exit(0);
}

function parseArgs(argv: string[]): ReplOptions {
  const options: ReplOptions = {};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--plots" && argv[i + 1] !== undefined) options.plots = argv[++i];
    else if (argv[i].startsWith("--plots=")) options.plots = argv[i].slice("--plots=".length);
    else if (argv[i] === "-h" || argv[i] === "--help") {
      console.log(USAGE);
      process.exit(0);
    } else {
      throw new UsageError(`unknown argument ${JSON.stringify(argv[i])}\n${USAGE}`);
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
