/**
 * The `sweeplab` command line: `sweep` (one sweep into a folder), `start` (the lecture sweep both
 * ways, timed: what `npm start` runs) and `bench` (the timing experiments).
 */
import { closest } from "../core/check.js";
import { SweepInterruptedError, UsageError } from "../core/errors.js";
import { interruptAll, removeThreadsExitHandlers } from "../parallel/interrupt.js";
import { sweepCommand, sweepHelp } from "./sweep.js";
import { benchCommand } from "./bench.js";
import { compareCommand } from "./compare.js";
import { mergeCommand } from "./merge.js";
import { startCommand } from "./start.js";
import { predictCommand } from "./predict.js";
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
      case "predict":
        return await predictCommand(rest);
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
      return error.reason === "SIGTERM" ? 143 : 130;
    }
    process.stderr.write(`sweeplab: ${inFlagWords((error as Error).message)}\n${hint ? `sweeplab: ${hint}\n` : ""}`);
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
