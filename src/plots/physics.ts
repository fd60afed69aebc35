/**
 * The lecture's own figure: the observables at t_final versus the drive strength r.
 */
import type { TopLevelSpec } from "vega-lite";
import type { SummaryRow } from "../core/types.js";
import { type PlotOptions, frame, nonEmpty, plotDefaults, plural, seriesColor } from "./theme.js";

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
