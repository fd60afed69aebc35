/** The machine a measurement was taken on, written beside every timing and run. */
import * as os from "node:os";
import type { Machine } from "./types.js";

/**
 * The machine this process runs on, to write beside every timing.
 *
 * @example
 * machine(); // { cpuModel: "AMD EPYC 7763 64-Core Processor", cores: 2, node: "v20.20.2", ... }
 */
export function machine(): Machine {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() || "unknown",
    // availableParallelism respects CPU affinity / cgroup limits; older Node lacks it.
    cores: os.availableParallelism?.() ?? cpus.length,
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    totalMemoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadAverage: Math.round(os.loadavg()[0] * 100) / 100,
  };
}
