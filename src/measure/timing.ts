/**
 * Measuring, not asserting (docs/style.md, item 7): a `%timeit`-like helper that keeps every sample,
 * summarises them by median / min / max, and records the machine beside the numbers.
 *
 * The median is the headline because a few slow repeats (GC, another process, a cold cache) move
 * the mean but not the median; min and max show the spread.
 */
import * as fs from "node:fs";
import { performance } from "node:perf_hooks";
import { machine } from "../core/machine.js";
import { type OptionKeys, assertInteger, checkOptions, describe } from "../core/check.js";
import { UsageError } from "../core/errors.js";
import { unitFor } from "../core/format.js";
import type { Machine, TimingStats } from "../core/types.js";

/** What `timeit` returns: the stats, how they were taken, where, and the last run's value. */
export interface TimingResult<T = unknown> extends TimingStats {
  label: string;
  repeats: number;
  warmup: number;
  machine: Machine;
  /** The value returned (awaited) by the last timed run, so timing a sweep does not lose its result. */
  last: T;
}

export interface TimeitOptions {
  /** Timed runs, each kept as one sample. @default 5 */
  repeats?: number;
  /** Untimed runs first (JIT compilation, worker spawn, caches). @default 1 */
  warmup?: number;
  /** Name shown beside the numbers. @default the function's name, or "fn" */
  label?: string;
}

const timeitOptionKeys = { repeats: true, warmup: true, label: true } as const satisfies OptionKeys<TimeitOptions>;

/**
 * Median, min and max of timing samples (ms); every sample is kept, in the order given.
 * The median of an even count is the mean of the two middle samples.
 *
 * @example
 * stats([3, 1, 2]).medianMs;    // 2
 * stats([4, 1, 3, 2]).medianMs; // 2.5
 */
export function stats(samplesMs: readonly number[]): TimingStats {
  if (!Array.isArray(samplesMs) || samplesMs.length === 0) {
    const got = Array.isArray(samplesMs) ? "[]" : describe(samplesMs);
    throw new UsageError(
      `\`samplesMs\` must hold at least one finite number, got ${got}: time at least one repeat`,
      "samplesMs",
    );
  }
  const bad = samplesMs.findIndex((x) => typeof x !== "number" || !Number.isFinite(x));
  if (bad >= 0) {
    throw new UsageError(
      `\`samplesMs\` must hold only finite numbers, got ${describe(samplesMs[bad])} at index ${bad}: drop failed or unfinished runs before summarising`,
      "samplesMs",
    );
  }
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const medianMs = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { samplesMs: [...samplesMs], medianMs, minMs: sorted[0], maxMs: sorted[sorted.length - 1] };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === "object" || typeof value === "function") &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

/**
 * Times `fn` like IPython's `%timeit`: `warmup` untimed runs, then `repeats` timed runs, one
 * sample each (ms, `performance.now()`). An async `fn` is awaited inside its sample; a sync one is
 * not, so no microtask is added to its time. Runs are sequential, never overlapping.
 *
 * @example
 * const t = await timeit(() => solveSystemProp(omega, params), { repeats: 5, label: "one solve" });
 * formatStats(t); // e.g. "median 3.12 ms (min 3.05, max 3.40, 5 runs)"
 * t.last;          // the solution of the last run
 */
export async function timeit<T>(
  fn: () => T | Promise<T>,
  options: TimeitOptions = {},
): Promise<TimingResult<Awaited<T>>> {
  if (typeof fn !== "function") {
    throw new UsageError(`\`fn\` must be a function to time, got ${describe(fn)}: wrap the work in () => ...`, "fn");
  }
  checkOptions(options, timeitOptionKeys, "timeit");
  const { repeats = 5, warmup = 1, label = fn.name || "fn" } = options;
  assertInteger(repeats, "repeats", 1, Infinity, "time at least one run, e.g. `repeats: 5`");
  assertInteger(warmup, "warmup", 0, Infinity, "use 0 to skip the warm-up, or a small count such as 1");
  if (typeof label !== "string") {
    throw new UsageError(
      `\`label\` must be a string, got ${describe(label)}: name what is timed, e.g. "sequential sweep"`,
      "label",
    );
  }

  for (let i = 0; i < warmup; i++) {
    const value = fn();
    if (isThenable(value)) await value;
  }
  const samplesMs: number[] = [];
  let last!: Awaited<T>;
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    const value = fn();
    last = (isThenable(value) ? await value : value) as Awaited<T>;
    samplesMs.push(performance.now() - t0);
  }
  return { label, ...stats(samplesMs), repeats, warmup, machine: machine(), last };
}

/**
 * One line for a notebook or a log; min and max share the median's unit and decimals (the unit
 * `formatMs` would choose for the median).
 *
 * @example
 * formatStats(stats([12.3, 11.9, 14.0, 12.5, 12.1])); // "median 12.3 ms (min 11.9, max 14.0, 5 runs)"
 * formatStats(stats([0.5]));                          // "median 500 µs (min 500, max 500, 1 run)"
 */
export function formatStats(s: TimingStats): string {
  const { scale, unit } = unitFor(s.medianMs);
  const median = s.medianMs * scale;
  const digits = median >= 100 ? 0 : median >= 10 ? 1 : 2;
  const f = (ms: number) => (ms * scale).toFixed(digits);
  const n = s.samplesMs.length;
  return `median ${f(s.medianMs)} ${unit} (min ${f(s.minMs)}, max ${f(s.maxMs)}, ${n} run${n === 1 ? "" : "s"})`;
}

/**
 * a.median / b.median: a speedup when `a` is the sequential time and `b` the pooled one.
 * Ratios within one run: compare only timings taken in the same process on the same machine,
 * since clock speed, load and Node version all move absolute times between runs.
 *
 * @example
 * ratio(await timeit(sequential), await timeit(pooled)); // e.g. 1.8 on 2 cores
 */
export function ratio(a: TimingStats, b: TimingStats): number {
  if (!(b.medianMs > 0) || !Number.isFinite(b.medianMs)) {
    throw new UsageError(
      `\`b.medianMs\` must be a finite number greater than 0 to divide by, got ${describe(b.medianMs)}: time more work per sample so it is not 0`,
      "b",
    );
  }
  return a.medianMs / b.medianMs;
}

/**
 * CPU time (ms) the calling thread itself has used so far, other threads (workers, V8's compiler
 * and garbage collector) left out, unlike `process.cpuUsage()`, which sums every thread of the
 * process. Read on Linux from /proc/self/task/<thread id>/schedstat (nanoseconds on a CPU), or
 * its stat file's utime + stime (clock ticks, 10 ms apart) without schedstat; undefined elsewhere.
 * The main thread's id is the process id.
 *
 * @example
 * const t0 = threadCpuMs(); await work(); const used = threadCpuMs()! - t0!;
 */
export function threadCpuMs(tid: number = process.pid): number | undefined {
  if (process.platform !== "linux") return undefined;
  try {
    const ns = Number(fs.readFileSync(`/proc/self/task/${tid}/schedstat`, "utf8").split(" ")[0]);
    if (Number.isFinite(ns)) return ns / 1e6;
  } catch {
    // no schedstat (a kernel without scheduler statistics): fall back to stat
  }
  try {
    const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
    // the fields after the command name, which is in parentheses and may hold spaces
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime are fields 14 and 15 of the file, 11 and 12 after the name; 100 ticks a second on Linux
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}
