/** The batching policy alone (src/parallel/policy/batching.ts): no thread, no pool. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { batchingPolicy, tinyInflight, tinyJobMs, tinyQueueMs } from "../../../dist/parallel/policy/batching.js";

const base = { inflight: 1, adaptive: true, chunksize: 1, timeoutMs: Infinity };

test("a worker holds `inflight` chunks until its jobs prove tiny, then enough for tinyQueueMs of work", () => {
  const policy = batchingPolicy(base);
  assert.equal(policy.inflightFor({ lastJobMs: Infinity }), 1, "before its first job");
  assert.equal(policy.inflightFor({ lastJobMs: tinyJobMs }), 1, "a job of tinyJobMs is not tiny");
  assert.equal(policy.inflightFor({ lastJobMs: 0.25 }), Math.ceil(tinyQueueMs / 0.25));
  assert.equal(batchingPolicy({ ...base, chunksize: 4 }).inflightFor({ lastJobMs: 0.25 }), Math.ceil(tinyQueueMs / 1));
  assert.equal(policy.inflightFor({ lastJobMs: 0 }), tinyInflight, "never more than tinyInflight");
  assert.equal(batchingPolicy({ ...base, inflight: 3 }).inflightFor({ lastJobMs: 0.4 }), Math.ceil(tinyQueueMs / 0.4));
  assert.equal(
    batchingPolicy({ ...base, inflight: 64 }).inflightFor({ lastJobMs: 0.4 }),
    64,
    "never fewer than inflight",
  );
});

test("an inflight the caller chose is kept whatever the jobs cost", () => {
  const policy = batchingPolicy({ ...base, inflight: 2, adaptive: false });
  for (const lastJobMs of [Infinity, 5, 0.1, 0]) assert.equal(policy.inflightFor({ lastJobMs }), 2);
});

test("reports are batched down to half the chunks held, but each job at once when jobs are timed", () => {
  assert.equal(batchingPolicy(base).lowWater(10), 5);
  assert.equal(batchingPolicy(base).lowWater(1), 0);
  assert.equal(batchingPolicy({ ...base, timeoutMs: 1000 }).lowWater(10), -1);
});
