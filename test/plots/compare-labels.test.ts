import assert from "node:assert/strict";
import { test } from "node:test";
import { comparePlot } from "../../dist/plots/plots.js";
import type { MachineSeries } from "../../dist/measure/compare.js";

const series = (workload: string, source: string): MachineSeries => ({
  label: "vm, Xeon, 2 cores",
  host: "vm",
  cpuModel: "Xeon",
  cores: 2,
  workload,
  source,
  pairing: "cold against cold",
  sequentialMs: 100,
  points: [{ workers: 2, wallMs: 80, speedup: 1.25, efficiency: 0.625 }],
});
const legend = (spec: object) => [
  ...new Set([...JSON.stringify(spec).matchAll(/"series":"([^"]*)"/g)].map((m) => m[1])),
];

test("runs of one machine are told apart by their sweep, else by their folder, and counted as one machine", () => {
  const bySweep = comparePlot([series("nz = 100, 20 jobs", "a"), series("nz = 100, 20 jobs, tScale 10", "b")]);
  assert.deepEqual(legend(bySweep), [
    "vm, Xeon, 2 cores: nz = 100, 20 jobs",
    "vm, Xeon, 2 cores: nz = 100, 20 jobs, tScale 10",
  ]);
  assert.match(JSON.stringify(bySweep), /2 runs on 1 machine/);
  const bySource = comparePlot([series("nz = 100, 20 jobs", "a"), series("nz = 100, 20 jobs", "b")]);
  assert.deepEqual(legend(bySource), ["vm, Xeon, 2 cores (a)", "vm, Xeon, 2 cores (b)"]);
});
