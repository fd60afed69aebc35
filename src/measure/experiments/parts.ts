/**
 * Experiment: the parts a speedup prediction is built from (measure/predict.ts), measured on this
 * machine in one run: the sequential loop, a cold pool of 1 (its start-up, its worker's warm-up,
 * its round trip per chunk, its stop), and k pools of 1 at once running the whole sweep each (the
 * machine's own share when k cores are busy with the same work). The prediction is for a cold
 * pool, so its loop is cold too, as in `scaling`: the first sweep of a fresh process; each job's
 * cost comes from the warmed loop, and a fresh worker's extra over it is the warm-up.
 */
import { type OptionKeys, assertCallback, assertInteger, assertNumberList, checkOptions } from "../../core/check.js";
import { kitCores } from "../../core/machine.js";
import type { JobRecord } from "../../core/types.js";
import { runSweep } from "../../sweep/run.js";
import { buildSweep } from "../../physics/workloads.js";
import type { Contention, MeasuredParts, Spread } from "../predict.js";
import { type SequentialBaseline, type WorkloadSpec, resolveWorkload } from "./common.js";
import { coldLoop } from "../cold-loop.js";

export interface PartsOptions {
  /** @default "lecture" */
  workload?: WorkloadSpec;
  /** Jobs per dispatch in the pool of 1 (its round trips). @default 2 (the lecture's) */
  chunksize?: number;
  /** How many workers at once to measure the machine's share for. @default [the kit's cores] (none on 1 core) */
  contention?: number[];
  /** Timed repeats of each part. @default 3 */
  repeats?: number;
  /** A sequential baseline measured earlier in this run (scaling's: the loop in a fresh process), used instead of one more. */
  baseline?: SequentialBaseline;
  log?: (line: string) => void;
}

const keys = {
  workload: true,
  chunksize: true,
  contention: true,
  repeats: true,
  baseline: true,
  log: true,
} as const satisfies OptionKeys<PartsOptions>;

/** The parts, with the sequential timing they were measured beside and how long measuring took. */
export interface PartsResult extends MeasuredParts {
  jobs: number;
  chunksize: number;
  /** Wall time of this whole measurement (ms). */
  tookMs: number;
}

const spread = (xs: readonly number[]): Spread => ({ low: Math.min(...xs), high: Math.max(...xs) });
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** One cold pool of 1 taken apart: when its first job started, its extra time, its waits, its stop. */
export interface PoolOfOne {
  startupMs: number;
  warmupMs: number;
  dispatchMs: number;
  stopMs: number;
  /** Its jobs' total time (ms). */
  jobTotalMs: number;
}

/**
 * Takes one run of a pool of 1 apart against the loop's job costs: start-up is the first job's
 * start; warm-up the jobs' total time above the loop's (never below 0); the round trip the
 * worker's idle time between its first start and last end, per chunk after the first; the stop
 * what is left after the last job.
 *
 * @example
 * poolOfOne({ jobs: [{ start: 5, end: 7 }, { start: 8, end: 10 }], wallMs: 12 }, [2, 2], 1);
 * // { startupMs: 5, warmupMs: 0, dispatchMs: 1, stopMs: 2, jobTotalMs: 4 }
 */
export function poolOfOne(
  run: { jobs: readonly Pick<JobRecord, "start" | "end">[]; wallMs: number },
  jobMs: readonly number[],
  chunksize: number,
): PoolOfOne {
  const first = Math.min(...run.jobs.map((j) => j.start));
  const last = Math.max(...run.jobs.map((j) => j.end));
  const jobTotalMs = sum(run.jobs.map((j) => j.end - j.start));
  const chunks = Math.ceil(run.jobs.length / chunksize);
  const idle = Math.max(0, last - first - jobTotalMs);
  return {
    startupMs: first,
    warmupMs: Math.max(0, jobTotalMs - sum(jobMs)),
    dispatchMs: chunks > 1 ? idle / (chunks - 1) : 0,
    stopMs: Math.max(0, run.wallMs - last),
    jobTotalMs,
  };
}

/**
 * Measures the parts of a speedup prediction for a workload (see measure/predict.ts).
 *
 * @example
 * const parts = await measureParts({ workload: "lecture" });
 * predictSpeedup(parts, { workers: 2, chunksize: 2 }).speedup; // { low, high }
 */
export async function measureParts(options: PartsOptions = {}): Promise<PartsResult> {
  checkOptions(options, keys, "measureParts");
  assertCallback(options.log, "log", "(line) => void, e.g. console.log");
  const t0 = performance.now();
  const cores = kitCores();
  const { workload: spec = "lecture", repeats = 3, log } = options;
  const w = resolveWorkload(spec);
  const chunksize = options.chunksize ?? Math.min(2, w.nR);
  assertInteger(chunksize, "chunksize", 1, w.nR, `pick a chunksize from 1 to the ${w.nR} jobs`);
  assertInteger(repeats, "repeats", 1, Infinity, "time each part at least once, e.g. 3");
  const contentionAt = options.contention ?? (cores >= 2 ? [cores] : []);
  // [] measures no share (as on a single core); otherwise whole worker counts
  if (!Array.isArray(contentionAt) || contentionAt.length > 0) assertNumberList(contentionAt, "contention", 1);
  const sweep = buildSweep(w);
  const poolOf1 = () => runSweep(sweep, { workers: 1, chunksize, keepSamples: false });
  // Each repeat measures every part one after the other, so a machine that gets busier or quieter
  // during the run moves all of them together; a share is taken against the pool of 1 of its own repeat.
  // the loop as the first sweep of a fresh process (the state of a cold pool's workers), and in
  // that process a second, warmed loop for each job's cost; its time says how long the rest takes
  const first = options.baseline ? undefined : await coldLoop(w, { warmJobs: true });
  const firstMs = options.baseline ? options.baseline.sequential.medianMs : first!.wallMs;
  const perRepeat = (options.baseline ? 0 : 1) + 1.5 + 1.5 * [...contentionAt].filter((k) => k >= 2).length;
  log?.(
    `the loop took ${(firstMs / 1000).toFixed(2)} s in a fresh process: measuring the parts takes about ${((repeats * perRepeat * firstMs) / 1000).toFixed(0)} s more`,
  );
  const sequentialMs: number[] = options.baseline ? [...options.baseline.sequential.samplesMs] : [first!.wallMs];
  const jobMs = options.baseline?.jobMs ?? first!.warmJobMs!;
  const alone: PoolOfOne[] = [];
  const ratios = new Map<number, number[]>(contentionAt.filter((k) => k >= 2).map((k) => [k, []]));
  for (let i = 0; i < repeats; i++) {
    if (!options.baseline && i > 0) sequentialMs.push((await coldLoop(w)).wallMs);
    const one = poolOfOne(await poolOf1(), jobMs, chunksize);
    alone.push(one);
    for (const [k, list] of ratios) {
      const runs = await Promise.all(Array.from({ length: k }, poolOf1));
      for (const run of runs) list.push(sum(run.jobs.map((j) => j.end - j.start)) / one.jobTotalMs);
    }
    log?.(
      `repeat ${i + 1}/${repeats}: pool of 1 started its first job at ${one.startupMs.toFixed(0)} ms, its jobs took ${one.jobTotalMs.toFixed(0)} ms`,
    );
  }
  const contention: Contention[] = [...ratios].map(([k, list]) => ({ k, slowdown: spread(list) }));
  return {
    jobMs,
    sequentialMs: spread(sequentialMs),
    startupMs: spread(alone.map((a) => a.startupMs)),
    warmupMs: spread(alone.map((a) => a.warmupMs)),
    dispatchMs: spread(alone.map((a) => a.dispatchMs)),
    stopMs: spread(alone.map((a) => a.stopMs)),
    contention,
    cores,
    jobs: w.nR,
    chunksize,
    tookMs: performance.now() - t0,
  };
}
