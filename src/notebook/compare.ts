/**
 * Notebook 07's runs: `sweeplab sweep` run from a cell exactly as a student runs it in a terminal
 * (the built CLI, in a child process), once `--sequential` and once per worker count, each into its
 * own folder, so `loadComparison` reads them as it reads a class's shared folder.
 */
import { execFile } from "node:child_process";
import * as path from "node:path";
import { describe } from "../core/check.js";
import { UsageError } from "../core/errors.js";
import { formatMs } from "../core/format.js";
import { machine } from "../core/machine.js";
import type { MachineSeries } from "../measure/compare.js";
import { type Load, busyBanner, loadSentence } from "./busy.js";

/** The CLI a student runs (`bin/sweeplab.js`), from dist/notebook/ or src/notebook/. */
export const sweeplabBin = path.resolve(__dirname, "..", "..", "bin", "sweeplab.js");

export interface ComparisonRunsOptions {
  /** `sweeplab sweep` flags for the workload, e.g. ["--t-scale", "10"]. @default [] (the lecture) */
  flags?: readonly string[];
  /** Worker counts of the pooled runs. @default [1, 2] */
  workers?: readonly number[];
}

/** One `sweeplab sweep` run: its folder and the command that made it. */
export interface ComparisonRun {
  out: string;
  command: string;
}

/**
 * Runs `npx sweeplab sweep FLAGS --sequential --out DIR/sequential`, then `--workers W --out
 * DIR/workers-W` for each W, one after another (`--force` replaces an earlier run there).
 * @example await comparisonRuns("results/compare/lecture", { workers: [1, 2] });
 */
export async function comparisonRuns(dir: string, options: ComparisonRunsOptions = {}): Promise<ComparisonRun[]> {
  const { flags = [], workers = [1, 2] } = options;
  if (typeof dir !== "string" || dir === "")
    throw new UsageError(`\`dir\` must be a folder path, got ${describe(dir)}: e.g. "results/compare"`, "dir");
  if (!Array.isArray(workers) || workers.length === 0 || !workers.every((w) => Number.isInteger(w) && w >= 1))
    throw new UsageError(
      `\`workers\` must be a non-empty list of whole numbers >= 1, got ${describe(workers)}: e.g. [1, 2]`,
      "workers",
    );
  if (!Array.isArray(flags) || !flags.every((f) => typeof f === "string"))
    throw new UsageError(
      `\`flags\` must be a list of strings, got ${describe(flags)}: e.g. ["--t-scale", "10"]`,
      "flags",
    );
  const runs: ComparisonRun[] = [];
  for (const how of [["--sequential"], ...workers.map((w) => ["--workers", String(w)])]) {
    const out = path.join(dir, how.length === 1 ? "sequential" : `workers-${how[1]}`);
    const args = ["sweep", ...flags, ...how, "--quiet", "--force", "--out", out];
    await new Promise<void>((resolve, reject) =>
      execFile(process.execPath, [sweeplabBin, ...args], (error, _stdout, stderr) =>
        error ? reject(new Error(`sweeplab ${args.join(" ")} failed: ${stderr.trim() || error.message}`)) : resolve(),
      ),
    );
    // as a student types it in a clone of the repository, where the command is not on PATH
    runs.push({ out, command: `npx sweeplab ${args.join(" ")}` });
  }
  return runs;
}

/** Jobs in a series' sweep, read off its workload text ("nz = 100, 20 jobs, tScale 10"); undefined if absent. */
export function seriesJobs(series: Pick<MachineSeries, "workload">): number | undefined {
  const jobs = /(\d+) jobs/.exec(series.workload)?.[1];
  return jobs === undefined ? undefined : Number(jobs);
}

/** What each series cost: the loop's time per job, and the pool's own cost (its 1-worker run above the loop). */
export interface SeriesCosts {
  workload: string;
  perJobMs?: number;
  poolCostMs?: number;
}

export function seriesCosts(series: MachineSeries): SeriesCosts {
  const jobs = seriesJobs(series);
  const one = series.points.find((p) => p.workers === 1);
  return {
    workload: series.workload,
    perJobMs: jobs ? series.sequentialMs / jobs : undefined,
    poolCostMs: one ? one.wallMs - series.sequentialMs : undefined,
  };
}

/**
 * Why the series came out as they did, from their own numbers: each one's work per job in the
 * loop and its pool's own cost, then whether the sweep with the most work per job is the one that
 * scaled best (the usual reason) or not (then the reason is not in these numbers: each run was one
 * measurement, and the load during it counts).
 */
export function compareReason(series: readonly MachineSeries[], best: MachineSeries): string {
  const costs = series.map(seriesCosts);
  const known = costs.filter((c) => c.perJobMs !== undefined);
  const parts = costs.map((c) => {
    const job = c.perJobMs === undefined ? "" : `${formatMs(c.perJobMs)} per job in the loop`;
    const pool =
      c.poolCostMs === undefined
        ? ""
        : c.poolCostMs >= 0
          ? `its pool of 1 took ${formatMs(c.poolCostMs)} longer than the loop`
          : `its pool of 1 took ${formatMs(-c.poolCostMs)} less than the loop`;
    return `${c.workload}: ${[job, pool].filter(Boolean).join(", ") || "no costs to read"}`;
  });
  const sentence = `What each sweep cost: ${parts.join("; ")}.`;
  if (known.length < 2) return sentence;
  const most = known.reduce((a, b) => (b.perJobMs! > a.perJobMs! ? b : a));
  const least = known.reduce((a, b) => (b.perJobMs! < a.perJobMs! ? b : a));
  const ratio = (most.perJobMs! / least.perJobMs!).toFixed(1);
  if (most.workload === best.workload) {
    return `${sentence} The sweep with the most work per job (${ratio}x the least) scaled best: the pool's fixed costs weigh less against longer jobs.`;
  }
  return `${sentence} The sweep with the most work per job (${most.workload}, ${ratio}x the least) did not scale best: work per job does not explain this run. Each point is one run in a fresh process, so what else the machine did during it counts; run the cell again and see whether the order holds.`;
}

/**
 * What the series say at `workers` workers, in one paragraph computed from them: each speedup,
 * which sweep scaled best and why (`compareReason`), under the busy banner when the machine was
 * busy (notebook/busy.ts).
 * @example compareVerdict(loadComparison("results/notebook-07").series)
 */
export function compareVerdict(series: readonly MachineSeries[], workers = 2, load: Load = machine()): string {
  const at = series
    .map((s) => ({ s, p: s.points.find((p) => p.workers === workers) }))
    .filter((x): x is { s: MachineSeries; p: MachineSeries["points"][number] } => x.p !== undefined);
  if (at.length === 0) return `No series has a run on ${workers} workers: add one with \`--workers ${workers}\`.`;
  const list = at.map(({ s, p }) => `${s.workload} on ${s.host}: **${p.speedup.toFixed(2)}x**`).join("; ");
  const best = at.reduce((a, b) => (b.p.speedup > a.p.speedup ? b : a));
  const reason = compareReason(
    at.map((x) => x.s),
    best.s,
  );
  const verdict =
    best.p.speedup >= 1
      ? `The best was ${best.s.workload} (${Math.round(best.p.efficiency * 100)}% efficiency). ${reason}`
      : `None reached 1x on ${workers} workers: here the pool cost more than it saved. ${reason} ${loadSentence(load)}`;
  return `${busyBanner(load)}Speedup on ${workers} workers, each against its own sequential run: ${list}. ${verdict}`;
}
