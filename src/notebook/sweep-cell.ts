/**
 * A sweep run from a notebook cell, with what "interrupt kernel" should do to it: the progress
 * line says where it stopped, the cell prints one line (not tslab's stack trace), and the jobs that
 * had finished stay reachable from the next cell through `last()`. The CLI and the REPL do the same
 * for Ctrl-C.
 *
 * What tslab 1.0.22 does on its own: its SIGINT listener rejects the running cell at once with
 * "Interrupted asynchronously" (before the pool has stopped), it prints a rejected top-level await
 * with `console.error` (a stack trace, and for a SweepInterruptedError every property of its
 * `partial`), and it forgets every declaration of a cell that failed. Hence the held listener
 * (notebook/tslab.ts holds it while any sweep runs, so a plain `runSweep` cell fails with one line
 * too), and here an error that prints as one line, the progress line marked, and `last()`.
 */
import * as util from "node:util";
import { describe } from "../core/check.js";
import { type PartialSweep, SweepInterruptedError, UsageError } from "../core/errors.js";
import type { Workload, WorkloadName, Sweep } from "../physics/workloads.js";
import { beside, isProgressDisplay } from "../sweep/progress.js";
import { type RunSweepOptions, type SweepJobEvent, type SweepReport, runSweep } from "../sweep/run.js";
import { defaultWorkers } from "../parallel/options.js";
import { type LiveTimeline, type LiveTimelineOptions, liveTimeline } from "./live-timeline.js";
import { notebookProgress } from "./progress.js";

/** What an interrupted `sweep` had finished: `rows` and `jobs` in job order, undefined where a job never ended. */
export type InterruptedSweep = PartialSweep & { interrupted: true; completed: number; total: number };

let lastOutcome: SweepReport | InterruptedSweep | undefined;

/**
 * What the last `sweep` of this kernel left: its report if it finished, else what it had finished
 * when it was interrupted (`interrupted: true`). A failed cell's variables are gone in tslab, so
 * this is how the next cell reaches an interrupted sweep's results.
 *
 * @example
 * lab.last()?.rows.filter((row) => row !== undefined).length; // e.g. 7 after an interrupt
 */
export function last(): SweepReport | InterruptedSweep | undefined {
  return lastOutcome;
}

/** The error an interrupted `sweep` fails its cell with: it prints as its one-line message. */
export class CellInterrupted extends Error {
  override name = "CellInterrupted";
  constructor(
    message: string,
    readonly partial: InterruptedSweep,
  ) {
    super(message);
  }
  [util.inspect.custom](): string {
    return this.message;
  }
}

/** `runSweep`'s options, and a timeline drawn while the sweep runs. */
export interface CellSweepOptions extends RunSweepOptions {
  /**
   * Draw the sweep's timeline below the progress line as its jobs finish, redrawn in place, and
   * leave the finished figure there (`liveTimeline`); `true`, or the timeline's options. Outside a
   * notebook the figure is written to a file at the end (`results/plots/timeline.svg` unless
   * `dir`/`name` say otherwise) and its path printed. @default false
   */
  timeline?: boolean | LiveTimelineOptions;
}

/** The live timeline a `sweep` asked for, with as many rows as the sweep will have workers. */
function timelineFor(options: CellSweepOptions): LiveTimeline | undefined {
  const { timeline } = options;
  if (timeline === undefined || timeline === false) return undefined;
  if (timeline !== true && (timeline === null || typeof timeline !== "object" || Array.isArray(timeline))) {
    throw new UsageError(
      `\`timeline\` must be true, false or the timeline's options, got ${describe(timeline)}: pass e.g. true or { everyMs: 500 }`,
      "timeline",
    );
  }
  const rows = options.sequential
    ? { labels: ["main thread"], workers: 1 }
    : { workers: options.pool?.workers ?? options.workers ?? defaultWorkers() };
  return liveTimeline({ ...rows, ...(timeline === true ? {} : timeline) });
}

/**
 * `runSweep` for a notebook cell: a progress line updated in place (`notebookProgress()`), called
 * beside any `onJob` given (an `onJob` that is a display of its own, with `stop()`, takes the
 * line's place), and "interrupt kernel" stops the pool, marks the line, fails the cell with one
 * line saying how many jobs finished, and keeps them for `last()`. The cell fails, so Jupyter's
 * "Run All" stops there.
 *
 * @example
 * const report = await lab.sweep({ ...sl.heavy, tScale: 15 }, { chunksize: 2 });
 * // after "interrupt kernel": Interrupted after 7 of 20 jobs; every worker was terminated. ...
 */
export async function sweep(
  workload: WorkloadName | Partial<Workload> | Sweep = "lecture",
  options: CellSweepOptions = {},
): Promise<SweepReport> {
  const { timeline: _timeline, ...runOptions } = options ?? {};
  const live = timelineFor(options ?? {});
  const progress = isProgressDisplay(runOptions.onJob) ? runOptions.onJob : notebookProgress();
  const shown = beside(progress, runOptions.onJob);
  const tracked = live
    ? (event: SweepJobEvent) => {
        shown(event);
        live.add(event.record, event.total);
      }
    : shown;
  try {
    lastOutcome = await runSweep(workload, { ...runOptions, onJob: tracked });
    const file = await live?.finish({ starts: lastOutcome.workerStarts, workers: lastOutcome.workers });
    if (file) console.log(`timeline: ${file}`);
    return lastOutcome;
  } catch (error) {
    if (!(error instanceof SweepInterruptedError)) {
      live?.cancel();
      throw error;
    }
    const { completed, total } = error;
    const partial = error.partial ?? { results: [], jobs: [] };
    lastOutcome = { ...partial, interrupted: true, completed, total };
    if ("mark" in progress && typeof progress.mark === "function") {
      progress.mark(`interrupted after ${completed} of ${total} jobs`);
    }
    // the interrupt is what the cell must say: a figure that failed to draw does not replace it
    await live?.finish({ note: `interrupted after ${completed} of ${total} jobs` }).catch(() => undefined);
    throw new CellInterrupted(
      `Interrupted after ${completed} of ${total} jobs; every worker was terminated. ` +
        `The ${completed} finished job${completed === 1 ? " is" : "s are"} in lab.last() (.rows, .jobs).`,
      lastOutcome,
    );
  }
}
