/**
 * A run's output folder: `jobs.jsonl` grows by one line per finished job (so a crash, Ctrl-C or
 * SIGTERM loses nothing finished), `summary.csv` and `run.json` are written at the end.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { UsageError } from "../errors.js";
import type { JobRecord, SummaryRow } from "../types.js";
import { makeDir } from "./files.js";

/** One line of jobs.jsonl: the job's summary row and record, or its error. */
export interface JobLine extends SummaryRow, JobRecord {
  error?: string;
}

/** The header line of jobs.jsonl: the run's configuration, checked on `--resume`. */
export interface RunHeader {
  sweeplab: "jobs";
  config: Record<string, unknown>;
}

const JOBS = "jobs.jsonl";

/**
 * Opens `dir` for a run. A folder holding an earlier run is refused unless `resume` (keep its
 * finished jobs) or `force` (start over). Returns the finished job lines when resuming.
 */
export function openRunDir(dir: string, config: Record<string, unknown>, { resume = false, force = false } = {}): JobLine[] {
  const jobsPath = path.join(dir, JOBS);
  const earlier = ["summary.csv", "run.json", JOBS].filter((f) => fs.existsSync(path.join(dir, f)));
  let finished: JobLine[] = [];
  if (earlier.length > 0 && !resume && !force) {
    throw new UsageError(
      `\`--out\` folder "${dir}" already holds a run (${earlier.join(", ")}): pass --resume to finish it, --force to overwrite it, or another --out`,
      "--out",
    );
  }
  if (resume && fs.existsSync(jobsPath)) {
    const lines = fs.readFileSync(jobsPath, "utf8").split("\n").filter((line) => line.trim() !== "");
    const header = parseLine<RunHeader>(lines[0], jobsPath, 1);
    if (header.sweeplab !== "jobs" || JSON.stringify(header.config) !== JSON.stringify(config)) {
      throw new UsageError(
        `\`--resume\`: the run in "${dir}" was made with other settings (${JSON.stringify(header.config)}), not ${JSON.stringify(config)}: resume with the same flags, or use --force to start over`,
        "--resume",
      );
    }
    // A line cut short by a crash is dropped; its job runs again.
    finished = lines.slice(1).flatMap((line, k) => {
      try {
        const job = JSON.parse(line) as JobLine;
        return job.error === undefined ? [job] : [];
      } catch {
        return k === lines.length - 2 ? [] : [parseLine<JobLine>(line, jobsPath, k + 2)];
      }
    });
    const seen = new Map(finished.map((job) => [job.index, job]));
    finished = [...seen.values()];
  }
  makeDir(dir);
  try {
    if (!(resume && fs.existsSync(jobsPath))) {
      fs.writeFileSync(jobsPath, JSON.stringify({ sweeplab: "jobs", config } satisfies RunHeader) + "\n");
    }
    for (const stale of ["summary.csv", "run.json"]) fs.rmSync(path.join(dir, stale), { force: true });
  } catch (error) {
    throw new UsageError(`\`--out\` folder "${dir}" cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): pick a folder you can write to`, "--out");
  }
  return finished;
}

function parseLine<T>(line: string | undefined, file: string, lineNo: number): T {
  try {
    return JSON.parse(line ?? "") as T;
  } catch {
    throw new UsageError(`\`--resume\`: line ${lineNo} of ${file} is not valid JSON: use --force to start the run over`, "--resume");
  }
}

/** Appends one finished job to jobs.jsonl at once (synchronously: it is on disk when this returns). */
export function appendJob(dir: string, job: JobLine): void {
  fs.appendFileSync(path.join(dir, JOBS), JSON.stringify(job) + "\n");
}

/**
 * The lecture script's summary format: header `r,sz_mean,s2_abs`, one row per r, every number in
 * full double precision (the shortest text that reads back to the same double).
 */
export function summaryCsv(rows: readonly SummaryRow[]): string {
  return "r,sz_mean,s2_abs\n" + rows.map((row) => `${row.r},${row.sz_mean},${row.s2_abs}`).join("\n") + "\n";
}

/** Writes a file through a temporary name, so a crash never leaves half a file. */
export function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}
