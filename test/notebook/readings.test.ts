import assert from "node:assert/strict";
import { test } from "node:test";
import {
  amdahlReading,
  chunksizeReading,
  floorNote,
  poolReading,
  predictionNote,
  workloadComparison,
  partsReading,
  predictionRows,
  flipReading,
} from "../../dist/notebook/readings.js";
import { checkPredictions, nodePrediction } from "../../dist/measure/predict.js";
import { seqJobs, pooledJobs, chunkResult, scaled } from "../measure/records.js";

test("poolReading: the verdict follows the numbers, largest loss first, and a busy machine is named", () => {
  const seq = { jobs: seqJobs, wallMs: 400 };
  const won = poolReading(seq, { jobs: pooledJobs, wallMs: 270, workers: 2 }, { loadAverage: 0.2, cores: 2 });
  assert.match(won, /\*\*1\.48x\*\* on 2 workers: faster than the loop, 74% of the ideal 2x/);
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
  assert.match(lost, /\*\*0\.74x\*\* on 2 workers: slower than the loop \(the ideal: 2x\)/);
  assert.match(
    lost,
    /^> \*\*Busy machine: the conclusions below are unreliable\.\*\* The load average was 5\.0 on 2 cores/,
  );
  assert.equal(lost.match(/Busy machine/g)?.length, 1, "one banner");
  const even = pooledJobs.map((j) => ({ ...j, start: j.start - 10, end: j.index === 3 ? 200 : j.end - 10 }));
  const ideal = poolReading(seq, { jobs: even, wallMs: 202, workers: 2 }, { loadAverage: 0, cores: 2 });
  // the loop took 400 ms, the pool's own jobs 398: the pool is credited 398 ms in 202 (fairSpeedup)
  assert.match(
    ideal,
    /\*\*1\.97x\*\* on 2 workers: faster than the loop, 99% of the ideal 2x\. Almost nothing was lost beyond the work itself\.$/,
  );
});

test("chunksizeReading: says which of tail and overhead weighs more, and whether the model agrees", () => {
  // long, uneven jobs: the tail dominates; the measurement picks chunksize 1 like the model
  const tail = chunksizeReading(chunkResult([44, 40, 70], [10, 10, 10, 30], 0.1));
  assert.match(
    tail,
    /^One hand-over costs \*\*100 µs\*\* here [^.]*\. In the model, the idle tail \(up to [^)]+, at chunksize 4\) outweighs the dispatches .* it favours small chunks\. Measurement and model agree: chunksize 2 was fastest\.$/,
  );
  // tiny jobs with a costly hand-over: overhead dominates; the measurement disagrees with the model
  const overhead = chunksizeReading(chunkResult([40, 44, 70], [0.01, 0.01, 0.01, 0.01], 5));
  assert.match(
    overhead,
    /In the model, the dispatches \(up to [^)]+, at chunksize 1\) outweigh the idle tail .* it favours larger chunks\. Measurement and model disagree on the best chunksize \(measured 1, model 2\)/,
  );
  assert.match(chunksizeReading(chunkResult([40, 44, 70], [10, 10, 10, 30], 0.1, 9)), /^> \*\*Busy machine/);
});

test("amdahlReading: a ceiling when the pool paid, 'nothing to fit' when it never did", () => {
  assert.match(
    amdahlReading(scaled([0.95, 1.6], 0.25)),
    /^Fitted serial fraction \*\*s = 0\.250\*\* .* ceiling is 1\/s = 4\.0x: /,
  );
  const lost = amdahlReading(scaled([0.86, 0.77], 1, 14));
  assert.match(
    lost,
    /^No worker count beat the loop in this run \(the best was 0\.86x, on 1 worker\), so there is no parallel part/,
  );
  assert.doesNotMatch(lost, /Busy machine/, "the banner is the notebook's first result cell's, not repeated here");
  assert.match(amdahlReading(scaled([1, 2.05], 0)), /Amdahl's law sets no ceiling here/);
});

test("floorNote: a measurement below the floor is explained, none above it says nothing", () => {
  // floor = (10 + 10 + 10 + 30) / 2 = 30 ms
  assert.equal(floorNote(chunkResult([44, 40, 70], [10, 10, 10, 30], 0.1)), "");
  const below = floorNote(chunkResult([44, 40, 25], [10, 10, 10, 30], 0.1));
  assert.match(below, /^ At chunksize 4 \(25 ms\) the measurement lies \*\*below the floor\*\* of 30 ms/);
  assert.match(below, /in that run the jobs ran faster than those costs/);
  const two = floorNote(chunkResult([25, 28, 70], [10, 10, 10, 30], 0.1));
  assert.match(two, /^ At chunksize 1 \(25 ms\) and chunksize 2 \(28 ms\) the measurement lies/);
  assert.match(two, /in those runs/);
});

test("predictionNote: the dashed prediction's value, or why none is drawn", () => {
  assert.match(
    predictionNote(scaled([0.95, 1.6], 0.25), 20),
    /^The dashed curve right of 2 workers is Amdahl's S\(p\) with the fitted s = 0\.250, a prediction resting on a fit to 2 points: it reaches 3\.5x at 20 workers, against/,
  );
  assert.match(
    predictionNote(scaled([0.86, 0.77], 1), 20),
    /^The figure draws \*\*no prediction\*\*: no worker count beat the loop/,
  );
  assert.match(predictionNote(scaled([0.95, 1.6], 0.25), 2), /nothing is predicted/);
});

test("workloadComparison: heavy's t_final is 50x the lecture's (tScale 100x, nz 2x), not 100x", () => {
  const text = workloadComparison();
  assert.match(
    text,
    /^`heavy` has 2x the atoms \(nz = 200 against 100\) and evolves 50x as long \(t_final = 0\.5 against 0\.01\)/,
  );
  assert.match(text, /its `tScale` is 100x the lecture's/);
  assert.match(text, /costs 4x as many multiply-adds/);
});

const parts = {
  jobMs: Array(20).fill(10),
  sequentialMs: { low: 200, high: 220 },
  startupMs: { low: 30, high: 40 },
  warmupMs: { low: 5, high: 15 },
  dispatchMs: { low: 0.2, high: 0.4 },
  stopMs: { low: 2, high: 3 },
  contention: [{ k: 2, slowdown: { low: 1.1, high: 1.3 } }],
  cores: 2,
  tookMs: 4200,
};

test("partsReading: the measured parts, then each width against its range, and a miss said as one", () => {
  const checks = checkPredictions(
    parts,
    [
      { workers: 1, speedup: 0.7 },
      { workers: 2, speedup: 3 },
    ],
    2,
  );
  const text = partsReading(parts, checks);
  assert.match(text, /^Measured here in 4\.2 s: a pool of 1 started its first job after 30–40 ms; /);
  assert.match(text, /with 2 workers at once each ran its jobs at 1\.10–1\.30x its time alone/);
  // the loop's 220 ms credited at most as the pool's own 205 ms of jobs (200 + a warm-up of 5)
  assert.match(text, /- 1 worker: predicted \*\*0\.76–0\.86x\*\*, measured \*\*0\.70x\*\*, below the range/);
  assert.match(text, /- 2 workers: predicted \*\*[\d.]+–[\d.]+x\*\*, measured \*\*3\.00x\*\*, above the range/);
  assert.match(text, /2 of 2 fell outside/);
  const inside = checkPredictions(parts, [{ workers: 1, speedup: 0.8 }], 2);
  assert.match(partsReading(parts, inside), /Every measured width fell inside its predicted range\.$/);
});

test("nodePrediction and predictionRows: a 20-core node from a 2-core machine's parts, its assumptions said", () => {
  const p = nodePrediction(parts, 20, 1);
  assert.equal(p.perCore, 1, "a node with 20 cores: no turns");
  assert.ok(p.assumptions.some((a) => /20 workers at once were not measured here: the share of 2 stands in/.test(a)));
  const [row] = predictionRows([p]);
  assert.equal(row.workers, 20);
  assert.ok((row["speedup low"] as number) <= (row["speedup high"] as number));
});

test("flipReading: the flip when larger chunks win one chunk at a time, and none when chunksize 1 wins", () => {
  const wall = (ms: number) => ({ samplesMs: [ms, ms, ms], medianMs: ms, minMs: ms, maxMs: ms });
  const result = (one: number[], queued: number[]) => ({
    jobs: 2000,
    jobMs: 0.01,
    workers: 2,
    points: [
      { handing: "one at a time" as const, chunksize: 1, wall: wall(one[0]) },
      { handing: "one at a time" as const, chunksize: 100, wall: wall(one[1]) },
      { handing: "queued ahead" as const, chunksize: 1, wall: wall(queued[0]) },
      { handing: "queued ahead" as const, chunksize: 100, wall: wall(queued[1]) },
    ],
  });
  const flipped = flipReading(result([270, 70], [110, 85]));
  assert.match(flipped, /^2000 jobs of 10 µs each \(20 ms of work in all\) on an open pool of 2, medians of 3 runs\./);
  assert.match(flipped, /chunksize 1 took \*\*270 ms\*\* and chunksize 100 \*\*70 ms\*\*, 3\.9x faster: the flip/);
  assert.match(flipped, /the queue hides most of the round trips/);
  const none = flipReading(result([50, 70], [50, 70]));
  assert.match(
    none,
    /one chunk at a time, as Python's Pool does: chunksize 1 was the fastest \(50 ms\): no flip in this run\./,
  );
  assert.doesNotMatch(none, /the flip,/);
  assert.match(
    none,
    /chunksize 1 was the fastest \(50 ms\): no flip in this run; the queue hides the round trips, so small chunks lose nothing to them\.$/,
  );
});
