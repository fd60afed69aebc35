/**
 * Fixed, realistic inputs for the plot tests (and for looking at the figures): a 20-job sweep on a
 * 2-core machine whose job cost grows with r, as docs/physics.md describes. Made up, but shaped like
 * real runs; every number is computed here from a few constants, never timed.
 */
import type { JobRecord, Machine, SummaryRow, TimingStats } from "../../dist/core/types.js";
import type {
  ChunksizeResult,
  DispatchPoint,
  GranularityPoint,
  MachineSeries,
  PackingPoint,
  ScalingResult,
} from "../../dist/measure/experiments.js";

export const machine: Machine = {
  cpuModel: "Intel(R) Xeon(R) CPU @ 2.20GHz",
  cores: 2,
  node: "v20.20.0",
  platform: "linux",
  arch: "x64",
  totalMemoryGiB: 24,
  loadAverage: 0.5,
};

/** Stats of fixed samples (ms), as timing.ts would report them. */
export function stats(samplesMs: number[]): TimingStats {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const medianMs = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { samplesMs, medianMs, minMs: sorted[0], maxMs: sorted[sorted.length - 1] };
}

/** r = linspace(0, 1.2, 20), the lecture's sweep. */
export const r = Array.from({ length: 20 }, (_, i) => Number(((1.2 * i) / 19).toFixed(6)));

/** Job cost grows with r, about 20 ms at r = 0 to 350 ms at r = 1.2 (docs/physics.md, "Workloads"). */
export const jobMs = r.map((x) => Number((20 + 330 * (x / 1.2) ** 2).toFixed(1)));

export const scaling: ScalingResult = {
  workload: "heavy",
  jobs: 20,
  chunksize: 1,
  pairing: "cold against cold: the loop as the first sweep of a fresh process, each pool's workers new for its run",
  sequential: stats([3690, 3702, 3755]),
  points: [
    {
      workers: 1,
      wall: stats([3760, 3779, 3841]),
      speedup: 3702 / 3779,
      speedupRange: { low: 3702 / 3841, high: 3702 / 3760 },
      rawSpeedup: 3702 / 3779,
      efficiency: 3702 / 3779,
    },
    {
      workers: 2,
      wall: stats([1968, 2001, 2087]),
      speedup: 3702 / 2001,
      speedupRange: { low: 3702 / 2087, high: 3702 / 1968 },
      rawSpeedup: 3702 / 2001,
      efficiency: 3702 / 2001 / 2,
    },
  ],
  amdahl: { serialFraction: 0.081, rmse: 0.02 },
  machine,
};

/**
 * Dynamic dispatch of `costs` to `workers` in job order (each takes the next job when free), after
 * `startupMs`, `overheadMs` per dispatch: the timeline a pool with chunksize 1 produces.
 */
export function simulateTimeline(costs: number[], workers: number, startupMs = 26, overheadMs = 1): JobRecord[] {
  const free = new Array<number>(workers).fill(startupMs);
  return costs.map((cost, index) => {
    const worker = free.indexOf(Math.min(...free));
    const start = Number((free[worker] + overheadMs).toFixed(1));
    const end = Number((start + cost).toFixed(1));
    free[worker] = end;
    return { index, r: r[index], worker, start, end, rhsEvals: Math.round(3000 + 30000 * (r[index] / 1.2) ** 2) };
  });
}

export const timeline: JobRecord[] = simulateTimeline(jobMs, 2);
export const sequentialTimeline: JobRecord[] = simulateTimeline(jobMs, 1, 0, 0);

/** Makespan of chunked in-order dispatch (the model's rule, restated for fixed inputs). */
function chunkedMakespan(chunksize: number, workers = 2, overheadMs = 1.2): number {
  const free = new Array<number>(workers).fill(26);
  for (let i = 0; i < jobMs.length; i += chunksize) {
    const w = free.indexOf(Math.min(...free));
    free[w] += overheadMs + jobMs.slice(i, i + chunksize).reduce((a, b) => a + b, 0);
  }
  return Number(Math.max(...free).toFixed(1));
}

export const chunks: ChunksizeResult = {
  workload: "heavy",
  workers: 2,
  jobs: 20,
  jobMs,
  overheadMs: 1.2,
  points: [1, 2, 4, 5, 10, 20].map((chunksize, i) => {
    const modelMs = chunkedMakespan(chunksize);
    const m = modelMs * (1.03 + 0.01 * (i % 3));
    return { chunksize, modelMs, wall: stats([m - 12, m, m + 25 + 5 * i].map((x) => Number(x.toFixed(1)))) };
  }),
  machine,
};

/** Observables shaped like the lecture's: inversion rising from -1, coherence peaking mid-sweep. */
export const physicsRows: SummaryRow[] = r.map((x) => ({
  r: x,
  sz_mean: Number((-1 + (1.1 * x * x) / (0.35 + x * x)).toFixed(6)),
  s2_abs: Number(((1.6 * x * 0.6) / (0.36 + x * x)).toFixed(6)),
}));

export const granularity: GranularityPoint[] = [
  [0.01, 0.03],
  [0.1, 0.2],
  [1, 0.72],
  [10, 1.48],
  [100, 1.83],
].map(([ms, speedup]) => ({
  jobMs: ms,
  sequentialMs: 20 * ms,
  pooledMs: Number(((20 * ms) / speedup).toFixed(3)),
  speedup,
  workers: 2,
}));

const chunksizes = [1, 2, 5, 10, 20];
export const dispatch: DispatchPoint[] = [
  ...[1150, 580, 240, 125, 66].map((us, i) => ({
    path: "threads.js Pool.queue" as const,
    chunksize: chunksizes[i],
    jobs: 2000,
    usPerJob: stats([us * 0.93, us, us * 1.18]),
  })),
  ...[42, 23, 11, 6.5, 4.1].map((us, i) => ({
    path: "sweeplab pool" as const,
    chunksize: chunksizes[i],
    jobs: 2000,
    usPerJob: stats([us * 0.9, us, us * 1.3]),
  })),
];

export const packing: PackingPoint[] = [50, 100, 200, 400, 600].map((N) => {
  const bytes = 2 * N * N * 8 + 16 * N + 96;
  const once = 16 * N + 96;
  const us = 3 + bytes / 2000;
  const usOnce = 2 + once / 2000;
  return {
    N,
    bytesPerJob: bytes,
    bytesPerJobSendOnce: once,
    packUs: stats([us * 0.9, us, us * 1.4].map((x) => Number(x.toFixed(2)))),
    packUsSendOnce: stats([usOnce * 0.9, usOnce, usOnce * 1.4].map((x) => Number(x.toFixed(2)))),
  };
});

/** Two machines for comparePlot: a 2-core laptop and a 16-core node, each against its own sequential run. */
export const machines: MachineSeries[] = [
  {
    label: "laptop, Intel(R) Core(TM) i5-8250U, 2 cores",
    host: "laptop",
    cpuModel: "Intel(R) Core(TM) i5-8250U",
    cores: 2,
    workload: "heavy, nz = 200, 20 jobs",
    source: "laptop/bench.json",
    pairing: "cold against cold",
    sequentialMs: 12900,
    speeds: [0.97, 1.86],
  },
  {
    label: "node07, AMD EPYC 7763 64-Core Processor, 16 cores",
    host: "node07",
    cpuModel: "AMD EPYC 7763 64-Core Processor",
    cores: 16,
    workload: "heavy, nz = 200, 20 jobs",
    source: "node07/bench.json",
    pairing: "cold against cold",
    sequentialMs: 9100,
    speeds: [0.98, 1.93, 3.7, 6.4, 8.1],
  },
].map(({ speeds, ...s }) => {
  const workers = [1, 2, 4, 8, 16].slice(0, speeds.length);
  return {
    ...s,
    points: speeds.map((speedup, k) => ({
      workers: workers[k],
      speedup,
      efficiency: Number((speedup / workers[k]).toFixed(4)),
      wallMs: Number((s.sequentialMs / speedup).toFixed(1)),
    })),
  };
});

/** costVersusN's rows: a skipped size has ms null. */
export const costs = [
  ...[14, 106, 1085, null].map((ms, i) => ({ method: "odex", rhs: "dense", nz: [100, 300, 1000, 3000][i], ms })),
  ...[1.2, 3.8, 11.7, 36, 116].map((ms, i) => ({
    method: "RK45",
    rhs: "linear",
    nz: [100, 300, 1000, 3000, 10000][i],
    ms,
  })),
];
