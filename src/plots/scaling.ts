/**
 * Speedup and efficiency versus workers (experiment 1), measured against Amdahl's law.
 */
import type { TopLevelSpec } from "vega-lite";
import { amdahlSpeedup, bestPoint } from "../measure/amdahl.js";
import { assertInteger, describe } from "../core/check.js";
import { UsageError } from "../core/errors.js";
import type { ScalingResult } from "../measure/experiments.js";
import { efficiencyAxis, medianLine, referenceRule, whiskers, workersAxis } from "./layers.js";
import {
  type Channel,
  type Layer,
  type PlotOptions,
  type Position,
  type Row,
  fmt,
  fmtMs,
  frame,
  machineLine,
  nonEmpty,
  pct,
  plotDefaults,
  plural,
  sample,
  seriesColor,
} from "./theme.js";

export interface SpeedupOptions extends PlotOptions {
  /**
   * Extend the Amdahl curve to this many workers (e.g. the cluster's 20 cores), drawn dashed as
   * "Amdahl prediction". A count the run already measured draws no prediction. @default none
   */
  predictTo?: number;
  /**
   * Speedup ranges predicted from measured parts (`checkPredictions`' `predicted`, or
   * `predictSpeedup` / `nodePrediction` results), drawn as a wide pale bar from low to high at
   * each worker count, beside the measurement. @default none
   */
  ranges?: readonly { workers: number; speedup: { low: number; high: number } }[];
}

const RANGE = "predicted from measured parts (low to high)";

/** The ranges as rows, and the wide translucent bars that draw them. */
function rangeLayer(ranges: SpeedupOptions["ranges"], x: Position, y: Position, color: Channel<"color">): Layer {
  const rows = (ranges ?? []).map((r) => ({
    workers: r.workers,
    low: r.speedup.low,
    high: r.speedup.high,
    series: RANGE,
  }));
  return {
    data: { values: rows },
    mark: { type: "rule", strokeWidth: 12, opacity: 0.35, clip: true },
    encoding: {
      x,
      y: { ...y, field: "low" },
      y2: { field: "high" },
      color,
      tooltip: [
        { field: "workers", title: "workers" },
        { field: "low", title: "predicted low (×)", format: ".2f" },
        { field: "high", title: "predicted high (×)", format: ".2f" },
      ],
    },
  } as Layer;
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
  const points = scalingPoints(result);
  const { predictTo, ranges = [] } = options;
  if (!Array.isArray(ranges) || !ranges.every((r) => Number.isFinite(r?.workers) && Number.isFinite(r?.speedup?.low))) {
    throw new UsageError(
      `\`ranges\` must be a list of { workers, speedup: { low, high } }, got ${describe(ranges)}: pass checkPredictions(...).map((c) => ({ workers: c.workers, speedup: c.predicted }))`,
      "ranges",
    );
  }
  if (predictTo !== undefined) {
    assertInteger(
      predictTo,
      "predictTo",
      1,
      Infinity,
      "pass the worker count to extrapolate to, e.g. 20 for a 20-core node",
    );
  }
  const s = result.amdahl.serialFraction;
  const measuredMax = Math.max(...points.map((p) => p.workers));
  const pEnd = Math.max(predictTo ?? 0, measuredMax, ...ranges.map((r) => r.workers));
  const seq = result.sequential.medianMs;
  // With no speedup above 1x there is no parallel part to fit (s comes out as 1): the fit and its
  // prediction would only repeat the 1x line, so they are left out and the subtitle says why.
  const fitted = Number.isFinite(s) && points.some((p) => p.speedup > 1);
  const { series, colors, dashes, curves } = speedupCurves(s, fitted, measuredMax, pEnd);
  if (ranges.length > 0) {
    series.push(RANGE);
    colors.push(plotDefaults.colors.second);
    dashes.push([1, 0]);
  }
  const measured = measuredSpeedups(points);
  // The ideal line would stretch the axis to pEnd x and squash the measurement into its bottom:
  // the axis ends a little above what was measured or predicted, and the ideal line leaves the plot.
  const top = Math.max(
    1,
    ...measured.map((m) => m.high),
    ...curves.filter((c) => c.series !== IDEAL).map((c) => +c.speedup),
    ...ranges.map((r) => r.speedup.high),
  );
  const yMax = Math.min(pEnd, Number((top * 1.2).toPrecision(2)));
  const color = seriesColor(series, colors, "bottom");
  const strokeDash: Channel<"strokeDash"> = {
    field: "series",
    type: "nominal",
    scale: { domain: series, range: dashes },
    legend: color.legend,
  };
  const { x, y } = speedupAxes(pEnd, yMax);
  return frame(
    options,
    "Speedup versus workers",
    speedupSubtitle(result, s, fitted, seq, yMax < pEnd ? yMax : undefined),
    {
      layer: [
        referenceRule({ y: 1, label: "1x: as fast as sequential", field: "speedup", x, xEnd: pEnd, below: true }),
        {
          data: { values: curves },
          mark: { type: "line", strokeWidth: 2, clip: true },
          encoding: { x, y, color, strokeDash },
        },
        ...(ranges.length > 0 ? [rangeLayer(ranges, x, y, color)] : []),
        whiskers({ x, color, rows: measured }),
        medianLine({
          rows: measured,
          x,
          y,
          color,
          tooltip: [
            { field: "workers", title: "workers" },
            { field: "speedup", title: "speedup (×)", format: ".2f" },
            { field: "medianMs", title: "median wall time (ms)", format: ".1f" },
            { field: "efficiency", title: "efficiency", format: ".0%" },
          ],
        }),
      ],
    },
  );
}

const MEASURED = "measured (median; whiskers: min to max)";
const IDEAL = "ideal: S = p";
const PREDICTION = "Amdahl prediction";

/** The ideal line, Amdahl's fit over the measured range and its prediction beyond it, as series. */
function speedupCurves(s: number, fitted: boolean, measuredMax: number, pEnd: number) {
  const FIT = `Amdahl fit, s = ${fmt(s, 3)}`;
  const series = fitted ? [MEASURED, IDEAL, FIT] : [MEASURED, IDEAL];
  const colors: string[] = [plotDefaults.colors.measured, plotDefaults.colors.ideal, plotDefaults.colors.model];
  const dashes = [
    [1, 0],
    [2, 3],
    [1, 0],
  ];
  const curve = (from: number, to: number, f: (p: number) => number, name: string): Row[] =>
    sample(from, to, f).map(([workers, speedup]) => ({ workers, speedup, series: name }));
  const curves: Row[] = [
    ...curve(1, pEnd, (p) => p, IDEAL),
    ...(fitted ? curve(1, measuredMax, (p) => amdahlSpeedup(s, p), FIT) : []),
  ];
  if (fitted && pEnd > measuredMax) {
    series.push(PREDICTION);
    colors.push(plotDefaults.colors.model);
    dashes.push([7, 4]);
    curves.push(...curve(measuredMax, pEnd, (p) => amdahlSpeedup(s, p), PREDICTION));
  }
  return { series, colors, dashes, curves };
}

/** The best point, Amdahl's ceiling (or why there is no fit), the run's size and the machine. */
function speedupSubtitle(result: ScalingResult, s: number, fitted: boolean, seq: number, cutAt?: number): string[] {
  const best = bestPoint(result.points);
  const ceiling = !fitted
    ? "; no worker count beat sequential, so no Amdahl fit"
    : s > 0
      ? `; Amdahl ceiling 1/s = ${fmt(1 / s, 3)}x`
      : "";
  const cut = cutAt === undefined ? "" : `; axis cut at ${fmt(cutAt, 2)}x, the ideal line goes on above it`;
  return [
    `${result.workload} workload; best: ${fmt(best.speedup, 3)}x on ${plural(best.workers, "worker")} (efficiency ${pct(best.efficiency)})${ceiling}`,
    `${result.jobs} jobs, chunksize ${result.chunksize}, sequential median ${fmtMs(seq)}${cut}; ${machineLine(result.machine)}`,
  ];
}

/**
 * Parallel efficiency (speedup / workers) versus workers, against the 100% of perfect scaling.
 *
 * @example
 * efficiencyPlot(scaling); // 92% on 2 workers reads as "8% of two cores went to overhead"
 */
export function efficiencyPlot(result: ScalingResult, options: PlotOptions = {}): TopLevelSpec {
  const points = scalingPoints(result);
  const pEnd = Math.max(...points.map((p) => p.workers));
  const MEASURED = "measured (median; whiskers: min to max)";
  const rows = points.map((pt) => ({
    workers: pt.workers,
    efficiency: pt.efficiency,
    low: pt.speedupRange.low / pt.workers,
    high: pt.speedupRange.high / pt.workers,
    speedup: pt.speedup,
    series: MEASURED,
  }));
  const top = Math.max(1.1, ...rows.map((r) => r.high));
  const color = seriesColor([MEASURED], [plotDefaults.colors.measured], "bottom-left");
  const x = workersAxis(Math.max(2, pEnd));
  const y = efficiencyAxis(top, "parallel efficiency (speedup / workers, %)");
  return frame(
    options,
    "Parallel efficiency versus workers",
    [
      "100% = every worker did useful work the whole run; start-up, dispatch and idle tails cost the rest",
      `${result.workload} workload, ${result.jobs} jobs, chunksize ${result.chunksize}; ${machineLine(result.machine)}`,
    ],
    {
      layer: [
        referenceRule({ y: 1, label: "ideal: 100%", field: "efficiency", x, xEnd: Math.max(2, pEnd) }),
        whiskers({ x, color, rows }),
        medianLine({
          rows,
          x,
          y,
          color,
          tooltip: [
            { field: "workers", title: "workers" },
            { field: "efficiency", title: "efficiency", format: ".1%" },
            { field: "speedup", title: "speedup (×)", format: ".2f" },
          ],
        }),
      ],
    },
  );
}

/** The measured points, each with the spread of its fair speedups (a result of this kit's `scaling`). */
function scalingPoints(result: ScalingResult): readonly ScalingResult["points"][number][] {
  const points = nonEmpty(result?.points, "result.points", "run the scaling experiment with at least one worker count");
  const bad = points.findIndex((p) => !(p?.speedupRange?.low <= p?.speedupRange?.high));
  if (bad >= 0) {
    throw new UsageError(
      `\`result.points[${bad}].speedupRange\` must be { low, high }, got ${describe(points[bad]?.speedupRange)}: pass what scaling(...) returns (a bench.json from an older sweeplab has none; run the bench again)`,
      "result.points",
    );
  }
  return points;
}

/** One row per worker count: median speedup and the spread of its repeats (least to most). */
function measuredSpeedups(points: readonly ScalingResult["points"][number][]) {
  return points.map((pt) => ({
    workers: pt.workers,
    speedup: pt.speedup,
    low: pt.speedupRange.low,
    high: pt.speedupRange.high,
    medianMs: pt.wall.medianMs,
    efficiency: pt.efficiency,
    series: MEASURED,
  }));
}

/** Workers across (whole counts up to pEnd), speedup up (from 0 to yMax). */
function speedupAxes(pEnd: number, yMax: number): { x: Position; y: Position } {
  const x = workersAxis(pEnd);
  const y: Position = {
    field: "speedup",
    type: "quantitative",
    title: "speedup (×, sequential time / pooled time)",
    scale: { domain: [0, yMax], nice: false },
  };
  return { x, y };
}
