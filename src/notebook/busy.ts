/**
 * How busy the machine was while something was measured, from its 1-minute load average: above
 * one runnable program per core, other work competes with the measurement, every timing comes out
 * slower and noisier, and the conclusions drawn from it are unreliable.
 */
import { machine } from "../core/machine.js";
import type { Machine } from "../core/types.js";

/** The two numbers a load judgement needs (a `Machine` has both). */
export type Load = Pick<Machine, "loadAverage" | "cores">;

/** True when more programs wanted a core than there are cores (1-minute load average > cores). */
export function isBusy(load: Load): boolean {
  return load.loadAverage > load.cores;
}

/**
 * One sentence on how busy this machine is, from its 1-minute load average: above one runnable
 * program per core, other work competes with the workers and every timing is slower and noisier.
 *
 * @example
 * loadSentence({ loadAverage: 0.3, cores: 2 }); // "The load average is 0.3 on 2 cores: ..."
 */
export function loadSentence(load: Load = machine()): string {
  const { loadAverage, cores } = load;
  if (loadAverage > cores) {
    return `**This machine is busy**: its load average is ${loadAverage.toFixed(1)} on ${cores} cores, so other programs took CPU time from the workers and these timings are slower and noisier than on a quiet machine; rerun when it is quieter.`;
  }
  return `The load average is ${loadAverage.toFixed(1)} on ${cores} cores: ${loadAverage > cores / 2 ? "some other work is running, so expect some noise in the timings" : "the cores are free for these measurements"}.`;
}

/**
 * The one banner a computed reading starts with when the machine was busy while it was measured
 * (a Markdown quote and a blank line), or "" when it was not. Readings put it on top, so a busy
 * run is said once, before any conclusion, instead of after each.
 *
 * @example
 * busyBanner({ loadAverage: 5.2, cores: 2 }); // "> **Busy machine: the conclusions below are unreliable.** ..."
 */
export function busyBanner(load: Load): string {
  if (!isBusy(load)) return "";
  const { loadAverage, cores } = load;
  return `> **Busy machine: the conclusions below are unreliable.** The load average was ${loadAverage.toFixed(1)} on ${cores} cores while this was measured, so other programs took CPU time from it. Rerun when the load is below ${cores} (\`lab.machine().loadAverage\` shows it now; in Jupyter, *Kernel → Restart Kernel and Run All Cells*).\n\n`;
}
