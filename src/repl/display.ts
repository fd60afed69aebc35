/**
 * What a notebook would display, at a prompt: pictures become files in one folder (the path is
 * printed), text prints. `show` stands in for display.ts's `show` and `tslab` for the tslab module
 * a notebook imports, so notebook cells run unchanged in `npm run repl`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import type { TopLevelSpec } from "vega-lite";
import { savePlot } from "../plots/render.js";
import type { SweepReport } from "../sweep/run.js";

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
  let plots = 0;
  let outputs = 0;

  /** What `show(spec)` draws in a notebook: `dir/name.svg` and `name.vl.json`; prints the path. */
  const show = async (spec: TopLevelSpec, name = `plot-${++plots}`): Promise<void> => {
    const { svg, json } = await savePlot(spec, dir, name);
    print(`Saved ${svg} (spec: ${path.basename(json)})`);
  };

  /** Prints rows (or a sweep report's rows) as a text table. */
  const table = (data: Pick<SweepReport, "rows"> | readonly object[], columns?: string[]): void => {
    console.table(Array.isArray(data) ? data : (data as Pick<SweepReport, "rows">).rows, columns);
  };

  const raw = (contentType: string, b: string | Uint8Array): void => {
    if (TEXT.has(contentType)) return print(String(b));
    const ext = FILES[contentType];
    if (!ext) return print(`(a ${contentType} output: not shown at a prompt)`);
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `output-${++outputs}.${ext}`);
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
