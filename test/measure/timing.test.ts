import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as os from "node:os";
import { formatStats, ratio, stats, timeit } from "../../dist/measure/timing.js";
import { machine } from "../../dist/core/machine.js";

test("stats: median of an odd count is the middle sample", () => {
  const s = stats([3, 1, 2]);
  assert.equal(s.medianMs, 2);
  assert.equal(s.minMs, 1);
  assert.equal(s.maxMs, 3);
});

test("stats: median of an even count is the mean of the two middle samples", () => {
  assert.equal(stats([4, 1, 3, 2]).medianMs, 2.5);
  assert.equal(stats([7, 7]).medianMs, 7);
});

test("stats: keeps every sample in the order given and does not alias the input", () => {
  const input = [5, 3, 9, 1];
  const s = stats(input);
  assert.deepEqual(s.samplesMs, [5, 3, 9, 1]);
  assert.notEqual(s.samplesMs, input);
  assert.deepEqual(input, [5, 3, 9, 1]);
});

test("stats: min <= median <= max on any input", () => {
  for (let n = 1; n <= 9; n++) {
    const xs = Array.from({ length: n }, (_, i) => ((i * 7919) % 13) + 0.5);
    const s = stats(xs);
    assert.ok(s.minMs <= s.medianMs && s.medianMs <= s.maxMs);
  }
});

test("stats: rejects empty and non-finite samples, naming the argument and the value", () => {
  assert.throws(() => stats([]), /`samplesMs`.*at least one finite number.*got \[\].*time at least one repeat/);
  assert.throws(() => stats([1, NaN, 2]), /`samplesMs`.*finite.*NaN.*index 1/);
  assert.throws(() => stats([Infinity]), /`samplesMs`.*Infinity.*index 0/);
});

test("timeit: runs fn warmup + repeats times and keeps repeats samples", async () => {
  let calls = 0;
  const t = await timeit(() => ++calls, { repeats: 4, warmup: 2, label: "count" });
  assert.equal(calls, 6);
  assert.equal(t.samplesMs.length, 4);
  assert.equal(t.repeats, 4);
  assert.equal(t.warmup, 2);
  assert.equal(t.label, "count");
  assert.equal(t.last, 6, "last is the value of the last run");
  assert.ok(t.samplesMs.every((x) => Number.isFinite(x) && x >= 0));
  assert.equal(t.medianMs, stats(t.samplesMs).medianMs);
});

test("timeit: defaults are 5 repeats and 1 warm-up; label defaults to the function name", async () => {
  let calls = 0;
  function work() {
    calls++;
  }
  const t = await timeit(work);
  assert.equal(calls, 6);
  assert.equal(t.samplesMs.length, 5);
  assert.equal(t.label, "work");
  const none = await timeit(() => 0, { warmup: 0, repeats: 1 });
  assert.equal(none.samplesMs.length, 1);
});

test("timeit: awaits an async fn inside its sample", async () => {
  // Timers fire no earlier than asked, up to rounding of the clock: accept >= 4 ms for a 5 ms wait.
  const t = await timeit(() => new Promise<string>((resolve) => setTimeout(() => resolve("done"), 5)), {
    repeats: 2,
    warmup: 0,
  });
  assert.equal(t.last, "done");
  assert.ok(t.minMs >= 4, `min ${t.minMs} ms should include the 5 ms wait`);
});

test("timeit: runs never overlap", async () => {
  let running = 0;
  let maxRunning = 0;
  await timeit(
    async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((r) => setImmediate(r));
      running--;
    },
    { repeats: 3, warmup: 1 },
  );
  assert.equal(maxRunning, 1);
});

test("timeit: rejects bad options, naming the option and the value", async () => {
  const fn = () => 0;
  await assert.rejects(timeit(fn, { repeats: 0 }), /`repeats`.*integer from 1.*got 0 \(number\)/);
  await assert.rejects(timeit(fn, { repeats: 2.5 }), /`repeats`.*got 2\.5 \(number\)/);
  await assert.rejects(timeit(fn, { warmup: -1 }), /`warmup`.*integer from 0.*got -1 \(number\)/);
  await assert.rejects(timeit(fn, { warmup: NaN }), /`warmup`.*got NaN \(number\)/);
  await assert.rejects(timeit(fn, { label: 3 as unknown as string }), /`label`.*string.*got 3 \(number\)/);
  await assert.rejects(timeit("fn" as unknown as () => 0), /`fn`.*function.*got "fn" \(string\)/);
});

test("timeit: a throwing fn rejects with its own error", async () => {
  await assert.rejects(
    timeit(() => {
      throw new Error("boom");
    }),
    /boom/,
  );
});

test("machine: describes this process's machine", () => {
  const m = machine();
  assert.equal(m.node, process.version);
  assert.equal(m.platform, process.platform);
  assert.equal(m.arch, process.arch);
  assert.ok(Number.isInteger(m.cores) && m.cores >= 1);
  assert.ok(m.cores <= os.cpus().length || os.cpus().length === 0);
  assert.equal(typeof m.cpuModel, "string");
  assert.equal(m.cpuModel, m.cpuModel.trim());
  assert.ok(m.totalMemoryGiB > 0);
  assert.equal(Math.round(m.totalMemoryGiB * 10) / 10, m.totalMemoryGiB, "rounded to 0.1 GiB");
  assert.ok(m.loadAverage >= 0 && Number.isFinite(m.loadAverage), "a load average, 0 where the OS has none");
});

test("formatStats: picks µs, ms or s by the median", () => {
  assert.equal(formatStats(stats([12.3, 11.9, 14.0, 12.5, 12.1])), "median 12.3 ms (min 11.9, max 14.0, 5 runs)");
  assert.equal(formatStats(stats([0.5])), "median 500 µs (min 500, max 500, 1 run)");
  assert.equal(formatStats(stats([2500, 2400, 2600])), "median 2.50 s (min 2.40, max 2.60, 3 runs)");
  assert.match(formatStats(stats([3.123, 3.05, 3.4])), /^median 3\.12 ms \(min 3\.05, max 3\.40, 3 runs\)$/);
});

test("ratio: median over median, and refuses to divide by a zero median", () => {
  assert.equal(ratio(stats([40, 41, 39]), stats([10, 11, 9])), 4);
  assert.throws(() => ratio(stats([1]), stats([0])), /`b\.medianMs`.*greater than 0.*got 0 \(number\)/);
});
