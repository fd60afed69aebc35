/**
 * The shared layers take one options object each, and the workers axis is one helper: the
 * speedup, efficiency and comparison figures draw the same axis and the same 1x rule from them.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { medianLine, referenceRule, whiskers, workersAxis } from "../../dist/plots/layers.js";
import { comparePlot, efficiencyPlot, speedupPlot } from "../../dist/plots/plots.js";
import * as data from "./plot-data.js";

test("workersAxis: whole counts from 1 to pEnd, every count listed up to 12", () => {
  const x = workersAxis(4);
  assert.equal(x.field, "workers");
  assert.deepEqual((x as { scale: object }).scale, { domain: [1, 4], nice: false, padding: 12 });
  assert.deepEqual((x as { axis: { values: number[] } }).axis.values, [1, 2, 3, 4]);
  assert.deepEqual((workersAxis(16) as { axis: object }).axis, { tickMinStep: 1, format: "d" });
});

test("referenceRule: its height, label and end from one options object; below or above the line", () => {
  const x = workersAxis(4);
  const rule = referenceRule({ y: 1, label: "1x", field: "speedup", x, xEnd: 4, below: true }) as {
    data: { values: object[] };
    layer: { mark: { baseline?: string } }[];
  };
  assert.deepEqual(rule.data.values, [{ speedup: 1, xEnd: 4, label: "1x" }]);
  assert.equal(rule.layer[1].mark.baseline, "top");
  const above = referenceRule({ y: 1, label: "ideal", field: "efficiency", x, xEnd: 4 }) as typeof rule;
  assert.equal(above.layer[1].mark.baseline, "bottom");
});

test("the scaling and comparison figures share the workers axis and the 1x rule", () => {
  assert.ok(JSON.stringify(speedupPlot(data.scaling)).includes(JSON.stringify(workersAxis(2))));
  assert.ok(JSON.stringify(efficiencyPlot(data.scaling)).includes(JSON.stringify(workersAxis(2))));
  assert.ok(JSON.stringify(comparePlot(data.machines)).includes(JSON.stringify(workersAxis(16))));
  const median = medianLine({ rows: [{ workers: 1 }], x: workersAxis(2), y: workersAxis(2), color: {}, tooltip: [] });
  assert.deepEqual((median as { mark: object }).mark, {
    type: "line",
    point: { filled: true, size: 70 },
    strokeWidth: 2,
  });
  const w = whiskers({ x: workersAxis(2), color: {}, series: "a", logY: true }) as { transform: object[] };
  assert.deepEqual(w.transform, [{ filter: 'datum.series === "a"' }]);
});
