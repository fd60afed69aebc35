/**
 * The timing experiments: each takes plain options, measures on this machine, and returns plain
 * data (core/types.ts) that a plot, the CLI's bench.json or a notebook cell reads. Comparisons
 * are made within one run: the sequential baseline is measured beside the pool. One file each.
 */
export { workloadName, jobCosts } from "./experiments/common.js";
export type {
  ExperimentOptions,
  ScalingOptions,
  ChunksizeOptions,
  DispatchOptions,
  PackingOptions,
  GranularityOptions,
  Schedule,
  WorkloadSpec,
  SequentialBaseline,
} from "./experiments/common.js";
export { scaling } from "./experiments/scaling.js";
export { chunksizes, handOverGaps } from "./experiments/chunksize.js";
export { dispatch } from "./experiments/dispatch.js";
export { packing } from "./experiments/packing.js";
export { granularity } from "./experiments/granularity.js";
export { poolWarmth } from "./experiments/pool-warmth.js";
export type { PoolWarmthOptions, PoolWarmthResult } from "./experiments/pool-warmth.js";
export { measureParts, poolOfOne } from "./experiments/parts.js";
export type { PartsOptions, PartsResult, PoolOfOne } from "./experiments/parts.js";
export { chunksizeFlip } from "./experiments/flip.js";
export type { FlipOptions, FlipResult, FlipPoint, Handing } from "./experiments/flip.js";
