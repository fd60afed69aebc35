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
