/**
 * `sweeplab sweep`: one sweep of a workload, sequential or pooled, written to an output folder
 * the way the lecture script writes its summary, plus the timing records.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type JobError, SweepInterruptedError, UsageError } from "../core/errors.js";
import { defaultWorkers, maxWorkers, resolvePoolOptions } from "../parallel/options.js";
import type { SweepReport } from "../sweep/run.js";
import { checkDenseMemory } from "../sweep/memory.js";
import { machine } from "../core/machine.js";
import type { JobRecord, SummaryRow } from "../core/types.js";
import { type Workload, buildSweep, resolveWorkload } from "../physics/workloads.js";
import { flagNames, numberFlag, outFlag, parseFlags, workloadFlag } from "./args.js";
import { writeAtomic } from "./files.js";
import { inFlagWords, withHint } from "./hints.js";
import { type JobLine, openJournal } from "./jobsfile.js";
import { sweepProgress } from "./progress.js";
import { runSubset } from "./sweep-subset.js";
import { parseShard, shardJobs } from "./shard.js";
import { openRunDir, rowsOf, summaryCsv } from "./rundir.js";
import { beginSession } from "./session.js";
import { sweepHelp } from "./sweep-help.js";
import { type SweepCommand, checkShardChunksize, dryRun, physicsConfig, sessionChunksize } from "./sweep-plan.js";

export type { SweepCommand };

export { sweepHelp };

/** Most jobs the CLI runs in one sweep (each keeps a record and a row in memory and on disk). */
export const maxJobs = 100000;

/** The flags that describe the workload (every field of it), shared with `sweeplab predict`. */
export const workloadFlags = {
  workload: { type: "string", example: "heavy" },
  nz: { type: "string", example: "100" },
  "n-r": { type: "string", example: "20" },
  "r-min": { type: "string", example: "0.2" },
  "r-max": { type: "string", example: "1.2" },
  eta: { type: "string", example: "0.5" },
  seed: { type: "string", example: "1" },
  rtol: { type: "string", example: "1e-7" },
  atol: { type: "string", example: "1e-9" },
  "max-steps": { type: "string", example: "100000" },
  "t-scale": { type: "string", example: "0.5" },
  "n-samples": { type: "string", example: "50" },
  method: { type: "string", example: "RK45" },
  rhs: { type: "string", example: "linear" },
} as const;

const flags = {
  ...workloadFlags,
  shard: { type: "string", example: "0/4" },
  sequential: { type: "boolean" },
  workers: { type: "string", example: "2" },
  chunksize: { type: "string", example: "2" },
  "timeout-ms": { type: "string", example: "60000" },
  out: { type: "string", example: "results/run1" },
  resume: { type: "boolean" },
  force: { type: "boolean" },
  quiet: { type: "boolean" },
  "dry-run": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** Parses and checks the flags of `sweeplab sweep` (throws UsageError, exit 2). */
export function parseSweepFlags(argv: string[]): SweepCommand | "help" {
  const v = parseFlags("sweep", argv, flags);
  if (v.help) return "help";
  const name = workloadFlag(v.workload, "lecture");
  const overrides = {
    nz: numberFlag("nz", v.nz, { integer: true, example: "100" }), // its range, and why, come from the workload check
    nR: numberFlag("n-r", v["n-r"], { integer: true, min: 1, max: maxJobs, example: "20" }),
    rMin: numberFlag("r-min", v["r-min"], { example: "0.2" }), // the workload check compares it with rMax
    rMax: numberFlag("r-max", v["r-max"], { min: 0, exclusiveMin: true, example: "1.2" }),
    eta: numberFlag("eta", v.eta, { min: 0, example: "0.5" }),
    seed: numberFlag("seed", v.seed, { integer: true, min: 0, max: 2 ** 32 - 1, example: "1" }),
    rtol: numberFlag("rtol", v.rtol, { example: "1e-7" }), // as nz: the workload check gives the range and why
    atol: numberFlag("atol", v.atol, { example: "1e-9" }),
    maxSteps: numberFlag("max-steps", v["max-steps"], { integer: true, min: 1, example: "100000" }),
    tScale: numberFlag("t-scale", v["t-scale"], { min: 0, exclusiveMin: true, example: "0.5" }),
    nSamples: numberFlag("n-samples", v["n-samples"], { integer: true, min: 1, example: "50" }), // the upper bound depends on nz: the workload check
    method: v.method === undefined ? undefined : String(v.method), // the workload check names the choices
    rhs: v.rhs === undefined ? undefined : String(v.rhs),
  };
  const w = resolveWorkload(name, overrides, flagNames(overrides));
  const sequential = v.sequential === true;
  const workers = numberFlag("workers", v.workers, {
    integer: true,
    min: 1,
    max: maxWorkers,
    example: String(defaultWorkers()),
  });
  const chunksize = numberFlag("chunksize", v.chunksize, { integer: true, min: 1, max: w.nR, example: "2" });
  const timeoutMs = numberFlag("timeout-ms", v["timeout-ms"], { min: 0, exclusiveMin: true, example: "60000" });
  if (sequential && (workers !== undefined || chunksize !== undefined || timeoutMs !== undefined)) {
    const flag = workers !== undefined ? "--workers" : chunksize !== undefined ? "--chunksize" : "--timeout-ms";
    throw new UsageError(`\`--sequential\` runs without a pool, so it takes no ${flag}: drop one of them`);
  }
  const shard = parseShard(v.shard, w.nR);
  if (!sequential) {
    // each worker holds its own copy of the dense matrices: refused here, before anything is written
    const jobs = shard ? shardJobs(w.nR, shard).length : w.nR;
    checkDenseMemory(w.nz, w.rhs, Math.min(workers ?? defaultWorkers(), jobs), os.totalmem(), {
      workers: "--workers",
      linear: "--rhs linear",
    });
  }
  if (shard && chunksize !== undefined) checkShardChunksize(chunksize, shard, w.nR);
  if (v.resume && v.force)
    throw new UsageError(
      "`--resume` and `--force` contradict each other: --resume keeps the finished jobs, --force discards them; pass one",
    );
  return {
    workload: w,
    sequential,
    workers,
    chunksize,
    timeoutMs,
    shard,
    out: outFlag(
      v.out,
      shard ? path.join("results", "shards", `shard-${shard.index}-of-${shard.count}`) : path.join("results", "sweep"),
    ),
    resume: v.resume === true,
    force: v.force === true,
    quiet: v.quiet === true,
    dryRun: v["dry-run"] === true,
  };
}

/** Runs `sweeplab sweep`; returns the exit code. */
export async function sweepCommand(argv: string[], out = process.stdout): Promise<number> {
  const cmd = parseSweepFlags(argv);
  if (cmd === "help") {
    out.write(sweepHelp + "\n");
    return 0;
  }
  if (cmd.dryRun) {
    out.write(dryRun(cmd) + "\n");
    return 0;
  }
  let report: FolderReport;
  try {
    report = await runToFolder(cmd);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const jobs = path.join(cmd.out, "jobs.jsonl");
    throw withHint(
      error,
      error instanceof SweepInterruptedError
        ? `Finished jobs are kept in ${jobs}: rerun with --resume to finish.`
        : `The jobs finished before it are kept in ${jobs}: fix the cause and rerun with --resume to continue.`,
    );
  }
  if (report.untouched) {
    if (!cmd.quiet)
      out.write(
        `Nothing to resume: all ${report.rows.length} jobs of the run in ${cmd.out} are finished; its files are left as they were.\n`,
      );
    return 0;
  }
  const failed = report.errors.some(Boolean);
  const timeline = await saveTimeline(cmd, report);
  if (!cmd.quiet) out.write(formatTable(report.rows, report) + "\n" + filesLine(cmd.out, failed, timeline) + "\n");
  return failed ? 1 : 0;
}

/** Most jobs whose timeline a pooled sweep draws: past that a bar per job is unreadable and slow to draw. */
export const maxTimelineJobs = 2000;

/** A pooled session's timeline as timeline.svg and .vl.json, drawn once the results are written (vega loads only here). */
async function saveTimeline(cmd: SweepCommand, report: FolderReport): Promise<boolean> {
  if (cmd.sequential || report.jobs.length === 0 || report.jobs.length > maxTimelineJobs) return false;
  const [{ timelinePlot }, { savePlot }] = await Promise.all([
    import("../plots/timeline.js"),
    import("../plots/render.js"),
  ]);
  const spec = timelinePlot(report.jobs, { workers: report.workers, starts: report.workerStarts });
  await savePlot(spec, cmd.out, "timeline");
  return true;
}

/** The last line: where the files are (a failed run writes no summary.csv; a pooled one its timeline). */
export function filesLine(dir: string, failed: boolean, timeline = false): string {
  const where = path.join(dir, path.sep);
  const files = ["run.json", "jobs.jsonl", ...(timeline ? ["timeline.svg (.vl.json)"] : [])];
  const list = (names: string[]) => `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
  return failed
    ? `Written: ${where}${list(files)} (no summary.csv: a job failed)`
    : `Written: ${where}${list(["summary.csv", ...files])}`;
}

/** What runToFolder did: this session's report (`jobs` holds the jobs it ran), with the rows of the whole run. */
export interface FolderReport extends SweepReport {
  /** True when `--resume` found the run finished and left its files as they were. */
  untouched: boolean;
}

/**
 * Runs the sweep into `cmd.out`, appending each finished job to jobs.jsonl as it completes, and
 * writes summary.csv when every job is done. run.json is written as the session starts
 * (status "running") and again as it ends, however it ends, with every session's jobs.
 */
export async function runToFolder(cmd: SweepCommand, progressStream = process.stderr): Promise<FolderReport> {
  const asked = cmd.chunksize;
  const warn = (line: string) => progressStream.write(`sweeplab: warning: ${line}\n`);
  const all = buildSweep(cmd.workload);
  const run = openRunDir(cmd.out, physicsConfig(cmd.workload, cmd.shard), {
    resume: cmd.resume,
    force: cmd.force,
    r: all.r,
    warn,
  });
  try {
    const lines = new Map(run.finished.map((job) => [job.index, job]));
    const mine = cmd.shard ? shardJobs(all.r.length, cmd.shard) : all.r.map((_, i) => i);
    const only = mine.filter((i) => !lines.has(i));
    const summaryFile = path.join(cmd.out, "summary.csv");
    if (only.length === 0 && run.status === "done" && fs.existsSync(summaryFile)) {
      return { ...emptyReport(cmd, all.workload), rows: rowsOf(lines.values()), untouched: true };
    }
    cmd = { ...cmd, chunksize: sessionChunksize(cmd.chunksize, only.length) };
    // the pool's own checks, before the first write: a refused plan leaves the folder as it was
    if (only.length > 0 && !cmd.sequential)
      resolvePoolOptions(only.length, { workers: cmd.workers, chunksize: cmd.chunksize });
    run.begin();
    fs.rmSync(summaryFile, { force: true });
    const t0 = Date.now();
    const { session, sessions, writeRun } = startSession(cmd, run, only, mine.length, lines, asked);
    const progress = cmd.quiet
      ? undefined
      : sweepProgress(progressStream as NodeJS.WriteStream, run.finished.length, mine.length);
    const journal = openJournal(run.jobsFile);
    try {
      const report = await runJobs(cmd, all, only, (record, row, error) => {
        const line: JobLine = {
          ...record,
          ...row,
          session: sessions.length - 1,
          ...(error ? { error: error.original, tReached: error.tReached } : {}),
        };
        journal.append(line);
        lines.set(line.index, line);
        session.jobs++;
        progress?.(record);
      });
      progress?.stop();
      journal.flush();
      const rows = rowsOf(lines.values());
      const failedJobs = report.errors.filter((e): e is JobError => e !== undefined);
      if (failedJobs.length === 0) writeAtomic(summaryFile, summaryCsv(rows));
      Object.assign(session, { wallMs: report.wallMs, workers: report.workers, chunksize: report.chunksize });
      writeRun(failedJobs.length === 0 ? "done" : "failed");
      reportFailures(failedJobs, run.jobsFile);
      return { ...report, rows, untouched: false };
    } catch (error) {
      progress?.stop();
      session.wallMs = Date.now() - t0;
      try {
        journal.flush();
      } catch (writeError) {
        warn((writeError as Error).message);
      }
      try {
        writeRun(error instanceof SweepInterruptedError ? "interrupted" : "crashed", {
          error: (error as Error).message,
        });
      } catch (writeError) {
        warn((writeError as Error).message);
      }
      throw error;
    } finally {
      journal.close();
    }
  } finally {
    run.release();
  }
}

/** This session's plan (workers and chunksize as the pool will resolve them) and its run.json entry. */
function startSession(
  cmd: SweepCommand,
  run: ReturnType<typeof openRunDir>,
  only: number[],
  shardJobs: number,
  lines: Map<number, JobLine>,
  askedChunksize: number | undefined,
) {
  const mode = cmd.sequential ? "sequential" : "pooled";
  // workers and chunksize as the pool will resolve them, so run.json has them from the start
  // (a session stopped by a signal ends before the pool reports them)
  const plan =
    only.length === 0 || cmd.sequential
      ? { workers: 1, chunksize: 1 }
      : resolvePoolOptions(only.length, { workers: cmd.workers, chunksize: cmd.chunksize });
  return beginSession(
    {
      out: cmd.out,
      mode,
      workers: plan.workers,
      chunksize: plan.chunksize,
      shard: cmd.shard,
      shardJobs,
      config: {
        workload: cmd.workload,
        mode,
        workers: cmd.workers,
        chunksize: askedChunksize,
        timeoutMs: cmd.timeoutMs,
        ...(cmd.shard ? { shard: cmd.shard } : {}),
      },
      previous: run.sessions,
      resumedJobs: run.finished.length,
    },
    lines,
  );
}

/** Runs the jobs still missing (none: an empty report), each finished job handed to `onRow`. */
async function runJobs(
  cmd: SweepCommand,
  sweep: ReturnType<typeof buildSweep>,
  only: number[],
  onRow: (record: JobRecord, row: SummaryRow, error?: JobError) => void,
): Promise<SweepReport> {
  if (only.length === 0) return emptyReport(cmd, sweep.workload);
  const options = {
    sequential: cmd.sequential,
    workers: cmd.workers,
    chunksize: cmd.chunksize,
    collectErrors: true,
    // the files hold each job's final observables: its 50 samples stay in the worker
    keepSamples: false,
    // the event's record carries the workload's job index (runSubset renames it)
    onJob: ({ record, row, error }: { record: JobRecord; row: SummaryRow; error?: Error }) =>
      onRow(record, row, error as JobError | undefined),
  };
  return await runSubset(sweep, only, options, { timeoutMs: cmd.timeoutMs });
}

/** Names each failed job (in flag words) and where the others are. */
function reportFailures(failedJobs: JobError[], jobsFile: string): void {
  for (const e of failedJobs) process.stderr.write(`sweeplab: ${inFlagWords(e.message)}\n`);
  if (failedJobs.length > 0) {
    process.stderr.write(
      `sweeplab: ${failedJobs.length} job(s) failed; the others are in ${jobsFile} (no summary.csv written)\n`,
    );
  }
}

function emptyReport(cmd: SweepCommand, w: Workload): SweepReport {
  return {
    workload: w,
    mode: cmd.sequential ? "sequential" : "pooled",
    workers: 0,
    chunksize: 0,
    rows: [],
    jobs: [],
    errors: [],
    wallMs: 0,
    solutions: [],
    machine: machine(),
  };
}

/**
 * The short table printed at the end. Its last line counts the jobs this session ran: after a
 * `--resume`, "46 of 120 jobs run in this session, in ...".
 */
export function formatTable(
  rows: readonly SummaryRow[],
  report: Pick<SweepReport, "wallMs" | "mode" | "workers" | "chunksize" | "jobs">,
): string {
  const lines = [
    "     r      sz_mean       s2_abs",
    ...rows.map(
      (row) =>
        `${row.r.toFixed(3).padStart(6)} ${row.sz_mean.toFixed(8).padStart(12)} ${row.s2_abs.toFixed(8).padStart(12)}`,
    ),
  ];
  const how =
    report.mode === "sequential"
      ? "sequential"
      : `pooled, ${report.workers} worker${report.workers === 1 ? "" : "s"}, chunksize ${report.chunksize}`;
  const ran = report.jobs.length;
  const time = `${(report.wallMs / 1000).toFixed(3)} s (${how})`;
  if (ran === rows.length) lines.push(`${rows.length} jobs in ${time}`);
  else if (ran === 0) lines.push(`0 of ${rows.length} jobs run in this session: every job was finished earlier`);
  else
    lines.push(
      `${ran} of ${rows.length} jobs run in this session, in ${time}; the other ${rows.length - ran} were finished earlier`,
    );
  return lines.join("\n");
}
