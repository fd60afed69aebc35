/**
 * `jobs.jsonl`, the run's journal: a header line with the configuration, then one line per
 * finished job, appended as it finishes. A crash (SIGKILL, a full disk) can cut the last line
 * short; reading it back repairs what a crash can leave, so `--resume` never loses finished work.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { batchedLines } from "../core/batched-lines.js";
import { UsageError } from "../core/errors.js";
import type { JobRecord, SummaryRow } from "../core/types.js";
import { ioError, writeAtomic } from "./files.js";

/** One line of jobs.jsonl: the job's summary row and record, or its error. */
export interface JobLine extends SummaryRow, JobRecord {
  /** Which session of the run (0 for the first, 1 for the first --resume, ...) ran the job. */
  session?: number;
  /** A failed job's message, and how far its solve got. */
  error?: string;
  tReached?: number;
}

/** The header line of jobs.jsonl: the run's configuration, checked on `--resume`. */
export interface RunHeader {
  sweeplab: "jobs";
  config: Record<string, unknown>;
}

/** Starts a journal: its header, written whole or not at all. */
export function writeHeader(file: string, config: Record<string, unknown>): void {
  writeAtomic(file, JSON.stringify({ sweeplab: "jobs", config } satisfies RunHeader) + "\n");
}

/** A journal held open for a session: its lines written together, one write per turn of the event loop. */
export interface Journal {
  /** Appends one finished job: written at the end of this turn of the event loop, or by `flush`/`close`. */
  append(job: JobLine): void;
  /** Writes the lines held back now (before run.json says how the session ended). */
  flush(): void;
  close(): void;
}

/**
 * Opens a journal for appending, on a descriptor opened once. The lines of the jobs the main
 * thread hears of in one turn of the event loop (a worker reports tiny jobs together, in one
 * message) go out in one `write` at the end of that turn, not one each: the write is a system call
 * that cost ~30 us per job on tiny jobs. A line is in the kernel's hands by the end of the turn in
 * which its job was heard of; Ctrl-C, SIGTERM, an error and `process.exit` write what is held
 * (`flush`, `close`, the process's exit), and a SIGKILL can lose the lines of that one turn only,
 * besides what a worker had not reported yet (docs/cli.md, "What a stop can lose").
 */
export function openJournal(file: string): Journal {
  let fd: number;
  try {
    fd = fs.openSync(file, "a");
  } catch (error) {
    throw ioError(error, "open", file);
  }
  let indices: number[] = [];
  const lines = batchedLines((text) => {
    const jobs = indices;
    indices = [];
    try {
      const bytes = Buffer.from(text);
      for (let at = 0; at < bytes.length;) at += fs.writeSync(fd, bytes, at);
    } catch (error) {
      throw ioError(error, `append ${jobs.length === 1 ? "job" : "jobs"} ${jobs.join(", ")} to`, file);
    }
  });
  return {
    append(job) {
      indices.push(job.index);
      lines.write(JSON.stringify(job) + "\n");
    },
    flush: () => lines.flush(),
    close() {
      try {
        lines.close();
      } finally {
        fs.closeSync(fd);
      }
    },
  };
}

/** A journal read for `--resume`: its finished jobs, and the repairs still to make (nothing is written yet). */
export interface ReadJournal {
  finished: JobLine[];
  /** Makes the repairs (cuts an incomplete last line, writes a missing header), each reported through `warn`. */
  repair(): void;
}

/**
 * Reads a journal for `--resume`, writing nothing: a refused resume must leave the folder as it
 * was. What a crash can leave is repaired by `repair()`, called once every check has passed: an
 * incomplete last line is cut off (the file is truncated to its last newline, so the next line
 * starts on a line of its own), an empty file gets its header again. A damaged line in the middle,
 * or a line whose job is not this sweep's (its `r` is not the job's r value), is skipped with a
 * warning; the jobs on the lines dropped simply run again. Returns the finished jobs (no error),
 * one per index, the last line winning. A header of other settings is a UsageError.
 */
export function readJournal(
  file: string,
  config: Record<string, unknown>,
  r: readonly number[],
  warn: (line: string) => void,
): ReadJournal {
  const bytes = readBytes(file);
  const end = bytes.lastIndexOf(0x0a) + 1;
  const lines = bytes.subarray(0, end).toString("utf8").split("\n").slice(0, -1);
  const cut = () => {
    if (end === bytes.length) return;
    fs.truncateSync(file, end);
    warn(
      `dropped the incomplete last line of ${file} (line ${lines.length + 1}, ${bytes.length - end} bytes, cut off when the run stopped): its job runs again`,
    );
  };
  if (lines.length === 0) {
    const repair = () => {
      cut();
      writeHeader(file, config);
      warn(`${file} held no header (the run stopped as it started): it starts again`);
    };
    return { finished: [], repair };
  }
  const header = parse(lines[0]) as Partial<RunHeader> | undefined;
  if (header?.sweeplab !== "jobs" || typeof header.config !== "object" || header.config === null) {
    throw new UsageError(
      `\`--resume\`: line 1 of ${file} is not the header of a sweeplab run: use --force to start the run over`,
      "--resume",
    );
  }
  const changed = differences(header.config, config);
  if (changed.length > 0) {
    throw new UsageError(
      `\`--resume\`: the run in "${path.dirname(file)}" was made with other settings (${changed.join("; ")}): resume with the same flags, or use --force to start over`,
      "--resume",
    );
  }
  const finished = new Map<number, JobLine>();
  const skipped: string[] = [];
  lines.slice(1).forEach((line, k) => {
    if (line.trim() === "") return;
    const job = parse(line) as JobLine | undefined;
    const why = jobProblem(job, r);
    if (why !== undefined) {
      const shown = line.length > 60 ? `${line.slice(0, 60)}…` : line;
      return skipped.push(`skipped line ${k + 2} of ${file}, ${why} (${shown}): the job on it runs again`);
    }
    if (job!.error === undefined) finished.set(job!.index, job!);
    else finished.delete(job!.index);
  });
  for (const line of skipped) warn(line);
  return { finished: [...finished.values()], repair: cut };
}

/** The journal's bytes; a journal that cannot be read (a folder, no permission) is a UsageError naming it. */
function readBytes(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new UsageError(
      `\`--resume\`: ${file} cannot be read (${code}${code === "EISDIR" ? ": it is a folder" : ""}): it must be the run's jobs.jsonl file; use --force to start the run over`,
      "--resume",
    );
  }
}

export function parse(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/** A job line: a job index of this sweep, and its numbers or (a failed job) its error. */
export function isJob(job: JobLine | undefined, jobs: number): job is JobLine {
  if (typeof job !== "object" || job === null || !Number.isInteger(job.index) || job.index < 0 || job.index >= jobs)
    return false;
  return (
    typeof job.error === "string" ||
    [job.r, job.sz_mean, job.s2_abs, job.start, job.end].every((x) => typeof x === "number")
  );
}

/**
 * Why a line is not a job of the sweep whose r values are `r` (undefined: it is one): a job line
 * whose r is not its job's r belongs to another sweep, or was edited, and must not reach summary.csv.
 */
export function jobProblem(job: JobLine | undefined, r: readonly number[]): string | undefined {
  if (!isJob(job, r.length)) return "which is not a finished job";
  if (job.error === undefined && job.r !== r[job.index])
    return `whose r (${String(job.r)}) is not job ${job.index}'s (${r[job.index]})`;
  return undefined;
}

/** The settings that differ, each as `name: there, now`. */
export function differences(then: Record<string, unknown>, now: Record<string, unknown>): string[] {
  const names = [...new Set([...Object.keys(then), ...Object.keys(now)])];
  const show = (value: unknown) => (value === undefined ? "unset" : JSON.stringify(value));
  return names
    .filter((name) => show(then[name]) !== show(now[name]))
    .map((name) => `${name}: ${show(then[name])} there, ${show(now[name])} now`);
}
