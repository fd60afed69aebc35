/**
 * Wall time versus chunksize (experiment 2), beside the makespan model and its floor.
 */
import type { TopLevelSpec } from "vega-lite";
import type { ChunksizeResult } from "../measure/experiments.js";
import {
  type Channel,
  chunksizeAxis,
  fmtMs,
  frame,
  type Layer,
  machineLine,
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
  const rows = chunksizeRows(points, MEASURED, MODEL);
  // Shapes tell measured from model in the legend too: point-sized symbols, not the usual line length.
  const color = seriesColor(
    [MEASURED, MODEL, FLOOR],
    [plotDefaults.colors.measured, plotDefaults.colors.model, plotDefaults.colors.ideal],
    "bottom-right",
    { symbolSize: 90 },
  );
  const legend = color.legend;
  const x = chunksizeAxis(points);
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
        whiskers({ x, color, rows, series: MEASURED }),
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

/** Two rows per chunksize: the measured median with its spread, and the model's prediction. */
function chunksizeRows(points: readonly ChunksizeResult["points"][number][], measured: string, model: string): Row[] {
  return points.flatMap((pt) => [
    { chunksize: pt.chunksize, ms: pt.wall.medianMs, low: pt.wall.minMs, high: pt.wall.maxMs, series: measured },
    { chunksize: pt.chunksize, ms: pt.modelMs, low: pt.modelMs, high: pt.modelMs, series: model },
  ]);
}
