/**
 * The sweep command's progress on stderr: the library's bar on a terminal, and in a log (a batch
 * job's output, read afterwards) one line per job with the time elapsed and an estimate of the
 * time left. Counts include the jobs an earlier session finished.
 */
import { terminalProgress } from "../progress.js";
import type { JobRecord } from "../types.js";

export interface SweepProgress {
  /** One job finished (its record carries the workload's job index). */
  (record: JobRecord): void;
  stop(): void;
}

/**
 * @param earlier jobs finished before this session (`--resume`)
 * @param total   jobs of the whole sweep
 */
export function sweepProgress(stream: NodeJS.WriteStream, earlier: number, total: number, desc = "Solving ODE sweep"): SweepProgress {
  let done = earlier;
  const t0 = performance.now();
  if (stream.isTTY) {
    const bar = terminalProgress({ desc, stream });
    return Object.assign((record: JobRecord) => bar(++done, total, record), { stop: () => bar.stop() });
  }
  const line = (record: JobRecord) => {
    done++;
    const elapsed = performance.now() - t0;
    // the rate of this session's jobs; job costs vary (they grow with r), so it is a rough guess
    const left = done < total ? `, about ${clock((elapsed / (done - earlier)) * (total - done))} left` : "";
    const r = Number.isInteger(record.r) ? String(record.r) : record.r.toFixed(3);
    stream.write(`${desc}: ${done}/${total} jobs (job ${record.index}, r = ${r}, worker ${record.worker}), ${clock(elapsed)} elapsed${left}\n`);
  };
  return Object.assign(line, { stop: () => undefined });
}

/** A duration for a log line: "8.4 s", "12 min 05 s", "3 h 07 min". */
export function clock(ms: number): string {
  const s = ms / 1000;
  if (s < 59.95) return `${s.toFixed(1)} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min ${String(Math.floor(s % 60)).padStart(2, "0")} s`;
  return `${Math.floor(min / 60)} h ${String(min % 60).padStart(2, "0")} min`;
}
