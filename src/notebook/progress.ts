/** Progress in a notebook cell: one line updated in place through tslab's display. */
import { type ProgressCallback, type ProgressOptions, progressLine, terminalProgress } from "../sweep/progress.js";

/**
 * A progress line updated in place in a tslab notebook cell (`tslab.newDisplay()`: the first call
 * displays, later calls update the same output). Outside tslab, falls back to `terminalProgress`.
 */
export function notebookProgress({ desc = "Solving ODE sweep" }: ProgressOptions = {}): ProgressCallback & {
  stop(): void;
} {
  const tslab = loadTslab();
  if (!tslab) return terminalProgress({ desc });
  const display = tslab.newDisplay();
  const t0 = performance.now();
  const update = (done: number, total: number) => display.text(progressLine(desc, done, total, performance.now() - t0));
  return Object.assign(update, { stop: () => undefined });
}

interface TslabDisplay {
  text(s: string): void;
}

function loadTslab(): { newDisplay(): TslabDisplay } | undefined {
  try {
    // tslab is only present inside a notebook kernel (a devDependency of sweeplab).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const tslab = require("tslab") as { newDisplay?: () => TslabDisplay };
    return typeof tslab.newDisplay === "function" && isKernel() ? (tslab as { newDisplay(): TslabDisplay }) : undefined;
  } catch {
    return undefined;
  }
}

/** True inside a tslab kernel (its display calls do nothing elsewhere). */
export function isKernel(): boolean {
  return process.argv.some((arg) => /tslab/.test(arg));
}
