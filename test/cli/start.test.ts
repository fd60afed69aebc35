/**
 * `sweeplab start` (npm start): a pool is set against a loop in the same state, the output says
 * which is which, and no ratio it prints can exceed the worker count nor any cost be negative,
 * also with a core kept busy by another process. No timing is asserted: only what the numbers may
 * never be, whatever the machine.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { checkStartFolder, verdict } from "../../dist/cli/start.js";

const bin = path.join(__dirname, "..", "..", "bin", "sweeplab.js");
const DEADLINE = { timeout: 300_000 };

/** Runs the CLI to its end; resolves to its exit code, stdout and stderr. */
function sweeplab(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Every ratio ("1.23x") printed on a line that reports a measurement, and every number of the breakdown table. */
function readings(stdout: string): { ratios: number[]; costs: number[] } {
  const lines = stdout.split("\n");
  const ratios = lines
    .filter((line) => /speedup|took/.test(line))
    .flatMap((line) => [...line.matchAll(/(-?[0-9.]+)x\b/g)].map((m) => Number(m[1])))
    .filter((r) => Number.isFinite(r));
  const first = lines.findIndex((line) => /^\s+part\s/.test(line));
  assert.ok(first > 0, `no breakdown table in:\n${stdout}`);
  const table = lines.slice(first + 2).filter((line) => /^\s{2}\S/.test(line) && !/vs the loop/.test(line));
  const end = table.findIndex((line) => !/\d\s*$/.test(line));
  const costs = (end < 0 ? table : table.slice(0, end)).flatMap((line) =>
    [...line.matchAll(/\s(-?[0-9][0-9.e+-]*)(?=\s|$)/g)].map((m) => Number(m[1])),
  );
  return { ratios, costs };
}

test("verdict: one rule, about even within 5% of the loop either way", () => {
  assert.match(verdict(0.97, 2), /^about even with the loop/);
  assert.match(verdict(1.01, 2), /^about even with the loop/);
  assert.match(verdict(0.9, 2), /^slower than the loop/);
  assert.equal(verdict(1.5, 2), "faster than the loop, 75% of the ideal 2x");
});

test(
  "start under load: no ratio above the worker count, no negative cost; the output says which run is which",
  DEADLINE,
  async () => {
    // one core kept busy by another process for the whole run
    const spinner = spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" });
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "sweeplab-start-"));
    try {
      const workers = 2;
      const res = await sweeplab(["start", "--workers", String(workers), "--out", out]);
      assert.equal(res.code, 0, res.stderr);
      const { ratios, costs } = readings(res.stdout);
      assert.ok(ratios.length >= 5, res.stdout);
      for (const r of ratios) assert.ok(r >= 0, `a negative ratio ${r}:\n${res.stdout}`);
      const speedups = res.stdout
        .split("\n")
        .filter((line) => /speedup/.test(line))
        .flatMap((line) => [...line.replace(/.*speedup/, "").matchAll(/([0-9.]+)x\b/g)].map((m) => Number(m[1])));
      assert.ok(speedups.length >= 4, res.stdout);
      for (const s of speedups) assert.ok(s <= workers, `a speedup of ${s} on ${workers} workers:\n${res.stdout}`);
      assert.ok(costs.length >= 12, `breakdown numbers: ${costs}\n${res.stdout}`);
      for (const c of costs) assert.ok(c >= 0, `a negative cost ${c}:\n${res.stdout}`);
      // which is which: the cold loop against the cold pool, the warmed loop against the warm pool
      for (const label of [/loop, cold process/, /cold pool of 2/, /loop, warmed/, /warm pool of 2/])
        assert.match(res.stdout, label);
      // each progress block is announced as the loop or the pool before it starts
      const loop = res.stderr.indexOf("the loop (sequential)");
      const cold = res.stderr.indexOf("a cold pool of 2");
      assert.ok(loop >= 0 && cold > loop, res.stderr);
      assert.ok(res.stderr.indexOf("Solving ODE sweep") > loop, res.stderr);
      assert.ok(res.stderr.indexOf("Solving ODE sweep", cold) > cold, res.stderr);
      // its figures, and the mark that lets the next start replace its output
      const figures = JSON.parse(fs.readFileSync(path.join(out, "start.json"), "utf8"));
      assert.equal(figures.workers, workers);
      assert.ok(figures.coldSpeedup <= workers && figures.warm.speedup.medianMs <= workers);
    } finally {
      spinner.kill();
      fs.rmSync(out, { recursive: true, force: true });
    }
  },
);

test(
  "start keeps a run it did not write: exit 2 and nothing written without --force; its own earlier output is replaced",
  DEADLINE,
  async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sweeplab-start-keep-"));
    try {
      const made = await sweeplab([
        "sweep",
        "--nz",
        "4",
        "--n-r",
        "3",
        "--quiet",
        "--out",
        path.join(dir, "lecture-pooled"),
      ]);
      assert.equal(made.code, 0, made.stderr);
      const before = fs.readFileSync(path.join(dir, "lecture-pooled", "summary.csv"), "utf8");
      const refused = await sweeplab(["start", "--quiet", "--out", dir]);
      assert.equal(refused.code, 2, refused.stderr);
      assert.match(refused.stderr, /holds a run at lecture-pooled that sweeplab start did not write: pass --force/);
      assert.deepEqual(fs.readdirSync(dir), ["lecture-pooled"]);
      assert.equal(fs.readFileSync(path.join(dir, "lecture-pooled", "summary.csv"), "utf8"), before);
      // an earlier start's output (marked by its start.json) is its own to replace
      fs.writeFileSync(path.join(dir, "start.json"), "{}\n");
      assert.deepEqual(checkStartFolder(dir, false), ["lecture-pooled"]);
      fs.rmSync(path.join(dir, "start.json"));
      assert.deepEqual(checkStartFolder(dir, true), ["lecture-pooled"]);
      assert.throws(() => checkStartFolder(dir, false), /pass --force/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);
