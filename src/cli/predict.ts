/**
 * `sweeplab predict --workers N`: the speedup a cold pool of N workers should reach on this
 * machine, as a range, built from parts measured here (measure/predict.ts): the sequential loop, a
 * pool of 1 taken apart, and the machine's share with its cores busy. Writes nothing to disk.
 */
import { UsageError } from "../core/errors.js";
import { assertOneOf } from "../core/check.js";
import { machine } from "../core/machine.js";
import { measureParts } from "../measure/experiments.js";
import { type SpeedupPrediction, predictSpeedup } from "../measure/predict.js";
import type { PartsResult } from "../measure/experiments/parts.js";
import { defaultChunksize, maxWorkers } from "../parallel/options.js";
import { largestFirst } from "../parallel/schedule.js";
import type { Workload } from "../physics/workloads.js";
import { type FlagSpec, numberFlag, parseFlags } from "./args.js";
import { parseSweepFlags, workloadFlags } from "./sweep.js";

const flags: FlagSpec = {
  ...workloadFlags,
  workers: { type: "string", example: "16" },
  chunksize: { type: "string", example: "2" },
  schedule: { type: "string", example: "largest-first" },
  repeats: { type: "string", example: "3" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
};

const schedules = ["in-order", "largest-first"] as const;

export const predictHelp = `Usage: sweeplab predict --workers N [workload flags] [--chunksize C] [--schedule S] [--json]

Predicts the speedup of a sweep on a pool of N workers (started and stopped with the sweep)
against the sequential loop in the same state (the first sweep of a fresh process), as a range,
from parts measured on this machine: that loop, a pool of 1 taken apart (start-up, a fresh worker's warm-up, the round trip per chunk, the stop) and
the machine's own share with its cores busy. It prints how long measuring takes (a few seconds
for the lecture, under a minute for --workload heavy --t-scale 10) and writes nothing to disk.

  --workers N        the pool to predict for, 1-${maxWorkers} (required)
  --chunksize C      jobs per dispatch (default: Pool.map's rule for N workers)
  --schedule S       in-order (default, the lecture's) or largest-first (costliest jobs first)
  --repeats R        times each part is measured, 1-20 (default 3)
  --json             print one JSON object: { workers, speedup: { low, high }, wallMs, parts, ... }
  workload flags     as for sweeplab sweep: --workload, --nz, --n-r, --r-min, --r-max, --eta,
                     --seed, --rtol, --atol, --max-steps, --t-scale, --n-samples, --method, --rhs

Example: npx sweeplab predict --workers 16 --workload heavy --t-scale 10 --chunksize 2`;

export interface PredictCommand {
  workload: Workload;
  workers: number;
  chunksize: number;
  schedule: (typeof schedules)[number];
  repeats: number;
  json: boolean;
}

/** Parses and checks the flags of `sweeplab predict` (throws UsageError, exit 2). */
export function parsePredictFlags(argv: string[]): PredictCommand | "help" {
  const v = parseFlags("predict", argv, flags);
  if (v.help) return "help";
  // the workload's flags go through sweep's own parsing, so they get the same checks and messages
  const sweepArgs = Object.keys(workloadFlags).flatMap((name) =>
    v[name] === undefined ? [] : [`--${name}=${String(v[name])}`],
  );
  const parsed = parseSweepFlags(sweepArgs);
  if (parsed === "help") return "help";
  const { workload } = parsed;
  if (v.workers === undefined) {
    throw new UsageError(
      "`--workers` is required: the pool to predict for, e.g. --workers 16 (see `sweeplab predict --help`)",
      "--workers",
    );
  }
  const workers = numberFlag("workers", v.workers, { integer: true, min: 1, max: maxWorkers, example: "16" })!;
  const chunksize =
    numberFlag("chunksize", v.chunksize, { integer: true, min: 1, max: workload.nR, example: "2" }) ??
    defaultChunksize(workload.nR, workers);
  const schedule = (v.schedule ?? "in-order") as PredictCommand["schedule"];
  assertOneOf(schedule, "--schedule", schedules, "in-order is the lecture's job order");
  const repeats = numberFlag("repeats", v.repeats, { integer: true, min: 1, max: 20, example: "3" }) ?? 3;
  return { workload, workers, chunksize, schedule, repeats, json: v.json === true };
}

const r = (x: number) => x.toFixed(2);
const ms = (s: { low: number; high: number }, digits = 0) => `${s.low.toFixed(digits)}-${s.high.toFixed(digits)} ms`;

/** The prediction and the parts under it, in the words the terminal prints. */
export function predictionLines(cmd: PredictCommand, parts: PartsResult, p: SpeedupPrediction): string[] {
  const m = machine();
  return [
    `Measured on this machine (${m.cores} cores${parts.cores !== m.cores ? `, taken as ${parts.cores} by SWEEPLAB_CORES` : ""}, load ${m.loadAverage}) in ${(parts.tookMs / 1000).toFixed(1)} s, ${cmd.repeats} repeat(s) each (least-most):`,
    `  sequential loop, the first sweep of a fresh process: ${ms(parts.sequentialMs)}`,
    `  a cold pool of 1: first job after ${ms(parts.startupMs)}; a fresh worker's warm-up ${ms(parts.warmupMs)}; ${ms(parts.dispatchMs, 1)} per chunk's round trip; stop ${ms(parts.stopMs)}`,
    ...parts.contention.map(
      (c) =>
        `  ${c.k} workers at once: each worker's jobs ${r(c.slowdown.low)}-${r(c.slowdown.high)}x their time alone`,
    ),
    `Predicted for ${cmd.workers} worker(s), chunksize ${cmd.chunksize}, ${cmd.schedule}: ${r(p.speedup.low)}x to ${r(p.speedup.high)}x the loop in a fresh process (cold against cold; wall ${ms(p.wallMs)})`,
    "It assumes:",
    ...p.assumptions.map((a) => `  - ${a}`),
  ];
}

/** Runs `sweeplab predict`; returns the exit code. */
export async function predictCommand(argv: string[], out = process.stdout, err = process.stderr): Promise<number> {
  const cmd = parsePredictFlags(argv);
  if (cmd === "help") {
    out.write(predictHelp + "\n");
    return 0;
  }
  const w = cmd.workload;
  err.write(
    `sweeplab predict: measuring the ${w.nR} jobs (nz = ${w.nz}) here: the loop, a pool of 1, and the cores busy at once\n`,
  );
  const parts = await measureParts({
    workload: { ...w },
    chunksize: cmd.chunksize,
    repeats: cmd.repeats,
    log: (line) => err.write(`  ${line}\n`),
  });
  const order = cmd.schedule === "largest-first" ? largestFirst(parts.jobMs) : undefined;
  const p = predictSpeedup(parts, { workers: cmd.workers, chunksize: cmd.chunksize, order });
  if (cmd.json) {
    const { tookMs, ...measured } = parts;
    const json = { ...p, schedule: cmd.schedule, workload: w, tookMs, parts: measured, machine: machine() };
    out.write(JSON.stringify(json) + "\n");
  } else out.write(predictionLines(cmd, parts, p).join("\n") + "\n");
  return 0;
}
