// Holds the CLI's summary.csv against an independent SciPy solve of the same equations
// (test/reference/wqed_reference.py, RK45): ~1e-7 at the lecture's tolerances, ~1e-10 at rtol 1e-11.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { buildSweep, solveSystemProp } from "../../dist/index.js";

const root = path.join(__dirname, "..", "..");
const python = "/usr/bin/python3";
const hasScipy = spawnSync(python, ["-c", "import scipy, numpy"]).status === 0;
const skip = hasScipy ? false : process.env.CI === "true" ? false : "SciPy is missing (apt-get install python3-scipy)";

function parse(csv: string): number[][] {
  const [header, ...rows] = csv.trim().split("\n");
  assert.equal(header, "r,sz_mean,s2_abs");
  return rows.map((row) => row.split(",").map(Number));
}

// undefined: no --method flag, the kit's default
const methods = [undefined, "odex", "RK45"] as const;
const rhsForms = ["dense", "linear"] as const;
const references = new Map<string, number[][]>();

/** SciPy's summary at these tolerances, computed once per tolerance. */
function reference(rtol: string, atol: string): number[][] {
  const key = `${rtol} ${atol}`;
  if (!references.has(key)) {
    const ref = spawnSync(
      python,
      [path.join(root, "test", "reference", "wqed_reference.py"), "--rtol", rtol, "--atol", atol],
      { encoding: "utf8" },
    );
    assert.equal(ref.status, 0, ref.stderr);
    references.set(key, parse(ref.stdout));
  }
  return references.get(key) as number[][];
}

for (const [rtol, atol, bound] of [
  ["1e-7", "1e-9", 1e-6],
  ["1e-11", "1e-13", 1e-9],
] as const) {
  for (const method of methods) {
    for (const rhs of rhsForms) {
      test(
        `the lecture sweep (${method ? `--method ${method}` : "the default method"} --rhs ${rhs}) agrees with SciPy RK45 at rtol ${rtol} to within ${bound}`,
        { skip },
        () => {
          assert.ok(hasScipy, "CI must have SciPy: apt-get install python3-scipy python3-numpy");
          const a = reference(rtol, atol);
          const out = fs.mkdtempSync(path.join(os.tmpdir(), "sweeplab-ref-"));
          const flags = ["--rtol", rtol, "--atol", atol, ...(method ? ["--method", method] : []), "--rhs", rhs];
          const mine = spawnSync(
            process.execPath,
            [
              path.join(root, "bin", "sweeplab.js"),
              "sweep",
              ...flags,
              "--workers",
              "2",
              "--quiet",
              "--force",
              "--out",
              out,
            ],
            {
              encoding: "utf8",
            },
          );
          assert.equal(mine.status, 0, mine.stderr);
          const b = parse(fs.readFileSync(path.join(out, "summary.csv"), "utf8"));
          assert.equal(a.length, 20);
          assert.equal(b.length, 20);
          let worst = 0;
          a.forEach((row, i) => {
            assert.equal(b[i][0], row[0], "same r values (numpy linspace)");
            worst = Math.max(worst, Math.abs(b[i][1] - row[1]), Math.abs(b[i][2] - row[2]));
          });
          assert.ok(worst < bound, `largest difference ${worst}`);
        },
      );
    }
  }
  test(
    `RK45 takes SciPy's steps: the same RHS evaluations per job on the lecture sweep at rtol ${rtol}`,
    { skip },
    () => {
      assert.ok(hasScipy, "CI must have SciPy: apt-get install python3-scipy python3-numpy");
      const ref = spawnSync(
        python,
        [path.join(root, "test", "reference", "wqed_reference.py"), "--rtol", rtol, "--atol", atol, "--nfev"],
        { encoding: "utf8" },
      );
      assert.equal(ref.status, 0, ref.stderr);
      const scipy = JSON.parse(ref.stdout) as number[];
      for (const rhs of rhsForms) {
        const s = buildSweep({ rtol: Number(rtol), atol: Number(atol), method: "RK45", rhs });
        const mine = s.OmegaNValues.map(
          (OmegaN) => solveSystemProp(s.N, s.gamma, s.Dnm, s.Gnm, OmegaN, s.tSpan, s.y0, s.solveOptions).nEval,
        );
        assert.deepEqual(mine, scipy, `rhs ${rhs}`);
      }
    },
  );
}
