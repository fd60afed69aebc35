/**
 * The lecture's Python original beside the kit: finds a Python with SciPy, runs
 * `python/ex_wqed_cluster.py --json` (the sequential and the pooled sweep timed in one run), checks
 * what it printed, and compares its observables with sweeplab's before any ratio is taken.
 * A machine without SciPy is not an error: the lookup says why, and the caller goes on.
 */
export { findPython, pythonCandidates } from "./python/find.js";
export type { FindPythonOptions, PythonInfo, PythonLookup, PythonTried } from "./python/find.js";
export { parsePythonReport } from "./python/report.js";
export type { PythonReport } from "./python/report.js";
export { portArgs, pythonScript, runPythonSweep } from "./python/run.js";
export type { PythonSweepOptions, PythonSweepRun } from "./python/run.js";
export { compareObservables, sideBySide } from "./python/compare.js";
export type { KitTimings, ObservableComparison, SideBySide } from "./python/compare.js";
