/**
 * A worker reports tiny jobs in batches, yet a Ctrl-C or a SIGTERM loses no job
 * it finished. Each worker writes the index of every job it finishes to a side file
 * (SWEEPLAB_FINISHED_LOG, see src/parallel/worker.ts) before it reports it; after the signal every
 * index in that file must be in jobs.jsonl.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";

const bin = path.join(__dirname, "..", "..", "bin", "sweeplab.js");
const tiny = ["--nz", "2", "--n-r", "4000", "--chunksize", "1", "--workers", "2", "--quiet"];

const lines = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim().split("\n") : []);

/** Runs the tiny sweep, sends `signal` once `after` jobs are on disk; the exit code and what each side saw. */
async function interrupted(signal: NodeJS.Signals, after: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sweeplab-flush-"));
  const out = path.join(dir, "run");
  const log = path.join(dir, "finished.log");
  fs.writeFileSync(log, "");
  const child = spawn(process.execPath, [bin, "sweep", ...tiny, "--out", out], {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, SWEEPLAB_FINISHED_LOG: log },
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const journal = path.join(out, "jobs.jsonl");
  for (let k = 0; k < 2000 && lines(journal).length <= after; k++) await new Promise((r) => setTimeout(r, 5));
  child.kill(signal);
  const code = await exited;
  const finished = lines(log).map(Number);
  const journaled = new Set(
    lines(journal)
      .slice(1)
      .map((line) => (JSON.parse(line) as { index: number }).index),
  );
  return { code, stderr, finished, journaled };
}

for (const [signal, code] of [
  ["SIGINT", 130],
  ["SIGTERM", 143],
] as const) {
  test(`${signal} mid-run: every tiny job a worker finished is in jobs.jsonl`, { timeout: 120_000 }, async () => {
    for (const after of [200, 1000, 2000]) {
      const run = await interrupted(signal, after);
      assert.equal(run.code, code, run.stderr);
      assert.ok(run.finished.length > after, `the workers finished jobs (${run.finished.length})`);
      assert.ok(run.finished.length < 4000, `the run was stopped before its end (${run.finished.length} of 4000 done)`);
      const lost = run.finished.filter((index) => !run.journaled.has(index));
      assert.deepEqual(lost, [], `stopped after ${after} jobs: finished in a worker but not in jobs.jsonl`);
      assert.equal(run.journaled.size, run.finished.length, "jobs.jsonl holds only finished jobs");
    }
  });
}
