/** Progress in a notebook cell: one line updated in place through tslab's display. */
import { type ProgressCallback, type ProgressOptions, progressLine, terminalProgress } from "../sweep/progress.js";
import { newDisplay } from "./tslab.js";
import type { JobEvent } from "../core/types.js";

/** A progress display with a way to end its line: `stop()` leaves it, `mark(note)` adds why it ended. */
export type NotebookProgress = ProgressCallback & { mark(note: string): void };

/**
 * A progress line updated in place in a tslab notebook cell (`tslab.newDisplay()`: the first call
 * displays, later calls update the same output). Outside a kernel, falls back to `terminalProgress`.
 * `mark("interrupted after 7 of 20 jobs")` rewrites the line once more with that note, so a line
 * that stopped counting says why.
 *
 * @example
 * await sl.runSweep("lecture", { onJob: sl.notebookProgress() });
 */
export function notebookProgress({ desc = "Solving ODE sweep" }: ProgressOptions = {}): NotebookProgress {
  const display = newDisplay();
  if (!display) {
    const terminal = terminalProgress({ desc });
    return Object.assign(terminal, { mark: (note: string) => process.stderr.write(`${desc}: ${note}\n`) });
  }
  const t0 = performance.now();
  let last = `${desc}: not started`;
  const update = ({ done, total }: JobEvent) => {
    last = progressLine(desc, done, total, performance.now() - t0);
    display.text(last);
  };
  const mark = (note: string) => display.text(`${last} -- ${note}`);
  return Object.assign(update, { stop: () => undefined, mark });
}
