/**
 * What a notebook would display, at a prompt: pictures become files in one folder (the path is
 * printed), text prints. `show` stands in for display.ts's `show` and `tslab` for the tslab module
 * a notebook imports, so notebook cells run unchanged in `npm run repl`.
 */
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import type { TopLevelSpec } from "vega-lite";
import { describe } from "../core/check.js";
import { UsageError } from "../core/errors.js";
import { formatRows } from "../core/format.js";
import { savePlot } from "../plots/render.js";
import type { SweepReport } from "../sweep/run.js";
import { isThenable } from "./await-hint.js";

/** tslab's `Display` (tslab/dist/public.d.ts), as a notebook calls it. */
export interface Display {
  javascript(s: string): void;
  html(s: string): void;
  markdown(s: string): void;
  latex(s: string): void;
  svg(s: string): void;
  png(b: Uint8Array): void;
  jpeg(b: Uint8Array): void;
  gif(b: Uint8Array): void;
  pdf(b: Uint8Array): void;
  text(s: string): void;
  raw(contentType: string, b: string | Uint8Array): void;
}

/** Output kinds written to files, by extension; text kinds print. */
const FILES: Record<string, string> = {
  "image/svg+xml": "svg",
  "text/html": "html",
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/gif": "gif",
  "application/pdf": "pdf",
};
const TEXT = new Set(["text/plain", "text/markdown", "text/latex"]);

/**
 * The prompt's displays, writing into `dir` and printing with `print`.
 * @example
 * const { show } = promptDisplay("results/repl-plots");
 * await show(physicsPlot(rep.rows), "physics"); // prints: Saved .../results/repl-plots/physics.svg (spec: physics.vl.json)
 */
export function promptDisplay(dir: string, print: (line: string) => void = console.log) {
  // unnamed outputs are numbered on from the highest already in `dir`: a new session does not
  // overwrite the plot-1.svg of the last one
  const next = numbering(dir);

  /** What `show(spec)` draws in a notebook: `dir/name.svg` and `name.vl.json`; prints the path. */
  const show = async (spec: TopLevelSpec, name?: string): Promise<void> => {
    checkSpec(spec);
    const { svg, json } = await savePlot(spec, dir, name ?? `plot-${next("plot")}`);
    print(`Saved ${svg} (spec: ${path.basename(json)})`);
  };

  /** Prints rows (or a sweep report's rows) as a text table, numbers rounded as in the notebooks' tables. */
  const table = (data: Pick<SweepReport, "rows"> | readonly object[], columns?: string[]): void => {
    if (isThenable(data))
      throw new UsageError(
        'table(rows) got a Promise: did you forget await? e.g. table(await runSweep("lecture"))',
        "rows",
      );
    const rows = Array.isArray(data) ? data : (data as Partial<Pick<SweepReport, "rows">> | null)?.rows;
    if (!Array.isArray(rows)) {
      throw new UsageError(
        `table(rows) takes an array of records or a sweep report, got ${describe(data)}: e.g. table(rep) or table(rep.jobs)`,
        "rows",
      );
    }
    print(formatRows(rows, { columns }));
  };

  const raw = (contentType: string, b: string | Uint8Array): void => {
    if (TEXT.has(contentType)) return print(String(b));
    const ext = FILES[contentType];
    if (!ext) return print(`(a ${contentType} output: not shown at a prompt)`);
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `output-${next("output")}.${ext}`);
    writeFileSync(file, b);
    print(`Saved ${file}`);
  };
  const display: Display = {
    javascript: () => print("(a JavaScript output: not run at a prompt)"),
    html: (s) => raw("text/html", s),
    markdown: (s) => raw("text/markdown", s),
    latex: (s) => raw("text/latex", s),
    svg: (s) => raw("image/svg+xml", s),
    png: (b) => raw("image/png", b),
    jpeg: (b) => raw("image/jpeg", b),
    gif: (b) => raw("image/gif", b),
    pdf: (b) => raw("application/pdf", b),
    text: (s) => raw("text/plain", s),
    raw,
  };
  /** `import * as tslab from "tslab"` at the prompt. */
  const tslab = {
    display,
    newDisplay: (): Display => display,
    versions: { tslab: "none (sweeplab REPL)", node: process.version },
  };

  return { show, table, tslab };
}

/** Numbers per prefix, each starting after the highest `prefix-N.*` already in `dir`. */
function numbering(dir: string): (prefix: string) => number {
  const last = new Map<string, number>();
  return (prefix) => {
    if (!last.has(prefix)) {
      let names: string[] = [];
      try {
        names = readdirSync(dir);
      } catch {
        // no folder yet: nothing to skip
      }
      const taken = names
        .map((name) => new RegExp(`^${prefix}-(\\d+)\\.`).exec(name))
        .map((m) => (m ? Number(m[1]) : 0));
      last.set(prefix, Math.max(0, ...taken));
    }
    last.set(prefix, (last.get(prefix) as number) + 1);
    return last.get(prefix) as number;
  };
}

/**
 * Refuses what is not a Vega-Lite spec before it is drawn: `show(report)` would otherwise try to
 * draw 100 KB of sweep data. A spec has a mark or a composition (layer, concat, facet, repeat).
 */
function checkSpec(spec: unknown): void {
  if (isThenable(spec)) {
    throw new UsageError(
      'show(spec) got a Promise: did you forget await? e.g. show(physicsPlot((await runSweep("lecture")).rows))',
      "spec",
    );
  }
  const keys = ["mark", "layer", "hconcat", "vconcat", "concat", "facet", "repeat"];
  if (spec !== null && typeof spec === "object" && !Array.isArray(spec) && keys.some((key) => key in spec)) return;
  const report = spec !== null && typeof spec === "object" && "rows" in spec && "jobs" in spec;
  throw new UsageError(
    `show(spec, name) draws a Vega-Lite spec, got ${report ? "a sweep report" : describe(spec)}: pass a plot, e.g. show(physicsPlot(rep.rows)) or show(timelinePlot(rep.jobs)); table(rep) prints the numbers`,
    "spec",
  );
}
