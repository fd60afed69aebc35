/**
 * The memory guard of a pooled dense sweep. Each worker holds its own copy of the two nz x nz
 * coupling matrices (16 nz^2 bytes), the main thread holds one, and one more is in flight while
 * they are sent; each worker also has its own heap and code. Measured (peak RSS above the process's
 * start): at nz = 4000 (256 MiB of matrices) 0.84 / 1.13 / 1.82 GB on 1 / 2 / 4 workers, at
 * nz = 11585 8.5 GB on 2 workers, at nz = 3000 (144 MB) 0.45 / 0.63 / 1.01 GB on 1 / 2 / 4: about
 * (workers + 2) copies plus some 30-60 MB per worker on Node 20 and up to ~90 MB on Node 24 (745 MB
 * at nz = 3000 on 2). The guard counts (workers + 2) copies and 128 MiB per worker, and refuses a sweep over half the machine's memory before anything starts:
 * past it, the machine swaps or the kernel kills the process (in a notebook, the kernel dies).
 */
import * as os from "node:os";
import { UsageError } from "../core/errors.js";

/** The share of the machine's memory (os.totalmem) a sweep's matrices may take, every copy counted. */
export const denseMemoryShare = 0.5;

/** Bytes a pooled dense sweep of `nz` atoms on `workers` workers holds in matrices at its peak. */
export function denseSweepBytes(nz: number, workers: number): number {
  return 16 * nz * nz * (workers + 2) + workers * workerHeapBytes;
}

/** What a worker holds besides the matrices: its own heap, code and solver arrays. */
export const workerHeapBytes = 128 * 2 ** 20;

/** How a message names the options: the API's (`workers`, rhs: "linear") or the CLI's flags. */
export interface MemoryNames {
  workers: string;
  linear: string;
}

const apiNames: MemoryNames = { workers: "workers", linear: 'rhs: "linear"' };

/**
 * Refuses a pooled sweep whose matrix copies would take more than `denseMemoryShare` of
 * `totalBytes` (a UsageError naming the figures and the fix). The linear right-hand side holds no
 * matrix: it always passes.
 */
export function checkDenseMemory(
  nz: number,
  rhs: string,
  workers: number,
  totalBytes = os.totalmem(),
  names: MemoryNames = apiNames,
): void {
  if (rhs !== "dense" || !Number.isInteger(nz) || !Number.isInteger(workers) || workers < 1) return;
  const need = denseSweepBytes(nz, workers);
  const limit = denseMemoryShare * totalBytes;
  if (need <= limit) return;
  const gib = (bytes: number) => (bytes / 2 ** 30).toFixed(bytes < 2 ** 30 ? 2 : 1);
  const fits = Math.floor((limit - 32 * nz * nz) / (16 * nz * nz + workerHeapBytes));
  const fewer =
    fits >= 1
      ? `run on at most ${fits} worker${fits === 1 ? "" : "s"} (${names.workers}${names.workers.startsWith("--") ? " " : ": "}${fits}), or use `
      : "use ";
  throw new UsageError(
    `\`${names.workers}\` of ${workers} would take about ${gib(need)} GiB (nz = ${nz}: two nz x nz matrices of ${gib(16 * nz * nz)} GiB in each worker, in the main thread and in transit, and ${workerHeapBytes / 2 ** 20} MiB per worker), over half this machine's ${gib(totalBytes)} GiB of memory: ${fewer}the linear right-hand side (${names.linear}), which holds no matrix`,
    names.workers,
  );
}
