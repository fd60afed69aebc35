/** What `ex_wqed_cluster.py --json` prints, read and checked field by field. */
import { describe } from "../../core/check.js";
import type { SummaryRow, TimingStats } from "../../core/types.js";

/** What `ex_wqed_cluster.py --json` prints (format 1). Times are ms; rows are at t_final. */
export interface PythonReport {
  script: "ex_wqed_cluster.py";
  format: 1;
  N: number;
  nR: number;
  eta: number;
  seed: number;
  tFinal: number;
  rtol: number;
  atol: number;
  nSamples: number;
  method: "RK45";
  /** Pool size and chunksize of the pooled sweep; null with `sequential: true` (no pool run). */
  workers: number | null;
  chunksize: number | null;
  /** multiprocessing's start method ("fork" on Linux, "spawn" on macOS and Windows); null without a pool. */
  startMethod: string | null;
  repeats: number;
  /** The plain loop over the jobs, `repeats` samples. */
  sequential: TimingStats;
  /** The whole `with mp.Pool(...) as pool:` block: pool start-up and shut-down included. */
  pooled: TimingStats | null;
  /** Of that, creating the Pool. */
  poolStart: TimingStats | null;
  /** What `pooled` covers, in words. */
  pooledIncludes: string | null;
  /** Every pooled solution equal to the sequential one, sample for sample, in every repeat. */
  pooledEqualsSequential: boolean | null;
  progressBar: boolean;
  /** One row per r, in job order, from the sequential sweep. */
  rows: SummaryRow[];
  /** Right-hand-side evaluations per job (SciPy `nfev`). */
  rhsEvals: number[];
  versions: { python: string; numpy: string; scipy: string; tqdm: string | null };
  executable: string;
  machine: { cores: number; platform: string; machine: string; loadAverage: number };
}

function fail(field: string, want: string, got: unknown): never {
  throw new Error(`ex_wqed_cluster.py's JSON: \`${field}\` must be ${want}, got ${describe(got)}`);
}

/** Typed reads from one parsed JSON object; an error names the path of the first bad field. */
class Fields {
  private constructor(
    private readonly o: Record<string, unknown>,
    private readonly at: string,
  ) {}

  static of(x: unknown, at: string): Fields {
    if (x === null || typeof x !== "object" || Array.isArray(x)) fail(at || "(top level)", "an object", x);
    return new Fields(x as Record<string, unknown>, at);
  }

  private path(k: string): string {
    return this.at ? `${this.at}.${k}` : k;
  }

  is<T>(k: string, value: T): T {
    return this.o[k] === value ? value : fail(this.path(k), JSON.stringify(value), this.o[k]);
  }

  num(k: string): number {
    const x = this.o[k];
    return typeof x === "number" && Number.isFinite(x) ? x : fail(this.path(k), "a finite number", x);
  }

  int(k: string, min: number): number {
    const x = this.num(k);
    return Number.isInteger(x) && x >= min ? x : fail(this.path(k), `an integer from ${min}`, x);
  }

  str(k: string): string {
    const x = this.o[k];
    return typeof x === "string" ? x : fail(this.path(k), "a string", x);
  }

  bool(k: string): boolean {
    const x = this.o[k];
    return typeof x === "boolean" ? x : fail(this.path(k), "true or false", x);
  }

  /** null as given, or `read(k)`. */
  nullable<T>(k: string, read: (k: string) => T): T | null {
    return this.o[k] === null ? null : read(k);
  }

  obj(k: string): Fields {
    return Fields.of(this.o[k], this.path(k));
  }

  array(k: string, length: number): unknown[] {
    const x = this.o[k];
    return Array.isArray(x) && x.length === length ? x : fail(this.path(k), `an array of ${length}`, x);
  }

  /** A TimingStats of `repeats` samples. */
  timing(k: string, repeats: number): TimingStats {
    const t = this.obj(k);
    const samples = t.array("samplesMs", repeats);
    samples.forEach((x, i) => {
      if (typeof x !== "number" || !Number.isFinite(x) || x < 0) fail(`${k}.samplesMs[${i}]`, "a time >= 0", x);
    });
    return {
      samplesMs: samples as number[],
      medianMs: t.num("medianMs"),
      minMs: t.num("minMs"),
      maxMs: t.num("maxMs"),
    };
  }
}

/**
 * Parses and checks the script's JSON; throws an Error naming the first field that is missing or
 * of the wrong kind (a changed script must not feed the bench wrong numbers in silence).
 */
export function parsePythonReport(text: string): PythonReport {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const start = JSON.stringify(text.slice(0, 120));
    throw new Error(`ex_wqed_cluster.py printed no JSON (${(error as Error).message}): ${start}`, { cause: error });
  }
  const f = Fields.of(parsed, "");
  // what the file is first: a different script or format fails on its name, not on a number
  const script = f.is("script", "ex_wqed_cluster.py" as const);
  const format = f.is("format", 1 as const);
  const method = f.is("method", "RK45" as const);
  const nR = f.int("nR", 1);
  const repeats = f.int("repeats", 1);
  const versions = f.obj("versions");
  const machine = f.obj("machine");
  const report: PythonReport = {
    script,
    format,
    method,
    N: f.int("N", 2),
    nR,
    eta: f.num("eta"),
    seed: f.int("seed", 0),
    tFinal: f.num("tFinal"),
    rtol: f.num("rtol"),
    atol: f.num("atol"),
    nSamples: f.int("nSamples", 1),
    workers: f.nullable("workers", (k) => f.int(k, 1)),
    chunksize: f.nullable("chunksize", (k) => f.int(k, 1)),
    startMethod: f.nullable("startMethod", (k) => f.str(k)),
    repeats,
    sequential: f.timing("sequential", repeats),
    pooled: f.nullable("pooled", (k) => f.timing(k, repeats)),
    poolStart: f.nullable("poolStart", (k) => f.timing(k, repeats)),
    pooledIncludes: f.nullable("pooledIncludes", (k) => f.str(k)),
    pooledEqualsSequential: f.nullable("pooledEqualsSequential", (k) => f.bool(k)),
    progressBar: f.bool("progressBar"),
    rows: f.array("rows", nR).map((x, i) => {
      const row = Fields.of(x, `rows[${i}]`);
      return { r: row.num("r"), sz_mean: row.num("sz_mean"), s2_abs: row.num("s2_abs") };
    }),
    rhsEvals: f
      .array("rhsEvals", nR)
      .map((x, i) =>
        Number.isInteger(x) && (x as number) >= 1 ? (x as number) : fail(`rhsEvals[${i}]`, "a count", x),
      ),
    versions: {
      python: versions.str("python"),
      numpy: versions.str("numpy"),
      scipy: versions.str("scipy"),
      tqdm: versions.nullable("tqdm", (k) => versions.str(k)),
    },
    executable: f.str("executable"),
    machine: {
      cores: machine.int("cores", 1),
      platform: machine.str("platform"),
      machine: machine.str("machine"),
      loadAverage: machine.num("loadAverage"),
    },
  };
  checkPoolFields(report);
  return report;
}

/** A sequential run sets no pool field; a pooled run sets them all. */
function checkPoolFields(report: PythonReport): void {
  const names = [
    "workers",
    "chunksize",
    "startMethod",
    "pooled",
    "poolStart",
    "pooledIncludes",
    "pooledEqualsSequential",
  ] as const;
  const set = names.filter((k) => report[k] !== null);
  if (set.length > 0 && set.length < names.length) {
    fail(names.join(", "), "all null (a sequential run) or all set (a pooled run)", `only ${set.join(", ")} set`);
  }
}
