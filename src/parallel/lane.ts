/**
 * One worker's part in one run, owned by the run (runner.ts): the jobs handed to it, in the order
 * it runs them, the chunks they came in, the time limit of the job it runs now, and how long its
 * last job took. The worker's thread handle (worker-slot.ts) knows none of this; a worker kept by
 * an open pool gets a fresh lane in each run.
 */
import type { WorkerSlot } from "./worker-slot.js";

/** How warm a worker was when a run took it: fresh, warmed up, or reused from an earlier run. */
export type Warmth = "cold" | "warmed" | "reused";

export class Lane {
  /** Job indices handed to it, in the order it runs them; the first is running. */
  queue: number[] = [];
  /** Chunks handed to it and not yet completed. */
  chunks = 0;
  /** How long its last job took (ms); Infinity before its first. */
  lastJobMs = Infinity;
  /** When it was ready for this run (wall clock, ms), and how warm: unset until then. */
  ready?: { at: number; warmth: Warmth };
  /** Stops hearing its worker's reports (set once the run listens). */
  detach: () => void = () => undefined;
  private timer?: NodeJS.Timeout;

  constructor(readonly slot: WorkerSlot) {}

  /** Chunks handed to it: they run after the jobs it holds. */
  take(chunks: readonly number[][]): void {
    for (const indices of chunks) this.queue.push(...indices);
    this.chunks += chunks.length;
  }

  /** Job `index` is done after `ms`; `last`: it was its chunk's last. */
  finished(index: number, last: boolean, ms: number): void {
    if (this.queue[0] === index) this.queue.shift();
    else this.queue.splice(this.queue.indexOf(index) >>> 0, 1);
    if (last) this.chunks--;
    this.lastJobMs = ms;
  }

  /** Drops every job it holds (its worker is being terminated); returns those not yet started. */
  drop(): number[] {
    const waiting = this.queue.slice(1);
    this.queue = [];
    this.chunks = 0;
    return waiting;
  }

  /** Calls `fire` after `ms`, in place of any time limit set before. */
  setTimer(ms: number, fire: () => void): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(fire, ms);
  }

  clearTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
