/** Experiment 5: speedup against the cost of one job, from microseconds to a second. */
import { type OptionKeys, assertInteger, assertNumberList } from "../../core/check.js";
import { burn, burnRate } from "../jobs.js";
import { runPool } from "../../parallel/run-pool.js";
import { defaultWorkers } from "../../parallel/options.js";
import { timeit } from "../timing.js";
import { fairSpeedup } from "../analysis.js";
import { type ExperimentOptions, checkExperimentOptions, experimentKeys, fmt } from "./common.js";

export interface GranularityOptions extends ExperimentOptions {
  /** Target job costs (ms). @default [0.01, 0.1, 1, 10, 100] */
  jobMs?: number[];
  /** @default 20 */
  jobs?: number;
  /** @default the number of cores */
  workers?: number;
}

const granularityKeys = {
  ...experimentKeys,
  jobMs: true,
  jobs: true,
  workers: true,
} as const satisfies OptionKeys<GranularityOptions>;

/** Speedup of a pooled sweep at one job cost. */
export interface GranularityPoint {
  /** Median cost of one job, sequentially (ms). */
  jobMs: number;
  sequentialMs: number;
  pooledMs: number;
  /** The fair speedup (`fairSpeedup`, the pooled run's own job time from its last repeat): at most `workers`. */
  speedup: number;
  workers: number;
}

/**
 * Experiment 5: speedup of a pooled sweep against the cost of one job, pool start-up included:
 * where does a pool start to pay? Jobs are a fixed amount of pure arithmetic (`burn`), sized from
 * this thread's measured rate, so their cost is work, not wall time; `jobMs` is each size's
 * measured sequential cost per job. The loop runs after one untimed run and the pool is new each
 * run: its start-up is the cost this experiment measures, and the arithmetic compiles alike in
 * both, so the jobs cost the same; a speedup credits the loop at most the pool's own job time.
 */
export async function granularity(options: GranularityOptions = {}): Promise<GranularityPoint[]> {
  checkExperimentOptions(options, granularityKeys, "granularity");
  const { jobMs: targets = [0.01, 0.1, 1, 10, 100], jobs = 20, workers = defaultWorkers(), repeats = 3, log } = options;
  assertNumberList(targets, "jobMs", 0, Infinity, false);
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
      speedup: fairSpeedup(seq.medianMs, { jobs: pooled.last.records, wallMs: pooled.medianMs, workers }).speedup,
      workers,
    };
    out.push(point);
    log?.(
      `${fmt(point.jobMs)} ms jobs: sequential ${point.sequentialMs.toFixed(1)} ms, pooled ${point.pooledMs.toFixed(1)} ms, speedup ${point.speedup.toFixed(2)}x`,
    );
  }
  return out;
}
