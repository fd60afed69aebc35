/**
 * The job kinds a pool worker can run, by name: the mechanism only. The layer that owns a kind of
 * job registers it on the main thread (`registerJobKind(kind, modulePath)`), naming the CommonJS
 * module that holds its function; a worker loads that module the first time it runs the kind, so a
 * worker that only solves never loads the measuring jobs, and a new model needs no edit here. A job
 * receives one plain value (and, when the pool was given one, the value sent once to every worker)
 * and returns one plain value with its count of right-hand-side evaluations.
 *
 * A job module exports `jobs`, its job functions by kind:
 * @example
 * // my-jobs.ts, compiled to my-jobs.js
 * export const jobs = { square: (x: number) => ({ value: x * x, rhsEvals: 0 }) };
 * registerJobKind("square", __filename);
 * // anywhere on the main thread, after importing my-jobs.js:
 * await runPool("square", [1, 2, 3]); // values 1, 4, 9
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { UsageError } from "../core/errors.js";
import { describe, didYouMean } from "../core/check.js";

/** What a job returns besides its value: the RHS evaluations, for the records. */
export interface JobOutput<R = unknown> {
  value: R;
  rhsEvals: number;
}

/** A job function as a worker calls it: one payload, the value sent once per worker (if any). */
export type JobFunction = (payload: never, shared: unknown) => JobOutput | PromiseLike<JobOutput>;

/** The name of a registered job kind, e.g. "solve" (the lecture's job). */
export type JobKind = string;

/** What a registration may add to the module's path. */
export interface JobKindOptions {
  /**
   * Checks one payload on the main thread, before any worker starts (e.g. a cost that would run
   * for ever). Throws an Error whose message names the rule, the value received and the fix; the
   * pool reports it as a UsageError naming `payloads[i]`.
   */
  checkPayload?: (payload: unknown) => void;
}

interface Registration extends JobKindOptions {
  module: string;
}

const registry = new Map<JobKind, Registration>();

/**
 * Which import registers each of the kit's own kinds, for the message on a kind not registered yet.
 * Text only: the layers that own these kinds register them, this layer registers none.
 */
const kitKindOwners: Readonly<Record<string, string>> = {
  solve: "dist/sweep/jobs.js (imported by the sweeps)",
  solveShared: "dist/sweep/jobs.js (imported by the sweeps)",
  spin: "dist/measure/jobs.js (imported by the experiments)",
  burn: "dist/measure/jobs.js (imported by the experiments)",
  empty: "dist/measure/jobs.js (imported by the experiments)",
  fail: "dist/notebook/lesson-jobs.js (notebook 05's lesson job)",
};

/**
 * Registers a job kind: `modulePath` is the absolute path of the compiled CommonJS module whose
 * export `jobs[kind]` runs one job. Registering a kind again with the same module changes nothing;
 * with another module is a UsageError (two owners for one name).
 * @example registerJobKind("spin", __filename, { checkPayload: (ms) => checkCost("spin", ms) });
 */
export function registerJobKind(kind: JobKind, modulePath: string, options: JobKindOptions = {}): void {
  if (typeof kind !== "string" || !/^[A-Za-z][\w-]*$/.test(kind)) {
    throw new UsageError(
      `\`kind\` must be a name of letters, digits, "_" or "-" starting with a letter, got ${describe(kind)}: e.g. registerJobKind("square", __filename)`,
      "kind",
    );
  }
  if (typeof modulePath !== "string" || !path.isAbsolute(modulePath) || !fs.existsSync(modulePath)) {
    throw new UsageError(
      `\`modulePath\` must be the absolute path of an existing compiled module, got ${describe(modulePath)}: pass __filename from the module that exports \`jobs.${kind}\`, or require.resolve("./its-file.js")`,
      "modulePath",
    );
  }
  const known = registry.get(kind);
  if (known && known.module !== modulePath) {
    throw new UsageError(
      `job kind "${kind}" is registered already, by ${known.module}, got ${modulePath}: give the new kind another name`,
      "kind",
    );
  }
  registry.set(kind, { module: modulePath, checkPayload: options.checkPayload });
}

/** The kinds registered so far, in the order they were registered. */
export function registeredJobKinds(): JobKind[] {
  return [...registry.keys()];
}

/**
 * The kind checked at the door: a registered kind passes; anything else is a UsageError listing the
 * registered kinds and naming the import that registers the missing one.
 */
export function checkJobKind(kind: unknown): asserts kind is JobKind {
  if (typeof kind === "string" && registry.has(kind)) return;
  const kinds = registeredJobKinds();
  const shown = kinds.length === 0 ? "none yet" : kinds.map((k) => `"${k}"`).join(", ");
  const owner = typeof kind === "string" && Object.hasOwn(kitKindOwners, kind) ? kitKindOwners[kind] : undefined;
  const fix = owner
    ? `import "sweeplab" (it registers every kind of the kit) or ${owner}`
    : didYouMean(kind, [...kinds, ...Object.keys(kitKindOwners)]) +
      `a kind of your own: registerJobKind(kind, modulePath), the module exporting \`jobs\` by kind`;
  throw new UsageError(
    `\`kind\` must be a registered job kind (registered: ${shown}), got ${describe(kind)}: ${fix}`,
    "kind",
  );
}

/**
 * The module a worker loads for a kind. A kind not registered is the UsageError of `checkJobKind`:
 * a warm pool warms on "solve" jobs whoever registered them, so it meets this before any door did.
 */
export function jobModule(kind: JobKind): string {
  checkJobKind(kind);
  return (registry.get(kind) as Registration).module;
}

/** Every payload checked at the door by its kind's own check, before a worker starts: a UsageError names the first bad one. */
export function checkPayloads(kind: JobKind, payloads: readonly unknown[]): void {
  const check = registry.get(kind)?.checkPayload;
  if (!check) return;
  payloads.forEach((payload, i) => {
    try {
      check(payload);
    } catch (error) {
      throw new UsageError(`\`payloads[${i}]\`: ${(error as Error).message}`, "payloads");
    }
  });
}
