import * as fs from "node:fs";

/** The number of OS threads of this process (Linux: /proc/self/status). */
export function threadCount(): number {
  const match = /Threads:\s+(\d+)/.exec(fs.readFileSync("/proc/self/status", "utf8"));
  return match ? Number(match[1]) : NaN;
}

/** Waits until the thread count drops to `target` (terminated threads are reaped asynchronously). */
export async function settleThreads(target: number, timeoutMs = 2000): Promise<number> {
  const end = Date.now() + timeoutMs;
  let n = threadCount();
  while (n > target && Date.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    n = threadCount();
  }
  return n;
}
