/**
 * Algorithm against size (notebook 06): one job's cost versus the number of atoms, log-log, one
 * line per integrator and form of the right-hand side.
 */
import type { TopLevelSpec } from "vega-lite";
import { frame, logPosition, nonEmpty, plotDefaults, type PlotOptions, seriesColor } from "./theme.js";

/** One measured size of one algorithm (measure/algorithm.ts `JobCost`); ms null where skipped. */
export interface CostPoint {
  method: string;
  rhs: string;
  nz: number;
  ms: number | null;
}

/**
 * One job's cost (ms) against nz on log-log axes: a slope of 2 is N^2 growth, a slope of 1 is N.
 * Skipped sizes (ms null) draw nothing.
 * @example costPlot(lab.costVersusN({ Ns: [100, 1000, 10000] }))
 */
export function costPlot(rows: readonly CostPoint[], options: PlotOptions = {}): TopLevelSpec {
  nonEmpty(rows, "rows", "measure with costVersusN first");
  const measured = rows
    .filter((r) => r.ms !== null)
    .map((r) => ({ nz: r.nz, ms: r.ms as number, series: `${r.method}, ${r.rhs}` }));
  const names = [...new Set(rows.map((r) => `${r.method}, ${r.rhs}`))];
  const palette = [plotDefaults.colors.model, plotDefaults.colors.measured, "#b279a2", plotDefaults.colors.second];
  const color = seriesColor(
    names,
    names.map((_, i) => palette[i % palette.length]),
    // the cheapest line climbs from the bottom left to the top right: its lower right is empty
    "bottom-right",
    { title: "method, rhs" },
  );
  return frame(
    options,
    "One job's cost versus the number of atoms",
    [
      "the lecture's r = 1.2 job, one solve each; log-log: slope 2 is N², slope 1 is N",
      "missing points were skipped: their growth predicted too long a wait",
    ],
    {
      layer: [
        {
          data: { values: measured },
          mark: { type: "line", point: { filled: true, size: 60 }, strokeWidth: 2 },
          encoding: {
            x: logPosition(
              "nz",
              "atoms N (log scale)",
              measured.map((p) => p.nz),
              "~s",
            ),
            y: logPosition(
              "ms",
              "one job (ms, log scale)",
              measured.map((p) => p.ms),
              ",~g",
            ),
            color,
            tooltip: [
              { field: "series", title: "method, rhs" },
              { field: "nz", title: "N" },
              { field: "ms", title: "ms", format: ".3g" },
            ],
          },
        },
      ],
    },
  );
}
