import { test } from "node:test";
import * as assert from "node:assert/strict";
import { speedupPlot } from "../../dist/plots/plots.js";
import { VEGALITE_MIME, mimeBundle, show } from "../../dist/notebook/display.js";
import * as data from "../plots/plot-data.js";

const spec = speedupPlot(data.scaling);
type Global = { __tslab__?: { require(id: string): unknown } };

test("mimeBundle: the spec, its SVG and its title, under the three mime types", async () => {
  const bundle = await mimeBundle(spec);
  assert.deepEqual(Object.keys(bundle).sort(), [VEGALITE_MIME, "image/svg+xml", "text/plain"].sort());
  assert.equal(VEGALITE_MIME, "application/vnd.vegalite.v5+json");
  assert.equal(bundle[VEGALITE_MIME], spec);
  assert.ok((bundle["image/svg+xml"] as string).startsWith("<svg"));
  assert.equal(bundle["text/plain"], "Speedup versus workers");
});

test("show: outside a tslab kernel it throws and points to savePlot", async () => {
  assert.equal((globalThis as Global).__tslab__, undefined);
  await assert.rejects(show(spec), /no tslab kernel is running.*savePlot/s);
});

/**
 * A kernel as tslab 1.0.22 sets one up: `globalThis.__tslab__` for cells, and in its jupyter
 * module the `lastWriteDisplayData` function the current cell's outputs go through.
 */
function fakeKernel(write: unknown, tslab?: unknown): () => void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const jupyter = require("tslab/dist/jupyter.js") as { lastWriteDisplayData: unknown };
  const saved = jupyter.lastWriteDisplayData;
  jupyter.lastWriteDisplayData = write;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- tslab hands cells its own require
  (globalThis as Global).__tslab__ = { require: (id) => (id === "tslab" && tslab ? tslab : require(id)) };
  return () => {
    jupyter.lastWriteDisplayData = saved;
    delete (globalThis as Global).__tslab__;
  };
}

test("show: in a kernel, ONE display_data message carries all three mime types", async () => {
  const sent: { message: { data: Record<string, unknown> }; update: boolean }[] = [];
  const restore = fakeKernel((message: { data: Record<string, unknown> }, update: boolean) =>
    sent.push({ message, update }),
  );
  try {
    await show(spec);
  } finally {
    restore();
  }
  assert.equal(sent.length, 1);
  assert.equal(sent[0].update, false);
  assert.deepEqual(Object.keys(sent[0].message.data).sort(), [VEGALITE_MIME, "image/svg+xml", "text/plain"].sort());
  assert.equal(sent[0].message.data[VEGALITE_MIME], spec);
});

test("show: if tslab's internals change, it falls back to the public display with the SVG", async () => {
  const raw: [string, string][] = [];
  const restore = fakeKernel(null, { display: { raw: (mime: string, body: string) => raw.push([mime, body]) } });
  try {
    await show(spec);
  } finally {
    restore();
  }
  assert.equal(raw.length, 1);
  assert.equal(raw[0][0], "image/svg+xml");
  assert.ok(raw[0][1].startsWith("<svg"));
});
