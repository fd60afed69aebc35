/**
 * The sequential loop in the state a cold pool's workers are in: the first sweep of a fresh Node
 * process, its code not compiled yet. A pool started for one sweep is set against this loop, never
 * against a loop that already ran in a long-lived process (docs/benchmarks.md, "Fair ratios").
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { SweepInterruptedError } from "../core/errors.js";
import type { JobRecord, SummaryRow } from "../core/types.js";
import { register } from "../parallel/interrupt.js";
import type { Workload } from "../physics/workloads.js";

/** One cold loop: its wall time, job records and rows; with `warmJobs`, a second loop's job costs. */
export interface ColdLoop {
  /** The sweep's own wall time in the fresh process (its module loading before it not included), ms. */
  wallMs: number;
  jobs: JobRecord[];
  rows: SummaryRow[];
  /** Each job's cost (ms) in a second loop in the same process, compiled by the first: the warmed loop. */
  warmJobMs?: number[];
}

/** The sweep module the child loads: dist/sweep/run.js beside this file's dist/measure/. */
const runModule = path.resolve(__dirname, "..", "sweep", "run.js");

// The child reads the workload from its argv and prints one JSON line; nothing of the kit is
// loaded before `runSweep`'s own imports, as in `sweeplab sweep --sequential`.
const childScript = `
const { runSweep } = require(process.argv[1]);
const w = JSON.parse(process.argv[2]);
const warm = process.argv[3] === "warm";
(async () => {
  const first = await runSweep(w, { sequential: true, keepSamples: false });
  const out = { wallMs: first.wallMs, jobs: first.jobs, rows: first.rows };
  if (warm) out.warmJobMs = (await runSweep(w, { sequential: true, keepSamples: false })).jobs.map((j) => j.end - j.start);
  process.stdout.write(JSON.stringify(out) + "\\n");
})().catch((error) => { process.stderr.write(String(error && error.stack || error)); process.exit(1); });
`;

/**
 * Runs the workload's loop as the first sweep of a fresh Node process and returns what it took;
 * `warmJobs` runs it a second time in that process for the warmed loop's job costs. Ctrl-C or
 * SIGTERM while it runs (the kit's interrupt registry, as for a sweep) stops the child and rejects
 * with a SweepInterruptedError.
 *
 * @example
 * const cold = await coldLoop({ ...lecture }); // cold.wallMs: the loop before anything compiled
 */
export function coldLoop(w: Workload, options: { warmJobs?: boolean } = {}): Promise<ColdLoop> {
  return new Promise((resolve, reject) => {
    const args = ["-e", childScript, runModule, JSON.stringify(w), options.warmJobs ? "warm" : "cold"];
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stopped: string | undefined;
    const unregister = register({
      stop: (reason) => {
        stopped ??= reason;
        child.kill("SIGTERM");
      },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", (error) => {
      unregister();
      reject(error);
    });
    child.on("close", (code, signal) => {
      unregister();
      if (stopped) return reject(new SweepInterruptedError(stopped, 0, w.nR, "sequential"));
      if (code !== 0) return reject(new Error(`the loop in a fresh process failed (${code ?? signal}): ${stderr}`));
      resolve(JSON.parse(stdout) as ColdLoop);
    });
  });
}
