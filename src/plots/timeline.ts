/**
 * A sweep's timeline: one row per worker, one bar per job.
 */
import type { TopLevelSpec } from "vega-lite";
import { assertInteger, assertOneOf, describe } from "../core/check.js";
import { UsageError } from "../core/errors.js";
import type { JobRecord } from "../core/types.js";
import type { WorkerStartup } from "../parallel/runner.js";
import { type PlotOptions, type Position, fmtMs, frame, nonEmpty, pct, plotDefaults, plural } from "./theme.js";

export interface TimelineOptions extends PlotOptions {
  /** Rows to show even if some ran no job (idle workers). @default the highest worker index + 1 */
  workers?: number;
  /** Row labels by worker index, e.g. ["main thread"] for a sequential run. @default "worker 0", "worker 1", ... */
  labels?: readonly string[];
  /** Colour the bars by the job's drive strength r or by its index. @default "r" */
  colorBy?: "r" | "index";
  /**
   * End of the time axis in ms, so timelines meant to be compared (pooled beside sequential) share
   * one scale: pass the longer wall time to both. @default this sweep's last job end
   */
  untilMs?: number;
  /**
   * How each worker got ready (`report.workerStarts` of a pooled sweep): drawn in its row as a grey
   * "start-up" bar (thread created to ready) and an orange "warm-up" bar (the warm-up solve of
   * `openPool({ warm: true })`); before 0 when the pool was opened before the sweep. @default none
   */
  starts?: readonly WorkerStartup[];
}

/**
 * A Gantt chart of a sweep: one row per worker, one bar per job from the start to the end of its
 * solve (ms since the sweep began), coloured by r, labelled with the job index where it fits.
 * Gaps are idle time; the bar that ends last sets the wall time.
 *
 * @example
 * timelinePlot(report.jobs, { workers: 2 });
 * timelinePlot(sequential.jobs, { labels: ["main thread"] });
 */
export function timelinePlot(jobs: readonly JobRecord[], options: TimelineOptions = {}): TopLevelSpec {
  nonEmpty(jobs, "jobs", "pass the `jobs` (JobRecord[]) of a finished sweep");
  const { colorBy = "r" } = options;
  const used = Math.max(...jobs.map((j) => j.worker)) + 1;
  const workers = options.workers ?? used;
  assertInteger(workers, "workers", used, Infinity, `a job ran on worker ${used - 1}, so pass at least ${used} rows`);
  assertOneOf(colorBy, "colorBy", ["r", "index"]);
  const labels = Array.from({ length: workers }, (_, w) => options.labels?.[w] ?? `worker ${w}`);
  const width = options.width ?? plotDefaults.width;
  const lastEnd = Math.max(...jobs.map((j) => j.end));
  const endMs = options.untilMs ?? lastEnd;
  if (typeof endMs !== "number" || !(endMs >= lastEnd)) {
    throw new UsageError(
      `\`untilMs\` must be a number of ms at least the sweep's last job end (${lastEnd}), got ${describe(options.untilMs)}: pass the longer wall time of the timelines you compare, or leave it out`,
      "untilMs",
    );
  }
  const busy = jobs.reduce((a, j) => a + (j.end - j.start), 0);
  // a reused worker started before an earlier sweep: only this sweep's start-ups and warm-ups are drawn
  const starts = (options.starts ?? []).filter((s) => s.state !== "reused");
  const fromMs = Math.min(0, ...starts.map((s) => s.spawn));
  // a little room past the last bar, so its right edge is not cut by the plot's border
  const span = (endMs - fromMs) * 1.02;
  const rows = timelineRows(jobs, labels, colorBy, width / span);
  const { x, y } = timelineAxes(labels, [fromMs, fromMs + span], width);
  const colorTitle = colorBy === "r" ? "drive strength r (units of Omega_c)" : "job index";
  const where = labels.length === 1 ? `(${labels[0]})` : `on ${plural(labels.length, "worker")}`;
  const who = labels.length === 1 ? labels[0] : "workers";
  return frame(
    { ...options, height: undefined },
    `Timeline of ${plural(jobs.length, "job")} ${where}`,
    [
      `wall time ${fmtMs(lastEnd)}, ${who} busy ${pct(busy / (lastEnd * workers))} of it; one bar per job, white space is idle time`,
      ...(starts.length > 0
        ? ["grey: a worker starting (thread to ready); orange: its warm-up solve; 0 is when the sweep began"]
        : []),
    ],
    {
      height: { step: ROW_PX },
      data: { values: rows },
      layer: [
        {
          mark: { type: "bar", stroke: "white", strokeWidth: 1, cornerRadius: 2, height: { band: BAND } },
          encoding: {
            x,
            x2: { field: "end" },
            y,
            color: {
              field: colorBy,
              type: "quantitative",
              title: colorTitle,
              scale: { scheme: "viridis" },
              legend: { orient: "bottom", direction: "horizontal", gradientLength: 240, titleLimit: 0 },
            },
            tooltip: [
              { field: "index", title: "job" },
              { field: "r", title: "r (Omega_c)", format: ".3f" },
              { field: "row", title: "ran on" },
              { field: "start", title: "start (ms)", format: ".1f" },
              { field: "end", title: "end (ms)", format: ".1f" },
              { field: "durationMs", title: "duration (ms)", format: ".1f" },
              { field: "rhsEvals", title: "RHS evaluations", format: "d" },
            ],
          },
        },
        ...startupLayers(starts, labels, x, y),
        {
          mark: { type: "text", fontSize: 11, baseline: "middle", align: "center" },
          encoding: {
            x: { field: "mid", type: "quantitative" },
            y,
            text: { field: "label" },
            color: { field: "ink", type: "nominal", scale: null },
          },
        },
        outsideLabelLayer(y),
      ],
    },
  );
}

/** A row's height in px, and the share of it a job's bar fills: the rest leaves room for small labels. */
const ROW_PX = 44;
const BAND = 0.7;
/** The font of a label outside its bar, and the width of one digit in it (px). */
const SMALL_FONT = 9;
const SMALL_DIGIT_PX = 5.5;

/**
 * One row per job: its bar, its tooltip, and its index as a label: inside the bar where the text
 * fits (`label`), else in small type just above it (`outside`), where it does not overlap another
 * such label of that row. A bar whose label fits nowhere keeps it in its tooltip.
 */
function timelineRows(jobs: readonly JobRecord[], labels: string[], colorBy: "r" | "index", pxPerMs: number) {
  const values = jobs.map((j) => j[colorBy]);
  const [lo, hi] = [Math.min(...values), Math.max(...values)];
  const rows = jobs.map((j) => {
    const label = String(j.index);
    // A bar shows its index inside only when the text (about 7 px a digit at 11 px) fits.
    const fits = (j.end - j.start) * pxPerMs >= label.length * 7 + 4;
    // Viridis runs dark to light: white text on the dark half, black on the light half.
    const light = hi > lo ? (j[colorBy] - lo) / (hi - lo) > 0.55 : false;
    return {
      index: j.index,
      r: j.r,
      row: labels[j.worker],
      start: j.start,
      end: j.end,
      mid: (j.start + j.end) / 2,
      durationMs: j.end - j.start,
      rhsEvals: j.rhsEvals,
      label: fits ? label : "",
      outside: "",
      ink: light ? "black" : "white",
    };
  });
  placeOutsideLabels(rows, pxPerMs);
  return rows;
}

/**
 * Gives each bar too narrow for its label a place just above it, left to right along its row,
 * wherever the label clears the previous one by 2 px. Only above: the band below a row is the
 * next row's band above (or the time axis), and labels of two rows there would run into each other.
 */
function placeOutsideLabels(
  rows: { row: string; mid: number; label: string; outside: string; index: number }[],
  pxPerMs: number,
) {
  const rightEdge = new Map<string, number>(); // row -> right end (px) of its last small label
  for (const r of rows.filter((row) => row.label === "").sort((a, b) => a.mid - b.mid)) {
    const half = (String(r.index).length * SMALL_DIGIT_PX) / 2;
    const x = r.mid * pxPerMs;
    if (x - half < (rightEdge.get(r.row) ?? -Infinity) + 2) continue;
    rightEdge.set(r.row, x + half);
    r.outside = String(r.index);
  }
}

/** The small labels of narrow bars, just above each bar, in its row's free band. */
function outsideLabelLayer(y: Position) {
  return {
    mark: {
      type: "text" as const,
      fontSize: SMALL_FONT,
      align: "center" as const,
      baseline: "bottom" as const,
      yOffset: -((ROW_PX * BAND) / 2 + 1),
      color: "#333333",
    },
    encoding: { x: { field: "mid", type: "quantitative" as const }, y, text: { field: "outside" } },
  };
}

/** Time across (ms since the sweep began, over `domain`), one row per worker down. */
function timelineAxes(labels: string[], domain: [number, number], width: number): { x: Position; y: Position } {
  const x: Position = {
    field: "start",
    type: "quantitative",
    title: "time since the sweep began (ms)",
    scale: { domain, nice: false },
    // Plain numbers ("1200", not "1,200") and a tick every ~80 px keep long runs' labels apart.
    axis: { format: "d", tickCount: Math.max(2, Math.floor(width / 80)), labelOverlap: true },
  };
  const y: Position = {
    field: "row",
    type: "nominal",
    title: null,
    sort: labels,
    scale: { domain: labels },
    axis: { labelFontSize: plotDefaults.axisTitleFontSize },
  };
  return { x, y };
}

/** The start-up and warm-up bars of each worker, in its row, under its jobs. */
function startupLayers(starts: readonly WorkerStartup[], labels: string[], x: Position, y: Position) {
  const rows = starts.flatMap((s) => {
    const row = labels[s.worker] ?? `worker ${s.worker}`;
    const warm = s.warmStart !== undefined && s.warmEnd !== undefined;
    return [
      { row, start: s.spawn, end: warm ? s.warmStart! : s.ready, phase: "start-up", state: s.state },
      ...(warm ? [{ row, start: s.warmStart!, end: s.warmEnd!, phase: "warm-up", state: s.state }] : []),
    ].filter((r) => r.end > r.start);
  });
  const colors = { "start-up": "#9e9e9e", "warm-up": plotDefaults.colors.model };
  return (["start-up", "warm-up"] as const)
    .filter((phase) => rows.some((r) => r.phase === phase))
    .map((phase) => ({
      data: { values: rows.filter((r) => r.phase === phase) },
      mark: { type: "bar" as const, color: colors[phase], cornerRadius: 2, height: { band: 0.5 } },
      encoding: {
        x,
        x2: { field: "end" },
        y,
        tooltip: [
          { field: "row", title: "worker" },
          { field: "phase", title: "phase" },
          { field: "state", title: "pool" },
          { field: "start", title: "from (ms)", format: ".1f" },
          { field: "end", title: "to (ms)", format: ".1f" },
        ],
      },
    }));
}
