/**
 * The bench's algorithm section: the lecture sweep per integrator and right-hand side, the kit's
 * defaults in a fresh process (as `sweeplab sweep` runs it) and warm, nz = 200, all beside the
 * Python original timed in the same run; and one nz = 100,000 job with the linear right-hand side.
 * Every row names the method it ran. Targets are reported, never asserted.
 */
import {
  type Algorithm,
  type BigJob,
  type FreshSweep,
  type LectureSweepTiming,
  bigJob,
  freshSweeps,
  lectureSweeps,
} from "../measure/algorithm.js";
import { runPythonSweep } from "../measure/python.js";
import { solveDefaults } from "../physics/solve.js";
import { type BenchContext, section } from "./bench-section.js";

/** The kit's defaults: what a student's first sweep runs. */
const defaults: Algorithm = { method: solveDefaults.method, rhs: solveDefaults.rhs };

export interface AlgorithmBench {
  lecture: LectureSweepTiming[];
  /** The defaults, each repeat a fresh `sweeplab sweep --sequential` process; and with --rhs linear. */
  fresh: FreshSweep;
  freshLinear: FreshSweep;
  /** The defaults at nz = 200 (the lecture's other parameters, 20 jobs), warm. */
  nz200: LectureSweepTiming;
  /** The Python original's sequential lecture sweep (ms), from the same run; null where not measured. */
  pythonMs: number | null;
  /** The Python original's `Pool(2).imap(chunksize=2)` sweep (ms, pool start included), same run; null where not measured. */
  pythonPooledMs: number | null;
  /** The Python original's sequential sweep at nz = 200 (ms), same run; null where not measured. */
  python200Ms: number | null;
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

/** The Python original's sequential sweep at nz = 200 (ms), or null where it does not run. */
async function python200(repeats: number): Promise<number | null> {
  const run = await runPythonSweep({ workload: { nz: 200 }, sequential: true, repeats });
  return run.status === "ok" ? run.report.sequential.medianMs : null;
}

const label = (a: Algorithm) => `${a.method}, ${a.rhs}`;

/** Runs the section: some seconds (fresh processes, and the nz = 100,000 job in its own process). */
export async function algorithmBench({
  quick,
  repeats,
  log,
}: {
  quick: boolean;
  repeats: number;
  log: (line: string) => void;
}): Promise<AlgorithmBench> {
  const n = quick ? 1 : Math.max(repeats, 5);
  const lecture = await lectureSweeps({ repeats: n, log });
  const fresh = freshSweeps({ repeats: n });
  const freshLinear = freshSweeps({ repeats: n, flags: ["--rhs", "linear"] });
  for (const f of [fresh, freshLinear])
    log(
      `${label(f)}, a fresh process: the sweep ${f.wall.medianMs.toFixed(1)} ms, the process ${f.process.medianMs.toFixed(0)} ms`,
    );
  const [nz200] = await lectureSweeps({ repeats: n, workload: { nz: 200 }, forms: [defaults] });
  log(`${label(nz200)}, nz = 200, warm: ${nz200.wall.medianMs.toFixed(1)} ms`);
  const python = await pythonLectureMs(n);
  const python200Ms = python.ms === null ? null : await python200(n);
  log(
    python.ms === null
      ? python.note
      : `the Python original: ${python.ms.toFixed(1)} ms` +
          (python.pooledMs === null ? "" : `, on Pool(2).imap(chunksize=2) ${python.pooledMs.toFixed(1)} ms`) +
          (python200Ms === null ? "" : `; at nz = 200 ${python200Ms.toFixed(1)} ms`),
  );
  const big = bigJob(quick ? 20_000 : 100_000);
  log(
    `one job, r = 1.2, nz = ${big.nz}, linear, RK45: ${(big.solveMs / 1000).toFixed(2)} s, peak RSS ${(big.maxRssBytes / 2 ** 20).toFixed(0)} MiB`,
  );
  return {
    ...{ lecture, fresh, freshLinear, nz200, big },
    ...{ pythonMs: python.ms, pythonPooledMs: python.pooledMs, python200Ms, pythonNote: python.note },
  };
}

/** The section's targets; `judged` turns a verdict into null under --quick. */
export function algorithmTargets(a: AlgorithmBench, judged: (met: boolean) => boolean | null): AlgorithmTarget[] {
  const warm = a.lecture.find((t) => t.method === defaults.method && t.rhs === defaults.rhs)?.wall.medianMs ?? NaN;
  const versus = (target: string, kitMs: number, pythonMs: number | null, bound: number): AlgorithmTarget =>
    pythonMs === null
      ? { target, kitMs, pythonMs: null, met: null, note: a.pythonNote || "the Python original did not run" }
      : { target, kitMs, pythonMs, ratio: kitMs / pythonMs, met: judged(kitMs / pythonMs <= bound) };
  return [
    versus(
      `lecture sweep, sequential, the defaults (${label(a.fresh)}), in a fresh process: <= 1.0x the Python original's time`,
      a.fresh.wall.medianMs,
      a.pythonMs,
      1.0,
    ),
    versus(
      `the same, warm (${label(defaults)}, median in one process): <= 0.7x the Python original's time`,
      warm,
      a.pythonMs,
      0.7,
    ),
    versus(
      `nz = 200, 20 jobs, sequential, the defaults (${label(a.nz200)}), warm: <= 1.0x the Python original at nz = 200`,
      a.nz200.wall.medianMs,
      a.python200Ms,
      1.0,
    ),
    versus(
      `the same with --rhs linear (${label(a.freshLinear)}), in a fresh process: <= 0.3x the Python original's time`,
      a.freshLinear.wall.medianMs,
      a.pythonMs,
      0.3,
    ),
    {
      target: `one job at r = 1.2, nz = ${a.big.nz}, linear: <= 10 s and <= 1 GB`,
      solveMs: a.big.solveMs,
      maxRssBytes: a.big.maxRssBytes,
      met: judged(a.big.solveMs <= 10_000 && a.big.maxRssBytes <= 1e9),
    },
  ];
}

/** One summary row: ms (min-max), and the ratio to the Python figure where there is one. */
function row(name: string, wall: { medianMs: number; minMs: number; maxMs: number }, pythonMs: number | null): string {
  return (
    `  ${name.padEnd(38)} ${wall.medianMs.toFixed(1).padStart(7)} ms (${wall.minMs.toFixed(1)}-${wall.maxMs.toFixed(1)})` +
    (pythonMs === null ? "" : `, ${(wall.medianMs / pythonMs).toFixed(2)}x Python`)
  );
}

/** The section's lines in the bench's summary. */
export function algorithmLines(a: AlgorithmBench, lecturePool?: unknown): string[] {
  // the kit's warm-pool ratio from the lecture pool section, run earlier in the same bench
  const warm = (lecturePool as { speedup?: { warm?: number } } | undefined)?.speedup?.warm;
  return [
    `Lecture sweep (20 jobs, nz = 100), sequential, median of ${a.lecture[0].wall.samplesMs.length} (min-max):${a.pythonMs === null ? "" : ` the Python original ${a.pythonMs.toFixed(1)} ms`}`,
    row(`${label(a.fresh)}, fresh process (default)`, a.fresh.wall, a.pythonMs),
    row(`${label(a.freshLinear)}, fresh process`, a.freshLinear.wall, a.pythonMs),
    ...a.lecture.map(
      (t) =>
        `${row(`${label(t)}, warm${t.method === defaults.method && t.rhs === defaults.rhs ? " (default)" : ""}`, t.wall, a.pythonMs)}, ${t.rhsEvals} RHS evaluations`,
    ),
    `  a fresh process, start to exit: ${a.fresh.process.medianMs.toFixed(0)} ms (the default), ${a.freshLinear.process.medianMs.toFixed(0)} ms (--rhs linear)`,
    `nz = 200, sequential:${a.python200Ms === null ? "" : ` the Python original ${a.python200Ms.toFixed(1)} ms`}`,
    row(`${label(a.nz200)}, warm (default)`, a.nz200.wall, a.python200Ms),
    ...(a.pythonMs !== null && a.pythonPooledMs !== null
      ? [
          `The Python original on Pool(2).imap(chunksize=2): ${a.pythonPooledMs.toFixed(1)} ms, ${(a.pythonMs / a.pythonPooledMs).toFixed(2)}x its own loop (pool start included)` +
            (warm === undefined ? "" : `; sweeplab's warm pool of 2: ${warm.toFixed(2)}x its warmed loop`),
        ]
      : []),
    `One job, r = 1.2, nz = ${a.big.nz}, linear, RK45: ${(a.big.solveMs / 1000).toFixed(2)} s, peak RSS ${(a.big.maxRssBytes / 2 ** 20).toFixed(0)} MiB (a fresh process)`,
  ];
}

/** The algorithm section of `sweeplab bench`. */
export const algorithmSection = section<AlgorithmBench>({
  key: "algorithm",
  title: () =>
    "algorithm: the lecture sweep per method and rhs, fresh and warm, and at nz = 200, beside the Python original; one large job with the linear RHS",
  run: ({ quick, repeats, log }: BenchContext) => algorithmBench({ quick, repeats, log }),
  summary: (a, ctx) => algorithmLines(a, ctx.results.lecturePool),
  targets: (a, ctx) => algorithmTargets(a, (met) => (ctx.quick ? null : met)),
});
