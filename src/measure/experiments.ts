/**
 * The timing experiments (issue 3): each takes plain options, measures on this machine, and
 * returns plain data (src/types.ts) that a plot, the CLI's bench.json or a notebook cell reads.
 * Comparisons are made within one run: the sequential baseline is measured beside the pool.
 */
import { Pool, spawn, Worker } from "threads";
import type { FunctionThread, ModuleThread } from "threads";
import { type OptionKeys, assertCallback, assertInteger, checkOptions, describe } from "../core/check.js";
import { SweepInterruptedError, UsageError } from "../core/errors.js";
import { burn, burnRate } from "../parallel/jobs.js";
import { fitAmdahl } from "./amdahl.js";
import { largestFirst } from "../parallel/schedule.js";
import { predictMakespan } from "./makespan.js";
import { type SolveArgs, packJobs, packedBytes } from "../physics/pack.js";
import { defaultWorkers, runPool } from "../parallel/pool.js";
import { register, removeThreadsExitHandlers } from "../parallel/interrupt.js";
import { type SweepReport, runSweep } from "../sweep/run.js";
import { machine } from "../core/machine.js";
import { stats, timeit } from "./timing.js";
import type {
  JobRecord,
  SummaryRow,
  ChunksizeResult,
  DispatchPoint,
  GranularityPoint,
  PackingPoint,
  ScalingPoint,
  ScalingResult,
  TimingStats,
} from "../core/types.js";
import type { WorkerApi } from "../parallel/worker.js";
import { type Workload, type WorkloadName, buildSweep, workload as lookup, workloads } from "../physics/workloads.js";

/** A workload by name or as lecture parameters with overrides, e.g. `{ nz: 200, nR: 8 }`. */
export type WorkloadSpec = WorkloadName | Partial<Workload>;

/** Dispatch order of a pooled sweep: the lecture's (job order) or costliest first (LPT). */
export type Schedule = "in-order" | "largest-first";

export interface ExperimentOptions {
  /** Timed repeats per setting (every sample kept). @default 3 */
  repeats?: number;
  /** Untimed runs before each setting's repeats. @default 0 (pool start-up is part of what is measured) */
  warmup?: number;
  /** Called after each measured setting, e.g. to print a line. */
  log?: (line: string) => void;
}

export interface ScalingOptions extends ExperimentOptions {
  workload?: WorkloadSpec;
  /** Worker counts to time. @default 1..cores */
  workers?: number[];
  /** @default 1 */
  chunksize?: number;
  /** @default "in-order" */
  schedule?: Schedule;
  /** The sequential baseline of an earlier `scaling` run of the same workload, reused instead of measured again. */
  baseline?: SequentialBaseline;
}

export interface ChunksizeOptions extends ExperimentOptions {
  workload?: WorkloadSpec;
  /** @default the number of cores */
  workers?: number;
  /** @default [1, 2, 4, 5, 10, 20] */
  chunksizes?: number[];
  /** Per-dispatch overhead for the model (ms). @default measured (the hand-over gaps) */
  overheadMs?: number;
  /** A sequential baseline of the same workload (from `scaling`), reused instead of one more sequential run. */
  baseline?: SequentialBaseline;
}

export interface DispatchOptions extends ExperimentOptions {
  /** @default 2 */
  workers?: number;
  /** Empty jobs per run. @default 1000 */
  jobs?: number;
  /** @default [1, 2, 5, 10] */
  chunksizes?: number[];
}

export interface PackingOptions extends ExperimentOptions {
  /** Atom counts. @default [25, 50, 100, 200, 400, 800] */
  Ns?: number[];
}

export interface GranularityOptions extends ExperimentOptions {
  /** Target job costs (ms). @default [0.01, 0.1, 1, 10, 100] */
  jobMs?: number[];
  /** @default 20 */
  jobs?: number;
  /** @default the number of cores */
  workers?: number;
}

const experimentKeys = { repeats: true, warmup: true, log: true } as const satisfies OptionKeys<ExperimentOptions>;
const optionKeys = {
  scaling: { ...experimentKeys, workload: true, workers: true, chunksize: true, schedule: true, baseline: true },
  chunksizes: { ...experimentKeys, workload: true, workers: true, chunksizes: true, overheadMs: true, baseline: true },
  dispatch: { ...experimentKeys, workers: true, jobs: true, chunksizes: true },
  packing: { ...experimentKeys, Ns: true },
  granularity: { ...experimentKeys, jobMs: true, jobs: true, workers: true },
} as const satisfies {
  scaling: OptionKeys<ScalingOptions>;
  chunksizes: OptionKeys<ChunksizeOptions>;
  dispatch: OptionKeys<DispatchOptions>;
  packing: OptionKeys<PackingOptions>;
  granularity: OptionKeys<GranularityOptions>;
};

/** Checks an experiment's options: known names only, and `log` a function. */
function checkExperimentOptions(options: ExperimentOptions, experiment: keyof typeof optionKeys): void {
  checkOptions(options, optionKeys[experiment], experiment);
  assertCallback(options.log, "log", "(line) => void, e.g. console.log");
}

function resolveWorkload(spec: WorkloadSpec): Workload {
  return typeof spec === "string" ? lookup(spec) : lookup("lecture", spec);
}

/** A short name: "heavy", or the closest named workload with what differs, "heavy with nR=8". */
export function workloadName(spec: WorkloadSpec): string {
  if (typeof spec === "string") return spec;
  const w = resolveWorkload(spec);
  const diffs = Object.entries(workloads).map(([name, base]) => ({
    name,
    changed: (Object.keys(base) as (keyof Workload)[])
      .filter((key) => base[key] !== w[key])
      .map((key) => `${key}=${w[key]}`),
  }));
  const best = diffs.reduce((a, b) => (b.changed.length < a.changed.length ? b : a));
  return best.changed.length === 0 ? best.name : `${best.name} with ${best.changed.join(", ")}`;
}

/** A measured sequential baseline: its timing, each job's cost (ms) and its summary rows. */
export interface SequentialBaseline {
  sequential: TimingStats;
  jobMs: number[];
  rows: SummaryRow[];
}

/** Per-job costs (ms) of a sequential run, for the makespan model and for LPT dispatch. */
export function jobCosts(report: Pick<SweepReport, "jobs">): number[] {
  return report.jobs.map((job) => job.end - job.start);
}

/**
 * Experiment 1: wall time of the sweep sequentially and on 1..N workers, in one run, with the
 * speedup, the parallel efficiency and an Amdahl fit.
 * @example const s = await scaling({ workload: "heavy", workers: [1, 2] }); s.points[1].speedup
 */
export async function scaling(
  options: ScalingOptions = {},
): Promise<
  ScalingResult &
    SequentialBaseline & { schedule: Schedule; timelines: { workers: number; jobs: JobRecord[]; wallMs: number }[] }
> {
  checkExperimentOptions(options, "scaling");
  const {
    workload: spec = "heavy",
    workers = range(1, defaultWorkers()),
    chunksize = 1,
    schedule = "in-order",
    repeats = 3,
    warmup = 0,
    log,
  } = options;
  checkList(workers, "workers", 1);
  const w = resolveWorkload(spec);
  const sweep = buildSweep(w);
  assertInteger(chunksize, "chunksize", 1, w.nR);
  const { sequential, jobMs, rows } = options.baseline ?? (await measureBaseline());
  async function measureBaseline(): Promise<SequentialBaseline> {
    const timed = await timeit(() => runSweep(sweep, { sequential: true }), { repeats, warmup, label: "sequential" });
    log?.(`sequential: median ${timed.medianMs.toFixed(1)} ms`);
    return { sequential: pick(timed), jobMs: jobCosts(timed.last), rows: timed.last.rows };
  }
  if (jobMs.length !== w.nR) {
    throw new UsageError(
      `\`baseline\` holds ${jobMs.length} jobs but the workload has ${w.nR}: pass the result of a scaling run of the same workload`,
      "baseline",
    );
  }
  const order = schedule === "largest-first" ? largestFirst(jobMs) : undefined;
  const points: ScalingPoint[] = [];
  const timelines = [];
  for (const p of workers) {
    const wall = await timeit(() => runSweep(sweep, { workers: p, chunksize, order }), {
      repeats,
      warmup,
      label: `${p} workers`,
    });
    timelines.push({ workers: p, jobs: wall.last.jobs, wallMs: wall.last.wallMs });
    const speedup = sequential.medianMs / wall.medianMs;
    points.push({ workers: p, wall: pick(wall), speedup, efficiency: speedup / p });
    log?.(`${p} worker(s): median ${wall.medianMs.toFixed(1)} ms, speedup ${speedup.toFixed(2)}x`);
  }
  const amdahl = points.some((pt) => pt.workers >= 2) ? fitAmdahl(points) : { serialFraction: NaN, rmse: NaN };
  return {
    workload: workloadName(spec),
    jobs: w.nR,
    chunksize,
    sequential,
    points,
    amdahl,
    machine: machine(),
    jobMs,
    schedule,
    rows,
    timelines,
  };
}

/**
 * Experiment 2: wall time per chunksize at fixed workers, beside the makespan model. The model
 * gets each job's cost as measured inside the workers (median over every pooled run here, so a
 * fresh worker's JIT warm-up is in it), the measured pool start-up, and the measured cost of one
 * hand-over: the idle gap on a worker between the end of one chunk and the start of its next
 * (the chunk's results going back, the next tuple coming in).
 */
export async function chunksizes(
  options: ChunksizeOptions = {},
): Promise<ChunksizeResult & { startupMs: number; sequentialJobMs: number[] }> {
  checkExperimentOptions(options, "chunksizes");
  const {
    workload: spec = "heavy",
    workers = defaultWorkers(),
    chunksizes: sizes = [1, 2, 4, 5, 10, 20],
    repeats = 3,
    warmup = 0,
    log,
  } = options;
  const w = resolveWorkload(spec);
  const sweep = buildSweep(w);
  checkList(sizes, "chunksizes", 1, w.nR);
  assertInteger(workers, "workers", 1);
  const sequentialJobMs = options.baseline?.jobMs ?? jobCosts(await runSweep(sweep, { sequential: true }));
  const startups: number[] = [];
  const gaps: number[] = [];
  const perJob: number[][] = sweep.r.map(() => []);
  const points = [];
  for (const chunksize of sizes) {
    const wall = await timeit(
      async () => {
        const run = await runSweep(sweep, { workers, chunksize });
        startups.push(Math.min(...run.jobs.map((job) => job.start)));
        run.jobs.forEach((job) => perJob[job.index].push(job.end - job.start));
        gaps.push(...handOverGaps(run.jobs, chunksize));
      },
      { repeats, warmup, label: `chunksize ${chunksize}` },
    );
    points.push({ chunksize, wall: pick(wall), modelMs: 0 });
    log?.(`chunksize ${chunksize}: median ${wall.medianMs.toFixed(1)} ms`);
  }
  const overheadMs = options.overheadMs ?? (gaps.length > 0 ? stats(gaps).medianMs : await measureOverheadMs(workers));
  const startupMs = stats(startups).medianMs;
  const jobMs = perJob.map((samples) => stats(samples).medianMs);
  for (const point of points)
    point.modelMs = predictMakespan({ jobMs, workers, chunksize: point.chunksize, overheadMs, startupMs }).makespanMs;
  return {
    workload: workloadName(spec),
    workers,
    jobs: w.nR,
    jobMs,
    sequentialJobMs,
    overheadMs,
    startupMs,
    points,
    machine: machine(),
  };
}

/**
 * The idle time on each worker between the end of one chunk and the start of its next chunk,
 * from the records of a run in job order (chunk k holds jobs k*c .. k*c + c - 1).
 */
export function handOverGaps(jobs: readonly JobRecord[], chunksize: number): number[] {
  const gaps: number[] = [];
  const byWorker = new Map<number, JobRecord[]>();
  for (const job of jobs) byWorker.set(job.worker, [...(byWorker.get(job.worker) ?? []), job]);
  for (const mine of byWorker.values()) {
    mine.sort((a, b) => a.start - b.start);
    for (let k = 1; k < mine.length; k++)
      if (mine[k].index % chunksize === 0) gaps.push(mine[k].start - mine[k - 1].end);
  }
  return gaps;
}

/** Per-dispatch overhead (ms) of the kit's pool: empty jobs, chunksize 1, pool start excluded. */
async function measureOverheadMs(workers: number, jobs = 400): Promise<number> {
  const run = await runPool("empty", new Array(jobs).fill(0), { workers, chunksize: 1 });
  const first = Math.min(...run.records.map((r) => r.start));
  const last = Math.max(...run.records.map((r) => r.end));
  return ((last - first) * workers) / jobs;
}

type Thread_ = ModuleThread<WorkerApi> & FunctionThread;

/**
 * Experiment 3: dispatch cost per job on empty jobs, for threads.js's own `Pool.queue` (one task
 * per chunk) and for the kit's pool, per chunksize. Pool start-up is excluded from both.
 */
export async function dispatch(options: DispatchOptions = {}): Promise<DispatchPoint[]> {
  checkExperimentOptions(options, "dispatch");
  const { workers = 2, jobs = 1000, chunksizes: sizes = [1, 2, 5, 10], repeats = 3, log } = options;
  checkList(sizes, "chunksizes", 1, jobs);
  const out: DispatchPoint[] = [];
  for (const chunksize of sizes) {
    const kit: number[] = [];
    const stock: number[] = [];
    for (let k = 0; k < repeats; k++) {
      const run = await runPool("empty", new Array(jobs).fill(0), { workers, chunksize });
      const first = Math.min(...run.records.map((r) => r.start));
      kit.push(((Math.max(...run.records.map((r) => r.end)) - first) * 1000) / jobs);
      stock.push(await stockPoolUsPerJob(workers, jobs, chunksize));
    }
    out.push({ path: "sweeplab pool", chunksize, jobs, usPerJob: stats(kit) });
    out.push({ path: "threads.js Pool.queue", chunksize, jobs, usPerJob: stats(stock) });
    log?.(
      `chunksize ${chunksize}: sweeplab ${stats(kit).medianMs.toFixed(1)} us/job, threads.js Pool.queue ${stats(stock).medianMs.toFixed(1)} us/job`,
    );
  }
  return out;
}

/** µs per job through threads.js `Pool.queue`, timed after the pool's workers are up. */
async function stockPoolUsPerJob(workers: number, jobs: number, chunksize: number): Promise<number> {
  // Created here, in compiled library code, so threads.js resolves the worker next to this file.
  const pool = Pool(() => spawn<WorkerApi>(new Worker("../parallel/worker.js")) as Promise<Thread_>, workers);
  removeThreadsExitHandlers();
  let stopped: string | undefined;
  const unregister = register({
    stop: (reason) => {
      stopped ??= reason;
      void pool.terminate(true);
    },
  });
  try {
    await Promise.all(Array.from({ length: workers }, () => pool.queue((t) => t.init(undefined))));
    const t0 = performance.now();
    for (let k = 0; k < jobs; k += chunksize) {
      const chunk = Array.from({ length: Math.min(chunksize, jobs - k) }, (_, i) => ({ index: k + i, payload: 0 }));
      pool.queue(async (t) => {
        await t.run("empty", chunk);
      });
    }
    await Promise.race([
      pool.completed(),
      new Promise((resolve) => pool.events().subscribe((event) => event.type === "terminated" && resolve(undefined))),
    ]);
    if (stopped) throw new SweepInterruptedError(stopped, 0, jobs);
    return ((performance.now() - t0) * 1000) / jobs;
  } finally {
    unregister();
    await pool.terminate(true);
  }
}

/**
 * Experiment 4: what one packed job weighs as N grows, and the time to pack and clone it (what
 * `postMessage` does to it), beside sending Dnm and Gnm once per worker.
 */
export async function packing(options: PackingOptions = {}): Promise<PackingPoint[]> {
  checkExperimentOptions(options, "packing");
  const { Ns = [25, 50, 100, 200, 400, 800], repeats = 20, log } = options;
  checkList(Ns, "Ns", 1);
  const out: PackingPoint[] = [];
  for (const N of Ns) {
    const sweep = buildSweep({ nz: N, nR: 2 });
    const job = (): SolveArgs =>
      packJobs(sweep.N, sweep.gamma, sweep.Dnm, sweep.Gnm, sweep.OmegaNValues.slice(1), sweep.tSpan, sweep.y0)[0];
    const withMatrices = await timeit(() => structuredClone(job()), { repeats, warmup: 2, label: `pack N=${N}` });
    const sendOnce = await timeit(
      () => {
        const [n, gamma, , , OmegaN, tSpan, y0] = job();
        return structuredClone([n, gamma, OmegaN, tSpan, y0]);
      },
      { repeats, warmup: 2, label: `send-once N=${N}` },
    );
    const toUs = (t: TimingStats) => stats(t.samplesMs.map((ms) => ms * 1000));
    const point = {
      N,
      bytesPerJob: packedBytes(job()),
      bytesPerJobSendOnce: packedBytes(job(), { includeMatrices: false }),
      packUs: toUs(withMatrices),
      packUsSendOnce: toUs(sendOnce),
    };
    out.push(point);
    log?.(
      `N = ${N}: ${point.bytesPerJob} bytes per job (${point.bytesPerJobSendOnce} send-once), pack+clone ${point.packUs.medianMs.toFixed(1)} us`,
    );
  }
  return out;
}

/**
 * Experiment 5: speedup of a pooled sweep against the cost of one job, pool start-up included:
 * where does a pool start to pay? Jobs are a fixed amount of pure arithmetic (`burn`), sized from
 * this thread's measured rate, so their cost is work, not wall time; `jobMs` is each size's
 * measured sequential cost per job.
 */
export async function granularity(options: GranularityOptions = {}): Promise<GranularityPoint[]> {
  checkExperimentOptions(options, "granularity");
  const { jobMs: targets = [0.01, 0.1, 1, 10, 100], jobs = 20, workers = defaultWorkers(), repeats = 3, log } = options;
  checkList(targets, "jobMs", 0, Infinity, false);
  assertInteger(jobs, "jobs", 1);
  const rate = burnRate();
  const out: GranularityPoint[] = [];
  for (const target of targets) {
    const iterations = Math.max(1, Math.round(target * rate));
    const seq = await timeit(
      () => {
        for (let j = 0; j < jobs; j++) burn(iterations);
      },
      { repeats, warmup: 1, label: `sequential ${target} ms jobs` },
    );
    const pooled = await timeit(() => runPool("burn", new Array(jobs).fill(iterations), { workers, chunksize: 1 }), {
      repeats,
      warmup: 0,
      label: `pooled ${target} ms jobs`,
    });
    const point = {
      jobMs: seq.medianMs / jobs,
      sequentialMs: seq.medianMs,
      pooledMs: pooled.medianMs,
      speedup: seq.medianMs / pooled.medianMs,
      workers,
    };
    out.push(point);
    log?.(
      `${fmt(point.jobMs)} ms jobs: sequential ${point.sequentialMs.toFixed(1)} ms, pooled ${point.pooledMs.toFixed(1)} ms, speedup ${point.speedup.toFixed(2)}x`,
    );
  }
  return out;
}

function fmt(ms: number): string {
  return ms < 0.1 ? ms.toPrecision(2) : ms < 10 ? ms.toFixed(2) : ms.toFixed(0);
}

function pick(t: TimingStats): TimingStats {
  return { samplesMs: t.samplesMs, medianMs: t.medianMs, minMs: t.minMs, maxMs: t.maxMs };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function checkList(
  values: unknown,
  option: string,
  min: number,
  max = Infinity,
  integer = true,
): asserts values is number[] {
  const bad = (v: unknown) =>
    typeof v !== "number" || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v));
  if (!Array.isArray(values) || values.length === 0 || values.some(bad)) {
    throw new UsageError(
      `\`${option}\` must be a non-empty list of ${integer ? "integers" : "numbers"} from ${min}${max === Infinity ? " and up" : ` to ${max}`}, got ${Array.isArray(values) ? `[${values.join(", ")}]` : describe(values)}: e.g. [1, 2]`,
      option,
    );
  }
}
