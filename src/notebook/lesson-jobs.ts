/**
 * Notebook 05's lesson job, registered with the pool: "fail", a job told how to fail, to show
 * what a pool does when a job throws or a worker dies. A worker loads this module the first time
 * it runs one.
 */
import { spin } from "../measure/jobs.js";
import { registerJobKind } from "../parallel/jobs.js";

/** How a "fail" job behaves (see `jobs.fail`). */
export type FailHow = "throw" | "exit" | "oom" | "async" | { sleepMs: number } | { exitAfterMs: number };

type Done = { value: null; rhsEvals: number };

/** The job functions by kind, as a worker finds them (`jobs[kind]`). */
export const jobs = {
  /**
   * "throw" throws; "exit" ends the worker thread (`process.exit`); "oom" allocates until the
   * thread runs out of memory (set `resourceLimits` to make it quick); "async" throws from a timer,
   * outside the job's own call, as a callback-style library might (the job itself never returns);
   * `{ sleepMs }` busy-waits that long, then succeeds; `{ exitAfterMs }` succeeds, then ends its
   * worker that long after (a worker dying between sweeps).
   */
  fail: (how: FailHow): Done | Promise<Done> => {
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
      return new Promise<Done>(() => undefined);
    }
    if ("exitAfterMs" in how) {
      setTimeout(() => process.exit(4), how.exitAfterMs);
      return { value: null, rhsEvals: 0 };
    }
    spin(how.sleepMs);
    return { value: null, rhsEvals: 0 };
  },
};

registerJobKind("fail", __filename);
