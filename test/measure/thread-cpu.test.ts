/**
 * threadCpuMs reads the calling thread's own CPU time: work on the main thread counts, work in
 * another thread of the same process does not (process.cpuUsage() would count both). Sized by
 * conditions, not by this machine's speed.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Worker } from "node:worker_threads";
import { threadCpuMs } from "../../dist/measure/timing.js";

const linux = process.platform === "linux";

test("threadCpuMs: undefined off Linux; on Linux it grows with the main thread's own work", { skip: !linux }, () => {
  const t0 = threadCpuMs() as number;
  assert.equal(typeof t0, "number");
  // spin until the process as a whole has used 50 ms more CPU: on one thread, this one
  const u0 = process.cpuUsage();
  let x = 0;
  while (process.cpuUsage(u0).user < 50_000) x += Math.sqrt(x + 1);
  assert.ok((threadCpuMs() as number) - t0 >= 20, `main thread: ${(threadCpuMs() as number) - t0} ms`);
});

test("threadCpuMs: a worker thread's work is not the main thread's", { skip: !linux, timeout: 60_000 }, async () => {
  const t0 = threadCpuMs() as number;
  const u0 = process.cpuUsage();
  // the worker spins until it has used 300 ms of its own CPU time, read the same way
  const worker = new Worker(
    `const { threadCpuMs } = require(${JSON.stringify(require.resolve("../../dist/measure/timing.js"))});
     const { parentPort } = require("node:worker_threads");
     const fs = require("node:fs");
     const tid = Number(fs.readlinkSync("/proc/thread-self").split("/").pop());
     const t0 = threadCpuMs(tid); let x = 0;
     while (threadCpuMs(tid) - t0 < 300) for (let i = 0; i < 1e5; i++) x += Math.sqrt(i);
     parentPort.postMessage(threadCpuMs(tid) - t0);`,
    { eval: true },
  );
  const workerMs = await new Promise<number>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
  await worker.terminate();
  const mainMs = (threadCpuMs() as number) - t0;
  const used = process.cpuUsage(u0);
  const processMs = (used.user + used.system) / 1000;
  assert.ok(workerMs >= 300, `worker: ${workerMs} ms`);
  assert.ok(processMs >= workerMs * 0.9, `the process counts the worker: ${processMs} ms`);
  assert.ok(mainMs < workerMs / 2, `the main thread used ${mainMs} ms while the worker used ${workerMs}`);
});
