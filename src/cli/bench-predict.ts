/**
 * The prediction section of `sweeplab bench`: the parts a speedup prediction is built from
 * (measure/predict.ts), measured beside the scaling run, and every width it measured predicted
 * from them (2 workers from a pool of 1, and so on): for the bench's workload (against the scaling
 * section's own runs) and for the lecture sweep at its chunksize 2 (a scaling run of its own).
 * Each prediction takes the baseline of the scaling run it is checked against (`baseline`): the
 * same cold loop, so predicted and measured speedups are ratios to one loop.
 */
import { type WorkloadSpec, measureParts, scaling } from "../measure/experiments.js";
import type { PartsResult } from "../measure/experiments/parts.js";
import { type PredictionCheck, checkPredictions } from "../measure/predict.js";
import { speedupPlot } from "../plots/plots.js";
import { type BenchContext, type Target, judged, section } from "./bench-section.js";

type Scaling = Awaited<ReturnType<typeof scaling>>;

/** One workload's parts and its measured widths set against their predicted ranges. */
export interface PredictionRun {
  workload: string;
  chunksize: number;
  parts: Omit<PartsResult, "jobMs">;
  checks: PredictionCheck[];
}

async function predictionRun(
  name: string,
  workload: WorkloadSpec,
  result: Scaling,
  ctx: BenchContext,
): Promise<PredictionRun> {
  const parts = await measureParts({
    workload,
    chunksize: result.chunksize,
    baseline: result,
    repeats: ctx.repeats,
    log: ctx.log,
  });
  const checks = checkPredictions(parts, result.points, result.chunksize);
  const { jobMs: _jobMs, ...rest } = parts;
  return { workload: name, chunksize: result.chunksize, parts: rest, checks };
}

const x = (v: number) => `${v.toFixed(2)}x`;

export const predictSection = section<PredictionRun[]>({
  key: "prediction",
  title: ({ name }) =>
    `prediction from measured parts (a pool of 1, the cores busy at once) against every measured width: ${name} and the lecture`,
  run: async (ctx) => {
    const own = await predictionRun(ctx.name, { ...ctx.w }, ctx.results.scaling as Scaling, ctx);
    const lectureScaling = await scaling({
      workload: "lecture",
      workers: ctx.workers,
      chunksize: 2,
      repeats: Math.max(3, ctx.repeats),
      log: ctx.log,
    });
    return [own, await predictionRun("lecture", "lecture", lectureScaling, ctx)];
  },
  plots: (runs, ctx) => ({
    prediction: speedupPlot(ctx.results.scaling as Scaling, {
      ranges: runs[0].checks.map((c) => ({ workers: c.workers, speedup: c.predicted })),
      title: "Speedup: measured, and predicted from parts measured here",
    }),
  }),
  summary: (runs) =>
    runs.flatMap((r) => [
      `Predicted from parts measured here (${r.workload}, chunksize ${r.chunksize}; took ${(r.parts.tookMs / 1000).toFixed(1)} s), against the scaling run's own loop (the first sweep of a fresh process, cold as the new workers):`,
      ...r.checks.map(
        (c) =>
          `  ${c.workers} worker(s): predicted ${x(c.predicted.low)}-${x(c.predicted.high)}, measured ${x(c.measured)}: ${c.covered ? "inside" : "OUTSIDE"} the range`,
      ),
    ]),
  targets: (runs, ctx) =>
    runs.map((r): Target => {
      const two = r.checks.find((c) => c.workers === 2);
      return {
        target: `the prediction from a pool of 1 covers the measured 2-worker speedup (${r.workload}, chunksize ${r.chunksize})`,
        measured: two?.measured,
        low: two?.predicted.low,
        high: two?.predicted.high,
        met: two === undefined ? null : judged(ctx, two.covered),
      };
    }),
});
