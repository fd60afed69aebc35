/**
 * `sweeplab merge`: the shards of one sweep (`sweeplab sweep --shard I/N`, one folder each) put
 * back together into the summary.csv one `sweeplab sweep` of the whole sweep writes, byte for byte,
 * and a run.json that says where and how each shard ran. Every check comes before any write: bad
 * input exits 2 and leaves nothing behind.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { UsageError } from "../core/errors.js";
import { parseFlags } from "./args.js";
import { makeDir, writeAtomic } from "./files.js";
import { linspace } from "../physics/workloads.js";
import { type JobLine, jobProblem, parse } from "./jobsfile.js";
import { liveOwner, lockRunDir } from "./lock.js";
import { type ShardRun, mergeRecord } from "./merge-record.js";

export type { ShardRun };
import { type Session, rowsOf, summaryCsv } from "./rundir.js";
import { type Shard, shardJobs, shardLabel, shardOf } from "./shard.js";

export const mergeHelp = `Usage: sweeplab merge --out DIR SHARD_DIR...
       sweeplab merge --out DIR CAMPAIGN_DIR     (a folder holding the shard folders)

Puts the shards of one sweep (sweeplab sweep --shard I/N, one folder each) back together.
It checks that the folders are shards of the same sweep (the same settings but --shard), that
every job is there exactly once, and writes
  DIR/summary.csv   byte for byte what one sweeplab sweep of the whole sweep writes
  DIR/run.json      each shard's host, SLURM job, wall time and workers; each job's record
When a check fails it names the folder, the jobs and the fix, exits 2 and writes nothing.

  --out DIR     output folder (required; not one of the shard folders)
  --force       overwrite an earlier run or merge in DIR
  --quiet       print nothing when it succeeds
  -h, --help    this help

Example: sweeplab merge --out results/merged results/shards`;

const flags = {
  out: { type: "string", example: "results/merged" },
  force: { type: "boolean" },
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** Runs `sweeplab merge`; returns the exit code. */
export async function mergeCommand(argv: string[], stdout = process.stdout): Promise<number> {
  const positionals: string[] = [];
  const v = parseFlags("merge", argv, flags, positionals);
  if (v.help) {
    stdout.write(mergeHelp + "\n");
    return 0;
  }
  if (v.out === undefined) {
    throw new UsageError(
      "`sweeplab merge` needs `--out DIR`, the folder for the merged summary.csv and run.json: e.g. sweeplab merge --out results/merged results/shards",
      "--out",
    );
  }
  if (positionals.length === 0) {
    throw new UsageError(
      "`sweeplab merge` needs the shard folders (or one folder holding them), got none: e.g. sweeplab merge --out results/merged results/shards",
      "SHARD_DIR",
    );
  }
  const out = String(v.out);
  const merged = mergeShards(findShardDirs(positionals).map(readShard));
  checkOut(out, merged.shards, v.force === true);
  makeDir(out);
  // the lock keeps a sweep out while the merge writes, and the merge out of a folder a sweep is writing
  const release = lockRunDir(out, (line) => process.stderr.write(`sweeplab: warning: ${line}\n`));
  try {
    checkOut(out, merged.shards, v.force === true);
    // a merge is no run to resume: an earlier run's journal would let a --resume replace the merged summary
    fs.rmSync(path.join(out, "jobs.jsonl"), { force: true });
    writeAtomic(path.join(out, "summary.csv"), summaryCsv(rowsOf(merged.jobs)));
    writeAtomic(path.join(out, "run.json"), JSON.stringify(mergeRecord(merged), null, 2) + "\n");
  } finally {
    release();
  }
  if (v.quiet !== true) {
    const lines = merged.shards.map((s) => {
      const hosts = [...new Set(s.sessions.map((x) => x.hostname))].join(", ") || "host unknown";
      const jobIds = [
        ...new Set(
          s.sessions.flatMap((x) =>
            x.slurmArrayJobId ? [`${x.slurmArrayJobId}_${x.slurmArrayTaskId}`] : x.slurmJobId ? [x.slurmJobId] : [],
          ),
        ),
      ];
      const seconds = s.wallMs === undefined ? "?" : (s.wallMs / 1000).toFixed(3);
      return `  shard ${shardLabel(s.shard)}: ${s.finished.size} jobs, ${seconds} s on ${hosts}${jobIds.length ? ` (SLURM job ${jobIds.join(", ")})` : ""}  ${s.dir}`;
    });
    stdout.write(
      `Merged ${merged.shards.length} shard${merged.shards.length === 1 ? "" : "s"}, ${merged.jobs.length} jobs, into ${path.join(out, "summary.csv")}:\n${lines.join("\n")}\n`,
    );
  }
  return 0;
}

/**
 * The shard folders among `args`: a folder with a jobs.jsonl is one; a folder without holds them
 * (its sub-folders with a jobs.jsonl, in name order).
 */
export function findShardDirs(args: readonly string[]): string[] {
  const dirs: string[] = [];
  for (const arg of args) {
    if (!fs.existsSync(arg) || !fs.statSync(arg).isDirectory()) {
      throw new UsageError(
        `\`sweeplab merge\`: "${arg}" is not a folder: pass the shard folders (each with a jobs.jsonl) or the folder holding them`,
        "SHARD_DIR",
      );
    }
    const inner = readable(arg, () => fs.readdirSync(arg, { withFileTypes: true }))
      .filter((e) => e.isDirectory() && hasJournal(path.join(arg, e.name)))
      .map((e) => e.name)
      .sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
    if (hasJournal(arg)) {
      // a folder that is a run and also holds runs: which one was meant cannot be guessed
      if (inner.length > 0)
        throw new UsageError(
          `\`sweeplab merge\`: "${arg}" holds a run of its own (jobs.jsonl) and also run folders (${inner.join(", ")}): pass the shard folders themselves (e.g. ${path.join(arg, inner[0])} ...), or move the run out of "${arg}"`,
          "SHARD_DIR",
        );
      dirs.push(arg);
      continue;
    }
    if (inner.length === 0) {
      throw new UsageError(
        `\`sweeplab merge\`: "${arg}" holds no sweep run (no jobs.jsonl in it or in its sub-folders): pass the shard folders that sweeplab sweep --shard wrote, or the folder holding them`,
        "SHARD_DIR",
      );
    }
    dirs.push(...inner.map((name) => path.join(arg, name)));
  }
  const seen = new Map<string, string>();
  for (const dir of dirs) {
    const real = fs.realpathSync(dir);
    if (seen.has(real))
      throw new UsageError(
        `\`sweeplab merge\`: the folder "${dir}" is given twice (also as "${seen.get(real)}"): pass each shard once`,
        "SHARD_DIR",
      );
    seen.set(real, dir);
  }
  return dirs;
}

/**
 * Whether `dir` holds a jobs.jsonl. A folder that cannot be looked into (no permission) is an
 * error naming it, not a folder without a run: it would be reported as a missing shard.
 */
function hasJournal(dir: string): boolean {
  return readable(dir, () => fs.statSync(path.join(dir, "jobs.jsonl"), { throwIfNoEntry: false }) !== undefined);
}

/** Runs `look` on `dir`; a permission error is a UsageError naming the folder. */
function readable<T>(dir: string, look: () => T): T {
  try {
    return look();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EACCES" && code !== "EPERM") throw error;
    throw new UsageError(
      `\`sweeplab merge\`: the folder "${dir}" cannot be read (${code}): merge as a user who can read every shard folder, or fix its permissions`,
      "SHARD_DIR",
    );
  }
}

/** Reads one shard folder: jobs.jsonl's header and jobs (a line cut short or damaged counts as a missing job), and run.json's sessions. */
export function readShard(dir: string): ShardRun {
  const file = path.join(dir, "jobs.jsonl");
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new UsageError(
      `\`sweeplab merge\`: ${file} cannot be read (${code}${code === "EISDIR" ? ": it is a folder, not a run's journal" : ""}): pass folders written by sweeplab sweep --shard, readable by you`,
      "SHARD_DIR",
    );
  }
  const lines = text.split("\n");
  lines.pop(); // the text after the last newline: empty, or a line a crash cut short
  const header = parse(lines[0] ?? "") as { sweeplab?: unknown; config?: Record<string, unknown> } | undefined;
  if (header?.sweeplab !== "jobs" || typeof header.config !== "object" || header.config === null) {
    throw new UsageError(
      `\`sweeplab merge\`: line 1 of ${file} is not the header of a sweeplab run: pass folders written by sweeplab sweep --shard`,
      "SHARD_DIR",
    );
  }
  const { shard: rawShard, ...config } = header.config;
  const total = config.nR;
  if (!Number.isInteger(total) || (total as number) < 1) {
    throw new UsageError(
      `\`sweeplab merge\`: the header of ${file} has no number of jobs (nR), got ${JSON.stringify(total)}: pass folders written by sweeplab sweep`,
      "SHARD_DIR",
    );
  }
  const shard = (rawShard ?? { index: 0, count: 1 }) as Shard;
  if (
    !Number.isInteger(shard.index) ||
    !Number.isInteger(shard.count) ||
    shard.index < 0 ||
    shard.index >= shard.count
  ) {
    throw new UsageError(
      `\`sweeplab merge\`: the header of ${file} names no valid shard, got ${JSON.stringify(rawShard)}: pass folders written by sweeplab sweep --shard I/N`,
      "SHARD_DIR",
    );
  }
  const finished = new Map<number, JobLine>();
  const failed = new Map<number, string>();
  const r = sweepR(config, total as number);
  for (const line of lines.slice(1)) {
    const job = parse(line) as JobLine | undefined;
    // damaged, or not a job of this sweep (its r is not the job's): its job counts as missing
    if (jobProblem(job, r) !== undefined || job === undefined) continue;
    if (job.error === undefined) {
      finished.set(job.index, job);
      failed.delete(job.index);
    } else {
      finished.delete(job.index);
      failed.set(job.index, job.error);
    }
  }
  let run: { status?: string; sessions?: Session[]; wallMs?: number; machine?: unknown } = {};
  try {
    run = JSON.parse(fs.readFileSync(path.join(dir, "run.json"), "utf8"));
  } catch {
    // no run.json (or a damaged one): the jobs are what counts; hosts and times are then unknown
  }
  const sessions = Array.isArray(run.sessions) ? run.sessions : [];
  return {
    dir,
    config,
    shard,
    finished,
    failed,
    status: run.status,
    sessions,
    wallMs: typeof run.wallMs === "number" ? run.wallMs : undefined,
    machine: run.machine,
  };
}

/** The r values of the sweep a header describes (NaN where it names none: no line then matches). */
function sweepR(config: Record<string, unknown>, jobs: number): number[] {
  const { rMin, rMax } = config;
  if (typeof rMin !== "number" || typeof rMax !== "number") return new Array<number>(jobs).fill(NaN);
  return linspace(rMin, rMax, jobs);
}

/**
 * Checks that `shards` are the shards of one sweep, each once, with every job; returns them in
 * shard order with every job in job order. Every problem found goes into one UsageError.
 */
export function mergeShards(runs: readonly ShardRun[]): {
  shards: ShardRun[];
  jobs: JobLine[];
  config: Record<string, unknown>;
} {
  const [first] = runs;
  for (const other of runs.slice(1)) {
    const names = [...new Set([...Object.keys(first.config), ...Object.keys(other.config)])];
    const show = (value: unknown) => (value === undefined ? "unset" : JSON.stringify(value));
    const differ = names.filter((name) => show(first.config[name]) !== show(other.config[name]));
    if (differ.length > 0) {
      throw new UsageError(
        `\`sweeplab merge\`: "${other.dir}" and "${first.dir}" are shards of different sweeps (${differ.map((n) => `${n}: ${show(other.config[n])} in "${other.dir}", ${show(first.config[n])} in "${first.dir}"`).join("; ")}): merge the shards of one sweep, all run with the same flags but --shard`,
        "SHARD_DIR",
      );
    }
    if (other.shard.count !== first.shard.count) {
      throw new UsageError(
        `\`sweeplab merge\`: "${first.dir}" is ${describeShard(first.shard)} but "${other.dir}" is ${describeShard(other.shard)}: the shards of one merge split the sweep the same way (the same N in --shard I/N)`,
        "SHARD_DIR",
      );
    }
  }
  const count = first.shard.count;
  const total = first.config.nR as number;
  const byShard = new Map<number, ShardRun>();
  for (const run of runs) {
    const twin = byShard.get(run.shard.index);
    if (twin) {
      throw new UsageError(
        `\`sweeplab merge\`: shard ${shardLabel(run.shard)} is in both "${twin.dir}" and "${run.dir}": pass one of them (a rerun of a shard belongs in its first folder, with --resume)`,
        "SHARD_DIR",
      );
    }
    byShard.set(run.shard.index, run);
  }
  const problems: string[] = [];
  for (let k = 0; k < count; k++) {
    const run = byShard.get(k);
    const expected = shardJobs(total, { index: k, count });
    const label = shardLabel({ index: k, count });
    if (!run) {
      problems.push(
        `shard ${label} is not among the folders given (its jobs: ${list(expected)}): run it with sweeplab sweep --shard ${label} and the same flags, or pass its folder`,
      );
      continue;
    }
    const stray = [...run.finished.keys()].filter((j) => shardOf(j, count) !== k);
    if (stray.length > 0)
      problems.push(
        `"${run.dir}" (shard ${label}) holds jobs of other shards (${list(stray)}): its jobs.jsonl was edited or copied; rerun that shard with --force`,
      );
    const missing = expected.filter((j) => !run.finished.has(j));
    if (missing.length > 0) {
      const failed = missing.filter((j) => run.failed.has(j));
      const why =
        failed.length > 0
          ? `; ${failed.length === 1 ? "job" : "jobs"} ${list(failed)} failed (${run.failed.get(failed[0])})`
          : "";
      const owner = liveOwner(run.dir);
      const fix = owner
        ? `it is still running (pid ${owner.pid} on ${owner.hostname}): wait for it to end, then merge again`
        : `finish it with sweeplab sweep --shard ${label} --resume --out ${run.dir} (and its other flags), then merge again`;
      problems.push(
        `shard ${label} in "${run.dir}" lacks ${missing.length} of its ${expected.length} jobs (${list(missing)}${run.status ? `; its run is ${run.status}` : ""}${why}): ${fix}`,
      );
    }
  }
  if (problems.length > 0) {
    throw new UsageError(
      `\`sweeplab merge\`: the shards do not make a whole sweep of ${total} jobs:\n  ${problems.join("\n  ")}`,
      "SHARD_DIR",
    );
  }
  const shards = [...byShard.values()].sort((a, b) => a.shard.index - b.shard.index);
  const jobs = shards.flatMap((s) => [...s.finished.values()]).sort((a, b) => a.index - b.index);
  return { shards, jobs, config: first.config };
}

function describeShard(shard: Shard): string {
  return shard.count === 1 ? "a whole run (made without --shard)" : `shard ${shardLabel(shard)}`;
}

/** Job indices for a message: all of them up to 12, then the first 10 and how many more. */
function list(indices: readonly number[]): string {
  return indices.length <= 12
    ? indices.join(", ")
    : `${indices.slice(0, 10).join(", ")} and ${indices.length - 10} more`;
}

/** `--out` must not be a shard, and may hold an earlier result only with --force. */
function checkOut(out: string, shards: readonly ShardRun[], force: boolean): void {
  const target = path.resolve(out);
  const clash = shards.find(
    (s) => fs.realpathSync(s.dir) === (fs.existsSync(target) ? fs.realpathSync(target) : target),
  );
  if (clash)
    throw new UsageError(
      `\`--out\` "${out}" is one of the shard folders: pick a folder of its own for the merge, e.g. --out results/merged`,
      "--out",
    );
  if (fs.existsSync(target) && !fs.statSync(target).isDirectory())
    throw new UsageError(
      `\`--out\` "${out}" is a file, not a folder: pick a folder for the merge, e.g. --out results/merged`,
      "--out",
    );
  const earlier = ["summary.csv", "run.json", "jobs.jsonl"].filter((f) => fs.existsSync(path.join(target, f)));
  if (earlier.length > 0 && !force) {
    throw new UsageError(
      `\`--out\` folder "${out}" already holds a run (${earlier.join(", ")}): pass --force to overwrite it, or another --out`,
      "--out",
    );
  }
}
