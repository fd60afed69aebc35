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
  for (const p of mine.points) {
    assert.equal(p.speedup, mine.sequentialMs / p.wallMs);
    assert.equal(p.efficiency, p.speedup / p.workers);
  }
  assert.match(skipped.map((s) => s.reason).join("\n"), /a shard \(part of a sweep\)/);
  const table = comparisonTable(series);
  assert.match(table, /^machine +workload +workers +wall +speedup +efficiency$/m);
  assert.match(table, /node07, .*, 16 cores +heavy, nz = 200, 20 jobs +seq/);
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
