/**
 * The sweep command's progress on stderr: the library's bar on a terminal, or in a log (a batch
 * job's output, read afterwards) a line at most every second with the time elapsed and left. Counts include
 * the jobs an earlier session finished.
 */
import { terminalProgress } from "../sweep/progress.js";
import type { JobRecord } from "../core/types.js";

export interface SweepProgress {
  /** One job finished (its record carries the workload's job index). */
  (record: JobRecord): void;
  stop(): void;
}

/**
 * @param earlier jobs finished before this session (`--resume`)
 * @param total   jobs of the whole sweep
 */
export function sweepProgress(
  stream: NodeJS.WriteStream,
  earlier: number,
  total: number,
  desc = "Solving ODE sweep",
): SweepProgress {
  let done = earlier;
  const show = terminalProgress({ desc, stream });
  return Object.assign((record: JobRecord) => show({ record, done: ++done, total }), { stop: () => show.stop() });
}
