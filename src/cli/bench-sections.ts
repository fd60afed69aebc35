/**
 * The sections of `sweeplab bench`. A section is one object in `benchSections`: what it measures
 * (`run`), and optionally its plots, its headline (the student's summary), its figures and its
 * targets. To add a benchmark, write
 * a section (in its own file) and add it to the list; bench.ts runs them in order, writes each
 * result into bench.json as it comes, and prints the summaries and targets at the end.
 */
import { type ScalingRun, chunksizes, dispatch, granularity, packing, scaling } from "../measure/experiments.js";
import {
  chunksizePlot,
  dispatchPlot,
  efficiencyPlot,
  granularityPlot,
  packingPlot,
  physicsPlot,
  speedupPlot,
  timelinePlot,
} from "../plots/plots.js";
import { poolSections } from "./bench-pool.js";
import { algorithmSection } from "./bench-algorithm.js";
import { predictSection } from "./bench-predict.js";
import { startupSection } from "./bench-startup.js";
import { type BenchContext, type BenchSection, judged, section } from "./bench-section.js";

type Scaling = ScalingRun;
const scalingOf = (ctx: BenchContext) => ctx.results.scaling as Scaling;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const scalingSection = section<Scaling>({
  key: "scaling",
  title: ({ name, w, workers }) =>
    `scaling: ${name} workload (${w.nR} jobs, nz = ${w.nz}), sequential and ${workers.join(", ")} worker(s), chunksize 1, in job order`,
  run: ({ w, workers, repeats, log }) => scaling({ workload: { ...w }, workers, repeats, log }),
  plots: (r, { maxWorkers }) => {
    const t = r.timelines.find((x) => x.workers === maxWorkers) ?? r.timelines[r.timelines.length - 1];
    return {
      speedup: speedupPlot(r, { predictTo: 20 }),
      efficiency: efficiencyPlot(r),
      timeline: timelinePlot(t.jobs, { workers: t.workers }),
      physics: physicsPlot(r.rows),
    };
  },
  headline: (r, { name, w, maxWorkers }) => {
    const best = r.points.find((p) => p.workers === maxWorkers) ?? r.points[r.points.length - 1];
    const s = r.amdahl.serialFraction;
    return [
      `The ${name} sweep (${w.nR} jobs): ${seconds(r.sequential.medianMs)} one job after another in a fresh process, ${seconds(best.wall.medianMs)} on ${best.workers} new worker(s): ${best.speedup.toFixed(2)}x as fast (${best.workers}x would be perfect; cold against cold, the loop's time credited at most as the pool's own job time)`,
      Number.isFinite(s)
        ? `  Amdahl fit: serial fraction ${s.toFixed(2)} (a fit to this run's few points, a lesson; the prediction from measured parts below gives ranges for more workers)`
        : "  Amdahl's law needs runs on 2 workers or more (--workers 1,2); the prediction from measured parts below does not",
    ];
  },
  summary: (r, { name }) => [
    `Sequential ${name} sweep, the first sweep of a fresh process: median ${seconds(r.sequential.medianMs)} (jobs in the warmed loop ${Math.min(...r.jobMs).toFixed(0)}-${Math.max(...r.jobMs).toFixed(0)} ms)`,
    `  each pool against it: ${r.pairing}; a speedup credits the loop's time at most as the pool's own job time`,
    ...r.points.map(
      (p) =>
        `  ${p.workers} worker(s), in job order: ${seconds(p.wall.medianMs)}, speedup ${p.speedup.toFixed(2)}x (wall times alone ${p.rawSpeedup.toFixed(2)}x), efficiency ${(100 * p.efficiency).toFixed(0)}%`,
    ),
    `  Amdahl fit: serial fraction ${r.amdahl.serialFraction.toFixed(3)} (a fit to this run's few points; see the prediction from measured parts below)`,
  ],
});

const largestFirstSection = section<Scaling>({
  key: "scalingLargestFirst",
  title: ({ maxWorkers }) =>
    `scaling again with the costliest jobs first, ${maxWorkers} worker(s), against the same sequential baseline (the loop in a fresh process)`,
  run: (ctx) =>
    scaling({
      workload: { ...ctx.w },
      workers: [ctx.maxWorkers],
      schedule: "largest-first",
      baseline: scalingOf(ctx),
      repeats: ctx.repeats,
      log: ctx.log,
    }),
  summary: (r, { maxWorkers }) => [
    `  ${maxWorkers} worker(s), costliest first: speedup ${r.points[0].speedup.toFixed(2)}x`,
  ],
  headline: (r, { maxWorkers }) => [
    `  the same with the costliest jobs handed out first: ${r.points[0].speedup.toFixed(2)}x on ${maxWorkers} worker(s)`,
  ],
  targets: (lpt, ctx) => {
    const best = scalingOf(ctx).points.find((p) => p.workers === ctx.maxWorkers);
    return [
      {
        target: `${ctx.maxWorkers} workers reach >= 1.9x over sequential on the ${ctx.name} workload (same run, cold pools against the loop in a fresh process)`,
        inOrder: best?.speedup,
        largestFirst: lpt.points[0]?.speedup,
        met: judged(ctx, Math.max(best?.speedup ?? 0, lpt.points[0]?.speedup ?? 0) >= 1.9),
      },
    ];
  },
});

type Chunks = Awaited<ReturnType<typeof chunksizes>>;
const chunksizeSection = section<Chunks>({
  key: "chunksize",
  title: ({ chunksizes: sizes, maxWorkers }) => `chunksize: ${sizes.join(", ")} on ${maxWorkers} worker(s)`,
  run: (ctx) =>
    chunksizes({
      workload: { ...ctx.w },
      workers: ctx.maxWorkers,
      chunksizes: ctx.chunksizes,
      baseline: scalingOf(ctx),
      repeats: ctx.repeats,
      log: ctx.log,
    }),
  plots: (r) => ({ chunksize: chunksizePlot(r) }),
});

type Dispatch = Awaited<ReturnType<typeof dispatch>>;
const dispatchSection = section<Dispatch>({
  key: "dispatch",
  title: () => "dispatch overhead on empty jobs",
  run: ({ quick, repeats, log }) => dispatch({ workers: 2, jobs: quick ? 200 : 1000, repeats, log }),
  plots: (r) => ({ dispatch: dispatchPlot(r) }),
  summary: (r) => {
    const at = (path: string) => r.find((d) => d.path === path && d.chunksize === 1)?.usPerJob.medianMs.toFixed(1);
    return [
      `Dispatch on empty jobs, chunksize 1: sweeplab ${at("sweeplab pool")} us/job, threads.js Pool.queue ${at("threads.js Pool.queue")} us/job`,
    ];
  },
  headline: (r) => {
    const at = (path: string) => r.find((d) => d.path === path && d.chunksize === 1)?.usPerJob.medianMs.toFixed(0);
    return [
      `Handing one job to a worker and getting its answer back costs about ${at("sweeplab pool")} us (threads.js's own Pool.queue: ${at("threads.js Pool.queue")} us): a job must take much longer than that for a pool to pay`,
    ];
  },
});

const packingSection = section<Awaited<ReturnType<typeof packing>>>({
  key: "packing",
  title: () => "packing cost per job",
  run: ({ quick, log }) =>
    packing({ Ns: quick ? [25, 100, 400] : [25, 50, 100, 200, 400, 800], repeats: quick ? 5 : 20, log }),
  plots: (r) => ({ packing: packingPlot(r) }),
});

// from microsecond jobs to second jobs; 10 jobs per sweep keeps the 1 s point to ~10 s sequentially
const granularitySection = section<Awaited<ReturnType<typeof granularity>>>({
  key: "granularity",
  title: () => "granularity: speedup versus job cost",
  run: ({ quick, maxWorkers, repeats, log }) =>
    granularity({
      jobMs: quick ? [0.1, 10] : [0.001, 0.01, 0.1, 1, 10, 100, 1000],
      jobs: 10,
      workers: maxWorkers,
      repeats,
      log,
    }),
  plots: (r) => ({ granularity: granularityPlot(r) }),
});

/** Every section, in the order they run (later ones may read earlier results). */
export const benchSections: BenchSection[] = [
  scalingSection,
  largestFirstSection,
  predictSection,
  chunksizeSection,
  dispatchSection,
  packingSection,
  granularitySection,
  ...poolSections,
  startupSection,
  algorithmSection,
];
