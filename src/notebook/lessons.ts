/**
 * Helpers the lecture notebooks call so their cells stay one to five lines (docs/style.md, item 9):
 * a text table, the lecture's arithmetic, the two orders of a pooled sweep, the layout of a job
 * tuple, and the numbers behind the sentences the notebooks print. Each takes plain data (a
 * report, an experiment's result) and returns plain data or a string; nothing here measures,
 * except `orderDemo`, which runs a small pool.
 */
import * as fs from "node:fs";
import { amdahlLimit, amdahlSpeedup, bestPoint } from "../measure/amdahl.js";
import { UsageError } from "../core/errors.js";
import { assertInteger, assertPositive, describe } from "../core/check.js";
import { poolMapChunksize } from "../parallel/schedule.js";
import { predictMakespan } from "../measure/makespan.js";
import { type SolveArgs, packedBytes } from "../physics/pack.js";
import { runPool } from "../parallel/pool.js";
import { machine } from "../core/machine.js";
import { unitFor } from "../measure/timing.js";
import type { ChunksizeResult, JobRecord, Machine, PackingPoint, ScalingResult, SummaryRow } from "../core/types.js";
import { type Sweep, type Workload, heavy, lecture } from "../physics/workloads.js";

/** One row of a table: column name to value. */
export type Row = Record<string, string | number | boolean | null | undefined>;

// ---------------------------------------------------------------------------------------------
// Formatting

/**
 * A number as a reader wants it in a table: integers as they are, others with `digits`
 * significant digits (4 by default), big values without a fraction, no exponent for ordinary sizes.
 *
 * @example
 * formatNumber(182.1234); // "182.1"
 * formatNumber(0.000123); // "0.000123"
 * formatNumber(12345.6);  // "12346"
 */
export function formatNumber(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x)) return String(x);
  if (Math.abs(x) >= 10 ** digits) return x.toFixed(0);
  return String(Number(x.toPrecision(digits)));
}

/**
 * A duration with a unit chosen so it reads naturally: µs below 1 ms, ms below 1 s, else s.
 *
 * @example
 * formatMs(0.25);  // "250 µs"
 * formatMs(182.4); // "182 ms"
 * formatMs(4130);  // "4.13 s"
 */
export function formatMs(ms: number): string {
  if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0) {
    throw new UsageError(
      `\`ms\` must be a finite number >= 0, got ${describe(ms)}: pass a measured duration in milliseconds`,
      "ms",
    );
  }
  const { scale, unit } = unitFor(ms);
  return `${Number((ms * scale).toPrecision(3))} ${unit}`;
}

/**
 * A plain-text table of records, numbers right-aligned, for `console.log` in a notebook cell.
 * Columns are the keys of the first row unless `columns` names them.
 *
 * @example
 * formatRows([{ workers: 1, ms: 812.25 }, { workers: 2, ms: 431.5 }]);
 * // workers     ms
 * // -------  -----
 * //       1  812.3
 * //       2  431.5
 */
export function formatRows(
  rows: readonly object[],
  options: { columns?: readonly string[]; digits?: number } = {},
): string {
  if (!Array.isArray(rows) || rows.length === 0) {
    throw new UsageError(
      `\`rows\` must be a non-empty array of records, got ${Array.isArray(rows) ? "[]" : describe(rows)}: pass at least one row`,
      "rows",
    );
  }
  const records = rows as readonly Record<string, unknown>[];
  const { columns = Object.keys(records[0]), digits = 4 } = options;
  const cell = (v: unknown) =>
    typeof v === "number"
      ? formatNumber(v, digits)
      : v === undefined || v === null
        ? ""
        : Array.isArray(v)
          ? v.join(", ")
          : String(v);
  const numeric = columns.map((c) => records.every((row) => typeof row[c] === "number" || row[c] === undefined));
  const body = records.map((row) => columns.map((c) => cell(row[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...body.map((line) => line[i].length)));
  const pad = (s: string, i: number) => (numeric[i] ? s.padStart(widths[i]) : s.padEnd(widths[i]));
  const lines = [columns.map(pad), widths.map((w) => "-".repeat(w)), ...body.map((line) => line.map(pad))];
  return lines.map((line) => line.join("  ").trimEnd()).join("\n");
}

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
  const workers = [...new Set(jobs.map((j) => j.worker))].sort((a, b) => a - b);
  return workers.map((worker) => {
    const mine = jobs.filter((j) => j.worker === worker);
    return {
      worker,
      jobs: mine.length,
      busy_ms: mine.reduce((sum, j) => sum + (j.end - j.start), 0),
      first_start_ms: Math.min(...mine.map((j) => j.start)),
      last_end_ms: Math.max(...mine.map((j) => j.end)),
    };
  });
}

/**
 * How far apart (ms) the workers finished their last jobs: the idle tail of a pooled run, during
 * which some worker had nothing left to do. 0 for a single worker.
 *
 * @example
 * finishSpreadMs(report.jobs); // e.g. 390: one worker idled that long at the end
 */
export function finishSpreadMs(jobs: readonly JobRecord[]): number {
  const ends = workerRows(jobs).map((w) => Number(w.last_end_ms));
  return ends.length === 0 ? 0 : Math.max(...ends) - Math.min(...ends);
}

/**
 * Mean time (ms) between one job's end and the next job's start on the same worker: what handing
 * over a job really costs in a run (its tuple out, the previous result back, the scheduling),
 * as opposed to an empty job's dispatch. NaN when no worker ran two jobs.
 *
 * @example
 * meanGapMs(report.jobs); // e.g. 1.1 for the heavy workload at chunksize 1
 */
export function meanGapMs(jobs: readonly JobRecord[]): number {
  let sum = 0;
  let count = 0;
  for (const worker of new Set(jobs.map((j) => j.worker))) {
    const mine = jobs.filter((j) => j.worker === worker).sort((a, b) => a.start - b.start);
    for (let i = 1; i < mine.length; i++) {
      sum += mine[i].start - mine[i - 1].end;
      count++;
    }
  }
  return count === 0 ? NaN : sum / count;
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

/** Where the wall time of a pooled run went, in ms of wall time; the parts add up to `wallMs`. */
export interface WallBreakdown {
  workers: number;
  wallMs: number;
  /** The sequential job time split evenly over the workers: the wall time of a perfect pool. */
  perfectMs: number;
  /** Extra job time inside the pool over the same jobs in the loop, per worker (negative if faster). */
  slowdownMs: number;
  /** Mean wait from the sweep's start to each worker's first job (threads starting, the library loading). */
  startupMs: number;
  /** Mean time per worker between its jobs (results back, the next job out). */
  gapsMs: number;
  /** Mean time per worker from its last job's end to the last job's end anywhere: the idle tail. */
  tailMs: number;
  /** From the last job's end to the sweep's return (the pool stopping). */
  shutdownMs: number;
  /** Job time in the pool over job time in the loop: 1 when a job costs the same in both. */
  busyRatio: number;
}

/**
 * Takes the wall time of a pooled run apart against the same jobs run sequentially: per worker,
 * wall = start-up + its jobs + the gaps between them + its idle tail + the pool's shutdown, and
 * the jobs are the sequential work plus whatever they cost extra in the pool. The parts add up
 * to the wall time, so the speedup's shortfall can be read off them.
 *
 * @example
 * const b = wallBreakdown(seq.jobs, pooled);
 * b.perfectMs + b.slowdownMs + b.startupMs + b.gapsMs + b.tailMs + b.shutdownMs; // = b.wallMs
 */
export function wallBreakdown(
  sequentialJobs: readonly Pick<JobRecord, "index" | "start" | "end">[],
  pooled: { jobs: readonly JobRecord[]; wallMs: number; workers: number },
): WallBreakdown {
  const { jobs, wallMs, workers } = pooled;
  assertInteger(workers, "pooled.workers", 1);
  assertPositive(wallMs, "pooled.wallMs");
  const pooledIndices = new Set(jobs.map((j) => j.index));
  const sequentialIndices = new Set(sequentialJobs.map((j) => j.index));
  if (
    jobs.length === 0 ||
    pooledIndices.size !== sequentialIndices.size ||
    [...pooledIndices].some((i) => !sequentialIndices.has(i))
  ) {
    throw new UsageError(
      `the two runs must hold the same jobs, got ${sequentialJobs.length} sequential and ${jobs.length} pooled: pass the reports of one workload run both ways`,
      "pooled",
    );
  }
  const lastEnd = Math.max(...jobs.map((j) => j.end));
  // Per worker that ran jobs: start-up before its first, busy time, gaps (its span minus its
  // jobs) and tail; a worker that never got a job idled all along, which counts as tail.
  const rows = workerRows(jobs).map((w) => ({
    first: Number(w.first_start_ms),
    last: Number(w.last_end_ms),
    busy: Number(w.busy_ms),
  }));
  const sum = (f: (w: (typeof rows)[number]) => number) => rows.reduce((total, w) => total + f(w), 0);
  const startup = sum((w) => w.first);
  const busy = sum((w) => w.busy);
  const gaps = sum((w) => w.last - w.first - w.busy);
  const tail = sum((w) => lastEnd - w.last) + (workers - rows.length) * lastEnd;
  const work = sequentialJobs.reduce((total, j) => total + (j.end - j.start), 0);
  return {
    workers,
    wallMs,
    perfectMs: work / workers,
    slowdownMs: (busy - work) / workers,
    startupMs: startup / workers,
    gapsMs: gaps / workers,
    tailMs: tail / workers,
    shutdownMs: wallMs - lastEnd,
    busyRatio: busy / work,
  };
}

/** The parts of a `WallBreakdown` as table rows: what each is, its ms and its share of the wall time. */
export function breakdownRows(b: WallBreakdown): Row[] {
  const parts: [string, number][] = [
    ["the work, split evenly", b.perfectMs],
    ["jobs slower in the pool", b.slowdownMs],
    ["start-up", b.startupMs],
    ["gaps between jobs", b.gapsMs],
    ["idle tail", b.tailMs],
    ["shutdown", b.shutdownMs],
  ];
  return [
    ...parts.map(([part, ms]) => ({ part, ms, share: `${((100 * ms) / b.wallMs).toFixed(0)}%` })),
    { part: "wall time", ms: b.wallMs, share: "100%" },
  ];
}

/**
 * A paragraph reading a pooled run against the same jobs run sequentially, with the numbers of
 * this run: the speedup, where the shortfall from the ideal went (largest part first), and a
 * warning when the machine was busy with other work. Notebooks print it instead of fixed prose,
 * so the words match what was measured.
 *
 * @example
 * tslab.display.markdown(poolReading(seq, pooled));
 */
export function poolReading(
  sequential: { jobs: readonly JobRecord[]; wallMs: number },
  pooled: { jobs: readonly JobRecord[]; wallMs: number; workers: number },
  load: Pick<Machine, "loadAverage" | "cores"> = machine(),
): string {
  const b = wallBreakdown(sequential.jobs, pooled);
  const speedup = sequential.wallMs / pooled.wallMs;
  const W = b.workers;
  const verdict =
    speedup < 1
      ? `the pool **lost**: ${speedup.toFixed(2)}x, slower than the plain loop`
      : speedup >= 0.9 * W
        ? `**${speedup.toFixed(2)}x**, close to the ideal ${W}x of ${W} worker${W === 1 ? "" : "s"}`
        : `**${speedup.toFixed(2)}x**, short of the ideal ${W}x of ${W} worker${W === 1 ? "" : "s"}`;
  const losses: [string, number][] = [
    [`slower jobs, at ${b.busyRatio.toFixed(2)}x their time in the loop`, b.slowdownMs],
    ["start-up before each worker's first job", b.startupMs],
    ["gaps between jobs on a worker", b.gapsMs],
    ["the idle tail while workers waited for the last job", b.tailMs],
    ["the pool stopping", b.shutdownMs],
  ];
  const shown = losses.filter(([, ms]) => ms > 0.02 * b.wallMs).sort((a, c) => c[1] - a[1]);
  const where =
    shown.length === 0
      ? "Almost nothing was lost beyond the work itself."
      : `Of the ${formatMs(b.wallMs)} it took, ${formatMs(b.perfectMs)} is the sequential work split evenly; the rest went to ${shown
          .map(([what, ms]) => `${what} (${formatMs(ms)})`)
          .join("; ")}.`;
  const warning =
    load.loadAverage > load.cores
      ? ` ${loadSentence(load)}`
      : b.busyRatio > 1.25
        ? " Jobs that take longer in a worker than in the loop point to cold code in fresh threads (for short jobs) or to cores shared with other work."
        : "";
  return `Against the loop's ${formatMs(sequential.wallMs)}: ${verdict}. ${where}${warning}`;
}

/**
 * One sentence on how busy this machine is, from its 1-minute load average: above one runnable
 * program per core, other work competes with the workers and every timing is slower and noisier.
 *
 * @example
 * loadSentence({ loadAverage: 0.3, cores: 2 }); // "The load average is 0.3 on 2 cores: ..."
 */
export function loadSentence(load: Pick<Machine, "loadAverage" | "cores"> = machine()): string {
  const { loadAverage, cores } = load;
  if (loadAverage > cores) {
    return `**This machine is busy**: its load average is ${loadAverage.toFixed(1)} on ${cores} cores, so other programs took CPU time from the workers and these timings are slower and noisier than on a quiet machine; rerun when it is quieter.`;
  }
  return `The load average is ${loadAverage.toFixed(1)} on ${cores} cores: ${loadAverage > cores / 2 ? "some other work is running, so expect some noise in the timings" : "the cores are free for these measurements"}.`;
}

// ---------------------------------------------------------------------------------------------
// The workloads and the job tuple

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
    t_final: (w.tScale * 10) / (w.nz * w.g1d),
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
  const matricesOnce = jobs[0][2].byteLength + jobs[0][3].byteLength;
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
 * Least-squares slope of log y against log x: the k in y ~ x^k.
 *
 * @example
 * loglogSlope([10, 20, 40], [100, 400, 1600]); // 2
 */
export function loglogSlope(xs: readonly number[], ys: readonly number[]): number {
  if (!Array.isArray(xs) || !Array.isArray(ys) || xs.length !== ys.length || xs.length < 2) {
    throw new UsageError(
      `\`xs\` and \`ys\` must be arrays of the same length, at least 2, got ${describe(xs)} and ${describe(ys)}`,
      "xs",
    );
  }
  if ([...xs, ...ys].some((v) => !(v > 0) || !Number.isFinite(v))) {
    throw new UsageError("`xs` and `ys` must hold finite numbers greater than 0 (their logarithms are taken)", "xs");
  }
  const lx = xs.map(Math.log);
  const ly = ys.map(Math.log);
  const mx = lx.reduce((a, b) => a + b, 0) / lx.length;
  const my = ly.reduce((a, b) => a + b, 0) / ly.length;
  let sxy = 0;
  let sxx = 0;
  lx.forEach((x, i) => {
    sxy += (x - mx) * (ly[i] - my);
    sxx += (x - mx) ** 2;
  });
  if (sxx === 0) throw new UsageError("`xs` must hold at least two different values", "xs");
  return sxy / sxx;
}

// ---------------------------------------------------------------------------------------------
// Result order versus finish order

/** Job indices in the order the jobs finished (by end time; ties by index). */
export function finishOrder(jobs: readonly JobRecord[]): number[] {
  return [...jobs].sort((a, b) => a.end - b.end || a.index - b.index).map((j) => j.index);
}

/** Step k of a pooled sweep: the job that finished, and the results `imap` could hand out then. */
export interface OrderStep {
  step: number;
  finished: number;
  /** Results released in job order at this step (`imap` yields only when every earlier one is in). */
  released: number[];
}

/**
 * Collects, as a pooled sweep runs, which job finishes at each step (`onJob`) and which results
 * become available in job order at that step (`onResult`, the `imap` order). Pass both to
 * `runSweep` (or `onJobDone`/`onResult` to `runPool`), then read `steps` or `rows()`.
 *
 * @example
 * const rec = orderRecorder();
 * await runSweep("lecture", { workers: 2, onJob: rec.onJob, onResult: rec.onResult });
 * formatRows(rec.rows()); // step, finished, imap releases
 */
export function orderRecorder(): {
  onJob: (record: JobRecord) => void;
  onResult: (index: number) => void;
  steps: OrderStep[];
  rows: () => Row[];
} {
  const steps: OrderStep[] = [];
  return {
    steps,
    onJob: (record) => void steps.push({ step: steps.length + 1, finished: record.index, released: [] }),
    onResult: (index) => {
      const last = steps[steps.length - 1];
      if (last) last.released.push(index);
    },
    rows: () => orderRows(steps),
  };
}

/**
 * The steps of `orderRecorder` or `orderDemo` as table rows: the job that finished, and the
 * results an ordered consumer (`imap`) could take at that moment.
 *
 * @example
 * formatRows(orderRows(await orderDemo([120, 20, 20, 20])));
 */
export function orderRows(steps: readonly OrderStep[]): Row[] {
  return steps.map((s) => ({
    step: s.step,
    "job that finished": s.finished,
    "results imap hands out now": s.released.length ? s.released.join(", ") : "none: an earlier job is still running",
  }));
}

/**
 * Runs jobs of known cost (busy arithmetic, `jobMs` each) on a small pool, chunksize 1, and returns
 * the steps of `orderRecorder`: a long first job makes the later ones finish first, while the
 * results still come out in job order.
 *
 * @example
 * const steps = await orderDemo([120, 20, 20, 20, 20], 2);
 * steps[0].finished; // 1: job 0 is still running
 * steps.flatMap((s) => s.released); // [0, 1, 2, 3, 4]
 */
export async function orderDemo(jobMs: readonly number[], workers = 2): Promise<OrderStep[]> {
  if (!Array.isArray(jobMs) || jobMs.length === 0 || jobMs.some((ms) => !(ms >= 0) || !Number.isFinite(ms))) {
    throw new UsageError(
      `\`jobMs\` must be a non-empty array of job costs >= 0 (ms), got ${describe(jobMs)}: e.g. [120, 20, 20, 20]`,
      "jobMs",
    );
  }
  const rec = orderRecorder();
  await runPool("spin", jobMs, { workers, chunksize: 1, onJobDone: rec.onJob, onResult: rec.onResult });
  return rec.steps;
}

// ---------------------------------------------------------------------------------------------
// The lecture's arithmetic and what the measurements say about it

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

/** The lecture's timeline: equal jobs, run in rounds of `workers` at a time. */
export interface LectureArithmetic {
  jobs: number;
  secondsPerJob: number;
  workers: number;
  sequentialS: number;
  /** Rounds of `workers` jobs at a time: ceil(jobs / workers). */
  rounds: number;
  pooledS: number;
  /** sequentialS / pooledS: what the timeline implies (at most `workers`). */
  speedup: number;
}

/**
 * The lecture's timeline worked out: `jobs` jobs of `secondsPerJob` each, one after another, or
 * in rounds of `workers` jobs at a time, with no start-up or dispatch cost at all. The speedup is
 * sequential / pooled; it can never exceed the number of workers, and equals the number of rounds
 * only by accident.
 *
 * @example
 * lectureArithmetic({ jobs: 20, secondsPerJob: 2, workers: 4 });
 * // { sequentialS: 40, rounds: 5, pooledS: 10, speedup: 4, ... }
 */
export function lectureArithmetic({ jobs = 20, secondsPerJob = 2, workers = 4 } = {}): LectureArithmetic {
  assertInteger(jobs, "jobs", 1, Infinity, "the lecture has 20");
  assertPositive(secondsPerJob, "secondsPerJob", "the lecture assumes 2");
  assertInteger(workers, "workers", 1, Infinity, "the lecture uses 4");
  const rounds = Math.ceil(jobs / workers);
  const sequentialS = jobs * secondsPerJob;
  const pooledS = rounds * secondsPerJob;
  return { jobs, secondsPerJob, workers, sequentialS, rounds, pooledS, speedup: sequentialS / pooledS };
}

/** What the measured scaling says, in the numbers the notebook's sentences need. */
export interface ScalingNumbers {
  sequentialMs: number;
  best: { workers: number; speedup: number; efficiency: number; medianMs: number };
  serialFraction: number;
  /** 1 / serialFraction: the speedup no number of workers can exceed if the fit holds. */
  amdahlLimit: number;
  /** One row per worker count asked about (measured or not). */
  predictions: Prediction[];
}

export interface Prediction {
  workers: number;
  /** S = p: every worker busy all the time, nothing serial. */
  ideal: number;
  /** At most ceil(jobs / chunksize) chunks exist, so at most that many workers ever get work. */
  busyWorkersAtMost: number;
  /**
   * The speedup the dispatch rule allows with the measured job costs and no overhead at all:
   * total job time / the makespan model's wall time (imbalance: the longest chunk runs alone).
   */
  imbalanceBound: number;
  /** Amdahl's law with the fitted serial fraction. */
  amdahl: number;
}

/**
 * The numbers of a scaling run that the notebook states: the best measured point, the Amdahl fit,
 * and, for each worker count in `predictAt` (e.g. a 10- or 20-core node), three upper estimates:
 * the ideal p, the bound set by job imbalance with the run's chunksize, and Amdahl's S(p).
 *
 * @example
 * const n = scalingNumbers(await scaling({ workload: "heavy", workers: [1, 2] }), [10, 20]);
 * n.predictions[1].busyWorkersAtMost; // 20 with chunksize 1, 10 with the lecture's chunksize 2
 */
export function scalingNumbers(
  result: ScalingResult & { jobMs: readonly number[] },
  predictAt: readonly number[] = [10, 20],
): ScalingNumbers {
  if (!result || !Array.isArray(result.points) || result.points.length === 0 || !Array.isArray(result.jobMs)) {
    throw new UsageError(
      `\`result\` must be what scaling(...) returns (points and jobMs), got ${describe(result)}`,
      "result",
    );
  }
  const best = bestPoint(result.points);
  const s = result.amdahl.serialFraction;
  return {
    sequentialMs: result.sequential.medianMs,
    best: { workers: best.workers, speedup: best.speedup, efficiency: best.efficiency, medianMs: best.wall.medianMs },
    serialFraction: s,
    amdahlLimit: Number.isFinite(s) ? amdahlLimit(s) : NaN,
    predictions: predictAt.map((p) => clusterPrediction(result.jobMs, p, result.chunksize, s)),
  };
}

/**
 * What the Amdahl fit of a scaling run means, in words that follow its numbers: the serial
 * fraction and the ceiling it implies, or, when no worker count beat the loop, that there was no
 * parallel part to fit (the fit then returns s = 1, everything serial).
 *
 * @example
 * tslab.display.markdown(amdahlReading(await scaling({ workers: [1, 2] })));
 */
export function amdahlReading(result: ScalingResult): string {
  const { serialFraction: s, rmse } = result.amdahl;
  const best = bestPoint(result.points);
  if (!Number.isFinite(s)) return "Amdahl's law needs measurements on two or more workers; this run has none.";
  const busy = result.machine.loadAverage > result.machine.cores ? ` ${loadSentence(result.machine)}` : "";
  if (best.speedup <= 1) {
    return `No worker count beat the loop in this run (the best was ${best.speedup.toFixed(2)}x, on ${best.workers} worker${best.workers === 1 ? "" : "s"}), so there is no parallel part for Amdahl's law to find: the fit returns **s = ${s.toFixed(3)}**, everything serial, and its prediction is flat. That describes this run (jobs too short for the pool's fixed costs, or cores busy with other work), not the sweep.${busy}`;
  }
  if (s < 0.001) {
    return `Fitted serial fraction **s = ${s.toFixed(3)}**: the speedups match or beat the ideal p, so the fit finds no serial part and Amdahl's law sets no ceiling here; more cores are likely to show one.${busy}`;
  }
  return `Fitted serial fraction **s = ${s.toFixed(3)}** (root-mean-square error of the fitted speedups ${rmse.toFixed(3)}), so Amdahl's ceiling is **1/s = ${amdahlLimit(s).toFixed(1)}x**: with this s, no number of workers would run this sweep faster than that.${busy}`;
}

/**
 * The wall-time breakdown (see `wallBreakdown`) of the last pooled run of a scaling experiment on
 * `workers` workers (by default the count with the best speedup), against its sequential job costs.
 *
 * @example
 * formatRows(breakdownRows(scalingBreakdown(scale)));
 */
export function scalingBreakdown(
  result: ScalingResult & {
    jobMs: readonly number[];
    timelines: readonly { workers: number; jobs: readonly JobRecord[]; wallMs: number }[];
  },
  workers = bestPoint(result.points).workers,
): WallBreakdown {
  const run = result.timelines.find((t) => t.workers === workers);
  if (!run) {
    throw new UsageError(
      `\`workers\` must be one of the measured counts ${result.timelines.map((t) => t.workers).join(", ")}, got ${describe(workers)}`,
      "workers",
    );
  }
  const sequentialJobs = result.jobMs.map((ms, index) => ({ index, start: 0, end: ms }));
  return wallBreakdown(sequentialJobs, { jobs: run.jobs, wallMs: run.wallMs, workers });
}

/**
 * Upper estimates of the speedup of a sweep with these job costs on `workers` workers (see
 * `Prediction`). The lecture's 20 jobs with chunksize 2 make 10 chunks: on 20 cores half of them idle.
 *
 * @example
 * clusterPrediction(Array(20).fill(1), 20, 2, 0).busyWorkersAtMost; // 10
 * clusterPrediction(Array(20).fill(1), 20, 2, 0).imbalanceBound;    // 10
 */
export function clusterPrediction(
  jobMs: readonly number[],
  workers: number,
  chunksize: number,
  serialFraction: number,
): Prediction {
  assertInteger(workers, "workers", 1);
  const total = jobMs.reduce((a, b) => a + b, 0);
  const makespan = predictMakespan({ jobMs, workers, chunksize }).makespanMs;
  return {
    workers,
    ideal: workers,
    busyWorkersAtMost: Math.min(workers, Math.ceil(jobMs.length / chunksize)),
    imbalanceBound: total / makespan,
    amdahl: Number.isFinite(serialFraction) ? amdahlSpeedup(serialFraction, workers) : NaN,
  };
}

/** One chunksize of a chunksize run, the model's wall time taken apart. */
export interface ChunksizeParts {
  chunksize: number;
  /** Chunks sent: ceil(jobs / chunksize). */
  dispatches: number;
  measuredMs: number;
  modelMs: number;
  /** Pool start-up before the first job (measured). */
  startupMs: number;
  /** Total job time / workers: the wall time of a perfect split. */
  workMs: number;
  /** dispatches * per-dispatch overhead / workers. */
  overheadMs: number;
  /** What is left of the model's wall time: the last chunk running while other workers idle. */
  tailMs: number;
}

/**
 * Takes the makespan model's prediction for each chunksize apart into start-up + perfect split of
 * the work + dispatch overhead + the idle tail, so a table shows which one a chunksize pays for:
 * small chunks pay overhead, big chunks pay tail.
 *
 * @example
 * formatRows(chunksizeParts(await chunksizes({ workload: "heavy", workers: 2 })));
 */
export function chunksizeParts(result: ChunksizeResult & { startupMs: number }): ChunksizeParts[] {
  if (!result || !Array.isArray(result.points) || !Array.isArray(result.jobMs)) {
    throw new UsageError(`\`result\` must be what chunksizes(...) returns, got ${describe(result)}`, "result");
  }
  const { jobMs, workers, overheadMs, startupMs } = result;
  const workMs = jobMs.reduce((a, b) => a + b, 0) / workers;
  return result.points.map((p) => {
    const dispatches = Math.ceil(jobMs.length / p.chunksize);
    const modelMs = predictMakespan({ jobMs, workers, chunksize: p.chunksize, overheadMs, startupMs }).makespanMs;
    const overhead = (dispatches * overheadMs) / workers;
    return {
      chunksize: p.chunksize,
      dispatches,
      measuredMs: p.wall.medianMs,
      modelMs,
      startupMs,
      workMs,
      overheadMs: overhead,
      tailMs: Math.max(0, modelMs - startupMs - workMs - overhead),
    };
  });
}

/** The sentences' numbers of a chunksize run: which chunksize won, and where each part peaked. */
export interface ChunksizeSummary {
  parts: ChunksizeParts[];
  /** The chunksize with the lowest measured median, and the one the model ranks first. */
  fastestMeasured: number;
  fastestModel: number;
  /** The chunksize that pays the most dispatch overhead, and the one with the longest idle tail. */
  mostOverhead: ChunksizeParts;
  longestTail: ChunksizeParts;
  /** Largest |measured - model| / measured over all chunksizes. */
  maxMiss: number;
}

/**
 * `chunksizeParts` plus the handful of numbers a reader wants from them.
 *
 * @example
 * const v = chunksizeSummary(chunks);
 * v.fastestMeasured; // e.g. 1 or 2 for the heavy workload on 2 cores
 */
export function chunksizeSummary(result: ChunksizeResult & { startupMs: number }): ChunksizeSummary {
  const parts = chunksizeParts(result);
  if (parts.length === 0)
    throw new UsageError("`result.points` is empty: run chunksizes(...) with at least one chunksize", "result");
  const min = (key: "measuredMs" | "modelMs") => parts.reduce((a, b) => (b[key] < a[key] ? b : a)).chunksize;
  const max = (key: "overheadMs" | "tailMs") => parts.reduce((a, b) => (b[key] > a[key] ? b : a));
  return {
    parts,
    fastestMeasured: min("measuredMs"),
    fastestModel: min("modelMs"),
    mostOverhead: max("overheadMs"),
    longestTail: max("tailMs"),
    maxMiss: Math.max(...parts.map((p) => Math.abs(p.measuredMs - p.modelMs) / p.measuredMs)),
  };
}

/**
 * What a chunksize experiment found, in words that follow its numbers: which of dispatch overhead
 * and the idle tail weighed more, whether measurement and model agree on the best chunksize, and
 * a warning when the machine was busy while it ran.
 *
 * @example
 * tslab.display.markdown(chunksizeReading(await chunksizes({ workload: "heavy" })));
 */
export function chunksizeReading(result: ChunksizeResult & { startupMs: number }): string {
  const v = chunksizeSummary(result);
  const runs = result.points[0].wall.samplesMs.length;
  const balance =
    v.longestTail.tailMs >= v.mostOverhead.overheadMs
      ? `The idle tail (up to ${formatMs(v.longestTail.tailMs)}, at chunksize ${v.longestTail.chunksize}) outweighs the dispatches (at most ${formatMs(v.mostOverhead.overheadMs)} per worker, at chunksize ${v.mostOverhead.chunksize}): with jobs this long, small chunks should win.`
      : `The dispatches (up to ${formatMs(v.mostOverhead.overheadMs)} per worker, at chunksize ${v.mostOverhead.chunksize}) outweigh the idle tail (at most ${formatMs(v.longestTail.tailMs)}, at chunksize ${v.longestTail.chunksize}): with jobs this short, larger chunks should win.`;
  const agree =
    v.fastestMeasured === v.fastestModel
      ? `Measurement and model agree: chunksize ${v.fastestMeasured} was fastest.`
      : `Measurement and model disagree on the best chunksize (measured ${v.fastestMeasured}, model ${v.fastestModel}); the largest gap between them is ${(100 * v.maxMiss).toFixed(0)}% of a measurement, so look at noise first (${runs} run${runs === 1 ? "" : "s"} per point) and then at the model's assumption that a job costs the same whatever else runs.`;
  const busy = result.machine.loadAverage > result.machine.cores ? ` ${loadSentence(result.machine)}` : "";
  return `${balance} ${agree}${busy}`;
}

/**
 * True when two sweeps' summary rows are identical to the last bit (same r, sz_mean, s2_abs, in
 * the same order): a pool changes when results are computed, never what.
 *
 * @example
 * sameObservables(sequential.rows, pooled.rows); // true
 */
export function sameObservables(a: readonly SummaryRow[], b: readonly SummaryRow[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (row, i) =>
        Object.is(row.r, b[i].r) && Object.is(row.sz_mean, b[i].sz_mean) && Object.is(row.s2_abs, b[i].s2_abs),
    )
  );
}

// ---------------------------------------------------------------------------------------------
// Failure

/**
 * Awaits `work` and returns the error it rejects with, or undefined if it succeeds: a notebook
 * cell can show a failure without a try/catch block (and without failing the cell).
 *
 * @example
 * const err = await caught(runPool("fail", ["throw"]));
 * err?.name; // "JobError"
 */
export async function caught(work: Promise<unknown>): Promise<Error | undefined> {
  try {
    await work;
    return undefined;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * OS threads of this process (Linux: /proc/self/status), or undefined elsewhere. Each worker
 * thread is one more; a pool that was not terminated keeps its threads.
 *
 * @example
 * threadCount(); // e.g. 11 in a fresh kernel
 */
export function threadCount(): number | undefined {
  try {
    const match = /Threads:\s+(\d+)/.exec(fs.readFileSync("/proc/self/status", "utf8"));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Waits (up to `timeoutMs`) until the process has at most `target` threads, and returns the count:
 * the OS reaps a terminated thread a moment after it ends.
 *
 * @example
 * const before = threadCount();
 * await runPool("spin", [10, 10], { workers: 2 });
 * await waitForThreads(before); // === before: the pool's threads are gone
 */
export async function waitForThreads(target: number | undefined, timeoutMs = 2000): Promise<number | undefined> {
  let n = threadCount();
  if (n === undefined || target === undefined) return n;
  const end = Date.now() + timeoutMs;
  while (n !== undefined && n > target && Date.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    n = threadCount();
  }
  return n;
}
