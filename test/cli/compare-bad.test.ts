/**
 * `sweeplab compare` on a folder where some files are malformed: each is left out, named with why,
 * and the rest compared; a merge whose shards all ran on one machine is not called a multi-machine run.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { machine, scaling } from "../plots/plot-data.js";

const bin = path.join(__dirname, "..", "..", "bin", "sweeplab.js");
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: "utf8" });

test("compare skips malformed run.json and bench.json files, naming each and why, and compares the rest", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sweeplab-compare-bad-"));
  const good = { machine, hostname: "node07", workload: { name: "heavy", nz: 200, nR: 20, tScale: 100 }, scaling };
  const files: Record<string, unknown> = {
    "good/bench.json": good,
    "null-run/run.json": null,
    "null-session/run.json": { status: "done", sessions: [null] },
    "points-object/bench.json": { ...good, scaling: { ...scaling, points: {} } },
    "points-no-speedup/bench.json": {
      ...good,
      scaling: { ...scaling, points: [{ workers: 2, wall: { medianMs: 1 } }] },
    },
    "no-workload/bench.json": { ...good, workload: undefined },
    "one-host-merge/run.json": { status: "merged", shards: [{ hosts: ["vm"] }, { hosts: ["vm"] }] },
  };
  for (const [name, json] of Object.entries(files)) {
    fs.mkdirSync(path.join(dir, path.dirname(name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), JSON.stringify(json));
  }
  const out = path.join(dir, "out");
  const res = run("compare", "--out", out, dir);
  assert.equal(res.status, 0, res.stderr);
  assert.match(res.stdout, /node07/);
  const left = (name: string, why: RegExp) =>
    assert.match(res.stdout, new RegExp(`left out .*${name.replace(/[./]/g, "\\$&")}: ${why.source}`), name);
  left("null-run/run.json", /not a record of sweeplab's/);
  left("null-session/run.json", /a run.json whose session is not a record/);
  left("points-object/bench.json", /a bench.json without its scaling section/);
  left("points-no-speedup/bench.json", /a bench.json whose scaling points lack their numbers/);
  left("no-workload/bench.json", /a bench.json without its workload/);
  left("one-host-merge/run.json", /a merge of shards \(all on vm, side by side\)/);
  assert.doesNotMatch(res.stdout, /several machines/);
  assert.ok(fs.existsSync(path.join(out, "compare.json")));
});
