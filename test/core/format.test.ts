import assert from "node:assert/strict";
import { test } from "node:test";
import { formatMs, formatNumber, formatPercent, formatRows } from "../../dist/core/format.js";

test("formatNumber: integers as they are, 4 significant digits otherwise, no exponent for big values", () => {
  assert.equal(formatNumber(20), "20");
  assert.equal(formatNumber(182.1234), "182.1");
  assert.equal(formatNumber(0.000123456), "0.0001235");
  assert.equal(formatNumber(12345.6), "12346");
  assert.equal(formatNumber(NaN), "NaN");
});

test("formatMs picks µs, ms or s and keeps three significant digits", () => {
  assert.equal(formatMs(0.25), "250 µs");
  assert.equal(formatMs(182.44), "182 ms");
  assert.equal(formatMs(4130), "4.13 s");
  assert.equal(formatMs(8400), "8.4 s");
  assert.throws(() => formatMs(-1), /`ms` must be a finite number >= 0, got -1 \(number\)/);
});

test("formatRows: a header, a rule, one line per row, numbers right-aligned and text left-aligned", () => {
  const text = formatRows([
    { name: "lecture", ms: 812.25 },
    { name: "heavy", ms: 12 },
  ]);
  assert.deepEqual(text.split("\n"), ["name        ms", "-------  -----", "lecture  812.3", "heavy       12"]);
  assert.equal(formatRows([{ a: 1, b: 2 }], { columns: ["b"] }), "b\n-\n2");
  assert.throws(() => formatRows([]), /`rows` must be a non-empty array of records, got \[\]/);
});

test("formatRows takes any records (interfaces too) and joins arrays", () => {
  interface Point {
    workers: number;
    jobs: number[];
  }
  const points: Point[] = [{ workers: 2, jobs: [0, 1] }];
  assert.equal(formatRows(points), "workers  jobs\n-------  ----\n      2  0, 1");
});

test("formatMs: minutes and seconds from a minute on, hours and minutes from an hour on", () => {
  assert.equal(formatMs(59_940), "59.9 s");
  assert.equal(formatMs(59_960), "1 min 00 s");
  assert.equal(formatMs(725_000), "12 min 05 s");
  assert.equal(formatMs(3 * 3600_000 + 7 * 60_000), "3 h 07 min");
});

test("formatPercent: a share that is not zero never prints as 0.0%, and a small one keeps its size", () => {
  assert.equal(formatPercent(0.0005), "0.05%"); // the copy of a lecture job beside its solve
  assert.equal(formatPercent(0.00051234), "0.051%");
  assert.equal(formatPercent(0.0123), "1.2%");
  assert.equal(formatPercent(0.0996), "10%");
  assert.equal(formatPercent(0.456), "46%");
  assert.equal(formatPercent(1), "100%");
  assert.equal(formatPercent(0.9997), "99.97%");
  assert.equal(formatPercent(0.996), "99.6%");
  assert.equal(formatPercent(0.999999), ">99.99%");
  assert.equal(formatPercent(-0.999999), "<-99.99%");
  assert.equal(formatPercent(-0.9997), "-99.97%");
  assert.equal(formatPercent(2.5), "250%");
  assert.equal(formatPercent(0), "0%");
  assert.equal(formatPercent(2e-7), "<0.01%");
  assert.equal(formatPercent(-0.0123), "-1.2%");
  assert.equal(formatPercent(-2e-7), ">-0.01%");
  for (let share = 1e-9; share < 1; share *= 1.7) {
    assert.doesNotMatch(formatPercent(share), /^0(\.0+)?%$/, `${share}`);
  }
  assert.throws(() => formatPercent(NaN), /`share` must be a finite number, got NaN \(number\)/);
});
