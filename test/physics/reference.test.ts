// Holds the CLI's summary.csv against an independent SciPy solve of the same equations
// (test/reference/wqed_reference.py, RK45): ~1e-7 at the lecture's tolerances, ~1e-10 at rtol 1e-11.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";

const root = path.join(__dirname, "..", "..");
const python = "/usr/bin/python3";
const hasScipy = spawnSync(python, ["-c", "import scipy, numpy"]).status === 0;
const skip = hasScipy ? false : process.env.CI === "true" ? false : "SciPy is missing (apt-get install python3-scipy)";

function parse(csv: string): number[][] {
  const [header, ...rows] = csv.trim().split("\n");
  assert.equal(header, "r,sz_mean,s2_abs");
  return rows.map((row) => row.split(",").map(Number));
}

for (const [rtol, atol, bound] of [
  ["1e-7", "1e-9", 1e-6],
  ["1e-11", "1e-13", 1e-9],
] as const) {
  test(`the lecture sweep agrees with SciPy RK45 at rtol ${rtol} to within ${bound}`, { skip }, () => {
    assert.ok(hasScipy, "CI must have SciPy: apt-get install python3-scipy python3-numpy");
    const ref = spawnSync(
      python,
      [path.join(root, "test", "reference", "wqed_reference.py"), "--rtol", rtol, "--atol", atol],
      { encoding: "utf8" },
    );
    assert.equal(ref.status, 0, ref.stderr);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "sweeplab-ref-"));
    const mine = spawnSync(
      process.execPath,
      [
        path.join(root, "bin", "sweeplab.js"),
        "sweep",
        "--rtol",
        rtol,
        "--atol",
        atol,
        "--workers",
        "2",
        "--quiet",
        "--force",
        "--out",
        out,
      ],
      { encoding: "utf8" },
    );
    assert.equal(mine.status, 0, mine.stderr);
    const a = parse(ref.stdout);
    const b = parse(fs.readFileSync(path.join(out, "summary.csv"), "utf8"));
    assert.equal(a.length, 20);
    assert.equal(b.length, 20);
    let worst = 0;
    a.forEach((row, i) => {
      assert.equal(b[i][0], row[0], "same r values (numpy linspace)");
      worst = Math.max(worst, Math.abs(b[i][1] - row[1]), Math.abs(b[i][2] - row[2]));
    });
    assert.ok(worst < bound, `largest difference ${worst}`);
  });
}
