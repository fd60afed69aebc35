/**
 * Rendering is separate from building a figure (docs/style.md, item 8): a spec from `plots.ts` becomes
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
import { UsageError } from "../core/errors.js";
import { describe } from "../core/check.js";
import { useHelveticaWidths } from "./vega-compat.js";

useHelveticaWidths();

/**
 * The SVG of a Vega-Lite spec: compile to Vega, run a headless view, serialise it.
 *
 * @example
 * (await toSvg(physicsPlot(rows))).startsWith("<svg"); // true
 */
export async function toSvg(spec: vl.TopLevelSpec): Promise<string> {
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
export async function savePlot(
  spec: vl.TopLevelSpec,
  dir: string,
  name: string,
): Promise<{ svg: string; json: string }> {
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
