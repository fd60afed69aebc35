/**
 * Notebook 07's runs: `sweeplab sweep` run from a cell exactly as a student runs it in a terminal
 * (the built CLI, in a child process), once `--sequential` and once per worker count, each into its
 * own folder, so `loadComparison` reads them as it reads a class's shared folder.
 */
import { execFile } from "node:child_process";
import * as path from "node:path";
import { describe } from "../core/check.js";
import { UsageError } from "../core/errors.js";
import { machine } from "../core/machine.js";
import type { MachineSeries } from "../core/types.js";
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
 * Runs `sweeplab sweep FLAGS --sequential --out DIR/sequential`, then `--workers W --out
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
    runs.push({ out, command: `sweeplab ${args.join(" ")}` });
  }
  return runs;
}

/**
 * What the series say at `workers` workers, in one paragraph computed from them: each speedup and
 * which sweep scaled best, under the busy banner when the machine was busy (notebook/busy.ts).
 * @example compareVerdict(loadComparison("results/notebook-07").series)
 */
export function compareVerdict(series: readonly MachineSeries[], workers = 2, load: Load = machine()): string {
  const at = series
    .map((s) => ({ s, p: s.points.find((p) => p.workers === workers) }))
    .filter((x): x is { s: MachineSeries; p: MachineSeries["points"][number] } => x.p !== undefined);
  if (at.length === 0) return `No series has a run on ${workers} workers: add one with \`--workers ${workers}\`.`;
  const list = at.map(({ s, p }) => `${s.workload} on ${s.host}: **${p.speedup.toFixed(2)}x**`).join("; ");
  const best = at.reduce((a, b) => (b.p.speedup > a.p.speedup ? b : a));
  const verdict =
    best.p.speedup >= 1
      ? `The best was ${best.s.workload} (${Math.round(best.p.efficiency * 100)}% efficiency): there the work per job outweighed the pool's costs.`
      : `None reached 1x on ${workers} workers: here the pool cost more than it saved. ${loadSentence(load)}`;
  return `${busyBanner(load)}Speedup on ${workers} workers, each against its own sequential run: ${list}. ${verdict}`;
}
