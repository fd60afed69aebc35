/**
 * What to do after an error, said by the command that knows (only `sweep` has a jobs.jsonl to
 * resume from; `bench` has the sections it measured): main prints it after the error's message.
 */
import { flagOf } from "./args.js";

const hints = new WeakMap<object, string>();

/** Attaches `hint` to `error` (an Error) and returns the error, to rethrow it. */
export function withHint<E>(error: E, hint: string): E {
  if (typeof error === "object" && error !== null) hints.set(error, hint);
  return error;
}

/** The hint attached to `error`, if any. */
export function hintOf(error: unknown): string | undefined {
  return typeof error === "object" && error !== null ? hints.get(error) : undefined;
}

/** The library's option names that the CLI takes as flags (maxSteps is `--max-steps`). */
const flagged = [
  "maxSteps",
  "rtol",
  "atol",
  "nz",
  "nR",
  "rMin",
  "rMax",
  "tScale",
  "eta",
  "seed",
  "workers",
  "chunksize",
  "timeoutMs",
];

/**
 * A library message in the CLI's words: "raise `maxSteps` or loosen rtol/atol" becomes "raise
 * `--max-steps` or loosen --rtol/--atol", so the advice names what a user of the CLI types.
 */
export function inFlagWords(message: string): string {
  return message
    .replace(/`(\w+)`/g, (text, name: string) => (flagged.includes(name) ? `\`${flagOf(name)}\`` : text))
    .replace(/\b(\w+) = (?=[\d.e+-]+\b)/g, (text, name: string) => (flagged.includes(name) ? `${flagOf(name)} ` : text))
    .replace(/\brtol\/atol\b/g, "--rtol/--atol");
}
