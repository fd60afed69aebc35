/**
 * Plain data shapes shared by the sweep, the experiments, the plots and the CLI.
 * Everything here is JSON-serialisable (numbers, strings, arrays), so a result can be written to
 * `run.json` / `bench.json`, sent to a worker, or handed to a plot without conversion.
 */

/** The machine a measurement was taken on (written beside every timing). */
export interface Machine {
  cpuModel: string;
  cores: number;
  node: string;
  platform: string;
  arch: string;
  totalMemoryGiB: number;
  /** The 1-minute load average when measured (0 where the OS has none): above `cores`, other programs compete for the CPU. */
  loadAverage: number;
}

/** One job of a sweep as it ran: which worker, and when, on one clock (ms since the sweep began). */
export interface JobRecord {
  /** Position of the job in the sweep (0-based), i.e. the position of its result. */
  index: number;
  /** The sweep variable of this job (drive strength in units of Omega_c). */
  r: number;
  /** Worker that ran it: 0..workers-1, or 0 for the sequential sweep (the main thread). */
  worker: number;
  /** Start and end of the solve, ms since the sweep began (pool start-up included before the first). */
  start: number;
  end: number;
  /** Right-hand-side evaluations the solver made for this job. */
  rhsEvals: number;
}

/**
 * One finished job, as a loop or a pool reports it to the one callback every sweep and pool takes,
 * `onJob(event)`: in the order jobs finish, once each.
 */
export interface JobEvent<T = unknown> {
  /** When and where it ran; `record.index` is its position in the run. */
  readonly record: JobRecord;
  /** Jobs finished so far, this one included, out of `total` in the run. */
  readonly done: number;
  readonly total: number;
  /** What the job returned; undefined when it failed. */
  readonly value?: T;
  /** Why it failed: only with `collectErrors: true` (otherwise the run rejects with it). */
  readonly error?: Error;
}

/** The job-event callback (`onJob`): progress bars, tables and journals are all one of these. */
export type JobCallback<T = unknown> = (event: JobEvent<T>) => void;

/** Observables of one job at t_final, as in the lecture script's summary CSV `r,sz_mean,s2_abs`. */
export interface SummaryRow {
  r: number;
  sz_mean: number;
  s2_abs: number;
}

/** A timed quantity: every sample kept, plus its median / min / max (ms). */
export interface TimingStats {
  samplesMs: number[];
  medianMs: number;
  minMs: number;
  maxMs: number;
}

/** Experiment 1: one row per worker count, with the sequential baseline measured in the same run. */
export interface ScalingPoint {
  workers: number;
  wall: TimingStats;
  /** sequential median / this median */
  speedup: number;
  /** speedup / workers */
  efficiency: number;
}

export interface AmdahlFit {
  /** Fitted serial fraction s in S(p) = 1 / (s + (1 - s) / p), 0 <= s <= 1. */
  serialFraction: number;
  /** Root-mean-square residual of the fitted speedups. */
  rmse: number;
}

export interface ScalingResult {
  workload: string;
  jobs: number;
  chunksize: number;
  sequential: TimingStats;
  points: ScalingPoint[];
  amdahl: AmdahlFit;
  machine: Machine;
}

/** Experiment 2: wall time per chunksize at fixed workers, beside the makespan model. */
export interface ChunksizePoint {
  chunksize: number;
  wall: TimingStats;
  /** Wall time predicted by the makespan model from measured per-job times (ms). */
  modelMs: number;
}

export interface ChunksizeResult {
  workload: string;
  workers: number;
  jobs: number;
  /** Measured per-job solve times (ms), in job order, used by the model. */
  jobMs: number[];
  /** Per-dispatch overhead used by the model (ms). */
  overheadMs: number;
  points: ChunksizePoint[];
  machine: Machine;
}

/** Experiment 3: dispatch overhead per job on empty jobs. */
export type DispatchPath = "threads.js Pool.queue" | "sweeplab pool";

export interface DispatchPoint {
  path: DispatchPath;
  chunksize: number;
  jobs: number;
  usPerJob: TimingStats;
}

/** Experiment 4: what one packed job costs as N grows, versus sending the matrices once per worker. */
export interface PackingPoint {
  N: number;
  /** Bytes in one job tuple (Dnm and Gnm included: 2 N^2 doubles + the rest). */
  bytesPerJob: number;
  /** Bytes per job when Dnm and Gnm were sent once per worker (the `initializer` analogue). */
  bytesPerJobSendOnce: number;
  /** Time to build and structured-clone one job tuple, microseconds. */
  packUs: TimingStats;
  /** Same, with the matrices left out (send-once). */
  packUsSendOnce: TimingStats;
}

/** Experiment 5: speedup of a pooled sweep versus the cost of one job. */
export interface GranularityPoint {
  /** Median cost of one job, sequentially (ms). */
  jobMs: number;
  sequentialMs: number;
  pooledMs: number;
  speedup: number;
  workers: number;
}

/**
 * One machine's scaling, for comparing machines (`sweeplab compare`): pooled wall times against
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
  /** The sequential baseline's wall time (median over repeats for a bench), ms. */
  sequentialMs: number;
  /** One point per worker count, speedup = sequentialMs / wallMs, efficiency = speedup / workers. */
  points: { workers: number; wallMs: number; speedup: number; efficiency: number }[];
}
