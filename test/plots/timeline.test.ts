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
