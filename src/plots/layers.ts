/**
 * Layers and axes several figures draw the same way, written once (Observable Plot's small marks,
 * each taking one options object): a dashed reference rule with its label, min-to-max whiskers
 * under a measured median, the median line itself, and the workers axis.
 */
import { type Layer, type Position, plotDefaults, workerTicks } from "./theme.js";

/** A horizontal reference line: where it sits, what it says, and the figure's x axis. */
export interface ReferenceRuleOptions {
  /** Its height on the y axis, e.g. 1 for "as fast as sequential". */
  y: number;
  /** The text at its right end; "" draws none (the subtitle names it instead). */
  label: string;
  /** The y field of the figure it is drawn in, e.g. "speedup". */
  field: string;
  /** The figure's x axis (its scale places the label), and the x where the label ends. */
  x: Position;
  xEnd: number;
  /** The label under the rule, clear of curves above it. @default false (above it) */
  below?: boolean;
}

/**
 * A dashed horizontal rule with its label at the right end, above it (or below).
 *
 * @example
 * referenceRule({ y: 1, label: "1x: as fast as sequential", field: "speedup", x, xEnd: 4, below: true });
 */
export function referenceRule({ y, label, field, x, xEnd, below = false }: ReferenceRuleOptions): Layer {
  return {
    data: { values: [{ [field]: y, xEnd, label }] },
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

/** Where a figure's whiskers come from and how its axes are scaled. */
export interface WhiskerOptions {
  /** The figure's x axis and colour encoding. */
  x: Position;
  color: object;
  /** Rows with `low` and `high`; leave out to inherit the enclosing layer's data. */
  rows?: readonly object[];
  /** Only the rows of this series (figures that draw several series from one data set). */
  series?: string;
  /** A log y scale, matching the figure's. @default false */
  logY?: boolean;
}

/**
 * Min-to-max whiskers (a vertical rule from `low` to `high` at each x), drawn under a measured
 * median line so the spread of the repeats stays visible.
 *
 * @example
 * whiskers({ x, color, rows: measured }); // under medianLine({ rows: measured, ... })
 */
export function whiskers({ x, color, rows, series, logY = false }: WhiskerOptions): Layer {
  return {
    ...(rows ? { data: { values: rows as object[] } } : {}),
    mark: { type: "rule", strokeWidth: 1.5 },
    ...(series === undefined ? {} : { transform: [{ filter: `datum.series === ${JSON.stringify(series)}` }] }),
    encoding: {
      x,
      y: { field: "low", type: "quantitative", ...(logY ? { scale: { type: "log" } } : {}) },
      y2: { field: "high" },
      color,
    },
  } as Layer;
}

/** A measured median's rows, the figure's encodings and its tooltip fields. */
export interface MedianLineOptions {
  rows: readonly object[];
  x: Position;
  y: Position;
  color: object;
  tooltip: object[];
}

/**
 * A measured median as a line with filled points over `rows`.
 *
 * @example
 * medianLine({ rows, x, y, color, tooltip: [{ field: "workers" }, { field: "speedup", format: ".2f" }] });
 */
export function medianLine({ rows, x, y, color, tooltip }: MedianLineOptions): Layer {
  return {
    data: { values: rows as object[] },
    mark: { type: "line", point: { filled: true, size: 70 }, strokeWidth: 2 },
    encoding: { x, y, color, tooltip },
  } as Layer;
}

/**
 * The workers axis of the scaling and comparison figures: whole counts from 1 to `pEnd`, padded
 * so the end points are not cut.
 *
 * @example
 * workersAxis(4); // x: 1, 2, 3, 4 workers
 */
export function workersAxis(pEnd: number): Position {
  return {
    field: "workers",
    type: "quantitative",
    title: "workers (worker threads)",
    scale: { domain: [1, pEnd], nice: false, padding: 12 },
    axis: workerTicks(pEnd),
  };
}

/**
 * The efficiency axis, speedup / workers as a percentage from 0 to `top` (1 is perfect use of the
 * workers; `top` a little above the highest point).
 * @example
 * efficiencyAxis(1.1, "efficiency (speedup / workers, %)");
 */
export function efficiencyAxis(top: number, title: string): Position {
  return { field: "efficiency", type: "quantitative", title, scale: { domain: [0, top] }, axis: { format: ".0%" } };
}
