/**
 * The timing experiments: each takes plain options, measures on this machine, and returns plain
 * data that a plot, the CLI's bench.json or a notebook cell reads. Each experiment's options and
 * result types live beside its function, one file each under experiments/; this file gathers them.
 */
export { workloadName, jobCosts } from "./experiments/common.js";
export type { ExperimentOptions, Schedule, WorkloadSpec, SequentialBaseline } from "./experiments/common.js";
export { scaling, scalingPairing } from "./experiments/scaling.js";
export type { ScalingOptions, ScalingPoint, ScalingResult, ScalingRun } from "./experiments/scaling.js";
export { chunksizes, handOverGaps } from "./experiments/chunksize.js";
export type { ChunksizeOptions, ChunksizePoint, ChunksizeResult, ChunksizeRun } from "./experiments/chunksize.js";
export { dispatch } from "./experiments/dispatch.js";
export type { DispatchOptions, DispatchPath, DispatchPoint } from "./experiments/dispatch.js";
export { packing } from "./experiments/packing.js";
export type { PackingOptions, PackingPoint } from "./experiments/packing.js";
export { granularity } from "./experiments/granularity.js";
export type { GranularityOptions, GranularityPoint } from "./experiments/granularity.js";
export { poolWarmth } from "./experiments/pool-warmth.js";
export type { PoolWarmthOptions, PoolWarmthResult } from "./experiments/pool-warmth.js";
export { measureParts, poolOfOne } from "./experiments/parts.js";
export type { PartsOptions, PartsResult, PoolOfOne } from "./experiments/parts.js";
export { chunksizeFlip } from "./experiments/flip.js";
export type { FlipOptions, FlipResult, FlipPoint, Handing } from "./experiments/flip.js";
export type { AmdahlFit } from "./amdahl.js";
export type { MachineSeries } from "./compare.js";
