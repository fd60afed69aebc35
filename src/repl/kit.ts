/**
 * What the prompt preloads: the library (also as `sl`, and the notebooks' helpers as `lab`, the
 * names the notebooks import them under, so a cell pastes as it is), the plots, the experiments,
 * and the prompt's own `show`, `table`, `threads` and `tslab`. Sweeps show a progress bar on
 * stderr; experiments print a line per measured setting.
 */
import { createRequire } from "node:module";
import * as path from "node:path";
import * as sweeplab from "../index.js";
import * as lab from "../lab.js";
import * as experiments from "../measure/experiments.js";
import { threadCount } from "../parallel/thread-probe.js";
import * as plots from "../plots/plots.js";
import { savePlot, toSvg } from "../plots/render.js";
import { beside, isProgressDisplay, terminalProgress } from "../sweep/progress.js";
import type { JobCallback } from "../core/types.js";
import { promptDisplay } from "./display.js";
import { last } from "./interrupted.js";

/** Name -> value of everything preloaded at the prompt (see `kit`). */
export type Globals = Record<string, unknown>;

/** Everything preloaded at the prompt: the library, the plots, the experiments, the helpers. */
export function kit(plotsDir: string): Globals {
  const { show, table, tslab } = promptDisplay(plotsDir);
  /** OS threads of this process (Linux): each pool worker is one, gone when its sweep ends. */
  const threads = (): number => threadCount() ?? NaN;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const logged =
    <O extends { log?: (line: string) => void }, R>(experiment: (options?: O) => Promise<R>) =>
    (options?: O): Promise<R> =>
      experiment({ log, ...options } as O);

  return {
    ...lab,
    ...sweeplab,
    ...plots,
    toSvg,
    savePlot,
    ...experiments,
    // The sweeps show a bar on stderr (the lecture's tqdm) beside any `onJob` of their own.
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
    // what the last sweep stopped by Ctrl-C had finished (its line failed, so nothing was assigned)
    last,
  };
}

/**
 * Runs a sweep with a terminal progress bar beside the caller's `onJob`, unless that is a progress
 * display of its own (`terminalProgress(...)`); `onJob: false` (which the library refuses: it takes
 * a function) means no bar.
 */
async function withBar<O extends { onJob?: (event: never) => void }, T>(
  options: O | undefined,
  run: (options: O) => Promise<T>,
): Promise<T> {
  const onJob = (options as { onJob?: unknown } | undefined)?.onJob;
  if (onJob === false) return run({ ...options, onJob: undefined } as O);
  if (isProgressDisplay(onJob)) return run(options as O);
  // at a prompt sweeps are small and watched: piped, every job gets its line
  const bar = terminalProgress({ everyMs: 0 });
  try {
    return await run({ ...(options ?? ({} as O)), onJob: beside(bar, options?.onJob as JobCallback | undefined) });
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
export function loader(globals: Globals): { require(id: string): unknown; importDefault(mod: unknown): unknown } {
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

/**
 * `sl` and `lab`, the names the notebooks import the kit under (`import * as sl from "../dist"`,
 * `import * as lab from "../dist/lessons"`), loaded through `load` so they hand out the prompt's
 * sweeps (with a bar) and `show` (to a file): a notebook cell pastes as it is.
 */
export function notebookNames(load: ReturnType<typeof loader>): Globals {
  const dist = path.resolve(__dirname, "..");
  return { sl: load.require(path.join(dist, "index.js")), lab: load.require(path.join(dist, "lessons.js")) };
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

export function banner(globals: Globals, plotsDir: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- JSON beside the package, read once
  const { version } = require("../../package.json") as { version: string };
  const plotNames = Object.keys(plots).filter((name) => name.endsWith("Plot"));
  const experimentNames = ["scaling", "chunksizes", "dispatch", "packing", "granularity"].filter(
    (name) => name in globals,
  );
  return [
    `sweeplab ${version} at a prompt: TypeScript with top-level await (Node ${process.version}, ${sweeplab.defaultWorkers()} cores)`,
    `Loaded: solveSystemProp, solveSystemWrapper, parallelSolveOmega, sequentialSolveOmega, runSweep, buildSweep,`,
    `  workloads (${Object.keys(lab.workloads).join(", ")}), experiments (${experimentNames.join(", ")}),`,
    `  plots (${plotNames.join(", ")}),`,
    `  show(spec, name) -> ${plotsDir}${path.sep}name.svg, table(rows), threads()`,
    `  sl and lab, as the notebooks import them: notebook cells paste as they are`,
    `A sweep shows a progress bar (onJob: false for none); Ctrl-C stops it (last() keeps what finished); .exit leaves. Try:`,
    `  const rep = await runSweep("lecture", { workers: 2 })`,
    `  show(physicsPlot(rep.rows), "physics")`,
    `  await runSweep({ nz: 100000, nR: 2, rhs: "linear" })   // the O(N) right-hand side, RK45`,
    "",
  ].join("\n");
}
