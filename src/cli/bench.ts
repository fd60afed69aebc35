/**
 * `sweeplab bench`: every timing experiment in one run, written as DIR/bench.json (all samples,
 * medians, machine) and each plot as .svg and .vl.json. Targets are reported, never asserted.
 */
import * as os from "node:os";
import * as path from "node:path";
import { UsageError } from "../core/errors.js";
import { chunksizes, dispatch, granularity, packing, scaling } from "../measure/experiments.js";
import { chunksizePlot, dispatchPlot, efficiencyPlot, granularityPlot, packingPlot, physicsPlot, speedupPlot, timelinePlot } from "../plots/plots.js";
import { defaultWorkers, maxWorkers as workerCap } from "../parallel/pool.js";
import { savePlot } from "../plots/render.js";
import { machine } from "../core/machine.js";
import { type Workload, resolveWorkload } from "../physics/workloads.js";
import { flagNames, listFlag, numberFlag, outFlag, parseFlags, workloadFlag } from "./args.js";
import { makeDir, writeAtomic } from "./files.js";
import { withHint } from "./hints.js";
import { maxJobs } from "./sweep.js";

export const benchHelp = `Usage: sweeplab bench [options]

Runs the timing experiments on this machine and writes DIR/bench.json (every sample, medians,
the machine) and the plots as DIR/<name>.svg and DIR/<name>.vl.json:
  speedup, efficiency    sequential vs 1..W workers, Amdahl fit, prediction to 20 cores
  chunksize              wall time per chunksize beside the makespan model
  timeline               which worker ran which job, when
  physics                sz_mean and s2_abs/2 versus r
  dispatch               us per job on empty jobs: threads.js Pool.queue vs sweeplab's pool
  packing                bytes and time to pack one job tuple as N grows, vs send-once
  granularity            speedup versus the cost of one job, from 1 us to 1 s

Options:
  --workload NAME     lecture or heavy                                  [heavy]
  --nz N, --n-r K     override the workload's atoms / number of jobs (at most 100000)
  --workers LIST      worker counts for the scaling run, e.g. 1,2       [1..cores]
  --chunksize LIST    chunksizes to compare, e.g. 1,2,5,10              [1,2,5,10]
  --repeats R         timed repeats per setting                         [3]
  --quick             a smoke test in seconds, not a benchmark: tScale at most 2,
                      at most 8 jobs, 1 repeat; the targets are not judged
  --out DIR           output folder                                     [results/bench]
  -h, --help          this help
The heavy workload takes a few minutes on 2 cores; progress is printed on stderr.`;

const flags = {
  workload: { type: "string", example: "heavy" },
  nz: { type: "string", example: "200" },
  "n-r": { type: "string", example: "20" },
  workers: { type: "string", example: "1,2" },
  chunksize: { type: "string", example: "1,2,5,10" },
  repeats: { type: "string", example: "3" },
  quick: { type: "boolean" },
  out: { type: "string", example: "results/bench1" },
  help: { type: "boolean", short: "h" },
} as const;

/** `--quick`: the workload's evolution cut to this tScale (heavy has 100) and at most this many jobs. */
const quickTScale = 2;
const quickJobs = 8;

/** What `sweeplab bench` measures, from its flags, checked. */
interface BenchSettings {
  quick: boolean;
  name: string;
  w: Workload;
  workers: number[];
  sizes: number[];
  repeats: number;
  out: string;
}

/** Parses and checks the flags of `sweeplab bench` (throws UsageError, exit 2); writes nothing. */
function parseBenchFlags(argv: string[]): BenchSettings | "help" {
  const v = parseFlags("bench", argv, flags);
  if (v.help) return "help";
  const quick = v.quick === true;
  const name = workloadFlag(v.workload, "heavy");
  const overrides = {
    nz: numberFlag("nz", v.nz, { integer: true, example: "200" }), // its range, and why, come from the workload check
    nR: numberFlag("n-r", v["n-r"], { integer: true, min: 1, max: maxJobs, example: "20" }),
  };
  const given = resolveWorkload(name, overrides, flagNames(overrides));
  // a smoke test: a short evolution and few jobs, so it takes seconds, not minutes
  const w = quick ? { ...given, tScale: Math.min(given.tScale, quickTScale), nR: overrides.nR ?? Math.min(given.nR, quickJobs) } : given;
  const cores = defaultWorkers();
  const workers = listFlag("workers", v.workers, { min: 1, max: workerCap, example: "1,2" }) ?? Array.from({ length: cores }, (_, i) => i + 1);
  const sizes = listFlag("chunksize", v.chunksize, { min: 1, example: "1,2,5,10" }) ?? [1, 2, 5, 10].filter((c) => c <= w.nR);
  const bad = sizes.find((c) => c > w.nR);
  if (bad !== undefined) throw new UsageError(`\`--chunksize\` values must be from 1 to ${w.nR} (the number of jobs), got ${bad}: e.g. --chunksize 1,2,5`, "--chunksize");
  const repeats = numberFlag("repeats", v.repeats, { integer: true, min: 1, example: "3" }) ?? (quick ? 1 : 3);
  const out = outFlag(v.out, path.join("results", "bench"));
  return { quick, name, w, workers, sizes, repeats, out };
}

/** Runs `sweeplab bench`; returns the exit code. */
export async function benchCommand(argv: string[]): Promise<number> {
  const settings = parseBenchFlags(argv);
  if (settings === "help") {
    process.stdout.write(benchHelp + "\n");
    return 0;
  }
  const { quick, name, w, workers, sizes, repeats, out } = settings;
  const spec = { ...w };
  makeDir(out);
  const maxWorkers = Math.max(...workers);
  const log = (line: string) => process.stderr.write(`  ${line}\n`);
  const section = (title: string) => process.stderr.write(`${title}\n`);
  const m = machine();
  if (m.loadAverage > m.cores) {
    process.stderr.write(`sweeplab: warning: the load average is ${m.loadAverage} on ${m.cores} cores: other programs are using the CPUs, so these timings will be slower and noisier than on an idle machine\n`);
  }
  if (quick) process.stderr.write(`--quick: tScale ${w.tScale} and ${w.nR} jobs, ${repeats} repeat(s): a smoke test, not a benchmark\n`);

  // bench.json grows by one section at a time, so an interrupted bench keeps what it measured
  const benchFile = path.join(out, "bench.json");
  const bench: Record<string, unknown> = { machine: m, hostname: os.hostname(), createdAt: new Date().toISOString(), workload: { name, ...w }, repeats, quick, complete: false };
  const measure = async <T>(key: string, title: string, run: () => Promise<T>): Promise<T> => {
    section(title);
    try {
      bench[key] = await run();
    } catch (error) {
      throw withHint(error, `${benchFile} holds the sections measured before it.`);
    }
    writeAtomic(benchFile, JSON.stringify(bench, null, 2) + "\n");
    return bench[key] as T;
  };

  const inOrder = await measure("scaling", `scaling: ${name} workload (${w.nR} jobs, nz = ${w.nz}), sequential and ${workers.join(", ")} worker(s), chunksize 1, in job order`, () =>
    scaling({ workload: spec, workers, repeats, log }),
  );
  const lpt = await measure("scalingLargestFirst", `scaling again with the costliest jobs first (LPT), ${maxWorkers} worker(s), against the same sequential baseline`, () =>
    scaling({ workload: spec, workers: [maxWorkers], schedule: "largest-first", baseline: inOrder, repeats, log }),
  );
  const chunks = await measure("chunksize", `chunksize: ${sizes.join(", ")} on ${maxWorkers} worker(s)`, () =>
    chunksizes({ workload: spec, workers: maxWorkers, chunksizes: sizes, baseline: inOrder, repeats, log }),
  );
  const overhead = await measure("dispatch", "dispatch overhead on empty jobs", () => dispatch({ workers: 2, jobs: quick ? 200 : 1000, repeats, log }));
  const packs = await measure("packing", "packing cost per job", () => packing({ Ns: quick ? [25, 100, 400] : [25, 50, 100, 200, 400, 800], repeats: quick ? 5 : 20, log }));
  // from microsecond jobs to second jobs; 10 jobs per sweep keeps the 1 s point to ~10 s sequentially
  const grain = await measure("granularity", "granularity: speedup versus job cost", () =>
    granularity({ jobMs: quick ? [0.1, 10] : [0.001, 0.01, 0.1, 1, 10, 100, 1000], jobs: 10, workers: maxWorkers, repeats, log }),
  );

  const { targets, kitUs, stockUs } = judgeTargets({ inOrder, lpt, overhead, maxWorkers, name, quick });
  Object.assign(bench, { targets, complete: true });
  writeAtomic(benchFile, JSON.stringify(bench, null, 2) + "\n");

  const plots = await savePlots(out, maxWorkers, { inOrder, chunks, overhead, packs, grain });

  const verdict = (met: boolean | null) => (met === null ? "not judged (--quick)" : met ? "MET" : "MISSED");
  process.stdout.write(
    [
      `Machine: ${m.cpuModel}, ${m.cores} cores, Node ${m.node}, load average ${m.loadAverage}`,
      ...(quick ? [`--quick: a smaller workload (tScale ${w.tScale}, ${w.nR} jobs) and ${repeats} repeat(s): these numbers show the bench works, they are not a benchmark`] : []),
      `Sequential ${name} sweep: median ${(inOrder.sequential.medianMs / 1000).toFixed(2)} s (jobs ${Math.min(...inOrder.jobMs).toFixed(0)}-${Math.max(...inOrder.jobMs).toFixed(0)} ms)`,
      ...inOrder.points.map((p) => `  ${p.workers} worker(s), in job order: ${(p.wall.medianMs / 1000).toFixed(2)} s, speedup ${p.speedup.toFixed(2)}x, efficiency ${(100 * p.efficiency).toFixed(0)}%`),
      `  ${maxWorkers} worker(s), costliest first: speedup ${lpt.points[0].speedup.toFixed(2)}x`,
      `  Amdahl fit: serial fraction ${inOrder.amdahl.serialFraction.toFixed(3)}; predicted on 20 cores: ${(1 / (inOrder.amdahl.serialFraction + (1 - inOrder.amdahl.serialFraction) / 20)).toFixed(1)}x (a prediction, not a measurement)`,
      `Dispatch on empty jobs, chunksize 1: sweeplab ${kitUs?.usPerJob.medianMs.toFixed(1)} us/job, threads.js Pool.queue ${stockUs?.usPerJob.medianMs.toFixed(1)} us/job`,
      ...targets.map((t) => `Target ${verdict(t.met)}: ${t.target}`),
      `Wrote ${benchFile} and ${plots.length} plots (.svg, .vl.json) in ${out}/`,
    ].join("\n") + "\n",
  );
  return 0;
}

/** Draws each measured section and writes it as `out/<name>.svg` and `.vl.json`; returns the names. */
async function savePlots(
  out: string,
  maxWorkers: number,
  { inOrder, chunks, overhead, packs, grain }: { inOrder: Awaited<ReturnType<typeof scaling>>; chunks: Awaited<ReturnType<typeof chunksizes>>; overhead: Awaited<ReturnType<typeof dispatch>>; packs: Awaited<ReturnType<typeof packing>>; grain: Awaited<ReturnType<typeof granularity>> },
): Promise<string[]> {
  const timeline = inOrder.timelines.find((t) => t.workers === maxWorkers) ?? inOrder.timelines[inOrder.timelines.length - 1];
  const plots = {
    speedup: speedupPlot(inOrder, { predictTo: 20 }),
    efficiency: efficiencyPlot(inOrder),
    chunksize: chunksizePlot(chunks),
    timeline: timelinePlot(timeline.jobs, { workers: timeline.workers }),
    physics: physicsPlot(inOrder.rows),
    dispatch: dispatchPlot(overhead),
    packing: packingPlot(packs),
    granularity: granularityPlot(grain),
  };
  for (const [file, spec] of Object.entries(plots)) await savePlot(spec, out, file);
  return Object.keys(plots);
}

/** The bench's targets, reported (met, missed, or not judged for --quick), never asserted. */
function judgeTargets({
  inOrder,
  lpt,
  overhead,
  maxWorkers,
  name,
  quick,
}: {
  inOrder: Awaited<ReturnType<typeof scaling>>;
  lpt: Awaited<ReturnType<typeof scaling>>;
  overhead: Awaited<ReturnType<typeof dispatch>>;
  maxWorkers: number;
  name: string;
  quick: boolean;
}) {
  const best = inOrder.points.find((p) => p.workers === maxWorkers);
  const kitUs = overhead.find((d) => d.path === "sweeplab pool" && d.chunksize === 1);
  const stockUs = overhead.find((d) => d.path === "threads.js Pool.queue" && d.chunksize === 1);
  // a quick run measures a different workload with one repeat: its numbers judge nothing
  const judged = (met: boolean) => (quick ? null : met);
  const targets = [
    {
      target: `${maxWorkers} workers reach >= 1.9x over sequential on the ${name} workload (same run)`,
      inOrder: best?.speedup,
      largestFirst: lpt.points[0]?.speedup,
      met: judged(Math.max(best?.speedup ?? 0, lpt.points[0]?.speedup ?? 0) >= 1.9),
    },
    {
      target: "sweeplab's pool costs <= 50 us per job at chunksize 1 on empty jobs",
      usPerJob: kitUs?.usPerJob.medianMs,
      threadsPoolQueueUs: stockUs?.usPerJob.medianMs,
      met: judged((kitUs?.usPerJob.medianMs ?? Infinity) <= 50),
    },
  ];
  return { targets, kitUs, stockUs };
}
