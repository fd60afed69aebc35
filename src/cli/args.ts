/**
 * Command-line parsing on Node's `util.parseArgs`, with messages that name the flag, the rule,
 * the value received and the fix. Every failure is a UsageError: the CLI exits 2 on it.
 */
import { parseArgs } from "node:util";
import { UsageError } from "../core/errors.js";

/** A command's flags, as `util.parseArgs` takes them, plus an example value for messages. */
export type FlagSpec = Record<string, { type: "string" | "boolean"; short?: string; example?: string }>;

/**
 * Parses `argv` against `flags`; unknown flags and missing values become UsageErrors. Positional
 * arguments are refused, unless the command takes them: then pass `positionals`, which gets them.
 */
export function parseFlags(command: string, argv: string[], flags: FlagSpec, positionals?: string[]): Record<string, string | boolean | undefined> {
  // `--eta -1` would read "-1" as a flag: join a value that looks like a negative number to its
  // flag (`--eta=-1`) so the value's own check gives the message.
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].startsWith("--") ? argv[i].slice(2) : undefined;
    if (name && flags[name]?.type === "string" && /^-[0-9.]/.test(argv[i + 1] ?? "")) args.push(`${argv[i]}=${argv[++i]}`);
    else args.push(argv[i]);
  }
  try {
    const options = Object.fromEntries(Object.entries(flags).map(([name, { example: _example, ...spec }]) => [name, spec]));
    const parsed = parseArgs({ args, options, strict: true, allowPositionals: true });
    const { values } = parsed;
    if (positionals) positionals.push(...parsed.positionals);
    else if (parsed.positionals.length > 0) {
      throw new UsageError(`\`sweeplab ${command}\` takes no positional arguments, got "${parsed.positionals[0]}": flags start with --, see \`sweeplab ${command} --help\``);
    }
    return values as Record<string, string | boolean | undefined>;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const message = (error as Error).message;
    const flag = /'(-{1,2}[^' ]+)/.exec(message)?.[1] ?? "";
    const code = (error as { code?: string }).code;
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
      throw new UsageError(`unknown flag \`${flag}\` for \`sweeplab ${command}\`: see \`sweeplab ${command} --help\` for the flags it takes`, flag);
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

/** A number flag: parsed strictly ("1e-7" yes, "1e-7x" or "" no) and checked against a rule. */
export function numberFlag(
  flag: string,
  raw: string | boolean | undefined,
  rule: { integer?: boolean; min?: number; max?: number; exclusiveMin?: boolean; exclusiveMax?: boolean; example: string },
): number | undefined {
  if (raw === undefined) return undefined;
  const text = String(raw).trim();
  const value = text === "" ? NaN : Number(text);
  const { integer = false, min = -Infinity, max = Infinity, exclusiveMin = false, exclusiveMax = false, example } = rule;
  const kind = integer ? "an integer" : "a finite number";
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
  if (!ok) throw new UsageError(`\`--${flag}\` must be ${kind}${bounds}, got "${raw}": e.g. --${flag} ${example}`, `--${flag}`);
  return value;
}

/**
 * Names a workload field by the flag that set it (rMax -> `--r-max`), or by itself where no flag
 * did, so a failed workload check points at the command line.
 */
export function flagNames(overrides: Record<string, unknown>): (field: string) => string {
  return (field) => (overrides[field] === undefined ? field : `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
}

/** A comma-separated list of integers, e.g. `--workers 1,2`. */
export function listFlag(flag: string, raw: string | boolean | undefined, rule: { min: number; max?: number; example: string }): number[] | undefined {
  if (raw === undefined) return undefined;
  const parts = String(raw).split(",");
  return parts.map((part) => numberFlag(flag, part, { integer: true, ...rule }) as number);
}
