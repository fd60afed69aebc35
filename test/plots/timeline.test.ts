import assert from "node:assert/strict";
import { test } from "node:test";
import { timelinePlot } from "../../dist/plots/plots.js";
import type { JobRecord } from "../../dist/core/types.js";

const jobs: JobRecord[] = [0, 1, 2, 3].map((index) => ({
  index,
  r: index / 3,
  worker: index % 2,
  start: 10 * index,
  end: 10 * index + 9,
  rhsEvals: 100,
}));

type Layered = { layer: { data?: { values: Record<string, unknown>[] }; mark: { color?: string } }[] };
type Axis = { encoding: { x: { scale: { domain: number[] } } } };

test("timelinePlot draws each worker's start-up and warm-up in its row, before 0 when the pool was opened earlier", () => {
  const spec = timelinePlot(jobs, {
    starts: [
      { worker: 0, spawn: -120, warmStart: -80, warmEnd: -20, ready: -15, state: "warmed" },
      { worker: 1, spawn: -110, ready: -60, state: "cold" },
    ],
  }) as unknown as Layered;
  const phases = spec.layer.flatMap((l) => (l.data?.values ?? []).map((v) => [v.row, v.phase, v.start, v.end]));
  assert.deepEqual(phases, [
    ["worker 0", "start-up", -120, -80],
    ["worker 1", "start-up", -110, -60],
    ["worker 0", "warm-up", -80, -20],
  ]);
  const domain = (spec.layer[0] as unknown as Axis).encoding.x.scale.domain;
  assert.equal(domain[0], -120, "the time axis starts at the earliest spawn");
  assert.ok(domain[1] > 39, "and ends past the last job, so its bar is not cut");
});

test("timelinePlot leaves out workers reused from an earlier sweep, and draws no start-up without `starts`", () => {
  const reused = timelinePlot(jobs, { starts: [{ worker: 0, spawn: -5000, ready: -4000, state: "reused" }] });
  const plain = timelinePlot(jobs);
  assert.deepEqual(reused, plain);
  const domain = ((plain as unknown as Layered).layer[0] as unknown as Axis).encoding.x.scale.domain;
  assert.equal(domain[0], 0);
});

test("timelinePlot: a bar too narrow for its index gets it just above, unless that label would overlap another", () => {
  // 1000 ms over 480 px: the 1 ms jobs 0-2 are half a pixel wide, 1 and 2 within a label's width of 0
  const narrow: JobRecord[] = [
    { index: 0, r: 0, worker: 0, start: 0, end: 1, rhsEvals: 1 },
    { index: 1, r: 0.1, worker: 0, start: 2, end: 3, rhsEvals: 1 },
    { index: 2, r: 0.2, worker: 1, start: 2, end: 3, rhsEvals: 1 },
    { index: 3, r: 0.3, worker: 0, start: 100, end: 101, rhsEvals: 1 },
    { index: 4, r: 0.4, worker: 0, start: 200, end: 1000, rhsEvals: 1 },
  ];
  const spec = timelinePlot(narrow) as unknown as Layered & { data: { values: Record<string, unknown>[] } };
  const rows = spec.data.values;
  const shown = rows.map((r) => [r.index, r.label, r.outside]);
  assert.deepEqual(shown, [
    [0, "", "0"],
    [1, "", ""], // would overlap job 0's label in the same row: left to the tooltip
    [2, "", "2"], // another row: a band of its own
    [3, "", "3"],
    [4, "4", ""], // wide enough: inside, as before
  ]);
  const small = spec.layer.find(
    (l) => (l as unknown as { encoding?: { text?: { field: string } } }).encoding?.text?.field === "outside",
  );
  assert.ok(small, "a text layer draws the small labels");
});
