/**
 * `sweeplab bench`: every timing experiment in one run, written as DIR/bench.json (all samples,
 * medians, machine) and each plot as .svg and .vl.json. Targets are reported, never asserted.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { UsageError } from "../core/errors.js";
import { defaultWorkers, maxWorkers as workerCap } from "../parallel/options.js";
import { savePlot } from "../plots/render.js";
import { machine } from "../core/machine.js";
import { resolveWorkload } from "../physics/workloads.js";
import { flagNames, listFlag, numberFlag, outFlag, parseFlags, workloadFlag } from "./args.js";
import { makeDir, writeAtomic } from "./files.js";
import { withHint } from "./hints.js";
import { maxJobs } from "./sweep.js";
import { benchSections } from "./bench-sections.js";
import type { BenchContext, Target } from "./bench-section.js";
import type { TopLevelSpec } from "vega-lite";

export const benchHelp = `Usage: sweeplab bench [options]

Runs the timing experiments on this machine and writes DIR/bench.json (every sample, medians,
the machine) and the plots as DIR/<name>.svg and DIR/<name>.vl.json:
  speedup, efficiency    the loop in a fresh process vs 1..W new workers (cold against cold),
                         predicted ranges beside them, Amdahl fit
  chunksize              wall time per chunksize beside the makespan model
  timeline               which worker ran which job, when
  physics                sz_mean and s2_abs/2 versus r
  dispatch               us per job on empty jobs: threads.js Pool.queue vs sweeplab's pool
  packing                bytes and time to pack one job tuple as N grows, vs send-once
  granularity            speedup versus the cost of one job, from 1 us to 1 s
  algorithm              the lecture sweep per --method and --rhs (sequential, warm), the
                         defaults in a fresh process and at nz = 200, beside the Python
                         original; one nz = 100,000 job with the linear RHS
  prediction             every measured width predicted from parts measured here (a pool
                         of 1, the cores busy at once), for the workload and the lecture
Then the pool's targets: the lecture sweep on a cold, a warm and a reused pool of 2
against the sequential loop; per-job overhead of 4000 tiny jobs through \`sweeplab sweep\`
itself (journal and progress on); the workload on a warm pool reused for a second sweep.

Options:
  --workload NAME     lecture or heavy                                  [heavy]
  --nz N, --n-r K     override the workload's atoms / number of jobs (at most 100000)
  --workers LIST      worker counts for the scaling run, e.g. 1,2       [1..cores]
  --chunksize LIST    chunksizes to compare, e.g. 1,2,5,10              [1,2,5,10]
  --repeats R         timed repeats per setting                         [3]
  --quick             a smoke test in seconds, not a benchmark: tScale at most 2,
                      at most 8 jobs, 1 repeat; the targets are not judged
  --out DIR           output folder                                     [results/bench]
  --force             overwrite the bench.json an earlier bench left in DIR
  --details           print every section's figures, not only the summary
  --targets           print the maintainers' performance targets, each MET or MISSED
  -h, --help          this help
It prints a short summary; bench.json holds the summary, every figure and the targets.
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
  force: { type: "boolean" },
  details: { type: "boolean" },
  targets: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** `--quick`: the workload's evolution cut to this tScale (heavy has 100) and at most this many jobs. */
const quickTScale = 2;
const quickJobs = 8;

/** Runs `sweeplab bench`; returns the exit code. */
export async function benchCommand(argv: string[]): Promise<number> {
  const v = parseFlags("bench", argv, flags);
  if (v.help) {
    process.stdout.write(benchHelp + "\n");
    return 0;
  }
  const ctx = benchContext(v);
  const out = outFlag(v.out, path.join("results", "bench"));
  const benchFile = path.join(out, "bench.json");
  // bench.json is rewritten section by section: an interrupted rerun would leave an incomplete
  // file where a complete one was, so an earlier bench is kept unless --force says otherwise
  if (fs.existsSync(benchFile) && v.force !== true)
    throw new UsageError(
      `\`--out\` folder "${out}" already holds a bench (${benchFile}): pass --force to overwrite it, or another --out`,
      "--out",
    );
  makeDir(out);
  const m = machine();
  if (m.loadAverage > m.cores) {
    process.stderr.write(
      `sweeplab: warning: the load average is ${m.loadAverage} on ${m.cores} cores: other programs are using the CPUs, so these timings will be slower and noisier than on an idle machine\n`,
    );
  }
  const { w, repeats, quick } = ctx;
  if (quick)
    process.stderr.write(
      `--quick: tScale ${w.tScale} and ${w.nR} jobs, ${repeats} repeat(s): a smoke test, not a benchmark\n`,
    );

  // bench.json grows by one section at a time, so an interrupted bench keeps what it measured
  const bench: Record<string, unknown> = {
    machine: m,
    hostname: os.hostname(),
    createdAt: new Date().toISOString(),
    workload: { name: ctx.name, ...w },
    repeats,
    quick,
    complete: false,
  };
  const lines: string[] = [];
  const headlines: string[] = [];
  const targets: Target[] = [];
  const plots: Record<string, TopLevelSpec> = {};
  for (const s of benchSections) {
    process.stderr.write(`${s.title(ctx)}\n`);
    let result: unknown;
    try {
      result = await s.run(ctx);
    } catch (error) {
      throw withHint(error, `${benchFile} holds the sections measured before it.`);
    }
    ctx.results[s.key] = bench[s.key] = result;
    writeAtomic(benchFile, JSON.stringify(bench, null, 2) + "\n");
    lines.push(...(s.summary?.(result, ctx) ?? []));
    headlines.push(...(s.headline?.(result, ctx) ?? []));
    targets.push(...(s.targets?.(result, ctx) ?? []));
    Object.assign(plots, s.plots?.(result, ctx));
  }
  Object.assign(bench, { summary: headlines, targets, complete: true });
  writeAtomic(benchFile, JSON.stringify(bench, null, 2) + "\n");
  for (const [file, spec] of Object.entries(plots)) await savePlot(spec, out, file);

  process.stdout.write(
    benchReport(
      { m, ctx, headlines, lines, targets, benchFile, plots: Object.keys(plots).length, out },
      {
        details: v.details === true,
        targets: v.targets === true,
      },
    ) + "\n",
  );
  return 0;
}

/**
 * What `sweeplab bench` prints: a student's summary (a line or two per section that has one),
 * then, on request, every section's figures (`--details`) and the maintainers' targets
 * (`--targets`); bench.json holds all of it either way.
 */
function benchReport(
  r: {
    m: ReturnType<typeof machine>;
    ctx: BenchContext;
    headlines: string[];
    lines: string[];
    targets: Target[];
    benchFile: string;
    plots: number;
    out: string;
  },
  show: { details: boolean; targets: boolean },
): string {
  const { m, ctx } = r;
  // a target without a figure to judge (no Python here) says why in its note
  const verdict = (met: boolean | null, note?: unknown) =>
    met === null
      ? ctx.quick || note === undefined
        ? "not judged (--quick)"
        : `not judged (${String(note)})`
      : met
        ? "MET"
        : "MISSED";
  const more = [
    show.details ? "" : "--details (every figure)",
    show.targets ? "" : "--targets (the maintainers' targets)",
  ]
    .filter(Boolean)
    .join(" or ");
  return [
    `Machine: ${m.cpuModel}, ${m.cores} cores, Node ${m.node}, load average ${m.loadAverage}`,
    ...(ctx.quick
      ? [
          `--quick: a smaller workload (tScale ${ctx.w.tScale}, ${ctx.w.nR} jobs) and ${ctx.repeats} repeat(s): these numbers show the bench works, they are not a benchmark`,
        ]
      : []),
    ...r.headlines,
    ...(show.details ? ["Every section's figures:", ...r.lines] : []),
    ...(show.targets ? r.targets.map((t) => `Target ${verdict(t.met, t.note)}: ${t.target}`) : []),
    `Wrote ${r.benchFile} and ${r.plots} plots (.svg, .vl.json) in ${r.out}/${more ? `; rerun with ${more} to print more` : ""}`,
  ].join("\n");
}

/** The bench's settings from its flags (throws UsageError, exit 2). */
function benchContext(v: ReturnType<typeof parseFlags>): BenchContext {
  const quick = v.quick === true;
  const name = workloadFlag(v.workload, "heavy");
  const overrides = {
    nz: numberFlag("nz", v.nz, { integer: true, example: "200" }), // its range, and why, come from the workload check
    nR: numberFlag("n-r", v["n-r"], { integer: true, min: 1, max: maxJobs, example: "20" }),
  };
  const given = resolveWorkload(name, overrides, flagNames(overrides));
  // a smoke test: a short evolution and few jobs, so it takes seconds, not minutes
  const w = quick
    ? { ...given, tScale: Math.min(given.tScale, quickTScale), nR: overrides.nR ?? Math.min(given.nR, quickJobs) }
    : given;
  const cores = defaultWorkers();
  const workers =
    listFlag("workers", v.workers, { min: 1, max: workerCap, example: "1,2" }) ??
    Array.from({ length: cores }, (_, i) => i + 1);
  const sizes =
    listFlag("chunksize", v.chunksize, { min: 1, example: "1,2,5,10" }) ?? [1, 2, 5, 10].filter((c) => c <= w.nR);
  const bad = sizes.find((c) => c > w.nR);
  if (bad !== undefined)
    throw new UsageError(
      `\`--chunksize\` values must be from 1 to ${w.nR} (the number of jobs), got ${bad}: e.g. --chunksize 1,2,5`,
      "--chunksize",
    );
  const repeats = numberFlag("repeats", v.repeats, { integer: true, min: 1, example: "3" }) ?? (quick ? 1 : 3);
  const log = (line: string) => process.stderr.write(`  ${line}\n`);
  return { name, w, workers, maxWorkers: Math.max(...workers), chunksizes: sizes, repeats, quick, log, results: {} };
}
