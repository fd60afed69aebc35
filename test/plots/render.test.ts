import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { physicsPlot, timelinePlot } from "../../dist/plots/plots.js";
import { UsageError } from "../../dist/core/errors.js";
import { savePlot, toSvg } from "../../dist/plots/render.js";
import * as data from "./plot-data.js";

test("toSvg: a complete SVG document sized like the spec", async () => {
  const svg = await toSvg(physicsPlot(data.physicsRows));
  assert.match(svg, /^<svg[^>]* width="(\d+)" height="(\d+)"/);
  assert.ok(svg.trimEnd().endsWith("</svg>"));
  const [, width] = svg.match(/width="(\d+)"/)!;
  // The plot area is 480 px; axes and legend add to it, but not the runaway margin that vega's
  // 0.8 em-per-character text estimate would (about 1100 px for this figure).
  assert.ok(Number(width) > 480 && Number(width) < 950, `width ${width}`);
});

test("toSvg: leaves the spec untouched, and renders it the same way twice", async () => {
  const spec = timelinePlot(data.timeline);
  const copy = structuredClone(spec);
  const first = await toSvg(spec);
  // deepStrictEqual also compares symbol keys, such as the ids vega puts on the data it ingests.
  assert.deepStrictEqual(spec, copy);
  // Gradient ids are numbered per process so that two SVGs on one page do not clash.
  const plain = (svg: string) => svg.replace(/gradient_\d+/g, "gradient");
  assert.equal(plain(await toSvg(spec)), plain(first));
});

test("savePlot: writes name.svg and name.vl.json into a new folder and returns their paths", async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "sweeplab-render-"));
  try {
    const dir = path.join(root, "results", "plots");
    const spec = physicsPlot(data.physicsRows);
    const paths = await savePlot(spec, dir, "physics");
    assert.deepEqual(paths, { svg: path.join(dir, "physics.svg"), json: path.join(dir, "physics.vl.json") });
    assert.ok(fs.readFileSync(paths.svg, "utf8").startsWith("<svg"));
    assert.deepEqual(JSON.parse(fs.readFileSync(paths.json, "utf8")), spec);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test("savePlot: a name with a folder in it is refused, and says where the folder goes", async () => {
  await assert.rejects(savePlot(physicsPlot(data.physicsRows), os.tmpdir(), "../escape"), (e: Error) => {
    return e instanceof UsageError && /`name` must be a plain file name/.test(e.message) && /`dir`/.test(e.message);
  });
  await assert.rejects(savePlot(physicsPlot(data.physicsRows), "", "physics"), /`dir` must be a non-empty folder path/);
});
