/**
 * `sweeplab start` (what `npm start` runs): the lecture's sweep as a loop and on a pool, each set
 * against the other in the same state (a cold process against a cold pool; a warmed loop against
 * a warm pool), with the speedups measured on this machine, where each pooled run's time went,
 * and whether the results agree bit for bit.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { UsageError } from "../core/errors.js";
import { defaultWorkers, maxWorkers } from "../parallel/options.js";
import { workload } from "../physics/workloads.js";
import { numberFlag, outFlag, parseFlags } from "./args.js";
import { formatTable, runToFolder } from "./sweep.js";
import { writeAtomic } from "./files.js";
import { machine } from "../core/machine.js";
import { formatMs, formatRows } from "../core/format.js";
import type { TimingStats } from "../core/types.js";
import { sameObservables, fairSpeedup, speedupVerdict, wallBreakdown } from "../measure/analysis.js";
import { stats } from "../measure/timing.js";
import { breakdownColumns } from "../notebook/tables.js";
import { openPool } from "../parallel/open-pool.js";
import { type SweepReport, runSweep } from "../sweep/run.js";

const startHelp = `Usage: sweeplab start [--out DIR] [--workers W] [--force] [--quiet]

Runs the lecture's 20-job sweep, chunksize 2 as the lecture, two ways and in two states:
  cold: this fresh process's first loop against a pool of new workers (start-up included);
  warm: the loop after a warm-up against a pool opened and warmed before, in turn, medians of
        5 runs each.
Prints the wall times, the speedups measured here, where each pooled run's time went, and
writes the cold loop's and cold pool's results to DIR/lecture-sequential and
DIR/lecture-pooled (default DIR: results), and its figures to DIR/start.json. A later start
replaces what an earlier start wrote there; a run that another command wrote into either folder
is kept unless --force is given.`;

/** The two run folders start writes into DIR, and the file that marks them as its own. */
const startRuns = ["lecture-sequential", "lecture-pooled"];
const startMark = "start.json";

/**
 * Refuses, before anything is written, to replace a run in DIR that \`sweeplab start\` did not
 * write (no start.json beside it) unless \`force\`; returns the runs an earlier start left, which
 * this one replaces.
 */
export function checkStartFolder(dir: string, force: boolean): string[] {
  const held = startRuns.filter((sub) =>
    ["run.json", "jobs.jsonl"].some((file) => fs.existsSync(path.join(dir, sub, file))),
  );
  if (held.length > 0 && !force && !fs.existsSync(path.join(dir, startMark))) {
    throw new UsageError(
      `\`--out\` folder "${dir}" holds a run at ${held.join(" and ")} that sweeplab start did not write: pass --force to replace it, or another --out`,
      "out",
    );
  }
  return held;
}

/** Timed pairs (loop, then pool) in the warm comparison, after one untimed pair. */
export const warmRepeats = 5;

/** The one verdict rule for a speedup (measure/analysis.ts). */
export const verdict = speedupVerdict;

const x = (ratio: number) => `${ratio.toFixed(2)}x`;
const spread = (t: TimingStats, f: (v: number) => string) => `${f(t.medianMs)} (${f(t.minMs)} to ${f(t.maxMs)})`;

/** `sweeplab start`: the lecture sweep both ways, timed honestly. */
export async function startCommand(argv: string[]): Promise<number> {
  const v = parseFlags("start", argv, {
    out: { type: "string", example: "results" },
    workers: { type: "string", example: "2" },
    quiet: { type: "boolean" },
    force: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (v.help) {
    process.stdout.write(startHelp + "\n");
    return 0;
  }
  const workers =
    numberFlag("workers", v.workers, { integer: true, min: 1, max: maxWorkers, example: String(defaultWorkers()) }) ??
    defaultWorkers();
  const dir = outFlag(v.out, "results");
  const quiet = v.quiet === true;
  const say = (line: string) => !quiet && process.stderr.write(`${line}\n`);
  if (checkStartFolder(dir, v.force === true).length > 0)
    say(`sweeplab start: replacing an earlier start's results in ${dir}`);
  const w = workload("lecture");
  const common = { workload: w, resume: false, force: true, quiet };
  say(`sweeplab start: 1 of 3, the loop (sequential), the first sweep of this fresh process:`);
  const seq = await runToFolder({ ...common, sequential: true, out: path.join(dir, "lecture-sequential") });
  say(`sweeplab start: 2 of 3, a cold pool of ${workers} (new workers for this sweep):`);
  const pooled = await runToFolder({
    ...common,
    sequential: false,
    workers,
    chunksize: 2,
    out: path.join(dir, "lecture-pooled"),
  });
  say(
    `sweeplab start: 3 of 3, the warmed loop against a warm pool of ${workers}, ${warmRepeats} runs each, interleaved`,
  );
  const warm = await warmComparison(workers);
  if (!quiet) process.stdout.write(formatTable(pooled.rows, pooled) + "\n\n");
  const cold = fairSpeedup(seq.wallMs, pooled);
  const same = sameObservables(seq.rows, pooled.rows) && warm.same;
  const coldB = wallBreakdown(seq.jobs, pooled);
  const warmB = wallBreakdown(warm.loop.jobs, warm.pool);
  process.stdout.write(
    [
      `The lecture sweep (${seq.rows.length} jobs, nz = ${w.nz}, chunksize 2) on this machine (${defaultWorkers()} cores, Node ${process.version}):`,
      `Cold: this fresh process's first loop against a pool of new workers (their start-up and shutdown included)`,
      `  loop, cold process:  ${formatMs(seq.wallMs)}`,
      `  cold pool of ${workers}:      ${formatMs(pooled.wallMs)}  speedup ${x(cold.speedup)}: ${verdict(cold.speedup, workers)}`,
      `Warm: the loop after a warm-up against a pool opened and warmed before (in ${formatMs(warm.openMs)}, not included); median (min to max) of ${warmRepeats} runs each, loop and pool in turn`,
      `  loop, warmed:        ${spread(warm.loopMs, formatMs)}`,
      `  warm pool of ${workers}:      ${spread(warm.poolMs, formatMs)}  speedup ${spread(warm.speedup, x)}: ${verdict(warm.speedup.medianMs, workers)}`,
      `  pooled results identical to the loop's: ${same ? "yes, bit for bit" : "NO"}`,
      `A speedup counts the loop's time, but at most the pool's own job time: jobs that happen to run faster in the pool than in the loop are not credited to the pool, so no speedup exceeds the worker count.`,
      `Where each pool run's time went, per worker (ms; each column adds up to its wall time; the last row compares the pool's job time with the loop's):`,
      formatRows(breakdownColumns({ "cold pool": coldB, "warm pool (last run)": warmB }), { digits: 3 }).replace(
        /^/gm,
        "  ",
      ),
      `A job took ${x(coldB.busyRatio)} its loop time in the cold pool and ${x(warmB.busyRatio)} in the warm one.`,
      `Results: ${path.join(dir, "lecture-sequential")}/ and ${path.join(dir, "lecture-pooled")}/ (summary.csv, run.json, jobs.jsonl; the pool's timeline.svg); these figures: ${path.join(dir, startMark)}`,
      `For jobs big enough that a pool pays, try: npx sweeplab sweep --workload heavy --workers ${workers}`,
    ].join("\n") + "\n",
  );
  const figures = { workers, loopMs: seq.wallMs, coldPoolMs: pooled.wallMs, coldSpeedup: cold.speedup, warm, same };
  const { loop: _loop, pool: _pool, ...warmFigures } = figures.warm;
  writeAtomic(
    path.join(dir, startMark),
    JSON.stringify({ ...figures, warm: warmFigures, machine: machine() }, null, 2) + "\n",
  );
  return same ? 0 : 1;
}

/** The warm comparison: its runs' times, the fair speedup per pair, the last pair's reports. */
interface WarmComparison {
  openMs: number;
  loopMs: TimingStats;
  poolMs: TimingStats;
  speedup: TimingStats;
  loop: SweepReport;
  pool: SweepReport;
  same: boolean;
}

/**
 * The loop and a warm pool in the same state: the pool opened and warmed first, then one untimed
 * pair (each warms on the sweep itself), then `warmRepeats` pairs, loop and pool in turn so that
 * both see the same load. The pool is closed however this ends.
 */
async function warmComparison(workers: number): Promise<WarmComparison> {
  const pool = await openPool({ workers, warm: true, exclusive: false });
  try {
    const loopRun = () => runSweep("lecture", { sequential: true });
    const poolRun = () => runSweep("lecture", { pool, chunksize: 2 });
    await loopRun();
    await poolRun();
    const loops: SweepReport[] = [];
    const pools: SweepReport[] = [];
    for (let k = 0; k < warmRepeats; k++) {
      loops.push(await loopRun());
      pools.push(await poolRun());
    }
    const speedups = loops.map((loop, k) => fairSpeedup(loop.wallMs, pools[k]).speedup);
    return {
      openMs: pool.startupMs + pool.warmupMs,
      loopMs: stats(loops.map((r) => r.wallMs)),
      poolMs: stats(pools.map((r) => r.wallMs)),
      speedup: stats(speedups),
      loop: loops[loops.length - 1],
      pool: pools[pools.length - 1],
      same: pools.every((p, k) => sameObservables(loops[k].rows, p.rows)),
    };
  } finally {
    await pool.close();
  }
}
