/**
 * Every place sweeplab relies on threads.js (pinned at exactly 1.7.0 in package.json) beyond its
 * documented API, in one file. `threadsCompatProblems()` checks each assumption against the
 * installed copy; test/parallel/threads-compat.test.ts fails with its list if an upgrade breaks one.
 *
 * 1. Its SIGINT/SIGTERM handlers call `process.exit` (a Jupyter "interrupt kernel" would kill the
 *    kernel): `removeThreadsExitHandlers` takes them off, recognised by their source.
 * 2. `spawn` waits on a 10 s timer that nothing clears when the worker dies first:
 *    `spawnWhenReady` waits for the "init" message itself and replays it to `spawn`.
 * 3. It keeps every Worker it created in a module-level list: `terminateThread` removes our
 *    listeners so a terminated worker holds no results.
 * 4. Jobs do not go through `thread.run` (threads.js posts 3 messages per call and its `Pool.queue`
 *    waits on a timer per task): the pool talks to its workers on the same port with messages
 *    that have no `type` field, which threads.js ignores on both sides (`isDirectMessage`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { ResourceLimits, Worker as NodeWorker } from "node:worker_threads";
import type { Thread, Worker } from "threads";

/**
 * threads.js's main-thread side, loaded on first use: the worker script needs only the
 * worker-side helpers below, and loading threads.js's master code would add ~30 ms to every
 * worker's start-up.
 */
function threads(): typeof import("threads") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("threads") as typeof import("threads");
}

/** The threads.js version these workarounds were written against (package.json pins it). */
export const threadsVersion = "1.7.0";

/**
 * Starts a worker thread running ./worker.js. The path is relative to this compiled file:
 * threads.js resolves a relative path against the first stack frame outside itself, which is this
 * module whether the caller is a script, the CLI or a notebook cell.
 */
export function createWorker(resourceLimits?: ResourceLimits): { worker: Worker; events: NodeWorker } {
  const worker = new (threads().Worker)("./worker.js", { resourceLimits });
  removeThreadsExitHandlers();
  // threads.js types its Worker as the browser's; on Node it is a worker_threads Worker.
  return { worker, events: worker as unknown as NodeWorker };
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

/**
 * Waits for the worker's first message, threads.js's "init", and only then lets threads.js
 * `spawn` see it (replayed). `spawn` itself would wait on a 10 s timer that nothing clears when
 * the worker dies first, keeping the process alive long after the sweep has failed.
 */
export function spawnWhenReady<T extends Thread>(worker: Worker): Promise<T> {
  const events = worker as unknown as NodeWorker;
  return new Promise<unknown>((resolve, reject) => {
    const onMessage = (data: unknown) => {
      if ((data as { type?: unknown } | null)?.type !== "init") return;
      events.off("message", onMessage).off("exit", onExit);
      resolve(data);
    };
    const onExit = (code: number) => {
      events.off("message", onMessage);
      reject(new Error(`the worker exited with code ${code} before it was ready`));
    };
    events.on("message", onMessage).once("exit", onExit);
  }).then((init) => {
    const spawning = threads().spawn(worker);
    events.emit("message", init);
    return spawning as unknown as Promise<T>;
  });
}

/** Terminates a worker (through threads.js once spawned) and drops our listeners from it. */
export function terminateThread(worker: Worker, thread: Thread | undefined): Promise<void> {
  const stopping = thread ? threads().Thread.terminate(thread) : worker.terminate();
  // threads.js keeps every Worker it created in a module-level list for its exit handler; with
  // our listeners removed, a terminated worker no longer holds on to a run's results.
  return Promise.resolve(stopping).then(
    () => void (worker as unknown as NodeWorker).removeAllListeners(),
    () => undefined,
  );
}

/** A message of the pool's own protocol: no `type` field, so threads.js passes over it. */
export function isDirectMessage(data: unknown): data is { sweeplab: string } {
  return typeof data === "object" && data !== null && "sweeplab" in data && !("type" in data);
}

/**
 * What the workarounds above need from the installed threads.js, each as a sentence naming what
 * is missing; empty when all is there.
 */
export function threadsCompatProblems(): string[] {
  // threads.js exports no package.json: its main file is dist/index.js
  const root = path.dirname(path.dirname(require.resolve("threads")));
  const read = (file: string) => fs.readFileSync(path.join(root, "dist", file), "utf8");
  const version = (JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version: string }).version;
  const problems: string[] = [];
  const need = (ok: boolean, what: string) => ok || problems.push(what);
  need(
    version === threadsVersion,
    `threads is ${version}, not ${threadsVersion}: pin it back or re-check every workaround here`,
  );
  const master = read("master/implementation.node.js");
  need(
    /process\.on\("SIGINT"/.test(master),
    "threads.js no longer installs a SIGINT handler: removeThreadsExitHandlers finds nothing to remove",
  );
  need(
    master.includes("terminateWorkersAndMaster"),
    "threads.js's exit handler is no longer named terminateWorkersAndMaster: removeThreadsExitHandlers would miss it and SIGINT would call process.exit",
  );
  const worker = read("worker/index.js");
  need(
    /isMasterJobRunMessage = \(thing\) => thing && thing\.type === /.test(worker),
    "threads.js's worker no longer recognises its messages by `type`: the pool's own messages (no `type`) might be taken for its jobs",
  );
  const messages = read("types/messages.js");
  need(
    messages.includes('WorkerMessageType["init"] = "init"'),
    'threads.js\'s worker no longer announces itself with a message of type "init": spawnWhenReady would wait forever',
  );
  need(
    read("master/spawn.js").includes("receiveInitMessage"),
    "threads.js's spawn no longer waits for an init message: spawnWhenReady's replay would be lost",
  );
  return problems;
}
