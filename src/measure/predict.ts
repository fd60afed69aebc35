/**
 * A speedup prediction built from parts measured on this machine, each with its own spread, instead
 * of one fitted number: a worker's start-up, a fresh worker's warm-up, the round trip of each chunk
 * through the main thread, the job costs run through the dispatch rule (its tail included), what
 * stopping the pool takes, and the machine's own share when k workers run at once. Pure: measured
 * parts in, a range out. `measureParts` (experiments/parts.ts) measures them.
 */
import { UsageError } from "../core/errors.js";
import { assertInteger, assertPermutation, describe } from "../core/check.js";
import { predictMakespan } from "./makespan.js";

/** A measured quantity's spread over repeats: the least and the most it took. */
export interface Spread {
  low: number;
  high: number;
}

/** The machine's own share: k workers at once, each running the same work, per-job time / alone. */
export interface Contention {
  /** Workers running at once. */
  k: number;
  slowdown: Spread;
}

/** What `predictSpeedup` builds on, every time in ms and measured on one machine. */
export interface MeasuredParts {
  /** Each job's cost in the warmed sequential loop, in job order. */
  jobMs: readonly number[];
  /**
   * Wall time of the whole sequential sweep, what a speedup is taken against: the loop in the
   * state of the cold pool predicted, the first sweep of a fresh process (as `scaling` measures it).
   */
  sequentialMs: Spread;
  /** A cold pool of 1: from the call until its worker starts its first job. */
  startupMs: Spread;
  /** A fresh worker's extra time over its jobs against the warm loop (compiling, first touches). */
  warmupMs: Spread;
  /** A worker's wait between two chunks: the round trip through the main thread. */
  dispatchMs: Spread;
  /** From the last job's end until the call returns (the workers stopped). */
  stopMs: Spread;
  /** One entry per k measured (1 is 1x by definition and may be left out). */
  contention: readonly Contention[];
  /** The cores the kit believes in (kitCores): more workers than this share cores by turns. */
  cores: number;
}

export interface PredictOptions {
  workers: number;
  /** Jobs per dispatch. */
  chunksize: number;
  /** Dispatch order, a permutation of the job indices. @default job order */
  order?: readonly number[];
}

/** The predicted wall time and speedup for one worker count, with what it assumed. */
export interface SpeedupPrediction {
  workers: number;
  chunksize: number;
  /** Wall time: `low` with every part at its least, `high` at its most. */
  wallMs: Spread;
  /**
   * Sequential / pooled wall time, the loop's time credited at most as the pool's own job time
   * (as `fairSpeedup` does), so at most `workers`: `low` the quickest loop over the slowest pool,
   * `high` the reverse.
   */
  speedup: Spread;
  /** The contention entry used, and how many workers share each core (1 without oversubscription). */
  slowdown: Spread;
  perCore: number;
  /** One sentence per assumption the range rests on. */
  assumptions: string[];
}

/** The slowdown for k workers at once: the measured entry with the largest k not above it (1x for k = 1). */
export function slowdownAt(contention: readonly Contention[], k: number): { k: number; slowdown: Spread } {
  const below = contention.filter((c) => c.k <= k).sort((a, b) => b.k - a.k)[0];
  return below ?? { k: 1, slowdown: { low: 1, high: 1 } };
}

function checkSpread(value: unknown, name: string): asserts value is Spread {
  const s = value as Spread | null;
  const ok =
    typeof s === "object" &&
    s !== null &&
    [s.low, s.high].every((x) => typeof x === "number" && Number.isFinite(x) && x >= 0) &&
    s.low <= s.high;
  if (!ok) {
    throw new UsageError(
      `\`parts.${name}\` must be { low, high } with 0 <= low <= high, got ${describe(value)}: pass what measureParts(...) returns`,
      `parts.${name}`,
    );
  }
}

function checkParts(parts: MeasuredParts): void {
  if (typeof parts !== "object" || parts === null || !Array.isArray(parts.jobMs) || parts.jobMs.length === 0) {
    throw new UsageError(
      `\`parts\` must be what measureParts(...) returns (jobMs, sequentialMs, startupMs, ...), got ${describe(parts)}`,
      "parts",
    );
  }
  for (const name of ["sequentialMs", "startupMs", "warmupMs", "dispatchMs", "stopMs"] as const)
    checkSpread(parts[name], name);
  if (!Array.isArray(parts.contention)) {
    throw new UsageError(`\`parts.contention\` must be an array of { k, slowdown }, got ${describe(parts.contention)}`);
  }
  parts.contention.forEach((c, i) => {
    assertInteger(c?.k, `parts.contention[${i}].k`, 1);
    checkSpread(c.slowdown, `contention[${i}].slowdown`);
  });
  assertInteger(parts.cores, "parts.cores", 1);
}

/**
 * Predicts the wall time and speedup of a cold pool of `workers` (started and stopped inside the
 * call, as `runSweep` does) from measured parts. Each worker is ready after the start-up (longer
 * by turns when workers outnumber cores), pays a fresh worker's warm-up before its first chunk,
 * runs its jobs at their loop cost times the machine's share for that many workers at once (and
 * times workers per core when they outnumber the cores), and waits one round trip per chunk;
 * chunks go in the given order to the first free worker (`predictMakespan`), so the schedule's
 * tail is the simulated one. The main thread hands out one chunk at a time, so the wall time is
 * at least the start-up plus one round trip per chunk. `low` takes every part at its least, `high`
 * at its most; the speedup's range sets the loop's least time over the slow wall, its most over the fast one.
 *
 * @example
 * const parts = { jobMs: Array(20).fill(10), sequentialMs: { low: 200, high: 200 }, startupMs: { low: 0, high: 0 },
 *   warmupMs: { low: 0, high: 0 }, dispatchMs: { low: 0, high: 0 }, stopMs: { low: 0, high: 0 }, contention: [], cores: 4 };
 * predictSpeedup(parts, { workers: 4, chunksize: 5 }).speedup; // { low: 4, high: 4 }
 */
export function predictSpeedup(parts: MeasuredParts, options: PredictOptions): SpeedupPrediction {
  checkParts(parts);
  const { workers, chunksize } = options;
  const jobs = parts.jobMs.length;
  assertInteger(workers, "workers", 1, Infinity, "ask about at least 1 worker");
  assertInteger(chunksize, "chunksize", 1, jobs, `pick a chunksize from 1 to the ${jobs} jobs`);
  if (options.order !== undefined)
    assertPermutation(options.order, "order", jobs, "use largestFirst(jobMs) or leave it out");
  const k = Math.min(workers, parts.cores);
  const share = slowdownAt(parts.contention, k);
  const perCore = Math.max(1, workers / parts.cores);
  const chunks = Math.ceil(jobs / chunksize);
  const factorAt = (bound: "low" | "high") => share.slowdown[bound] * perCore;
  // the pool's own job time: every job at its loop cost times the share, and each worker's warm-up
  const busyAt = (bound: "low" | "high") =>
    factorAt(bound) * (parts.jobMs.reduce((a, b) => a + b, 0) + workers * parts.warmupMs[bound]);
  const wallAt = (bound: "low" | "high") => {
    const factor = factorAt(bound);
    const ready = parts.startupMs[bound] * perCore + parts.warmupMs[bound] * factor;
    const sim = predictMakespan({
      jobMs: parts.jobMs.map((ms) => ms * factor),
      workers,
      chunksize,
      order: options.order,
      overheadMs: parts.dispatchMs[bound],
      startupMs: ready,
    }).makespanMs;
    const mainThread = parts.startupMs[bound] + chunks * parts.dispatchMs[bound];
    return Math.max(sim, mainThread) + parts.stopMs[bound];
  };
  const wallMs = { low: wallAt("low"), high: wallAt("high") };
  const seq = parts.sequentialMs;
  const high = Math.min(seq.high, busyAt("low"), workers * wallMs.low) / wallMs.low;
  const low = Math.min(seq.low, busyAt("high"), workers * wallMs.high) / wallMs.high;
  return {
    workers,
    chunksize,
    wallMs,
    speedup: { low: Math.min(low, high), high },
    slowdown: share.slowdown,
    perCore,
    assumptions: assumptions(parts, workers, k, share.k, perCore),
  };
}

function assumptions(parts: MeasuredParts, workers: number, k: number, measuredK: number, perCore: number): string[] {
  const lines = [
    "the loop is the first sweep of a fresh process, cold as the pool's new workers are; it is credited at most the pool's own job time",
    `each of the ${workers} worker(s) starts as a pool of 1 did here and pays a fresh worker's warm-up once`,
    `jobs cost what they cost in the warm loop, times the machine's share with ${measuredK} at once (measured)`,
    "chunks go in the given order to the first free worker, one round trip each through the main thread",
  ];
  if (measuredK < k)
    lines.push(`${k} workers at once were not measured here: the share of ${measuredK} stands in (optimistic)`);
  if (perCore > 1)
    lines.push(
      `${workers} workers on ${parts.cores} cores take turns: ${perCore.toFixed(1)} per core, no gain from more`,
    );
  return lines;
}

/** A prediction set beside a measurement: did the range hold it? */
export interface PredictionCheck {
  workers: number;
  measured: number;
  predicted: Spread;
  covered: boolean;
}

/**
 * Predicts every measured width from the parts and says which measured speedups fell inside
 * their range (e.g. the parts measured with a pool of 1 against a measured pool of 2).
 *
 * @example
 * checkPredictions(parts, [{ workers: 2, speedup: 1.7 }], 1)[0].covered; // true if 1.7 is in the range
 */
export function checkPredictions(
  parts: MeasuredParts,
  measured: readonly { workers: number; speedup: number }[],
  chunksize: number,
  order?: readonly number[],
): PredictionCheck[] {
  return measured.map(({ workers, speedup }) => {
    const predicted = predictSpeedup(parts, { workers, chunksize, order }).speedup;
    return { workers, measured: speedup, predicted, covered: predicted.low <= speedup && speedup <= predicted.high };
  });
}

/**
 * A node with `workers` cores, each as fast as one here, running a pool of `workers`: the parts
 * measured here with that many cores believed in. Its share with all of them busy was measured
 * only for as many as this machine has, so that one stands in (an optimistic assumption, listed).
 *
 * @example
 * nodePrediction(parts, 20, 2).speedup; // a 20-core node, the lecture's chunksize
 */
export function nodePrediction(
  parts: MeasuredParts,
  workers: number,
  chunksize: number,
  order?: readonly number[],
): SpeedupPrediction {
  assertInteger(workers, "workers", 1, Infinity, "ask about a node of at least 1 core");
  return predictSpeedup({ ...parts, cores: Math.max(parts.cores, workers) }, { workers, chunksize, order });
}
