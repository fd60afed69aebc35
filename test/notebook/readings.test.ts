import assert from "node:assert/strict";
import { test } from "node:test";
import { amdahlReading, chunksizeReading, loadSentence, poolReading } from "../../dist/notebook/readings.js";
import { seqJobs, pooledJobs, chunkResult, scaled } from "../measure/records.js";

test("poolReading: the verdict follows the numbers, largest loss first, and a busy machine is named", () => {
  const seq = { jobs: seqJobs, wallMs: 400 };
  const won = poolReading(seq, { jobs: pooledJobs, wallMs: 270, workers: 2 }, { loadAverage: 0.2, cores: 2 });
  assert.match(won, /\*\*1\.48x\*\*, short of the ideal 2x of 2 workers/);
  assert.match(
    won,
    /the rest went to slower jobs, at 1\.13x their time in the loop \(25 ms\); the idle tail while workers waited for the last job \(25 ms\); start-up before each worker's first job \(10 ms\); the pool stopping \(8 ms\)\.$/,
  );
  assert.doesNotMatch(won, /busy/);
  const lost = poolReading(
    { jobs: seqJobs, wallMs: 200 },
    { jobs: pooledJobs, wallMs: 270, workers: 2 },
    { loadAverage: 5, cores: 2 },
  );
  assert.match(lost, /the pool \*\*lost\*\*: 0\.74x/);
  assert.match(lost, /This machine is busy\*\*: its load average is 5\.0 on 2 cores/);
  const even = pooledJobs.map((j) => ({ ...j, start: j.start - 10, end: j.index === 3 ? 200 : j.end - 10 }));
  const ideal = poolReading(seq, { jobs: even, wallMs: 202, workers: 2 }, { loadAverage: 0, cores: 2 });
  assert.match(
    ideal,
    /\*\*1\.98x\*\*, close to the ideal 2x of 2 workers\. Almost nothing was lost beyond the work itself\.$/,
  );
});

test("loadSentence: free, noisy or busy, by the load average against the cores", () => {
  assert.match(
    loadSentence({ loadAverage: 0.4, cores: 2 }),
    /^The load average is 0\.4 on 2 cores: the cores are free/,
  );
  assert.match(loadSentence({ loadAverage: 1.5, cores: 2 }), /some other work is running/);
  assert.match(
    loadSentence({ loadAverage: 6, cores: 2 }),
    /^\*\*This machine is busy\*\*: its load average is 6\.0 on 2 cores/,
  );
});

test("chunksizeReading: says which of tail and overhead weighs more, and whether the model agrees", () => {
  // long, uneven jobs: the tail dominates; the measurement picks chunksize 1 like the model
  const tail = chunksizeReading(chunkResult([44, 40, 70], [10, 10, 10, 30], 0.1));
  assert.match(
    tail,
    /^The idle tail \(up to [^)]+, at chunksize 4\) outweighs the dispatches .* small chunks should win\. Measurement and model agree: chunksize 2 was fastest\.$/,
  );
  // tiny jobs with a costly hand-over: overhead dominates; the measurement disagrees with the model
  const overhead = chunksizeReading(chunkResult([40, 44, 70], [0.01, 0.01, 0.01, 0.01], 5));
  assert.match(
    overhead,
    /^The dispatches \(up to [^)]+, at chunksize 1\) outweigh the idle tail .* larger chunks should win\. Measurement and model disagree on the best chunksize \(measured 1, model 2\)/,
  );
  assert.match(chunksizeReading(chunkResult([40, 44, 70], [10, 10, 10, 30], 0.1, 9)), /This machine is busy/);
});

test("amdahlReading: a ceiling when the pool paid, 'nothing to fit' when it never did", () => {
  assert.match(
    amdahlReading(scaled([0.95, 1.6], 0.25)),
    /^Fitted serial fraction \*\*s = 0\.250\*\* .* \*\*1\/s = 4\.0x\*\*/,
  );
  const lost = amdahlReading(scaled([0.86, 0.77], 1, 14));
  assert.match(
    lost,
    /^No worker count beat the loop in this run \(the best was 0\.86x, on 1 worker\), so there is no parallel part/,
  );
  assert.match(lost, /This machine is busy/);
  assert.match(amdahlReading(scaled([1, 2.05], 0)), /Amdahl's law sets no ceiling here/);
});
