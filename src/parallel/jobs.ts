/**
 * The kinds of job a pool worker can run, by name. A job receives one plain value (and, when the
 * pool was given one, the value sent once to every worker) and returns one plain value.
 */
import { UsageError } from "../core/errors.js";
import { type SolveArgs, solvePackedJob } from "../physics/pack.js";
import type { ComplexVector } from "../physics/model.js";
import { type ResolvedSolveOptions, type Solution, solveChecked } from "../physics/solve.js";

/** What a job returns besides its value: the RHS evaluations, for the records. */
export interface JobOutput<R = unknown> {
  value: R;
  rhsEvals: number;
}

/** The arguments that stay fixed across a sweep, sent once per worker (`Pool(initializer=...)`). */
export type SharedSolveArgs = [
  N: number,
  gamma: number,
  Dnm: Float64Array | null,
  Gnm: Float64Array | null,
  tSpan: readonly [number, number],
  y0: Float64Array,
  options: ResolvedSolveOptions,
];

/** Busy-waits `ms` milliseconds of pure arithmetic (no memory traffic): a job of known cost. */
export function spin(ms: number): number {
  const end = performance.now() + ms;
  let x = 0;
  while (performance.now() < end) {
    for (let i = 0; i < 1000; i++) x = Math.sqrt(x + i);
  }
  return x;
}

/**
 * A fixed amount of pure arithmetic (no memory traffic): `iterations` square roots. Unlike `spin`,
 * its cost is work, not wall time, so two of them on one core take twice as long.
 */
export function burn(iterations: number): number {
  let x = 0;
  for (let i = 0; i < iterations; i++) x = Math.sqrt(x + i);
  return x;
}

/** Iterations of `burn` per millisecond on this thread, measured (warm) over about `ms` ms. */
export function burnRate(ms = 50): number {
  burn(1e5); // let the engine compile it first
  let iterations = 1e5;
  for (;;) {
    const t0 = performance.now();
    burn(iterations);
    const took = performance.now() - t0;
    if (took >= ms) return iterations / took;
    iterations *= 2;
  }
}

/** Longest `spin` job and most `burn` iterations (some 100 s of arithmetic): a cost past them is a mistake, not a job. */
export const maxSpinMs = 600_000;
export const maxBurnIterations = 1e11;

/**
 * A `spin` or `burn` payload, checked where the job runs: 1e308 would spin for ever, and a negative
 * or string payload would return 0 at once, looking like a job that ran. Throws a TypeError naming
 * the payload, the rule and the fix (the pool reports it as the job's error).
 */
export function checkCost(kind: "spin" | "burn", payload: unknown): number {
  const [max, what, integer] =
    kind === "spin" ? [maxSpinMs, "milliseconds", false] : [maxBurnIterations, "iterations", true];
  const ok = typeof payload === "number" && payload >= 0 && payload <= max && (!integer || Number.isInteger(payload));
  if (!ok)
    throw new TypeError(
      `a "${kind}" payload must be ${integer ? "a whole number" : "a number"} of ${what} from 0 to ${max}, got ${typeof payload === "string" ? `"${payload}"` : String(payload)} (${typeof payload}): e.g. runPool("${kind}", [${kind === "spin" ? "5, 5" : "1e6, 1e6"}])`,
    );
  return payload;
}

/** Every "spin" or "burn" payload checked at the door, before a worker starts: a UsageError names the first bad one. */
export function checkPayloads(kind: string, payloads: readonly unknown[]): void {
  if (kind !== "spin" && kind !== "burn") return;
  payloads.forEach((payload, i) => {
    try {
      checkCost(kind, payload);
    } catch (error) {
      throw new UsageError(`\`payloads[${i}]\`: ${(error as Error).message}`, "payloads");
    }
  });
}

export const jobKinds = {
  /** The lecture's job: a packed tuple (from packJobs, checked by the sweep), spread by the wrapper. */
  solve: (args: SolveArgs): JobOutput<Solution> => {
    const value = solvePackedJob(args);
    return { value, rhsEvals: value.nEval };
  },
  /** The same solve with the fixed arguments sent once per worker; the job carries only Omega_n. */
  solveShared: (OmegaN: ComplexVector, shared: unknown): JobOutput<Solution> => {
    const [N, gamma, Dnm, Gnm, tSpan, y0, options] = shared as SharedSolveArgs;
    const value = solveChecked(N, gamma, Dnm, Gnm, OmegaN, tSpan, y0, options);
    return { value, rhsEvals: value.nEval };
  },
  /** A job that does nothing: measures dispatch overhead alone. */
  empty: (_payload: unknown): JobOutput<null> => ({ value: null, rhsEvals: 0 }),
  /** A job of a chosen cost in ms: for the granularity experiment. */
  spin: (ms: number): JobOutput<number> => ({ value: spin(checkCost("spin", ms)), rhsEvals: 0 }),
  /** A job of a fixed amount of arithmetic: for the granularity experiment. */
  burn: (iterations: number): JobOutput<number> => ({ value: burn(checkCost("burn", iterations)), rhsEvals: 0 }),
  /**
   * Teaching and testing failure: "throw" throws; "exit" ends the worker thread (`process.exit`);
   * "oom" allocates until the thread runs out of memory (set `resourceLimits` to make it quick);
   * "async" throws from a timer, outside the job's own call, as a callback-style library might
   * (the job itself never returns); `{ sleepMs }` busy-waits that long, then succeeds;
   * `{ exitAfterMs }` succeeds, then ends its worker that long after (a worker dying between sweeps).
   */
  fail: (
    how: "throw" | "exit" | "oom" | "async" | { sleepMs: number } | { exitAfterMs: number },
  ): JobOutput<null> | Promise<JobOutput<null>> => {
    if (how === "throw") throw new Error("this job was told to throw");
    if (how === "exit") process.exit(3);
    if (how === "oom") {
      const hog: number[][] = [];
      for (;;) hog.push(new Array(1e6).fill(Math.random()));
    }
    if (how === "async") {
      setTimeout(() => {
        throw new Error("this job threw asynchronously");
      }, 1);
      return new Promise<JobOutput<null>>(() => undefined);
    }
    if ("exitAfterMs" in how) {
      setTimeout(() => process.exit(4), how.exitAfterMs);
      return { value: null, rhsEvals: 0 };
    }
    spin(how.sleepMs);
    return { value: null, rhsEvals: 0 };
  },
} as const;

export type JobKind = keyof typeof jobKinds;
