import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import * as vega from "vega";
import { helveticaWidth, useHelveticaWidths, vegaTextMetrics } from "../../dist/plots/vega-compat.js";

test("vega still exports the text metrics the kit replaces (else: update src/plots/vega-compat.ts)", () => {
  const metrics = vegaTextMetrics();
  assert.notEqual(typeof metrics, "string", `${metrics}: the Helvetica widths cannot be installed`);
  const manifest = fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8");
  const pinned = (JSON.parse(manifest) as { dependencies: Record<string, string> }).dependencies.vega;
  assert.equal(vega.version, pinned, `vega ${vega.version} is installed but package.json pins ${pinned}`);
});

test("after useHelveticaWidths, vega measures text with Helvetica's widths", () => {
  useHelveticaWidths();
  const metrics = vegaTextMetrics();
  if (typeof metrics === "string") assert.fail(metrics);
  const item = { text: "Speedup versus workers", fontSize: 17 };
  assert.equal(metrics.width(item), helveticaWidth(item));
  // narrower than vega's 0.8 em a character guess, wider than nothing
  assert.ok(metrics.width(item, item.text) < metrics.estimateWidth(item, item.text));
  assert.ok(helveticaWidth({ text: "iiii", fontSize: 10 }) < helveticaWidth({ text: "WWWW", fontSize: 10 }));
});
