/**
 * The tables notebook cells print with `formatRows`: each takes plain data (job records, an
 * experiment's result, a workload) and returns one row per item, columns named as the notebook's
 * prose names them. Nothing here measures.
 */
import { UsageError } from "../core/errors.js";
import { assertInteger, describe } from "../core/check.js";
import type { Row } from "../core/format.js";
import type { JobRecord } from "../core/types.js";
import type { PackingPoint, ScalingResult } from "../measure/experiments.js";
import { type SolveArgs, packedBytes } from "../physics/pack.js";
import { type Sweep, type Workload, heavy, lecture, finalTime } from "../physics/workloads.js";
import { poolMapChunksize } from "../parallel/schedule.js";
import { type WallBreakdown, fairSpeedup, workerStats } from "../measure/analysis.js";

/**
 * One row per job of a sweep, in job order: its r, where it ran, when (ms since the sweep began)
 * and how long it took.
 *
 * @example
 * formatRows(jobRows(report.jobs)); // job, r, worker, start_ms, end_ms, ms, rhs_evals
 */
export function jobRows(jobs: readonly JobRecord[]): Row[] {
  return [...jobs]
    .sort((a, b) => a.index - b.index)
    .map((j) => ({
      job: j.index,
      r: j.r,
      worker: j.worker,
      start_ms: j.start,
      end_ms: j.end,
      ms: j.end - j.start,
      rhs_evals: j.rhsEvals,
    }));
}

/**
 * One row per worker of a sweep: how many jobs it ran, how long it was busy, when it started its
 * first job and finished its last (ms since the sweep began). The spread of `last_end_ms` is the tail.
 *
 * @example
 * formatRows(workerRows(report.jobs)); // worker, jobs, busy_ms, first_start_ms, last_end_ms
 */
export function workerRows(jobs: readonly JobRecord[]): Row[] {
  return workerStats(jobs).map((w) => ({
    worker: w.worker,
    jobs: w.jobs,
    busy_ms: w.busyMs,
    first_start_ms: w.firstStartMs,
    last_end_ms: w.lastEndMs,
  }));
}

/**
 * The measured points of a scaling run as table rows: median, fastest and slowest run, speedup
 * and efficiency per worker count, after a row for the sequential baseline.
 *
 * @example
 * formatRows(scalingRows(await scaling({ workers: [1, 2] })));
 */
export function scalingRows(result: ScalingResult): Row[] {
  const seq = result.sequential;
  return [
    { run: "sequential", median_ms: seq.medianMs, min_ms: seq.minMs, max_ms: seq.maxMs, speedup: 1, efficiency: 1 },
    ...result.points.map((p) => ({
      run: `${p.workers} worker${p.workers === 1 ? "" : "s"}`,
      median_ms: p.wall.medianMs,
      min_ms: p.wall.minMs,
      max_ms: p.wall.maxMs,
      speedup: p.speedup,
      efficiency: p.efficiency,
    })),
  ];
}

/** The parts of a `WallBreakdown`, in the order the tables list them: each >= 0, adding up to the wall time. */
const PARTS: readonly [string, keyof WallBreakdown][] = [
  ["start-up", "startupMs"],
  ["jobs", "busyMs"],
  ["gaps between jobs", "gapsMs"],
  ["idle tail", "tailMs"],
  ["shutdown", "shutdownMs"],
];

/** The row that compares the pool's jobs with the loop's: a ratio, not a part of the wall time. */
const RATIO_ROW = "jobs' time vs the loop (x)";

/**
 * The parts of a `WallBreakdown` as table rows: what each is, its ms and its share of the wall
 * time; then how the pool's job time compares with the loop's, as a ratio.
 */
export function breakdownRows(b: WallBreakdown): Row[] {
  return [
    ...PARTS.map(([part, key]) => ({ part, ms: b[key], share: `${((100 * b[key]) / b.wallMs).toFixed(0)}%` })),
    { part: "wall time", ms: b.wallMs, share: "100%" },
    { part: RATIO_ROW, ms: undefined, share: `${b.busyRatio.toFixed(2)}x` },
  ];
}

/**
 * Several runs' wall-time breakdowns side by side, one column of ms per run (named by its label,
 * e.g. "cold pool" and "warm pool"), per worker, read off each run's own timeline: every part is
 * >= 0 and each column adds up to that run's wall time (the "wall time" row). The last row is not
 * a part: the pool's job time over the loop's (1.10: a job took 10% longer in the pool).
 *
 * @example
 * formatRows(breakdownColumns({ "cold pool": wallBreakdown(seq.jobs, cold), "warm pool": wallBreakdown(seq.jobs, warm) }));
 */
export function breakdownColumns(runs: Readonly<Record<string, WallBreakdown>>): Row[] {
  const labels = Object.keys(runs);
  if (labels.length === 0) {
    throw new UsageError(
      "`runs` must name at least one breakdown, got none: pass { label: wallBreakdown(...) }",
      "runs",
    );
  }
  const row = (part: string, value: (b: WallBreakdown) => number): Row =>
    Object.fromEntries([["part", part], ...labels.map((label) => [label, value(runs[label])])]);
  return [
    ...PARTS.map(([part, key]) => row(part, (b) => b[key])),
    row("wall time", (b) => b.wallMs),
    row(RATIO_ROW, (b) => b.busyRatio),
  ];
}

/** A timing (timeit's) and, for a pooled run, its last report: its jobs make the speedup a fair one. */
type TimedRuns = {
  medianMs: number;
  minMs: number;
  maxMs: number;
  last?: { jobs?: readonly JobRecord[]; workers?: number };
};

/** The speedup of `t` over a loop of `baseMs`: fair (fairSpeedup) where its last run's jobs are known. */
function fair(baseMs: number, t: TimedRuns): number {
  const { jobs, workers } = t.last ?? {};
  return jobs && workers ? fairSpeedup(baseMs, { jobs, workers, wallMs: t.medianMs }).speedup : baseMs / t.medianMs;
}

/**
 * Timings of the same sweep run several ways, against the first (the baseline, e.g. the sequential
 * loop): median, fastest and slowest run, and the speedup of the medians. Labels say which is which.
 *
 * @example
 * formatRows(timingRows({ sequential: seqStats, "cold pool": coldStats, "warm pool": warmStats }));
 */
export function timingRows(runs: Readonly<Record<string, TimedRuns>>): Row[] {
  const entries = Object.entries(runs);
  if (entries.length === 0) {
    throw new UsageError("`runs` must name at least one timing, got none: pass { label: await timeit(...) }", "runs");
  }
  const base = entries[0][1].medianMs;
  return entries.map(([run, t], i) => ({
    run,
    median_ms: t.medianMs,
    min_ms: t.minMs,
    max_ms: t.maxMs,
    speedup: i === 0 ? 1 : fair(base, t),
  }));
}

/**
 * The two named workloads side by side with what they imply: t_final, the values in a job's
 * state, the work per right-hand-side evaluation (4 N^2 multiply-adds) and the bytes of Dnm and Gnm.
 *
 * @example
 * workloadRows().map((r) => r.name); // ["lecture", "heavy"]
 */
export function workloadRows(workloads: Record<string, Readonly<Workload>> = { lecture, heavy }): Row[] {
  return Object.entries(workloads).map(([name, w]) => ({
    name,
    nz: w.nz,
    jobs: w.nR,
    r: `${w.rMin}..${w.rMax}`,
    tScale: w.tScale,
    t_final: finalTime(w),
    state_values: 3 * w.nz,
    madds_per_rhs: 4 * w.nz * w.nz,
    matrix_bytes: 2 * w.nz * w.nz * 8,
  }));
}

/**
 * The jobs of a sweep, one row each: its r, the drive amplitude r * Omega_c it stands for, and
 * the amplitude every atom actually receives, |Omega_n| (the same for all n: only the phase
 * exp(2 pi i z_n) differs). "The r values" and "the Omega values" name the same jobs.
 *
 * @example
 * sweepRows(buildSweep("lecture"))[19]; // { job: 19, r: 1.2, r_times_Omega_c: 297, abs_Omega_n: 297 }
 */
export function sweepRows(sweep: Sweep): Row[] {
  return sweep.r.map((r, i) => {
    const { re, im } = sweep.OmegaNValues[i];
    let min = Infinity;
    let max = -Infinity;
    for (let n = 0; n < re.length; n++) {
      const a = Math.hypot(re[n], im[n]);
      if (a < min) min = a;
      if (a > max) max = a;
    }
    // |Omega_n| is the same for every atom up to rounding; show it once, checked.
    const abs = max - min <= 1e-9 * Math.max(1, max) ? max : NaN;
    return { job: i, r, r_times_Omega_c: r * sweep.OmegaC, abs_Omega_n: abs };
  });
}

/** The lecture's names for the positions of a job tuple, `(N, gamma, Dnm, Gnm, Omega_n, t_span, y0)`, plus the solver options. */
export const tupleNames = Object.freeze(["N", "gamma", "Dnm", "Gnm", "Omega_n", "t_span", "y0", "options"]);

/**
 * What each position of a packed job holds and weighs (8 bytes a double), so a reader sees where
 * the bytes of a job are: almost all of them in Dnm and Gnm.
 *
 * @example
 * tupleLayout(packJobs(...)[0]).map((r) => r.name); // ["N", "gamma", "Dnm", "Gnm", "Omega_n", "t_span", "y0", "options"]
 */
export function tupleLayout(args: SolveArgs): Row[] {
  if (!Array.isArray(args) || args.length < 7) {
    throw new UsageError(
      `\`args\` must be a packed job tuple of 7 or 8 values, got ${describe(args)}: take one from packJobs(...)`,
      "args",
    );
  }
  const N = args[0];
  return args.map((value, i) => {
    let holds: string;
    let bytes: number;
    if (typeof value === "number") [holds, bytes] = ["number", 8];
    else if (value instanceof Float64Array) {
      holds = value.length === N * N ? `Float64Array, ${N} x ${N}` : `Float64Array of ${value.length}`;
      bytes = value.byteLength;
    } else if (Array.isArray(value)) [holds, bytes] = [`[${value.join(", ")}]`, 8 * value.length];
    else if (value && typeof value === "object" && "re" in value && "im" in value) {
      holds = `{ re, im }: 2 x Float64Array of ${value.re.length}`;
      bytes = value.re.byteLength + value.im.byteLength;
    } else [holds, bytes] = [value === undefined ? "undefined" : JSON.stringify(value), 0];
    return { position: i, name: tupleNames[i] ?? `#${i}`, holds, bytes };
  });
}

/**
 * Bytes that cross to the workers in one sweep: every job tuple copied (the lecture's way), or the
 * matrices once per worker plus the small rest of each job (send-once).
 *
 * @example
 * const t = sweepTraffic(jobs, 2); t.packed / t.sendOnce; // ~ 10 for the lecture's 20 jobs on 2 workers
 */
export function sweepTraffic(
  jobs: readonly SolveArgs[],
  workers: number,
): { packed: number; sendOnce: number; matricesOnce: number } {
  if (!Array.isArray(jobs) || jobs.length === 0) {
    throw new UsageError(
      `\`jobs\` must be a non-empty array of packed jobs, got ${describe(jobs)}: pass packJobs(...)`,
      "jobs",
    );
  }
  assertInteger(workers, "workers", 1);
  const packed = jobs.reduce((sum, job) => sum + packedBytes(job), 0);
  const rest = jobs.reduce((sum, job) => sum + packedBytes(job, { includeMatrices: false }), 0);
  // the linear right-hand side has no matrices (null): nothing to send once
  const [, , Dnm, Gnm] = jobs[0] as SolveArgs;
  const matricesOnce = (Dnm?.byteLength ?? 0) + (Gnm?.byteLength ?? 0);
  return { packed, sendOnce: rest + workers * matricesOnce, matricesOnce };
}

/**
 * The packing experiment as table rows: bytes per job and median build-and-clone time (µs),
 * packed and send-once, per N.
 *
 * @example
 * formatRows(packingRows(await packing({ Ns: [100, 200] })));
 */
export function packingRows(points: readonly PackingPoint[]): Row[] {
  return points.map((p) => ({
    N: p.N,
    bytes_packed: p.bytesPerJob,
    bytes_send_once: p.bytesPerJobSendOnce,
    us_packed: p.packUs.medianMs,
    us_send_once: p.packUsSendOnce.medianMs,
  }));
}

/**
 * Python's `Pool.map` default chunksize, ceil(jobs / (4 * workers)), for several pool sizes, with
 * the number of chunks it makes: the lecture's 20 jobs on 4 workers give 2.
 *
 * @example
 * poolMapRows(20, [4]); // [{ workers: 4, chunksize: 2, chunks: 10 }]
 */
export function poolMapRows(jobs: number, workers: readonly number[]): Row[] {
  return workers.map((w) => {
    const chunksize = poolMapChunksize(jobs, w);
    return { workers: w, chunksize, chunks: Math.ceil(jobs / chunksize) };
  });
}
