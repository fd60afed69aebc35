/**
 * Tiny-job batching, the dispatch side: how many chunks a worker may hold, and whether it may
 * report its jobs together. The rule: a worker whose last job took under `tinyJobMs` holds enough
 * chunks to stay busy for `tinyQueueMs` (at most `tinyInflight`), because there a message round
 * trip per chunk, or a pause of the main thread, would cost more than the job; any other worker
 * holds `inflight` chunks (1: a free worker takes the next chunk, as Python's Pool does).
 * The figures behind the numbers: docs/pool-tuning.md. The worker's side (tiny jobs reported
 * together, at most `maxBatchMs` late) is in worker.ts.
 */
import type { ResolvedPoolOptions } from "../options.js";

/** Jobs shorter than this (ms) are tiny: a worker may report them together... */
export const tinyJobMs = 0.5;
/** ...but none later than this (ms) after it finished. */
export const maxBatchMs = 2;
/** Work (ms) a pool keeps queued on a worker running tiny jobs, when `inflight` is left to it... */
export const tinyQueueMs = 10;
/** ...in at most this many chunks. */
export const tinyInflight = 128;

/** What a batching policy reads of one worker's lane (see lane.ts). */
export interface LaneStats {
  /** How long its last job took (ms); Infinity before its first. */
  readonly lastJobMs: number;
}

/** What the dispatch loop asks before it hands a worker chunks. */
export interface BatchingPolicy {
  /** Chunks the worker may hold now. */
  inflightFor(lane: LaneStats): number;
  /**
   * Sent with the chunks, for a worker allowed `depth` of them: it may report tiny jobs together
   * while it holds more chunks than this; -1: each job as it ends.
   */
  lowWater(depth: number): number;
}

/**
 * The pool's batching: `inflight` chunks per worker, raised while its jobs are tiny when
 * `inflight` was left to the pool (`adaptive`); reports batched unless jobs are timed
 * (`timeoutMs`), which needs each job's end as it happens.
 */
export function batchingPolicy(
  options: Pick<ResolvedPoolOptions, "inflight" | "adaptive" | "chunksize" | "timeoutMs">,
): BatchingPolicy {
  const { inflight, adaptive, chunksize, timeoutMs } = options;
  return {
    inflightFor({ lastJobMs }) {
      if (!adaptive || lastJobMs >= tinyJobMs) return inflight;
      const busy = Math.ceil(tinyQueueMs / (Math.max(lastJobMs, 0.01) * chunksize));
      return Math.min(tinyInflight, Math.max(inflight, busy));
    },
    lowWater: (depth) => (timeoutMs === Infinity ? Math.floor(depth / 2) : -1),
  };
}
