/**
 * Rendering is separate from building a figure (STYLE.md, item 8): a spec from `plots.ts` becomes
 * SVG here, in Node, with no browser and no `canvas` (vega's "none" renderer measures text itself).
 *
 * @example
 * const { svg, json } = await savePlot(speedupPlot(scaling), "results/plots", "speedup");
 * // results/plots/speedup.svg and results/plots/speedup.vl.json
 */
import { mkdir, writeFile } from "node:fs/promises";
import * as path from "node:path";
import * as vega from "vega";
import * as vl from "vega-lite";
import type { TopLevelSpec } from "vega-lite";
import { UsageError } from "../core/errors.js";
import { describe } from "../core/check.js";

// Without node-canvas, vega lays text out by guessing 0.8 em per character, which makes titles and
// legends about half again too wide: legend labels get cut with "..." and the SVG gains a wide
// empty margin. Use Helvetica/Arial's own widths instead (the fonts plots.ts asks for first).
type TextWidth = (item: object, text?: unknown) => number;
const textMetrics = (vega as unknown as { textMetrics: { width: TextWidth; estimateWidth: TextWidth } }).textMetrics;
if (textMetrics.width === textMetrics.estimateWidth) textMetrics.width = helveticaWidth;

/**
 * The SVG of a Vega-Lite spec: compile to Vega, run a headless view, serialise it.
 *
 * @example
 * (await toSvg(physicsPlot(rows))).startsWith("<svg"); // true
 */
export async function toSvg(spec: TopLevelSpec): Promise<string> {
  // vega tags every inline datum with an id; compile a copy so the caller's spec stays plain data.
  const view = new vega.View(vega.parse(vl.compile(structuredClone(spec)).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    // Releases the view's timers and listeners so a long notebook session does not accumulate them.
    view.finalize();
  }
}

/**
 * Writes `dir/name.svg` (the picture) and `dir/name.vl.json` (the spec, to re-open in the Vega
 * editor or a notebook), creating `dir` if needed, and returns both paths.
 *
 * @example
 * await savePlot(timelinePlot(report.jobs), "results/run-1", "timeline");
 * // { svg: "results/run-1/timeline.svg", json: "results/run-1/timeline.vl.json" }
 */
export async function savePlot(spec: TopLevelSpec, dir: string, name: string): Promise<{ svg: string; json: string }> {
  if (typeof dir !== "string" || dir === "") {
    throw new UsageError(
      `\`dir\` must be a non-empty folder path, got ${describe(dir)}: pass e.g. "results/plots"`,
      "dir",
    );
  }
  if (typeof name !== "string" || !/^[\w.-]+$/.test(name) || name.startsWith(".")) {
    throw new UsageError(
      `\`name\` must be a plain file name (letters, digits, "_", "-", "."), got ${describe(name)}: pass e.g. "speedup"; the folder goes in \`dir\``,
      "name",
    );
  }
  const svg = await toSvg(spec);
  await mkdir(dir, { recursive: true });
  const paths = { svg: path.join(dir, `${name}.svg`), json: path.join(dir, `${name}.vl.json`) };
  await writeFile(paths.svg, svg);
  await writeFile(paths.json, JSON.stringify(spec, null, 2) + "\n");
  return paths;
}

/**
 * Advance widths of Helvetica/Arial (Adobe's Helvetica metrics, 1/1000 em) for ASCII 32-126; any
 * other character counts as a digit's width (556).
 */
const HELVETICA =
  "278,278,355,556,556,889,667,191,333,333,389,584,278,333,278,278,556,556,556,556,556,556,556,556,556,556," +
  "278,278,584,584,584,556,1015,667,667,722,722,667,611,778,722,278,500,667,556,833,722,778,667,778,722,667," +
  "611,722,667,944,667,667,611,278,278,278,469,556,333,556,556,500,556,556,278,556,556,222,222,500,222,833," +
  "556,556,556,556,333,500,278,556,500,722,500,500,500,334,260,334,584";
const WIDTHS = HELVETICA.split(",").map(Number);

/** Width in px of a text mark item, the way vega's canvas measure would report it for Helvetica. */
function helveticaWidth(
  item: { text?: unknown; fontSize?: number; fontWeight?: string | number },
  text?: unknown,
): number {
  const value = text ?? item.text;
  const s = value == null ? "" : Array.isArray(value) ? value.join(" ") : String(value);
  const size = item.fontSize ?? 11;
  const bold = item.fontWeight === "bold" || Number(item.fontWeight) >= 600;
  let em = 0;
  for (let i = 0; i < s.length; i++) em += WIDTHS[s.charCodeAt(i) - 32] ?? 556;
  // Bold faces run about 8% wider; the last 15% is room for fallback fonts (DejaVu Sans, Linux's
  // usual sans-serif, is that much wider), so text is never cut, at the cost of a little margin.
  return ((em * size) / 1000) * (bold ? 1.08 : 1) * 1.15;
}
