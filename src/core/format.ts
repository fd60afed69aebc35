/**
 * How the kit writes numbers, durations and tables for a reader: one duration format (`formatMs`)
 * for notebooks, progress lines, plots and logs, and the plain-text tables notebook cells print.
 */
import { UsageError } from "./errors.js";
import { describe } from "./check.js";

/** One row of a table: column name to value. */
export type Row = Record<string, string | number | boolean | null | undefined>;

/**
 * A number as a reader wants it in a table: integers as they are, others with `digits`
 * significant digits (4 by default), big values without a fraction, no exponent for ordinary sizes.
 *
 * @example
 * formatNumber(182.1234); // "182.1"
 * formatNumber(0.000123); // "0.000123"
 * formatNumber(12345.6);  // "12346"
 */
export function formatNumber(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x)) return String(x);
  if (Math.abs(x) >= 10 ** digits) return x.toFixed(0);
  return String(Number(x.toPrecision(digits)));
}

/** Below this share (in percent) `formatPercent` writes "<0.01%": more digits would be noise. */
const SMALLEST_PERCENT = 0.01;

/**
 * A share as a percentage a reader can trust: whole percent from 10% up, two significant digits
 * below, and "<0.01%" under that, so a share that is not zero never prints as "0.0%" (and a
 * small one keeps its size: 0.05%, not 0.1%); nor does one short of the whole print as "100%".
 *
 * @example
 * formatPercent(0.0005); // "0.05%"
 * formatPercent(0.0123); // "1.2%"
 * formatPercent(0.456);  // "46%"
 * formatPercent(2e-7);   // "<0.01%"
 */
export function formatPercent(share: number): string {
  if (typeof share !== "number" || !Number.isFinite(share)) {
    throw new UsageError(
      `\`share\` must be a finite number, got ${describe(share)}: pass a fraction, e.g. 0.25 for 25%`,
      "share",
    );
  }
  const percent = Math.abs(share * 100);
  const sign = share < 0 ? "-" : "";
  if (percent === 0) return "0%";
  if (percent < SMALLEST_PERCENT) return share < 0 ? `>-${SMALLEST_PERCENT}%` : `<${SMALLEST_PERCENT}%`;
  if (percent >= 99.5 && percent < 100) {
    const shown = justUnder100(percent);
    return shown.startsWith(">") && sign ? `<-${shown.slice(1)}%` : `${sign}${shown}%`;
  }
  if (percent >= 9.95) return `${sign}${Math.round(percent)}%`;
  return `${sign}${Number(percent.toPrecision(2))}%`;
}

/** 99.97 -> "99.97", 99.5 -> "99.5": a share short of the whole never rounds up to 100. */
function justUnder100(percent: number): string {
  const decimals = Math.min(2, Math.max(1, Math.ceil(-Math.log10(100 - percent))));
  const shown = Math.floor(percent * 10 ** decimals) / 10 ** decimals;
  return shown < 99.99 || percent < 99.99 ? shown.toFixed(decimals) : ">99.99";
}

/** Chooses µs / ms / s for a duration under a minute so it reads with 1-3 digits before the point. */
export function unitFor(ms: number): { scale: number; unit: string } {
  if (ms < 1) return { scale: 1e3, unit: "µs" };
  if (ms < 1e3) return { scale: 1, unit: "ms" };
  return { scale: 1e-3, unit: "s" };
}

/**
 * A duration as a reader wants it, the kit's one duration format (tables, sentences, progress
 * lines, plot subtitles): three significant digits in µs below 1 ms, ms below 1 s, s below a
 * minute, then minutes and seconds, then hours and minutes.
 *
 * @example
 * formatMs(0.25);    // "250 µs"
 * formatMs(182.4);   // "182 ms"
 * formatMs(4130);    // "4.13 s"
 * formatMs(725_000); // "12 min 05 s"
 */
export function formatMs(ms: number): string {
  if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0) {
    throw new UsageError(
      `\`ms\` must be a finite number >= 0, got ${describe(ms)}: pass a measured duration in milliseconds`,
      "ms",
    );
  }
  if (ms < 59_950) {
    const { scale, unit } = unitFor(ms);
    return `${Number((ms * scale).toPrecision(3))} ${unit}`;
  }
  const seconds = Math.round(ms / 1000);
  const min = Math.floor(seconds / 60);
  if (min < 60) return `${min} min ${String(seconds % 60).padStart(2, "0")} s`;
  return `${Math.floor(min / 60)} h ${String(min % 60).padStart(2, "0")} min`;
}

/**
 * A plain-text table of records, numbers right-aligned, for `console.log` in a notebook cell.
 * Columns are the keys of the first row unless `columns` names them.
 *
 * @example
 * formatRows([{ workers: 1, ms: 812.25 }, { workers: 2, ms: 431.5 }]);
 * // workers     ms
 * // -------  -----
 * //       1  812.3
 * //       2  431.5
 */
export function formatRows(
  rows: readonly object[],
  options: { columns?: readonly string[]; digits?: number } = {},
): string {
  if (!Array.isArray(rows) || rows.length === 0) {
    throw new UsageError(
      `\`rows\` must be a non-empty array of records, got ${Array.isArray(rows) ? "[]" : describe(rows)}: pass at least one row`,
      "rows",
    );
  }
  const records = rows as readonly Record<string, unknown>[];
  const { columns = Object.keys(records[0]), digits = 4 } = options;
  const cell = (v: unknown) =>
    typeof v === "number"
      ? formatNumber(v, digits)
      : v === undefined || v === null
        ? ""
        : Array.isArray(v)
          ? v.join(", ")
          : String(v);
  const numeric = columns.map((c) => records.every((row) => typeof row[c] === "number" || row[c] === undefined));
  const body = records.map((row) => columns.map((c) => cell(row[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...body.map((line) => line[i].length)));
  const pad = (s: string, i: number) => (numeric[i] ? s.padStart(widths[i]) : s.padEnd(widths[i]));
  const lines = [columns.map(pad), widths.map((w) => "-".repeat(w)), ...body.map((line) => line.map(pad))];
  return lines.map((line) => line.join("  ").trimEnd()).join("\n");
}
