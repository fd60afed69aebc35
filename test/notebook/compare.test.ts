import assert from "node:assert/strict";
import { mkdtempSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { compareVerdict, comparisonRuns } from "../../dist/lessons.js";
import { comparePlot, loadComparison } from "../../dist/lab.js";

test("comparisonRuns writes a sequential run and one per worker count that loadComparison reads as one series", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "sweeplab-compare-"));
  try {
    const runs = await comparisonRuns(dir, { flags: ["--nz", "10", "--n-r", "4"], workers: [1, 2] });
    assert.deepEqual(
      runs.map((r) => path.basename(r.out)),
      ["sequential", "workers-1", "workers-2"],
    );
    for (const r of runs) assert.ok(existsSync(path.join(r.out, "run.json")), r.command);
    assert.match(runs[2].command, /^npx sweeplab sweep --nz 10 --n-r 4 --workers 2 --quiet --force --out /);
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
    pairing: "cold against cold",
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

/** A series of `jobs` jobs taking `sequentialMs` in the loop, a pool of 1 at `oneMs` and a pool of 2 at `speedup`. */
const costed = (workload: string, sequentialMs: number, oneMs: number, speedup: number) => ({
  label: "m",
  host: "m",
  cpuModel: "c",
  cores: 2,
  workload,
  source: workload,
  pairing: "cold against cold",
  sequentialMs,
  points: [
    { workers: 1, wallMs: oneMs, speedup: sequentialMs / oneMs, efficiency: sequentialMs / oneMs },
    { workers: 2, wallMs: sequentialMs / speedup, speedup, efficiency: speedup / 2 },
  ],
});
const quiet = { loadAverage: 0.2, cores: 2 };

test("compareVerdict's reason comes from the series: work per job and the pool's own cost", () => {
  const short = costed("nz = 100, 20 jobs", 200, 320, 0.9);
  const long = costed("nz = 100, 20 jobs, tScale 10", 2000, 2150, 1.7);
  const usual = compareVerdict([short, long], 2, quiet);
  assert.match(usual, /The best was nz = 100, 20 jobs, tScale 10 \(85% efficiency\)\./);
  assert.match(
    usual,
    /nz = 100, 20 jobs: 10(\.0)? ms per job in the loop, its pool of 1 took 120 ms longer than the loop; nz = 100, 20 jobs, tScale 10: 100 ms per job in the loop, its pool of 1 took 150 ms longer than the loop\./,
  );
  assert.match(usual, /The sweep with the most work per job \(10\.0x the least\) scaled best/);
  // the case: the short sweep won narrowly while the long one had ten times the work per job
  const flipped = compareVerdict(
    [costed("nz = 100, 20 jobs", 200, 320, 1.01), costed("nz = 100, 20 jobs, tScale 10", 2000, 2150, 0.68)],
    2,
    quiet,
  );
  assert.match(flipped, /The best was nz = 100, 20 jobs \(51% efficiency\)/);
  assert.doesNotMatch(flipped, /outweighed|scaled best:/);
  assert.match(
    flipped,
    /The sweep with the most work per job \(nz = 100, 20 jobs, tScale 10, 10\.0x the least\) did not scale best: work per job does not explain this run/,
  );
});

test("comparePlot: no 1x label on the plot, where the series end; the subtitle names the rule", () => {
  const spec = JSON.stringify(comparePlot([costed("nz = 100, 20 jobs", 200, 320, 1.0)]));
  assert.doesNotMatch(spec, /"label":"1x"/);
  assert.match(spec, /dashed: 1x, as fast as sequential/);
});
