/**
 * `pool.imap` and `pool.imapUnordered`: Python's `Pool.imap` / `Pool.imap_unordered` as async
 * iterators over an open pool, built on the pool's own run (no second scheduler). The run starts
 * when the iterator is made; results wait in a buffer until the loop takes them. A job that fails
 * surfaces as its error where its result would have come; leaving the loop early (`break`, or
 * that error) stops the rest of the run and keeps the pool's idle workers for the next sweep.
 */
import { UsageError } from "../core/errors.js";
import { type OptionKeys, describe } from "../core/check.js";
import { type JobKind, checkJobKind, checkPayloads } from "./jobs.js";
import { type PoolOptions, type ResolvedPoolOptions, checkPoolOptions, resolvePoolOptions } from "./options.js";
import type { PoolRun } from "./runner.js";

/** The options of `pool.imap` / `pool.imapUnordered`. */
export interface ImapOptions extends Pick<
  PoolOptions,
  "order" | "inflight" | "shared" | "r" | "onJob" | "signal" | "timeoutMs"
> {
  /** Jobs per dispatch, 1..jobs. @default 1, as in Python's `imap` */
  chunksize?: number;
}

export const imapOptionKeys = {
  chunksize: true,
  order: true,
  inflight: true,
  shared: true,
  r: true,
  onJob: true,
  signal: true,
  timeoutMs: true,
} as const satisfies OptionKeys<ImapOptions>;

/** What the iterator needs of the pool: a run it can stop early, keeping the idle workers. */
export interface IterablePool {
  readonly workers: number;
  readonly closed: boolean;
  run<R>(
    kind: JobKind,
    payloads: readonly unknown[],
    options: ResolvedPoolOptions,
    started?: (stop: (reason: string, keep: boolean) => Promise<void>) => void,
  ): Promise<PoolRun<R>>;
}

type Item<R> = { value: R } | { error: Error };

/** Checks the arguments of `pool.imap` / `pool.imapUnordered` at once, and starts the run. */
export function poolIterator<R>(
  pool: IterablePool,
  kind: JobKind,
  payloads: readonly unknown[],
  options: ImapOptions,
  ordered: boolean,
): AsyncIterableIterator<R> {
  const name = ordered ? "pool.imap" : "pool.imapUnordered";
  checkJobKind(kind);
  if (!Array.isArray(payloads)) {
    throw new UsageError(
      `\`payloads\` must be an array with one value per job, got ${describe(payloads)}: e.g. ${name}("spin", [5, 5, 5])`,
      "payloads",
    );
  }
  checkPoolOptions(options, imapOptionKeys, name);
  checkPayloads(kind, payloads);
  const iterator = new RunIterator<R>();
  const resolved: ResolvedPoolOptions = {
    ...resolvePoolOptions(payloads.length, {
      ...options,
      chunksize: options.chunksize ?? 1,
      pool,
      collectErrors: true,
    }),
    release: { ordered, deliver: (_, value, error) => iterator.push(error ? { error } : { value: value as R }) },
  };
  iterator.start((started) => pool.run<R>(kind, payloads, resolved, started));
  return iterator;
}

/** The iterator over one run's buffered results (see poolIterator). */
class RunIterator<R> implements AsyncIterableIterator<R> {
  private readonly buffer: (Item<R> | undefined)[] = [];
  private head = 0;
  private done = false;
  private settled = false;
  private failure?: Error;
  private wake?: () => void;
  private stopRun?: (reason: string, keep: boolean) => Promise<void>;
  private running: Promise<void> = Promise.resolve();

  start(run: (started: (stop: (reason: string, keep: boolean) => Promise<void>) => void) => Promise<unknown>): void {
    const settle = (failure?: unknown) => {
      this.settled = true;
      if (failure !== undefined) this.failure = failure instanceof Error ? failure : new Error(String(failure));
      this.wake?.();
    };
    this.running = run((stop) => (this.stopRun = stop)).then(() => settle(), settle);
  }

  /** A result (or a job's error) for the loop, in the order the run releases them. */
  push(item: Item<R>): void {
    this.buffer.push(item);
    this.wake?.();
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<R> {
    return this;
  }

  async next(): Promise<IteratorResult<R, undefined>> {
    for (;;) {
      if (this.done) return { value: undefined, done: true };
      if (this.head < this.buffer.length) {
        const item = this.buffer[this.head] as Item<R>;
        this.buffer[this.head++] = undefined;
        if ("value" in item) return { value: item.value, done: false };
        await this.end();
        throw item.error;
      }
      if (this.settled) {
        this.done = true;
        if (this.failure) throw this.failure;
        continue;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }

  /** The loop ended early (`break`, `return`, a throw in its body): the rest of the run stops. */
  async return(): Promise<IteratorResult<R, undefined>> {
    await this.end();
    return { value: undefined, done: true };
  }

  /** Stops the run unless it is over (its idle workers stay with the pool) and waits for its end. */
  private async end(): Promise<void> {
    this.done = true;
    if (!this.settled) await this.stopRun?.("the loop over the results ended before the last one", true);
    await this.running;
  }
}
