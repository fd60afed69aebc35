/**
 * The kit's figures as pure functions: plain data in (types.ts), a Vega-Lite v5 spec out. Nothing
 * here renders or writes files; `render.ts` turns a spec into SVG and `display.ts` shows it in a
 * notebook. Every figure shares `plotDefaults` (size, fonts, schema), puts units in its axis
 * titles, names the subject of its finding in its title, and keeps one legend per figure.
 *
 * @example
 * import { speedupPlot } from "sweeplab/dist/plots.js";
 * import { savePlot } from "sweeplab/dist/render.js";
 * await savePlot(speedupPlot(scaling, { predictTo: 20 }), "results/plots", "speedup");
 */
import type { TopLevelSpec } from "vega-lite";
import type { Field, PositionFieldDef } from "vega-lite/build/src/channeldef";
import type { Encoding } from "vega-lite/build/src/encoding";
import type { ExprRef } from "vega-lite/build/src/expr";
import type { Legend } from "vega-lite/build/src/legend";
import type { GenericHConcatSpec, LayerSpec, NonNormalizedSpec } from "vega-lite/build/src/spec";
import { amdahlSpeedup, bestPoint } from "../measure/amdahl.js";
import { UsageError } from "../core/errors.js";
import { assertInteger, describe } from "../core/check.js";
import type {
  ChunksizeResult,
  DispatchPoint,
  GranularityPoint,
  JobRecord,
  PackingPoint,
  ScalingResult,
  SummaryRow,
} from "../core/types.js";

/** One layer of a layered spec. */
type Layer = LayerSpec<Field>["layer"][number];
/** What a figure adds to the shared frame: layers (most figures) or side-by-side panels. */
type Body =
  Pick<LayerSpec<Field>, "layer" | "data" | "height"> | Pick<GenericHConcatSpec<NonNormalizedSpec>, "hconcat" | "data">;
type Row = Record<string, number | string>;
type Position = PositionFieldDef<Field>;
type Channel<K extends keyof Encoding<Field>> = NonNullable<Encoding<Field>[K]>;

/** Size, fonts and palette every figure starts from. */
export const plotDefaults = Object.freeze({
  $schema: "https://vega.github.io/schema/vega-lite/v5.json",
  /** Plot area width and height in px (axes, title and legend come on top). */
  width: 480,
  height: 300,
  font: "Helvetica, Arial, sans-serif",
  titleFontSize: 17,
  subtitleFontSize: 12,
  axisTitleFontSize: 13,
  labelFontSize: 12,
  /** Tableau 10, the Vega default, named by the role a colour plays in every figure. */
  colors: Object.freeze({ measured: "#4c78a8", model: "#f58518", ideal: "#8c8c8c", second: "#54a24b" }),
});

/** Options every figure takes: a title of your own and the plot-area size. */
export interface PlotOptions {
  /** Replaces the generated title (the subtitle with the run's details stays). */
  title?: string;
  /** Plot-area width in px. @default plotDefaults.width (480) */
  width?: number;
  /** Plot-area height in px. @default plotDefaults.height (300) */
  height?: number;
}

// ---------------------------------------------------------------------------------------------
// 1. Experiment 1: speedup and efficiency versus workers

export interface SpeedupOptions extends PlotOptions {
  /**
   * Extend the Amdahl curve to this many workers (e.g. the cluster's 20 cores), drawn dashed as
   * "Amdahl prediction". A count the run already measured draws no prediction. @default none
   */
  predictTo?: number;
}

/**
 * Speedup versus workers: measured medians (whiskers from the fastest and slowest repeat), the
 * ideal S = p, and Amdahl's S(p) = 1 / (s + (1 - s) / p) with the fitted serial fraction s.
 *
 * @example
 * speedupPlot(scaling);                     // measured range only
 * speedupPlot(scaling, { predictTo: 20 });  // "what would 20 cores give?" (the lecture's claim)
 */
export function speedupPlot(result: ScalingResult, options: SpeedupOptions = {}): TopLevelSpec {
  const points = nonEmpty(result?.points, "result.points", "run the scaling experiment with at least one worker count");
  const s = result.amdahl.serialFraction;
  const measuredMax = Math.max(...points.map((p) => p.workers));
  const { predictTo } = options;
  if (predictTo !== undefined) {
    assertInteger(
      predictTo,
      "predictTo",
      1,
      Infinity,
      "pass the worker count to extrapolate to, e.g. 20 for a 20-core node",
    );
  }
  const pEnd = Math.max(predictTo ?? 0, measuredMax);
  const seq = result.sequential.medianMs;

  const MEASURED = "measured (median; whiskers: min to max)";
  const IDEAL = "ideal: S = p";
  const FIT = `Amdahl fit, s = ${fmt(s, 3)}`;
  const PREDICTION = "Amdahl prediction";
  // With no speedup above 1x there is no parallel part to fit (s comes out as 1): the fit and its
  // prediction would only repeat the 1x line, so they are left out and the subtitle says why.
  const fitted = Number.isFinite(s) && points.some((p) => p.speedup > 1);
  const series = fitted ? [MEASURED, IDEAL, FIT] : [MEASURED, IDEAL];
  const colors = [plotDefaults.colors.measured, plotDefaults.colors.ideal, plotDefaults.colors.model];
  const dashes = [
    [1, 0],
    [2, 3],
    [1, 0],
  ];
  const curves: Row[] = [
    ...sample(1, pEnd, (p) => p).map(([workers, speedup]) => ({ workers, speedup, series: IDEAL })),
    ...(fitted
      ? sample(1, measuredMax, (p) => amdahlSpeedup(s, p)).map(([workers, speedup]) => ({
          workers,
          speedup,
          series: FIT,
        }))
      : []),
  ];
  if (fitted && pEnd > measuredMax) {
    series.push(PREDICTION);
    colors.push(plotDefaults.colors.model);
    dashes.push([7, 4]);
    curves.push(
      ...sample(measuredMax, pEnd, (p) => amdahlSpeedup(s, p)).map(([workers, speedup]) => ({
        workers,
        speedup,
        series: PREDICTION,
      })),
    );
  }
  const measured = points.map((pt) => ({
    workers: pt.workers,
    speedup: pt.speedup,
    low: seq / pt.wall.maxMs,
    high: seq / pt.wall.minMs,
    medianMs: pt.wall.medianMs,
    efficiency: pt.efficiency,
    series: MEASURED,
  }));
  const color = seriesColor(series, colors, "top-left");
  const strokeDash: Channel<"strokeDash"> = {
    field: "series",
    type: "nominal",
    scale: { domain: series, range: dashes },
    legend: color.legend,
  };
  const x: Position = {
    field: "workers",
    type: "quantitative",
    title: "workers (worker threads)",
    scale: { domain: [1, pEnd], nice: false, padding: 12 },
    axis: workerTicks(pEnd),
  };
  const y: Position = {
    field: "speedup",
    type: "quantitative",
    title: "speedup (×, sequential time / pooled time)",
    scale: { domainMin: 0 },
  };
  const best = bestPoint(points);
  const ceiling = !fitted
    ? "; no worker count beat sequential, so no Amdahl fit"
    : s > 0
      ? `; Amdahl ceiling 1/s = ${fmt(1 / s, 3)}x`
      : "";

  return frame(
    options,
    "Speedup versus workers",
    [
      `${result.workload} workload; best: ${fmt(best.speedup, 3)}x on ${plural(best.workers, "worker")} (efficiency ${pct(best.efficiency)})${ceiling}`,
      `${result.jobs} jobs, chunksize ${result.chunksize}, sequential median ${fmtMs(seq)}; ${machineLine(result.machine)}`,
    ],
    {
      layer: [
        referenceRule(1, "1x: as fast as sequential", pEnd, "speedup", x, true),
        {
          data: { values: curves },
          mark: { type: "line", strokeWidth: 2, clip: true },
          encoding: { x, y, color, strokeDash },
        },
        {
          data: { values: measured },
          mark: { type: "rule", strokeWidth: 1.5 },
          encoding: { x, y: { field: "low", type: "quantitative" }, y2: { field: "high" }, color },
        },
        {
          data: { values: measured },
          mark: { type: "line", point: { filled: true, size: 70 }, strokeWidth: 2 },
          encoding: {
            x,
            y,
            color,
            tooltip: [
              { field: "workers", title: "workers" },
              { field: "speedup", title: "speedup (×)", format: ".2f" },
              { field: "medianMs", title: "median wall time (ms)", format: ".1f" },
              { field: "efficiency", title: "efficiency", format: ".0%" },
            ],
          },
        },
      ],
    },
  );
}

/**
 * Parallel efficiency (speedup / workers) versus workers, against the 100% of perfect scaling.
 *
 * @example
 * efficiencyPlot(scaling); // 92% on 2 workers reads as "8% of two cores went to overhead"
 */
export function efficiencyPlot(result: ScalingResult, options: PlotOptions = {}): TopLevelSpec {
  const points = nonEmpty(result?.points, "result.points", "run the scaling experiment with at least one worker count");
  const seq = result.sequential.medianMs;
  const pEnd = Math.max(...points.map((p) => p.workers));
  const MEASURED = "measured (median; whiskers: min to max)";
  const rows = points.map((pt) => ({
    workers: pt.workers,
    efficiency: pt.efficiency,
    low: seq / pt.wall.maxMs / pt.workers,
    high: seq / pt.wall.minMs / pt.workers,
    speedup: pt.speedup,
    series: MEASURED,
  }));
  const top = Math.max(1.1, ...rows.map((r) => r.high));
  const color = seriesColor([MEASURED], [plotDefaults.colors.measured], "bottom-left");
  const x: Position = {
    field: "workers",
    type: "quantitative",
    title: "workers (worker threads)",
    scale: { domain: [1, Math.max(2, pEnd)], nice: false, padding: 12 },
    axis: workerTicks(Math.max(2, pEnd)),
  };
  const y: Position = {
    field: "efficiency",
    type: "quantitative",
    title: "parallel efficiency (speedup / workers, %)",
    scale: { domain: [0, top] },
    axis: { format: ".0%" },
  };
  return frame(
    options,
    "Parallel efficiency versus workers",
    [
      "100% = every worker did useful work the whole run; start-up, dispatch and idle tails cost the rest",
      `${result.workload} workload, ${result.jobs} jobs, chunksize ${result.chunksize}; ${machineLine(result.machine)}`,
    ],
    {
      layer: [
        referenceRule(1, "ideal: 100%", Math.max(2, pEnd), "efficiency", x),
        {
          data: { values: rows },
          mark: { type: "rule", strokeWidth: 1.5 },
          encoding: { x, y: { field: "low", type: "quantitative" }, y2: { field: "high" }, color },
        },
        {
          data: { values: rows },
          mark: { type: "line", point: { filled: true, size: 70 }, strokeWidth: 2 },
          encoding: {
            x,
            y,
            color,
            tooltip: [
              { field: "workers", title: "workers" },
              { field: "efficiency", title: "efficiency", format: ".1%" },
              { field: "speedup", title: "speedup (×)", format: ".2f" },
            ],
          },
        },
      ],
    },
  );
}

// ---------------------------------------------------------------------------------------------
// 2. Experiment 2: chunksize

/**
 * Wall time of the pooled sweep versus chunksize: the measured median (whiskers min to max) beside
 * the makespan model's prediction, and the floor no schedule can beat (total job time / workers).
 * Chunksize is an ordinal axis: the measured values ({1, 2, 4, 5, 10, 20}) are equally spaced and
 * labelled exactly.
 *
 * @example
 * chunksizePlot(chunks); // measured and model both rise at chunksize 10-20: the last chunk runs alone
 */
export function chunksizePlot(result: ChunksizeResult, options: PlotOptions = {}): TopLevelSpec {
  const points = nonEmpty(result?.points, "result.points", "run the chunksize experiment with at least one chunksize");
  const MEASURED = "measured (median; whiskers: min to max)";
  const MODEL = "makespan model";
  const FLOOR = "floor: total job time / workers";
  const floorMs = result.jobMs.reduce((a, b) => a + b, 0) / result.workers;
  const rows: Row[] = points.flatMap((pt) => [
    { chunksize: pt.chunksize, ms: pt.wall.medianMs, low: pt.wall.minMs, high: pt.wall.maxMs, series: MEASURED },
    { chunksize: pt.chunksize, ms: pt.modelMs, low: pt.modelMs, high: pt.modelMs, series: MODEL },
  ]);
  // Shapes tell measured from model in the legend too: point-sized symbols, not the usual line length.
  const color = seriesColor(
    [MEASURED, MODEL, FLOOR],
    [plotDefaults.colors.measured, plotDefaults.colors.model, plotDefaults.colors.ideal],
    "bottom-right",
    {
      symbolSize: 90,
    },
  );
  const legend = color.legend;
  const domain = [...new Set(points.map((p) => p.chunksize))].sort((a, b) => a - b);
  const x: Position = {
    field: "chunksize",
    type: "ordinal",
    title: "chunksize (jobs per dispatch)",
    scale: { domain },
    axis: { labelAngle: 0 },
  };
  const y: Position = {
    field: "ms",
    type: "quantitative",
    title: "wall time of the sweep (ms)",
    scale: { zero: true },
  };
  const shape: Channel<"shape"> = {
    field: "series",
    type: "nominal",
    scale: { domain: [MEASURED, MODEL, FLOOR], range: ["circle", "diamond", "stroke"] },
    legend,
  };
  return frame(
    options,
    "Wall time of the sweep versus chunksize",
    [
      `${result.workload} workload, ${result.jobs} jobs on ${plural(result.workers, "worker")}; the model uses the measured job times and ${fmtMs(result.overheadMs)} per dispatch`,
      machineLine(result.machine),
    ],
    {
      layer: [
        {
          data: { values: [{ ms: floorMs, series: FLOOR }] },
          mark: { type: "rule", strokeDash: [2, 3], strokeWidth: 1.5 },
          encoding: { y: { field: "ms", type: "quantitative" }, color },
        },
        {
          data: { values: rows },
          mark: { type: "rule", strokeWidth: 1.5 },
          transform: [{ filter: `datum.series === ${JSON.stringify(MEASURED)}` }],
          encoding: { x, y: { field: "low", type: "quantitative" }, y2: { field: "high" }, color },
        },
        ...[MEASURED, MODEL].map((name): Layer => ({
          data: { values: rows },
          transform: [{ filter: `datum.series === ${JSON.stringify(name)}` }],
          mark: {
            type: "line",
            strokeWidth: 2,
            strokeDash: name === MODEL ? [6, 4] : [1, 0],
            point: { size: 80, filled: true },
          },
          encoding: {
            x,
            y,
            color,
            shape,
            tooltip: [
              { field: "series", title: "series" },
              { field: "chunksize", title: "chunksize" },
              { field: "ms", title: "wall time (ms)", format: ".1f" },
              { field: "low", title: "min (ms)", format: ".1f" },
              { field: "high", title: "max (ms)", format: ".1f" },
            ],
          },
        })),
      ],
    },
  );
}

// ---------------------------------------------------------------------------------------------
// 3. A sweep's timeline

export interface TimelineOptions extends PlotOptions {
  /** Rows to show even if some ran no job (idle workers). @default the highest worker index + 1 */
  workers?: number;
  /** Row labels by worker index, e.g. ["main thread"] for a sequential run. @default "worker 0", "worker 1", ... */
  labels?: readonly string[];
  /** Colour the bars by the job's drive strength r or by its index. @default "r" */
  colorBy?: "r" | "index";
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
  if (colorBy !== "r" && colorBy !== "index") {
    throw new UsageError(`\`colorBy\` must be "r" or "index", got ${describe(colorBy)}: pick one`, "colorBy");
  }
  const labels = Array.from({ length: workers }, (_, w) => options.labels?.[w] ?? `worker ${w}`);
  const width = options.width ?? plotDefaults.width;
  const endMs = Math.max(...jobs.map((j) => j.end));
  const values = jobs.map((j) => j[colorBy]);
  const [lo, hi] = [Math.min(...values), Math.max(...values)];
  const busy = jobs.reduce((a, j) => a + (j.end - j.start), 0);
  const rows = jobs.map((j) => {
    const label = String(j.index);
    // A bar shows its index only when the text (about 7 px a digit at 11 px) fits inside it.
    const fits = ((j.end - j.start) / endMs) * width >= label.length * 7 + 4;
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
      ink: light ? "black" : "white",
    };
  });
  const x: Position = {
    field: "start",
    type: "quantitative",
    title: "time since the sweep began (ms)",
    scale: { domain: [0, endMs], nice: false },
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
  const colorTitle = colorBy === "r" ? "drive strength r (units of Omega_c)" : "job index";
  const where = labels.length === 1 ? `(${labels[0]})` : `on ${plural(labels.length, "worker")}`;
  const who = labels.length === 1 ? labels[0] : "workers";
  return frame(
    { ...options, height: undefined },
    `Timeline of ${plural(jobs.length, "job")} ${where}`,
    [
      `wall time ${fmtMs(endMs)}, ${who} busy ${pct(busy / (endMs * workers))} of it; one bar per job, white space is idle time`,
    ],
    {
      height: { step: 44 },
      data: { values: rows },
      layer: [
        {
          mark: { type: "bar", stroke: "white", strokeWidth: 1, cornerRadius: 2, height: { band: 0.8 } },
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
        {
          mark: { type: "text", fontSize: 11, baseline: "middle", align: "center" },
          encoding: {
            x: { field: "mid", type: "quantitative" },
            y,
            text: { field: "label" },
            color: { field: "ink", type: "nominal", scale: null },
          },
        },
      ],
    },
  );
}

// ---------------------------------------------------------------------------------------------
// 4. The physics: the lecture's figure

/**
 * The lecture's figure: `sz_mean` and `s2_abs / 2` at t_final versus the drive strength r.
 * (The lecture script's plot shows s2_abs / 2 while its CSV holds s2_abs; so does this one.)
 *
 * @example
 * physicsPlot(report.rows); // sz_mean climbs from -1 (ground state) as the drive grows
 */
export function physicsPlot(rows: readonly SummaryRow[], options: PlotOptions = {}): TopLevelSpec {
  nonEmpty(rows, "rows", "pass the summary rows (r, sz_mean, s2_abs) of a finished sweep");
  const SZ = "sz_mean: mean inversion";
  const S2 = "s2_abs / 2: half the phase-matched coherence";
  const values = rows.flatMap((row) => [
    { r: row.r, value: row.sz_mean, series: SZ },
    { r: row.r, value: row.s2_abs / 2, series: S2 },
  ]);
  const color = seriesColor([SZ, S2], [plotDefaults.colors.measured, plotDefaults.colors.model], "right");
  return frame(
    options,
    "Atomic inversion and coherence versus drive strength",
    [
      `observables at t_final, one point per job (${plural(rows.length, "value")} of r); s2_abs is halved as in the lecture`,
    ],
    {
      data: { values },
      layer: [
        {
          data: { values: [{ value: 0 }] },
          mark: { type: "rule", color: "#bbbbbb" },
          encoding: { y: { field: "value", type: "quantitative" } },
        },
        {
          mark: { type: "line", point: { filled: true, size: 45 }, strokeWidth: 2 },
          encoding: {
            x: { field: "r", type: "quantitative", title: "drive strength r (units of Omega_c)" },
            y: { field: "value", type: "quantitative", title: "value at t_final (dimensionless)" },
            color,
            tooltip: [
              { field: "series", title: "observable" },
              { field: "r", title: "r (Omega_c)", format: ".3f" },
              { field: "value", title: "value", format: ".6f" },
            ],
          },
        },
      ],
    },
  );
}

// ---------------------------------------------------------------------------------------------
// 5. Experiments 3-5: granularity, dispatch, packing

/**
 * Speedup of a pooled sweep versus the cost of one job (log x): below the "break-even" rule the
 * pool is slower than a plain loop; the "ideal" rule is one x per worker.
 *
 * @example
 * granularityPlot(points); // where does a pool of 2 start to pay?
 */
export function granularityPlot(points: readonly GranularityPoint[], options: PlotOptions = {}): TopLevelSpec {
  nonEmpty(points, "points", "run the granularity experiment with at least one job cost");
  const counts = [...new Set(points.map((p) => p.workers))].sort((a, b) => a - b);
  const names = counts.map((w) => plural(w, "worker"));
  const palette = [plotDefaults.colors.measured, plotDefaults.colors.second, plotDefaults.colors.model, "#b279a2"];
  const color = seriesColor(
    names,
    names.map((_, i) => palette[i % palette.length]),
    "top-left",
    { title: "pool size" },
  );
  const rows = points.map((p) => ({ ...p, series: plural(p.workers, "worker") }));
  // The labels sit at the cheap end, where the measured curve is still far below both rules.
  const xMin = Math.min(...points.map((p) => p.jobMs));
  const rules: Row[] = [
    { speedup: 1, label: "break-even: 1x" },
    ...counts.map((w) => ({ speedup: w, label: `ideal: ${w}x on ${plural(w, "worker")}` })),
  ];
  const x: Position = {
    field: "jobMs",
    type: "quantitative",
    title: "cost of one job (ms, log scale)",
    scale: { type: "log" },
  };
  return frame(
    options,
    "Speedup of a pooled sweep versus the cost of one job",
    [
      "each point: one sweep timed sequentially and pooled, all jobs of one cost (medians)",
      "below break-even the pool is slower than a plain loop",
    ],
    {
      layer: [
        {
          data: { values: rules },
          layer: [
            {
              mark: { type: "rule", color: plotDefaults.colors.ideal, strokeDash: [4, 3] },
              encoding: { y: { field: "speedup", type: "quantitative" } },
            },
            {
              mark: { type: "text", align: "left", baseline: "bottom", dx: 4, dy: -3, color: "#555555", fontSize: 12 },
              encoding: {
                x: { datum: xMin, type: "quantitative", scale: { type: "log" } },
                y: { field: "speedup", type: "quantitative" },
                text: { field: "label" },
              },
            },
          ],
        },
        {
          data: { values: rows },
          mark: { type: "line", point: { filled: true, size: 60 }, strokeWidth: 2 },
          encoding: {
            x,
            y: {
              field: "speedup",
              type: "quantitative",
              title: "speedup (×, sequential time / pooled time)",
              scale: { domainMin: 0 },
            },
            color,
            tooltip: [
              { field: "jobMs", title: "job cost (ms)", format: ".3g" },
              { field: "sequentialMs", title: "sequential (ms)", format: ".1f" },
              { field: "pooledMs", title: "pooled (ms)", format: ".1f" },
              { field: "speedup", title: "speedup (×)", format: ".2f" },
            ],
          },
        },
      ],
    },
  );
}

/**
 * Dispatch overhead per job (log y) versus chunksize, one series per dispatch path, measured on
 * empty jobs: what handing a job to a worker costs before any work is done.
 *
 * @example
 * dispatchPlot(points); // Pool.queue pays ~1 ms per task; batching K jobs divides it by about K
 */
export function dispatchPlot(points: readonly DispatchPoint[], options: PlotOptions = {}): TopLevelSpec {
  nonEmpty(points, "points", "run the dispatch experiment with at least one chunksize");
  const paths = [...new Set(points.map((p) => p.path))];
  const palette = [plotDefaults.colors.model, plotDefaults.colors.measured, plotDefaults.colors.second];
  const color = seriesColor(
    paths,
    paths.map((_, i) => palette[i % palette.length]),
    "top-right",
    { title: "dispatch path" },
  );
  const rows = points.map((p) => ({
    series: p.path,
    chunksize: p.chunksize,
    jobs: p.jobs,
    us: p.usPerJob.medianMs,
    low: p.usPerJob.minMs,
    high: p.usPerJob.maxMs,
  }));
  const domain = [...new Set(points.map((p) => p.chunksize))].sort((a, b) => a - b);
  const x: Position = {
    field: "chunksize",
    type: "ordinal",
    title: "chunksize (jobs per dispatch)",
    scale: { domain },
    axis: { labelAngle: 0 },
  };
  const y: Position = {
    field: "us",
    type: "quantitative",
    title: "overhead per job (µs, log scale)",
    scale: { type: "log" },
    axis: logAxis(rows.flatMap((r) => [r.low, r.high])),
  };
  return frame(
    options,
    "Dispatch overhead per job versus chunksize",
    [`empty jobs, ${points[0].jobs} per run, so all the time is overhead`, "median of repeats; whiskers: min to max"],
    {
      data: { values: rows },
      layer: [
        {
          mark: { type: "rule", strokeWidth: 1.5 },
          encoding: {
            x,
            y: { field: "low", type: "quantitative", scale: { type: "log" } },
            y2: { field: "high" },
            color,
          },
        },
        {
          mark: { type: "line", point: { filled: true, size: 60 }, strokeWidth: 2 },
          encoding: {
            x,
            y,
            color,
            tooltip: [
              { field: "series", title: "path" },
              { field: "chunksize", title: "chunksize" },
              { field: "us", title: "µs per job (median)", format: ".1f" },
              { field: "low", title: "min (µs)", format: ".1f" },
              { field: "high", title: "max (µs)", format: ".1f" },
            ],
          },
        },
      ],
    },
  );
}

/**
 * What one job costs to ship as the number of atoms N grows, packed (Dnm and Gnm in every job
 * tuple, 2 N^2 doubles) versus send-once (the matrices sent once per worker, the lecture's
 * `initializer` analogue): bytes per job on the left, build-and-clone time on the right (log y).
 *
 * @example
 * packingPlot(points); // packed bytes grow as N^2, send-once stays flat
 */
export function packingPlot(points: readonly PackingPoint[], options: PlotOptions = {}): TopLevelSpec {
  nonEmpty(points, "points", "run the packing experiment with at least one N");
  const PACKED = "packed tuple (Dnm, Gnm in every job)";
  const ONCE = "send-once (matrices sent once per worker)";
  const rows = points.flatMap((p) => [
    { N: p.N, bytes: p.bytesPerJob, us: p.packUs.medianMs, low: p.packUs.minMs, high: p.packUs.maxMs, series: PACKED },
    {
      N: p.N,
      bytes: p.bytesPerJobSendOnce,
      us: p.packUsSendOnce.medianMs,
      low: p.packUsSendOnce.minMs,
      high: p.packUsSendOnce.maxMs,
      series: ONCE,
    },
  ]);
  const color = seriesColor([PACKED, ONCE], [plotDefaults.colors.model, plotDefaults.colors.measured], "bottom");
  const Ns = [...new Set(points.map((p) => p.N))].sort((a, b) => a - b);
  const x: Position = {
    field: "N",
    type: "quantitative",
    title: "number of atoms N (log scale)",
    scale: { type: "log", nice: false, padding: 16 },
    axis: { values: Ns, format: "d" },
  };
  const size = {
    width: Math.round((options.width ?? plotDefaults.width) * 0.62),
    height: options.height ?? plotDefaults.height,
  };
  const point = { filled: true, size: 60 } as const;
  return frame(
    { ...options, width: undefined, height: undefined },
    "Cost of shipping one job to a worker versus N",
    [
      "Dnm and Gnm hold 2N² doubles: packed, every job copies them; sent once per worker, no job does",
      "time: median over the repeats, whiskers from the fastest to the slowest",
    ],
    {
      data: { values: rows },
      hconcat: [
        {
          ...size,
          title: { text: "bytes copied per job", fontSize: plotDefaults.axisTitleFontSize },
          mark: { type: "line", point, strokeWidth: 2 },
          encoding: {
            x,
            y: {
              field: "bytes",
              type: "quantitative",
              title: "bytes per job (log scale)",
              scale: { type: "log" },
              axis: { ...logAxis(rows.map((r) => r.bytes)), format: "~s" },
            },
            color,
            tooltip: [{ field: "series" }, { field: "N" }, { field: "bytes", title: "bytes per job", format: "," }],
          },
        },
        {
          ...size,
          title: { text: "time to build and clone one job", fontSize: plotDefaults.axisTitleFontSize },
          layer: [
            {
              mark: { type: "rule", strokeWidth: 1.5 },
              encoding: {
                x,
                y: { field: "low", type: "quantitative", scale: { type: "log" } },
                y2: { field: "high" },
                color,
              },
            },
            {
              mark: { type: "line", point, strokeWidth: 2 },
              encoding: {
                x,
                y: {
                  field: "us",
                  type: "quantitative",
                  title: "pack + clone time per job (µs, log scale)",
                  scale: { type: "log" },
                  axis: logAxis(rows.flatMap((r) => [r.low, r.high])),
                },
                color,
                tooltip: [{ field: "series" }, { field: "N" }, { field: "us", title: "µs (median)", format: ".1f" }],
              },
            },
          ],
        },
      ],
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Shared pieces

/** `n + 1` points of `f` on [a, b], rounded to 6 significant digits (stable snapshots, smaller specs). */
function sample(a: number, b: number, f: (x: number) => number, n = 40): [number, number][] {
  if (b <= a) return [[a, round6(f(a))]];
  return Array.from({ length: n + 1 }, (_, i) => {
    const x = i === n ? b : a + ((b - a) * i) / n;
    return [round6(x), round6(f(x))];
  });
}

function round6(x: number): number {
  return Number(x.toPrecision(6));
}

/** The top level every figure shares: schema, size, title block, fonts. */
function frame(options: PlotOptions, defaultTitle: string, subtitle: string[], body: Body): TopLevelSpec {
  const { width = plotDefaults.width, height = plotDefaults.height } = options;
  const d = plotDefaults;
  return {
    $schema: d.$schema,
    title: { text: options.title ?? defaultTitle, subtitle, anchor: "start", offset: 12 },
    ...("hconcat" in body ? {} : { width, height }),
    ...body,
    config: {
      font: d.font,
      title: {
        fontSize: d.titleFontSize,
        subtitleFontSize: d.subtitleFontSize,
        subtitleColor: "#555555",
        subtitlePadding: 6,
      },
      axis: {
        titleFontSize: d.axisTitleFontSize,
        labelFontSize: d.labelFontSize,
        titleFontWeight: "normal",
        titlePadding: 8,
        gridColor: "#e6e6e6",
      },
      legend: {
        titleFontSize: d.labelFontSize,
        labelFontSize: d.labelFontSize,
        labelLimit: 0,
        symbolType: "stroke",
        symbolSize: 320,
        symbolStrokeWidth: 2.5,
      },
      view: { stroke: null },
    },
  };
}

type LegendOrient = "top-left" | "top-right" | "bottom-left" | "bottom-right" | "right" | "bottom";

/** A colour channel over the `series` field with a fixed order and palette: one legend per figure. */
function seriesColor(
  domain: string[],
  range: string[],
  orient: LegendOrient,
  legend: Legend<ExprRef> = {},
): Channel<"color"> & { legend: Legend<ExprRef> } {
  const inside = orient !== "right" && orient !== "bottom";
  return {
    field: "series",
    type: "nominal",
    scale: { domain, range },
    legend: {
      title: null,
      ...legend,
      orient,
      ...(orient === "bottom" ? { direction: "vertical" } : {}),
      ...(inside ? { fillColor: "rgba(255,255,255,0.85)", padding: 6, cornerRadius: 3 } : {}),
    },
  };
}

/** A horizontal reference rule at `value` with its label at the right end, above the rule. */
/** A dashed horizontal rule with its label at the right end, above it (or below, clear of curves above). */
function referenceRule(value: number, label: string, xEnd: number, field: string, x: Position, below = false): Layer {
  return {
    data: { values: [{ [field]: value, xEnd, label }] },
    layer: [
      {
        mark: { type: "rule", color: plotDefaults.colors.ideal, strokeDash: [4, 3] },
        encoding: { y: { field, type: "quantitative" } },
      },
      {
        mark: {
          type: "text",
          align: "right",
          baseline: below ? "top" : "bottom",
          dx: -4,
          dy: below ? 3 : -3,
          color: "#555555",
          fontSize: 12,
        },
        encoding: {
          x: { field: "xEnd", type: "quantitative", scale: x.scale },
          y: { field, type: "quantitative" },
          text: { field: "label" },
        },
      },
    ],
  };
}

/**
 * Ticks and grid lines of a log axis at 1, 2, 5 x 10^k over the data (vega's default grids every
 * minor tick, which buries the data in lines); "~g" writes 0.5, 20, 1000 without padding zeros.
 */
function logAxis(values: number[]) {
  const positive = values.filter((v) => v > 0);
  const lo = Math.floor(Math.log10(Math.min(...positive)));
  const hi = Math.ceil(Math.log10(Math.max(...positive)));
  const ticks: number[] = [];
  for (let e = lo; e <= hi; e++) for (const k of [1, 2, 5]) ticks.push(Number((k * 10 ** e).toPrecision(1)));
  return { values: ticks, format: "~g" };
}

/** Whole worker counts only: every count up to 12, else vega's ticks kept to integers. */
function workerTicks(pEnd: number) {
  return pEnd <= 12
    ? { values: Array.from({ length: pEnd }, (_, i) => i + 1), format: "d" }
    : { tickMinStep: 1, format: "d" };
}

function nonEmpty<T>(value: readonly T[] | undefined, option: string, fix: string): readonly T[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new UsageError(
      `\`${option}\` must be a non-empty array, got ${Array.isArray(value) ? "[]" : describe(value)}: ${fix}`,
      option,
    );
  }
  return value;
}

/** Where a timing was taken, short enough for a subtitle (the CPU model stays in the JSON). */
function machineLine(m: ScalingResult["machine"]): string {
  return `${plural(m.cores, "core")}, Node ${m.node}, ${m.platform}`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function fmt(x: number, digits: number): string {
  return String(Number(x.toPrecision(digits)));
}

function fmtMs(ms: number): string {
  return ms >= 1000 ? `${fmt(ms / 1000, 3)} s` : `${fmt(ms, 3)} ms`;
}

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}
