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
