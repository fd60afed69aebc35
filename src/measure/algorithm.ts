/**
 * Algorithm against cores: what the integrator (`method`) and the form of the right-hand side
 * (`rhs`) cost, measured the way the bench and notebook 06 report them. Reported, never asserted.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { TimingStats } from "../core/types.js";
import { stats } from "./timing.js";
import type { RhsKind } from "../physics/rhs.js";
import { type SolveMethod, solveSystemProp } from "../physics/solve.js";
import { buildSweep, workload } from "../physics/workloads.js";
import { runSweep } from "../sweep/run.js";
import { fairSpeedup } from "./analysis.js";
import { coldLoop } from "./cold-loop.js";

/** One way to solve: an integrator and a form of the right-hand side. */
export interface Algorithm {
  method: SolveMethod;
  rhs: RhsKind;
}

/** The four combinations; the kit's default is RK45 on the dense form (the lecture's). */
export const algorithms: readonly Algorithm[] = [
  { method: "odex", rhs: "dense" },
  { method: "RK45", rhs: "dense" },
  { method: "odex", rhs: "linear" },
  { method: "RK45", rhs: "linear" },
];

export interface LectureSweepTiming extends Algorithm {
  /** Whole sequential sweep (build and 20 solves), warm, per repeat. */
  wall: TimingStats;
  /** Right-hand-side evaluations of the whole sweep. */
  rhsEvals: number;
}

/**
 * The lecture sweep (20 jobs, nz = 100) run sequentially in this thread with each algorithm:
 * one untimed warm-up, then `repeats` timed runs, interleaved so a busy moment hits them alike.
 * @example (await lectureSweeps({ repeats: 3 }))[0].wall.medianMs // odex, dense
 */
export async function lectureSweeps({
  repeats = 5,
  workload = {},
  forms = algorithms,
  log,
}: {
  repeats?: number;
  workload?: object;
  forms?: readonly Algorithm[];
  log?: (line: string) => void;
} = {}): Promise<LectureSweepTiming[]> {
  const samples = forms.map(() => [] as number[]);
  const evals = forms.map(() => 0);
  for (let k = -1; k < repeats; k++) {
    for (const [i, a] of forms.entries()) {
      const t0 = performance.now();
      const report = await runSweep({ ...workload, ...a }, { sequential: true });
      const ms = performance.now() - t0;
      evals[i] = report.solutions.reduce((sum, s) => sum + s.nEval, 0);
      if (k >= 0) samples[i].push(ms);
    }
  }
  const out = forms.map((a, i) => ({ ...a, wall: stats(samples[i]), rhsEvals: evals[i] }));
  for (const t of out)
    log?.(`${t.method}, ${t.rhs}: median ${t.wall.medianMs.toFixed(1)} ms (${t.rhsEvals} RHS evaluations)`);
  return out;
}

export interface FreshSweep extends Algorithm {
  /** The sweep's own wall time (run.json's wallMs) in each fresh process: its first sweep. */
  wall: TimingStats;
  /** The whole process, start to exit (Node's start, loading the kit, the sweep, writing files). */
  process: TimingStats;
}

/** The CLI, as a student runs it from a clone. */
const cliPath = path.resolve(__dirname, "..", "..", "bin", "sweeplab.js");

/**
 * The lecture sweep as `sweeplab sweep --sequential` runs it: each repeat a fresh Node process, so
 * every figure includes loading and compiling the kit. `flags` adds CLI flags (e.g. ["--rhs", "linear"]);
 * the method and rhs reported are the ones the run recorded.
 * @example freshSweeps({ repeats: 3 }).wall.medianMs // the first sweep of a new process, ms
 */
export function freshSweeps({ repeats = 5, flags = [] }: { repeats?: number; flags?: string[] } = {}): FreshSweep {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "sweeplab-fresh-"));
  const walls: number[] = [];
  const processes: number[] = [];
  let used: Algorithm = { method: "RK45", rhs: "dense" };
  try {
    for (let k = 0; k < repeats; k++) {
      const args = [cliPath, "sweep", "--sequential", "--quiet", "--force", "--out", out, ...flags];
      const t0 = performance.now();
      const res = spawnSync(process.execPath, args, { encoding: "utf8" });
      processes.push(performance.now() - t0);
      if (res.status !== 0) throw new Error(`sweeplab sweep ${flags.join(" ")} failed: ${res.stderr}`);
      const run = JSON.parse(fs.readFileSync(path.join(out, "run.json"), "utf8")) as {
        wallMs: number;
        config: { workload: Algorithm };
      };
      walls.push(run.wallMs);
      used = { method: run.config.workload.method, rhs: run.config.workload.rhs };
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
  return { ...used, wall: stats(walls), process: stats(processes) };
}

export interface JobCost extends Algorithm {
  nz: number;
  /** One solve of the lecture's r = 1.2 job (the costliest), in ms; null where it was skipped. */
  ms: number | null;
  nEval: number | null;
  /** Why a size was skipped (the prediction against the budget); absent where it was measured. */
  skipped?: string;
}

/**
 * One job's cost (the lecture's parameters at r = 1.2) against the number of atoms, for each
 * algorithm. A combination is skipped (ms null) at sizes beyond where its previous size, scaled by
 * its known growth (N^2 for dense or for odex's samples, N for RK45 on linear), predicts more than
 * `budgetMs`.
 * @example await costVersusN({ Ns: [100, 1000], budgetMs: 2000 })
 */
export function costVersusN({
  Ns = [100, 300, 1000, 3000, 10000, 30000, 100000],
  forms = algorithms,
  budgetMs = 5000,
  log,
}: {
  Ns?: readonly number[];
  forms?: readonly Algorithm[];
  budgetMs?: number;
  log?: (line: string) => void;
} = {}): JobCost[] {
  const out: JobCost[] = [];
  for (const a of forms) {
    let last: { nz: number; ms: number } | undefined;
    const power = a.rhs === "linear" && a.method === "RK45" ? 1 : 2;
    oneJob(Ns[0], a); // untimed: compiles this algorithm's code first
    for (const nz of Ns) {
      const predicted = last ? last.ms * (nz / last.nz) ** power : 0;
      if (last && predicted > budgetMs) {
        const skipped = `predicted ${Math.round(predicted).toLocaleString("en-US")} ms (${last.ms.toFixed(1)} ms at nz = ${last.nz} scaled by (${nz}/${last.nz})^${power}), over budgetMs = ${budgetMs}`;
        out.push({ ...a, nz, ms: null, nEval: null, skipped });
        log?.(`${a.method}, ${a.rhs}, nz = ${nz}: skipped, ${skipped}`);
        continue;
      }
      const { ms, nEval } = oneJob(nz, a);
      last = { nz, ms };
      out.push({ ...a, nz, ms, nEval });
      log?.(`${a.method}, ${a.rhs}, nz = ${nz}: ${ms.toFixed(1)} ms`);
    }
  }
  return out;
}

/** One solve of the lecture's r = 1.2 job at nz atoms (a warm-up at the smallest size first). */
export function oneJob(nz: number, a: Algorithm): { ms: number; nEval: number } {
  const s = buildSweep({ nz, nR: 2, ...a });
  const t0 = performance.now();
  const sol = solveSystemProp(s.N, s.gamma, s.Dnm, s.Gnm, s.OmegaNValues[1], s.tSpan, s.y0, s.solveOptions);
  return { ms: performance.now() - t0, nEval: sol.nEval };
}

export interface BigJob {
  nz: number;
  /** The solve alone, and the whole child process (start, build, solve). */
  solveMs: number;
  maxRssBytes: number;
  heapUsedBytes: number;
  nEval: number;
}

/**
 * One job of the lecture's parameters at r = 1.2 with nz atoms and the linear right-hand side
 * (RK45), in a fresh Node process, so its peak memory (max RSS) is its own.
 */
export function bigJob(nz = 100_000): BigJob {
  const code = `const m = require(${JSON.stringify(__filename)}); process.stdout.write(JSON.stringify(m.bigJobHere(${nz})))`;
  const res = spawnSync(process.execPath, ["-e", code], { encoding: "utf8" });
  if (res.status !== 0) throw new Error(`the nz = ${nz} job failed: ${res.stderr}`);
  return JSON.parse(res.stdout) as BigJob;
}

/** bigJob's child: solves and reports its own resource use. */
export function bigJobHere(nz: number): BigJob {
  const { ms, nEval } = oneJob(nz, { method: "RK45", rhs: "linear" });
  return {
    nz,
    solveMs: ms,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    heapUsedBytes: process.memoryUsage().heapUsed,
    nEval,
  };
}

export interface IntegratorRun extends Algorithm {
  rtol: number;
  atol: number;
  /** Steps (accepted and rejected) and right-hand-side evaluations over the sweep's 20 jobs. */
  steps: number;
  rhsEvals: number;
  /** The sweep's wall time, warm (median of `repeats`). */
  wall: TimingStats;
  /** Largest difference of sz_mean or s2_abs from a reference sweep at rtol 1e-13 (RK45, atol 1e-15). */
  error: number;
}

/**
 * The integrators a student can pick, on the lecture sweep (sequential, dense unless `rhs` says
 * otherwise) at each pair of tolerances: steps, right-hand-side evaluations, time and error
 * against a much tighter reference. One untimed run of each first compiles its code.
 * @example await compareIntegrators({ repeats: 3 }) // 4 rows: odex and RK45 at rtol 1e-7 and 1e-11
 */
export async function compareIntegrators({
  tolerances = [
    [1e-7, 1e-9],
    [1e-11, 1e-13],
  ],
  workload = {},
  repeats = 3,
}: { tolerances?: readonly (readonly [number, number])[]; workload?: object; repeats?: number } = {}): Promise<
  IntegratorRun[]
> {
  const ref = await runSweep({ ...workload, method: "RK45", rtol: 1e-13, atol: 1e-15 }, { sequential: true });
  const out: IntegratorRun[] = [];
  for (const [rtol, atol] of tolerances) {
    for (const method of ["odex", "RK45"] as const) {
      const w = { ...workload, method, rtol, atol };
      const samples: number[] = [];
      let report = await runSweep(w, { sequential: true });
      for (let k = 0; k < repeats; k++) {
        const t0 = performance.now();
        report = await runSweep(w, { sequential: true });
        samples.push(performance.now() - t0);
      }
      const error = Math.max(
        ...report.rows.map((row, i) =>
          Math.max(Math.abs(row.sz_mean - ref.rows[i].sz_mean), Math.abs(row.s2_abs - ref.rows[i].s2_abs)),
        ),
      );
      out.push({
        ...{ method, rhs: report.workload.rhs, rtol, atol },
        steps: report.solutions.reduce((sum, s) => sum + s.nSteps, 0),
        rhsEvals: report.solutions.reduce((sum, s) => sum + s.nEval, 0),
        ...{ wall: stats(samples), error },
      });
    }
  }
  return out;
}

export interface PoolVersusLoop {
  nz: number;
  sequentialMs: number;
  pooledMs: number;
  /** The fair speedup (`fairSpeedup`): above 1, the pool won; at most `workers`. */
  speedup: number;
}

/**
 * The linear sweep (20 jobs, RK45) in a loop and on a pool of `workers`, at each N: where the
 * pool starts to beat the loop on this machine. Pool start-up is included, as a one-off sweep
 * pays it, so the loop starts cold too: the first sweep of a fresh process (`coldLoop`).
 * @example (await poolVersusLoop({ Ns: [1000, 10000] })).find((p) => p.speedup > 1)?.nz
 */
export async function poolVersusLoop({
  Ns = [300, 1000, 3000, 10000, 30000],
  workers = 2,
}: { Ns?: readonly number[]; workers?: number } = {}): Promise<PoolVersusLoop[]> {
  const out: PoolVersusLoop[] = [];
  for (const nz of Ns) {
    const w = workload("lecture", { nz, rhs: "linear" });
    const loop = await coldLoop(w);
    const pooled = await runSweep(w, { workers });
    const speedup = fairSpeedup(loop.wallMs, pooled).speedup;
    out.push({ nz, sequentialMs: loop.wallMs, pooledMs: pooled.wallMs, speedup });
  }
  return out;
}
