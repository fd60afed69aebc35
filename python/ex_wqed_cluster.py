#!/usr/bin/env python3
"""The lecture's script, `ex_wqed_cluster.py`, ported for sweeplab: mean-field waveguide QED,
a 20-point sweep of the drive strength r, solved with SciPy's RK45 on a `multiprocessing.Pool`.

Written for this repository from the lecture "Parallelization in `ex_wqed_cluster.py`"
(shared/lecture) and the model and parameters in shared/notes/physics.md. Each function names its
sweeplab counterpart, so a student can read the two side by side:

    solve_system_prop      -> solveSystemProp        (one ODE solve, one drive vector)
    solve_system_wrapper   -> solveSystemWrapper     (unpacks one job tuple)
    pack_jobs              -> packJobs               (one 7-tuple per drive)
    parallel_solve_omega   -> parallelSolveOmega     (Pool(n).imap(..., chunksize=2))
    sequential_solve_omega -> sequentialSolveOmega   (a plain loop: the baseline)
    summary_row            -> summaryRow             (r, sz_mean, s2_abs at t_final)

Usage:
    python3 ex_wqed_cluster.py                        # the lecture's sweep on a pool, CSV on stdout
    python3 ex_wqed_cluster.py --sequential --csv summary.csv
    python3 ex_wqed_cluster.py --json --workers 2 --repeats 5   # timings and observables as JSON
Needs NumPy and SciPy; shows a tqdm progress bar when tqdm is installed (and --quiet is not given).
"""
import argparse
import json
import math
import multiprocessing as mp
import os
import platform
import sys
import time

import numpy as np
import scipy
from scipy.integrate import solve_ivp

try:  # the lecture wraps the pool's results in tqdm; without it the script runs the same, silently
    from tqdm import tqdm
except ImportError:
    tqdm = None

# The lecture's parameters (physics.md, "Lecture parameters"); --nz, --n-r, --eta and --seed change some.
A_Z = 0.9  # lattice spacing, in guided wavelengths (k = 2 pi)
G1D = 10.0  # waveguide coupling
GAMMA_DECAY = 1.0  # free-space decay
Z0 = -1.0  # initial sz of every atom: the ground state
R_MAX = 1.2  # r runs over linspace(0, R_MAX, n_r), in units of Omega_c
RTOL, ATOL = 1e-7, 1e-9  # solve_ivp tolerances
N_SAMPLES = 50  # t_eval: 50 equally spaced times on t_span
K = 2 * np.pi


# ---------------------------------------------------------------------------------------------
# The model (sweeplab: src/physics/model.ts)
# ---------------------------------------------------------------------------------------------
def uniform_rng(seed):
    """mulberry32, as sweeplab's uniformRng: the same seed gives the same numbers in both kits.
    The lecture's script draws its disorder with np.random.normal, unseeded; a seeded draw makes a
    disordered sweep repeatable, and this one makes it comparable with sweeplab's."""
    mask = 0xFFFFFFFF
    state = seed & mask

    def next_uniform():
        nonlocal state
        state = (state + 0x6D2B79F5) & mask
        t = state
        t = ((t ^ (t >> 15)) * (t | 1)) & mask
        t ^= (t + (((t ^ (t >> 7)) * (t | 61)) & mask)) & mask
        return ((t ^ (t >> 14)) & mask) / 4294967296

    return next_uniform


def normal_rng(seed):
    """Standard normal draws by Box-Muller, both values used (sweeplab's normalRng)."""
    uniform = uniform_rng(seed)
    spare = []

    def next_normal():
        if spare:
            return spare.pop()
        u1 = 1 - uniform()  # in (0, 1]: the log is finite
        u2 = uniform()
        rad = math.sqrt(-2 * math.log(u1))
        spare.append(rad * math.sin(2 * math.pi * u2))
        return rad * math.cos(2 * math.pi * u2)

    return next_normal


def positions(nz, a_z, eta=0.0, seed=0):
    """z_n = (n - nz/2) a_z, plus Gaussian disorder of standard deviation eta / (2 pi) (sweeplab: positions)."""
    z = (np.arange(nz) - nz / 2) * a_z
    if eta > 0:
        normal = normal_rng(seed)
        z = z + (eta / (2 * np.pi)) * np.array([normal() for _ in range(nz)])
    return z


def couplings(z, g1d):
    """g_nm = (g1d/2) exp(i k |z_n - z_m|) with a zero diagonal; returns Gnm = 2 Re g, Dnm = Im g."""
    g = 0.5 * g1d * np.exp(1j * K * np.abs(z[:, None] - z[None, :]))
    np.fill_diagonal(g, 0)
    # g.imag is a strided view into g; a contiguous copy is what a worker unpickles, so a job solved
    # here and one solved in a worker take the same BLAS path and give the same bits.
    return 2 * g.real, np.ascontiguousarray(g.imag)


# ---------------------------------------------------------------------------------------------
# One job (sweeplab: solveSystemProp in src/physics/solve.ts, its right-hand side in src/physics/rhs.ts)
# ---------------------------------------------------------------------------------------------
def solve_system_prop(N, gamma, Dnm, Gnm, Omega_n, t_span, y0):
    """Solves the mean-field equations for one drive vector Omega_n; y = [sx..., sy..., sz...]."""
    re_O, im_O = Omega_n.real, Omega_n.imag

    def rhs(_t, y):  # physics.md, "Model"
        sx, sy, sz = y[:N], y[N:2 * N], y[2 * N:]
        Gx, Gy, Dx, Dy = Gnm @ sx, Gnm @ sy, Dnm @ sx, Dnm @ sy
        dsx = -gamma / 2 * sx - 2 * im_O * sz + sz / 2 * Gx + sz * Dy
        dsy = -gamma / 2 * sy - 2 * re_O * sz + sz / 2 * Gy - sz * Dx
        dsz = (-gamma * (1 + sz) + 2 * sy * re_O + 2 * sx * im_O
               - 0.5 * sx * Gx - 0.5 * sy * Gy + sy * Dx - sx * Dy)
        return np.concatenate([dsx, dsy, dsz])

    t_eval = np.linspace(t_span[0], t_span[1], N_SAMPLES)
    return solve_ivp(rhs, t_span, y0, method="RK45", rtol=RTOL, atol=ATOL, t_eval=t_eval)


# ---------------------------------------------------------------------------------------------
# Packing (sweeplab: solveSystemWrapper, packJobs in src/physics/pack.ts)
# ---------------------------------------------------------------------------------------------
def solve_system_wrapper(args):
    """Wrapper for parallelization: a pool hands its function one value, so the 7 arguments
    travel as one tuple and are unpacked here (the lecture's Part 1)."""
    return solve_system_prop(*args)


def pack_jobs(N, gamma, Dnm, Gnm, Omega_n_values, t_span, y0):
    """One tuple per drive: every job carries both N x N matrices (pickled again for each job)."""
    return [(N, gamma, Dnm, Gnm, Omega_n, t_span, y0) for Omega_n in Omega_n_values]


# ---------------------------------------------------------------------------------------------
# The sweep (sweeplab: parallelSolveOmega, sequentialSolveOmega in src/sweep/sweep.ts; the pool in src/parallel/)
# ---------------------------------------------------------------------------------------------
def parallel_solve_omega(N, gamma, Dnm, Gnm, Omega_n_values, t_span, y0, n_workers=4, chunksize=2,
                         progress=True, timings=None):
    """Parallelized execution for solving ODEs across different Omega values (the lecture's Part 2).
    `timings`, when a dict, receives `pool_start_ms`: how long creating the Pool took."""
    jobs = pack_jobs(N, gamma, Dnm, Gnm, Omega_n_values, t_span, y0)
    t0 = time.perf_counter()
    with mp.Pool(processes=n_workers) as pool:  # `with` terminates the workers on the way out
        if timings is not None:
            timings["pool_start_ms"] = (time.perf_counter() - t0) * 1000
        results = pool.imap(solve_system_wrapper, jobs, chunksize=chunksize)  # results in job order
        if progress and tqdm is not None:
            results = tqdm(results, total=len(Omega_n_values), desc="Solving ODE sweep")
        results = list(results)
    return results


def sequential_solve_omega(N, gamma, Dnm, Gnm, Omega_n_values, t_span, y0, progress=False):
    """The same jobs one after another in this process: the baseline a speedup is measured against."""
    jobs = pack_jobs(N, gamma, Dnm, Gnm, Omega_n_values, t_span, y0)
    if progress and tqdm is not None:
        jobs = tqdm(jobs, desc="Solving ODE sweep (sequential)")
    return [solve_system_wrapper(job) for job in jobs]


# ---------------------------------------------------------------------------------------------
# Observables (sweeplab: summaryRow in src/sweep/run.ts, observables in src/physics/model.ts)
# ---------------------------------------------------------------------------------------------
def summary_row(r, solution, z):
    """(r, sz_mean, s2_abs) at t_final, with s2_abs = |mean_n (sx_n - i sy_n) exp(-2 pi i z_n)|."""
    N = len(z)
    y = solution.y[:, -1]  # t_eval ends at t_final
    sx, sy, sz = y[:N], y[N:2 * N], y[2 * N:]
    s2_abs = np.abs(np.mean((sx - 1j * sy) * np.exp(-2j * np.pi * z)))
    return float(r), float(np.mean(sz)), float(s2_abs)


def build_sweep(nz, n_r, eta=0.0, seed=0):
    """Everything the sweep needs, in the lecture's names (sweeplab: buildSweep("lecture"))."""
    z = positions(nz, A_Z, eta, seed)
    Gnm, Dnm = couplings(z, G1D)
    gamma = G1D + GAMMA_DECAY
    Omega_c = G1D * (nz - 1) / 4
    r_values = np.linspace(0, R_MAX, n_r)
    Omega_n_values = [r * Omega_c * np.exp(2j * np.pi * z) for r in r_values]
    t_span = (0.0, 10 / (nz * G1D))
    y0 = np.concatenate([np.zeros(nz), np.zeros(nz), np.full(nz, Z0)])
    return dict(N=nz, gamma=gamma, z=z, Gnm=Gnm, Dnm=Dnm, r=r_values, Omega_n_values=Omega_n_values,
                t_span=t_span, y0=y0)


def same_solutions(a, b):
    """True when two lists of solutions are identical, sample for sample (pooled == sequential)."""
    return len(a) == len(b) and all(np.array_equal(x.t, y.t) and np.array_equal(x.y, y.y) for x, y in zip(a, b))


def timing_stats(samples):
    """Every sample (ms) and its median / min / max, the shape of sweeplab's TimingStats."""
    return dict(samplesMs=samples, medianMs=float(np.median(samples)), minMs=min(samples), maxMs=max(samples))


def write_csv(rows, out):
    out.write("r,sz_mean,s2_abs\n")
    for r, sz_mean, s2_abs in rows:
        out.write(f"{r!r},{sz_mean!r},{s2_abs!r}\n")


def positive_int(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be an integer >= 1, got {text}")
    return value


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--nz", type=positive_int, default=100, help="number of atoms (the lecture: 100; at least 2)")
    p.add_argument("--n-r", type=positive_int, default=20, help="number of r values from 0 to 1.2 (the lecture: 20)")
    p.add_argument("--eta", type=float, default=0.0, help="position disorder eta, drawn from --seed (the lecture: 0)")
    p.add_argument("--seed", type=int, default=0, help="seed of the disorder draw, 0 to 2**32-1 (as sweeplab's)")
    p.add_argument("--workers", type=positive_int, default=4, help="pool processes (the lecture's n_workers=4)")
    p.add_argument("--chunksize", type=positive_int, default=2, help="jobs per pool task (the lecture: 2)")
    p.add_argument("--sequential", action="store_true", help="a plain loop, no pool")
    p.add_argument("--json", action="store_true",
                   help="print timings and observables as JSON: the sequential and the pooled sweep in one run")
    p.add_argument("--repeats", type=positive_int, default=1, help="with --json: timed runs of each sweep")
    p.add_argument("--csv", metavar="PATH", help="write the summary r,sz_mean,s2_abs to PATH (default: stdout without --json)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    a = p.parse_args(argv)
    if a.nz < 2:
        p.error("--nz must be at least 2: with one atom Omega_c = g1d (nz - 1) / 4 = 0")
    if not (a.eta >= 0 and math.isfinite(a.eta)):
        p.error(f"--eta must be a finite number >= 0, got {a.eta}")
    if not 0 <= a.seed <= 2**32 - 1:
        p.error(f"--seed must be from 0 to 4294967295, got {a.seed}")
    return a


def main(argv=None):
    a = parse_args(sys.argv[1:] if argv is None else argv)
    s = build_sweep(a.nz, a.n_r, a.eta, a.seed)
    args = (s["N"], s["gamma"], s["Dnm"], s["Gnm"], s["Omega_n_values"], s["t_span"], s["y0"])
    progress = not a.quiet and not a.json

    if not a.json:  # the lecture's run: one sweep, its summary
        t0 = time.perf_counter()
        if a.sequential:
            results = sequential_solve_omega(*args, progress=progress)
        else:
            results = parallel_solve_omega(*args, n_workers=a.workers, chunksize=a.chunksize, progress=progress)
        wall_ms = (time.perf_counter() - t0) * 1000
        rows = [summary_row(r, sol, s["z"]) for r, sol in zip(s["r"], results)]
        if a.csv:
            with open(a.csv, "w") as f:
                write_csv(rows, f)
        else:
            write_csv(rows, sys.stdout)
        how = "sequential" if a.sequential else f"Pool({a.workers}), chunksize {a.chunksize}, pool start-up included"
        print(f"{len(rows)} jobs, nz = {a.nz}: {wall_ms:.1f} ms ({how})", file=sys.stderr)
        return 0

    # --json: the sequential and the pooled sweep, alternating, `repeats` times each, in this one run
    sequential_ms, pooled_ms, pool_start_ms = [], [], []
    pooled_equal = None
    for _ in range(a.repeats):
        t0 = time.perf_counter()
        seq = sequential_solve_omega(*args)
        sequential_ms.append((time.perf_counter() - t0) * 1000)
        if not a.sequential:
            timings = {}
            t0 = time.perf_counter()
            pooled = parallel_solve_omega(*args, n_workers=a.workers, chunksize=a.chunksize, progress=False,
                                          timings=timings)
            pooled_ms.append((time.perf_counter() - t0) * 1000)
            pool_start_ms.append(timings["pool_start_ms"])
            pooled_equal = same_solutions(seq, pooled) and pooled_equal is not False
    rows = [summary_row(r, sol, s["z"]) for r, sol in zip(s["r"], seq)]
    if a.csv:
        with open(a.csv, "w") as f:
            write_csv(rows, f)
    report = dict(
        script="ex_wqed_cluster.py",
        format=1,
        N=a.nz,
        nR=a.n_r,
        eta=a.eta,
        seed=a.seed,
        tFinal=s["t_span"][1],
        rtol=RTOL,
        atol=ATOL,
        nSamples=N_SAMPLES,
        method="RK45",
        workers=None if a.sequential else a.workers,
        chunksize=None if a.sequential else a.chunksize,
        startMethod=None if a.sequential else mp.get_start_method(),
        repeats=a.repeats,
        sequential=timing_stats(sequential_ms),
        pooled=None if a.sequential else timing_stats(pooled_ms),
        poolStart=None if a.sequential else timing_stats(pool_start_ms),
        pooledIncludes=None if a.sequential else
        "pool start-up and shut-down: the whole `with mp.Pool(...) as pool:` block, as in the lecture",
        pooledEqualsSequential=pooled_equal,
        progressBar=False,
        rows=[dict(r=r, sz_mean=sz_mean, s2_abs=s2_abs) for r, sz_mean, s2_abs in rows],
        rhsEvals=[int(sol.nfev) for sol in seq],
        versions=dict(python=platform.python_version(), numpy=np.__version__, scipy=scipy.__version__,
                      tqdm=None if tqdm is None else sys.modules["tqdm"].__version__),
        executable=sys.executable,
        machine=dict(cores=len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(), platform=sys.platform, machine=platform.machine(),
                     loadAverage=round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else 0),
    )
    sys.stdout.write(json.dumps(report) + "\n")
    return 0


if __name__ == "__main__":  # needed by the spawn start method (macOS, Windows): workers import this file
    sys.exit(main())
