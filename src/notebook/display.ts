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
import type { TopLevelSpec } from "vega-lite";
import { UsageError } from "../core/errors.js";
import { toSvg } from "../plots/render.js";

/** JupyterLab 4 renders Vega-Lite 5 under this type (there is no v6 type: toolchain.md). */
export const VEGALITE_MIME = "application/vnd.vegalite.v5+json";

/** A Jupyter display_data message body: one mime bundle, shown as one output. */
interface DisplayData {
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  transient: Record<string, unknown>;
}
type WriteDisplayData = (message: DisplayData, update: boolean) => void;
interface TslabPublic {
  display: { raw(mime: string, data: string): void };
}

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
  const kernel = (globalThis as { __tslab__?: { require?: (id: string) => unknown } }).__tslab__;
  if (kernel === undefined) {
    throw new UsageError(
      "show() draws a figure in a tslab notebook cell, but no tslab kernel is running in this process: " +
        'outside a notebook call savePlot(spec, "results/plots", "name") from sweeplab/dist/render.js, which writes name.svg and name.vl.json',
    );
  }
  const bundle = await mimeBundle(spec);
  const write = displayWriter();
  if (write) {
    write({ data: bundle, metadata: {}, transient: {} }, false);
    return;
  }
  // tslab's internals changed shape: its public display sends one mime type per message, and
  // sending the Vega-Lite spec and the SVG separately would draw the chart twice in JupyterLab.
  // The SVG alone shows the same picture in every viewer (without tooltips).
  loadTslab(kernel.require).display.raw("image/svg+xml", bundle["image/svg+xml"] as string);
}

/**
 * The function tslab's own `display.raw` ends in (tslab 1.0.x, dist/jupyter.js): it takes a whole
 * display_data body, so a bundle of several mime types goes out as one message. tslab sets it
 * before running each cell. It is found among loaded modules rather than by `require("tslab")`,
 * because the kernel may run a tslab other than the one beside this package (a global install).
 */
function displayWriter(): WriteDisplayData | undefined {
  for (const mod of Object.values(require.cache)) {
    if (!mod || !/[\\/]tslab[\\/]dist[\\/]jupyter\.js$/.test(mod.filename)) continue;
    const write = (mod.exports as { lastWriteDisplayData?: unknown }).lastWriteDisplayData;
    if (typeof write === "function") return write as WriteDisplayData;
  }
  return undefined;
}

/** The kernel's own tslab (its require hooks "tslab"), else the one beside this package. */
function loadTslab(kernelRequire?: (id: string) => unknown): TslabPublic {
  for (const load of [kernelRequire, require]) {
    try {
      // tslab is a devDependency: present in a notebook setup, maybe absent in a deployment.
      const tslab = load?.("tslab") as Partial<TslabPublic> | undefined;
      if (typeof tslab?.display?.raw === "function") return tslab as TslabPublic;
    } catch {
      // try the next
    }
  }
  throw new UsageError(
    `show() could not load tslab's display API: install tslab ("npm install --save-dev tslab") or use savePlot(spec, dir, name) from sweeplab/dist/render.js`,
  );
}

/** The spec's title as one line (a title may be a string, lines, or { text, subtitle }). */
function titleText(spec: TopLevelSpec): string {
  const title = (spec as { title?: unknown }).title;
  const text =
    typeof title === "object" && title !== null && !Array.isArray(title) ? (title as { text?: unknown }).text : title;
  if (Array.isArray(text)) return text.join(" ");
  return typeof text === "string" ? text : "Vega-Lite chart";
}
