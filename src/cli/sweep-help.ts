/** `sweeplab sweep --help`. */
export const sweepHelp = `Usage: sweeplab sweep [options]

Runs the lecture's parameter sweep (one ODE solve per drive strength r) and writes
  DIR/summary.csv   r,sz_mean,s2_abs at t_final (the lecture script's format)
  DIR/run.json      config, sessions (the first run and each --resume: wall time,
                    workers, host, SLURM job), per-job records (worker, start, end), machine
  DIR/jobs.jsonl    one line per finished job, written as each job finishes

Workload:
  --workload NAME   lecture (nz=100, jobs of ms) or heavy (nz=200, t_final 50x) [lecture]
  --nz N            number of atoms, 2 to 11585 (dense) or 2097152 (linear)
  --n-r K           number of r values (jobs), at most 100000                [20]
  --r-min X         smallest r                                               [0]
  --r-max X         largest r (r runs from --r-min to X)                     [1.2]
  --eta E           position disorder (std eta/(2 pi)), drawn from --seed    [0]
  --seed S          seed of the disorder draw                                [0]
  --rtol R          relative tolerance                                       [1e-7]
  --atol A          absolute tolerance                                       [1e-9]
  --max-steps M     solver step limit per job                                [100000]
  --t-scale T       evolution time: t_final = 10 T / (nz g1d)                [1; heavy 100]
  --n-samples S     sample times per job (the summary uses the last)         [50]
Algorithm:
  --method M        RK45 (Dormand-Prince 5(4), SciPy's solve_ivp), or odex   [RK45]
  --rhs F           dense (the lecture's N x N matrices), or linear (exact,
                    O(N) per evaluation, no matrix)                          [dense]
Pool:
  --sequential      solve in this process, one job after another
  --workers W       worker threads, at most 256 (and one per chunk)          [cores]
  --chunksize C     jobs per dispatch, 1..jobs (a shard's: 1..the smallest shard's);
                    a resume with fewer jobs left runs them as one chunk
                                                        [ceil(jobs / (4 * workers))]
  --timeout-ms T    fail a job that runs longer than T ms (its worker is stopped)  [none]
Shards (one sweep split over N runs, put together by sweeplab merge):
  --shard I/N       run only jobs I, I+N, I+2N, ... (I from 0 to N-1)
  --shard auto      I and N from a SLURM job array (SLURM_ARRAY_TASK_ID, _MIN, _COUNT)
  --shard auto/N    I = SLURM_ARRAY_TASK_ID, of N (an array rerunning some shards)
Output:
  --out DIR         output folder            [results/sweep; a shard: results/shards/shard-I-of-N]
  --resume          finish an interrupted run in DIR (skips finished jobs; a line cut
                    short by a crash is dropped and its job runs again)
  --force           overwrite an earlier run in DIR
  --quiet           no progress bar and no table
  --dry-run         check the flags and DIR as the real command does, say what it
                    would run (or refuse), write nothing
  -h, --help        this help

Exit codes: 0 done, 1 a job failed, 2 usage error, 129 SIGHUP (the terminal closed), 130 interrupted (Ctrl-C), 143 SIGTERM.
Example: sweeplab sweep --workers 2 --chunksize 2 --out results/lecture`;
