/**
 * A run's output folder: `jobs.jsonl` grows by one line per finished job (so a crash, Ctrl-C or
 * SIGTERM loses nothing finished), `run.json` records every session of the run (the first, and
 * each `--resume`), and `summary.csv` is written once every job is done. A lock keeps a second
 * sweep out while one runs.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { UsageError } from "../core/errors.js";
import type { JobRecord, SummaryRow } from "../core/types.js";
import { makeDir, removeStaleTemps } from "./files.js";
import { type JobLine, readJournal, writeHeader } from "./jobsfile.js";
import { lockRunDir } from "./lock.js";

/** One session of a run: the first sweep into the folder, or a `--resume` of it. */
export interface Session {
  startedAt: string;
  /** "running" until it ends; "killed" if it ended without saying how (SIGKILL, out of memory, power loss). */
  status: "running" | "done" | "failed" | "interrupted" | "crashed" | "killed";
  /** Its wall time, pool start and stop included (ms); null if it was killed. */
  wallMs: number | null;
  mode: "sequential" | "pooled";
  /** Workers started and chunksize used (once known). */
  workers?: number;
  chunksize?: number;
  /** Jobs it ran (finished or failed). */
  jobs: number;
  argv: string[];
  hostname: string;
  /** sweeplab's version (package.json). */
  sweeplab: string;
  /** The SLURM job it ran in, when it ran in one, and its array job and task (`sbatch --array`). */
  slurmJobId?: string;
  slurmArrayJobId?: string;
  slurmArrayTaskId?: string;
  /** The shard it ran (`--shard`), as "I/N". */
  shard?: string;
}

export interface RunDir {
  dir: string;
  jobsFile: string;
  /** The finished jobs of earlier sessions (`--resume`), one per job index. */
  finished: JobLine[];
  /** The earlier sessions, from run.json (`--resume`). */
  sessions: Session[];
  /** The status the earlier run.json records, if any. */
  status?: string;
  /**
   * Starts writing: the journal's header (a new run) or its repairs (`--resume`), and the removal of
   * temporary files a killed run left. Until it is called the folder is as it was found.
   */
  begin(): void;
  /** Gives the folder back to other sweeps (and removes the folders `openRunDir` made, if `begin` was never called). */
  release(): void;
}

/** What a sweep into `dir` would find there: every refusal of openRunDir, checked without writing anything. */
export interface RunDirPlan {
  finished: JobLine[];
  sessions: Session[];
  status?: string;
  /** True when `--resume` finds a run to continue. */
  resuming: boolean;
  repair(): void;
}

/** Run settings for openRunDir and inspectRunDir. */
export interface RunDirOptions {
  resume?: boolean;
  force?: boolean;
  /** The sweep's r values, one per job: a journal line must carry its job's r. */
  r: readonly number[];
  warn: (line: string) => void;
}

/**
 * Checks what a sweep into `dir` would do, writing nothing: refuses a folder holding an earlier run
 * unless `resume` (keep its finished jobs) or `force` (start over), a `--resume` with no run or
 * other settings, and an `--out` that is a file. `--dry-run` reports it; openRunDir does it again
 * under the lock.
 */
export function inspectRunDir(dir: string, config: Record<string, unknown>, options: RunDirOptions): RunDirPlan {
  const { resume = false, force = false, r, warn } = options;
  const jobsFile = path.join(dir, "jobs.jsonl");
  const stat = statOf(dir);
  if (stat && !stat.isDirectory())
    throw new UsageError(
      `\`--out\` "${dir}" is a file, not a folder: pick a folder for the run, e.g. --out results/run1`,
      "--out",
    );
  // a --resume with a mistyped --out must not start a new run
  if (resume && !fs.existsSync(jobsFile)) {
    const what = stat ? "holds no run to resume (no jobs.jsonl)" : "does not exist";
    throw new UsageError(
      `\`--resume\`: the \`--out\` folder "${dir}" ${what}: check --out (the folder of the run to finish), or drop --resume to start a new run`,
      "--resume",
    );
  }
  const earlier = stat ? ["summary.csv", "run.json", "jobs.jsonl"].filter((f) => fs.existsSync(path.join(dir, f))) : [];
  if (earlier.length > 0 && !resume && !force) {
    throw new UsageError(
      `\`--out\` folder "${dir}" already holds a run (${earlier.join(", ")}): pass --resume to finish it, --force to overwrite it, or another --out`,
      "--out",
    );
  }
  if (!resume) return { finished: [], sessions: [], resuming: false, repair: () => undefined };
  const journal = readJournal(jobsFile, config, r, warn);
  return {
    finished: journal.finished,
    ...earlierSessions(path.join(dir, "run.json"), journal.finished, warn),
    resuming: true,
    repair: journal.repair,
  };
}

/**
 * Opens `dir` for a run: checks it (inspectRunDir), makes it and takes its lock, and checks it again
 * under the lock. Nothing in the folder changes until `begin()`: a command refused after this
 * (its plan does not fit the jobs left) leaves the folder as it was. Repairs are reported through `warn`.
 */
export function openRunDir(dir: string, config: Record<string, unknown>, options: RunDirOptions): RunDir {
  inspectRunDir(dir, config, { ...options, warn: () => undefined });
  const made = makeDir(dir);
  let release: () => void;
  try {
    release = lockRunDir(dir, options.warn);
  } catch (error) {
    removeMade(made);
    if (error instanceof UsageError) throw error;
    throw new UsageError(
      `\`--out\` folder "${dir}" cannot be written (${(error as NodeJS.ErrnoException).code}): pick a folder you can write to`,
      "--out",
    );
  }
  let begun = false;
  const giveBack = () => {
    release();
    if (!begun) removeMade(made);
  };
  try {
    const jobsFile = path.join(dir, "jobs.jsonl");
    const plan = inspectRunDir(dir, config, options);
    const begin = () => {
      begun = true;
      removeStaleTemps(dir, options.warn);
      if (plan.resuming) plan.repair();
      else writeHeader(jobsFile, config);
    };
    return {
      dir,
      jobsFile,
      finished: plan.finished,
      sessions: plan.sessions,
      status: plan.status,
      begin,
      release: giveBack,
    };
  } catch (error) {
    giveBack();
    throw error;
  }
}

/** `dir`'s stat, or undefined when it cannot be had (missing, or under a file: makeDir names the reason). */
function statOf(dir: string): fs.Stats | undefined {
  try {
    return fs.statSync(dir);
  } catch {
    return undefined;
  }
}

/** Removes the folders a refused command made (innermost first), if they are still empty. */
function removeMade(made: readonly string[]): void {
  for (const dir of [...made].reverse()) {
    try {
      fs.rmdirSync(dir);
    } catch {
      return; // not empty, or gone: leave it
    }
  }
}

/** The sessions an earlier run.json records; one still "running" was killed (its jobs counted from jobs.jsonl). */
function earlierSessions(
  file: string,
  finished: JobLine[],
  warn: (line: string) => void,
): { sessions: Session[]; status?: string } {
  let run: { sessions?: unknown; status?: unknown };
  try {
    run = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    // the jobs are in jobs.jsonl; the history of earlier sessions is lost: say so
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "is missing" : code ? `cannot be read (${code})` : "is not valid JSON";
    warn(
      `${file} ${why}: the run's earlier sessions are not recorded in the new run.json (its finished jobs are kept)`,
    );
    return { sessions: [] };
  }
  if (typeof run !== "object" || run === null) {
    warn(
      `${file} holds no run record: the run's earlier sessions are not recorded in the new run.json (its finished jobs are kept)`,
    );
    return { sessions: [] };
  }
  const sessions = Array.isArray(run.sessions) ? (run.sessions as Session[]) : [];
  const fixed = sessions.map((s, k): Session =>
    s.status === "running"
      ? { ...s, status: "killed", wallMs: null, jobs: finished.filter((job) => job.session === k).length }
      : s,
  );
  return { sessions: fixed, status: typeof run.status === "string" ? run.status : undefined };
}

/** A new session of this process, started now. */
export function newSession(mode: Session["mode"]): Session {
  const { SLURM_JOB_ID: slurm, SLURM_ARRAY_JOB_ID: arrayJob, SLURM_ARRAY_TASK_ID: arrayTask } = process.env;
  return {
    startedAt: new Date().toISOString(),
    status: "running",
    wallMs: null,
    mode,
    jobs: 0,
    argv: process.argv.slice(2),
    hostname: os.hostname(),
    sweeplab: version(),
    ...(slurm ? { slurmJobId: slurm } : {}),
    ...(arrayJob ? { slurmArrayJobId: arrayJob, slurmArrayTaskId: arrayTask } : {}),
  };
}

function version(): string {
  try {
    return (
      JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as { version: string }
    ).version;
  } catch {
    return "unknown";
  }
}

/**
 * run.json's account of the whole run: every job of every session (job records, each with its
 * session; start and end count from that session's start), the sessions, and the rows so far.
 */
export function runRecord(sessions: Session[], lines: Iterable<JobLine>): Record<string, unknown> {
  const byIndex = [...lines].sort((a, b) => a.index - b.index);
  const jobs = byIndex.map(({ index, r, worker, start, end, rhsEvals, session }): JobRecord & { session?: number } => ({
    index,
    r,
    worker,
    start,
    end,
    rhsEvals,
    session,
  }));
  const errors = byIndex
    .filter((job) => job.error !== undefined)
    .map((job) => ({ index: job.index, r: job.r, message: job.error, tReached: job.tReached }));
  const rows = rowsOf(byIndex);
  const wallMs = sessions.reduce((sum, s) => sum + (s.wallMs ?? 0), 0);
  return { startedAt: sessions[0]?.startedAt, wallMs, sessions, jobs, errors, rows };
}

/** The rows of these jobs in job order (a failed job's numbers are NaN). */
export function rowsOf(lines: Iterable<JobLine>): SummaryRow[] {
  return [...lines]
    .sort((a, b) => a.index - b.index)
    .map((job) =>
      job.error === undefined
        ? { r: job.r, sz_mean: job.sz_mean, s2_abs: job.s2_abs }
        : { r: job.r, sz_mean: NaN, s2_abs: NaN },
    );
}

/**
 * The lecture script's summary format: header `r,sz_mean,s2_abs`, one row per r, every number in
 * full double precision (the shortest text that reads back to the same double).
 */
export function summaryCsv(rows: readonly SummaryRow[]): string {
  return "r,sz_mean,s2_abs\n" + rows.map((row) => `${row.r},${row.sz_mean},${row.s2_abs}`).join("\n") + "\n";
}
