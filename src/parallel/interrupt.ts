/**
 * Interrupts: Ctrl-C in a terminal, "interrupt kernel" in Jupyter (both a SIGINT), or a REPL's
 * own Ctrl-C. threads.js answers SIGINT with `process.exit(0)`, which would kill a notebook
 * kernel; sweeplab removes that handler (threads-compat.ts) and instead stops every running
 * sweep and closes every open pool, so the caller's sweep rejects with a `SweepInterruptedError`
 * and the process lives on.
 */
import { removeThreadsExitHandlers } from "./threads-compat.js";

/** Anything that can be stopped: a running sweep, or an open pool (which then closes). */
export interface Stoppable {
  stop(reason: string): void;
}

const active = new Set<Stoppable>();
const open = new Set<Stoppable>();
let listening = false;
let scheduled = false;
/** What to hold while a sweep runs (see `holdWhileSweeping`), and the releases of what is held now. */
const holds = new Set<() => () => void>();
let releases: (() => void)[] = [];

const onSignal = (signal: NodeJS.Signals) => interruptAll(signal);

/** Stops every running sweep (each rejects with a SweepInterruptedError) and closes every open pool. Returns how many sweeps it stopped. */
export function interruptAll(reason = "interrupted"): number {
  const sweeps = [...active];
  for (const sweep of sweeps) sweep.stop(reason);
  for (const pool of [...open]) pool.stop(reason);
  return sweeps.length;
}

/** Number of sweeps running on a pool right now (0 once every sweep has returned). */
export function activePools(): number {
  return active.size;
}

/**
 * Brings the process's SIGINT listeners in line with the running sweeps and open pools, one
 * event-loop turn later. Deferred on purpose: while a tslab cell's synchronous code runs, Node
 * has taken every SIGINT listener off (`breakOnSigint`) and puts them back afterwards; a listener
 * added inside that window leaves SIGINT's default action (death) armed until the next cell, and
 * threads.js's `process.exit` handler would look absent and so survive.
 */
function scheduleSync(): void {
  if (scheduled) return;
  scheduled = true;
  setImmediate(() => {
    scheduled = false;
    removeThreadsExitHandlers();
    const wanted = active.size + open.size > 0;
    if (wanted && !listening) {
      process.on("SIGINT", onSignal);
      listening = true;
    } else if (!wanted && listening) {
      process.off("SIGINT", onSignal);
      listening = false;
    }
    if (active.size > 0 && releases.length === 0) releases = [...holds].map((hold) => hold());
    else if (active.size === 0) for (const release of releases.splice(0)) release();
  });
}

/**
 * Registers something to hold while at least one sweep runs: `hold()` is called (one event-loop
 * turn after the first sweep starts, outside a notebook cell's synchronous part) and the function
 * it returns once the last sweep has ended. The notebook layer holds tslab's own SIGINT listener
 * this way, so "interrupt kernel" during a plain `runSweep` stops the pool and fails the cell with
 * the kit's SweepInterruptedError instead of tslab's "Interrupted asynchronously" and a stack. An
 * open pool with no sweep running holds nothing: an interrupt then reaches whatever cell runs.
 * Returns the function that unregisters it.
 */
export function holdWhileSweeping(hold: () => () => void): () => void {
  holds.add(hold);
  return () => void holds.delete(hold);
}

/**
 * Registers a running sweep. While at least one runs (or a pool is open), SIGINT stops the sweeps
 * instead of ending the process; once none runs, the process's own SIGINT behaviour is back.
 */
export function register(sweep: Stoppable): () => void {
  return track(active, sweep);
}

/** Registers an open pool: SIGINT closes it. Returns the function that unregisters it. */
export function registerPool(pool: Stoppable): () => void {
  return track(open, pool);
}

function track(set: Set<Stoppable>, item: Stoppable): () => void {
  set.add(item);
  scheduleSync();
  return () => {
    set.delete(item);
    scheduleSync();
  };
}

export { removeThreadsExitHandlers };
