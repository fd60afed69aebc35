/**
 * Thread probes for notebook 05 and the tests: how many OS threads this process has. They move to
 * src/parallel/thread-probe.ts with the pool's split (issue 11); this file then re-exports them.
 */
import * as fs from "node:fs";

/**
 * OS threads of this process (Linux: /proc/self/status), or undefined elsewhere. Each worker
 * thread is one more; a pool that was not terminated keeps its threads.
 *
 * @example
 * threadCount(); // e.g. 11 in a fresh kernel
 */
export function threadCount(): number | undefined {
  try {
    const match = /Threads:\s+(\d+)/.exec(fs.readFileSync("/proc/self/status", "utf8"));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Waits (up to `timeoutMs`) until the process has at most `target` threads, and returns the count:
 * the OS reaps a terminated thread a moment after it ends.
 *
 * @example
 * const before = threadCount();
 * await runPool("spin", [10, 10], { workers: 2 });
 * await waitForThreads(before); // === before: the pool's threads are gone
 */
export async function waitForThreads(target: number | undefined, timeoutMs = 2000): Promise<number | undefined> {
  let n = threadCount();
  if (n === undefined || target === undefined) return n;
  const end = Date.now() + timeoutMs;
  while (n !== undefined && n > target && Date.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    n = threadCount();
  }
  return n;
}
