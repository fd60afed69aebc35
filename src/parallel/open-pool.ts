/**
 * A pool that outlives one sweep: the lecture's `with mp.Pool(processes=n) as pool:` block.
 * Its workers start once (and, with `warm: true`, run the lecture's solve until it is compiled,
 * and before each sweep of a configuration not seen yet, one of that sweep's own jobs: see
 * warm-up.ts); any number of sweeps then run on it, one at a time, until
 * `close()`. Between sweeps its idle workers do not keep the process alive, an interrupt
 * ("interrupt kernel", Ctrl-C) closes it, and a worker that died in between is replaced by a
 * fresh one at the next sweep.
 */
import type { ResourceLimits } from "node:worker_threads";
import { SweepInterruptedError, UsageError, WorkerDiedError, withPartial } from "../core/errors.js";
import { type OptionKeys, assertFlag, checkOptions } from "../core/check.js";
import { registerPool } from "./interrupt.js";
import { setWorkerCompileMode } from "./jit.js";
import type { JobKind } from "./jobs.js";
import {
  type PoolHandle,
  type ResolvedPoolOptions,
  checkResourceLimits,
  closedPoolError,
  checkWorkers,
  defaultWorkers,
} from "./options.js";
import { type PoolRun, type SlotHost, PoolRunner } from "./runner.js";
import { SharedValues } from "./shared-values.js";
import { type ImapOptions, poolIterator } from "./imap.js";
import { packJobs } from "../physics/pack.js";
import { buildSweep } from "../physics/workloads.js";
import { WorkerSlot, asError, deathDetail, wallNow } from "./worker-slot.js";
import { configKey, warmUpJob } from "./warm-up.js";

export interface OpenPoolOptions {
  /** Worker threads, 1..256. @default the number of cores */
  workers?: number;
  /**
   * Warm workers: each runs the lecture's solve as it opens, and before a sweep of another
   * configuration (method, right-hand side, size, options) one of that sweep's own jobs, until its
   * time stops falling; that time is kept apart from the sweep's (`warmupMs`). @default false
   */
  warm?: boolean;
  /** Memory limits of each worker thread (Node's `resourceLimits`). */
  resourceLimits?: ResourceLimits;
  /**
   * Close every pool opened earlier and still open, first: re-running a notebook cell that opens
   * a pool replaces the old one instead of leaving its threads behind. `false` keeps them (two
   * pools side by side). @default true
   */
  exclusive?: boolean;
}

export const openPoolOptionKeys = {
  workers: true,
  warm: true,
  resourceLimits: true,
  exclusive: true,
} as const satisfies OptionKeys<OpenPoolOptions>;

/** An open pool: pass it as `{ pool }` to runSweep, parallelSolveOmega or runPool. */
export interface Pool extends PoolHandle {
  /** Its worker threads. */
  readonly workers: number;
  /** Opened with `warm: true`. */
  readonly warm: boolean;
  /** Closed: by close(), an interrupt, or a newer exclusive openPool. */
  readonly closed: boolean;
  /** Time openPool took to start (and warm) the workers (ms). */
  readonly startupMs: number;
  /** Time spent warming workers on sweeps' own configurations before their timed part, all sweeps so far (ms). */
  readonly warmupMs: number;
  /** Pools this one closed as it opened (`exclusive`): 1 when a re-run cell replaced its old pool. */
  readonly closedEarlier: number;
  /** Sweeps run on it so far. */
  readonly sweeps: number;
  /** Times a sweep's `shared` value (e.g. Dnm and Gnm with `shareMatrices`) was sent to a worker: once per worker while it stays the same. */
  readonly sharedSends: number;
  /** Terminates its workers; resolves when their threads are gone. Harmless when called again. */
  close(): Promise<void>;
  /**
   * Python's `pool.imap`: runs `payloads` as jobs of `kind` and yields each result in job order as
   * soon as it and every job before it are done. A failed job throws its JobError where its result
   * would come; `break` stops the rest of the run and the pool stays open.
   * @example
   * for await (const x of pool.imap("spin", [5, 5, 5], { chunksize: 1 })) console.log(x);
   */
  imap<R = unknown>(kind: JobKind, payloads: readonly unknown[], options?: ImapOptions): AsyncIterableIterator<R>;
  /** Python's `pool.imap_unordered`: as imap, but each result as soon as its job is done (finish order). */
  imapUnordered<R = unknown>(
    kind: JobKind,
    payloads: readonly unknown[],
    options?: ImapOptions,
  ): AsyncIterableIterator<R>;
}

const openPools = new Set<WorkerPool>();

/** The lecture's jobs (nz = 100): a warm pool warms on one as it opens. */
export function warmUpJobs(): unknown[] {
  const s = buildSweep({ nz: 100, nR: 3 });
  return packJobs(s.N, s.gamma, s.Dnm, s.Gnm, s.OmegaNValues, s.tSpan, s.y0, s.solveOptions);
}

/** Pools open right now (e.g. left by a cell run earlier). */
export function openPoolCount(): number {
  return openPools.size;
}

/** Closes every open pool; resolves to how many there were. */
export async function closeAllPools(): Promise<number> {
  const pools = [...openPools];
  await Promise.all(pools.map((pool) => pool.close()));
  return pools.length;
}

/**
 * Starts a pool of worker threads that stays up for any number of sweeps, until `close()`.
 * @example
 * const pool = await openPool({ workers: 2, warm: true });
 * try {
 *   const a = await runSweep("lecture", { pool, chunksize: 2 });
 *   const b = await runSweep("lecture", { pool, chunksize: 2 }); // same workers, Dnm/Gnm not sent again with shareMatrices
 * } finally {
 *   await pool.close();
 * }
 */
export async function openPool(options: OpenPoolOptions = {}): Promise<Pool> {
  checkOptions(options, openPoolOptionKeys, "openPool");
  const { workers = defaultWorkers(), warm = false, resourceLimits, exclusive = true } = options;
  checkWorkers(workers);
  assertFlag(options.warm, "warm");
  assertFlag(options.exclusive, "exclusive");
  if (resourceLimits !== undefined) checkResourceLimits(resourceLimits);
  const closedEarlier = exclusive ? await closeAllPools() : 0;
  const pool = new WorkerPool(workers, warm, resourceLimits, closedEarlier);
  await pool.start();
  return pool;
}

/** The pool behind openPool, and behind runPool's one-call form (a pool for one run). */
export class WorkerPool implements Pool, SlotHost {
  closed = false;
  startupMs = 0;
  warmupMs = 0;
  sweeps = 0;
  private readonly slots: WorkerSlot[] = [];
  /** Every worker it ever started, replaced ones included. */
  private readonly started: WorkerSlot[] = [];
  private readonly shared = new SharedValues();
  /** The sweep running, or "warming" while its workers warm up before it. */
  private running?: PoolRunner<unknown> | "warming";
  private unregister?: () => void;
  private closing?: Promise<void>;
  private closeReason = "the pool was closed";

  constructor(
    readonly workers: number,
    readonly warm: boolean,
    readonly resourceLimits: ResourceLimits | undefined,
    readonly closedEarlier = 0,
    /** Kept across sweeps (openPool): registered for interrupts, idle workers let the process exit. */
    private readonly lasting = true,
  ) {}

  /** Starts every worker (and warms it); a worker that dies meanwhile closes the pool and rejects. */
  async start(): Promise<void> {
    const t0 = wallNow();
    if (this.lasting) {
      openPools.add(this);
      this.unregister = registerPool({ stop: (reason) => void this.close(reason) });
    }
    const slots = Array.from({ length: this.workers }, (_, id) => this.slotFor(id));
    // the lecture's jobs, built once for every worker to warm on
    const warmUp = this.warm ? warmUpJobs() : undefined;
    try {
      await Promise.all(slots.map((slot) => this.ready(slot, warmUp)));
    } catch (error) {
      await this.close();
      throw error;
    }
    this.startupMs = wallNow() - t0;
    this.hold(false);
  }

  /** One worker spawned (and warmed on `warmUp`): a death while starting is a WorkerDiedError. */
  private async ready(slot: WorkerSlot, warmUp?: unknown[]): Promise<void> {
    try {
      await slot.spawned;
      if (warmUp) {
        await this.warmSlot(
          slot,
          configKey("solve", warmUp[0], undefined) as string,
          warmUpJob("solve", warmUp, undefined),
        );
      }
    } catch (error) {
      if (this.closed) throw new UsageError("the pool was closed while it started: open it again", "pool");
      if (!slot.exited) throw asError(error);
      const { detail, hint } = deathDetail(
        slot.lastError,
        slot.exitCode ?? 1,
        false,
        this.resourceLimits?.maxOldGenerationSizeMb,
      );
      throw new WorkerDiedError(slot.id, detail, [], undefined, hint);
    }
  }

  slotFor(id: number): WorkerSlot {
    const slot = this.slots[id];
    if (slot?.usable) return slot;
    return this.startSlot(id);
  }

  replace(id: number): WorkerSlot {
    void this.slots[id]?.terminate();
    return this.startSlot(id);
  }

  private startSlot(id: number): WorkerSlot {
    setWorkerCompileMode(this.workers);
    const slot = new WorkerSlot(id, this.resourceLimits);
    this.started.push(slot);
    return (this.slots[id] = slot);
  }

  get sharedSends(): number {
    return this.started.reduce((sum, slot) => sum + slot.sharedSends, 0);
  }

  generationOf(shared: unknown): number {
    return this.shared.generationOf(shared);
  }

  /** Runs one sweep on this pool (options resolved by the caller, `workers` at most the pool's). */
  async run<R>(
    kind: JobKind,
    payloads: readonly unknown[],
    options: ResolvedPoolOptions,
    started?: (stop: (reason: string, keep: boolean) => Promise<void>) => void,
  ): Promise<PoolRun<R>> {
    if (this.closed) throw closedPoolError();
    if (this.running) {
      throw new UsageError(
        "`pool` is running another sweep: await it before starting the next, or open a second pool with openPool({ exclusive: false })",
        "pool",
      );
    }
    this.hold(true);
    this.running = "warming";
    const warmupMs = await this.warmFor(kind, payloads, options).finally(() => (this.running = undefined));
    // closed (an interrupt, close()) while its workers warmed up: the sweep ran no job
    if (this.closed) {
      const none = () => new Array<undefined>(payloads.length).fill(undefined);
      throw withPartial(new SweepInterruptedError(this.closeReason, 0, payloads.length), {
        results: none(),
        jobs: none(),
      });
    }
    const runner = new PoolRunner<R>(kind, payloads, options, this);
    this.running = runner as PoolRunner<unknown>;
    started?.((reason, keep) => runner.stop(reason, keep));
    this.sweeps++;
    try {
      return { ...(await runner.run()), warmupMs };
    } finally {
      this.running = undefined;
      this.hold(false);
    }
  }

  /**
   * A warm pool, before a sweep: warms each of the sweep's workers not yet warmed on its
   * configuration (see warm-up.ts) and returns the time it took (0: nothing to warm). A run with a
   * time limit per job is not warmed (its jobs may be the ones that never end). A warm-up that
   * fails is left for the sweep itself to meet and report.
   */
  private async warmFor(kind: JobKind, payloads: readonly unknown[], options: ResolvedPoolOptions): Promise<number> {
    if (!this.warm || options.timeoutMs !== Infinity || payloads.length === 0) return 0;
    const key = configKey(kind, payloads[0], options.shared);
    const job = warmUpJob(kind, payloads, options.shared);
    if (key === undefined || job === undefined) return 0;
    const cold = Array.from({ length: options.workers }, (_, id) => this.slotFor(id)).filter((s) => !s.warmed.has(key));
    if (cold.length === 0) return 0;
    const t0 = wallNow();
    await Promise.all(cold.map((slot) => this.warmSlot(slot, key, job).catch(() => undefined)));
    const ms = wallNow() - t0;
    this.warmupMs += ms;
    return ms;
  }

  /** Warms one worker on a job of configuration `key` (see warm-up.ts) and notes it warmed. */
  private async warmSlot(slot: WorkerSlot, key: string, job: unknown): Promise<void> {
    await slot.warm("solve", job);
    slot.warmed.add(key);
  }

  imap<R = unknown>(kind: JobKind, payloads: readonly unknown[], options: ImapOptions = {}): AsyncIterableIterator<R> {
    return poolIterator<R>(this, kind, payloads, options, true);
  }

  imapUnordered<R = unknown>(
    kind: JobKind,
    payloads: readonly unknown[],
    options: ImapOptions = {},
  ): AsyncIterableIterator<R> {
    return poolIterator<R>(this, kind, payloads, options, false);
  }

  /** Terminates every worker; a sweep still running rejects with a SweepInterruptedError. */
  close(reason = "the pool was closed"): Promise<void> {
    if (this.closing) return this.closing;
    this.closed = true;
    this.closeReason = reason;
    openPools.delete(this);
    this.unregister?.();
    // a sweep running hands over the jobs its workers finished before they are terminated
    const flushing = (this.running !== "warming" && this.running?.stop(reason)) || Promise.resolve();
    this.closing = flushing.then(() => Promise.all(this.slots.map((slot) => slot.terminate()))).then(() => undefined);
    return this.closing;
  }

  /** While a sweep runs its workers keep the process alive; between sweeps (an open pool) they do not. */
  private hold(running: boolean): void {
    if (!this.lasting) return;
    for (const slot of this.slots) slot?.ref(running);
  }
}
