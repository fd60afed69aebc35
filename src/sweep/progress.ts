/**
 * Progress displays, the analogue of the lecture's `tqdm(..., total=..., desc=...)`: each is a
 * job-event callback, passed as a sweep's `onJob`. A terminal gets a cli-progress bar, a log file
 * or pipe gets plain lines, and a tslab notebook gets one line updated in place.
 */
import { SingleBar } from "cli-progress";
import type { JobCallback, JobEvent } from "../core/types.js";
import { assertInteger } from "../core/check.js";
import { formatMs } from "../core/format.js";

/** A progress display: an `onJob` callback, and `stop()` to end its bar when the sweep is over. */
export type ProgressCallback = JobCallback & { stop(): void };

export interface ProgressOptions {
  /** Label before the bar (tqdm's `desc`). @default "Solving ODE sweep" */
  desc?: string;
  /** Where to write. @default process.stderr */
  stream?: NodeJS.WriteStream;
  /**
   * Without a terminal: the least time between two lines (ms). The first and the last job always
   * get one; 0 writes one per job. @default 1000
   */
  everyMs?: number;
}

/**
 * A terminal progress bar when `stream` is a TTY (cli-progress), else plain lines (a log): one
 * for the first job, the last, and any job finished at least `everyMs` after the previous line,
 * e.g. `Solving ODE sweep: 3/20 jobs (job 2, r = 0.126, worker 1), 1.9 s elapsed, about 11.0 s left`.
 * Call `.stop()` when done.
 * @example
 * const bar = terminalProgress();
 * await runSweep("lecture", { onJob: bar });
 * bar.stop();
 */
export function terminalProgress({
  desc = "Solving ODE sweep",
  stream = process.stderr,
  everyMs = 1000,
}: ProgressOptions = {}): ProgressCallback {
  assertInteger(
    everyMs,
    "everyMs",
    0,
    Infinity,
    "pass the least time between two log lines in ms, e.g. 1000 (0: a line per job)",
  );
  if (stream.isTTY) {
    const bar = new SingleBar({
      format: `${desc} |{bar}| {value}/{total} jobs | {eta_formatted} left | {duration_formatted}`,
      stream,
      hideCursor: true,
      clearOnComplete: false,
    });
    let started = false;
    const update = ({ done, total }: JobEvent) => {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    };
    return Object.assign(update, { stop: () => started && bar.stop() });
  }
  // A log is read afterwards, so each line says how long the sweep has run and roughly how long
  // it has left. The rate counts only the jobs seen here: a resumed sweep starts its count at
  // the jobs an earlier run finished. Jobs faster than `everyMs` share a line (a line per tiny
  // job would make a log of thousands of lines, and its writes cost the main thread more than
  // the pool's own bookkeeping).
  const t0 = performance.now();
  let first: number | undefined;
  let last = -Infinity;
  const line = ({ done, total, record }: JobEvent) => {
    const elapsed = performance.now() - t0;
    if (first !== undefined && done < total && elapsed - last < everyMs) return;
    first ??= done;
    last = elapsed;
    // job costs vary (they grow with r), so the time left is a rough guess
    const left = done < total ? `, about ${formatMs((elapsed / (done - first + 1)) * (total - done))} left` : "";
    stream.write(
      `${desc}: ${done}/${total} jobs (job ${record.index}, r = ${formatR(record.r)}, worker ${record.worker}), ${formatMs(elapsed)} elapsed${left}\n`,
    );
  };
  return Object.assign(line, { stop: () => undefined });
}

/** One text line for a notebook, e.g. `Solving ODE sweep: [#####.....] 10/20 jobs, 1.2 s`. */
export function progressLine(desc: string, done: number, total: number, elapsedMs: number, width = 20): string {
  const filled = Math.round((width * done) / total);
  return `${desc}: [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total} jobs, ${formatMs(elapsedMs)}`;
}

function formatR(r: number): string {
  return Number.isInteger(r) ? String(r) : r.toFixed(3);
}

/** Whether an `onJob` is a progress display (it has `stop()`): one replaces a default display instead of joining it. */
export function isProgressDisplay(onJob: unknown): onJob is ProgressCallback {
  return typeof onJob === "function" && typeof (onJob as { stop?: unknown }).stop === "function";
}

/**
 * The `onJob` to pass when a default display `display` should show a sweep given `onJob`: the
 * display alone when none was given, the given one alone when it is itself a display, else both
 * (the display first). A value that is no function is passed on, for the sweep to refuse.
 */
export function beside<E extends JobEvent>(
  display: JobCallback,
  onJob: ((event: E) => void) | undefined,
): (event: E) => void {
  if (onJob === undefined) return display;
  if (typeof onJob !== "function" || isProgressDisplay(onJob)) return onJob;
  return (event) => {
    display(event);
    onJob(event);
  };
}
