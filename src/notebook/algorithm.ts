/**
 * Notebook 06's helpers: the same sweep with the dense and the linear right-hand side, each
 * sequential and on a pool, and the lesson those timings teach (algorithm versus cores).
 */
import { defaultWorkers } from "../parallel/options.js";
import { openPool } from "../parallel/open-pool.js";
import type { JobRecord, SummaryRow } from "../core/types.js";
import { fairSpeedup } from "../measure/analysis.js";
import { runSweep } from "../sweep/run.js";
import type { BigJob, IntegratorRun, JobCost, PoolVersusLoop } from "../measure/algorithm.js";
import type { RhsKind } from "../physics/rhs.js";

export interface SweepRun {
  rhs: RhsKind;
  /** "sequential", or the number of workers. */
  workers: number | "sequential";
  /** The sweep's own wall time (a warm pool's opening not included), ms. */
  wallMs: number;
  rows: SummaryRow[];
  /** Its jobs' start and end: a pool's own job time, for a fair speedup. */
  jobs: Pick<JobRecord, "start" | "end">[];
}

/**
 * The lecture sweep at `nz` atoms (the lecture's 20 jobs), with each right-hand side, sequential
 * and on `workers` workers, with the default method (RK45). Both warm, so the cores' gain is set
 * against a loop in the same state: a small sweep first warms up the loop's engine, and the pool
 * is opened with `warm: true` before (its opening not timed), warming on each sweep's own form.
 * @example const runs = await sameSweepFourWays({ nz: 400 });
 */
export async function sameSweepFourWays({ nz = 400, workers = Math.min(2, defaultWorkers()) } = {}): Promise<
  SweepRun[]
> {
  await runSweep({ nz: 20, nR: 4 }, { sequential: true });
  await runSweep({ nz: 20, nR: 4, rhs: "linear" }, { sequential: true });
  const runs: SweepRun[] = [];
  const pool = await openPool({ workers, warm: true, exclusive: false });
  try {
    for (const rhs of ["dense", "linear"] as const) {
      for (const how of ["sequential", workers] as const) {
        const report = await runSweep({ nz, rhs }, how === "sequential" ? { sequential: true } : { pool });
        runs.push({ rhs, workers: how, wallMs: report.wallMs, rows: report.rows, jobs: report.jobs });
      }
    }
  } finally {
    await pool.close();
  }
  return runs;
}

/** The four runs as table rows, each with its speedup over the lecture's way (dense, sequential). */
export function sweepRunRows(runs: readonly SweepRun[]): Record<string, string>[] {
  const base = runs.find((r) => r.rhs === "dense" && r.workers === "sequential")?.wallMs ?? NaN;
  return runs.map((r) => ({
    rhs: r.rhs,
    how: r.workers === "sequential" ? "sequential" : `${r.workers} workers`,
    "wall (ms)": r.wallMs.toFixed(0),
    "speedup over dense, sequential": `${(base / r.wallMs).toFixed(1)}x`,
  }));
}

/** Largest difference of the observables between two runs' rows. */
export function largestDifference(a: readonly SummaryRow[], b: readonly SummaryRow[]): number {
  return Math.max(
    ...a.map((row, i) => Math.max(Math.abs(row.sz_mean - b[i].sz_mean), Math.abs(row.s2_abs - b[i].s2_abs))),
  );
}

/**
 * The lesson, from the run: what the better algorithm gave on one core, what the cores gave on
 * each form, and when a pool still pays (one big job's cost against a pool's start-up).
 */
export function algorithmLesson(
  runs: readonly SweepRun[],
  costs: readonly JobCost[],
  big: Pick<BigJob, "nz" | "solveMs">,
): string {
  const t = (rhs: RhsKind, pooled: boolean) =>
    runs.find((r) => r.rhs === rhs && (r.workers === "sequential") !== pooled);
  const denseSeq = t("dense", false);
  const densePool = t("dense", true);
  const linSeq = t("linear", false);
  const linPool = t("linear", true);
  if (!denseSeq || !densePool || !linSeq || !linPool)
    throw new Error("algorithmLesson needs the four runs of sameSweepFourWays");
  const workers = densePool.workers as number;
  const algorithm = denseSeq.wallMs / linSeq.wallMs;
  // the loop's time credited at most as the pool's own job time: never above the workers
  const cores = (loop: SweepRun, pooled: SweepRun) =>
    fairSpeedup(loop.wallMs, { jobs: pooled.jobs, wallMs: pooled.wallMs, workers }).speedup;
  const coresDense = cores(denseSeq, densePool);
  const coresLinear = cores(linSeq, linPool);
  const slope = (method: string, rhs: string) => {
    const pts = costs.filter((c) => c.method === method && c.rhs === rhs && c.ms !== null);
    if (pts.length < 2) return NaN;
    // the two largest sizes: where the growth shows, past the fixed costs of small N
    const [a, b] = [pts[pts.length - 2], pts[pts.length - 1]];
    return Math.log((b.ms as number) / (a.ms as number)) / Math.log(b.nz / a.nz);
  };
  const pays = coresLinear >= 1.2;
  return [
    `**The better algorithm gave ${algorithm.toFixed(1)}x on one core; ${workers} cores gave ${coresDense.toFixed(2)}x on the dense form and ${coresLinear.toFixed(2)}x on the linear one** (a warm pool against the warmed loop).`,
    "",
    `- Measured growth of one job with N (between the two largest sizes measured): slope ${slope("RK45", "dense").toFixed(2)} for RK45 on the dense form (N² expected), ${slope("RK45", "linear").toFixed(2)} for RK45 on the linear form (N expected), ${slope("odex", "linear").toFixed(2)} for odex on the linear form (growing toward N² as its samples, which scan every component, take over).`,
    `- The algorithm's gain grows with N; the cores' gain never passes ${workers}x. At this size the linear sweep takes ${linSeq.wallMs.toFixed(0)} ms: ${pays ? `the pool still cut it ${coresLinear.toFixed(2)}x, since each job outweighs what handing it to a worker costs` : `too little work per job for a pool: sending jobs and results back costs ${coresLinear < 1 ? "more than" : "about what"} they save (${coresLinear.toFixed(2)}x)`}.`,
    `- A pool pays when there are many big jobs: one linear job at N = ${big.nz.toLocaleString("en-US")} took ${(big.solveMs / 1000).toFixed(2)} s, so a sweep of 20 of them is ${((20 * big.solveMs) / 1000).toFixed(0)} s of work for ${workers} cores to share, against a pool's start-up of tens of milliseconds. Use the better algorithm first, then the cores.`,
  ].join("\n");
}

/** The measured sizes of `costVersusN` as table rows (the skipped ones are told apart by `skippedText`). */
export function costRows(costs: readonly JobCost[]): Record<string, string>[] {
  return costs
    .filter((c) => c.ms !== null)
    .map((c) => ({
      method: c.method,
      rhs: c.rhs,
      N: c.nz.toLocaleString("en-US"),
      ms: (c.ms as number).toFixed(1),
      "RHS evaluations": String(c.nEval),
    }));
}

/** One line per algorithm that skipped sizes: from which N, and the prediction that skipped it. */
export function skippedText(costs: readonly JobCost[]): string {
  const lines: string[] = [];
  for (const c of costs) {
    if (c.ms !== null || lines.some((l) => l.startsWith(`- ${c.method}, ${c.rhs}:`))) continue;
    const later = costs.filter((d) => d.method === c.method && d.rhs === c.rhs && d.ms === null).map((d) => d.nz);
    lines.push(
      `- ${c.method}, ${c.rhs}: not run at N = ${later.map((n) => n.toLocaleString("en-US")).join(", ")}; at N = ${c.nz.toLocaleString("en-US")} its time was ${c.skipped ?? "over the budget"}`,
    );
  }
  return lines.length === 0
    ? "Every size was measured."
    : ["Skipped, by each one's own measured growth:", ...lines].join("\n");
}

/** `compareIntegrators`' runs as table rows. */
export function integratorRows(runs: readonly IntegratorRun[]): Record<string, string>[] {
  return runs.map((r) => ({
    method: r.method,
    rtol: r.rtol.toExponential(0),
    steps: String(r.steps),
    "RHS evaluations": String(r.rhsEvals),
    "evaluations per step": (r.rhsEvals / r.steps).toFixed(1),
    "sweep (ms)": r.wall.medianMs.toFixed(1),
    "error vs rtol 1e-13": r.error.toExponential(1),
  }));
}

/** What each integrator is good at, read off this run's numbers (the tolerances compareIntegrators used). */
export function integratorLesson(runs: readonly IntegratorRun[]): string {
  const rtols = [...new Set(runs.map((r) => r.rtol))].sort((a, b) => b - a);
  const pick = (method: string, rtol: number) => runs.find((r) => r.method === method && r.rtol === rtol);
  const lines = rtols.map((rtol) => {
    const [odex, rk] = [pick("odex", rtol), pick("RK45", rtol)];
    if (!odex || !rk) throw new Error("integratorLesson needs an odex and an RK45 run at each rtol");
    const faster = rk.wall.medianMs <= odex.wall.medianMs ? rk : odex;
    const slower = faster === rk ? odex : rk;
    const fewer = rk.steps <= odex.steps ? rk : odex;
    return `- rtol ${rtol.toExponential(0)}: ${fewer.method} took fewer steps (${fewer.steps} against ${(fewer === rk ? odex : rk).steps}); ${faster.method} was ${(slower.wall.medianMs / faster.wall.medianMs).toFixed(1)}x faster (${faster.wall.medianMs.toFixed(1)} ms against ${slower.wall.medianMs.toFixed(1)} ms).`;
  });
  const perStep = (method: string) => {
    const r = pick(method, rtols[0]) as IntegratorRun;
    return r.rhsEvals / r.steps;
  };
  return [
    "**Steps, evaluations and time, from this run:**",
    "",
    ...lines,
    `- An odex step costs ${perStep("odex").toFixed(1)} evaluations against RK45's ${perStep("RK45").toFixed(1)}, and each of its samples scans every component; RK45's samples cost one pass over the state.`,
  ].join("\n");
}

/** The exercise's answer from `poolVersusLoop`: the first N at which the pool beat the loop. */
export function poolVersusLoopText(rows: readonly PoolVersusLoop[], workers = 2): string {
  const first = rows.find((r) => r.speedup > 1);
  const measured = rows.map((r) => `N = ${r.nz.toLocaleString("en-US")}: ${r.speedup.toFixed(2)}x`).join(", ");
  return first === undefined
    ? `On this machine a pool of ${workers} did not beat the loop at any N measured (${measured}).`
    : `On this machine a pool of ${workers} first beat the loop at **N = ${first.nz.toLocaleString("en-US")}** (${first.speedup.toFixed(2)}x; ${measured}; new workers against the loop in a fresh process, both cold).`;
}

export { compareIntegrators, poolVersusLoop } from "../measure/algorithm.js";

/** `poolVersusLoop`'s rows as a table. */
export function poolVersusLoopRows(rows: readonly PoolVersusLoop[]): Record<string, string>[] {
  return rows.map((v) => ({
    N: v.nz.toLocaleString("en-US"),
    "loop (ms)": v.sequentialMs.toFixed(0),
    "pool (ms)": v.pooledMs.toFixed(0),
    speedup: `${v.speedup.toFixed(2)}x`,
  }));
}
