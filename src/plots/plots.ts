/**
 * The kit's figures as pure functions: plain data in (core/types.ts), a Vega-Lite v5 spec out.
 * Nothing here renders or writes files: `render.ts` turns a spec into SVG and notebook/display.ts
 * shows it in a notebook. Each figure family has its own file; they share theme.ts and layers.ts.
 *
 * @example
 * import { speedupPlot, savePlot } from "../dist/lab";
 * await savePlot(speedupPlot(scaling, { predictTo: 20 }), "results/plots", "speedup");
 */
export { plotDefaults } from "./theme.js";
export type { PlotOptions } from "./theme.js";
export { speedupPlot, efficiencyPlot } from "./scaling.js";
export type { SpeedupOptions } from "./scaling.js";
export { chunksizePlot } from "./chunksize.js";
export { timelinePlot } from "./timeline.js";
export type { TimelineOptions } from "./timeline.js";
export { physicsPlot } from "./physics.js";
export { granularityPlot, dispatchPlot, packingPlot } from "./overhead.js";
export { costPlot } from "./cost.js";
export { comparePlot } from "./compare.js";
