/**
 * A sweep's timeline that draws itself while the sweep runs: in a tslab cell, one output redrawn
 * in place as jobs finish (like the progress line), which stays as the finished figure; at a
 * prompt or in a script, a file written when the sweep ends.
 *
 * The redraws in between carry the Vega-Lite spec and a line of text, not the SVG: rendering the
 * SVG takes the kernel's main thread tens of ms, the same thread that hands the pool its chunks,
 * so drawing the timeline would change the timeline it draws. Building the spec takes well under
 * a millisecond; JupyterLab draws it in the browser. The final figure carries all three renderings,
 * as `show` sends them, so a saved notebook shows it in every viewer.
 */
import { type OptionKeys, assertFinite, assertInteger, assertOneOf, checkOptions, describe } from "../core/check.js";
import { UsageError } from "../core/errors.js";
import type { JobRecord } from "../core/types.js";
import type { WorkerStartup } from "../parallel/runner.js";
import { savePlot } from "../plots/render.js";
import { type TimelineOptions, timelinePlot } from "../plots/timeline.js";
import { type FigureDisplay, VEGALITE_MIME, figureDisplay, mimeBundle } from "./display.js";

export interface LiveTimelineOptions extends TimelineOptions {
  /** Least time between two redraws in ms: at most 4 a second by default. @default 250 */
  everyMs?: number;
  /** Outside a notebook: the folder the final figure goes to. @default "results/plots" */
  dir?: string;
  /** Outside a notebook: the file name, without extension (`name.svg`, `name.vl.json`). @default "timeline" */
  name?: string;
}

/** What a sweep tells the timeline at its end: its workers' start-ups, its row count, or why it stopped. */
export interface TimelineEnd {
  starts?: readonly WorkerStartup[];
  workers?: number;
  /** Said in the title when the sweep did not finish, e.g. "interrupted after 7 of 20 jobs". */
  note?: string;
}

export interface LiveTimeline {
  /** Adds a finished job (`total`: the sweep's job count, for the title); redraws at most once per `everyMs`. */
  add(job: JobRecord, total?: number): void;
  /**
   * Draws the final figure (in a cell: the same output, replaced) and stops redrawing. Returns the
   * SVG file's path outside a notebook, undefined in one or when no job finished.
   */
  finish(end?: TimelineEnd): Promise<string | undefined>;
  /** Stops redrawing without drawing again (the sweep failed). */
  cancel(): void;
  /** The jobs added so far, in the order they finished. */
  readonly jobs: readonly JobRecord[];
  /** Outputs sent to the cell so far: the first shows the figure, each later one replaces it. */
  readonly redraws: number;
}

const optionKeys = {
  everyMs: true,
  dir: true,
  name: true,
  workers: true,
  labels: true,
  colorBy: true,
  untilMs: true,
  starts: true,
  title: true,
  width: true,
  height: true,
} as const satisfies OptionKeys<LiveTimelineOptions>;

/**
 * A timeline to feed with each finished job (`add`) and close with `finish` once the sweep ends.
 * `lab.sweep(workload, { timeline: true })` does both.
 *
 * @example
 * const live = lab.liveTimeline({ workers: 2 });
 * const report = await sl.runSweep("heavy", { workers: 2, onJob: (e) => live.add(e.record, e.total) });
 * await live.finish({ starts: report.workerStarts, workers: report.workers });
 */
export function liveTimeline(options: LiveTimelineOptions = {}): LiveTimeline {
  checkOptions(options, optionKeys, "liveTimeline");
  const { everyMs = 250, dir = "results/plots", name = "timeline", ...figure } = options;
  checkLiveOptions(everyMs, dir, name, figure);
  const display: FigureDisplay | undefined = figureDisplay();
  const jobs: JobRecord[] = [];
  let total: number | undefined;
  let lastDraw = -Infinity;
  let timer: NodeJS.Timeout | undefined;
  let done = false;

  const rows = (): number => Math.max(figure.workers ?? 1, ...jobs.map((j) => j.worker + 1));
  let failed: unknown;
  // A redraw runs inside the sweep's progress callback or a timer: an error there would stop the
  // sweep or the kernel. It stops the redraws instead, and finish() throws it.
  const draw = () => {
    timer = undefined;
    if (done || !display) return;
    lastDraw = performance.now();
    const of = total === undefined ? `${jobs.length} jobs` : `${jobs.length} of ${total} jobs`;
    try {
      const spec = timelinePlot(jobs, { ...figure, workers: rows(), title: figure.title ?? `Timeline so far: ${of}` });
      display.send({ [VEGALITE_MIME]: spec, "text/plain": `Timeline so far: ${of} finished` }, "text/plain");
    } catch (error) {
      failed = error;
      done = true;
    }
  };
  const cancel = () => {
    done = true;
    if (timer) clearTimeout(timer);
    timer = undefined;
  };

  return {
    add(job, jobsInSweep) {
      if (done) return;
      jobs.push(job);
      total = jobsInSweep ?? total;
      if (!display || timer) return;
      const wait = lastDraw + everyMs - performance.now();
      if (wait <= 0) draw();
      // a script must not stay alive for a redraw nobody will see
      else timer = setTimeout(draw, wait).unref();
    },
    async finish(end = {}) {
      cancel();
      if (failed !== undefined) throw failed;
      if (jobs.length === 0) return undefined;
      const workers = Math.max(end.workers ?? rows(), rows());
      const of = total === undefined ? `${jobs.length} jobs` : `${jobs.length} of ${total} jobs`;
      const title = figure.title ?? (end.note ? `Timeline of ${of}, ${end.note}` : undefined);
      const spec = timelinePlot(jobs, { ...figure, workers, starts: end.starts ?? figure.starts, title });
      if (!display) return (await savePlot(spec, dir, name)).svg;
      display.send(await mimeBundle(spec), "image/svg+xml");
      return undefined;
    },
    cancel,
    get jobs() {
      return jobs;
    },
    get redraws() {
      return display?.sent ?? 0;
    },
  };
}

/** Every option of `liveTimeline`, checked before the sweep starts rather than at its first redraw. */
function checkLiveOptions(everyMs: number, dir: string, name: string, figure: TimelineOptions): void {
  assertInteger(everyMs, "everyMs", 0, Infinity, "pass the least time between two redraws in ms, e.g. 250");
  if (typeof dir !== "string" || dir === "") {
    throw new UsageError(`\`dir\` must be a folder path, got ${describe(dir)}: pass e.g. "results/plots"`, "dir");
  }
  if (typeof name !== "string" || !/^[\w.-]+$/.test(name) || name.startsWith(".")) {
    throw new UsageError(
      `\`name\` must be a plain file name (letters, digits, "_", "-", "."), got ${describe(name)}: pass e.g. "timeline"; the folder goes in \`dir\``,
      "name",
    );
  }
  if (figure.workers !== undefined)
    assertInteger(figure.workers, "workers", 1, Infinity, "pass the pool's worker count, e.g. 2");
  if (figure.colorBy !== undefined) assertOneOf(figure.colorBy, "colorBy", ["r", "index"]);
  if (figure.untilMs !== undefined)
    assertFinite(figure.untilMs, "untilMs", "pass the end of the time axis in ms, or leave it out");
}
