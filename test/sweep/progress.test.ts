import assert from "node:assert/strict";
import { test } from "node:test";
import { terminalProgress } from "../../dist/sweep/progress.js";

const job = (index: number) => ({ index, r: index / 10, worker: index % 2, start: 0, end: 1, rhsEvals: 1 });

test("terminalProgress without a terminal: a line for the first and the last job with elapsed time and time left, none left at the end", () => {
  const lines: string[] = [];
  const stream = { isTTY: false, write: (text: string) => lines.push(text) } as unknown as NodeJS.WriteStream;
  const progress = terminalProgress({ desc: "Sweep", stream });
  // a resumed sweep: 3 of 6 jobs were done before, so the count starts at 4; job 4 comes within a second
  progress(4, 6, job(3));
  progress(5, 6, job(4));
  progress(6, 6, job(5));
  progress.stop();
  assert.equal(lines.length, 2, lines.join(""));
  assert.match(
    lines[0],
    /^Sweep: 4\/6 jobs \(job 3, r = 0\.300, worker 1\), [\d.]+ (µs|ms|s) elapsed, about [\d.]+ (µs|ms|s) left\n$/,
  );
  assert.match(lines[1], /^Sweep: 6\/6 jobs \(job 5, r = 0\.500, worker 1\), [\d.]+ (µs|ms|s) elapsed\n$/);
});

test("terminalProgress without a terminal: jobs that come at least everyMs apart get a line each; everyMs 0 gives every job one", async () => {
  const lines: string[] = [];
  const stream = { isTTY: false, write: (text: string) => lines.push(text) } as unknown as NodeJS.WriteStream;
  const spaced = terminalProgress({ stream, everyMs: 20 });
  spaced(1, 4, job(0));
  spaced(2, 4, job(1)); // at once: shares the first line
  await new Promise((resolve) => setTimeout(resolve, 30));
  spaced(3, 4, job(2)); // 30 ms later: a line
  spaced(4, 4, job(3)); // the last: a line
  assert.deepEqual(
    lines.map((l) => /(\d)\/4 jobs/.exec(l)?.[1]),
    ["1", "3", "4"],
  );
  lines.length = 0;
  const every = terminalProgress({ stream, everyMs: 0 });
  for (let i = 0; i < 4; i++) every(i + 1, 4, job(i));
  assert.equal(lines.length, 4);
});
