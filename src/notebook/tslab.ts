/**
 * tslab, the notebooks' TypeScript kernel, in one place: whether this process is one
 * (`inKernel`), its public display API, and a display of several mime types at once. What this
 * relies on beyond tslab's public API lives in tslab-compat.ts.
 */
import { UsageError } from "../core/errors.js";
import { holdWhileSweeping } from "../parallel/interrupt.js";
import { type DisplayData, displayWriter, holdKernelInterrupt } from "./tslab-compat.js";

/** tslab's public `Display` (tslab/dist/public.d.ts), the parts sweeplab uses. */
export interface TslabDisplay {
  text(s: string): void;
  markdown(s: string): void;
  raw(contentType: string, b: string): void;
}
interface TslabPublic {
  display: TslabDisplay;
  newDisplay?(): TslabDisplay;
}
interface KernelGlobal {
  __tslab__?: { require?: (id: string) => unknown };
}

/**
 * True inside a tslab kernel: tslab's executor sets `globalThis.__tslab__` when the kernel
 * starts, before any cell runs. The one test for "are we in a notebook" in the kit.
 */
export function inKernel(): boolean {
  return (globalThis as KernelGlobal).__tslab__ !== undefined;
}

// In a kernel, "interrupt kernel" during any pooled sweep (a plain `runSweep` cell too) reaches the
// kit first: it stops the pool and the cell fails with one line, not tslab's stack trace.
holdWhileSweeping(() => (inKernel() ? holdKernelInterrupt() : () => undefined));

/**
 * The kernel's own tslab (its require hooks "tslab"), else the one beside this package; undefined
 * outside a kernel or when neither loads.
 */
export function tslabModule(): TslabPublic | undefined {
  const kernel = (globalThis as KernelGlobal).__tslab__;
  if (kernel === undefined) return undefined;
  for (const load of [kernel.require, require]) {
    try {
      // tslab is a devDependency: present in a notebook setup, maybe absent in a deployment.
      const tslab = load?.("tslab") as Partial<TslabPublic> | undefined;
      if (typeof tslab?.display?.raw === "function") return tslab as TslabPublic;
    } catch {
      // try the next
    }
  }
  return undefined;
}

/** A display that shows one output and rewrites it in place on each later call, or undefined outside a kernel. */
export function newDisplay(): TslabDisplay | undefined {
  return tslabModule()?.newDisplay?.();
}

/**
 * Sends one output of several renderings to the running cell; each viewer picks the best it
 * knows. If tslab's internals changed shape, only `fallback` (one of the bundle's mime types)
 * goes out through the public API, so a chart is never drawn twice.
 */
export function displayBundle(bundle: Record<string, unknown>, fallback: string): void {
  const write = displayWriter();
  if (write) {
    const message: DisplayData = { data: bundle, metadata: {}, transient: {} };
    write(message, false);
    return;
  }
  const tslab = tslabModule();
  if (!tslab) {
    throw new UsageError(
      `could not load tslab's display API: install tslab ("npm install --save-dev tslab") or use savePlot(spec, dir, name) from sweeplab/dist/render.js`,
    );
  }
  tslab.display.raw(fallback, bundle[fallback] as string);
}
