/** The machine a measurement was taken on, written beside every timing and run. */
import * as os from "node:os";
import { UsageError } from "./errors.js";
import type { Machine } from "./types.js";

/** Most cores SWEEPLAB_CORES may claim: more than any node the kit is taught on. */
const maxClaimedCores = 1024;

/**
 * The number of cores the kit believes this process may use: `SWEEPLAB_CORES` when it is set (so
 * a test run or CI can take the paths of a big machine, e.g. SWEEPLAB_CORES=16 on a laptop:
 * default worker counts, where workers compile, notebook 04's widths), else the cores the process
 * may use (`os.availableParallelism()`, which follows CPU affinity and cgroup limits). The
 * override changes decisions only: it does not make the machine faster, and timings taken under
 * it are this machine's.
 *
 * @example
 * kitCores({ SWEEPLAB_CORES: "16" }); // 16, whatever the machine
 * kitCores({});                       // e.g. 2 on a 2-core laptop
 */
export function kitCores(env: NodeJS.ProcessEnv = process.env): number {
  const claimed = env.SWEEPLAB_CORES;
  if (claimed !== undefined && claimed !== "") {
    const n = Number(claimed);
    if (!/^\s*\d+\s*$/.test(claimed) || !Number.isInteger(n) || n < 1 || n > maxClaimedCores) {
      throw new UsageError(
        `environment variable SWEEPLAB_CORES must be a whole number of cores from 1 to ${maxClaimedCores}, got ${JSON.stringify(claimed)}: e.g. SWEEPLAB_CORES=16 to take a 16-core machine's paths, or unset it to use this machine's ${realCores()}`,
        "SWEEPLAB_CORES",
      );
    }
    return n;
  }
  return realCores();
}

/** The cores this process may use, whatever SWEEPLAB_CORES says. */
export function realCores(): number {
  // availableParallelism respects CPU affinity / cgroup limits; older Node lacks it.
  return typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
}

/**
 * The machine this process runs on, to write beside every timing. `cores` is what the process may
 * really use, whatever SWEEPLAB_CORES says: a record of where a timing was taken must not claim a
 * 16-core machine for a laptop that took the 16-core paths (`kitCores` gives those).
 *
 * @example
 * machine(); // { cpuModel: "AMD EPYC 7763 64-Core Processor", cores: 2, node: "v20.20.2", ... }
 */
export function machine(): Machine {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() || "unknown",
    cores: realCores(),
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    totalMemoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadAverage: Math.round(os.loadavg()[0] * 100) / 100,
  };
}
