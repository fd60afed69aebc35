/**
 * Experiment: where chunksize flips. Jobs far cheaper than a hand-over (`spin` jobs of 0.01 ms) on
 * one open pool, so start-up is out of every timing, at several chunksizes, two ways: one chunk at
 * a time per worker (`inflight: 1`, as Python's Pool hands them out: every chunk waits for its
 * round trip) and the kit's default (a worker running tiny jobs gets chunks queued ahead, which
 * hides the round trip whatever the chunksize).
 */
import {
  type OptionKeys,
  assertCallback,
  assertFinite,
  assertInteger,
  assertNumberList,
  checkOptions,
} from "../../core/check.js";
import type { TimingStats } from "../../core/types.js";
import { openPool } from "../../parallel/open-pool.js";
import { runPool } from "../../parallel/run-pool.js";
import "../jobs.js"; // registers the "spin" job
import { stats } from "../timing.js";

export interface FlipOptions {
  /** @default 2000 */
  jobs?: number;
  /** Cost of each job (ms of busy waiting). @default 0.01 */
  jobMs?: number;
  /** @default [1, 10, 100] */
  chunksizes?: number[];
  /** @default 2 */
  workers?: number;
  /** Timed repeats of each setting, interleaved. @default 5 */
  repeats?: number;
  log?: (line: string) => void;
}

const keys = {
  jobs: true,
  jobMs: true,
  chunksizes: true,
  workers: true,
  repeats: true,
  log: true,
} as const satisfies OptionKeys<FlipOptions>;

/** How chunks reach a worker: one at a time ("one at a time"), or the kit's default ("queued ahead"). */
export type Handing = "one at a time" | "queued ahead";

export interface FlipPoint {
  handing: Handing;
  chunksize: number;
  wall: TimingStats;
}

export interface FlipResult {
  jobs: number;
  jobMs: number;
  workers: number;
  points: FlipPoint[];
}

/**
 * @example
 * const flip = await chunksizeFlip();
 * flip.points.find((p) => p.handing === "one at a time" && p.chunksize === 1)?.wall.medianMs;
 */
export async function chunksizeFlip(options: FlipOptions = {}): Promise<FlipResult> {
  checkOptions(options, keys, "chunksizeFlip");
  assertCallback(options.log, "log", "(line) => void, e.g. console.log");
  const { jobs = 2000, jobMs = 0.01, chunksizes = [1, 10, 100], workers = 2, repeats = 5, log } = options;
  assertInteger(jobs, "jobs", 1, 1e6, "e.g. 2000");
  assertNumberList(chunksizes, "chunksizes", 1, jobs);
  assertInteger(workers, "workers", 1, 256, "e.g. 2");
  assertInteger(repeats, "repeats", 1, Infinity, "e.g. 5");
  assertFinite(jobMs, "jobMs", "pass a job cost in ms, e.g. 0.01");
  const payloads = new Array<number>(jobs).fill(jobMs);
  const settings = (["one at a time", "queued ahead"] as const).flatMap((handing) =>
    chunksizes.map((chunksize) => ({ handing, chunksize, samples: [] as number[] })),
  );
  const pool = await openPool({ workers, exclusive: false });
  try {
    // one untimed round: the workers' code compiled before anything is timed
    await runPool("spin", payloads, { pool, chunksize: Math.max(...chunksizes) });
    for (let i = 0; i < repeats; i++) {
      for (const s of settings) {
        const t0 = performance.now();
        await runPool("spin", payloads, {
          pool,
          chunksize: s.chunksize,
          ...(s.handing === "one at a time" ? { inflight: 1 } : {}),
        });
        s.samples.push(performance.now() - t0);
      }
    }
  } finally {
    await pool.close();
  }
  const points = settings.map((s) => ({ handing: s.handing, chunksize: s.chunksize, wall: stats(s.samples) }));
  for (const p of points) log?.(`${p.handing}, chunksize ${p.chunksize}: median ${p.wall.medianMs.toFixed(1)} ms`);
  return { jobs, jobMs, workers, points };
}
