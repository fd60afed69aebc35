/** What a section of `sweeplab bench` is (see bench-sections.ts for the list). */
import type { TopLevelSpec } from "vega-lite";
import type { Workload } from "../physics/workloads.js";

export interface BenchContext {
  /** The workload's name and its (possibly --quick-shrunk) parameters. */
  name: string;
  w: Workload;
  /** Worker counts of the scaling run, and the largest. */
  workers: number[];
  maxWorkers: number;
  chunksizes: number[];
  repeats: number;
  quick: boolean;
  log: (line: string) => void;
  /** The results of the sections run so far, by key. */
  results: Record<string, unknown>;
}

/** A target, reported never asserted: its figures, and met (null: not judged, under --quick). */
export interface Target {
  target: string;
  met: boolean | null;
  [figure: string]: unknown;
}

export interface BenchSection<T = unknown> {
  /** Its key in bench.json. */
  key: string;
  title(ctx: BenchContext): string;
  run(ctx: BenchContext): Promise<T>;
  plots?(result: T, ctx: BenchContext): Record<string, TopLevelSpec>;
  /** Its figures, printed with `--details` (and kept in bench.json). */
  summary?(result: T, ctx: BenchContext): string[];
  /** A line or two for the student's summary printed first (and bench.json's `summary`): plain words, no jargon. */
  headline?(result: T, ctx: BenchContext): string[];
  targets?(result: T, ctx: BenchContext): Target[];
}

/** A section with its result type checked, stored in the list as a plain BenchSection. */
export const section = <T>(s: BenchSection<T>): BenchSection => s as unknown as BenchSection;

/** `met`, or null under --quick (a smaller workload and one repeat judge nothing). */
export const judged = (ctx: BenchContext, met: boolean): boolean | null => (ctx.quick ? null : met);
