import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";

// The campaign scripts of examples/slurm on a real SLURM: a single-node cluster on localhost that
// `.ci/slurm start` brings up (CI does, around npm test). Without one this test is skipped; with
// CI=true a missing SLURM fails it. It checks what a student's campaign relies on: a 4-shard array
// plus an afterok merge gives the one-machine summary.csv byte for byte; a shard cancelled mid-run
// keeps its finished jobs, its merge is cancelled by SLURM, and resubmit.sh --resume's that shard
// and merges, with the campaign's --chunksize larger than what the shard still lacks. Budget: 90 s (about 25 s here).
const repo = path.join(__dirname, "..", "..");
const bin = path.join(repo, "bin", "sweeplab.js");
const slurm = path.join(repo, "examples", "slurm");
const env = { ...process.env, SLURM_CONF: process.env.SLURM_CONF ?? "/tmp/sweeplab-slurm/slurm.conf" };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const read = (file: string) => fs.readFileSync(file, "utf8");

/** Why no SLURM can be used here, or undefined when one answers with an idle node. */
function unavailable(): string | undefined {
  if (!fs.existsSync(env.SLURM_CONF))
    return `no SLURM configuration at ${env.SLURM_CONF} (start one with: sudo .ci/slurm start)`;
  // never submit test jobs to a real cluster (its nodes would not see this machine's /tmp)
  if (!/^ClusterName=sweeplab$/m.test(read(env.SLURM_CONF)))
    return `${env.SLURM_CONF} is not the local test cluster of .ci/slurm (ClusterName=sweeplab)`;
  const sinfo = spawnSync("sinfo", ["-h", "-o", "%T"], { env, encoding: "utf8", timeout: 10000 });
  if (sinfo.error || sinfo.status !== 0)
    return `sinfo does not answer (${sinfo.error?.message ?? sinfo.stderr.trim()})`;
  if (!/idle|mixed|allocated/.test(sinfo.stdout)) return `the SLURM node is not up (sinfo: ${sinfo.stdout.trim()})`;
  return undefined;
}

function sh(command: string, args: string[], extraEnv: Record<string, string> = {}): string {
  const res = spawnSync(command, args, { env: { ...env, ...extraEnv }, encoding: "utf8", cwd: repo });
  assert.equal(res.status, 0, `${command} ${args.join(" ")}: ${res.stderr}${res.stdout}`);
  return res.stdout;
}

/** The array and merge job ids from submit-array.sh's or resubmit.sh's "campaign: array A merge M" line. */
function ids(stdout: string): { array: string; merge: string } {
  const match = /^campaign: array (\S+) merge (\d+)$/m.exec(stdout);
  assert.ok(match, stdout);
  return { array: match[1], merge: match[2] };
}

/** Waits until none of these jobs (array tasks included) is pending or running. */
async function drained(jobs: string[], limitMs: number): Promise<void> {
  const until = Date.now() + limitMs;
  for (;;) {
    const queued = spawnSync("squeue", ["-h", "-r", "-j", jobs.join(","), "-o", "%i %T"], {
      env,
      encoding: "utf8",
    }).stdout.trim();
    if (queued === "") return;
    if (Date.now() > until) assert.fail(`jobs still queued after ${limitMs / 1000} s:\n${queued}`);
    await sleep(200);
  }
}

function jobState(id: string): string {
  return /JobState=(\S+)/.exec(sh("scontrol", ["show", "job", id]))?.[1] ?? "unknown";
}

/** A one-machine run of the same sweep, in the background while SLURM works. */
function reference(dir: string, flags: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, "sweep", ...flags, "--sequential", "--quiet", "--out", dir], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("exit", (code) =>
      code === 0
        ? resolve(read(path.join(dir, "summary.csv")))
        : reject(new Error(`reference run exited ${code}: ${stderr}`)),
    );
  });
}

test(
  "a real SLURM: 4-shard array + afterok merge == one machine; a shard cancelled mid-run is resubmitted with --resume and the campaign completes",
  { timeout: 600_000 },
  async (t) => {
    const why = unavailable();
    if (why) {
      if (process.env.CI === "true")
        assert.fail(`CI=true, but ${why}: .ci/run installs slurmctld and slurmd and runs .ci/slurm start`);
      t.skip(why);
      return;
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sweeplab-slurm-real-"));
    const t0 = Date.now();
    const lap = (what: string) => t.diagnostic(`${what}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    // 1. the lecture as 4 shards of one CPU each, then the merge afterok: byte-identical to one machine
    const lecture = ["--workload", "lecture", "--quiet"];
    const lectureRef = reference(path.join(dir, "lecture-one-machine"), lecture);
    const first = ids(
      sh(path.join(slurm, "submit-array.sh"), ["-c", "1", "--", ...lecture], {
        SWEEPLAB_OUT: path.join(dir, "lecture"),
        SWEEPLAB_SHARDS: "4",
      }),
    );
    await drained([first.array, first.merge], 60000);
    assert.equal(
      jobState(first.merge),
      "COMPLETED",
      read(path.join(dir, "lecture", "logs", `merge-${first.merge}.log`)),
    );
    assert.equal(read(path.join(dir, "lecture", "merged", "summary.csv")), await lectureRef);
    const merged = JSON.parse(read(path.join(dir, "lecture", "merged", "run.json")));
    assert.deepEqual(
      merged.shards.map((s: { shard: string; slurmArray: string[]; workers: number[] }) => [
        s.shard,
        s.slurmArray,
        s.workers,
      ]),
      [0, 1, 2, 3].map((k) => [`${k}/4`, [`${first.array}_${k}`], [1]]),
    );
    lap("lecture campaign merged, identical to one machine");

    // 2. a longer sweep (120 jobs of 300x the lecture's evolution time: 30-300 ms a job with RK45 on
    //    a 2-core machine, seconds per shard): cancel the first shard seen mid-run, as soon as it has
    //    finished a job, so that even a machine several times faster still has most of the shard to
    //    run when SLURM's signal lands; SLURM then cancels the merge (afterok can no longer hold).
    //    Its --chunksize is a whole shard's 30 jobs, more than any cut shard still lacks: the
    //    resubmit passes the same flags, and must finish the shard all the same.
    const longSweep = ["--workload", "lecture", "--t-scale", "300", "--n-r", "120", "--quiet"];
    const long = [...longSweep, "--chunksize", "30"];
    const campaign = path.join(dir, "long");
    const longRef = reference(path.join(dir, "long-one-machine"), longSweep); // sequential: no --chunksize
    const second = ids(
      sh(path.join(slurm, "submit-array.sh"), ["-c", "1", "--", ...long], {
        SWEEPLAB_OUT: campaign,
        SWEEPLAB_SHARDS: "4",
      }),
    );
    let cancelled: number | undefined;
    let seen = 0;
    for (const until = Date.now() + 60000; cancelled === undefined && Date.now() < until; await sleep(50)) {
      for (let k = 0; k < 4; k++) {
        const journal = path.join(campaign, "shards", `shard-${k}`, "jobs.jsonl");
        seen = fs.existsSync(journal) ? read(journal).split("\n").length - 2 : 0;
        if (seen >= 1 && seen < 25) {
          sh("scancel", [`${second.array}_${k}`]);
          cancelled = k;
          break;
        }
      }
    }
    assert.notEqual(cancelled, undefined, "no shard was caught mid-run (were they too fast?)");
    lap(`cancelled shard ${cancelled}/4 after ${seen} of its 30 jobs`);
    await drained([second.array, second.merge], 180000);
    assert.equal(jobState(second.merge), "CANCELLED", "the merge cannot run after a cancelled shard");
    const stopped = JSON.parse(read(path.join(campaign, "shards", `shard-${cancelled}`, "run.json")));
    assert.equal(stopped.status, "interrupted");
    assert.ok(stopped.jobs.length >= seen && stopped.jobs.length < 30, `kept ${stopped.jobs.length} finished jobs`);
    assert.equal(stopped.sessions[0].workers, 1, "workers recorded although the session was stopped by a signal");
    assert.equal(fs.existsSync(path.join(campaign, "merged", "summary.csv")), false);

    // 3. resubmit.sh: only the cancelled shard, with --resume, then a new merge afterok
    const third = ids(sh(path.join(slurm, "resubmit.sh"), [campaign]));
    await drained([third.array, third.merge], 180000);
    assert.equal(jobState(third.merge), "COMPLETED", read(path.join(campaign, "logs", `merge-${third.merge}.log`)));
    assert.equal(read(path.join(campaign, "merged", "summary.csv")), await longRef);
    const resumed = JSON.parse(read(path.join(campaign, "shards", `shard-${cancelled}`, "run.json")));
    assert.deepEqual(
      resumed.sessions.map((s: { status: string; slurmArrayJobId: string }) => [s.status, s.slurmArrayJobId]),
      [
        ["interrupted", second.array],
        ["done", third.array],
      ],
    );
    assert.equal(resumed.sessions[1].jobs, 30 - stopped.jobs.length, "the resume ran only the missing jobs");
    assert.equal(resumed.sessions[1].chunksize, 30 - stopped.jobs.length, "its chunksize cut to the jobs it ran");
    assert.equal(resumed.config.chunksize, 30, "the chunksize asked for, as the campaign's flags give it");
    lap("resubmitted shard resumed and the campaign merged, identical to one machine");
    fs.rmSync(dir, { recursive: true, force: true });
  },
);
