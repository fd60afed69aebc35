import assert from "node:assert/strict";
import { mkdtempSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { compareVerdict, comparisonRuns } from "../../dist/lessons.js";
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

test("compareVerdict computes its sentence from the series, under the busy banner when the machine was busy", () => {
  const s = (workload: string, speedup: number) => ({
    label: "m",
    host: "m",
    cpuModel: "c",
    cores: 2,
    workload,
    source: "x",
    sequentialMs: 100,
    points: [
      { workers: 1, wallMs: 100, speedup: 1, efficiency: 1 },
      { workers: 2, wallMs: 100 / speedup, speedup, efficiency: speedup / 2 },
    ],
  });
  const good = compareVerdict([s("short", 0.8), s("long", 1.6)], 2, { loadAverage: 0.2, cores: 2 });
  assert.match(good, /^Speedup on 2 workers.*short on m: \*\*0.80x\*\*; long on m: \*\*1.60x\*\*/);
  assert.match(good, /The best was long \(80% efficiency\)/);
  const busy = compareVerdict([s("short", 0.6)], 2, { loadAverage: 6.1, cores: 2 });
  assert.match(busy, /^> \*\*Busy machine/);
  assert.match(busy, /None reached 1x on 2 workers.*6\.1 on 2 cores/s);
  assert.doesNotMatch(compareVerdict([s("short", 0.6)], 2, { loadAverage: 0.5, cores: 2 }), /Busy machine/);
  assert.match(compareVerdict([s("short", 0.6)], 4), /No series has a run on 4 workers/);
});
