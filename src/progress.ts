/**
 * Progress displays, the analogue of the lecture's `tqdm(..., total=..., desc=...)`: called once
 * per finished job. A terminal gets a cli-progress bar, a log file or pipe gets plain lines, and a
 * tslab notebook gets one line updated in place.
 */
import { SingleBar } from "cli-progress";
import type { JobRecord } from "./types.js";

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
 * e.g. `Solving ODE sweep: 3/20 jobs (job 2, r = 0.126, worker 1)`. Call `.stop()` when done.
 */
export function terminalProgress({ desc = "Solving ODE sweep", stream = process.stderr }: ProgressOptions = {}): ProgressCallback & {
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
  const line = (done: number, total: number, record: JobRecord) => {
    stream.write(`${desc}: ${done}/${total} jobs (job ${record.index}, r = ${formatR(record.r)}, worker ${record.worker})\n`);
  };
  return Object.assign(line, { stop: () => undefined });
}

/** One text line for a notebook, e.g. `Solving ODE sweep: [#####.....] 10/20 jobs, 1.2 s`. */
export function progressLine(desc: string, done: number, total: number, elapsedMs: number, width = 20): string {
  const filled = Math.round((width * done) / total);
  return `${desc}: [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total} jobs, ${(elapsedMs / 1000).toFixed(1)} s`;
}

/**
 * A progress line updated in place in a tslab notebook cell (`tslab.newDisplay()`: the first call
 * displays, later calls update the same output). Outside tslab, falls back to `terminalProgress`.
 */
export function notebookProgress({ desc = "Solving ODE sweep" }: ProgressOptions = {}): ProgressCallback & { stop(): void } {
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

function formatR(r: number): string {
  return Number.isInteger(r) ? String(r) : r.toFixed(3);
}
