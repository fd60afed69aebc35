import assert from "node:assert/strict";
import { test } from "node:test";
import { beside, isProgressDisplay, terminalProgress } from "../../dist/sweep/progress.js";

const job = (index: number) => ({ index, r: index / 10, worker: index % 2, start: 0, end: 1, rhsEvals: 1 });

test("terminalProgress without a terminal: a line for the first and the last job with elapsed time and time left, none left at the end", () => {
  const lines: string[] = [];
  const stream = { isTTY: false, write: (text: string) => lines.push(text) } as unknown as NodeJS.WriteStream;
  const progress = terminalProgress({ desc: "Sweep", stream });
  // a resumed sweep: 3 of 6 jobs were done before, so the count starts at 4; job 4 comes within a second
  progress({ done: 4, total: 6, record: job(3) });
  progress({ done: 5, total: 6, record: job(4) });
  progress({ done: 6, total: 6, record: job(5) });
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
  spaced({ done: 1, total: 4, record: job(0) });
  spaced({ done: 2, total: 4, record: job(1) }); // at once: shares the first line
  await new Promise((resolve) => setTimeout(resolve, 30));
  spaced({ done: 3, total: 4, record: job(2) }); // 30 ms later: a line
  spaced({ done: 4, total: 4, record: job(3) }); // the last: a line
  assert.deepEqual(
    lines.map((l) => /(\d)\/4 jobs/.exec(l)?.[1]),
    ["1", "3", "4"],
  );
  lines.length = 0;
  const every = terminalProgress({ stream, everyMs: 0 });
  for (let i = 0; i < 4; i++) every({ done: i + 1, total: 4, record: job(i) });
  assert.equal(lines.length, 4);
});

test("beside: a default display joins a plain onJob, gives way to a display of the caller's, and stands alone without one", () => {
  const seen: string[] = [];
  const display = (event: { done: number }) => void seen.push(`display ${event.done}`);
  const mine = (event: { done: number }) => void seen.push(`mine ${event.done}`);
  const theirs = Object.assign((event: { done: number }) => void seen.push(`theirs ${event.done}`), {
    stop: () => undefined,
  });
  const event = { done: 1, total: 1, record: job(0) };
  beside(display, mine)(event);
  beside(display, theirs)(event);
  beside(display, undefined)(event);
  assert.deepEqual(seen, ["display 1", "mine 1", "theirs 1", "display 1"]);
  assert.equal(isProgressDisplay(terminalProgress({ stream: { isTTY: false, write: () => true } as never })), true);
  assert.equal(isProgressDisplay(mine), false);
});
