/**
 * `sweeplab bench` stopped by Ctrl-C (SIGINT to the bench process alone, as `kill -INT` sends it)
 * during its CLI-overhead section: the sweeps it started are stopped, their scratch folder removed,
 * stderr says so, and the bench exits 130. A sweep of that section is frozen (SIGSTOP) the moment
 * it is seen, so it is still running when the signal comes, however fast the machine.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";

const bin = path.join(__dirname, "..", "..", "bin", "sweeplab.js");

const childrenOf = (pid: number): number[] => {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
};
const argsOf = (pid: number): string[] => {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
  } catch {
    return [];
  }
};
const alive = (pid: number) =>
  fs.existsSync(`/proc/${pid}`) && !/\) Z /.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));

test(
  "bench stopped during its CLI-overhead section stops its sweeps, removes their folder, says so and exits 130",
  { timeout: 600_000, skip: process.platform === "linux" ? false : "reads /proc" },
  async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "sweeplab-bench-int-"));
    const argv = [bin, "bench", "--nz", "12", "--n-r", "6", "--workers", "1,2", "--chunksize", "1,3", "--quick"];
    const bench = spawn(process.execPath, [...argv, "--out", out], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    bench.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => bench.on("close", (code) => resolve(code)));
    try {
      let sweep: number | undefined;
      while (sweep === undefined) {
        assert.equal(bench.exitCode, null, `bench ended before its CLI-overhead section:\n${stderr}`);
        sweep = childrenOf(bench.pid!).find((pid) => argsOf(pid).some((a) => a.includes("sweeplab-bench-cli-")));
        if (sweep === undefined) await sleep(2);
      }
      process.kill(sweep, "SIGSTOP");
      const scratch = path.dirname(argsOf(sweep).find((a) => a.includes("sweeplab-bench-cli-"))!);
      assert.ok(fs.existsSync(scratch), scratch);
      bench.kill("SIGINT");
      process.kill(sweep, "SIGCONT");
      assert.equal(await exited, 130, stderr);
      assert.match(stderr, /stopped \(SIGINT\); removed its scratch runs in /);
      assert.ok(!fs.existsSync(scratch), `${scratch} is left behind`);
      assert.ok(!alive(sweep), `its sweep ${sweep} still runs`);
    } finally {
      bench.kill("SIGKILL");
      fs.rmSync(out, { recursive: true, force: true });
    }
  },
);
