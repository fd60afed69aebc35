/**
 * The `sweeplab` command line: `sweep` (one sweep into a folder), `start` (the lecture sweep both
 * ways, timed: what `npm start` runs) and `bench` (the timing experiments).
 */
import * as path from "node:path";
import { SweepInterruptedError, UsageError } from "../core/errors.js";
import { interruptAll, removeThreadsExitHandlers } from "../parallel/interrupt.js";
import { defaultWorkers, maxWorkers } from "../parallel/pool.js";
import { formatTable, runToFolder, sweepCommand, sweepHelp } from "./sweep.js";
import { workload } from "../physics/workloads.js";
import { numberFlag, parseFlags } from "./args.js";
import { benchCommand } from "./bench.js";
import { compareCommand } from "./compare.js";
import { mergeCommand } from "./merge.js";
import { hintOf } from "./hints.js";

const help = `Usage: sweeplab <command> [options]

Commands:
  sweep   run one sweep (sequential or pooled) and write summary.csv, run.json, jobs.jsonl
  start   the lecture sweep sequentially and pooled, both timed, results under results/
  bench   the timing experiments and their plots (see sweeplab bench --help)
  merge   put the shards of a sweep (sweep --shard I/N) back into one summary.csv
  compare several machines' speedup and efficiency in one table and one figure

sweeplab <command> --help shows the options of each command.`;

const startHelp = `Usage: sweeplab start [--out DIR] [--workers W] [--quiet]

Runs the lecture's 20-job sweep twice, sequentially and on a pool (chunksize 2, as the lecture),
prints both wall times and the speedup measured here, and writes the results to
DIR/lecture-sequential and DIR/lecture-pooled (default DIR: results).`;

/** `sweeplab start`: the lecture sweep both ways, timed honestly. */
async function startCommand(argv: string[]): Promise<number> {
  const v = parseFlags("start", argv, { out: { type: "string", example: "results" }, workers: { type: "string", example: "2" }, quiet: { type: "boolean" }, help: { type: "boolean", short: "h" } });
  if (v.help) {
    process.stdout.write(startHelp + "\n");
    return 0;
  }
  const workers = numberFlag("workers", v.workers, { integer: true, min: 1, max: maxWorkers, example: String(defaultWorkers()) }) ?? defaultWorkers();
  const dir = v.out === undefined ? "results" : String(v.out);
  const quiet = v.quiet === true;
  const w = workload("lecture");
  const common = { workload: w, resume: false, force: true, quiet };
  const seq = await runToFolder({ ...common, sequential: true, out: path.join(dir, "lecture-sequential") });
  const pooled = await runToFolder({ ...common, sequential: false, workers, chunksize: 2, out: path.join(dir, "lecture-pooled") });
  if (!quiet) process.stdout.write(formatTable(pooled.rows, pooled) + "\n\n");
  const speedup = seq.wallMs / pooled.wallMs;
  const same = seq.rows.every((row, i) => row.sz_mean === pooled.rows[i].sz_mean && row.s2_abs === pooled.rows[i].s2_abs);
  const jobMs = seq.jobs.map((j) => j.end - j.start).sort((a, b) => a - b);
  process.stdout.write(
    [
      `The lecture sweep (${seq.rows.length} jobs, nz = ${w.nz}) on this machine (${defaultWorkers()} cores, Node ${process.version}):`,
      `  sequential:                      ${(seq.wallMs / 1000).toFixed(3)} s  (median job ${jobMs[jobMs.length >> 1].toFixed(1)} ms)`,
      `  pool of ${workers}, chunksize 2:          ${(pooled.wallMs / 1000).toFixed(3)} s  (pool start-up and shutdown included)`,
      `  speedup: ${speedup.toFixed(2)}x ${speedup < 1 ? "(the pool LOST: starting workers costs more than these small jobs save)" : speedup < workers * 0.8 ? `(below the ideal ${workers}x: start-up, dispatch and the slowest job's tail)` : ""}`,
      `  pooled results identical to sequential: ${same ? "yes, bit for bit" : "NO"}`,
      `Results: ${path.join(dir, "lecture-sequential")}/ and ${path.join(dir, "lecture-pooled")}/ (summary.csv, run.json, jobs.jsonl)`,
      `For jobs big enough that a pool pays, try: npx sweeplab sweep --workload heavy --workers ${workers}`,
    ].join("\n") + "\n",
  );
  return same ? 0 : 1;
}

/** Runs the CLI with `argv` (without `node` and the script); resolves to the exit code. */
export async function cli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  // A signal stops the running pool (the sweep then saves what it has and exits 130 / 143); with
  // no pool running there is nothing to save, so the CLI exits at once with the same code.
  removeThreadsExitHandlers();
  const onTerm = () => interruptAll("SIGTERM") > 0 || process.exit(143);
  const onInt = () => interruptAll("SIGINT") > 0 || process.exit(130);
  process.on("SIGTERM", onTerm);
  process.on("SIGINT", onInt);
  try {
    switch (command) {
      case "sweep":
        return await sweepCommand(rest);
      case "start":
        return await startCommand(rest);
      case "bench":
        return await benchCommand(rest);
      case "merge":
        return await mergeCommand(rest);
      case "compare":
        return await compareCommand(rest);
      case undefined:
      case "help":
      case "--help":
      case "-h":
        process.stdout.write(help + "\n");
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}": the commands are sweep, start, bench, merge and compare (see sweeplab --help)`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`sweeplab: ${error.message}\n`);
      return 2;
    }
    // what to do next depends on the command: only `sweep` has a jobs.jsonl to --resume from
    const hint = hintOf(error);
    if (error instanceof SweepInterruptedError) {
      process.stderr.write(`\nsweeplab: ${error.message}.${hint ? ` ${hint}` : ""}\n`);
      return error.reason === "SIGTERM" ? 143 : 130;
    }
    process.stderr.write(`sweeplab: ${(error as Error).message}\n${hint ? `sweeplab: ${hint}\n` : ""}`);
    return 1;
  } finally {
    process.off("SIGTERM", onTerm);
    process.off("SIGINT", onInt);
  }
}

export { sweepHelp };

if (require.main === module) {
  cli(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
