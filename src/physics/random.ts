/** Seeded random numbers: the same disorder on every machine, unlike the lecture's unseeded draw. */
import { assertInteger } from "../core/check.js";

/**
 * A seeded uniform generator on [0, 1): mulberry32. Same seed, same numbers, on every machine
 * (the lecture's script draws its disorder unseeded; sweeplab does not).
 */
export function uniformRng(seed: number): () => number {
  assertInteger(seed, "seed", 0, 2 ** 32 - 1, "pass an integer seed from 0 to 4294967295");
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws from a seeded uniform generator (Box-Muller, both values used). */
export function normalRng(seed: number): () => number {
  const u = uniformRng(seed);
  let spare = NaN;
  return () => {
    if (!Number.isNaN(spare)) {
      const s = spare;
      spare = NaN;
      return s;
    }
    const u1 = 1 - u(); // in (0, 1]: log is finite
    const u2 = u();
    const rad = Math.sqrt(-2 * Math.log(u1));
    spare = rad * Math.sin(2 * Math.PI * u2);
    return rad * Math.cos(2 * Math.PI * u2);
  };
}
