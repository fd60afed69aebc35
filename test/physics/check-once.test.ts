// Check once: a sweep checks its arguments at the door, and each job (in this thread or in a worker)
// runs the unchecked solve. Counted by element reads of Gnm: a check reads each element once, so a
// per-job scan shows as N^2 reads more than the unchecked solve of the same job makes.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  buildSweep,
  packJobs,
  runSweep,
  sequentialSolveOmega,
  solveDefaults,
  solveSystemProp,
} from "../../dist/index.js";
import { jobs as solveJobs } from "../../dist/physics/solve-job.js";
import { resolveSolveOptions, solveJob } from "../../dist/physics/solve.js";

/** Gnm behind a proxy that counts element reads (the proxy still passes `instanceof Float64Array`). */
function counted(matrix: Float64Array): { matrix: Float64Array; reads: () => number } {
  let reads = 0;
  const proxy = new Proxy(matrix, {
    get(target, key) {
      if (typeof key === "string" && /^\d+$/.test(key)) {
        reads++;
        return target[Number(key)];
      }
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { matrix: proxy, reads: () => reads };
}

const s = buildSweep({ nz: 4, nR: 3 });
const n2 = s.N * s.N;

/** Reads of Gnm by the unchecked solve of job j: what a job may read, whatever form the RHS takes. */
function unchecked(j: number): number {
  const G = counted(s.Gnm as Float64Array);
  solveJob({ ...s, Gnm: G.matrix }, s.OmegaNValues[j], resolveSolveOptions(s.solveOptions));
  return G.reads();
}

test("a packed job as a worker runs it reads Gnm no more than the unchecked solve: no scan of the matrix", () => {
  const G = counted(s.Gnm as Float64Array);
  const jobs = packJobs(s.N, s.gamma, s.Dnm, G.matrix, s.OmegaNValues, s.tSpan, s.y0, s.solveOptions);
  const { value } = solveJobs.solve(jobs[2]);
  assert.equal(G.reads(), unchecked(2), "no read for a check");
  // the same job through the checked entry point scans Gnm once more: the count can tell them apart
  const H = counted(s.Gnm as Float64Array);
  const checked = solveSystemProp(s.N, s.gamma, s.Dnm, H.matrix, s.OmegaNValues[2], s.tSpan, s.y0, s.solveOptions);
  assert.equal(H.reads(), unchecked(2) + n2);
  assert.deepEqual(Array.from(value.yFinal), Array.from(checked.yFinal));
});

test("a job with the matrices sent once per worker runs the unchecked solve too", () => {
  const G = counted(s.Gnm as Float64Array);
  const shared = [s.N, s.gamma, s.Dnm, G.matrix, s.tSpan, s.y0, resolveSolveOptions(s.solveOptions)] as const;
  solveJobs.solveShared(s.OmegaNValues[1], shared);
  assert.equal(G.reads(), unchecked(1));
});

test("the sequential sweep scans Gnm once at the door, not once per job", async () => {
  const G = counted(s.Gnm as Float64Array);
  const run = await sequentialSolveOmega(s.N, s.gamma, s.Dnm, G.matrix, s.OmegaNValues, s.tSpan, s.y0, s.solveOptions);
  assert.equal(run.results.length, 3);
  assert.equal(G.reads(), unchecked(0) + unchecked(1) + unchecked(2) + n2);
});

test("runSweep checks a Sweep once too: one scan of Gnm for the whole sweep, onJob events included", async () => {
  const G = counted(s.Gnm as Float64Array);
  let events = 0;
  const report = await runSweep({ ...s, Gnm: G.matrix }, { sequential: true, onJob: () => void events++ });
  assert.equal(report.rows.length, 3);
  assert.equal(events, 3);
  assert.equal(G.reads(), unchecked(0) + unchecked(1) + unchecked(2) + n2);
});

test("packJobs resolves the solve options once: every default is filled in what a job carries", () => {
  const [job] = packJobs(s.N, s.gamma, s.Dnm, s.Gnm, s.OmegaNValues, s.tSpan, s.y0, { rtol: 1e-8 });
  assert.deepEqual(job[7], { ...solveDefaults, rtol: 1e-8 });
});

test("solveDefaults tells the truth: a solve with no method is RK45's, on both right-hand sides", () => {
  assert.equal(solveDefaults.method, "RK45");
  for (const rhs of ["dense", "linear"] as const) {
    const w = buildSweep({ nz: 6, nR: 2, rhs });
    const { method: _method, ...rest } = w.solveOptions;
    const solve = (options: object) =>
      solveSystemProp(w.N, w.gamma, w.Dnm, w.Gnm, w.OmegaNValues[1], w.tSpan, w.y0, options);
    const unset = solve(rest);
    const rk45 = solve({ ...rest, method: "RK45" });
    const odex = solve({ ...rest, method: "odex" });
    assert.deepEqual(Array.from(unset.yFinal), Array.from(rk45.yFinal), rhs);
    assert.equal(unset.nEval, rk45.nEval, rhs);
    assert.notEqual(unset.nEval, odex.nEval, `${rhs}: the two methods are told apart`);
  }
});
