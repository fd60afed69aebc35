/**
 * Every error sweeplab raises, in one place, so messages stay uniform and each can be tested.
 * A message names the option, the rule, the value received and the fix (docs/style.md, item 3).
 */
import { inspect } from "node:util";

/**
 * What a sweep had finished when it failed or was interrupted, by job index (undefined where a
 * job had not finished): attached to the error as `partial`, so no finished job is lost.
 */
export interface PartialSweep {
  results: unknown[];
  jobs: ({ index: number; r: number; worker: number; start: number; end: number; rhsEvals: number } | undefined)[];
  /** Summary rows (`r, sz_mean, s2_abs`) of the finished jobs, where the caller computed them (runSweep). */
  rows?: ({ r: number; sz_mean: number; s2_abs: number } | undefined)[];
}

/** Attaches what a sweep had finished to the error it ends with (see PartialSweep). */
export function withPartial<E extends Error>(error: E, partial: PartialSweep): E & { partial: PartialSweep } {
  return Object.assign(error, { partial });
}

/** Bad input to a function or the CLI: the caller can fix it. */
export class UsageError extends Error {
  override name = "UsageError";
  constructor(
    message: string,
    readonly option?: string,
  ) {
    super(message);
  }
}

/** One job of a sweep failed: names the job index, its r and the original message. */
export class JobError extends Error {
  override name = "JobError";
  /** What the sweep had finished when this ended it. */
  partial?: PartialSweep;
  constructor(
    readonly index: number,
    /** The job's value of the sweep variable; undefined for a pool run without `r`. */
    readonly r: number | undefined,
    readonly original: string,
    readonly tReached?: number,
  ) {
    super(`job ${index}${r === undefined ? "" : ` (r = ${shortR(r)})`} failed: ${original}`);
  }
}

/** A worker thread died (exit, uncaught error, out of memory) while it held jobs. */
export class WorkerDiedError extends Error {
  override name = "WorkerDiedError";
  /** What the sweep had finished when this ended it. */
  partial?: PartialSweep;
  constructor(
    readonly worker: number,
    readonly detail: string,
    /** The jobs it held (running or queued), lost with it. */
    readonly lostJobs: number[],
    /** Their r values, in the same order; undefined for a pool run without `r`. */
    readonly lostR?: number[],
    /** What to do about it. */
    readonly hint?: string,
  ) {
    const held =
      lostJobs.length === 0
        ? "holding no job"
        : `running job${lostJobs.length === 1 ? "" : "s"} ${lostJobs.join(", ")}${lostR ? ` (r = ${lostR.map(shortR).join(", ")})` : ""}`;
    super(
      `worker ${worker} died (${detail}) while ${held}; the sweep was stopped and every worker terminated${hint ? `: ${hint}` : ""}`,
    );
  }
}

/** The sweep was interrupted (Ctrl-C, "interrupt kernel", or an AbortSignal). */
export class SweepInterruptedError extends Error {
  override name = "SweepInterruptedError";
  /** What the sweep had finished when this ended it. */
  partial?: PartialSweep;
  constructor(
    readonly reason: string,
    readonly completed: number,
    readonly total: number,
    /** A sequential sweep has no workers: it stops between jobs. */
    mode: "sequential" | "pooled" = "pooled",
  ) {
    super(
      `sweep interrupted (${reason}) after ${completed} of ${total} jobs; ${mode === "sequential" ? "it stopped between two jobs" : "every worker was terminated"}`,
    );
  }
  /**
   * How a console (a notebook cell, the REPL) prints it: one line, not a stack trace. An interrupt
   * is not a bug, and the stack would only point into the pool. `error.stack` is still there.
   */
  [inspect.custom](): string {
    return `${this.name}: ${this.message}. Its finished jobs are on the error's .partial (catch it to keep them; in a notebook, lab.sweep keeps them for the next cell as lab.last())`;
  }
}

/** A solve that could not finish: maxSteps exceeded or a non-finite state. */
export class SolveError extends Error {
  override name = "SolveError";
  constructor(
    message: string,
    readonly tReached: number,
  ) {
    super(message);
  }
}

/** r as a person reads it: 0.4, not linspace's 0.39999999999999997 (12 significant digits). */
function shortR(r: number): string {
  return String(Number(r.toPrecision(12)));
}
