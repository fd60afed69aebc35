/**
 * What parallelism costs: granularity (speedup versus job size), dispatch and packing (experiments 3-5).
 */
import type { TopLevelSpec } from "vega-lite";
import type { DispatchPoint, GranularityPoint, PackingPoint } from "../measure/experiments.js";
import {
  chunksizeAxis,
  frame,
  logPosition,
  nonEmpty,
  plotDefaults,
  type PlotOptions,
  plural,
  type Position,
  type Row,
  seriesColor,
} from "./theme.js";
import { whiskers } from "./layers.js";

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
  const x = chunksizeAxis(points);
  const y: Position = logPosition(
    "us",
    "overhead per job (µs, log scale)",
    rows.flatMap((r) => [r.low, r.high]),
  );
  return frame(
    options,
    "Dispatch overhead per job versus chunksize",
    [`empty jobs, ${points[0].jobs} per run, so all the time is overhead`, "median of repeats; whiskers: min to max"],
    {
      data: { values: rows },
      layer: [
        whiskers({ x, color, logY: true }),
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
  const rows = packingRows(points, PACKED, ONCE);
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
            y: logPosition(
              "bytes",
              "bytes per job (log scale)",
              rows.map((r) => r.bytes),
              "~s",
            ),
            color,
            tooltip: [{ field: "series" }, { field: "N" }, { field: "bytes", title: "bytes per job", format: "," }],
          },
        },
        {
          ...size,
          title: { text: "time to build and clone one job", fontSize: plotDefaults.axisTitleFontSize },
          layer: [
            whiskers({ x, color, logY: true }),
            {
              mark: { type: "line", point, strokeWidth: 2 },
              encoding: {
                x,
                y: logPosition(
                  "us",
                  "pack + clone time per job (µs, log scale)",
                  rows.flatMap((r) => [r.low, r.high]),
                ),
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

/** Two rows per N: the packed job and the send-once job, each with its bytes and time spread. */
function packingRows(points: readonly PackingPoint[], packed: string, once: string) {
  return points.flatMap((p) => [
    { N: p.N, bytes: p.bytesPerJob, us: p.packUs.medianMs, low: p.packUs.minMs, high: p.packUs.maxMs, series: packed },
    {
      N: p.N,
      bytes: p.bytesPerJobSendOnce,
      us: p.packUsSendOnce.medianMs,
      low: p.packUsSendOnce.minMs,
      high: p.packUsSendOnce.maxMs,
      series: once,
    },
  ]);
}
