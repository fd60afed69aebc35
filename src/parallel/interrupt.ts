/**
 * Interrupts: Ctrl-C in a terminal, "interrupt kernel" in Jupyter (both a SIGINT), or a REPL's
 * own Ctrl-C. threads.js answers SIGINT with `process.exit(0)`, which would kill a notebook
 * kernel; sweeplab removes that handler and instead stops every running pool, so the caller's
 * sweep rejects with a `SweepInterruptedError` and the process lives on.
 */

/** Anything that can be stopped: a running pool. */
export interface Stoppable {
  stop(reason: string): void;
}

const active = new Set<Stoppable>();
let listening = false;
let scheduled = false;

const onSignal = (signal: NodeJS.Signals) => interruptAll(signal);

/** Stops every running pool (each rejects with a SweepInterruptedError). Returns how many. */
export function interruptAll(reason = "interrupted"): number {
  const pools = [...active];
  for (const pool of pools) pool.stop(reason);
  return pools.length;
}

/** Number of pools running right now (0 once every sweep has returned). */
export function activePools(): number {
  return active.size;
}

/**
 * Brings the process's SIGINT listeners in line with the running pools, one event-loop turn
 * later. Deferred on purpose: while a tslab cell's synchronous code runs, Node has taken every
 * SIGINT listener off (`breakOnSigint`) and puts them back afterwards; a listener added inside
 * that window leaves SIGINT's default action (death) armed until the next cell, and threads.js's
 * `process.exit` handler would look absent and so survive.
 */
function scheduleSync(): void {
  if (scheduled) return;
  scheduled = true;
  setImmediate(() => {
    scheduled = false;
    removeThreadsExitHandlers();
    if (active.size > 0 && !listening) {
      process.on("SIGINT", onSignal);
      listening = true;
    } else if (active.size === 0 && listening) {
      process.off("SIGINT", onSignal);
      listening = false;
    }
  });
}

/**
 * Registers a running pool. While at least one runs, SIGINT stops the pools instead of ending
 * the process; once none runs, the process's own SIGINT behaviour is back.
 */
export function register(pool: Stoppable): () => void {
  active.add(pool);
  scheduleSync();
  return () => {
    active.delete(pool);
    scheduleSync();
  };
}

/**
 * Removes the SIGINT/SIGTERM handlers threads.js installs when its first Worker is created
 * (they terminate every worker and then call `process.exit`). Recognised by their source, so
 * handlers anyone else installed are left alone.
 */
export function removeThreadsExitHandlers(): void {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    for (const listener of process.listeners(signal)) {
      if (String(listener).includes("terminateWorkersAndMaster")) process.off(signal, listener);
    }
  }
}
