/**
 * Sentences computed from a run, for the notebooks to print where fixed prose could contradict
 * what was measured (STYLE.md, item 17): the verdict of a pooled run, the load of the machine,
 * what an Amdahl fit and a chunksize experiment found. Each takes results and returns Markdown.
 */
import { amdahlLimit, bestPoint } from "../measure/amdahl.js";
import { wallBreakdown } from "../measure/analysis.js";
import { chunksizeSummary } from "../measure/predictions.js";
import { formatMs } from "../core/format.js";
import { machine } from "../core/machine.js";
import type { ChunksizeResult, JobRecord, Machine, ScalingResult } from "../core/types.js";

/**
 * A paragraph reading a pooled run against the same jobs run sequentially, with the numbers of
 * this run: the speedup, where the shortfall from the ideal went (largest part first), and a
 * warning when the machine was busy with other work. Notebooks print it instead of fixed prose,
 * so the words match what was measured.
 *
 * @example
 * tslab.display.markdown(poolReading(seq, pooled));
 */
export function poolReading(
  sequential: { jobs: readonly JobRecord[]; wallMs: number },
  pooled: { jobs: readonly JobRecord[]; wallMs: number; workers: number },
  load: Pick<Machine, "loadAverage" | "cores"> = machine(),
): string {
  const b = wallBreakdown(sequential.jobs, pooled);
  const speedup = sequential.wallMs / pooled.wallMs;
  const W = b.workers;
  const verdict =
    speedup < 1
      ? `the pool **lost**: ${speedup.toFixed(2)}x, slower than the plain loop`
      : speedup >= 0.9 * W
        ? `**${speedup.toFixed(2)}x**, close to the ideal ${W}x of ${W} worker${W === 1 ? "" : "s"}`
        : `**${speedup.toFixed(2)}x**, short of the ideal ${W}x of ${W} worker${W === 1 ? "" : "s"}`;
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
    load.loadAverage > load.cores
      ? ` ${loadSentence(load)}`
      : b.busyRatio > 1.25
        ? " Jobs that take longer in a worker than in the loop point to cold code in fresh threads (for short jobs) or to cores shared with other work."
        : "";
  return `Against the loop's ${formatMs(sequential.wallMs)}: ${verdict}. ${where}${warning}`;
}

/**
 * One sentence on how busy this machine is, from its 1-minute load average: above one runnable
 * program per core, other work competes with the workers and every timing is slower and noisier.
 *
 * @example
 * loadSentence({ loadAverage: 0.3, cores: 2 }); // "The load average is 0.3 on 2 cores: ..."
 */
export function loadSentence(load: Pick<Machine, "loadAverage" | "cores"> = machine()): string {
  const { loadAverage, cores } = load;
  if (loadAverage > cores) {
    return `**This machine is busy**: its load average is ${loadAverage.toFixed(1)} on ${cores} cores, so other programs took CPU time from the workers and these timings are slower and noisier than on a quiet machine; rerun when it is quieter.`;
  }
  return `The load average is ${loadAverage.toFixed(1)} on ${cores} cores: ${loadAverage > cores / 2 ? "some other work is running, so expect some noise in the timings" : "the cores are free for these measurements"}.`;
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
  const busy = result.machine.loadAverage > result.machine.cores ? ` ${loadSentence(result.machine)}` : "";
  if (best.speedup <= 1) {
    return `No worker count beat the loop in this run (the best was ${best.speedup.toFixed(2)}x, on ${best.workers} worker${best.workers === 1 ? "" : "s"}), so there is no parallel part for Amdahl's law to find: the fit returns **s = ${s.toFixed(3)}**, everything serial, and its prediction is flat. That describes this run (jobs too short for the pool's fixed costs, or cores busy with other work), not the sweep.${busy}`;
  }
  if (s < 0.001) {
    return `Fitted serial fraction **s = ${s.toFixed(3)}**: the speedups match or beat the ideal p, so the fit finds no serial part and Amdahl's law sets no ceiling here; more cores are likely to show one.${busy}`;
  }
  return `Fitted serial fraction **s = ${s.toFixed(3)}** (root-mean-square error of the fitted speedups ${rmse.toFixed(3)}), so Amdahl's ceiling is **1/s = ${amdahlLimit(s).toFixed(1)}x**: with this s, no number of workers would run this sweep faster than that.${busy}`;
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
      ? `The idle tail (up to ${formatMs(v.longestTail.tailMs)}, at chunksize ${v.longestTail.chunksize}) outweighs the dispatches (at most ${formatMs(v.mostOverhead.overheadMs)} per worker, at chunksize ${v.mostOverhead.chunksize}): with jobs this long, small chunks should win.`
      : `The dispatches (up to ${formatMs(v.mostOverhead.overheadMs)} per worker, at chunksize ${v.mostOverhead.chunksize}) outweigh the idle tail (at most ${formatMs(v.longestTail.tailMs)}, at chunksize ${v.longestTail.chunksize}): with jobs this short, larger chunks should win.`;
  const agree =
    v.fastestMeasured === v.fastestModel
      ? `Measurement and model agree: chunksize ${v.fastestMeasured} was fastest.`
      : `Measurement and model disagree on the best chunksize (measured ${v.fastestMeasured}, model ${v.fastestModel}); the largest gap between them is ${(100 * v.maxMiss).toFixed(0)}% of a measurement, so look at noise first (${runs} run${runs === 1 ? "" : "s"} per point) and then at the model's assumption that a job costs the same whatever else runs.`;
  const busy = result.machine.loadAverage > result.machine.cores ? ` ${loadSentence(result.machine)}` : "";
  return `${balance} ${agree}${busy}`;
}
