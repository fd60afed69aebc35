/**
 * Notebook 06's side-by-side with the lecture's Python original (python/ex_wqed_cluster.py): the
 * same lecture sweep timed by Python (a loop, and `Pool(workers).imap(..., chunksize)`) and by the
 * kit with each right-hand side, the observables checked before any ratio is taken.
 */
import { assertInteger } from "../core/check.js";
import { machine } from "../core/machine.js";
import type { SummaryRow, TimingStats } from "../core/types.js";
import { stats } from "../measure/timing.js";
import type { PythonReport } from "../measure/python/report.js";
import { type PythonSweepOptions, type PythonSweepRun, runPythonSweep } from "../measure/python/run.js";
import { type SideBySide, sideBySide } from "../measure/python/compare.js";
import type { RhsKind } from "../physics/rhs.js";
import { runSweep } from "../sweep/run.js";
import { type Load, busyBanner } from "./busy.js";

/** The kit's lecture sweep with one right-hand side, timed in this kernel, and its check against Python. */
export interface KitSide {
  rhs: RhsKind;
  rows: SummaryRow[];
  /** In this thread, after an untimed warm-up run: the engine is warm. */
  sequential: TimingStats;
  /** A fresh pool each run (its start-up included, its workers' engines cold), as Python's `with Pool` block. */
  pooled: TimingStats;
  check: SideBySide;
}

export type PythonSide =
  | { status: "ok"; python: PythonReport; kit: KitSide[]; workers: number; chunksize: number; load: Load }
  | { status: "unavailable" | "failed"; reason: string };

export interface PythonSideOptions {
  /** Timed runs of each sweep, on both sides. @default 3 */
  repeats?: number;
  /** Pool size on both sides. @default 2 */
  workers?: number;
  /** Jobs per task on both sides. @default 2 (the lecture's) */
  chunksize?: number;
  /** Runs the Python original (a test passes its own). @default runPythonSweep */
  runPython?: (options: PythonSweepOptions) => Promise<PythonSweepRun>;
}

/**
 * Runs the Python original (sequential and pooled, `repeats` times each), then the kit's lecture
 * sweep dense and linear, each sequential and on a pool of the same size and chunksize, and checks
 * every observable against Python's to 1e-6 before the ratios. Without a Python that has SciPy it
 * returns `{ status: "unavailable", reason }` and runs nothing else.
 * @example const side = await pythonSideBySide({ repeats: 3 });
 */
export async function pythonSideBySide(options: PythonSideOptions = {}): Promise<PythonSide> {
  const { repeats = 3, workers = 2, chunksize = 2, runPython = runPythonSweep } = options;
  assertInteger(repeats, "repeats", 1, 100, "e.g. `repeats: 3`");
  assertInteger(workers, "workers", 1, 256, "e.g. `workers: 2`");
  assertInteger(chunksize, "chunksize", 1, 20, "the lecture's is 2");
  const run = await runPython({ workers, chunksize, repeats });
  if (run.status !== "ok") return { status: run.status, reason: run.reason };
  const kit: KitSide[] = [];
  for (const rhs of ["dense", "linear"] as const) {
    const report = await runSweep({ rhs }, { sequential: true }); // warm-up, untimed
    const seq: number[] = [];
    const pool: number[] = [];
    for (let k = 0; k < repeats; k++) {
      let t0 = performance.now();
      await runSweep({ rhs }, { sequential: true });
      seq.push(performance.now() - t0);
      t0 = performance.now();
      await runSweep({ rhs }, { workers, chunksize });
      pool.push(performance.now() - t0);
    }
    const timings = { rows: report.rows, sequential: stats(seq), pooled: stats(pool) };
    kit.push({ rhs, ...timings, check: sideBySide(timings, run.report) });
  }
  return { status: "ok", python: run.report, kit, workers, chunksize, load: machine() };
}

const ms = (t: TimingStats | null | undefined) =>
  t ? `${t.medianMs.toFixed(0)} ms (${t.minMs.toFixed(0)}-${t.maxMs.toFixed(0)})` : "-";
const times = (x: number | null | undefined) => (x === null || x === undefined ? "-" : `${x.toFixed(2)}x`);

/** The side-by-side as table rows: medians (min-max) and kit/Python ratios (below 1: the kit is faster). */
export function pythonSideRows(side: Extract<PythonSide, { status: "ok" }>): Record<string, string>[] {
  const py = side.python;
  return [
    { who: `Python, SciPy RK45`, "loop (ms)": ms(py.sequential), [`Pool(${py.workers}) (ms)`]: ms(py.pooled) },
    ...side.kit.map((k) => ({
      who: `sweeplab, ${k.rhs}`,
      "loop (ms)": `${ms(k.sequential)} = ${times(k.check.ratios?.sequential)} Python`,
      [`Pool(${py.workers}) (ms)`]: `${ms(k.pooled)} = ${times(k.check.ratios?.pooled)} Python`,
    })),
  ];
}

/** One paragraph: which Python ran, whether the observables agree, and what the figures include. */
export function pythonSideText(side: PythonSide): string {
  if (side.status !== "ok")
    return `The Python original did not run here (${side.status}: ${side.reason}); the rest of the notebook does not need it.`;
  const py = side.python;
  const checks = side.kit
    .map((k) => `${k.rhs}: largest difference ${k.check.observables.maxDiff.toExponential(1)}`)
    .join(", ");
  const agree = side.kit.every((k) => k.check.observables.agree);
  return (
    busyBanner(side.load) +
    `Python ${py.versions.python} with SciPy ${py.versions.scipy}, ${py.repeats} runs each, median (min-max). ` +
    `Observables against Python's (${py.rows.length} rows, tolerance 1e-6): ${checks}: ` +
    (agree ? "**they agree**, so the ratios compare the same computation. " : "**they disagree**: no ratios. ") +
    `Warm and cold: the kit's loop ran after an untimed warm-up (its engine warm); its pool column starts a fresh ` +
    `pool of ${side.workers} workers each run (start-up included, their engines cold), as Python's includes ` +
    `creating its Pool (${py.startMethod ?? "?"} start method, chunksize ${py.chunksize}). ` +
    `On a busy machine all of these move; run the cell again to see how much.`
  );
}
