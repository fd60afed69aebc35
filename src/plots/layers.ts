/**
 * Layers several figures draw the same way, written once (Observable Plot's small marks): a
 * dashed reference rule with its label, and min-to-max whiskers under a measured median.
 */
import { type Layer, type Position, plotDefaults } from "./theme.js";

/** A dashed horizontal rule with its label at the right end, above it (or below, clear of curves above). */
export function referenceRule(
  value: number,
  label: string,
  xEnd: number,
  field: string,
  x: Position,
  below = false,
): Layer {
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

/** Where a figure's whiskers come from and how its y axis is scaled. */
export interface WhiskerOptions {
  /** Rows with `low` and `high`; leave out to inherit the enclosing layer's data. */
  rows?: readonly object[];
  /** Only the rows of this series (figures that draw several series from one data set). */
  series?: string;
  /** A log y scale, matching the figure's. */
  logY?: boolean;
}

/**
 * Min-to-max whiskers (a vertical rule from `low` to `high` at each x), drawn under a measured
 * median line so the spread of the repeats stays visible.
 */
export function whiskers(x: Position, color: object, { rows, series, logY = false }: WhiskerOptions = {}): Layer {
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

/** A measured median as a line with filled points over `rows`, with the given tooltip fields. */
export function medianLine(rows: readonly object[], x: Position, y: Position, color: object, tooltip: object[]): Layer {
  return {
    data: { values: rows as object[] },
    mark: { type: "line", point: { filled: true, size: 70 }, strokeWidth: 2 },
    encoding: { x, y, color, tooltip },
  } as Layer;
}
