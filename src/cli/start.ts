/**
 * `sweeplab start` (what `npm start` runs): the lecture's sweep sequentially and on a pool, both
 * timed, with the speedup measured on this machine and whether the results agree bit for bit.
 */
import * as path from "node:path";
import { defaultWorkers, maxWorkers } from "../parallel/pool.js";
import { workload } from "../physics/workloads.js";
import { numberFlag, outFlag, parseFlags } from "./args.js";
import { formatTable, runToFolder } from "./sweep.js";
import { formatMs, formatRows } from "../core/format.js";
import { wallBreakdown } from "../measure/analysis.js";
import { breakdownColumns } from "../notebook/tables.js";
import { openPool } from "../parallel/open-pool.js";
import { runSweep } from "../sweep/run.js";

const startHelp = `Usage: sweeplab start [--out DIR] [--workers W] [--quiet]

Runs the lecture's 20-job sweep sequentially, on a cold pool (new workers for the sweep) and on a
warm one (opened and warmed once before), all chunksize 2 as the lecture; prints the wall times,
the speedups measured here and where each pooled run's time went, and writes the sequential and
cold-pool results to DIR/lecture-sequential and DIR/lecture-pooled (default DIR: results).`;

/** `sweeplab start`: the lecture sweep both ways, timed honestly. */
export async function startCommand(argv: string[]): Promise<number> {
  const v = parseFlags("start", argv, {
    out: { type: "string", example: "results" },
    workers: { type: "string", example: "2" },
    quiet: { type: "boolean" },
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
  const w = workload("lecture");
  const common = { workload: w, resume: false, force: true, quiet };
  const seq = await runToFolder({ ...common, sequential: true, out: path.join(dir, "lecture-sequential") });
  const pooled = await runToFolder({
    ...common,
    sequential: false,
    workers,
    chunksize: 2,
    out: path.join(dir, "lecture-pooled"),
  });
  // The same sweep on a pool opened and warmed once (issue 11): its start-up is paid before the timing.
  const warmPool = await openPool({ workers, warm: true });
  const warm = await runSweep(w, { pool: warmPool, chunksize: 2 }).finally(() => warmPool.close());
  if (!quiet) process.stdout.write(formatTable(pooled.rows, pooled) + "\n\n");
  const speedup = seq.wallMs / pooled.wallMs;
  const same = seq.rows.every(
    (row, i) => row.sz_mean === pooled.rows[i].sz_mean && row.s2_abs === pooled.rows[i].s2_abs,
  );
  const jobMs = seq.jobs.map((j) => j.end - j.start).sort((a, b) => a - b);
  process.stdout.write(
    [
      `The lecture sweep (${seq.rows.length} jobs, nz = ${w.nz}) on this machine (${defaultWorkers()} cores, Node ${process.version}):`,
      `  sequential:                      ${(seq.wallMs / 1000).toFixed(3)} s  (median job ${jobMs[jobMs.length >> 1].toFixed(1)} ms)`,
      `  cold pool of ${workers}, chunksize 2:     ${(pooled.wallMs / 1000).toFixed(3)} s  (new workers for this sweep: start-up and shutdown included)`,
      `  warm pool of ${workers}, chunksize 2:     ${(warm.wallMs / 1000).toFixed(3)} s  (opened and warmed once before, in ${formatMs(warmPool.startupMs)}, not included): ${(seq.wallMs / warm.wallMs).toFixed(2)}x`,
      `  speedup of the cold pool: ${speedup.toFixed(2)}x ${speedup < 1 ? "(the pool LOST: starting workers costs more than these small jobs save)" : speedup < workers * 0.8 ? `(below the ideal ${workers}x: start-up, dispatch and the slowest job's tail)` : ""}`,
      `  pooled results identical to sequential: ${same ? "yes, bit for bit" : "NO"}`,
      `Where each pooled run's time went (ms, per worker; each column adds up to its wall time):`,
      formatRows(
        breakdownColumns({ "cold pool": wallBreakdown(seq.jobs, pooled), "warm pool": wallBreakdown(seq.jobs, warm) }),
      ).replace(/^/gm, "  "),
      `Results: ${path.join(dir, "lecture-sequential")}/ and ${path.join(dir, "lecture-pooled")}/ (summary.csv, run.json, jobs.jsonl)`,
      `For jobs big enough that a pool pays, try: npx sweeplab sweep --workload heavy --workers ${workers}`,
    ].join("\n") + "\n",
  );
  return same ? 0 : 1;
}
