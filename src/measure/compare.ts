/**
 * Machines compared: the scaling of several machines (a laptop, a cluster node, a classmate's
 * machine) read from what `sweeplab bench` and `sweeplab sweep` wrote, each against its own
 * sequential baseline, so a class can pool their results in one table and one figure.
 *
 * @example
 * import { loadComparison } from "sweeplab";
 * import { comparePlot } from "sweeplab";
 * const { series } = loadComparison("results");   // every bench.json (and sweep run) under results/
 * comparePlot(series);                            // speedup and efficiency, one colour per machine
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe } from "../core/check.js";
import { UsageError } from "../core/errors.js";
import type { JobRecord, Machine } from "../core/types.js";
import { fairSpeedup } from "./analysis.js";

/**
 * One machine's scaling, for comparing machines (\`sweeplab compare\`): pooled wall times against
 * that machine's own sequential baseline, labelled by host, CPU and cores.
 */
export interface MachineSeries {
  /** "host, CPU, N cores": the legend entry. */
  label: string;
  host: string;
  cpuModel: string;
  cores: number;
  node?: string;
  /** The sweep measured, e.g. "heavy, nz = 200, 20 jobs". */
  workload: string;
  /** The bench.json or run folder(s) it was read from. */
  source: string;
  /** Which loop the pools were set against, in words (both cold: fresh processes, new workers). */
  pairing: string;
  /** The sequential baseline's wall time (median over repeats for a bench), ms. */
  sequentialMs: number;
  /**
   * One point per worker count: speedup = the loop's time, credited at most as the pool's own job
   * time, over the pooled wall time (\`fairSpeedup\`), so at most \`workers\`; efficiency = speedup / workers.
   */
  points: { workers: number; wallMs: number; speedup: number; efficiency: number }[];
}

/** What loadComparison found: one series per machine and sweep, and what it left out and why. */
export interface Comparison {
  series: MachineSeries[];
  skipped: { source: string; reason: string }[];
}

/** Folders deeper than this under a given path are not searched (results trees are shallow). */
const maxDepth = 6;

/**
 * Reads every bench.json (`sweeplab bench`) and every finished sweep run (run.json of
 * `sweeplab sweep`) at or under `paths`. A bench gives a series directly; sweep runs of one sweep
 * on one machine (same host, CPU, cores and settings) make a series when one of them ran
 * `--sequential` (its baseline) and others ran on pools. Shards and merges are left out (a shard
 * is part of a sweep, a merge spans machines).
 */
export function loadComparison(paths: string | readonly string[]): Comparison {
  const list = typeof paths === "string" ? [paths] : paths;
  if (!Array.isArray(list) || list.length === 0 || list.some((p) => typeof p !== "string")) {
    throw new UsageError(
      `\`paths\` must be a folder or file path, or a non-empty array of them, got ${describe(paths)}: e.g. loadComparison("results")`,
      "paths",
    );
  }
  const files: string[] = [];
  const skipped: Comparison["skipped"] = [];
  for (const p of list) {
    if (!fs.existsSync(p))
      throw new UsageError(
        `\`${p}\` does not exist: pass a folder holding bench.json or sweep runs (run.json), or such a file`,
        "paths",
      );
    collect(p, 0, files, skipped);
  }
  const series: MachineSeries[] = [];
  const runs: RunPoint[] = [];
  for (const file of [...new Set(files)]) {
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      skipped.push({
        source: file,
        reason: code ? `cannot be read (${code})` : `not JSON (${(error as Error).message})`,
      });
      continue;
    }
    if (typeof json !== "object" || json === null || Array.isArray(json)) {
      skipped.push({ source: file, reason: `not a record of sweeplab's (it holds ${describe(json)})` });
      continue;
    }
    // one malformed file is left out, named, and the rest compared
    const read = path.basename(file) === "bench.json" ? benchSeries(file, json) : runPoint(file, json);
    if (typeof read === "string") skipped.push({ source: file, reason: read });
    else if ("points" in read) series.push(read);
    else runs.push(read);
  }
  const groups = new Map<string, RunPoint[]>();
  for (const run of runs) groups.set(run.key, [...(groups.get(run.key) ?? []), run]);
  for (const group of groups.values()) {
    const s = runSeries(group);
    if (typeof s === "string") skipped.push({ source: group.map((r) => r.source).join(", "), reason: s });
    else series.push(s);
  }
  return { series, skipped };
}

function collect(p: string, depth: number, files: string[], skipped: Comparison["skipped"] = []): void {
  const stat = fs.statSync(p);
  if (stat.isFile()) {
    if (/(^|\/)(bench|run)\.json$/.test(p)) files.push(p);
    return;
  }
  if (!stat.isDirectory() || depth > maxDepth) return;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(p, { withFileTypes: true });
  } catch (error) {
    // a folder that cannot be listed (EACCES) is left out, named, not a crash
    skipped.push({ source: p, reason: `cannot be listed (${(error as NodeJS.ErrnoException).code ?? "error"})` });
    return;
  }
  for (const entry of entries) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const child = path.join(p, entry.name);
    if (entry.isDirectory()) collect(child, depth + 1, files, skipped);
    else if (entry.name === "bench.json" || entry.name === "run.json") files.push(child);
  }
}

/** "host, CPU, N cores" */
function label(host: string, m: Partial<Machine>): string {
  return `${host}, ${(m.cpuModel ?? "unknown CPU").replace(/\s+/g, " ")}, ${m.cores ?? "?"} cores`;
}

function workloadText(w: Record<string, unknown>, name?: unknown): string {
  // a sweep's run.json keeps the workload's fields, not its name
  const scale = w.tScale === 1 || (name === "heavy" && w.tScale === 100) ? "" : `, tScale ${w.tScale}`;
  return `${typeof name === "string" ? `${name}, ` : ""}nz = ${w.nz}, ${w.nR} jobs${scale}`;
}

/** What a series of sweep runs sets against each other: every run of `sweeplab sweep` is a fresh process. */
export const runsPairing =
  "cold against cold: each run a fresh process, the loop its first sweep and each pool's workers new";

/** An older bench (before its pools were set against a cold loop): its loop ran warm in the bench's own process. */
const olderBenchPairing =
  "an older bench: its loop ran in the bench's own process, each pool's workers new; speedups credit the loop at most the pool's own job time";

type BenchScaling = {
  pairing?: string;
  sequential?: { medianMs?: number };
  points?: { workers: number; wall: { medianMs: number }; speedup: number; efficiency: number }[];
  timelines?: { workers: number; jobs: Pick<JobRecord, "start" | "end">[] }[];
};

function benchSeries(file: string, bench: Record<string, unknown>): MachineSeries | string {
  const scaling = bench.scaling as BenchScaling | undefined;
  if (
    typeof scaling !== "object" ||
    scaling === null ||
    !Array.isArray(scaling.points) ||
    typeof scaling.sequential?.medianMs !== "number"
  )
    return "a bench.json without its scaling section (the bench stopped before measuring it)";
  const number = (x: unknown) => typeof x === "number";
  if (!scaling.points.every((p) => p !== null && [p.workers, p.wall?.medianMs, p.speedup, p.efficiency].every(number)))
    return "a bench.json whose scaling points lack their numbers (workers, wall time, speedup, efficiency)";
  if (
    typeof bench.workload !== "object" ||
    bench.workload === null ||
    !number((bench.workload as { nz?: unknown }).nz) ||
    !number((bench.workload as { nR?: unknown }).nR)
  )
    return "a bench.json without its workload (nz, nR)";
  const points = benchPoints(scaling as Required<Pick<BenchScaling, "points">> & BenchScaling);
  if (typeof points === "string") return points;
  const m = (bench.machine ?? {}) as Partial<Machine>;
  const host = typeof bench.hostname === "string" ? bench.hostname : path.basename(path.dirname(path.resolve(file)));
  const w = (bench.workload ?? {}) as Record<string, unknown>;
  return {
    label: label(host, m),
    host,
    cpuModel: m.cpuModel ?? "unknown",
    cores: m.cores ?? NaN,
    node: m.node,
    workload: workloadText(w, w.name) + (bench.quick ? " (--quick: not a benchmark)" : ""),
    source: file,
    pairing: typeof scaling.pairing === "string" ? scaling.pairing : olderBenchPairing,
    sequentialMs: scaling.sequential!.medianMs!,
    points,
  };
}

/**
 * A bench's scaling points: as written when the bench set its pools against a cold loop (it says
 * so in `pairing`, its speedups already fair); from an older bench, made fair from each width's
 * last run (its jobs' own time), or refused when it kept none.
 */
function benchPoints(scaling: BenchScaling & Required<Pick<BenchScaling, "points">>): MachineSeries["points"] | string {
  const seq = scaling.sequential!.medianMs!;
  if (typeof scaling.pairing === "string")
    return scaling.points.map((p) => ({
      workers: p.workers,
      wallMs: p.wall.medianMs,
      speedup: p.speedup,
      efficiency: p.efficiency,
    }));
  const timelines = Array.isArray(scaling.timelines) ? scaling.timelines : [];
  const out: MachineSeries["points"] = [];
  for (const p of scaling.points) {
    const last = timelines.find((t) => t?.workers === p.workers);
    if (!last || !Array.isArray(last.jobs))
      return "an older bench.json without each width's job records, so its speedups cannot be made fair: run sweeplab bench again";
    const speedup = fairSpeedup(seq, { jobs: last.jobs, wallMs: p.wall.medianMs, workers: p.workers }).speedup;
    out.push({ workers: p.workers, wallMs: p.wall.medianMs, speedup, efficiency: speedup / p.workers });
  }
  return out;
}

interface RunPoint {
  key: string;
  source: string;
  host: string;
  machine: Partial<Machine>;
  workload: Record<string, unknown>;
  sequential: boolean;
  workers: number;
  wallMs: number;
  /** Its jobs' start and end (run.json's job records): the pool's own job time. */
  jobs: Pick<JobRecord, "start" | "end">[];
}

function runPoint(file: string, run: Record<string, unknown>): RunPoint | string {
  if (run.status === "merged") {
    const shards = Array.isArray(run.shards) ? (run.shards as { hosts?: unknown }[]) : [];
    const hosts = new Set(shards.flatMap((s) => (Array.isArray(s?.hosts) ? s.hosts : [])));
    return hosts.size > 1
      ? `a merge of shards (it ran on ${hosts.size} machines): compare the shards' machines with a bench on each`
      : `a merge of shards (${hosts.size === 1 ? `all on ${[...hosts][0]}, ` : ""}side by side): its wall time is not one sweep's; compare whole sweeps, or a bench`;
  }
  if (run.shard !== undefined) return "a shard (part of a sweep): only whole sweeps are compared";
  if (run.status !== "done") return `a run that is ${String(run.status)}, not done`;
  if (!Array.isArray(run.sessions)) return "a run.json without its sessions";
  const sessions = Array.isArray(run.sessions)
    ? (run.sessions as { hostname?: string; mode?: string; workers?: number; wallMs?: number }[])
    : [];
  if (sessions.length !== 1)
    return `a run of ${sessions.length} sessions (resumed): its wall time is not one measurement`;
  const [session] = sessions;
  if (typeof session !== "object" || session === null) return "a run.json whose session is not a record";
  const config = (run.config ?? {}) as { workload?: Record<string, unknown>; mode?: string };
  const machine = (run.machine ?? {}) as Partial<Machine>;
  const host = session.hostname ?? "unknown host";
  const workload = config.workload ?? {};
  const sequential = (session.mode ?? config.mode) === "sequential";
  if (typeof session.wallMs !== "number") return "a run without its wall time";
  const jobs = Array.isArray(run.jobs) ? (run.jobs as Pick<JobRecord, "start" | "end">[]) : undefined;
  if (!jobs || !jobs.every((j) => typeof j?.start === "number" && typeof j?.end === "number"))
    return "a run.json without its job records (start and end of each job)";
  return {
    key: JSON.stringify([host, machine.cpuModel, machine.cores, workload]),
    source: path.dirname(file),
    host,
    machine,
    workload,
    sequential,
    workers: sequential ? 1 : Number(session.workers ?? run.workers),
    wallMs: session.wallMs,
    jobs,
  };
}

/** Runs of one sweep on one machine: the sequential ones are the baseline (their median). */
function runSeries(group: RunPoint[]): MachineSeries | string {
  const [first] = group;
  const seq = group.filter((r) => r.sequential).map((r) => r.wallMs);
  if (seq.length === 0)
    return `no --sequential run of this sweep on ${first.host}: run sweeplab sweep --sequential with the same flags there, as the baseline`;
  const pooled = group.filter((r) => !r.sequential);
  if (pooled.length === 0)
    return `only --sequential runs of this sweep on ${first.host}: add pooled runs (sweeplab sweep --workers W)`;
  const sequentialMs = median(seq);
  const byWorkers = new Map<number, RunPoint[]>();
  for (const r of pooled) byWorkers.set(r.workers, [...(byWorkers.get(r.workers) ?? []), r]);
  const points = [...byWorkers.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([workers, runs]) => {
      const wallMs = median(runs.map((r) => r.wallMs));
      const speedup = median(runs.map((r) => fairSpeedup(sequentialMs, { ...r, workers }).speedup));
      return { workers, wallMs, speedup, efficiency: speedup / workers };
    });
  return {
    label: label(first.host, first.machine),
    host: first.host,
    cpuModel: first.machine.cpuModel ?? "unknown",
    cores: first.machine.cores ?? NaN,
    node: first.machine.node,
    workload: workloadText(first.workload),
    source: group.map((r) => r.source).join(", "),
    pairing: runsPairing,
    sequentialMs,
    points,
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** The comparison as a plain-text table, one line per machine and worker count, then which loop each pool was set against. */
export function comparisonTable(series: readonly MachineSeries[]): string {
  const head = ["machine", "workload", "workers", "wall", "seq/wall", "speedup", "efficiency"];
  const rows = series.flatMap((s) => [
    [s.label, s.workload, "seq", seconds(s.sequentialMs), "", "1.00x", ""],
    ...s.points.map((p) => [
      "",
      "",
      String(p.workers),
      seconds(p.wallMs),
      `${(s.sequentialMs / p.wallMs).toFixed(2)}x`,
      `${p.speedup.toFixed(2)}x`,
      `${Math.round(p.efficiency * 100)}%`,
    ]),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r
      .map((cell, i) => (i >= 2 ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  const pairings = [...new Set(series.map((s) => s.pairing))].map((p) => `  ${p}`);
  return [
    line(head),
    ...rows.map(line),
    "Each speedup sets a pool against a loop in the same state:",
    ...pairings,
    "and credits the loop's time at most as the pool's own job time, so none exceeds its worker count",
    "(seq/wall, the wall times alone, is higher where the pool's jobs ran faster than the loop's).",
  ].join("\n");
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10000 ? 3 : 1)} s`;
}
