/**
 * Sentences computed from a run, for the notebooks to print where fixed prose could contradict
 * what was measured (docs/style.md, item 17): the verdict of a pooled run, the load of the machine,
 * what an Amdahl fit and a chunksize experiment found. Each takes results and returns Markdown.
 */
import { amdahlLimit, amdahlSpeedup, bestPoint } from "../measure/amdahl.js";
import { fairSpeedup, speedupVerdict, wallBreakdown } from "../measure/analysis.js";
import { chunksizeSummary } from "../measure/predictions.js";
import type { FlipResult, Handing } from "../measure/experiments/flip.js";
import type { MeasuredParts, PredictionCheck, SpeedupPrediction, Spread } from "../measure/predict.js";
import { formatMs } from "../core/format.js";
import { machine } from "../core/machine.js";
import type { JobRecord } from "../core/types.js";
import type { ChunksizeResult, ScalingResult } from "../measure/experiments.js";
import { type Load, busyBanner } from "./busy.js";
import { type Workload, heavy, lecture, finalTime } from "../physics/workloads.js";

/**
 * A paragraph reading a pooled run against the same jobs run sequentially, with the numbers of
 * this run: the speedup, where the shortfall from the ideal went (largest part first), under a
 * banner when the machine was busy with other work (`busyBanner`). Notebooks print it instead of fixed prose,
 * so the words match what was measured.
 *
 * @example
 * tslab.display.markdown(poolReading(seq, pooled));
 */
export function poolReading(
  sequential: { jobs: readonly JobRecord[]; wallMs: number },
  pooled: { jobs: readonly JobRecord[]; wallMs: number; workers: number; machine?: Load },
  load: Load = pooled.machine ?? machine(),
): string {
  const b = wallBreakdown(sequential.jobs, pooled);
  // credited at most the pool's own job time, so never above the worker count (fairSpeedup)
  const speedup = fairSpeedup(sequential.wallMs, pooled).speedup;
  const W = b.workers;
  const verdict = `**${speedup.toFixed(2)}x** on ${W} worker${W === 1 ? "" : "s"}: ${speedupVerdict(speedup, W)}`;
  const losses: [string, number][] = [
    [`slower jobs, at ${b.busyRatio.toFixed(2)}x their time in the loop`, b.slowdownMs],
    ["start-up before each worker's first job", b.startupMs],
    ["gaps between jobs on a worker", b.gapsMs],
    ["the idle tail while workers waited for the last job", b.tailMs],
    ["the pool stopping", b.shutdownMs],
  ];
  const shown = losses.filter(([, ms]) => ms > 0.02 * b.wallMs).sort((a, c) => c[1] - a[1]);
  const where =
    shown.length === 0
      ? "Almost nothing was lost beyond the work itself."
      : `Of the ${formatMs(b.wallMs)} it took, ${formatMs(b.perfectMs)} is the sequential work split evenly; the rest went to ${shown
          .map(([what, ms]) => `${what} (${formatMs(ms)})`)
          .join("; ")}.`;
  const warning =
    b.busyRatio > 1.25
      ? " Jobs that take longer in a worker than in the loop point to cold code in fresh threads (for short jobs) or to cores shared with other work."
      : "";
  return `${busyBanner(load)}Against the loop's ${formatMs(sequential.wallMs)}: ${verdict}. ${where}${warning}`;
}

/**
 * What the Amdahl fit of a scaling run means, in words that follow its numbers: the serial
 * fraction and the ceiling it implies, or, when no worker count beat the loop, that there was no
 * parallel part to fit (the fit then returns s = 1, everything serial).
 *
 * @example
 * tslab.display.markdown(amdahlReading(await scaling({ workers: [1, 2] })));
 */
export function amdahlReading(result: ScalingResult): string {
  const { serialFraction: s, rmse } = result.amdahl;
  const best = bestPoint(result.points);
  if (!Number.isFinite(s)) return "Amdahl's law needs measurements on two or more workers; this run has none.";
  if (best.speedup <= 1) {
    return `No worker count beat the loop in this run (the best was ${best.speedup.toFixed(2)}x, on ${best.workers} worker${best.workers === 1 ? "" : "s"}), so there is no parallel part for Amdahl's law to find: the fit returns **s = ${s.toFixed(3)}**, everything serial, and its prediction is flat. That describes this run (jobs too short for the pool's fixed costs, or cores busy with other work), not the sweep.`;
  }
  if (s < 0.001) {
    return `Fitted serial fraction **s = ${s.toFixed(3)}**: the speedups match or beat the ideal p, so the fit finds no serial part and Amdahl's law sets no ceiling here; more cores are likely to show one.`;
  }
  return `Fitted serial fraction **s = ${s.toFixed(3)}** (root-mean-square error of the fitted speedups ${rmse.toFixed(3)}), so Amdahl's ceiling is 1/s = ${amdahlLimit(s).toFixed(1)}x: with this s, no number of workers would run this sweep faster than that.`;
}

/**
 * What a chunksize experiment found, in words that follow its numbers: which of dispatch overhead
 * and the idle tail weighed more, whether measurement and model agree on the best chunksize, and
 * a warning when the machine was busy while it ran.
 *
 * @example
 * tslab.display.markdown(chunksizeReading(await chunksizes({ workload: "heavy" })));
 */
export function chunksizeReading(result: ChunksizeResult & { startupMs: number }): string {
  const v = chunksizeSummary(result);
  const runs = result.points[0].wall.samplesMs.length;
  const balance =
    v.longestTail.tailMs >= v.mostOverhead.overheadMs
      ? `In the model, the idle tail (up to ${formatMs(v.longestTail.tailMs)}, at chunksize ${v.longestTail.chunksize}) outweighs the dispatches (at most ${formatMs(v.mostOverhead.overheadMs)} per worker, at chunksize ${v.mostOverhead.chunksize}): with jobs this long it favours small chunks.`
      : `In the model, the dispatches (up to ${formatMs(v.mostOverhead.overheadMs)} per worker, at chunksize ${v.mostOverhead.chunksize}) outweigh the idle tail (at most ${formatMs(v.longestTail.tailMs)}, at chunksize ${v.longestTail.chunksize}): with jobs this short it favours larger chunks.`;
  const agree =
    v.fastestMeasured === v.fastestModel
      ? `Measurement and model agree: chunksize ${v.fastestMeasured} was fastest.`
      : `Measurement and model disagree on the best chunksize (measured ${v.fastestMeasured}, model ${v.fastestModel}); the largest gap between them is ${(100 * v.maxMiss).toFixed(0)}% of a measurement, so look at noise first (${runs} run${runs === 1 ? "" : "s"} per point) and then at the model's assumption that a job costs the same whatever else runs.`;
  const handOver = `One hand-over costs **${formatMs(result.overheadMs)}** here (the median idle gap on a worker between two chunks).`;
  return `${busyBanner(result.machine)}${handOver} ${balance} ${agree}${floorNote(result)}`;
}

/**
 * Explains measurements below the floor (total job time / workers, the grey line of the chunksize
 * figure), which no schedule can beat with the job costs the floor is computed from; empty when
 * every measurement lies above it.
 *
 * @example
 * floorNote(chunks); // " At chunksize 20 the measured 1.21 s lies below the floor of 1.30 s ..."
 */
export function floorNote(result: ChunksizeResult): string {
  const floorMs = result.jobMs.reduce((a, b) => a + b, 0) / result.workers;
  const below = result.points.filter((p) => p.wall.medianMs < floorMs);
  if (below.length === 0) return "";
  const listed = below.map((p) => `chunksize ${p.chunksize} (${formatMs(p.wall.medianMs)})`);
  const which = listed.length === 1 ? listed[0] : `${listed.slice(0, -1).join(", ")} and ${listed.at(-1)}`;
  return ` At ${which} the measurement lies **below the floor** of ${formatMs(floorMs)}, the wall time of a perfect split at no cost. No schedule beats the floor with the job costs it is computed from, so in ${below.length === 1 ? "that run" : "those runs"} the jobs ran faster than those costs: they are each job's median over every run, and a job's cost moves with what else runs on the machine (the other workers, other programs). The model assumes fixed costs too, so it cannot follow such a run.`;
}

/**
 * What the speedup figure with `predictTo` drew beyond the measured workers, in words: the dashed
 * Amdahl prediction and its value at `predictTo`, or why there is none (no worker count beat the
 * loop, so there is no parallel part to extend).
 *
 * @example
 * predictionNote(scale, 20); // "The dashed curve right of 2 workers is Amdahl's S(p) with s = 0.12: ..."
 */
export function predictionNote(result: ScalingResult, predictTo: number): string {
  const s = result.amdahl.serialFraction;
  const measuredMax = Math.max(...result.points.map((p) => p.workers));
  const best = bestPoint(result.points);
  if (!Number.isFinite(s) || best.speedup <= 1) {
    return `The figure draws **no prediction**: no worker count beat the loop in this run (best ${best.speedup.toFixed(2)}x), so there is no parallel part for Amdahl's law to extend to ${predictTo} workers. Only the ideal line goes on; rerun on a quiet machine, or with longer jobs, to get a fit.`;
  }
  if (predictTo <= measuredMax) return `All ${measuredMax} worker counts were measured: nothing is predicted.`;
  return `The dashed curve right of ${measuredMax} worker${measuredMax === 1 ? "" : "s"} is Amdahl's S(p) with the fitted s = ${s.toFixed(3)}, a prediction resting on a fit to ${measuredMax} point${measuredMax === 1 ? "" : "s"}: it reaches ${amdahlSpeedup(s, predictTo).toFixed(1)}x at ${predictTo} workers, against the ideal ${predictTo}x, which leaves the plot where the axis is cut.`;
}

/**
 * How the heavy workload differs from the lecture's, in numbers taken from the two workloads:
 * atoms, t_final (which divides by nz, so it does not follow tScale alone) and the work per
 * right-hand-side evaluation.
 *
 * @example
 * workloadComparison(); // "`heavy` has 2x the atoms (nz = 200) and evolves 50x as long (t_final 0.5 ..."
 */
export function workloadComparison(
  base: Readonly<Workload> = lecture,
  other: Readonly<Workload> = heavy,
  names: readonly [string, string] = ["lecture", "heavy"],
): string {
  const x = (a: number, b: number) => `${Number((a / b).toPrecision(3))}x`;
  return `\`${names[1]}\` has ${x(other.nz, base.nz)} the atoms (nz = ${other.nz} against ${base.nz}) and evolves ${x(finalTime(other), finalTime(base))} as long (t_final = ${Number(finalTime(other).toPrecision(3))} against ${Number(finalTime(base).toPrecision(3))}): its \`tScale\` is ${x(other.tScale, base.tScale)} the ${names[0]}'s, but t_final = tScale · 10 / (nz · g1d) also divides by nz. Each right-hand-side evaluation costs ${x(other.nz ** 2, base.nz ** 2)} as many multiply-adds (4N²).`;
}

const range = (s: Spread, unit = " ms", digits = 0) => `${s.low.toFixed(digits)}–${s.high.toFixed(digits)}${unit}`;

/**
 * The parts a prediction was built from and how its ranges met the measured widths, in numbers
 * of this run: the start-up and warm-up of a pool of 1, the round trip per chunk, the machine's
 * share with its cores busy, then each measured width against its predicted range.
 *
 * @example
 * tslab.display.markdown(partsReading(parts, lab.checkPredictions(parts, scale.points, 2)));
 */
export function partsReading(parts: MeasuredParts & { tookMs?: number }, checks: readonly PredictionCheck[]): string {
  const share = parts.contention.at(-1);
  const measured = [
    `a pool of 1 started its first job after ${range(parts.startupMs)}`,
    `its fresh worker spent ${range(parts.warmupMs)} more on the jobs than the warm loop`,
    `each chunk waited ${range(parts.dispatchMs, " ms", 1)} for its round trip through the main thread`,
    share
      ? `with ${share.k} workers at once each ran its jobs at ${range(share.slowdown, "x", 2)} its time alone (the machine's own share)`
      : "a single core: no share of busy cores to measure",
  ];
  const lines = checks.map(
    (c) =>
      `${c.workers} worker${c.workers === 1 ? "" : "s"}: predicted **${range(c.predicted, "x", 2)}**, measured **${c.measured.toFixed(2)}x**, ${c.covered ? "inside the range" : c.measured < c.predicted.low ? "below the range" : "above the range"}`,
  );
  const missed = checks.filter((c) => !c.covered).length;
  const took = parts.tookMs === undefined ? "" : ` in ${(parts.tookMs / 1000).toFixed(1)} s`;
  return (
    `Measured here${took}: ${measured.join("; ")}. From these parts alone, every width this run measured:\n\n` +
    lines.map((l) => `- ${l}`).join("\n") +
    (missed === 0
      ? "\n\nEvery measured width fell inside its predicted range."
      : `\n\n${missed} of ${checks.length} fell outside. The parts were measured after the scaling run: where other programs' load changed in between, it moved one and not the other; on a quiet machine, a width outside its range points to a cost the parts leave out.`)
  );
}

/** One row per prediction: the worker count and its predicted speedup and wall time, low to high. */
export function predictionRows(predictions: readonly SpeedupPrediction[]): Record<string, string | number>[] {
  return predictions.map((p) => ({
    workers: p.workers,
    chunksize: p.chunksize,
    "speedup low": Number(p.speedup.low.toFixed(2)),
    "speedup high": Number(p.speedup.high.toFixed(2)),
    "wall (ms)": range(p.wallMs, ""),
  }));
}

/**
 * What the chunksize flip experiment found, both ways of handing out chunks: for each, the
 * smallest chunksize's time against the fastest one's, and whether larger chunks won (the flip).
 *
 * @example
 * tslab.display.markdown(flipReading(await lab.chunksizeFlip()));
 */
export function flipReading(result: FlipResult): string {
  const way = (handing: Handing) => {
    const points = result.points.filter((p) => p.handing === handing);
    const smallest = points.reduce((a, b) => (b.chunksize < a.chunksize ? b : a));
    const best = points.reduce((a, b) => (b.wall.medianMs < a.wall.medianMs ? b : a));
    return { smallest, best, ratio: smallest.wall.medianMs / best.wall.medianMs };
  };
  const one = way("one at a time");
  const queued = way("queued ahead");
  const work = formatMs(result.jobs * result.jobMs);
  const said = (w: ReturnType<typeof way>) =>
    w.best.chunksize === w.smallest.chunksize
      ? `chunksize ${w.smallest.chunksize} was the fastest (${formatMs(w.best.wall.medianMs)}): no flip in this run`
      : `chunksize ${w.smallest.chunksize} took **${formatMs(w.smallest.wall.medianMs)}** and chunksize ${w.best.chunksize} **${formatMs(w.best.wall.medianMs)}**, ${w.ratio.toFixed(1)}x faster`;
  return (
    `${result.jobs} jobs of ${formatMs(result.jobMs)} each (${work} of work in all) on an open pool of ${result.workers}, medians of ${result.points[0].wall.samplesMs.length} runs. ` +
    `Handing out one chunk at a time, as Python's Pool does: ${said(one)}${one.best.chunksize !== one.smallest.chunksize ? ": the flip, larger chunks win once a job costs less than its hand-over" : ""}. ` +
    `With the kit's default, which queues chunks ahead on a worker running tiny jobs: ${said(queued)}; ` +
    (queued.best.chunksize === queued.smallest.chunksize
      ? "the queue hides the round trips, so small chunks lose nothing to them."
      : queued.ratio < one.ratio
        ? "the queue hides most of the round trips at small chunksizes, so the flip is smaller there."
        : "here the queue did not narrow the gap.")
  );
}
