/**
 * The measuring jobs, registered with the pool: "spin" (a chosen wall time), "burn" (a fixed
 * amount of arithmetic) and "empty" (nothing: dispatch overhead alone), for the bench and the
 * experiments. Their payloads are checked at the door, before a worker starts; a worker loads this
 * module the first time it runs one of them.
 */
import { registerJobKind } from "../parallel/jobs.js";

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
 * A `spin` or `burn` payload, checked at the door and again where the job runs: 1e308 would spin
 * for ever, and a negative or string payload would return 0 at once, looking like a job that ran.
 * Throws a TypeError naming the payload, the rule and the fix (the pool reports it as the job's error).
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

/** The job functions by kind, as a worker finds them (`jobs[kind]`). */
export const jobs = {
  /** A job that does nothing: measures dispatch overhead alone. */
  empty: (_payload: unknown) => ({ value: null, rhsEvals: 0 }),
  /** A job of a chosen cost in ms: for the granularity experiment. */
  spin: (ms: number) => ({ value: spin(checkCost("spin", ms)), rhsEvals: 0 }),
  /** A job of a fixed amount of arithmetic: for the granularity experiment. */
  burn: (iterations: number) => ({ value: burn(checkCost("burn", iterations)), rhsEvals: 0 }),
};

registerJobKind("empty", __filename);
registerJobKind("spin", __filename, { checkPayload: (ms) => checkCost("spin", ms) });
registerJobKind("burn", __filename, { checkPayload: (iterations) => checkCost("burn", iterations) });
