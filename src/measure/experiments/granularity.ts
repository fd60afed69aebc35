/** Experiment 5: speedup against the cost of one job, from microseconds to a second. */
import { assertInteger, assertNumberList } from "../../core/check.js";
import { burn, burnRate } from "../jobs.js";
import { runPool } from "../../parallel/run-pool.js";
import { defaultWorkers } from "../../parallel/options.js";
import { timeit } from "../timing.js";
import type { GranularityPoint } from "../../core/types.js";
import { type GranularityOptions, checkExperimentOptions, fmt } from "./common.js";

/**
 * Experiment 5: speedup of a pooled sweep against the cost of one job, pool start-up included:
 * where does a pool start to pay? Jobs are a fixed amount of pure arithmetic (`burn`), sized from
 * this thread's measured rate, so their cost is work, not wall time; `jobMs` is each size's
 * measured sequential cost per job.
 */
export async function granularity(options: GranularityOptions = {}): Promise<GranularityPoint[]> {
  checkExperimentOptions(options, "granularity");
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
