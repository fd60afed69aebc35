import assert from "node:assert/strict";
import { test } from "node:test";
import { pythonSideBySide, pythonSideRows, pythonSideText } from "../../dist/lessons.js";
import { runSweep } from "../../dist/index.js";

const timing = (ms: number) => ({ samplesMs: [ms], medianMs: ms, minMs: ms, maxMs: ms });

test("without Python the side-by-side says why, runs nothing else, and the text says so", async () => {
  const side = await pythonSideBySide({
    repeats: 1,
    runPython: async () => ({ status: "unavailable", reason: "no python3 with SciPy on PATH", tried: [] }),
  });
  assert.deepEqual(side, { status: "unavailable", reason: "no python3 with SciPy on PATH" });
  assert.match(pythonSideText(side), /did not run here \(unavailable: no python3 with SciPy on PATH\)/);
});

test("with a Python report it times both forms, checks the observables and takes the ratios", async () => {
  const kitRows = (await runSweep("lecture", { sequential: true })).rows;
  const asked: unknown[] = [];
  const python = {
    script: "ex_wqed_cluster.py",
    format: 1,
    N: 100,
    nR: 20,
    eta: 0,
    seed: 0,
    tFinal: 1,
    rtol: 1e-7,
    atol: 1e-9,
    nSamples: 50,
    method: "RK45",
    workers: 2,
    chunksize: 2,
    startMethod: "fork",
    repeats: 1,
    sequential: timing(100),
    pooled: timing(200),
    poolStart: timing(20),
    pooledIncludes: "",
    pooledEqualsSequential: true,
    progressBar: false,
    rows: kitRows.map((r) => ({ ...r, sz_mean: r.sz_mean + 1e-8 })),
    rhsEvals: [],
    versions: { python: "3.x", numpy: "n", scipy: "s", tqdm: null },
    executable: "python3",
  };
  const side = await pythonSideBySide({
    repeats: 1,
    runPython: async (o) =>
      (asked.push(o), { status: "ok", report: python, python: { command: "python3" }, argv: [], stderr: "" }) as never,
  });
  assert.deepEqual(asked, [{ workers: 2, chunksize: 2, repeats: 1 }]);
  assert.equal(side.status, "ok");
  if (side.status !== "ok") return;
  assert.deepEqual(
    side.kit.map((k) => k.rhs),
    ["dense", "linear"],
  );
  for (const k of side.kit) {
    assert.ok(k.check.observables.agree, `${k.rhs} agrees to 1e-6`);
    assert.equal(k.check.ratios?.sequential, k.sequential.medianMs / 100);
    assert.equal(k.check.ratios?.pooled, k.pooled.medianMs / 200);
  }
  const rows = pythonSideRows(side);
  assert.equal(rows.length, 3);
  assert.match(rows[1]["loop (ms)"], /x Python$/);
  assert.match(pythonSideText(side), /they agree/);
  // a Python that computes something else gets no ratios
  python.rows = kitRows.map((r) => ({ ...r, sz_mean: r.sz_mean + 1e-3 }));
  const off = await pythonSideBySide({
    repeats: 1,
    runPython: async () => ({ status: "ok", report: python }) as never,
  });
  assert.ok(off.status === "ok" && off.kit.every((k) => k.check.ratios === null));
  assert.match(pythonSideText(off), /they disagree/);
});

test("bad options name the option", async () => {
  await assert.rejects(pythonSideBySide({ repeats: 0 }), /repeats/);
  await assert.rejects(pythonSideBySide({ workers: 1.5 }), /workers/);
});
