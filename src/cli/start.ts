/**
 * `sweeplab start` (what `npm start` runs): the lecture's sweep sequentially and on a pool, both
 * timed, with the speedup measured on this machine and whether the results agree bit for bit.
 */
import * as path from "node:path";
import { defaultWorkers, maxWorkers } from "../parallel/pool.js";
import { workload } from "../physics/workloads.js";
import { numberFlag, outFlag, parseFlags } from "./args.js";
import { formatTable, runToFolder } from "./sweep.js";

const startHelp = `Usage: sweeplab start [--out DIR] [--workers W] [--quiet]

Runs the lecture's 20-job sweep twice, sequentially and on a pool (chunksize 2, as the lecture),
prints both wall times and the speedup measured here, and writes the results to
DIR/lecture-sequential and DIR/lecture-pooled (default DIR: results).`;

/** `sweeplab start`: the lecture sweep both ways, timed honestly. */
export async function startCommand(argv: string[]): Promise<number> {
  const v = parseFlags("start", argv, { out: { type: "string", example: "results" }, workers: { type: "string", example: "2" }, quiet: { type: "boolean" }, help: { type: "boolean", short: "h" } });
  if (v.help) {
    process.stdout.write(startHelp + "\n");
    return 0;
  }
  const workers = numberFlag("workers", v.workers, { integer: true, min: 1, max: maxWorkers, example: String(defaultWorkers()) }) ?? defaultWorkers();
  const dir = outFlag(v.out, "results");
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
