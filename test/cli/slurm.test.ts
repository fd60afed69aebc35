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

test("sweep.sbatch: one worker per CPU of the job, results where SWEEPLAB_OUT says", () => {
  const { res, out } = runJob({ SLURM_CPUS_PER_TASK: "1", SLURM_JOB_ID: "42" });
  assert.equal(res.status, 0, res.stderr);
  assert.match(res.stdout, /job 42: node bin\/sweeplab\.js sweep --workload heavy --out \S+ --workers 1 --workload lecture/);
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
  const res = spawnSync("bash", [sbatchScript], { cwd: tmp(), env: { ...process.env, SWEEPLAB_DIR: tmp() }, encoding: "utf8" });
  assert.equal(res.status, 2);
  assert.match(res.stderr, /no built sweeplab in .*: submit from the repository root after npm ci && npm run build, or set SWEEPLAB_DIR/);
});

test("submit.sh: sbatch options before --, the same flags for the sweep and its afterany resume", () => {
  const bin = tmp();
  const calls = path.join(bin, "calls");
  const id = 100;
  fs.writeFileSync(path.join(bin, "sbatch"), `#!/bin/bash\necho "$*" >> ${JSON.stringify(calls)}\necho $(( $(wc -l < ${JSON.stringify(calls)}) + ${id} ))\n`, { mode: 0o755 });
  const res = spawnSync(submit, ["-c", "8", "--", "--n-r", "40"], {
    cwd: tmp(),
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, SWEEPLAB_OUT: "relative/out" },
    encoding: "utf8",
  });
  assert.equal(res.status, 0, res.stderr);
  const [first, second] = fs.readFileSync(calls, "utf8").trim().split("\n");
  assert.match(first, /^--parsable --output \S+\/sweeplab-%j\.log -c 8 \S+\/examples\/slurm\/sweep\.sbatch --n-r 40$/);
  assert.match(second, new RegExp(`^--parsable --output \\S+ -c 8 --dependency=afterany:${id + 1} \\S+sweep\\.sbatch --resume --n-r 40$`));
  assert.match(res.stdout, /results in \/\S+\/relative\/out\n/, "a relative SWEEPLAB_OUT is made absolute where submit.sh was called");
  assert.match(res.stdout, new RegExp(`stop both: scancel ${id + 1} ${id + 2}`));
});
