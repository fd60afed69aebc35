/**
 * The dense memory guard (src/sweep/memory.ts) counts every copy of the matrices: checked against
 * the real peak of a pool at a size any machine affords (nz = 3000: 144 MB of matrices), and its
 * refusal seen through the CLI on a machine made to look small, before anything is written.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { checkDenseMemory, denseSweepBytes } from "../../dist/sweep/memory.js";
import { UsageError } from "../../dist/core/errors.js";

const dist = path.join(__dirname, "..", "..", "dist", "index.js");
const bin = path.join(__dirname, "..", "..", "bin", "sweeplab.js");
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "sweeplab-memory-"));

/** Peak RSS above the process's start, in bytes, of a pooled dense sweep (a short evolution: it is memory, not time, that is measured). */
function peakGrowth(nz: number, workers: number): number {
  const script = `
    const s = require(${JSON.stringify(dist)});
    const before = process.memoryUsage().rss;
    s.runSweep({ nz: ${nz}, nR: ${workers}, tScale: 0.001, nSamples: 1 }, { workers: ${workers}, chunksize: 1 })
      .then(() => console.log(process.resourceUsage().maxRSS * 1024 - before));`;
  const res = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
  assert.equal(res.status, 0, res.stderr);
  return Number(res.stdout.trim());
}

test("the guard's estimate covers a pool's real peak, without refusing sweeps far below it", (t) => {
  const nz = 3000;
  for (const workers of [1, 2]) {
    const real = peakGrowth(nz, workers);
    const estimate = denseSweepBytes(nz, workers);
    t.diagnostic(
      `nz = ${nz}, ${workers} worker(s): peak ${(real / 1e6).toFixed(0)} MB above the start, estimate ${(estimate / 1e6).toFixed(0)} MB`,
    );
    assert.ok(estimate >= real, `the estimate ${estimate} must cover the real peak ${real}`);
    assert.ok(estimate <= 1.6 * real, `the estimate ${estimate} is far above the real peak ${real}`);
  }
});

test("each worker counts: a sweep that fits on one worker is refused on many, naming the figures and the fix", () => {
  const gib = 2 ** 30;
  // nz = 8000: 0.95 GiB of matrices; half of 8 GiB holds 3 copies and a worker, not 6 copies and 4
  assert.doesNotThrow(() => checkDenseMemory(8000, "dense", 1, 8 * gib));
  assert.throws(
    () => checkDenseMemory(8000, "dense", 4, 8 * gib),
    (e: Error) =>
      e instanceof UsageError &&
      /^`workers` of 4 would take about 6\.2 GiB .* over half this machine's 8\.0 GiB of memory: run on at most 1 worker \(workers: 1\), or use the linear right-hand side \(rhs: "linear"\)/.test(
        e.message,
      ),
  );
  assert.doesNotThrow(
    () => checkDenseMemory(8000, "linear", 64, 8 * gib),
    "the linear right-hand side holds no matrix",
  );
});

test("the CLI refuses a dense sweep too large for the machine's memory before writing anything", () => {
  const dir = tmp();
  const small = path.join(dir, "small-machine.js");
  fs.writeFileSync(small, `require("node:os").totalmem = () => 2 ** 30;`);
  const out = path.join(dir, "run");
  const res = spawnSync(
    process.execPath,
    ["--require", small, bin, "sweep", "--nz", "4000", "--n-r", "4", "--workers", "2", "--out", out],
    { encoding: "utf8" },
  );
  assert.equal(res.status, 2, res.stderr);
  assert.match(
    res.stderr,
    /^sweeplab: `--workers` of 2 would take about 1\.2 GiB .* over half this machine's 1\.0 GiB of memory: use the linear right-hand side \(--rhs linear\), which holds no matrix$/m,
  );
  assert.equal(fs.existsSync(out), false);
});
