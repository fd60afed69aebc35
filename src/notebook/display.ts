/**
 * Showing a figure in a notebook: `await show(spec)` in a tslab cell puts ONE output in the cell
 * carrying three renderings, and each viewer picks the best it knows:
 *   - `application/vnd.vegalite.v5+json`: JupyterLab draws the interactive chart (tooltips work);
 *   - `image/svg+xml`: nbconvert's HTML, GitHub and VS Code without Vega show the picture;
 *   - `text/plain`: a terminal (`jupyter execute`, `jupyter console`) shows the title.
 * Outside a notebook, use `savePlot(spec, dir, name)` from render.ts instead.
 *
 * @example
 * // in a tslab notebook cell
 * import { speedupPlot } from "../dist/plots.js";
 * import { show } from "../dist/display.js";
 * await show(speedupPlot(scaling, { predictTo: 20 }));
 */
import { randomBytes } from "node:crypto";
import type { TopLevelSpec } from "vega-lite";
import { UsageError } from "../core/errors.js";
import { toSvg } from "../plots/render.js";
import { displayWriter } from "./tslab-compat.js";
import { displayBundle, inKernel, newDisplay } from "./tslab.js";

/** JupyterLab 4 renders Vega-Lite 5 under this type (there is no v6 type: toolchain.md). */
export const VEGALITE_MIME = "application/vnd.vegalite.v5+json";

/**
 * The three renderings `show` sends: the spec itself, its SVG, and its title as plain text.
 *
 * @example
 * Object.keys(await mimeBundle(spec));
 * // ["application/vnd.vegalite.v5+json", "image/svg+xml", "text/plain"]
 */
export async function mimeBundle(spec: TopLevelSpec): Promise<Record<string, unknown>> {
  return {
    [VEGALITE_MIME]: spec,
    "image/svg+xml": await toSvg(spec),
    "text/plain": titleText(spec),
  };
}

/**
 * Shows a figure as one output of the running tslab cell (see the module comment for what each
 * viewer draws). Await it: the output belongs to the cell that is running when the SVG is ready.
 * Outside a tslab kernel it throws and names `savePlot`, which writes the SVG and the spec to files.
 *
 * @example
 * await show(timelinePlot(report.jobs, { workers: 2 }));
 */
export async function show(spec: TopLevelSpec): Promise<void> {
  if (!inKernel()) {
    throw new UsageError(
      "show() draws a figure in a tslab notebook cell, but no tslab kernel is running in this process: " +
        'outside a notebook call savePlot(spec, "results/plots", "name") from sweeplab/dist/render.js, which writes name.svg and name.vl.json',
    );
  }
  // The SVG alone, if it comes to that, shows the same picture in every viewer (without tooltips).
  displayBundle(await mimeBundle(spec), "image/svg+xml");
}

/** The spec's title as one line (a title may be a string, lines, or { text, subtitle }). */
function titleText(spec: TopLevelSpec): string {
  const title = (spec as { title?: unknown }).title;
  const text =
    typeof title === "object" && title !== null && !Array.isArray(title) ? (title as { text?: unknown }).text : title;
  if (Array.isArray(text)) return text.join(" ");
  return typeof text === "string" ? text : "Vega-Lite chart";
}

/** One output of a cell that each later `send` replaces in place (see `figureDisplay`). */
export interface FigureDisplay {
  /** Shows `bundle` (first call) or replaces what the output shows (later calls). */
  send(bundle: Record<string, unknown>, fallback: string): void;
  /** How many bundles were sent: the first as display_data, the others as update_display_data. */
  readonly sent: number;
}

/**
 * An output of the running cell that can be redrawn while the cell runs, as the progress line is:
 * the first `send` is a display_data message, each later one an update_display_data message with
 * the same display id, so JupyterLab replaces the output instead of adding one. Each bundle may
 * carry several renderings (a Vega-Lite spec, its SVG, a title), like `show`'s. Undefined outside
 * a tslab kernel.
 *
 * The writer of the cell running now is kept: a message sent later still belongs to this cell. If
 * tslab's internals changed shape, `fallback` alone goes out through tslab's public `newDisplay`.
 */
export function figureDisplay(): FigureDisplay | undefined {
  if (!inKernel()) return undefined;
  const write = displayWriter();
  const id = randomBytes(8).toString("hex");
  const plain = write ? undefined : newDisplay();
  let sent = 0;
  return {
    send(bundle, fallback) {
      if (write) write({ data: bundle, metadata: {}, transient: { display_id: id } }, sent > 0);
      else plain?.raw(fallback, String(bundle[fallback]));
      sent++;
    },
    get sent() {
      return sent;
    },
  };
}
