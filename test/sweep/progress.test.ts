import assert from "node:assert/strict";
import { test } from "node:test";
import { terminalProgress } from "../../dist/sweep/progress.js";

const job = (index: number) => ({ index, r: index / 10, worker: index % 2, start: 0, end: 1, rhsEvals: 1 });

test("terminalProgress without a terminal: one line per job with elapsed time and time left, none left at the end; the lines of one turn in one write", () => {
  const writes: string[] = [];
  const stream = { isTTY: false, write: (text: string) => writes.push(text) } as unknown as NodeJS.WriteStream;
  const progress = terminalProgress({ desc: "Sweep", stream });
  // a resumed sweep: 3 of 5 jobs were done before, so the count starts at 4
  progress(4, 5, job(3));
  progress(5, 5, job(4));
  assert.equal(writes.length, 0, "held until the end of the turn (or stop)");
  progress.stop();
  assert.equal(writes.length, 1, "two jobs heard of in one turn: one write");
  const lines = writes[0].split(/(?<=\n)/);
  assert.equal(lines.length, 2);
  assert.match(
    lines[0],
    /^Sweep: 4\/5 jobs \(job 3, r = 0\.300, worker 1\), [\d.]+ (µs|ms|s) elapsed, about [\d.]+ (µs|ms|s) left\n$/,
  );
  assert.match(lines[1], /^Sweep: 5\/5 jobs \(job 4, r = 0\.400, worker 0\), [\d.]+ (µs|ms|s) elapsed\n$/);
});
