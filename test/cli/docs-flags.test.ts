/**
 * docs/cli.md names the workload flags in one list, and that list holds every workload flag
 * `sweeplab sweep --help` shows (it had two lists, the first without --r-min and --t-scale).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";

const root = path.join(__dirname, "..", "..");
const workloadFlags = [
  "--nz",
  "--n-r",
  "--r-min",
  "--r-max",
  "--t-scale",
  "--eta",
  "--seed",
  "--rtol",
  "--atol",
  "--max-steps",
];

test("docs/cli.md lists the workload flags once, every one of them, as sweep --help does", () => {
  const doc = fs.readFileSync(path.join(root, "docs", "cli.md"), "utf8").replace(/\s+/g, " ");
  const lists = [...doc.matchAll(/Every workload field has a flag \(([^)]*)\)/g)];
  assert.equal(lists.length, 1, "one list");
  const listed = [...lists[0][1].matchAll(/`(--[a-z-]+)`/g)].map((m) => m[1]);
  assert.deepEqual([...listed].sort(), [...workloadFlags].sort());
  const help = spawnSync(process.execPath, [path.join(root, "bin", "sweeplab.js"), "sweep", "--help"], {
    encoding: "utf8",
  }).stdout;
  for (const flag of workloadFlags) assert.match(help, new RegExp(`${flag}\\b`), flag);
});
