/**
 * The `sweeplab` command line: `sweep` (one sweep into a folder), `start` (the lecture sweep both
 * ways, timed: what `npm start` runs) and `bench` (the timing experiments).
 */
import * as nodeModule from "node:module";
import { closest } from "../core/check.js";
import { SweepInterruptedError, UsageError } from "../core/errors.js";
import { interruptAll, removeThreadsExitHandlers } from "../parallel/interrupt.js";
import { hintOf, inFlagWords } from "./hints.js";

const help = `Usage: sweeplab <command> [options]

Commands:
  sweep   run one sweep (sequential or pooled) and write summary.csv, run.json, jobs.jsonl
  start   the lecture sweep sequentially and pooled, both timed, results under results/
  bench   the timing experiments and their plots (see sweeplab bench --help)
  merge   put the shards of a sweep (sweep --shard I/N) back into one summary.csv
  compare several machines' speedup and efficiency in one table and one figure
  predict the speedup of N workers here, as a range, from parts measured on this machine

sweeplab <command> --help shows the options of each command.`;

const commands = ["sweep", "start", "bench", "merge", "compare", "predict"];

/** "did you mean `sweep`? " for a near miss such as `swep`, else nothing. */
function didYouMean(typed: string, commands: string[]): string {
  const near = closest(typed, commands);
  return near === undefined ? "" : `did you mean \`${near}\`? `;
}

/** Runs the CLI with `argv` (without `node` and the script); resolves to the exit code. */
export async function cli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  // Node 22.1+ keeps compiled code between runs, so a fresh process loads the command's modules
  // faster; older Nodes have no such function.
  (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  // A signal stops the running pool (the sweep then saves what it has and exits 130 / 143); with
  // no pool running there is nothing to save, so the CLI exits at once with the same code.
  removeThreadsExitHandlers();
  const onTerm = () => interruptAll("SIGTERM") > 0 || process.exit(143);
  const onInt = () => interruptAll("SIGINT") > 0 || process.exit(130);
  // SIGHUP: the terminal went away (an ssh session that dropped). Its default action kills the
  // process with run.json left "running" and the lock left behind: stop as on SIGTERM instead,
  // and ignore the errors of writing to a terminal that is gone.
  const onHup = () => {
    for (const stream of [process.stdout, process.stderr]) stream.on("error", () => undefined);
    return interruptAll("SIGHUP") > 0 || process.exit(129);
  };
  process.on("SIGTERM", onTerm);
  process.on("SIGINT", onInt);
  process.on("SIGHUP", onHup);
  try {
    // each command's module loads when it runs: a sweep that draws nothing never loads vega
    switch (command) {
      case "sweep":
        return await (await import("./sweep.js")).sweepCommand(rest);
      case "start":
        return await (await import("./start.js")).startCommand(rest);
      case "bench":
        return await (await import("./bench.js")).benchCommand(rest);
      case "merge":
        return await (await import("./merge.js")).mergeCommand(rest);
      case "compare":
        return await (await import("./compare.js")).compareCommand(rest);
      case "predict":
        return await (await import("./predict.js")).predictCommand(rest);
      case undefined:
      case "help":
      case "--help":
      case "-h":
        process.stdout.write(help + "\n");
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(
          `unknown command "${command}": ${didYouMean(command, commands)}the commands are sweep, start, bench, merge, compare and predict (see sweeplab --help)`,
        );
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
      return error.reason === "SIGTERM" ? 143 : error.reason === "SIGHUP" ? 129 : 130;
    }
    process.stderr.write(`sweeplab: ${inFlagWords((error as Error).message)}\n${hint ? `sweeplab: ${hint}\n` : ""}`);
    return 1;
  } finally {
    process.off("SIGTERM", onTerm);
    process.off("SIGINT", onInt);
    process.off("SIGHUP", onHup);
  }
}

export { sweepHelp } from "./sweep-help.js";

if (require.main === module) {
  cli(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
