/**
 * DIR/.lock (src/cli/lock.ts): of processes that find the same stale lock at the same moment,
 * exactly one takes it over. Each round starts 4 processes that wait for a common instant, then
 * try to take the lock; the one that got it holds it until all four have tried.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";

const lockModule = path.join(__dirname, "..", "..", "dist", "cli", "lock.js");

/** A pid that no longer runs: a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "console.log(process.pid)"], { encoding: "utf8" });
  return Number(child.stdout.trim());
}

/**
 * A process that waits for the instant `at`, tries to take the lock and prints "got" or "busy".
 * One that got it holds it until its stdin closes, which the test does only once every contender
 * has printed: on a loaded machine a late starter then still meets the held lock (the condition),
 * instead of a lock released after a fixed time.
 */
function contender(dir: string, at: number): { outcome: Promise<string>; exited: Promise<void>; release(): void } {
  const script = `
    const { lockRunDir } = require(${JSON.stringify(lockModule)});
    while (Date.now() < ${at});
    try {
      const release = lockRunDir(${JSON.stringify(dir)}, () => undefined);
      console.log("got");
      process.stdin.on("end", release).resume();
    } catch (e) {
      console.log(e.name === "UsageError" && /is in use by another sweep/.test(e.message) ? "busy" : "error: " + e.message);
    }`;
  const child = spawn(process.execPath, ["-e", script], { stdio: ["pipe", "pipe", "inherit"] });
  let out = "";
  const outcome = new Promise<string>((resolve) => {
    child.stdout.on("data", (d: Buffer) => {
      out += d;
      if (out.includes("\n")) resolve(out.trim());
    });
    child.on("exit", () => resolve(out.trim()));
  });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  return { outcome, exited, release: () => child.stdin.end() };
}

test(
  "two (or four) processes taking over the same stale lock at once: exactly one gets it",
  { timeout: 120_000 },
  async () => {
    const pid = deadPid();
    for (let round = 0; round < 8; round++) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sweeplab-lock-"));
      const stale = { pid, hostname: os.hostname(), startedAt: "2020-01-01T00:00:00.000Z" };
      fs.writeFileSync(path.join(dir, ".lock"), JSON.stringify(stale) + "\n");
      const at = Date.now() + 600; // all four have started by then
      const contenders = [0, 1, 2, 3].map(() => contender(dir, at));
      const outcomes = await Promise.all(contenders.map((c) => c.outcome));
      for (const c of contenders) c.release();
      await Promise.all(contenders.map((c) => c.exited));
      assert.equal(outcomes.filter((o) => o === "got").length, 1, `round ${round}: ${outcomes.join(", ")}`);
      assert.ok(
        outcomes.every((o) => o === "got" || o === "busy"),
        outcomes.join(", "),
      );
      assert.deepEqual(fs.readdirSync(dir), [], "no lock or claim file left behind");
    }
  },
);
