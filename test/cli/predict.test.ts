/**
 * `sweeplab predict`: its flags are checked before anything is measured (exit 2, nothing written),
 * and a run prints one JSON object with the worker count and a speedup range. No timing is
 * asserted: the range's numbers are this machine's.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";

const bin = path.join(__dirname, "..", "..", "bin", "sweeplab.js");
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "sweeplab-predict-"));
const run = (cwd: string, ...args: string[]) =>
  spawnSync(process.execPath, [bin, "predict", ...args], { cwd, encoding: "utf8", timeout: 120_000 });

test("predict --json prints one object: the workers asked about, a speedup range and the parts under it", () => {
  const dir = tmp();
  const res = run(dir, "--workers", "3", "--nz", "6", "--n-r", "6", "--repeats", "1", "--json");
  assert.equal(res.status, 0, res.stderr);
  const lines = res.stdout.trim().split("\n");
  assert.equal(lines.length, 1, "one line of JSON on stdout");
  const out = JSON.parse(lines[0]);
  assert.equal(out.workers, 3);
  assert.equal(out.chunksize, 1, "Pool.map's rule: ceil(6 / (4 * 3))");
  assert.ok(out.speedup.low > 0 && out.speedup.low <= out.speedup.high, JSON.stringify(out.speedup));
  assert.ok(out.wallMs.low <= out.wallMs.high);
  assert.equal(out.parts.jobMs.length, 6);
  assert.ok(Array.isArray(out.assumptions) && out.assumptions.length >= 3);
  assert.ok(out.tookMs > 0);
  // the progress and the time it takes go to stderr
  assert.match(res.stderr, /measuring the parts takes about \d+ s/);
  assert.deepEqual(fs.readdirSync(dir), [], "predict writes nothing");
});

test("predict prints the parts, the range and its assumptions in words", () => {
  const res = run(tmp(), "--workers", "2", "--nz", "6", "--n-r", "4", "--repeats", "1", "--schedule", "largest-first");
  assert.equal(res.status, 0, res.stderr);
  assert.match(res.stdout, /^Measured on this machine \(\d+ cores/);
  assert.match(
    res.stdout,
    /Predicted for 2 worker\(s\), chunksize 1, largest-first: [\d.]+x to [\d.]+x the loop in a fresh process \(cold against cold/,
  );
  assert.match(res.stdout, /sequential loop, the first sweep of a fresh process: /);
  // no predicted speedup above the worker count
  const [, high] = /: ([\d.]+)x to ([\d.]+)x/.exec(res.stdout)!.slice(1).map(Number);
  assert.ok(high <= 2, res.stdout);
  assert.match(res.stdout, /It assumes:\n {2}- /);
});

test("predict --help names every flag; bad flags exit 2 before any work and write nothing", () => {
  const help = run(tmp(), "--help");
  assert.equal(help.status, 0);
  for (const flag of ["--workers", "--chunksize", "--schedule", "--json", "--t-scale", "--workload"])
    assert.ok(help.stdout.includes(flag), flag);
  for (const args of [[], ["--workers", "0"], ["--workers", "2", "--schedule", "x"], ["--workers", "2", "--nz", "1"]]) {
    const dir = tmp();
    const res = run(dir, ...args);
    assert.equal(res.status, 2, `${args.join(" ")}: ${res.stderr}`);
    assert.equal(res.stdout, "");
    assert.match(res.stderr, /^sweeplab: /);
    assert.doesNotMatch(res.stderr, /measuring/, "refused before measuring");
    assert.deepEqual(fs.readdirSync(dir), []);
  }
});

test("sweeplab lists predict among its commands", () => {
  const res = spawnSync(process.execPath, [bin, "--help"], { encoding: "utf8" });
  assert.match(res.stdout, /\n {2}predict /);
});
