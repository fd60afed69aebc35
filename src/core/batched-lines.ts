/**
 * Text written in one piece per turn of the event loop. A pool's worker reports its tiny jobs
 * together, and the main thread hears of them in one message: one system call for all of their
 * journal lines (or progress lines) instead of one each. What is held back is written at the end of
 * the current turn (`setImmediate`), by `flush()` and `close()`, and when the process exits (one
 * `process.on("exit")` listener for every batch holding text: a crash or `process.exit` writes it
 * too). Only a SIGKILL, which runs no code, can lose it: the lines of the jobs heard of in that one
 * turn. An error of a write made at the end of a turn (a full disk) is thrown by the next `write`,
 * `flush` or `close`.
 */
export interface BatchedLines {
  /** Adds text (usually whole lines) to what the next write sends. */
  write(text: string): void;
  /** Writes what is held back now. */
  flush(): void;
  /** Writes what is held back; later writes go straight through. */
  close(): void;
}

/** The batches holding text now: the process's exit writes them. */
const holding = new Set<() => void>();
let exitListener = false;

function writeAllAtExit(): void {
  for (const flush of [...holding]) {
    try {
      flush();
    } catch {
      // the process is ending: nothing is left to tell
    }
  }
}

/** Holds text for `sink` and hands it over once per turn of the event loop. */
export function batchedLines(sink: (text: string) => void): BatchedLines {
  let held: string[] = [];
  let scheduled: NodeJS.Immediate | undefined;
  let closed = false;
  let failed: { error: unknown } | undefined;
  const rethrow = () => {
    if (!failed) return;
    const { error } = failed;
    failed = undefined;
    throw error;
  };
  const flush = () => {
    if (scheduled) clearImmediate(scheduled);
    scheduled = undefined;
    holding.delete(flush);
    rethrow();
    if (held.length === 0) return;
    const text = held.join("");
    held = [];
    sink(text);
  };
  const atTurnEnd = () => {
    try {
      flush();
    } catch (error) {
      failed = { error };
    }
  };
  return {
    write(text) {
      rethrow();
      if (closed) return sink(text);
      held.push(text);
      if (scheduled) return;
      scheduled = setImmediate(atTurnEnd);
      holding.add(flush);
      if (!exitListener) {
        exitListener = true;
        process.on("exit", writeAllAtExit);
      }
    },
    flush,
    close() {
      closed = true;
      flush();
    },
  };
}
