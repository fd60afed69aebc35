/**
 * Amdahl's law, S(p) = 1 / (s + (1 - s) / p): the part of a run that stays serial (pool start-up,
 * dispatch, collecting results) caps the speedup at 1 / s however many cores are added. This is
 * why the lecture's "10-20 cores: 10-20x" is a ceiling, not a forecast.
 */
import { UsageError } from "../core/errors.js";
import { assertInteger, assertNonEmptyArray, describe } from "../core/check.js";

/** Amdahl's law fitted to measured speedups. */
export interface AmdahlFit {
  /** Fitted serial fraction s in S(p) = 1 / (s + (1 - s) / p), 0 <= s <= 1. */
  serialFraction: number;
  /** Root-mean-square residual of the fitted speedups. */
  rmse: number;
}

function assertFraction(s: unknown): asserts s is number {
  if (typeof s !== "number" || !Number.isFinite(s) || s < 0 || s > 1) {
    throw new UsageError(
      `\`serialFraction\` must be a number from 0 to 1, got ${describe(s)}: pass the share of the run that cannot be parallelised, e.g. 0.1`,
      "serialFraction",
    );
  }
}

/**
 * Speedup on `p` workers when a fraction `serialFraction` of the sequential time stays serial.
 *
 * @example
 * amdahlSpeedup(0, 4);   // 4: perfect scaling
 * amdahlSpeedup(0.1, 4); // 3.0769...: 1 / (0.1 + 0.9 / 4)
 */
export function amdahlSpeedup(serialFraction: number, p: number): number {
  assertFraction(serialFraction);
  if (typeof p !== "number" || !Number.isFinite(p) || p <= 0) {
    throw new UsageError(
      `\`p\` must be a finite number of workers greater than 0, got ${describe(p)}: pass e.g. 4`,
      "p",
    );
  }
  return 1 / (serialFraction + (1 - serialFraction) / p);
}

/**
 * The speedup no number of workers can exceed: 1 / s (Infinity when s = 0).
 *
 * @example
 * amdahlLimit(0.1); // 10
 * amdahlLimit(0);   // Infinity
 */
export function amdahlLimit(serialFraction: number): number {
  assertFraction(serialFraction);
  return serialFraction === 0 ? Infinity : 1 / serialFraction;
}

/**
 * Least-squares serial fraction from measured speedups.
 *
 * Amdahl's law is linear in s after taking reciprocals: 1/S - 1/p = s (1 - 1/p), so y = s x with
 * y = 1/S - 1/p and x = 1 - 1/p, and s = sum(w x y) / sum(w x^2). The weights w = S^4 make each
 * residual stand for the residual in S itself (d(1/S) = -dS / S^2), so fast points are not
 * drowned out by slow ones. s is then clamped to [0, 1] (superlinear speedups give s < 0) and
 * `rmse` is the root-mean-square residual of the speedups S(p) the fitted s predicts.
 * A point with p = 1 has x = 0 and says nothing about s.
 *
 * @example
 * const points = [1, 2, 4, 8].map((p) => ({ workers: p, speedup: amdahlSpeedup(0.1, p) }));
 * fitAmdahl(points); // { serialFraction: 0.1, rmse: ~0 }
 */
export function fitAmdahl(points: readonly { workers: number; speedup: number }[]): AmdahlFit {
  assertNonEmptyArray(points, "points", "measure at least one worker count >= 2", "{ workers, speedup }");
  let sxy = 0;
  let sxx = 0;
  points.forEach(({ workers, speedup }, i) => {
    assertInteger(
      workers,
      `points[${i}].workers`,
      1,
      Infinity,
      "use the number of workers the speedup was measured with",
    );
    if (typeof speedup !== "number" || !Number.isFinite(speedup) || speedup <= 0) {
      throw new UsageError(
        `\`points[${i}].speedup\` must be a finite number greater than 0, got ${describe(speedup)}: pass sequential median / pooled median`,
        `points[${i}].speedup`,
      );
    }
    const x = 1 - 1 / workers;
    const y = 1 / speedup - 1 / workers;
    const w = speedup ** 4;
    sxy += w * x * y;
    sxx += w * x * x;
  });
  if (sxx === 0) {
    throw new UsageError(
      `\`points\` must include at least one point with workers >= 2, got only workers = 1: a single worker says nothing about the serial fraction, so measure on 2 or more`,
      "points",
    );
  }
  const serialFraction = Math.min(1, Math.max(0, sxy / sxx));
  let sq = 0;
  for (const { workers, speedup } of points) sq += (speedup - amdahlSpeedup(serialFraction, workers)) ** 2;
  return { serialFraction, rmse: Math.sqrt(sq / points.length) };
}

/** The measured point with the highest speedup (the first of equals): what a scaling run's best was. */
export function bestPoint<P extends { speedup: number }>(points: readonly P[]): P {
  return points.reduce((a, b) => (b.speedup > a.speedup ? b : a));
}
