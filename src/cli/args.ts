/**
 * Command-line parsing on Node's `util.parseArgs`, with messages that name the flag, the rule,
 * the value received and the fix. Every failure is a UsageError: the CLI exits 2 on it.
 */
import { parseArgs } from "node:util";
import { assertOneOf, closest } from "../core/check.js";
import { UsageError } from "../core/errors.js";
import { workloads } from "../physics/workloads.js";

/** A command's flags, as `util.parseArgs` takes them, plus an example value for messages. */
export type FlagSpec = Record<string, { type: "string" | "boolean"; short?: string; example?: string }>;

/**
 * Parses `argv` against `flags`; unknown flags and missing values become UsageErrors. Positional
 * arguments are refused, unless the command takes them: then pass `positionals`, which gets them.
 */
export function parseFlags(
  command: string,
  argv: string[],
  flags: FlagSpec,
  positionals?: string[],
): Record<string, string | boolean | undefined> {
  // `--eta -1` would read "-1" as a flag: join a value that looks like a negative number to its
  // flag (`--eta=-1`) so the value's own check gives the message.
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].startsWith("--") ? argv[i].slice(2) : undefined;
    if (name && flags[name]?.type === "string" && /^-[0-9.]/.test(argv[i + 1] ?? ""))
      args.push(`${argv[i]}=${argv[++i]}`);
    else args.push(argv[i]);
  }
  try {
    const options = Object.fromEntries(
      Object.entries(flags).map(([name, { example: _example, ...spec }]) => [name, spec]),
    );
    const parsed = parseArgs({ args, options, strict: true, allowPositionals: true, tokens: true });
    const { values } = parsed;
    refuseRepeats(parsed.tokens);
    if (positionals) positionals.push(...parsed.positionals);
    else if (parsed.positionals.length > 0) {
      throw new UsageError(
        `\`sweeplab ${command}\` takes no positional arguments, got "${parsed.positionals[0]}": flags start with --, see \`sweeplab ${command} --help\``,
      );
    }
    return values as Record<string, string | boolean | undefined>;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const message = (error as Error).message;
    const flag = /'(-{1,2}[^' ]+)/.exec(message)?.[1] ?? "";
    const code = (error as { code?: string }).code;
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
      // the library's "did you mean" for options, on flag names: --worker -> --workers, --max_steps -> --max-steps
      const near = flag.startsWith("--") ? closest(flag.slice(2), Object.keys(flags)) : undefined;
      const guess = near === undefined ? "" : `did you mean \`--${near}\`? `;
      throw new UsageError(
        `unknown flag \`${flag}\` for \`sweeplab ${command}\`: ${guess}see \`sweeplab ${command} --help\` for the flags it takes`,
        flag,
      );
    }
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
      // Node names the flag as "'-h, --help'" or "'--out <value>'": use the long name, as typed.
      const long = /--[\w-]+/.exec(message)?.[0] ?? flag;
      const spec = flags[long.slice(2)];
      throw new UsageError(
        spec?.type === "string"
          ? `flag \`${long}\` needs a value, got none: write e.g. \`${long} ${spec.example ?? "…"}\` (see \`sweeplab ${command} --help\`)`
          : `flag \`${long}\` takes no value: write just \`${long}\``,
        long,
      );
    }
    throw new UsageError(`${message}: see \`sweeplab ${command} --help\``);
  }
}

/**
 * A flag with a value given twice is refused, naming both values: taking the last one silently
 * would run `--out a --out b` into b although the command line also says a. A switch given twice
 * (`--quiet --quiet`) says the same thing twice: scripts that add one may meet the user's.
 */
function refuseRepeats(tokens: ReturnType<typeof parseArgs>["tokens"] = []): void {
  const seen = new Map<string, string | undefined>();
  for (const token of tokens) {
    if (token.kind !== "option" || token.value === undefined) continue;
    if (seen.has(token.name)) {
      const show = (value: string | undefined) => ` "${value}"`;
      throw new UsageError(
        `flag \`--${token.name}\` is given twice (--${token.name}${show(seen.get(token.name))} and --${token.name}${show(token.value)}): pass it once, with the value you mean`,
        `--${token.name}`,
      );
    }
    seen.set(token.name, token.value);
  }
}

/** `--workload NAME`: one of the named workloads ("did you mean" for a near miss), else `fallback`. */
export function workloadFlag(raw: string | boolean | undefined, fallback: string): string {
  if (raw === undefined) return fallback;
  assertOneOf(String(raw), "--workload", Object.keys(workloads), "pick one of those, e.g. --workload heavy");
  return String(raw);
}

/**
 * The forms a number flag takes: plain decimal digits for a count (no sign but a minus, no
 * padding, no "0x10", "0b11", "1e3" or "2.0": JavaScript's Number() reads them all, and a typo
 * should not become 16 workers); decimal or exponent notation where a real number is meant.
 */
const plainInteger = /^-?(0|[1-9][0-9]*)$/;
const plainReal = /^-?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$/;

/** Reads a number flag's text as `integer` says, or NaN when it is not in a plain form. */
export function plainNumber(text: string, integer: boolean): number {
  return (integer ? plainInteger : plainReal).test(text) ? Number(text) : NaN;
}

/** A number flag: parsed strictly ("1e-7" yes, "1e-7x", " 1", "0x10" or "" no) and checked against a rule. */
export function numberFlag(
  flag: string,
  raw: string | boolean | undefined,
  rule: {
    integer?: boolean;
    min?: number;
    max?: number;
    exclusiveMin?: boolean;
    exclusiveMax?: boolean;
    example: string;
  },
): number | undefined {
  if (raw === undefined) return undefined;
  const text = String(raw);
  const value = plainNumber(text, rule.integer === true);
  const {
    integer = false,
    min = -Infinity,
    max = Infinity,
    exclusiveMin = false,
    exclusiveMax = false,
    example,
  } = rule;
  // a form Number() reads but the flag does not take ("0x10", "2.0", " 5") gets the rule on forms too
  const loose = Number(text);
  const form =
    Number.isFinite(loose) && (!integer || Number.isInteger(loose)) && Number.isNaN(value) && text.trim() !== "";
  const kind =
    (integer ? "an integer" : "a finite number") +
    (form ? ` in plain decimal${integer ? " digits" : " or exponent form"}` : "");
  const lower = min === -Infinity ? "" : exclusiveMin ? ` greater than ${min}` : ` from ${min}`;
  const connector = exclusiveMin ? " and" : min === -Infinity ? "" : " to";
  const word = exclusiveMax ? " below" : exclusiveMin || min === -Infinity ? " at most" : "";
  const upper = max === Infinity ? (exclusiveMin || min === -Infinity ? "" : " and up") : `${connector}${word} ${max}`;
  const bounds = lower + upper;
  const ok =
    Number.isFinite(value) &&
    (!integer || Number.isInteger(value)) &&
    (exclusiveMin ? value > min : value >= min) &&
    (exclusiveMax ? value < max : value <= max);
  if (!ok)
    throw new UsageError(
      `\`--${flag}\` must be ${kind}${bounds}, got "${raw}": e.g. --${flag} ${example}`,
      `--${flag}`,
    );
  return value;
}

/**
 * Names a workload field by the flag that set it (rMax -> `--r-max`), or by itself where no flag
 * did, so a failed workload check points at the command line.
 */
export function flagNames(overrides: Record<string, unknown>): (field: string) => string {
  // a field the command has a flag for is named by its flag, set or not (`--r-max` must be greater than `--r-min`)
  return (field) => (Object.hasOwn(overrides, field) ? flagOf(field) : field);
}

/** The flag of a workload or pool field: maxSteps -> `--max-steps`, nR -> `--n-r`. */
export function flagOf(field: string): string {
  return `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** `--out DIR`: a folder's name, else `fallback`; an empty one is refused (to the file system it names no folder: ENOENT). */
export function outFlag(raw: string | boolean | undefined, fallback: string): string {
  if (raw === undefined) return fallback;
  if (String(raw).trim() === "") {
    throw new UsageError(
      `\`--out\` must name a folder, got "${raw}": e.g. --out results/run1, or leave out --out to write to ${fallback}`,
      "--out",
    );
  }
  return String(raw);
}

/** A comma-separated list of integers, e.g. `--workers 1,2`. */
export function listFlag(
  flag: string,
  raw: string | boolean | undefined,
  rule: { min: number; max?: number; example: string },
): number[] | undefined {
  if (raw === undefined) return undefined;
  const parts = String(raw).split(",");
  return parts.map((part) => numberFlag(flag, part, { integer: true, ...rule }) as number);
}
