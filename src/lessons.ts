/**
 * What the notebooks import as `lab` (`import * as lab from "../dist/lessons"`): the notebook
 * helpers of src/notebook/ and the pure analysis they read runs with (src/measure/).
 */
export { type Row, formatMs, formatNumber, formatPercent, formatRows } from "./core/format.js";
export * from "./measure/analysis.js";
export * from "./measure/predictions.js";
export * from "./notebook/tables.js";
export * from "./notebook/busy.js";
export * from "./notebook/readings.js";
export * from "./notebook/demos.js";
export * from "./notebook/sweep-cell.js";
export * from "./notebook/live-timeline.js";
export * from "./notebook/algorithm.js";
export { settledThreadCount, threadCount, waitForThreads } from "./parallel/thread-probe.js";
export * from "./notebook/python-side.js";
export * from "./notebook/compare.js";
