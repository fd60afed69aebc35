// The "done when": `sweeplab sweep --rhs linear --nz 100000 --n-r 2` finishes with a summary.csv.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";

const bin = path.join(__dirname, "..", "..", "bin", "sweeplab.js");

test(
  "sweep --rhs linear --nz 100000 --n-r 2 writes summary.csv for r = 0 and 1.2, with no matrix and RK45 in run.json",
  { timeout: 120_000 },
  () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "sweeplab-linear-"));
    const res = spawnSync(
      process.execPath,
      [bin, "sweep", "--rhs", "linear", "--nz", "100000", "--n-r", "2", "--quiet", "--force", "--out", out],
      { encoding: "utf8" },
    );
    assert.equal(res.status, 0, res.stderr);
    const [header, ...rows] = fs.readFileSync(path.join(out, "summary.csv"), "utf8").trim().split("\n");
    assert.equal(header, "r,sz_mean,s2_abs");
    assert.deepEqual(
      rows.map((row) => Number(row.split(",")[0])),
      [0, 1.2],
    );
    assert.equal(rows[0], "0,-1,0", "r = 0 stays in the ground state");
    const sz = Number(rows[1].split(",")[1]);
    assert.ok(sz > -1 && sz < 0, `sz_mean at r = 1.2: ${sz}`);
    const run = JSON.parse(fs.readFileSync(path.join(out, "run.json"), "utf8"));
    assert.equal(run.config.workload.rhs, "linear");
    assert.equal(run.config.workload.method, "RK45");
  },
);
