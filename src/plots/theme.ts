/**
 * What every figure shares: size, fonts and palette (`plotDefaults`), the frame with its title
 * block, the colour legend, axes, and the short number formats of titles and subtitles.
 */
import type { TopLevelSpec } from "vega-lite";
import type { Field, PositionFieldDef } from "vega-lite/build/src/channeldef";
import type { Encoding } from "vega-lite/build/src/encoding";
import type { ExprRef } from "vega-lite/build/src/expr";
import type { Legend } from "vega-lite/build/src/legend";
import type { GenericHConcatSpec, LayerSpec, NonNormalizedSpec } from "vega-lite/build/src/spec";
import { assertNonEmptyArray } from "../core/check.js";
import type { Machine } from "../core/types.js";

/** One layer of a layered spec. */
export type Layer = LayerSpec<Field>["layer"][number];
/** What a figure adds to the shared frame: layers (most figures) or side-by-side panels. */
export type Body =
  Pick<LayerSpec<Field>, "layer" | "data" | "height"> | Pick<GenericHConcatSpec<NonNormalizedSpec>, "hconcat" | "data">;
export type Row = Record<string, number | string>;
export type Position = PositionFieldDef<Field>;
export type Channel<K extends keyof Encoding<Field>> = NonNullable<Encoding<Field>[K]>;

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

// Shared pieces

/** `n + 1` points of `f` on [a, b], rounded to 6 significant digits (stable snapshots, smaller specs). */
export function sample(a: number, b: number, f: (x: number) => number, n = 40): [number, number][] {
  if (b <= a) return [[a, round6(f(a))]];
  return Array.from({ length: n + 1 }, (_, i) => {
    const x = i === n ? b : a + ((b - a) * i) / n;
    return [round6(x), round6(f(x))];
  });
}

export function round6(x: number): number {
  return Number(x.toPrecision(6));
}

/** The top level every figure shares: schema, size, title block, fonts. */
export function frame(options: PlotOptions, defaultTitle: string, subtitle: string[], body: Body): TopLevelSpec {
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

export type LegendOrient = "top-left" | "top-right" | "bottom-left" | "bottom-right" | "right" | "bottom";

/** A colour channel over the `series` field with a fixed order and palette: one legend per figure. */
export function seriesColor(
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

/**
 * Ticks and grid lines of a log axis at 1, 2, 5 x 10^k over the data (vega's default grids every
 * minor tick, which buries the data in lines); "~g" writes 0.5, 20, 1000 without padding zeros.
 */
export function logAxis(values: number[]) {
  const positive = values.filter((v) => v > 0);
  const lo = Math.floor(Math.log10(Math.min(...positive)));
  const hi = Math.ceil(Math.log10(Math.max(...positive)));
  const ticks: number[] = [];
  for (let e = lo; e <= hi; e++) for (const k of [1, 2, 5]) ticks.push(Number((k * 10 ** e).toPrecision(1)));
  return { values: ticks, format: "~g" };
}

/**
 * A quantitative position on a log scale with `logAxis` ticks over `values` (the data the axis
 * must span, whiskers included); `format` replaces "~g", e.g. "~s" for 1k, 10k, 100k.
 */
export function logPosition(field: string, title: string, values: number[], format?: string) {
  const axis = logAxis(values);
  return {
    field,
    type: "quantitative" as const,
    title,
    scale: { type: "log" as const },
    axis: format === undefined ? axis : { ...axis, format },
  };
}

/** Whole worker counts only: every count up to 12, else vega's ticks kept to integers. */
export function workerTicks(pEnd: number) {
  return pEnd <= 12
    ? { values: Array.from({ length: pEnd }, (_, i) => i + 1), format: "d" }
    : { tickMinStep: 1, format: "d" };
}

export function nonEmpty<T>(value: readonly T[] | undefined, option: string, fix: string): readonly T[] {
  assertNonEmptyArray(value, option, fix);
  return value;
}

/** Where a timing was taken, short enough for a subtitle (the CPU model stays in the JSON). */
export function machineLine(m: Machine): string {
  return `${plural(m.cores, "core")}, Node ${m.node}, ${m.platform}`;
}

export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

export function fmt(x: number, digits: number): string {
  return String(Number(x.toPrecision(digits)));
}

/** Durations in subtitles: the kit's one duration format (core/format.ts). */
export { formatMs as fmtMs } from "../core/format.js";

export function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

/**
 * Chunksize as an ordinal axis: the measured values ({1, 2, 4, 5, 10, 20}) equally spaced and
 * labelled exactly.
 */
export function chunksizeAxis(points: readonly { chunksize: number }[]): Position {
  const domain = [...new Set(points.map((p) => p.chunksize))].sort((a, b) => a - b);
  return {
    field: "chunksize",
    type: "ordinal",
    title: "chunksize (jobs per dispatch)",
    scale: { domain },
    axis: { labelAngle: 0 },
  };
}
