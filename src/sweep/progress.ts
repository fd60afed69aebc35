/**
 * Progress displays, the analogue of the lecture's `tqdm(..., total=..., desc=...)`: called once
 * per finished job. A terminal gets a cli-progress bar, a log file or pipe gets plain lines, and a
 * tslab notebook gets one line updated in place.
 */
import { SingleBar } from "cli-progress";
import type { JobRecord } from "../core/types.js";
import { assertInteger } from "../core/check.js";
import { formatMs } from "../core/format.js";

/** Called once per finished job, with how many are done. */
export type ProgressCallback = (done: number, total: number, record: JobRecord) => void;

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
 */
export function terminalProgress({
  desc = "Solving ODE sweep",
  stream = process.stderr,
  everyMs = 1000,
}: ProgressOptions = {}): ProgressCallback & {
  stop(): void;
} {
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
    const update = (done: number, total: number) => {
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
  const line = (done: number, total: number, record: JobRecord) => {
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
