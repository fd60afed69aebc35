import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { VEGALITE_MIME } from "../../dist/notebook/display.js";
import { liveTimeline } from "../../dist/notebook/live-timeline.js";
import { sweep } from "../../dist/notebook/sweep-cell.js";
import { heavy } from "../../dist/physics/workloads.js";

type Global = { __tslab__?: { require(id: string): unknown } };
interface Sent {
  data: Record<string, unknown>;
  id: unknown;
  update: boolean;
}

/** A kernel as tslab 1.0.22 sets one up (see display.test.ts): every message of the cell is kept. */
function fakeKernel(sent: Sent[]): () => void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const jupyter = require("tslab/dist/jupyter.js") as { lastWriteDisplayData: unknown };
  const saved = jupyter.lastWriteDisplayData;
  jupyter.lastWriteDisplayData = (
    message: { data: Record<string, unknown>; transient: { display_id?: unknown } },
    update: boolean,
  ) => sent.push({ data: message.data, id: message.transient.display_id, update });
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- tslab hands cells its own require
  (globalThis as Global).__tslab__ = { require: (id) => require(id) };
  return () => {
    jupyter.lastWriteDisplayData = saved;
    delete (globalThis as Global).__tslab__;
  };
}

const job = (index: number, worker: number) => ({
  index,
  r: index / 10,
  worker,
  start: index * 10,
  end: index * 10 + 9,
  rhsEvals: 100,
});

/** Waits for a condition (bounded), never for a fixed time: the test holds on any machine. */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > 30_000) assert.fail(`waited 30 s for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test("liveTimeline: one output, then updates of it; a burst of jobs is one redraw; the last has the SVG", async () => {
  const sent: Sent[] = [];
  const restore = fakeKernel(sent);
  try {
    const live = liveTimeline({ workers: 2, everyMs: 200 });
    live.add(job(0, 0), 6); // the first job draws at once
    assert.equal(sent.length, 1);
    for (let i = 1; i < 5; i++) live.add(job(i, i % 2), 6); // within everyMs: one redraw, later
    assert.equal(sent.length, 1, "jobs within everyMs of a redraw wait for the next one");
    await until(() => sent.length === 2, "the throttled redraw");
    assert.match(String(sent[1].data["text/plain"]), /5 of 6 jobs/);
    live.add(job(5, 1), 6);
    await live.finish({ workers: 2 });
    const after = sent.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(sent.length, after, "nothing is drawn after finish()");
    assert.deepEqual(
      sent.map((s) => s.update),
      [false, ...sent.slice(1).map(() => true)],
      "display_data first, update_display_data after",
    );
    assert.equal(new Set(sent.map((s) => s.id)).size, 1, "every message names the same display");
    for (const s of sent.slice(0, -1)) assert.deepEqual(Object.keys(s.data).sort(), [VEGALITE_MIME, "text/plain"]);
    const final = sent[sent.length - 1].data;
    assert.deepEqual(Object.keys(final).sort(), [VEGALITE_MIME, "image/svg+xml", "text/plain"]);
    const spec = final[VEGALITE_MIME] as { data: { values: unknown[] } };
    assert.equal(spec.data.values.length, 6, "the final figure has every job");
    assert.match(String(final["image/svg+xml"]), /^<svg/);
  } finally {
    restore();
  }
});

test("liveTimeline: outside a notebook nothing is drawn until finish(), which writes the SVG and the spec", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "sweeplab-live-"));
  try {
    const live = liveTimeline({ dir, name: "heavy-timeline", everyMs: 0 });
    for (let i = 0; i < 4; i++) live.add(job(i, i % 2), 4);
    assert.equal(live.redraws, 0);
    const file = await live.finish({ workers: 2 });
    assert.equal(file, path.join(dir, "heavy-timeline.svg"));
    assert.match(readFileSync(file!, "utf8"), /^<svg/);
    assert.ok(existsSync(path.join(dir, "heavy-timeline.vl.json")));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("liveTimeline: an interrupted sweep's figure says so; no finished job, no figure", async () => {
  const sent: Sent[] = [];
  const restore = fakeKernel(sent);
  try {
    const live = liveTimeline({ everyMs: 0 });
    live.add(job(0, 0), 20);
    await live.finish({ note: "interrupted after 1 of 20 jobs" });
    const spec = sent[sent.length - 1].data[VEGALITE_MIME] as { title: { text: string } };
    assert.equal(spec.title.text, "Timeline of 1 of 20 jobs, interrupted after 1 of 20 jobs");
    assert.equal(await liveTimeline().finish(), undefined);
  } finally {
    restore();
  }
});

test("lab.sweep with timeline: the figure follows the sweep's jobs and ends with its workers' start-ups", async () => {
  const sent: Sent[] = [];
  const restore = fakeKernel(sent);
  try {
    const report = await sweep("lecture", { workers: 2, chunksize: 2, timeline: { everyMs: 0 } });
    const timeline = sent.filter((s) => VEGALITE_MIME in s.data);
    // everyMs 0: a redraw per job, then the final figure
    assert.equal(timeline.length, report.jobs.length + 1);
    assert.equal(timeline.filter((s) => !s.update).length, 1);
    const final = timeline[timeline.length - 1].data[VEGALITE_MIME] as { layer: unknown[] };
    assert.ok(final.layer.length > 2, "the final figure draws the workers' start-up bars");
  } finally {
    restore();
  }
});

test("lab.sweep rejects a timeline option of the wrong shape before any work", async () => {
  await assert.rejects(sweep("lecture", { timeline: "yes" as unknown as boolean }), (error: Error) => {
    assert.match(error.message, /`timeline` must be true, false or the timeline's options, got "yes"/);
    return true;
  });
  await assert.rejects(sweep("lecture", { timeline: { everyMs: -1 } }), /everyMs/);
  await assert.rejects(sweep("lecture", { timeline: { colorBy: "rr" as "r" } }), /colorBy/);
});

test("lab.sweep with timeline, interrupted: the figure stays, its title says after how many jobs", async () => {
  const sent: Sent[] = [];
  const restore = fakeKernel(sent);
  try {
    // "interrupt kernel" right after the first job finishes: a condition, not a time
    const onJob = ({ done }: { done: number }) => {
      if (done === 1) process.kill(process.pid, "SIGINT");
    };
    const workload = { ...heavy, tScale: 2 };
    await assert.rejects(
      sweep(workload, { workers: 2, chunksize: 1, onJob, timeline: { everyMs: 0 } }),
      /Interrupted after/,
    );
    const timeline = sent.filter((s) => VEGALITE_MIME in s.data);
    const final = timeline[timeline.length - 1];
    assert.equal(final.update, true, "the same output, updated");
    assert.ok("image/svg+xml" in final.data, "the final figure carries its SVG");
    assert.match(String(final.data["text/plain"]), /^Timeline of \d+ of 20 jobs, interrupted after \d+ of 20 jobs$/);
  } finally {
    restore();
  }
});

test("liveTimeline: a redraw that fails stops the redraws, not the sweep; finish() throws its error", async () => {
  const sent: Sent[] = [];
  const restore = fakeKernel(sent);
  try {
    // an axis ending before the jobs do: timelinePlot refuses it at the first redraw
    const live = liveTimeline({ untilMs: 5, everyMs: 0 });
    assert.doesNotThrow(() => live.add(job(3, 0), 4));
    live.add(job(4, 0), 4);
    assert.equal(live.redraws, 0);
    await assert.rejects(live.finish(), /`untilMs` must be a number of ms at least/);
  } finally {
    restore();
  }
});
