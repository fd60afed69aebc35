/**
 * The input checks every entry point uses: each describes the value it got and says how to fix it
 * (docs/style.md, items 3 and 14). An entry point checks once, then hands resolved values inward.
 */
import { UsageError } from "./errors.js";

/** Shows a received value in a message: strings quoted, arrays summarised, type named. */
export function describe(value: unknown): string {
  if (typeof value === "string") return `"${value}" (string)`;
  if (typeof value === "number") return `${Object.is(value, -0) ? "-0" : String(value)} (number)`;
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (typeof value === "boolean") return `${value} (boolean)`;
  if (typeof value === "function") return "a function";
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of length ${(value as Float64Array).length}`;
  return `${typeof value === "object" ? "an object" : typeof value}`;
}

/** Throws a UsageError unless `value` is a finite number. */
export function assertFinite(value: unknown, option: string, fix = "pass a finite number"): asserts value is number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new UsageError(`\`${option}\` must be a finite number, got ${describe(value)}: ${fix}`, option);
  }
}

/** Throws a UsageError unless `value` is an integer in [min, max]. */
export function assertInteger(
  value: unknown,
  option: string,
  min: number,
  max = Infinity,
  fix?: string,
): asserts value is number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Infinity ? `an integer from ${min} and up` : `an integer from ${min} to ${max}`;
    const hint = fix ?? (max === Infinity ? `pass ${range}` : `pick a value between ${min} and ${max}`);
    throw new UsageError(`\`${option}\` must be ${range}, got ${describe(value)}: ${hint}`, option);
  }
}

/** Throws a UsageError unless `value` is a finite number > 0. */
export function assertPositive(
  value: unknown,
  option: string,
  fix = "pass a number greater than 0",
): asserts value is number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new UsageError(
      `\`${option}\` must be a finite number greater than 0, got ${describe(value)}: ${fix}`,
      option,
    );
  }
}

/**
 * The options a function takes, as a record checked against its options type:
 * `{ rtol: true, ... } satisfies OptionKeys<SolveOptions>` fails to compile when a name is missing
 * or unknown, so the list cannot drift from the interface.
 */
export type OptionKeys<T> = { readonly [K in keyof Required<T>]: true };

/**
 * Options a function no longer takes, each with where it went: `now` names the option that
 * replaced it (its "did you mean"), or is absent when no option of this function took its place;
 * `fix` says what to write instead.
 * @example { progress: { now: "onJob", fix: "pass onJob: notebookProgress()" } }
 */
export type RetiredOptions = Readonly<Record<string, { readonly now?: string; readonly fix: string }>>;

/**
 * Rejects an options value that is not a plain object, or that has a key `where` does not take:
 * a typo such as `chunkSize` would otherwise be ignored without a word. A key in `retired` gets
 * its own message, naming the option that replaced it and the fix.
 */
export function checkOptions(options: unknown, keys: object, where: string, retired: RetiredOptions = {}): void {
  if (options === undefined) return;
  const names = Object.keys(keys);
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new UsageError(
      `the options of ${where} must be an object, got ${describe(options)}: pass an object of named options, or leave them out`,
      "options",
    );
  }
  for (const [key, value] of Object.entries(options)) {
    // An option set to undefined is an option left out (as with a default in a destructuring).
    if (names.includes(key) || value === undefined) continue;
    if (Object.hasOwn(retired, key)) {
      const { now, fix } = retired[key];
      const moved = now === undefined ? "is no longer taken" : `is now "${now}"`;
      throw new UsageError(`${where} option "${key}" ${moved}, got ${describe(value)}: ${fix}`, key);
    }
    const close = closest(key, names);
    throw new UsageError(
      `unknown option \`${key}\` of ${where}, got ${describe(value)}: ${close ? `did you mean \`${close}\`? ` : ""}the options are ${names.join(", ")}`,
      key,
    );
  }
}

/**
 * Throws a UsageError unless `value` is one of `choices` (an enumerated option such as a schedule
 * or a workload name); a near miss gets "did you mean": `"largest first"` -> `"largest-first"`.
 * @example assertOneOf(schedule, "schedule", ["in-order", "largest-first"]);
 */
export function assertOneOf<T extends string | number>(
  value: unknown,
  option: string,
  choices: readonly T[],
  fix = "pick one of those",
): asserts value is T {
  // own values only: `includes` on a frozen list never matches "toString" or "constructor"
  if ((typeof value === "string" || typeof value === "number") && choices.includes(value as T)) return;
  const shown = choices.map((c) => (typeof c === "string" ? `"${c}"` : String(c))).join(", ");
  const advice = didYouMean(value, choices).trimEnd() || fix;
  throw new UsageError(`\`${option}\` must be one of ${shown}, got ${describe(value)}: ${advice}`, option);
}

/**
 * The accepted spelling of an enumerated value: the value itself when it is one of `choices`, else
 * the choice a near miss meant (`"rk45"` -> `"RK45"`), else undefined. A hint that shows a value to
 * type must show this one: repeating the value as received would suggest what was just refused.
 * @example accepted("rk45", ["odex", "RK45"]) // "RK45"
 */
export function accepted<T extends string | number>(value: unknown, choices: readonly T[]): T | undefined {
  if ((typeof value === "string" || typeof value === "number") && choices.includes(value as T)) return value as T;
  if (typeof value !== "string") return undefined;
  const near = closest(value, choices.map(String));
  return near === undefined ? undefined : choices.find((c) => String(c) === near);
}

/**
 * `did you mean "RK45"? ` (with its trailing space, to lead a fix) for a near miss of an enumerated
 * value, else "": the one wording of that question for values, as `closest` is for names.
 * @example `\`method\` must be "odex" or "RK45", got "rk45" (string): ${didYouMean("rk45", methods)}...`
 */
export function didYouMean(value: unknown, choices: readonly (string | number)[]): string {
  const near = choices.includes(value as string | number) ? undefined : accepted(value, choices);
  if (near === undefined) return "";
  return `did you mean ${typeof near === "string" ? `"${near}"` : near}? `;
}

/**
 * The name nearest to a mistyped one (case, a letter or two, `_` for `-`), if any is near: the
 * "did you mean" of option names, CLI flags and enumerated values.
 * @example closest("chunkSize", ["chunksize", "workers"]) // "chunksize"
 */
export function closest(key: string, names: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 4)) + 1;
  for (const name of names) {
    const d = name.toLowerCase() === lower ? 0 : editDistance(lower, name.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  return best;
}

/** Levenshtein distance: insertions, deletions and substitutions. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** Throws a UsageError unless `value` is a function or undefined. */
export function assertCallback(value: unknown, option: string, shape: string): void {
  if (value !== undefined && typeof value !== "function") {
    throw new UsageError(
      `\`${option}\` must be a function ${shape}, got ${describe(value)}: pass a function, or leave it out`,
      option,
    );
  }
}

/** Throws a UsageError unless `value` is true, false or undefined (a string "no" would count as true). */
export function assertFlag(value: unknown, option: string): void {
  if (value !== undefined && typeof value !== "boolean") {
    throw new UsageError(
      `\`${option}\` must be true or false, got ${describe(value)}: pass a boolean, or leave it out`,
      option,
    );
  }
}

/** Throws a UsageError unless `values` is a non-empty list of numbers (integers by default) in [min, max]. */
export function assertNumberList(
  values: unknown,
  option: string,
  min: number,
  max = Infinity,
  integer = true,
): asserts values is number[] {
  const bad = (v: unknown) =>
    typeof v !== "number" || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v));
  if (!Array.isArray(values) || values.length === 0 || values.some(bad)) {
    throw new UsageError(
      `\`${option}\` must be a non-empty list of ${integer ? "integers" : "numbers"} from ${min}${max === Infinity ? " and up" : ` to ${max}`}, got ${Array.isArray(values) ? `[${values.join(", ")}]` : describe(values)}: e.g. [1, 2]`,
      option,
    );
  }
}

/**
 * Throws a UsageError unless `value` is an array with at least one element:
 * "`jobMs` must be a non-empty array of job costs (ms), got []: pass one cost per job".
 */
export function assertNonEmptyArray(
  value: unknown,
  option: string,
  fix: string,
  of?: string,
): asserts value is readonly unknown[] {
  if (!Array.isArray(value) || value.length === 0) {
    const got = Array.isArray(value) ? "[]" : describe(value);
    throw new UsageError(`\`${option}\` must be a non-empty array${of ? ` of ${of}` : ""}, got ${got}: ${fix}`, option);
  }
}

/**
 * Throws a UsageError naming the first element of `values` that is not a finite number (or, with
 * `min`, is below it): "`costs` must hold finite numbers, got NaN (number) at index 3: ...".
 */
export function assertEachFinite(
  values: readonly unknown[],
  option: string,
  fix: string,
  min = -Infinity,
): asserts values is readonly number[] {
  const bad = values.findIndex((x) => typeof x !== "number" || !Number.isFinite(x) || x < min);
  if (bad >= 0) {
    const rule = min === -Infinity ? "finite numbers" : `finite numbers >= ${min}`;
    throw new UsageError(
      `\`${option}\` must hold ${rule}, got ${describe(values[bad])} at index ${bad}: ${fix}`,
      option,
    );
  }
}

/** Throws a UsageError unless `order` holds each of 0..n-1 exactly once (a dispatch order). */
export function assertPermutation(order: unknown, option: string, n: number, fix: string): asserts order is number[] {
  const seen = new Set<number>();
  const ok =
    Array.isArray(order) &&
    order.length === n &&
    order.every((i) => Number.isInteger(i) && i >= 0 && i < n && !seen.has(i) && seen.add(i));
  if (!ok) {
    throw new UsageError(
      `\`${option}\` must be a permutation of the ${n} job indices 0..${n - 1}, got ${describe(order)}: ${fix}`,
      option,
    );
  }
}
