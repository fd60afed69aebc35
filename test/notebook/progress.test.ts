import assert from "node:assert/strict";
import { test } from "node:test";
import { notebookProgress } from "../../dist/notebook/progress.js";
import { inKernel } from "../../dist/notebook/tslab.js";

type Global = { __tslab__?: { require(id: string): unknown } };
const job = { index: 0, r: 0, worker: 0, start: 0, end: 1, rhsEvals: 1 };

test("inKernel: only where tslab has set globalThis.__tslab__", () => {
  assert.equal(inKernel(), false);
  (globalThis as Global).__tslab__ = { require: () => undefined };
  try {
    assert.equal(inKernel(), true);
  } finally {
    delete (globalThis as Global).__tslab__;
  }
});

test("notebookProgress: one line rewritten in place, and mark() says why it stopped", () => {
  const shown: string[] = [];
  let displays = 0;
  const tslab = {
    display: { raw: () => undefined },
    newDisplay: () => {
      displays++;
      return { text: (s: string) => shown.push(s), markdown: () => undefined, raw: () => undefined };
    },
  };
  (globalThis as Global).__tslab__ = { require: (id) => (id === "tslab" ? tslab : undefined) };
  try {
    const progress = notebookProgress({ desc: "Sweep" });
    progress({ done: 1, total: 4, record: job });
    progress({ done: 2, total: 4, record: job });
    progress.mark("interrupted after 2 of 4 jobs");
  } finally {
    delete (globalThis as Global).__tslab__;
  }
  assert.equal(displays, 1, "one display, updated in place");
  assert.match(shown[1], /^Sweep: \[#{10}\.{10}\] 2\/4 jobs, /);
  assert.match(shown[2], /^Sweep: \[#{10}\.{10}\] 2\/4 jobs, .* -- interrupted after 2 of 4 jobs$/);
});
