/**
 * DIR/.lock (src/cli/lock.ts): of processes that find the same stale lock at the same moment,
 * exactly one takes it over. Each round starts 4 processes that wait for a common instant, then
 * try to take the lock and hold it for 300 ms.
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

function contender(dir: string, at: number): Promise<string> {
  const script = `
    const { lockRunDir } = require(${JSON.stringify(lockModule)});
    while (Date.now() < ${at});
    try {
      const release = lockRunDir(${JSON.stringify(dir)}, () => undefined);
      console.log("got");
      setTimeout(release, 300);
    } catch (e) {
      console.log(e.name === "UsageError" && /is in use by another sweep/.test(e.message) ? "busy" : "error: " + e.message);
    }`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d));
    child.on("exit", () => resolve(out.trim()));
  });
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
      const outcomes = await Promise.all([0, 1, 2, 3].map(() => contender(dir, at)));
      assert.equal(outcomes.filter((o) => o === "got").length, 1, `round ${round}: ${outcomes.join(", ")}`);
      assert.ok(
        outcomes.every((o) => o === "got" || o === "busy"),
        outcomes.join(", "),
      );
      assert.deepEqual(fs.readdirSync(dir), [], "no lock or claim file left behind");
    }
  },
);
