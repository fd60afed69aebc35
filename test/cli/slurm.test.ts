import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";

// The SLURM example scripts, run without SLURM: sweep.sbatch as the plain bash script a batch job
// runs, submit.sh against a stand-in `sbatch` that records its arguments. (A real single-node
// SLURM run is described in the README; this checks the scripts' own logic on every CI run.)
const repo = path.join(__dirname, "..", "..");
const sbatchScript = path.join(repo, "examples", "slurm", "sweep.sbatch");
const submit = path.join(repo, "examples", "slurm", "submit.sh");
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "sweeplab-slurm-"));

function runJob(env: Record<string, string>, ...flags: string[]) {
  const out = path.join(tmp(), "run");
  const res = spawnSync("bash", [sbatchScript, "--workload", "lecture", "--n-r", "3", "--quiet", ...flags], {
    cwd: repo,
    env: { ...process.env, SWEEPLAB_OUT: out, ...env },
    encoding: "utf8",
  });
  return { res, out };
}

test("sweep.sbatch: one worker per CPU of the job, results where SWEEPLAB_OUT says, and how to resume", () => {
  const { res, out } = runJob({ SLURM_CPUS_PER_TASK: "1", SLURM_JOB_ID: "42" });
  assert.equal(res.status, 0, res.stderr);
  assert.match(res.stdout, /job 42: node bin\/sweeplab\.js sweep --out \S+ --workers 1 --workload lecture/);
  assert.match(
    res.stdout,
    /if it stops early, finish it with: .*sweep\.sbatch --out \S+ --workers 1 --resume --workload lecture/,
  );
  assert.equal(JSON.parse(fs.readFileSync(path.join(out, "run.json"), "utf8")).workers, 1);
  assert.equal(fs.readFileSync(path.join(out, "summary.csv"), "utf8").split("\n")[0], "r,sz_mean,s2_abs");
});

test("sweep.sbatch: passes no --workers when the flags choose them or ask for --sequential", () => {
  const chosen = runJob({ SLURM_CPUS_PER_TASK: "1" }, "--workers", "2");
  assert.equal(chosen.res.status, 0, chosen.res.stderr);
  assert.doesNotMatch(chosen.res.stdout, /--workers 1/);
  const sequential = runJob({ SLURM_CPUS_PER_TASK: "2" }, "--sequential");
  assert.equal(sequential.res.status, 0, sequential.res.stderr);
  assert.doesNotMatch(sequential.res.stdout, /--workers/);
});

test("sweep.sbatch: outside the repository it stops with 2 and says how to point it there", () => {
  const res = spawnSync("bash", [sbatchScript], {
    cwd: tmp(),
    env: { ...process.env, SWEEPLAB_DIR: tmp() },
    encoding: "utf8",
  });
  assert.equal(res.status, 2);
  assert.match(
    res.stderr,
    /no built sweeplab in .*: submit from the repository root after npm ci && npm run build, or set SWEEPLAB_DIR/,
  );
});

test("sweep.sbatch: the lecture by default, as the CLI (SWEEPLAB_WORKLOAD picks another); --out in the flags wins", () => {
  const out = path.join(tmp(), "flagged");
  const res = spawnSync("bash", [sbatchScript, "--n-r", "2", "--nz", "8", "--quiet", "--out", out], {
    cwd: repo,
    env: { ...process.env, SWEEPLAB_OUT: "/nonexistent/never" },
    encoding: "utf8",
  });
  assert.equal(res.status, 0, res.stderr);
  assert.match(res.stdout, /sweep --workload lecture --workers 1 --n-r 2/);
  assert.equal(JSON.parse(fs.readFileSync(path.join(out, "run.json"), "utf8")).config.workload.nz, 8);
  const heavy = spawnSync("bash", [sbatchScript, "--dry-run"], {
    cwd: repo,
    env: { ...process.env, SWEEPLAB_WORKLOAD: "heavy" },
    encoding: "utf8",
  });
  assert.match(heavy.stdout, /sweep --workload heavy --out/);
});

test("submit.sh: sbatch options before --, the same flags for the sweep and its afterany resume", () => {
  const bin = tmp();
  const calls = path.join(bin, "calls");
  const id = 100;
  fs.writeFileSync(
    path.join(bin, "sbatch"),
    `#!/bin/bash\necho "$*" >> ${JSON.stringify(calls)}\necho $(( $(wc -l < ${JSON.stringify(calls)}) + ${id} ))\n`,
    { mode: 0o755 },
  );
  const res = spawnSync(submit, ["-c", "8", "--export=NONE", "--", "--n-r", "40", "--force"], {
    cwd: tmp(),
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, SWEEPLAB_OUT: "relative/out" },
    encoding: "utf8",
  });
  assert.equal(res.status, 0, res.stderr);
  const [first, second] = fs.readFileSync(calls, "utf8").trim().split("\n");
  // --out goes to both jobs as a flag (sbatch --export=NONE would drop SWEEPLAB_OUT); --force only to the first
  assert.match(
    first,
    /^--parsable --output \S+\/sweeplab-%j\.log -c 8 --export=NONE \S+\/examples\/slurm\/sweep\.sbatch --out \/\S+\/relative\/out --workload lecture --n-r 40 --force$/,
  );
  assert.match(
    second,
    new RegExp(
      `^--parsable --output \\S+ -c 8 --export=NONE --dependency=afterany:${id + 1} \\S+sweep\\.sbatch --resume --out /\\S+/relative/out --workload lecture --n-r 40$`,
    ),
  );
  assert.match(
    res.stdout,
    /results in \/\S+\/relative\/out\n/,
    "a relative SWEEPLAB_OUT is made absolute where submit.sh was called",
  );
  assert.match(res.stdout, new RegExp(`stop both: scancel ${id + 1} ${id + 2}`));
  assert.match(
    res.stdout,
    new RegExp(
      `chain another: sbatch --dependency=afterany:${id + 2} .*sweep\\.sbatch --resume --out /\\S+ --workload lecture --n-r 40\n`,
    ),
  );
});

test("submit-array.sh and resubmit.sh: an array of shards, a merge afterok, and --resume for the shards not done", () => {
  const bin = tmp();
  const calls = path.join(bin, "calls");
  fs.writeFileSync(
    path.join(bin, "sbatch"),
    `#!/bin/bash\necho "$*" >> ${JSON.stringify(calls)}\necho $(( $(wc -l < ${JSON.stringify(calls)}) + 200 ))\n`,
    { mode: 0o755 },
  );
  fs.writeFileSync(path.join(bin, "squeue"), "#!/bin/bash\n", { mode: 0o755 });
  const campaign = path.join(tmp(), "campaign");
  const pathEnv = { ...process.env, PATH: `${bin}:${process.env.PATH}` };
  const res = spawnSync(path.join(repo, "examples", "slurm", "submit-array.sh"), ["-c", "4", "--", "--n-r", "40"], {
    env: { ...pathEnv, SWEEPLAB_OUT: campaign, SWEEPLAB_SHARDS: "3" },
    encoding: "utf8",
  });
  assert.equal(res.status, 0, res.stderr);
  const [array, merge] = fs.readFileSync(calls, "utf8").trim().split("\n");
  assert.match(
    array,
    /^--parsable --array=0-2 --output \S+\/logs\/shard-%A_%a\.log -c 4 \S+\/shard\.sbatch \S+\/campaign$/,
  );
  assert.match(
    merge,
    /^--parsable --dependency=afterok:201 --output \S+merge-%j\.log \S+\/merge\.sbatch \S+\/campaign$/,
  );
  assert.match(res.stdout, /watch: {2}squeue -j 201,202/);
  assert.match(res.stdout, /stop: {3}scancel 201 202/);
  // a second campaign into the same folder is refused; bad flags are refused before any sbatch
  const again = spawnSync(path.join(repo, "examples", "slurm", "submit-array.sh"), [], {
    env: { ...pathEnv, SWEEPLAB_OUT: campaign },
    encoding: "utf8",
  });
  assert.equal(again.status, 2);
  assert.match(again.stderr, /already holds a campaign: finish it with .*resubmit\.sh/);
  const bad = spawnSync(path.join(repo, "examples", "slurm", "submit-array.sh"), ["--", "--n-r", "0"], {
    env: { ...pathEnv, SWEEPLAB_OUT: path.join(tmp(), "c") },
    encoding: "utf8",
  });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /`--n-r` must be an integer/);
  // shard.sbatch as task 1: the campaign's flags, its folder, one worker per CPU
  const task = spawnSync("bash", [path.join(repo, "examples", "slurm", "shard.sbatch"), campaign, "--dry-run"], {
    env: { ...process.env, SLURM_ARRAY_TASK_ID: "1", SLURM_CPUS_PER_TASK: "2" },
    encoding: "utf8",
  });
  assert.equal(task.status, 0, task.stderr);
  assert.match(
    task.stdout,
    /Would run 13 jobs \(shard 1\/3 of a sweep of 40\) on a pool of 2 workers into \S+\/campaign\/shards\/shard-1/,
  );
  // resubmit.sh: no shard is done, so all three go again with --resume, then a merge afterok
  const resubmit = spawnSync(path.join(repo, "examples", "slurm", "resubmit.sh"), [campaign, "-t", "02:00:00"], {
    env: pathEnv,
    encoding: "utf8",
  });
  assert.equal(resubmit.status, 0, resubmit.stderr);
  const [, , rearray, remerge] = fs.readFileSync(calls, "utf8").trim().split("\n");
  assert.match(
    rearray,
    /^--parsable --array=0,1,2 --output \S+ -c 4 -t 02:00:00 \S+\/shard\.sbatch \S+\/campaign --resume$/,
  );
  assert.match(remerge, /^--parsable --dependency=afterok:203 /);
  // a resubmitted shard that never started has nothing to resume: it starts (sweeplab would refuse --resume there)
  const fresh = spawnSync(
    "bash",
    [path.join(repo, "examples", "slurm", "shard.sbatch"), campaign, "--resume", "--dry-run"],
    {
      env: { ...process.env, SLURM_ARRAY_TASK_ID: "2", SLURM_CPUS_PER_TASK: "1" },
      encoding: "utf8",
    },
  );
  assert.equal(fresh.status, 0, fresh.stderr);
  assert.doesNotMatch(fresh.stdout, /--resume/);
});

test("sweep.sbatch --resume whose first job never ran starts the sweep (sweeplab alone refuses --resume into a folder without a run)", () => {
  const { res, out } = runJob({ SLURM_CPUS_PER_TASK: "1" }, "--resume");
  assert.equal(res.status, 0, res.stderr);
  assert.match(res.stdout, /nothing to resume in \S+ yet: starting the sweep/);
  assert.equal(JSON.parse(fs.readFileSync(path.join(out, "run.json"), "utf8")).status, "done");
  const again = runJob({ SLURM_CPUS_PER_TASK: "1" }, "--resume", "--out", out);
  assert.equal(again.res.status, 0, again.res.stderr);
  assert.doesNotMatch(again.res.stdout, /nothing to resume/, "a folder with a run is resumed");
});
