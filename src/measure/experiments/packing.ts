/** Experiment 4: the cost of packing the matrices into every job, against sending them once. */
import { type OptionKeys, assertNumberList } from "../../core/check.js";
import { type SolveArgs, packJobs, packedBytes } from "../../physics/pack.js";
import { stats, timeit } from "../timing.js";
import type { TimingStats } from "../../core/types.js";
import { buildSweep } from "../../physics/workloads.js";
import { type ExperimentOptions, checkExperimentOptions, experimentKeys } from "./common.js";

export interface PackingOptions extends ExperimentOptions {
  /** Atom counts. @default [25, 50, 100, 200, 400, 800] */
  Ns?: number[];
}

const packingKeys = { ...experimentKeys, Ns: true } as const satisfies OptionKeys<PackingOptions>;

/** What one packed job costs at one N, versus sending the matrices once per worker. */
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

/**
 * Experiment 4: what one packed job weighs as N grows, and the time to pack and clone it (what
 * `postMessage` does to it), beside sending Dnm and Gnm once per worker.
 */
export async function packing(options: PackingOptions = {}): Promise<PackingPoint[]> {
  checkExperimentOptions(options, packingKeys, "packing");
  const { Ns = [25, 50, 100, 200, 400, 800], repeats = 20, log } = options;
  assertNumberList(Ns, "Ns", 1);
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
