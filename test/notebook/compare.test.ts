import assert from "node:assert/strict";
import { mkdtempSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { comparisonRuns } from "../../dist/lessons.js";
import { loadComparison } from "../../dist/index.js";

test("comparisonRuns writes a sequential run and one per worker count that loadComparison reads as one series", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "sweeplab-compare-"));
  try {
    const runs = await comparisonRuns(dir, { flags: ["--nz", "10", "--n-r", "4"], workers: [1, 2] });
    assert.deepEqual(
      runs.map((r) => path.basename(r.out)),
      ["sequential", "workers-1", "workers-2"],
    );
    for (const r of runs) assert.ok(existsSync(path.join(r.out, "run.json")), r.command);
    assert.match(runs[2].command, /^sweeplab sweep --nz 10 --n-r 4 --workers 2 --quiet --force --out /);
    const { series, skipped } = loadComparison(dir);
    assert.deepEqual(skipped, []);
    assert.equal(series.length, 1);
    assert.deepEqual(
      series[0].points.map((p) => p.workers),
      [1, 2],
    );
    assert.match(series[0].workload, /nz = 10, 4 jobs/);
    // running again replaces the runs (--force) instead of refusing
    await comparisonRuns(dir, { flags: ["--nz", "10", "--n-r", "4"], workers: [2] });
    assert.equal(loadComparison(dir).series.length, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("bad input names the option; a failing sweep shows the CLI's message", async () => {
  await assert.rejects(comparisonRuns("", {}), /`dir`/);
  await assert.rejects(comparisonRuns("x", { workers: [] }), /`workers`/);
  await assert.rejects(comparisonRuns("x", { workers: [0] }), /`workers`/);
  const dir = mkdtempSync(path.join(tmpdir(), "sweeplab-compare-"));
  try {
    await assert.rejects(
      comparisonRuns(dir, { flags: ["--nz", "0"] }),
      /sweeplab sweep --nz 0 --sequential.*failed: .*nz/s,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
