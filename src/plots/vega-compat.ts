/**
 * The one place the kit reaches into vega's internals (vega 5.33, pinned exactly in package.json).
 *
 * Without node-canvas, vega lays text out by guessing 0.8 em per character, which makes titles and
 * legends about half again too wide: legend labels get cut with "..." and the SVG gains a wide
 * empty margin. vega exports its `textMetrics` object (undocumented); replacing its `width` with
 * Helvetica/Arial's own widths (the fonts theme.ts asks for first) fixes the layout.
 * test/plots/vega-compat.test.ts fails with a clear message if an upgrade takes this away.
 */
import * as vega from "vega";

type TextWidth = (item: object, text?: unknown) => number;
interface TextMetrics {
  width: TextWidth;
  estimateWidth: TextWidth;
}

/** vega's text metrics, or a sentence saying what is missing from this version of vega. */
export function vegaTextMetrics(): TextMetrics | string {
  const metrics = (vega as unknown as { textMetrics?: Partial<TextMetrics> }).textMetrics;
  if (!metrics) return `vega ${vega.version} has no \`textMetrics\` export`;
  if (typeof metrics.width !== "function" || typeof metrics.estimateWidth !== "function") {
    return `vega ${vega.version}'s \`textMetrics\` has no \`width\`/\`estimateWidth\` functions`;
  }
  return metrics as TextMetrics;
}

/** Measures text with Helvetica's widths where vega would only estimate (no canvas): once, idempotent. */
export function useHelveticaWidths(): void {
  const metrics = vegaTextMetrics();
  // Without the hook the figures still render, only with vega's wider guesses: warn, do not fail.
  if (typeof metrics === "string") {
    process.emitWarning(`${metrics}: plot text is laid out with vega's rough estimate`, { code: "SWEEPLAB_VEGA" });
    return;
  }
  if (metrics.width === metrics.estimateWidth) metrics.width = helveticaWidth;
}

/**
 * Advance widths of Helvetica/Arial (Adobe's Helvetica metrics, 1/1000 em) for ASCII 32-126; any
 * other character counts as a digit's width (556).
 */
const HELVETICA =
  "278,278,355,556,556,889,667,191,333,333,389,584,278,333,278,278,556,556,556,556,556,556,556,556,556,556," +
  "278,278,584,584,584,556,1015,667,667,722,722,667,611,778,722,278,500,667,556,833,722,778,667,778,722,667," +
  "611,722,667,944,667,667,611,278,278,278,469,556,333,556,556,500,556,556,278,556,556,222,222,500,222,833," +
  "556,556,556,556,333,500,278,556,500,722,500,500,500,334,260,334,584";
const WIDTHS = HELVETICA.split(",").map(Number);

/** Width in px of a text mark item, the way vega's canvas measure would report it for Helvetica. */
export function helveticaWidth(
  item: { text?: unknown; fontSize?: number; fontWeight?: string | number },
  text?: unknown,
): number {
  const value = text ?? item.text;
  const s = value == null ? "" : Array.isArray(value) ? value.join(" ") : String(value);
  const size = item.fontSize ?? 11;
  const bold = item.fontWeight === "bold" || Number(item.fontWeight) >= 600;
  let em = 0;
  for (let i = 0; i < s.length; i++) em += WIDTHS[s.charCodeAt(i) - 32] ?? 556;
  // Bold faces run about 8% wider; the last 15% is room for fallback fonts (DejaVu Sans, Linux's
  // usual sans-serif, is that much wider), so text is never cut, at the cost of a little margin.
  return ((em * size) / 1000) * (bold ? 1.08 : 1) * 1.15;
}
