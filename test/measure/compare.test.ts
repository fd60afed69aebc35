import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { comparisonTable, loadComparison } from "../../dist/measure/compare.js";
import { machine, scaling } from "../plots/plot-data.js";

const bin = path.join(__dirname, "..", "..", "bin", "sweeplab.js");
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: "utf8" });

/** A folder with a classmate's bench.json (fixed numbers) and three sweep runs made here. */
function classFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sweeplab-compare-"));
  fs.mkdirSync(path.join(dir, "classmate"));
  const bench = {
    machine: { ...machine, cores: 16 },
    hostname: "node07",
    workload: { name: "heavy", nz: 200, nR: 20, tScale: 100 },
    scaling,
    complete: true,
  };
  fs.writeFileSync(path.join(dir, "classmate", "bench.json"), JSON.stringify(bench));
  const small = ["--nz", "12", "--n-r", "6", "--quiet"];
  for (const [name, how] of [
    ["seq", ["--sequential"]],
    ["w1", ["--workers", "1"]],
    ["w2", ["--workers", "2"]],
  ] as const) {
    assert.equal(run("sweep", ...small, ...how, "--out", path.join(dir, "mine", name)).status, 0);
  }
  assert.equal(run("sweep", ...small, "--shard", "0/2", "--out", path.join(dir, "mine", "a-shard")).status, 0);
  return dir;
}

test("loadComparison: a bench.json and sweep runs of one machine make one series each, against their own sequential run", () => {
  const dir = classFolder();
  const { series, skipped } = loadComparison(dir);
  assert.equal(series.length, 2);
  const [bench, mine] = [series.find((s) => s.host === "node07")!, series.find((s) => s.host === os.hostname())!];
  assert.equal(bench.label, `node07, ${machine.cpuModel}, 16 cores`);
  assert.equal(bench.workload, "heavy, nz = 200, 20 jobs");
  assert.deepEqual(
    bench.points.map((p) => p.workers),
    scaling.points.map((p) => p.workers),
  );
  assert.equal(mine.workload, "nz = 12, 6 jobs");
  assert.deepEqual(
    mine.points.map((p) => p.workers),
    [1, 2],
  );
  // both sides cold (each run a fresh process), the loop credited at most the pool's own job time
  assert.match(mine.pairing, /^cold against cold: each run a fresh process/);
  assert.equal(bench.pairing, scaling.pairing);
  for (const p of mine.points) {
    assert.ok(p.speedup > 0 && p.speedup <= p.workers, `${p.speedup} on ${p.workers}`);
    assert.ok(p.speedup <= mine.sequentialMs / p.wallMs + 1e-12);
    assert.equal(p.efficiency, p.speedup / p.workers);
  }
  assert.match(skipped.map((s) => s.reason).join("\n"), /a shard \(part of a sweep\)/);
  const table = comparisonTable(series);
  assert.match(table, /^machine +workload +workers +wall +seq\/wall +speedup +efficiency$/m);
  assert.match(table, /node07, .*, 16 cores +heavy, nz = 200, 20 jobs +seq/);
  assert.match(table, /Each speedup sets a pool against a loop in the same state:\n {2}cold against cold/);
});

test("loadComparison: an older bench.json (its loop warm in the bench's process) is made fair from its job records, or left out", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sweeplab-compare-old-"));
  const { pairing: _pairing, ...older } = scaling;
  // the loop's 3702 ms against 2 workers whose jobs took 1500 ms in all, in a run of 1000 ms: raw 3.7x
  const jobs = [
    { start: 100, end: 800 },
    { start: 100, end: 900 },
  ];
  const points = [{ ...older.points[1], wall: { ...older.points[1].wall, medianMs: 1000 }, speedup: 3.7 }];
  const write = (name: string, s: object) => {
    fs.mkdirSync(path.join(dir, name));
    const bench = { machine, hostname: name, workload: { name: "heavy", nz: 200, nR: 20, tScale: 100 }, scaling: s };
    fs.writeFileSync(path.join(dir, name, "bench.json"), JSON.stringify(bench));
  };
  write("with-jobs", { ...older, points, timelines: [{ workers: 2, jobs, wallMs: 1000 }] });
  write("without", { ...older, points });
  const { series, skipped } = loadComparison(dir);
  assert.equal(series.length, 1);
  assert.equal(series[0].points[0].speedup, 1.5, "credited the pool's own 1500 ms of jobs, not the loop's 3702");
  assert.match(series[0].pairing, /an older bench/);
  assert.match(skipped[0].reason, /older bench.json without each width's job records.*run sweeplab bench again/);
});

test("sweeplab compare writes the table, compare.svg, compare.vl.json and compare.json; nothing to compare exits 2", () => {
  const dir = classFolder();
  const out = path.join(dir, "out");
  const res = run("compare", "--out", out, path.join(dir, "classmate"), path.join(dir, "mine"));
  assert.equal(res.status, 0, res.stderr);
  assert.match(res.stdout, /left out .*a-shard\/run\.json: a shard/);
  assert.ok(fs.readFileSync(path.join(out, "compare.svg"), "utf8").startsWith("<svg"));
  assert.equal(JSON.parse(fs.readFileSync(path.join(out, "compare.vl.json"), "utf8")).hconcat.length, 2);
  assert.equal(JSON.parse(fs.readFileSync(path.join(out, "compare.json"), "utf8")).series.length, 2);
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), "sweeplab-compare-empty-"));
  const none = run("compare", "--out", path.join(empty, "out"), empty);
  assert.equal(none.status, 2);
  assert.match(none.stderr, /found nothing to compare under .*: run sweeplab bench --out DIR on each machine/);
  assert.equal(fs.existsSync(path.join(empty, "out")), false);
  assert.match(run("compare").stderr, /needs the folders to compare/);
  assert.match(run("compare", "/nonexistent/x").stderr, /`\/nonexistent\/x` does not exist/);
});
