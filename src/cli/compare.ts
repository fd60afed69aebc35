/**
 * `sweeplab compare`: several machines' scaling in one table and one figure (speedup and
 * efficiency, each machine against its own sequential baseline), from bench.json files and sweep
 * runs. The library side is loadComparison (../compare.ts), for a notebook cell.
 */
import * as path from "node:path";
import { UsageError } from "../core/errors.js";
import { comparisonTable, loadComparison } from "../measure/compare.js";
import { comparePlot } from "../plots/plots.js";
import { savePlot } from "../plots/render.js";
import { parseFlags } from "./args.js";
import { makeDir, writeAtomic } from "./files.js";

export const compareHelp = `Usage: sweeplab compare [--out DIR] RUN_OR_BENCH_DIR...

Puts the scaling of several machines (a laptop, a cluster node, a classmate's machine) in one
table and one figure, each against its own sequential baseline in the same state (each sweep run
is a fresh process, so a pool of new workers is set against a loop that starts as cold), labelled
by host, CPU and cores. A speedup credits the loop's time at most as the pool's own job time, so
none exceeds its worker count; the table's seq/wall column is the ratio of the wall times alone.
It reads every bench.json (sweeplab bench) and every finished sweep run (run.json of sweeplab
sweep) at or under the paths given: sweep runs of one sweep on one machine make a series when one
ran --sequential (the baseline) and others ran on pools. Writes
  DIR/compare.svg, DIR/compare.vl.json   the figure (speedup and efficiency versus workers)
  DIR/compare.json                       the series, and what was left out and why

  --out DIR     output folder                                            [results/compare]
  --quiet       no table
  -h, --help    this help

Example: sweeplab compare results/laptop-bench results/node-bench`;

const flags = {
  out: { type: "string", example: "results/compare" },
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** Runs `sweeplab compare`; returns the exit code. */
export async function compareCommand(argv: string[], stdout = process.stdout): Promise<number> {
  const positionals: string[] = [];
  const v = parseFlags("compare", argv, flags, positionals);
  if (v.help) {
    stdout.write(compareHelp + "\n");
    return 0;
  }
  if (positionals.length === 0) {
    throw new UsageError(
      "`sweeplab compare` needs the folders to compare (bench or sweep output), got none: e.g. sweeplab compare results/laptop-bench results/node-bench",
      "RUN_OR_BENCH_DIR",
    );
  }
  const { series, skipped } = loadComparison(positionals);
  if (series.length === 0) {
    const why = skipped.length ? `; left out: ${skipped.map((s) => `${s.source} (${s.reason})`).join("; ")}` : "";
    throw new UsageError(
      `\`sweeplab compare\` found nothing to compare under ${positionals.join(", ")}${why}: run sweeplab bench --out DIR on each machine (or sweeplab sweep --sequential and --workers W into folders there) and pass those folders`,
      "RUN_OR_BENCH_DIR",
    );
  }
  const out = v.out === undefined ? path.join("results", "compare") : String(v.out);
  makeDir(out);
  const figure = await savePlot(comparePlot(series), out, "compare");
  writeAtomic(
    path.join(out, "compare.json"),
    JSON.stringify({ createdAt: new Date().toISOString(), series, skipped }, null, 2) + "\n",
  );
  if (v.quiet !== true) {
    const left = skipped.map((s) => `  left out ${s.source}: ${s.reason}`);
    stdout.write(
      [
        comparisonTable(series),
        ...left,
        `Wrote ${figure.svg}, ${figure.json} and ${path.join(out, "compare.json")}`,
      ].join("\n") + "\n",
    );
  }
  return 0;
}
