// The Python original (python/ex_wqed_cluster.py) beside the kit: the same observables, the JSON
// the bench reads, imap's order, and the lookup of a Python with SciPy. Without SciPy the tests
// that run Python are skipped with a message; with CI=true a missing SciPy fails them.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { SweepInterruptedError, UsageError, interruptAll, runSweep } from "../../dist/index.js";
import { activePools } from "../../dist/lab.js";
import {
  compareObservables,
  findPython,
  parsePythonReport,
  portArgs,
  pythonScript,
  runPythonSweep,
  sideBySide,
} from "../../dist/measure/python.js";

const root = path.join(__dirname, "..", "..");
const found = findPython();
const python = found.status === "found" ? found.python.executable : undefined;
const skip = python
  ? false
  : process.env.CI === "true"
    ? false
    : `no Python with SciPy: ${found.status === "unavailable" ? found.reason : ""}`;
const needPython = () => {
  assert.ok(
    python,
    `CI must have SciPy: apt-get install python3-scipy python3-numpy (${found.status === "unavailable" ? found.reason : ""})`,
  );
  return python;
};
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "sweeplab-python-"));

/** True while a process runs (a zombie, killed but not yet reaped by its new parent, does not count). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true; // no /proc: trust kill(0)
  }
}

/** A stand-in "python": a shell script with the given body (POSIX only). */
function fakePython(body: string): string {
  const file = path.join(tmp(), "python");
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}

test("the Python original's observables agree with runSweep('lecture') to 1e-6 on every r", { skip }, async () => {
  needPython();
  const [run, kit] = [await runPythonSweep({ workers: 2 }), await runSweep("lecture", { sequential: true })];
  assert.equal(run.status, "ok", run.status === "ok" ? "" : run.reason);
  if (run.status !== "ok") return;
  assert.deepEqual(
    run.report.rows.map((row) => row.r),
    kit.rows.map((row) => row.r),
    "the same r values (numpy linspace)",
  );
  const cmp = compareObservables(run.report.rows, kit.rows, 1e-6);
  assert.ok(cmp.agree, `largest difference ${cmp.maxDiff} (${cmp.worst?.field} at r = ${cmp.worst?.r})`);
  assert.equal(cmp.rows, 20);
  assert.equal(run.report.pooledEqualsSequential, true);
  assert.equal(run.report.rhsEvals.length, 20);
});

test("with seeded disorder the port draws the kit's positions, so the observables still agree", { skip }, async () => {
  needPython();
  const w = { nz: 12, nR: 3, eta: 0.5, seed: 7 };
  const run = await runPythonSweep({ workload: w, sequential: true });
  assert.equal(run.status, "ok", run.status === "ok" ? "" : run.reason);
  if (run.status !== "ok") return;
  const cmp = compareObservables(run.report.rows, (await runSweep(w, { sequential: true })).rows);
  assert.ok(cmp.agree, `largest difference ${cmp.maxDiff}`);
  const ordered = await runSweep({ nz: 12, nR: 3 }, { sequential: true });
  assert.ok(compareObservables(run.report.rows, ordered.rows).maxDiff > 1e-3, "the disorder changes the answer");
});

test(
  "--json prints the promised fields: both wall times of one run with their repeats, pool start-up counted, versions, rows",
  { skip },
  () => {
    const res = spawnSync(
      needPython(),
      [pythonScript, "--json", "--nz", "12", "--n-r", "6", "--workers", "2", "--chunksize", "2", "--repeats", "3"],
      { encoding: "utf8" },
    );
    assert.equal(res.status, 0, res.stderr);
    const raw = JSON.parse(res.stdout);
    for (const key of [
      "N",
      "nR",
      "workers",
      "chunksize",
      "repeats",
      "sequential",
      "pooled",
      "poolStart",
      "pooledIncludes",
      "pooledEqualsSequential",
      "rows",
      "rhsEvals",
      "versions",
      "machine",
      "startMethod",
    ]) {
      assert.ok(key in raw, key);
    }
    const report = parsePythonReport(res.stdout);
    assert.equal(report.N, 12);
    assert.equal(report.workers, 2);
    assert.equal(report.chunksize, 2);
    assert.equal(report.rtol, 1e-7);
    assert.equal(report.atol, 1e-9);
    assert.equal(report.nSamples, 50);
    for (const t of [report.sequential, report.pooled, report.poolStart]) {
      assert.ok(t);
      assert.equal(t.samplesMs.length, 3);
      assert.ok(t.minMs <= t.medianMs && t.medianMs <= t.maxMs);
    }
    assert.match(report.pooledIncludes ?? "", /start-up/);
    assert.equal(report.pooledEqualsSequential, true);
    assert.deepEqual(Object.keys(report.versions).sort(), ["numpy", "python", "scipy", "tqdm"]);
    assert.equal(report.rows.length, 6);
    assert.deepEqual(report.rows[0], { r: 0, sz_mean: -1, s2_abs: 0 });
    assert.equal(res.stderr, "", "no progress bar with --json");

    const seq = parsePythonReport(
      spawnSync(needPython(), [pythonScript, "--json", "--nz", "12", "--n-r", "4", "--sequential"], {
        encoding: "utf8",
      }).stdout,
    );
    assert.equal(seq.pooled, null);
    assert.equal(seq.workers, null);
    assert.equal(seq.pooledEqualsSequential, null);
  },
);

test("the pooled summary equals the sequential one byte for byte (imap returns results in job order)", { skip }, () => {
  const dir = tmp();
  const run = (...flags: string[]) =>
    spawnSync(needPython(), [pythonScript, "--nz", "16", "--n-r", "9", "--quiet", ...flags], { encoding: "utf8" });
  const seq = run("--sequential", "--csv", path.join(dir, "seq.csv"));
  assert.equal(seq.status, 0, seq.stderr);
  for (const [workers, chunksize] of [
    ["2", "2"],
    ["2", "4"],
    ["3", "1"],
  ]) {
    const pooled = run("--workers", workers, "--chunksize", chunksize, "--csv", path.join(dir, "pool.csv"));
    assert.equal(pooled.status, 0, pooled.stderr);
    assert.equal(
      fs.readFileSync(path.join(dir, "pool.csv"), "utf8"),
      fs.readFileSync(path.join(dir, "seq.csv"), "utf8"),
      `workers ${workers}, chunksize ${chunksize}`,
    );
  }
  assert.match(fs.readFileSync(path.join(dir, "seq.csv"), "utf8"), /^r,sz_mean,s2_abs\n0\.0,-1\.0,0\.0\n/);
});

test(
  "the port's Python unit tests pass: tuple packing, imap order with the costliest jobs first, without tqdm, known answers",
  { skip },
  () => {
    const res = spawnSync(
      needPython(),
      ["-m", "unittest", "discover", "-s", path.join(root, "test", "measure"), "-p", "*_test.py"],
      { encoding: "utf8" },
    );
    assert.equal(res.status, 0, res.stderr);
    assert.match(res.stderr, /^OK/m);
  },
);

test("findPython takes SWEEPLAB_PYTHON first when it works", { skip }, () => {
  const exe = needPython();
  const got = findPython({ env: { ...process.env, SWEEPLAB_PYTHON: exe } });
  assert.equal(got.status, "found");
  if (got.status !== "found") return;
  assert.equal(got.python.from, "SWEEPLAB_PYTHON");
  assert.equal(got.python.command, exe);
  assert.match(got.python.scipy, /^\d+\.\d+/);
  assert.deepEqual(got.tried, []);
});

test("a SWEEPLAB_PYTHON that does not exist is named with its reason, and the next candidate is used", { skip }, () => {
  const got = findPython({
    env: { ...process.env, SWEEPLAB_PYTHON: "/nonexistent/python3" },
    candidates: [needPython()],
  });
  assert.equal(got.status, "found");
  assert.deepEqual(got.tried, [{ command: "/nonexistent/python3", from: "SWEEPLAB_PYTHON", problem: "not found" }]);
});

test("without a Python that has SciPy the lookup says why for each candidate, and a run resolves to 'unavailable' instead of throwing", async () => {
  const noScipy = fakePython(`echo "ModuleNotFoundError: No module named 'scipy'" >&2; exit 1`);
  const env = { ...process.env, SWEEPLAB_PYTHON: "/nonexistent/python3" };
  const got = findPython({ env, candidates: [noScipy, "sweeplab-no-such-python"] });
  assert.equal(got.status, "unavailable");
  if (got.status !== "unavailable") return;
  assert.match(
    got.reason,
    /^no Python with SciPy found \(SWEEPLAB_PYTHON=\/nonexistent\/python3: not found; .*python: ModuleNotFoundError: No module named 'scipy'; sweeplab-no-such-python: not found\)/,
  );
  assert.match(got.reason, /apt-get install python3-scipy/);
  assert.equal(got.tried.length, 3);
  const run = await runPythonSweep({
    env: { ...process.env, SWEEPLAB_PYTHON: "/nonexistent/python3", PATH: "/nonexistent" },
    workload: { nz: 8, nR: 2 },
    sequential: true,
  });
  // /usr/bin/python3 is always tried; where it has SciPy this run simply works
  assert.ok(run.status === "unavailable" || run.status === "ok", run.status);
});

test("a run that fails, prints something else or hangs resolves to 'failed' with the reason, and its processes are gone", async () => {
  const crash = await runPythonSweep({ python: fakePython(`echo "Traceback: boom" >&2; exit 3`) });
  assert.equal(crash.status, "failed");
  if (crash.status === "failed") {
    assert.match(crash.reason, /exited with 3: Traceback: boom/);
    assert.equal(crash.exitCode, 3);
  }
  const garbled = await runPythonSweep({ python: fakePython(`echo '{"script": "ex_wqed_cluster.py", "format": 1}'`) });
  assert.equal(garbled.status, "failed");
  if (garbled.status === "failed") assert.match(garbled.reason, /`method` must be "RK45"/);

  const pidFile = path.join(tmp(), "pid");
  const t0 = Date.now();
  const hung = await runPythonSweep({ python: fakePython(`sleep 30 & echo $! > ${pidFile}; wait`), timeoutMs: 500 });
  assert.ok(Date.now() - t0 < 10_000);
  assert.equal(hung.status, "failed");
  if (hung.status === "failed") assert.match(hung.reason, /no result within 500 ms: Python and its pool were killed/);
  const pid = Number(fs.readFileSync(pidFile, "utf8"));
  await new Promise((r) => setTimeout(r, 100));
  assert.ok(!running(pid), "the stand-in's own child was killed with it");
  assert.equal(activePools(), 0);
});

test("an abort kills the run and rejects with SweepInterruptedError", async () => {
  const controller = new AbortController();
  setTimeout(() => controller.abort("stop"), 200);
  await assert.rejects(
    runPythonSweep({ python: fakePython("sleep 30"), signal: controller.signal }),
    SweepInterruptedError,
  );
  assert.equal(activePools(), 0);
});

test("Ctrl-C (the kit's interruptAll, as for a pool) kills the run and rejects with SweepInterruptedError", async () => {
  const run = runPythonSweep({ python: fakePython("sleep 30") });
  setTimeout(() => assert.equal(interruptAll("SIGINT"), 1, "the Python run is registered like a pool"), 200);
  await assert.rejects(run, (e: Error) => e instanceof SweepInterruptedError && /SIGINT/.test(e.message));
  assert.equal(activePools(), 0);
});

test("the port takes the lecture's parameters with nz, nR, eta and seed; any other field is refused by name", async () => {
  assert.deepEqual(portArgs("lecture"), ["--nz", "100", "--n-r", "20", "--eta", "0", "--seed", "0"]);
  assert.deepEqual(portArgs({ nz: 30, nR: 4 }), ["--nz", "30", "--n-r", "4", "--eta", "0", "--seed", "0"]);
  assert.throws(
    () => portArgs("heavy"),
    (e: Error) => e instanceof UsageError && /tScale = 100 \(the lecture: 1\)/.test(e.message),
  );
  assert.throws(() => portArgs({ rtol: 1e-9 }), /rtol = 1e-9/);
  await assert.rejects(runPythonSweep({ chunkSize: 2 } as object), /did you mean `chunksize`/);
});

test("parsePythonReport names the first field that is missing or wrong", () => {
  assert.throws(() => parsePythonReport("not json"), /printed no JSON/);
  assert.throws(() => parsePythonReport("[]"), /`\(top level\)` must be an object/);
  assert.throws(
    () => parsePythonReport(JSON.stringify({ script: "ex_wqed_cluster.py", format: 2 })),
    /`format` must be 1/,
  );
});

test("compareObservables reports the largest difference with its row and field, and refuses different sweeps", () => {
  const kit = [
    { r: 0, sz_mean: -1, s2_abs: 0 },
    { r: 0.5, sz_mean: -0.4, s2_abs: 0.6 },
  ];
  assert.deepEqual(compareObservables(kit, kit), {
    maxDiff: 0,
    worst: { index: 0, r: 0, field: "sz_mean", python: -1, kit: -1 },
    tolerance: 1e-6,
    agree: true,
    rows: 2,
  });
  const off = [kit[0], { ...kit[1], s2_abs: 0.6 + 2e-6 }];
  const cmp = compareObservables(off, kit);
  assert.equal(cmp.agree, false);
  assert.deepEqual([cmp.worst?.index, cmp.worst?.field], [1, "s2_abs"]);
  assert.ok(Math.abs(cmp.maxDiff - 2e-6) < 1e-15);
  assert.equal(compareObservables([kit[0], { ...kit[1], sz_mean: NaN }], kit).agree, false, "NaN never agrees");
  assert.throws(
    () => compareObservables([kit[0], { ...kit[1], r: 0.6 }], kit),
    /row 1 has r = 0.6 in Python but r = 0.5 in sweeplab/,
  );
  assert.throws(() => compareObservables([kit[0]], kit), UsageError);
});

test("sideBySide gives TypeScript/Python ratios only when the observables agree", () => {
  const rows = [{ r: 0, sz_mean: -1, s2_abs: 0 }];
  const t = (ms: number) => ({ samplesMs: [ms], medianMs: ms, minMs: ms, maxMs: ms });
  const py = { rows, sequential: t(80), pooled: t(100) } as unknown as Parameters<typeof sideBySide>[1];
  assert.deepEqual(sideBySide({ rows, sequential: t(240), pooled: t(50) }, py).ratios, { sequential: 3, pooled: 0.5 });
  const bad = sideBySide({ rows: [{ r: 0, sz_mean: -0.9, s2_abs: 0 }], sequential: t(240) }, py);
  assert.equal(bad.ratios, null);
  assert.match(bad.note ?? "", /no ratios: the observables differ by 0.100 \(sz_mean at r = 0\)/);
});
