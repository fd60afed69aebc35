import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";

const bin = path.join(__dirname, "..", "bin", "sweeplab.js");

test("bench --quick writes bench.json with every experiment and each plot as .svg and .vl.json", () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "sweeplab-bench-"));
  const res = spawnSync(process.execPath, [bin, "bench", "--workload", "lecture", "--nz", "12", "--n-r", "6", "--workers", "1,2", "--chunksize", "1,3", "--quick", "--out", out], { encoding: "utf8" });
  assert.equal(res.status, 0, res.stderr);
  const bench = JSON.parse(fs.readFileSync(path.join(out, "bench.json"), "utf8"));
  for (const key of ["machine", "scaling", "scalingLargestFirst", "chunksize", "dispatch", "packing", "granularity", "targets"]) assert.ok(key in bench, key);
  assert.deepEqual(bench.scaling.points.map((p: { workers: number }) => p.workers), [1, 2]);
  assert.deepEqual(bench.chunksize.points.map((p: { chunksize: number }) => p.chunksize), [1, 3]);
  assert.ok(bench.scaling.sequential.samplesMs.length >= 1);
  for (const name of ["speedup", "efficiency", "chunksize", "timeline", "physics", "dispatch", "packing", "granularity"]) {
    assert.match(fs.readFileSync(path.join(out, `${name}.svg`), "utf8"), /^<svg/, name);
    assert.equal(JSON.parse(fs.readFileSync(path.join(out, `${name}.vl.json`), "utf8")).$schema, "https://vega.github.io/schema/vega-lite/v5.json");
  }
  assert.match(res.stdout, /Target (MET|MISSED): 2 workers reach >= 1.9x/);
  assert.match(res.stdout, /Target (MET|MISSED): sweeplab's pool costs <= 50 us per job/);
});

test("bench refuses a chunksize larger than the number of jobs", () => {
  const res = spawnSync(process.execPath, [bin, "bench", "--workload", "lecture", "--n-r", "4", "--chunksize", "1,5"], { encoding: "utf8" });
  assert.equal(res.status, 2);
  assert.match(res.stderr, /`--chunksize` values must be from 1 to 4 \(the number of jobs\), got 5/);
});
