/**
 * Progress displays, the analogue of the lecture's `tqdm(..., total=..., desc=...)`: called once
 * per finished job. A terminal gets a cli-progress bar, a log file or pipe gets plain lines, and a
 * tslab notebook gets one line updated in place.
 */
import { SingleBar } from "cli-progress";
import type { JobRecord } from "../core/types.js";
import { batchedLines } from "../core/batched-lines.js";
import { formatMs } from "../core/format.js";

/** Called once per finished job, with how many are done. */
export type ProgressCallback = (done: number, total: number, record: JobRecord) => void;

export interface ProgressOptions {
  /** Label before the bar (tqdm's `desc`). @default "Solving ODE sweep" */
  desc?: string;
  /** Where to write. @default process.stderr */
  stream?: NodeJS.WriteStream;
}

/**
 * A terminal progress bar when `stream` is a TTY (cli-progress), else one plain line per job,
 * e.g. `Solving ODE sweep: 3/20 jobs (job 2, r = 0.126, worker 1), 1.9 s elapsed, about 11.0 s left`.
 * Call `.stop()` when done.
 */
export function terminalProgress({
  desc = "Solving ODE sweep",
  stream = process.stderr,
}: ProgressOptions = {}): ProgressCallback & {
  stop(): void;
} {
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
  // the jobs an earlier run finished. The lines of jobs heard of together (a worker reports tiny
  // jobs in one message) go out in one write.
  const t0 = performance.now();
  const out = batchedLines((text) => void stream.write(text));
  let first: number | undefined;
  const line = (done: number, total: number, record: JobRecord) => {
    first ??= done;
    const elapsed = performance.now() - t0;
    // job costs vary (they grow with r), so the time left is a rough guess
    const left = done < total ? `, about ${formatMs((elapsed / (done - first + 1)) * (total - done))} left` : "";
    out.write(
      `${desc}: ${done}/${total} jobs (job ${record.index}, r = ${formatR(record.r)}, worker ${record.worker}), ${formatMs(elapsed)} elapsed${left}\n`,
    );
  };
  return Object.assign(line, { stop: () => out.close() });
}

/** One text line for a notebook, e.g. `Solving ODE sweep: [#####.....] 10/20 jobs, 1.2 s`. */
export function progressLine(desc: string, done: number, total: number, elapsedMs: number, width = 20): string {
  const filled = Math.round((width * done) / total);
  return `${desc}: [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total} jobs, ${formatMs(elapsedMs)}`;
}

function formatR(r: number): string {
  return Number.isInteger(r) ? String(r) : r.toFixed(3);
}
