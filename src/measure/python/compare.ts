/** The Python original's observables against the kit's, and the ratios taken only when they agree. */
import { describe } from "../../core/check.js";
import { UsageError } from "../../core/errors.js";
import type { SummaryRow, TimingStats } from "../../core/types.js";
import type { PythonReport } from "./report.js";

/** How closely the Python original's observables match the kit's, row by row (same r list). */
export interface ObservableComparison {
  /** Largest |python - kit| over every row and both observables (Infinity where one is NaN). */
  maxDiff: number;
  /** Where it is: the row, its r and the observable (undefined for empty lists). */
  worst?: { index: number; r: number; field: "sz_mean" | "s2_abs"; python: number; kit: number };
  tolerance: number;
  /** maxDiff <= tolerance. */
  agree: boolean;
  rows: number;
}

/**
 * Compares two summaries `r, sz_mean, s2_abs` of the same sweep (the r values must be equal, in the
 * same order) and reports the largest difference; a bench checks `agree` before it prints ratios.
 * @example
 * const kit = await runSweep("lecture", { sequential: true });
 * compareObservables(run.report.rows, kit.rows).maxDiff; // ~5e-8 at the lecture's tolerances
 */
export function compareObservables(
  python: readonly SummaryRow[],
  kit: readonly SummaryRow[],
  tolerance = 1e-6,
): ObservableComparison {
  if (!Array.isArray(python) || !Array.isArray(kit) || python.length !== kit.length) {
    throw new UsageError(
      `the two summaries must hold one row per r each, got ${describe(python)} (Python) and ${describe(kit)} (sweeplab): run both on the same workload`,
      "rows",
    );
  }
  if (!(tolerance >= 0) || !Number.isFinite(tolerance)) {
    throw new UsageError(
      `\`tolerance\` must be a finite number >= 0, got ${describe(tolerance)}: e.g. 1e-6`,
      "tolerance",
    );
  }
  let maxDiff = 0;
  let worst: ObservableComparison["worst"];
  kit.forEach((row, index) => {
    if (python[index].r !== row.r) {
      throw new UsageError(
        `row ${index} has r = ${python[index].r} in Python but r = ${row.r} in sweeplab: the summaries are of different sweeps; run both on the same workload`,
        "rows",
      );
    }
    for (const field of ["sz_mean", "s2_abs"] as const) {
      const diff = Math.abs(python[index][field] - row[field]);
      const d = Number.isNaN(diff) ? Infinity : diff;
      if (worst === undefined || d > maxDiff) {
        maxDiff = d;
        worst = { index, r: row.r, field, python: python[index][field], kit: row[field] };
      }
    }
  });
  return { maxDiff, worst, tolerance, agree: maxDiff <= tolerance, rows: kit.length };
}

/** The kit's side of a comparison: its rows and its timings, measured in the same run as the Python. */
export interface KitTimings {
  rows: readonly SummaryRow[];
  sequential: TimingStats;
  pooled?: TimingStats;
}

/** Side by side: the observables checked first; ratios only when they agree. */
export interface SideBySide {
  observables: ObservableComparison;
  /** sweeplab median / Python median (below 1: sweeplab is faster); null when the observables disagree. */
  ratios: { sequential: number; pooled: number | null } | null;
  /** Why there are no ratios, or which pooled ratio is missing. */
  note?: string;
}

/**
 * The TypeScript/Python ratios of the sequential and the pooled sweep, after checking that the two
 * agree on every observable to `tolerance` (1e-6: both solve to rtol 1e-7).
 * @example
 * sideBySide({ rows, sequential, pooled }, run.report).ratios?.sequential; // e.g. 2.9: sweeplab 2.9x slower
 */
export function sideBySide(kit: KitTimings, python: PythonReport, tolerance = 1e-6): SideBySide {
  const observables = compareObservables(python.rows, kit.rows, tolerance);
  if (!observables.agree) {
    const w = observables.worst;
    return {
      observables,
      ratios: null,
      note: `no ratios: the observables differ by ${observables.maxDiff.toPrecision(3)} (${w?.field} at r = ${w?.r}), more than ${tolerance}; the two do not compute the same thing`,
    };
  }
  const pooled = kit.pooled && python.pooled ? kit.pooled.medianMs / python.pooled.medianMs : null;
  return {
    observables,
    ratios: { sequential: kit.sequential.medianMs / python.sequential.medianMs, pooled },
    ...(pooled === null ? { note: "no pooled ratio: only one side ran a pool" } : {}),
  };
}
