/** Job records and experiment results built by hand, for the tests of the analysis, tables and readings. */
import type { JobRecord } from "../../dist/core/types.js";
import type { ChunksizeResult } from "../../dist/measure/experiments.js";

export const machine = {
  cpuModel: "test",
  cores: 2,
  node: "v20",
  platform: "linux",
  arch: "x64",
  totalMemoryGiB: 1,
  loadAverage: 0,
};
export const timing = (ms: number) => ({ samplesMs: [ms], medianMs: ms, minMs: ms, maxMs: ms });
export const job = (index: number, worker: number, start: number, end: number): JobRecord => ({
  index,
  r: index / 10,
  worker,
  start,
  end,
  rhsEvals: 7,
});

// Four jobs of 100 ms sequentially; on two workers, start-up 10 ms, a gap of 2 ms, one job 50% slower.
export const seqJobs = [0, 1, 2, 3].map((index) => ({
  index,
  r: index,
  worker: 0,
  start: 100 * index,
  end: 100 * (index + 1),
  rhsEvals: 1,
}));
export const pooledJobs = [
  { index: 0, r: 0, worker: 0, start: 10, end: 110, rhsEvals: 1 },
  { index: 1, r: 1, worker: 1, start: 10, end: 110, rhsEvals: 1 },
  { index: 2, r: 2, worker: 0, start: 112, end: 212, rhsEvals: 1 },
  { index: 3, r: 3, worker: 1, start: 112, end: 262, rhsEvals: 1 },
];

export const chunkResult = (
  walls: number[],
  jobMs: number[],
  overheadMs: number,
  loadAverage = 0,
): ChunksizeResult & { startupMs: number } => ({
  workload: "t",
  workers: 2,
  jobs: jobMs.length,
  jobMs,
  overheadMs,
  startupMs: 5,
  points: walls.map((ms, k) => ({ chunksize: [1, 2, 4][k], wall: timing(ms), modelMs: 0 })),
  machine: { ...machine, loadAverage },
});

export const scaled = (speedups: number[], serialFraction: number, loadAverage = 0) => ({
  workload: "t",
  jobs: 4,
  chunksize: 1,
  pairing: "cold against cold",
  sequential: timing(100),
  points: speedups.map((speedup, k) => ({
    workers: k + 1,
    wall: timing(100 / speedup),
    speedup,
    rawSpeedup: speedup,
    speedupRange: { low: speedup, high: speedup },
    efficiency: speedup / (k + 1),
  })),
  amdahl: { serialFraction, rmse: 0.01 },
  machine: { ...machine, loadAverage },
  jobMs: [25, 25, 25, 25],
  timelines: [
    {
      workers: 1,
      wallMs: 105,
      jobs: [0, 1, 2, 3].map((index) => ({
        index,
        r: index,
        worker: 0,
        start: 5 + 25 * index,
        end: 30 + 25 * index,
        rhsEvals: 1,
      })),
    },
    {
      workers: 2,
      wallMs: 60,
      jobs: [0, 1, 2, 3].map((index) => ({
        index,
        r: index,
        worker: index % 2,
        start: 5 + 25 * (index >> 1),
        end: 30 + 25 * (index >> 1),
        rhsEvals: 1,
      })),
    },
  ],
});
