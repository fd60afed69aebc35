/**
 * Reliability: every failure of a sweep fails fast, says what failed, cleans up, and
 * keeps what was already computed. Each test would fail (or hang) without the behaviour it names.
 * Time bounds here are deadlines against hanging (seconds of slack over what is measured), never
 * claims about speed.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { monitorEventLoopDelay } from "node:perf_hooks";
import {
  JobError,
  SweepInterruptedError,
  WorkerDiedError,
  buildSweep,
  interruptAll,
  openPool,
  parallelSolveOmega,
  runPool,
  runSweep,
  solveSystemProp,
  type ComplexVector,
  type JobRecord,
} from "../../dist/index.js";
import { activePools } from "../../dist/lab.js";
import { assertThreadsBack, threadBaseline } from "./threads.js";

const dist = path.join(__dirname, "..", "..", "dist", "index.js");
const bin = path.join(__dirname, "..", "..", "bin", "sweeplab.js");
/** Every test ends within this, so a hang shows as a failure instead of stalling the run. */
const DEADLINE = 30_000;
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "sweeplab-reliability-"));

/**
 * Awaits `promise`, which must reject; returns the error and how long it took (ms). A sweep still
 * pending after `deadlineMs` is a hang: it is stopped (so its workers cannot keep this process
 * alive) and the test fails.
 */
async function rejection(promise: Promise<unknown>, deadlineMs = 15_000): Promise<{ error: Error; ms: number }> {
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<"hung">((resolve) => (timer = setTimeout(() => resolve("hung"), deadlineMs)));
  try {
    const outcome = await Promise.race([promise, hung]);
    if (outcome === "hung") {
      interruptAll("test deadline");
      await promise.catch(() => undefined);
      throw new assert.AssertionError({ message: `the sweep was still pending after ${deadlineMs} ms: it hangs` });
    }
  } catch (error) {
    if (error instanceof assert.AssertionError) throw error;
    return { error: error as Error, ms: performance.now() - t0 };
  } finally {
    clearTimeout(timer);
  }
  throw new assert.AssertionError({ message: "expected the sweep to reject, but it resolved" });
}

/**
 * What the machine and this thread did while a timed run ran, for a bound missed: the main
 * thread's longest stall (event-loop delay), this process's CPU time and the load average.
 */
function machineWatch(): { stop(): string } {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  return {
    stop() {
      delay.disable();
      const used = process.cpuUsage(cpu);
      const wall = performance.now() - t0;
      return `the main thread stalled at most ${(delay.max / 1e6).toFixed(0)} ms, this process used ${((used.user + used.system) / 1000).toFixed(0)} ms of CPU in ${wall.toFixed(0)} ms, load average ${os.loadavg()[0].toFixed(2)} on ${os.availableParallelism()} cores`;
    },
  };
}

/** Every worker is gone and no pool is registered. */
async function assertCleanedUp(threadsBefore: number | undefined): Promise<void> {
  await assertThreadsBack(threadsBefore, "every worker thread was terminated");
  assert.equal(activePools(), 0, "no pool left registered");
}

// ---------------------------------------------------------------- a job that throws

test(
  "a job that throws rejects the sweep with a JobError naming its index, r and message; running and queued work is cancelled",
  { timeout: DEADLINE },
  async () => {
    const before = await threadBaseline();
    const done: number[] = [];
    // job 0 throws at once; job 1 spins 5 s on the other worker; jobs 2..9 are still queued
    const payloads = ["throw", ...Array.from({ length: 9 }, () => ({ sleepMs: 5000 }))];
    const r = payloads.map((_, i) => i / 10 + 0.5);
    const { error, ms } = await rejection(
      runPool("fail", payloads, { workers: 2, chunksize: 1, r, onJob: ({ record }) => done.push(record.index) }),
    );
    assert.ok(error instanceof JobError, `${error.name}: ${error.message}`);
    assert.equal(error.index, 0);
    assert.equal(error.r, 0.5);
    assert.equal(error.original, "this job was told to throw");
    assert.equal(error.message, "job 0 (r = 0.5) failed: this job was told to throw");
    // the 5 s job on the other worker was not waited for, and nothing else ran
    assert.ok(ms < 4000, `rejected after ${ms.toFixed(0)} ms: the running 5 s job was waited for`);
    await assertCleanedUp(before);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(done, [], "no job reported done after the failure");
  },
);

test("a solve over maxSteps is a JobError naming r and the time reached", { timeout: DEADLINE }, async () => {
  const before = await threadBaseline();
  const s = buildSweep({ nz: 10, nR: 4 });
  const { error } = await rejection(
    parallelSolveOmega(s.N, s.gamma, s.Dnm, s.Gnm, s.OmegaNValues, s.tSpan, s.y0, {
      r: s.r,
      workers: 2,
      chunksize: 1,
      maxSteps: 5,
    }),
  );
  assert.ok(error instanceof JobError, error.message);
  assert.equal(error.r, s.r[error.index], "the exact r on the error");
  // the message rounds r to 12 significant digits: 0.4, not linspace's 0.39999999999999997
  assert.match(
    error.message,
    new RegExp(
      `^job ${error.index} \\(r = ${Number(s.r[error.index].toPrecision(12))}\\) failed: maxSteps = 5 exceeded at t = [0-9.e-]+ of t_final = ${s.tSpan[1]}`,
    ),
  );
  assert.ok(
    typeof error.tReached === "number" && error.tReached > 0 && error.tReached < s.tSpan[1],
    `tReached ${error.tReached}`,
  );
  assert.match(error.message, new RegExp(`at t = ${error.tReached} `));
  await assertCleanedUp(before);
});

test(
  "collectErrors: a non-finite solve is a per-job error naming r and t reached; every other result comes back",
  { timeout: DEADLINE },
  async () => {
    // Drives five orders of magnitude past the lecture's with loose tolerances (0.1): the step
    // control accepts steps that do not resolve the oscillation, the explicit integrator goes
    // unstable and the state overflows partway through tSpan. r = 0 (no drive) stays at the ground
    // state, a fixed point, so that job succeeds. odex by name: its extrapolation accepts such steps
    // and overflows, whereas RK45 (the default) keeps rejecting them and ends at maxSteps instead.
    const s = buildSweep({ nz: 4, nR: 3 });
    const strong = (x: number): ComplexVector => ({
      re: new Float64Array(s.N).fill(x),
      im: new Float64Array(s.N).fill(x),
    });
    const jobs: [JobRecord, boolean][] = [];
    const run = await parallelSolveOmega(
      s.N,
      s.gamma,
      s.Dnm,
      s.Gnm,
      [s.OmegaNValues[0], strong(4e5), strong(7e5)],
      s.tSpan,
      s.y0,
      {
        r: s.r,
        workers: 2,
        chunksize: 1,
        rtol: 0.1,
        atol: 0.1,
        method: "odex",
        collectErrors: true,
        onJob: ({ record, value }) => jobs.push([record, value !== undefined]),
      },
    );
    assert.equal(jobs.length, 3, "every job reported");
    assert.deepEqual(Array.from(run.results[0].yFinal), Array.from(s.y0));
    assert.equal(run.errors[0], undefined);
    for (const i of [1, 2]) {
      const error = run.errors[i];
      assert.ok(error instanceof JobError, `job ${i}`);
      assert.equal(run.results[i], undefined);
      assert.equal(error.r, s.r[i]);
      assert.ok(
        error.tReached !== undefined && error.tReached > 0 && error.tReached < s.tSpan[1],
        `tReached ${error.tReached}`,
      );
      // where the solve gives up depends on the engine's rounding: Node 20 overflows, Node 24 keeps
      // rejecting steps at the same t until maxSteps; either way the job names r and the t reached
      const nonFinite = `job ${i} (r = ${s.r[i]}) failed: the state became non-finite (NaN or Infinity) after t = ${error.tReached}: tighten rtol/atol or check the drive and gamma for values that make the equations blow up`;
      const maxSteps = `job ${i} (r = ${s.r[i]}) failed: maxSteps = 100000 exceeded at t = ${error.tReached} of t_final = ${s.tSpan[1]}: raise \`maxSteps\` or loosen rtol/atol`;
      assert.ok([nonFinite, maxSteps].includes(error.message), error.message);
    }
    assert.deepEqual(
      run.jobs.map((j) => j.index),
      [0, 1, 2],
      "a record for every job, failed ones included",
    );
  },
);

test(
  "collectErrors on the pool: all results, a per-job error where one threw, progress for every job",
  { timeout: DEADLINE },
  async () => {
    const before = await threadBaseline();
    let calls = 0;
    const run = await runPool("fail", [{ sleepMs: 1 }, "throw", { sleepMs: 1 }, "throw", { sleepMs: 1 }], {
      workers: 2,
      chunksize: 2,
      collectErrors: true,
      onJob: () => calls++,
    });
    assert.deepEqual(run.results, [null, undefined, null, undefined, null]);
    assert.deepEqual(
      run.errors.map((e) => e?.message),
      [
        undefined,
        "job 1 failed: this job was told to throw",
        undefined,
        "job 3 failed: this job was told to throw",
        undefined,
      ],
    );
    assert.equal(run.errors[1]?.r, undefined, "no r given, so none is made up");
    assert.equal(calls, 5);
    await assertCleanedUp(before);
  },
);

// ---------------------------------------------------------------- a worker that dies

const deaths: [string, unknown, RegExp, object?][] = [
  [
    "process.exit in a job",
    "exit",
    /^worker 0 died \(its thread exited with code 3\) while running job 0 \(r = 0\.25\); the sweep was stopped and every worker terminated: something in the job ended its thread \(process\.exit\)/,
  ],
  [
    "an error thrown asynchronously (from a timer)",
    "async",
    /^worker 0 died \(uncaught Error: this job threw asynchronously\) while running job 0 \(r = 0\.25\); .*: catch it inside the job$/,
  ],
  [
    "running out of memory under resourceLimits",
    "oom",
    /^worker 0 died \(out of memory: .*\) while running job 0 \(r = 0\.25\); .*: raise `resourceLimits\.maxOldGenerationSizeMb` \(now 16\)/,
    { maxOldGenerationSizeMb: 16 },
  ],
];

/** The error a death gives, on either form of the pool: the worker, its lost job and r, and the message. */
function assertDeath(error: Error, message: RegExp): void {
  assert.ok(error instanceof WorkerDiedError, `${error.name}: ${error.message}`);
  assert.equal(error.worker, 0);
  assert.deepEqual(error.lostJobs, [0]);
  assert.deepEqual(error.lostR, [0.25]);
  assert.match(error.message, message);
}

// Job 0 kills worker 0; worker 1 is busy for 10 s: a pool that waited for it (or hung) would show.
// The 1 s bound is timed on a pool whose workers are already up, so it times the death's handling
// alone, not starting two workers, which varies with load by hundreds of ms from one pool to the
// next (at a load average of 12-18 on 2 cores: one-call deaths 0.8-1.5 s, consecutive idle pools
// 0.6-1.2 s, the same deaths on a pool already up 67-188 ms). The one-call form is checked for the
// same error, its clean-up, and not waiting for the other worker's 10 s job.
for (const [what, how, message, resourceLimits] of deaths) {
  const payloads = [how, { sleepMs: 10_000 }, { sleepMs: 10_000 }];
  const options = { chunksize: 1, r: [0.25, 0.5, 0.75] };

  test(
    `a worker that dies of ${what} rejects the sweep within 1 s with a WorkerDiedError naming the worker and its jobs`,
    { timeout: DEADLINE },
    async () => {
      const before = await threadBaseline();
      const pool = await openPool({ workers: 2, resourceLimits });
      try {
        const watch = machineWatch();
        const { error, ms } = await rejection(runPool("fail", payloads, { ...options, pool }));
        const seen = watch.stop();
        assertDeath(error, message);
        assert.ok(
          ms < 1000,
          `rejected ${ms.toFixed(0)} ms after the sweep started on a pool already up; meanwhile ${seen}`,
        );
      } finally {
        await pool.close();
      }
      await assertCleanedUp(before);
    },
  );

  test(
    `a worker that dies of ${what} in a one-call sweep: the same error, every worker terminated, the other's 10 s job not waited for`,
    { timeout: DEADLINE },
    async () => {
      const before = await threadBaseline();
      const { error, ms } = await rejection(runPool("fail", payloads, { ...options, workers: 2, resourceLimits }));
      assertDeath(error, message);
      assert.ok(ms < 5000, `rejected after ${ms.toFixed(0)} ms: the other worker's 10 s job was waited for`);
      await assertCleanedUp(before);
    },
  );
}

test("a dead worker's lost jobs include the chunk queued on it (inflight 2)", { timeout: DEADLINE }, async () => {
  const before = await threadBaseline();
  const { error } = await rejection(
    runPool("fail", ["exit", { sleepMs: 1 }, { sleepMs: 1 }], { workers: 1, chunksize: 1, inflight: 2 }),
  );
  assert.ok(error instanceof WorkerDiedError);
  assert.deepEqual(error.lostJobs, [0, 1]);
  assert.match(error.message, /while running jobs 0, 1; the sweep was stopped/); // no r given: none made up from the indices
  assert.equal(error.lostR, undefined);
  await assertCleanedUp(before);
});

test(
  "a worker whose script cannot load fails the sweep at once, and the process can exit (no 10 s spawn timer left behind)",
  { timeout: DEADLINE },
  () => {
    // a copy of the build whose worker script throws as it loads, as a broken build would
    const broken = path.join(tmp(), "dist");
    fs.cpSync(path.dirname(dist), broken, { recursive: true });
    fs.writeFileSync(path.join(broken, "parallel", "worker.js"), 'throw new Error("this worker script is broken");\n');
    const script = `
    require(${JSON.stringify(path.join(broken, "index.js"))}).runPool("empty", [0, 0], { workers: 2 })
      .then(() => console.log("resolved"), (e) => console.log(e.name + ": " + e.message));`;
    const env = { ...process.env, NODE_PATH: path.join(__dirname, "..", "..", "node_modules") };
    const t0 = performance.now();
    const res = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", env, timeout: 8000 });
    const ms = performance.now() - t0;
    assert.equal(
      res.signal,
      null,
      res.signal === "SIGTERM"
        ? `the process was still alive after ${ms.toFixed(0)} ms`
        : `the process crashed (${res.signal}): ${res.stderr}`,
    );
    assert.equal(res.status, 0, res.stderr);
    assert.match(
      res.stdout,
      /^WorkerDiedError: worker [01] died \(uncaught Error: this worker script is broken\) while holding no job; the sweep was stopped and every worker terminated: it died while starting, so the worker script could not load: check the build/,
    );
  },
);

// ---------------------------------------------------------------- an already-aborted signal

test(
  "an already-aborted signal rejects with SweepInterruptedError and leaves no worker running",
  { timeout: DEADLINE },
  async () => {
    const before = await threadBaseline();
    const controller = new AbortController();
    controller.abort();
    const sweeps = [
      () => runSweep({ nz: 4, nR: 3 }, { workers: 2, signal: controller.signal }),
      () => runPool("spin", [1, 2, 3], { workers: 2, signal: controller.signal }),
    ];
    for (const start of sweeps) {
      const { error } = await rejection(start());
      assert.ok(error instanceof SweepInterruptedError, `${error.name}: ${error.message}`);
      assert.equal(error.completed, 0);
      await assertCleanedUp(before);
    }
  },
);

test("after an already-aborted sweep rejects, the process exits by itself", { timeout: DEADLINE }, () => {
  const script = `
    const c = new AbortController(); c.abort();
    require(${JSON.stringify(dist)}).runSweep({ nz: 4, nR: 3 }, { workers: 2, signal: c.signal })
      .then(() => console.log("resolved"), (e) => console.log(e.name));`;
  const t0 = performance.now();
  const res = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 8000 });
  const ms = performance.now() - t0;
  assert.equal(res.signal, null, `the process was still alive after ${ms.toFixed(0)} ms: a worker kept it running`);
  assert.equal(res.status, 0, res.stderr);
  assert.equal(res.stdout.trim(), "SweepInterruptedError");
});

// ---------------------------------------------------------------- per-job timeout

test(
  "timeoutMs: a job over the limit has its worker terminated and rejects the sweep with a JobError 'timed out after X ms'",
  { timeout: DEADLINE },
  async () => {
    const before = await threadBaseline();
    const { error, ms } = await rejection(
      runPool("fail", [{ sleepMs: 1 }, { sleepMs: 10_000 }, { sleepMs: 1 }], {
        workers: 2,
        chunksize: 1,
        r: [0.1, 0.2, 0.3],
        timeoutMs: 300,
      }),
    );
    assert.ok(error instanceof JobError, error.message);
    assert.equal(error.index, 1);
    assert.equal(error.r, 0.2);
    assert.match(
      error.message,
      /^job 1 \(r = 0\.2\) failed: timed out after 300 ms \(`timeoutMs` = 300\) and its worker [01] was terminated: raise `timeoutMs` or make the job smaller$/,
    );
    assert.ok(ms < 5000, `the 10 s job was not cut short (${ms.toFixed(0)} ms)`);
    await assertCleanedUp(before);
  },
);

test(
  "timeoutMs with collectErrors: the timed-out job gets the error, a fresh worker runs the jobs queued behind it",
  { timeout: DEADLINE },
  async () => {
    const before = await threadBaseline();
    // worker 0 gets chunk [0, 1]: job 0 hangs, job 1 waits behind it and must still run
    const payloads = [
      { sleepMs: 10_000 },
      { sleepMs: 1 },
      { sleepMs: 1 },
      { sleepMs: 1 },
      { sleepMs: 1 },
      { sleepMs: 1 },
    ];
    const run = await runPool("fail", payloads, { workers: 2, chunksize: 2, timeoutMs: 300, collectErrors: true });
    assert.match(run.errors[0]?.message ?? "", /^job 0 failed: timed out after 300 ms/);
    assert.deepEqual(run.errors.slice(1), [undefined, undefined, undefined, undefined, undefined]);
    assert.deepEqual(run.results.slice(1), [null, null, null, null, null]);
    assert.ok(
      run.records.every((rec) => rec.worker === 0 || rec.worker === 1),
      "a replacement keeps its worker number",
    );
    assert.ok(run.wallMs < 5000, `the 10 s job was not cut short (${run.wallMs.toFixed(0)} ms)`);
    await assertCleanedUp(before);
  },
);

test(
  "timeoutMs is per job, not per chunk: a chunk longer than the limit whose jobs are each under it completes",
  { timeout: DEADLINE },
  async () => {
    // 6 jobs of 100 ms in one chunk: 600 ms in all, each well under the 400 ms limit
    const run = await runPool("fail", new Array(6).fill({ sleepMs: 100 }), {
      workers: 1,
      chunksize: 6,
      timeoutMs: 400,
    });
    assert.deepEqual(run.errors, new Array(6).fill(undefined));
  },
);

// ---------------------------------------------------------------- keeping what was computed

test("each job is reported as it finishes, not when its chunk does", { timeout: DEADLINE }, async () => {
  const at: number[] = [];
  await runPool("fail", [{ sleepMs: 1 }, { sleepMs: 1500 }], {
    workers: 1,
    chunksize: 2,
    onJob: () => at.push(performance.now()),
  });
  assert.equal(at.length, 2);
  assert.ok(
    at[1] - at[0] > 700,
    `job 0 was reported only ${(at[1] - at[0]).toFixed(0)} ms before job 1, i.e. with its chunk`,
  );
});

/** Starts a pooled CLI sweep (chunks of 2) and resolves once `lines` jobs are in jobs.jsonl. */
async function startCli(out: string, args: string[], lines: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [bin, "sweep", ...args, "--quiet", "--out", out], { stdio: "ignore" });
  const file = path.join(out, "jobs.jsonl");
  for (let k = 0; k < 1000; k++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    if (fs.existsSync(file) && fs.readFileSync(file, "utf8").trim().split("\n").length > lines) break;
  }
  return child;
}

test(
  "a crash (SIGKILL, no handler runs) loses no finished job; --resume then writes the summary.csv of an uninterrupted run",
  { timeout: DEADLINE },
  async () => {
    const dir = tmp();
    const out = path.join(dir, "run");
    const flags = ["--nz", "40", "--n-r", "8"];
    const child = await startCli(out, [...flags, "--workers", "2", "--chunksize", "2"], 1);
    const exited = new Promise((resolve) => child.on("exit", resolve));
    child.kill("SIGKILL");
    await exited;
    const kept = fs.readFileSync(path.join(out, "jobs.jsonl"), "utf8").trim().split("\n").slice(1);
    assert.ok(kept.length >= 1 && kept.length < 8, `${kept.length} jobs on disk`);
    assert.ok(!fs.existsSync(path.join(out, "summary.csv")));
    const resumed = spawnSync(
      process.execPath,
      [bin, "sweep", ...flags, "--workers", "2", "--quiet", "--resume", "--out", out],
      { encoding: "utf8" },
    );
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.ok(JSON.parse(fs.readFileSync(path.join(out, "run.json"), "utf8")).resumedJobs >= kept.length);
    const whole = spawnSync(
      process.execPath,
      [bin, "sweep", ...flags, "--sequential", "--quiet", "--out", path.join(dir, "whole")],
      { encoding: "utf8" },
    );
    assert.equal(whole.status, 0, whole.stderr);
    assert.equal(
      fs.readFileSync(path.join(out, "summary.csv"), "utf8"),
      fs.readFileSync(path.join(dir, "whole", "summary.csv"), "utf8"),
    );
  },
);

test(
  "the CLI exits 1 when a job fails, names r and the time reached, keeps the other jobs and writes no summary",
  { timeout: DEADLINE },
  () => {
    const out = path.join(tmp(), "run");
    const res = spawnSync(
      process.execPath,
      [bin, "sweep", "--nz", "12", "--n-r", "4", "--max-steps", "5", "--workers", "2", "--quiet", "--out", out],
      { encoding: "utf8" },
    );
    assert.equal(res.status, 1, res.stderr);
    assert.match(res.stderr, /sweeplab: job 1 \(r = 0\.4\) failed: --max-steps 5 exceeded at t = [0-9.e-]+ of t_final/);
    const lines = fs
      .readFileSync(path.join(out, "jobs.jsonl"), "utf8")
      .trim()
      .split("\n")
      .slice(1)
      .map((line) => JSON.parse(line));
    assert.equal(lines.length, 4, "every job is in jobs.jsonl, failed ones with their error");
    assert.ok(lines.filter((line) => line.error).every((line) => /maxSteps = 5 exceeded/.test(line.error)));
    assert.ok(!fs.existsSync(path.join(out, "summary.csv")));
    assert.equal(JSON.parse(fs.readFileSync(path.join(out, "run.json"), "utf8")).status, "failed");
  },
);

// ---------------------------------------------------------------- load

test(
  "50 pooled sweeps in a row: thread count back to baseline after each, RSS growth under 50 MB",
  // fifty pools started and stopped: 25-30 s on a 2-core machine at load 13, so the hang guard is
  // longer here than for one sweep (a time limit must not fail a busy machine)
  { timeout: 4 * DEADLINE },
  async () => {
    const s = buildSweep({ nz: 10 });
    const before = await threadBaseline();
    let rssWarm = 0;
    for (let k = 0; k < 50; k++) {
      const run = await parallelSolveOmega(s.N, s.gamma, s.Dnm, s.Gnm, s.OmegaNValues, s.tSpan, s.y0, {
        workers: 2,
        chunksize: 2,
      });
      assert.equal(run.results.length, 20);
      await assertThreadsBack(before, `sweep ${k}: threads left behind`);
      assert.equal(activePools(), 0);
      // measured after a few sweeps, once the main thread's heap and code caches have warmed up
      if (k === 4) rssWarm = process.memoryUsage().rss;
    }
    const growthMb = (process.memoryUsage().rss - rssWarm) / 2 ** 20;
    assert.ok(growthMb < 50, `RSS grew ${growthMb.toFixed(1)} MB over 45 sweeps`);
  },
);

test("a sweep of 10,000 tiny jobs completes, with progress once per job", { timeout: DEADLINE }, async () => {
  // one atom, 10,000 drive strengths: jobs of a few microseconds of solving each
  const n = 10_000;
  const drives: ComplexVector[] = Array.from({ length: n }, (_, i) => ({
    re: Float64Array.of((20 * i) / n),
    im: Float64Array.of(0),
  }));
  const zero = new Float64Array(1);
  const y0 = Float64Array.of(0, 0, -1);
  const done: number[] = [];
  const run = await parallelSolveOmega(1, 11, zero, zero, drives, [0, 0.05], y0, {
    workers: 2,
    chunksize: 50,
    onJob: ({ done: d, total }) => {
      assert.equal(total, n);
      done.push(d);
    },
  });
  assert.equal(done.length, n);
  assert.ok(
    done.every((d, i) => d === i + 1),
    "done counts 1, 2, ..., 10000",
  );
  assert.equal(run.results.length, n);
  for (const i of [0, 1234, n - 1]) {
    assert.deepEqual(
      run.results[i].yFinal,
      solveSystemProp(1, 11, zero, zero, drives[i], [0, 0.05], y0).yFinal,
      `job ${i}`,
    );
  }
});

test(
  "a failed or interrupted sweep keeps what it finished on the error's `partial`",
  { timeout: DEADLINE },
  async () => {
    for (const sequential of [false, true]) {
      let seen = 0;
      const error = await runSweep(
        { nz: 30, nR: 6, tScale: 20 },
        {
          sequential,
          ...(sequential ? {} : { workers: 2, chunksize: 1 }),
          onJob: () => {
            if (++seen === 2) interruptAll("test");
          },
        },
      ).then(
        () => assert.fail("the sweep should have been interrupted"),
        (e: Error & { partial?: { rows?: ({ r: number; sz_mean: number } | undefined)[]; jobs: unknown[] } }) => e,
      );
      assert.equal(error.name, "SweepInterruptedError");
      const rows = error.partial?.rows ?? [];
      const finished = rows.filter((row) => row !== undefined);
      assert.ok(finished.length >= 2, `${sequential ? "sequential" : "pooled"}: ${finished.length} finished rows kept`);
      assert.ok(finished.length < 6);
      assert.equal(rows.length, 6);
      assert.deepEqual(rows[0], { r: 0, sz_mean: -1, s2_abs: 0 });
    }
  },
);
