/**
 * The bench's algorithm section (issue 10): the lecture sweep per integrator and right-hand side,
 * against the Python original where its time is known, and one nz = 100,000 job with the linear
 * right-hand side. Targets are reported, never asserted.
 */
import { type BigJob, type LectureSweepTiming, bigJob, lectureSweeps } from "../measure/algorithm.js";
import { runPythonSweep } from "../measure/python.js";
import { type BenchContext, section } from "./bench-section.js";

export interface AlgorithmBench {
  lecture: LectureSweepTiming[];
  /** The Python original's sequential lecture sweep (ms), from the same run; null where not measured. */
  pythonMs: number | null;
  /** The Python original's `Pool(2).imap(chunksize=2)` sweep (ms, pool start included), same run; null where not measured. */
  pythonPooledMs: number | null;
  pythonNote: string;
  big: BigJob;
}

export interface AlgorithmTarget {
  target: string;
  met: boolean | null;
  /** Why a target was not judged, where that is not --quick. */
  note?: string;
  [figure: string]: unknown;
}

/**
 * The Python original's sequential lecture sweep (python/ex_wqed_cluster.py through
 * src/measure/python.ts), timed in this run: null with the reason where no Python with SciPy runs it.
 */
export async function pythonLectureMs(
  repeats: number,
): Promise<{ ms: number | null; pooledMs: number | null; note: string }> {
  const run = await runPythonSweep({ workers: 2, chunksize: 2, repeats });
  if (run.status === "ok") {
    return { ms: run.report.sequential.medianMs, pooledMs: run.report.pooled?.medianMs ?? null, note: "" };
  }
  return { ms: null, pooledMs: null, note: `no Python figure in this run (${run.status}: ${run.reason})` };
}

/** Runs the section: a few seconds (the nz = 100,000 job runs in its own process for its peak memory). */
export async function algorithmBench({
  quick,
  repeats,
  log,
}: {
  quick: boolean;
  repeats: number;
  log: (line: string) => void;
}): Promise<AlgorithmBench> {
  const lecture = await lectureSweeps({ repeats: quick ? 1 : Math.max(repeats, 5), log });
  const python = await pythonLectureMs(quick ? 1 : Math.max(repeats, 5));
  log(
    python.ms === null
      ? python.note
      : `the Python original: ${python.ms.toFixed(1)} ms` +
          (python.pooledMs === null ? "" : `, on Pool(2).imap(chunksize=2) ${python.pooledMs.toFixed(1)} ms`),
  );
  const big = bigJob(quick ? 20_000 : 100_000);
  log(
    `one job, r = 1.2, nz = ${big.nz}, linear, RK45: ${(big.solveMs / 1000).toFixed(2)} s, peak RSS ${(big.maxRssBytes / 2 ** 20).toFixed(0)} MiB`,
  );
  return { lecture, pythonMs: python.ms, pythonPooledMs: python.pooledMs, pythonNote: python.note, big };
}

/** The section's targets; `judged` turns a verdict into null under --quick. */
export function algorithmTargets(a: AlgorithmBench, judged: (met: boolean) => boolean | null): AlgorithmTarget[] {
  const ms = (method: string, rhs: string) =>
    a.lecture.find((t) => t.method === method && t.rhs === rhs)?.wall.medianMs ?? NaN;
  const ratio = (x: number) => (a.pythonMs === null ? null : x / a.pythonMs);
  const versusPython = (target: string, kitMs: number, bound: number): AlgorithmTarget => {
    const r = ratio(kitMs);
    return r === null
      ? { target, kitMs, pythonMs: null, met: null, note: a.pythonNote }
      : { target, kitMs, pythonMs: a.pythonMs, ratio: r, met: judged(r <= bound) };
  };
  return [
    versusPython(
      "lecture sweep, sequential, dense, odex: <= 1.0x the Python original's time",
      ms("odex", "dense"),
      1.0,
    ),
    versusPython(
      "the same with --rhs linear (RK45, the method it takes): <= 0.2x the Python original's time",
      ms("RK45", "linear"),
      0.2,
    ),
    {
      target: `one job at r = 1.2, nz = ${a.big.nz}, linear: <= 10 s and <= 1 GB`,
      solveMs: a.big.solveMs,
      maxRssBytes: a.big.maxRssBytes,
      met: judged(a.big.solveMs <= 10_000 && a.big.maxRssBytes <= 1e9),
    },
  ];
}

/** The section's lines in the bench's summary. */
export function algorithmLines(a: AlgorithmBench, lecturePool?: unknown): string[] {
  // the kit's warm-pool ratio from the lecture pool section, run earlier in the same bench
  const warm = (lecturePool as { speedup?: { warm?: number } } | undefined)?.speedup?.warm;
  return [
    `Lecture sweep (20 jobs, nz = 100), sequential, median of ${a.lecture[0].wall.samplesMs.length} (min-max):${a.pythonMs === null ? "" : ` the Python original ${a.pythonMs.toFixed(1)} ms`}`,
    ...a.lecture.map(
      (t) =>
        `  ${t.method.padEnd(4)} ${t.rhs.padEnd(6)} ${t.wall.medianMs.toFixed(1).padStart(7)} ms (${t.wall.minMs.toFixed(1)}-${t.wall.maxMs.toFixed(1)}), ${t.rhsEvals} RHS evaluations` +
        (a.pythonMs === null ? "" : `, ${(t.wall.medianMs / a.pythonMs).toFixed(2)}x Python`),
    ),
    ...(a.pythonMs !== null && a.pythonPooledMs !== null
      ? [
          `The Python original on Pool(2).imap(chunksize=2): ${a.pythonPooledMs.toFixed(1)} ms, ${(a.pythonMs / a.pythonPooledMs).toFixed(2)}x its own loop (pool start included)` +
            (warm === undefined ? "" : `; sweeplab's warm pool of 2: ${warm.toFixed(2)}x its loop`),
        ]
      : []),
    `One job, r = 1.2, nz = ${a.big.nz}, linear, RK45: ${(a.big.solveMs / 1000).toFixed(2)} s, peak RSS ${(a.big.maxRssBytes / 2 ** 20).toFixed(0)} MiB (a fresh process)`,
  ];
}

/** The algorithm section of `sweeplab bench` (issue 10). */
export const algorithmSection = section<AlgorithmBench>({
  key: "algorithm",
  title: () =>
    "algorithm: the lecture sweep per method and rhs, sequential, beside the Python original; one large job with the linear RHS",
  run: ({ quick, repeats, log }: BenchContext) => algorithmBench({ quick, repeats, log }),
  summary: (a, ctx) => algorithmLines(a, ctx.results.lecturePool),
  targets: (a, ctx) => algorithmTargets(a, (met) => (ctx.quick ? null : met)),
});
