/**
 * Everything sweeplab relies on inside tslab that is not its public API (tslab/dist/public.d.ts).
 * tslab is pinned exactly in package.json; test/notebook/tslab-compat.test.ts fails, naming the
 * piece, when an upgrade takes one of these away.
 *
 * - `lastWriteDisplayData` (tslab/dist/jupyter.js): the function tslab's own `display.raw` ends
 *   in. It takes a whole display_data body, so a bundle of several mime types goes out as ONE
 *   message (the public `display.raw` sends one mime type per message, and a Vega-Lite spec and
 *   its SVG sent apart would draw the chart twice in JupyterLab).
 * - tslab's SIGINT listener (tslab/dist/main.js: `process.on("SIGINT", () => { executor.interrupt(); })`):
 *   it fails the running cell at once with "Interrupted asynchronously" and a stack trace, before
 *   a sweep can stop its pool and say what it kept. `holdKernelInterrupt` takes it off for a while.
 */

/** The tslab version these workarounds were written against (package.json pins it). */
export const TSLAB_VERSION = "1.0.22";

/** A Jupyter display_data message body: one mime bundle, shown as one output. */
export interface DisplayData {
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  transient: Record<string, unknown>;
}
export type WriteDisplayData = (message: DisplayData, update: boolean) => void;

/** Matches tslab's jupyter module among loaded modules, wherever that tslab is installed. */
export const JUPYTER_MODULE = /[\\/]tslab[\\/]dist[\\/]jupyter\.js$/;

/**
 * tslab's writer for the running cell's display_data (set before each cell runs), or undefined
 * when tslab is not loaded or its internals changed shape. Found among loaded modules rather
 * than by `require("tslab")`, because the kernel may run a tslab other than the one beside this
 * package (a global install).
 */
export function displayWriter(): WriteDisplayData | undefined {
  for (const mod of Object.values(require.cache)) {
    if (!mod || !JUPYTER_MODULE.test(mod.filename)) continue;
    const write = (mod.exports as { lastWriteDisplayData?: unknown }).lastWriteDisplayData;
    if (typeof write === "function") return write as WriteDisplayData;
  }
  return undefined;
}

/** Recognises tslab's SIGINT listener by its source (tslab/dist/main.js). */
export function isKernelInterruptListener(listener: (...args: never[]) => unknown): boolean {
  return /executor\.interrupt\(\)/.test(String(listener));
}

/**
 * Takes tslab's SIGINT listener off until the returned function is called, which puts it back.
 * Meanwhile a SIGINT ("interrupt kernel") reaches only the kit's own listeners. Call it outside a
 * cell's synchronous part (after an await): while that runs, Node has taken every SIGINT listener
 * off (`breakOnSigint`) and puts back what it took when the part ends.
 */
export function holdKernelInterrupt(): () => void {
  const held = process.listeners("SIGINT").filter(isKernelInterruptListener);
  for (const listener of held) process.off("SIGINT", listener);
  return () => {
    for (const listener of held) if (!process.listeners("SIGINT").includes(listener)) process.on("SIGINT", listener);
  };
}
