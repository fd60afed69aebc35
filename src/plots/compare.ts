/**
 * Machines compared (`sweeplab compare`): speedup and efficiency versus workers, one colour per
 * machine, each against its own sequential baseline.
 */
import type { TopLevelSpec } from "vega-lite";
import type { MachineSeries } from "../measure/compare.js";
import { efficiencyAxis, medianLine, referenceRule, workersAxis } from "./layers.js";
import {
  type Layer,
  type PlotOptions,
  type Position,
  frame,
  nonEmpty,
  plotDefaults,
  plural,
  seriesColor,
} from "./theme.js";

/** Colours for up to ten machines: the theme's three, then the rest of Tableau 10. */
const palette = [
  plotDefaults.colors.measured,
  plotDefaults.colors.model,
  plotDefaults.colors.second,
  "#e45756",
  "#72b7b2",
  "#b279a2",
  "#ff9da6",
  "#9d755d",
  "#eeca3b",
  "#bab0ac",
];

const tooltip: object[] = [
  { field: "series", title: "machine" },
  { field: "workers" },
  { field: "speedup", title: "speedup (×)", format: ".2f" },
  { field: "efficiency", format: ".0%" },
  { field: "wallMs", title: "wall time (ms)", format: ".0f" },
  { field: "sequentialMs", title: "its sequential time (ms)", format: ".0f" },
];

/**
 * Speedup (left) and efficiency (right) versus workers for several machines, one colour each,
 * every machine against its own sequential baseline: a laptop, a cluster node and a classmate's
 * machine on one figure. The legend names host, CPU and cores.
 *
 * @example
 * comparePlot(loadComparison(["results/laptop", "results/node"]).series);
 */
export function comparePlot(series: readonly MachineSeries[], options: PlotOptions = {}): TopLevelSpec {
  nonEmpty(
    series,
    "series",
    "pass at least one machine's scaling (sweeplab compare reads them from bench.json or run folders)",
  );
  const labels = legendLabels(series);
  const rows = series.flatMap((s, k) =>
    s.points.map((p) => ({ ...p, series: labels[k], sequentialMs: s.sequentialMs })),
  );
  const pEnd = Math.max(2, ...rows.map((r) => r.workers));
  const color = seriesColor(
    labels,
    labels.map((_, k) => palette[k % palette.length]),
    "bottom",
  );
  const x = workersAxis(pEnd);
  const size = {
    width: Math.round((options.width ?? plotDefaults.width) * 0.62),
    height: options.height ?? plotDefaults.height,
  };
  const workloads = [...new Set(series.map((s) => s.workload))];
  const machines = new Set(series.map((s) => s.label)).size;
  const what =
    machines === series.length
      ? plural(machines, "machine")
      : `${plural(series.length, "run")} on ${plural(machines, "machine")}`;
  const top = Math.max(1.1, ...rows.map((r) => r.efficiency));
  const line = (y: Position): Layer => medianLine({ rows, x, y, color, tooltip });
  const speedupY: Position = {
    field: "speedup",
    type: "quantitative",
    title: "speedup (×, sequential / pooled time)",
    scale: { domainMin: 0 },
  };
  const efficiencyY = efficiencyAxis(top, "efficiency (speedup / workers, %)");
  return frame(
    { ...options, width: undefined, height: undefined },
    `${what}: speedup and efficiency versus workers`,
    [
      "each against its own sequential run of the same sweep (a faster machine need not scale better); dotted: ideal S = p; dashed: 1x, as fast as sequential",
      workloads.length === 1 ? workloads[0] : `workloads differ: ${workloads.join("; ")}`,
    ],
    {
      hconcat: [
        {
          ...size,
          title: panelTitle("speedup"),
          // the 1x rule carries no label on the plot: at its right end, where a label would sit,
          // the series end too, often near 1x; the subtitle names it instead
          layer: [
            idealLine(x, pEnd),
            referenceRule({ y: 1, label: "", field: "speedup", x, xEnd: pEnd, below: true }),
            line(speedupY),
          ],
        },
        {
          ...size,
          title: panelTitle("parallel efficiency"),
          layer: [referenceRule({ y: 1, label: "ideal: 100%", field: "efficiency", x, xEnd: pEnd }), line(efficiencyY)],
        },
      ],
    },
  );
}

/** The legend's names: series of one host, CPU and cores (runs of one machine) keep apart by their sweep, else their source. */
function legendLabels(series: readonly MachineSeries[]): string[] {
  return series.map((s) => {
    const same = series.filter((o) => o.label === s.label);
    if (same.length === 1) return s.label;
    return same.filter((o) => o.workload === s.workload).length === 1
      ? `${s.label}: ${s.workload}`
      : `${s.label} (${s.source})`;
  });
}

function panelTitle(text: string) {
  return { text, fontSize: plotDefaults.axisTitleFontSize };
}

/** The ideal speedup S = p, dotted, from 1 to `pEnd` workers. */
function idealLine(x: Position, pEnd: number): Layer {
  return {
    data: {
      values: [
        { workers: 1, speedup: 1 },
        { workers: pEnd, speedup: pEnd },
      ],
    },
    mark: { type: "line", color: plotDefaults.colors.ideal, strokeDash: [2, 3], clip: true },
    encoding: { x, y: { field: "speedup", type: "quantitative" } },
  };
}
