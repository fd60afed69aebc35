import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as vl from "vega-lite";
import type { TopLevelSpec } from "vega-lite";
import {
  chunksizePlot,
  comparePlot,
  costPlot,
  dispatchPlot,
  efficiencyPlot,
  granularityPlot,
  packingPlot,
  physicsPlot,
  speedupPlot,
  timelinePlot,
} from "../../dist/plots/plots.js";
import { UsageError } from "../../dist/core/errors.js";
import { toSvg } from "../../dist/plots/render.js";
import * as data from "./plot-data.js";

/** Snapshots live in the source tree (test/output), not beside the compiled test. */
const OUTPUT = path.join(__dirname, "..", "..", "test", "output");

const cases: Record<string, () => TopLevelSpec> = {
  speedup: () => speedupPlot(data.scaling),
  "speedup-predict": () => speedupPlot(data.scaling, { predictTo: 20 }),
  efficiency: () => efficiencyPlot(data.scaling),
  chunksize: () => chunksizePlot(data.chunks),
  timeline: () => timelinePlot(data.timeline, { workers: 2 }),
  "timeline-sequential": () => timelinePlot(data.sequentialTimeline, { labels: ["main thread"] }),
  physics: () => physicsPlot(data.physicsRows),
  granularity: () => granularityPlot(data.granularity),
  dispatch: () => dispatchPlot(data.dispatch),
  packing: () => packingPlot(data.packing),
  compare: () => comparePlot(data.machines),
  cost: () => costPlot(data.costs),
};

/**
 * Compares a spec with test/output/<name>.vl.json; writes the file when it is missing or when
 * UPDATE_SNAPSHOTS=1. On a mismatch, names the first differing line.
 */
function matchSnapshot(name: string, spec: TopLevelSpec): void {
  const file = path.join(OUTPUT, `${name}.vl.json`);
  const actual = JSON.stringify(spec, null, 2) + "\n";
  if (process.env.UPDATE_SNAPSHOTS === "1" || !fs.existsSync(file)) {
    fs.mkdirSync(OUTPUT, { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  const expected = fs.readFileSync(file, "utf8");
  if (actual === expected) return;
  const [a, e] = [actual.split("\n"), expected.split("\n")];
  const line = a.findIndex((text, i) => text !== e[i]);
  const at = line === -1 ? e.length : line;
  assert.fail(
    `${name}: the spec differs from test/output/${name}.vl.json at line ${at + 1}:\n` +
      `  expected: ${e[at]?.trim() ?? "(end of file)"}\n` +
      `  actual:   ${a[at]?.trim() ?? "(end of file)"}\n` +
      `If the change is intended, rerun with UPDATE_SNAPSHOTS=1 and review \`git diff test/output\`.`,
  );
}

/** vl.compile with its warnings collected instead of printed. */
function compile(spec: TopLevelSpec): { warnings: string[] } {
  const warnings: string[] = [];
  class Collector {
    level(): number;
    level(_: number): this;
    level(_?: number): number | this {
      return _ === undefined ? 2 : this;
    }
    error(...args: unknown[]) {
      warnings.push(`error: ${args.join(" ")}`);
      return this;
    }
    warn(...args: unknown[]) {
      warnings.push(args.join(" "));
      return this;
    }
    info() {
      return this;
    }
    debug() {
      return this;
    }
  }
  vl.compile(spec, { logger: new Collector() });
  return { warnings };
}

/** Every value of `key` anywhere in a spec (e.g. every axis title, every inline data array). */
function collect(node: unknown, visit: (key: string, value: unknown) => void): void {
  if (Array.isArray(node)) node.forEach((child) => collect(child, visit));
  else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      visit(key, value);
      collect(value, visit);
    }
  }
}

function axisTitles(spec: TopLevelSpec): string[] {
  const titles = new Set<string>();
  collect(spec, (key, value) => {
    if ((key === "x" || key === "y") && value && typeof value === "object") {
      const title = (value as { title?: unknown }).title;
      if (typeof title === "string") titles.add(title);
    }
  });
  return [...titles];
}

function rowsOf(spec: TopLevelSpec): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  collect(spec, (key, value) => {
    if (key === "values" && Array.isArray(value) && value.every((v) => v && typeof v === "object")) rows.push(...value);
  });
  return rows;
}

const xml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

for (const [name, build] of Object.entries(cases)) {
  test(`${name}: matches its snapshot`, () => matchSnapshot(name, build()));

  test(`${name}: compiles without warnings and renders its titles, uncut`, async () => {
    const spec = build();
    assert.deepEqual(compile(spec).warnings, []);
    assert.equal(spec.$schema, "https://vega.github.io/schema/vega-lite/v5.json");
    const svg = await toSvg(spec);
    assert.ok(svg.startsWith("<svg"), `${name}: SVG starts with ${svg.slice(0, 20)}`);
    const titles = axisTitles(spec);
    // The timeline's rows ("worker 0", "main thread") name themselves; every other figure has two.
    assert.ok(
      titles.length >= (name.startsWith("timeline") ? 1 : 2),
      `${name}: found axis titles ${JSON.stringify(titles)}`,
    );
    for (const title of titles) {
      // Units in every axis title: "(ms", "(µs", "(units of", "(%" ...
      assert.match(title, /\(/, `${name}: axis title "${title}" names no unit`);
      assert.ok(svg.includes(xml(title)), `${name}: SVG lacks the axis title "${title}"`);
    }
    const title = (spec.title as { text: string }).text;
    assert.ok(svg.includes(xml(title)), `${name}: SVG lacks the title "${title}"`);
    // Vega cuts text that does not fit with an ellipsis: no legend label or title may be cut.
    assert.ok(!svg.includes("…"), `${name}: some text was cut to fit`);
  });
}

test("speedupPlot: the Amdahl curve passes through S(1) = 1 and follows S(p) = 1 / (s + (1 - s) / p)", () => {
  const s = data.scaling.amdahl.serialFraction;
  const rows = rowsOf(speedupPlot(data.scaling, { predictTo: 20 }));
  const fit = rows.filter((r) => String(r.series).startsWith("Amdahl fit"));
  const prediction = rows.filter((r) => r.series === "Amdahl prediction");
  assert.ok(fit.length > 2 && prediction.length > 2);
  const first = fit.find((r) => r.workers === 1);
  assert.ok(first && Math.abs((first.speedup as number) - 1) < 1e-12, `S(1) = ${first?.speedup}`);
  for (const r of [...fit, ...prediction]) {
    const p = r.workers as number;
    const expected = 1 / (s + (1 - s) / p);
    assert.ok(
      Math.abs((r.speedup as number) - expected) <= 1e-5 * expected,
      `S(${p}) = ${r.speedup}, expected ${expected}`,
    );
  }
  // The prediction starts where the measurements end and reaches predictTo.
  const ps = prediction.map((r) => r.workers as number);
  assert.equal(Math.min(...ps), 2);
  assert.equal(Math.max(...ps), 20);
  // Ideal is y = x.
  for (const r of rows.filter((r) => r.series === "ideal: S = p")) assert.equal(r.speedup, r.workers);
});

test("speedupPlot: the prediction is dashed and named in the legend only when asked for", () => {
  const dashOf = (spec: TopLevelSpec) => {
    let found: { domain: string[]; range: number[][] } | undefined;
    collect(spec, (key, value) => {
      if (key === "strokeDash" && value && typeof value === "object" && "scale" in value)
        found = (value as { scale: typeof found }).scale;
    });
    return found!;
  };
  const withPrediction = dashOf(speedupPlot(data.scaling, { predictTo: 20 }));
  const i = withPrediction.domain.indexOf("Amdahl prediction");
  assert.ok(i >= 0);
  assert.notDeepEqual(withPrediction.range[i], [1, 0]);
  assert.ok(!dashOf(speedupPlot(data.scaling)).domain.includes("Amdahl prediction"));
  // Predicting to a count already measured (a bigger machine than the one predicted for) adds nothing.
  assert.deepEqual(speedupPlot(data.scaling, { predictTo: 2 }), speedupPlot(data.scaling));
});

/** A point's speedup range and raw ratio when every repeat gave the same speedup. */
const fixed = (speedup: number) => ({ speedupRange: { low: speedup, high: speedup }, rawSpeedup: speedup });

test("speedupPlot: when no worker count beats sequential, no Amdahl fit or prediction is drawn, and the subtitle says why", () => {
  const lost = {
    ...data.scaling,
    points: [
      { workers: 1, wall: data.stats([4300]), speedup: 0.86, ...fixed(0.86), efficiency: 0.86 },
      { workers: 2, wall: data.stats([4800]), speedup: 0.77, ...fixed(0.77), efficiency: 0.385 },
    ],
    amdahl: { serialFraction: 1, rmse: 0.19 },
  };
  const spec = speedupPlot(lost, { predictTo: 20 });
  const series = new Set(rowsOf(spec).map((r) => r.series));
  assert.ok(!series.has("Amdahl fit, s = 1") && !series.has("Amdahl prediction"), [...series].join(", "));
  assert.ok(series.has("ideal: S = p"));
  assert.match(JSON.stringify(spec.title), /no worker count beat sequential, so no Amdahl fit/);
});

test("speedupPlot and efficiencyPlot refuse points without their speedup range, naming the point and the fix", () => {
  const { speedupRange: _range, ...old } = data.scaling.points[1];
  const older = { ...data.scaling, points: [data.scaling.points[0], old] } as never;
  for (const plot of [speedupPlot, efficiencyPlot])
    assert.throws(
      () => plot(older),
      /`result.points\[1\].speedupRange` must be \{ low, high \}, got undefined: pass what scaling/,
    );
});

test("speedupPlot: whiskers span the least to the most fair speedup of the repeats", () => {
  const measured = rowsOf(speedupPlot(data.scaling)).filter((r) => String(r.series).startsWith("measured"));
  for (const [i, pt] of data.scaling.points.entries()) {
    assert.equal(measured[i].low, pt.speedupRange.low);
    assert.equal(measured[i].high, pt.speedupRange.high);
    assert.ok((measured[i].low as number) <= pt.speedup && pt.speedup <= (measured[i].high as number));
  }
});

test("timelinePlot: one bar per job, on its worker's row, labelled only where the index fits", async () => {
  const spec = timelinePlot(data.timeline, { workers: 3 });
  const svg = await toSvg(spec);
  assert.equal(svg.match(/aria-roledescription="bar"/g)?.length, data.timeline.length);
  const rows = rowsOf(spec).filter((r) => "index" in r);
  assert.equal(rows.length, data.timeline.length);
  for (const [i, job] of data.timeline.entries()) assert.equal(rows[i].row, `worker ${job.worker}`);
  // An idle third worker still gets its row.
  assert.ok(svg.includes(">worker 2<"));
  // The short first jobs are too narrow for a label, the long last ones are not.
  assert.equal(rows[0].label, "");
  assert.equal(rows[19].label, "19");
});

test("timelinePlot: a sequential run reads 'main thread'", async () => {
  const svg = await toSvg(timelinePlot(data.sequentialTimeline, { labels: ["main thread"] }));
  assert.ok(svg.includes(">main thread<"));
  assert.equal(svg.match(/aria-roledescription="bar"/g)?.length, data.sequentialTimeline.length);
});

test("physicsPlot: plots sz_mean and s2_abs / 2, labelled so", () => {
  const rows = rowsOf(physicsPlot(data.physicsRows));
  const half = rows.filter((r) => String(r.series).startsWith("s2_abs / 2"));
  assert.equal(half.length, data.physicsRows.length);
  for (const [i, row] of data.physicsRows.entries()) assert.equal(half[i].value, row.s2_abs / 2);
});

test("granularityPlot: break-even at 1x and ideal at the worker count", () => {
  const rows = rowsOf(granularityPlot(data.granularity));
  assert.ok(rows.some((r) => r.speedup === 1 && String(r.label).includes("break-even")));
  assert.ok(rows.some((r) => r.speedup === 2 && String(r.label).includes("ideal")));
});

test("costPlot: a skipped size draws nothing; log axes tick 1, 2, 5 per decade over the measured range", () => {
  const spec = costPlot(data.costs);
  const rows = rowsOf(spec);
  assert.equal(rows.length, 8, "the skipped odex point is left out");
  assert.deepEqual([...new Set(rows.map((r) => r.series))], ["odex, dense", "RK45, linear"]);
  const ticks: unknown[] = [];
  collect(spec, (key, value) => key === "axis" && ticks.push((value as { values?: unknown }).values));
  assert.deepEqual(ticks[0], [100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000]);
  assert.deepEqual(ticks[1], [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000]);
});

test("plots validate their input at the door", () => {
  assert.throws(
    () => speedupPlot({ ...data.scaling, points: [] }),
    (e: Error) => e instanceof UsageError && /result\.points/.test(e.message),
  );
  assert.throws(
    () => speedupPlot(data.scaling, { predictTo: 2.5 }),
    /`predictTo` must be an integer from 1 and up, got 2.5/,
  );
  assert.throws(() => timelinePlot([]), /`jobs` must be a non-empty array/);
  assert.throws(() => timelinePlot(data.timeline, { workers: 1 }), /`workers` must be an integer from 2 and up/);
  assert.throws(() => physicsPlot([]), UsageError);
});
