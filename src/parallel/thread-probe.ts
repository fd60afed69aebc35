/**
 * Counting this process's OS threads (Linux: /proc/self/status): each worker thread is one more,
 * so a pool that was not terminated shows as threads above the count before it started.
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

/**
 * The thread count once it has stopped changing for `quietMs` (at most `timeoutMs`): a baseline
 * to compare against later. Read straight after a pool has ended, `threadCount()` may still count
 * threads of that pool that the OS has not reaped yet; a later count then comes out lower, which
 * is no leak.
 *
 * @example
 * const before = await settledThreadCount(); // the pool of the previous cell is fully gone
 */
export async function settledThreadCount(quietMs = 50, timeoutMs = 2000): Promise<number | undefined> {
  let n = threadCount();
  if (n === undefined) return n;
  const end = Date.now() + timeoutMs;
  let since = Date.now();
  while (Date.now() - since < quietMs && Date.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const next = threadCount();
    if (next !== n) since = Date.now();
    n = next;
  }
  return n;
}
