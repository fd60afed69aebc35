"""Unit tests of the Python port (python/ex_wqed_cluster.py): packing, imap's order, known answers.

Run by test/measure/python.test.ts with a Python that has SciPy, or alone:
    python3 -m unittest discover -s test/measure -p "*_test.py"
"""
import contextlib
import io
import math
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))
import ex_wqed_cluster as w  # noqa: E402


def small_sweep(nz=8, n_r=7):
    s = w.build_sweep(nz, n_r)
    return s, (s["N"], s["gamma"], s["Dnm"], s["Gnm"], s["Omega_n_values"], s["t_span"], s["y0"])


class Packing(unittest.TestCase):
    def test_one_tuple_of_seven_per_drive_each_carrying_both_matrices(self):
        s, args = small_sweep()
        jobs = w.pack_jobs(*args)
        self.assertEqual(len(jobs), 7)
        for job, Omega_n in zip(jobs, s["Omega_n_values"]):
            self.assertEqual(len(job), 7)
            self.assertIs(job[2], s["Dnm"])  # the same matrices in every tuple: pickled once per job
            self.assertIs(job[3], s["Gnm"])
            self.assertIs(job[4], Omega_n)

    def test_the_wrapper_unpacks_one_tuple_into_solve_system_prop(self):
        _, args = small_sweep()
        job = w.pack_jobs(*args)[3]
        a, b = w.solve_system_wrapper(job), w.solve_system_prop(*job)
        self.assertTrue(np.array_equal(a.y, b.y))
        self.assertEqual(a.nfev, b.nfev)

    def test_the_matrices_are_contiguous_so_a_worker_takes_the_same_blas_path(self):
        s, _ = small_sweep()
        self.assertTrue(s["Gnm"].flags.c_contiguous and s["Dnm"].flags.c_contiguous)


class PoolOrder(unittest.TestCase):
    def test_imap_returns_results_in_job_order_equal_to_the_sequential_loop(self):
        _, args = small_sweep()
        seq = w.sequential_solve_omega(*args)
        for workers, chunksize in [(2, 2), (2, 3), (3, 1), (1, 7)]:
            pooled = w.parallel_solve_omega(*args, n_workers=workers, chunksize=chunksize, progress=False)
            self.assertTrue(w.same_solutions(seq, pooled), f"workers {workers}, chunksize {chunksize}")

    def test_order_holds_when_the_first_jobs_are_the_costliest(self):
        # cost grows with r: reversed, the last jobs finish first but still come back last
        s, args = small_sweep()
        reversed_args = args[:4] + (s["Omega_n_values"][::-1],) + args[5:]
        seq = w.sequential_solve_omega(*reversed_args)
        pooled = w.parallel_solve_omega(*reversed_args, n_workers=2, chunksize=1, progress=False)
        self.assertTrue(w.same_solutions(seq, pooled))
        self.assertGreater(seq[0].nfev, seq[-1].nfev)

    def test_the_pool_runs_without_tqdm(self):
        _, args = small_sweep(n_r=3)
        saved = w.tqdm
        try:
            w.tqdm = None
            pooled = w.parallel_solve_omega(*args, n_workers=2, progress=True)
        finally:
            w.tqdm = saved
        self.assertTrue(w.same_solutions(w.sequential_solve_omega(*args), pooled))

    @unittest.skipIf(w.tqdm is None, "tqdm is not installed")
    def test_the_pool_shows_a_tqdm_bar_on_stderr(self):
        _, args = small_sweep(n_r=3)
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            w.parallel_solve_omega(*args, n_workers=2, progress=True)
        self.assertIn("Solving ODE sweep", err.getvalue())
        self.assertIn("3/3", err.getvalue())


class KnownAnswers(unittest.TestCase):
    def test_free_decay_from_the_excited_state(self):
        zero = np.zeros((1, 1))
        sol = w.solve_system_prop(1, 1.0, zero, zero, np.zeros(1, complex), (0.0, 1.0), np.array([0.0, 0.0, 1.0]))
        self.assertEqual(len(sol.t), w.N_SAMPLES)
        self.assertAlmostEqual(sol.y[2, -1], -1 + 2 * math.exp(-1), delta=1e-6)

    def test_no_drive_stays_in_the_ground_state(self):
        s, args = small_sweep()
        sol = w.solve_system_prop(*w.pack_jobs(*args)[0])
        self.assertTrue(np.array_equal(sol.y[:, -1], s["y0"]))
        self.assertEqual(w.summary_row(0.0, sol, s["z"]), (0.0, -1.0, 0.0))

    def test_s2_abs_is_one_for_a_spin_wave_in_phase_with_the_drive(self):
        # (sx - i sy) = exp(2 pi i z_n) cancels exp(-2 pi i z_n): every term is 1
        z = w.positions(5, 0.3)
        y = np.concatenate([np.cos(2 * np.pi * z), -np.sin(2 * np.pi * z), np.zeros(5)])

        class Solution:
            pass

        sol = Solution()
        sol.y = y[:, None]
        r, sz_mean, s2_abs = w.summary_row(0.5, sol, z)
        self.assertEqual((r, sz_mean), (0.5, 0.0))
        self.assertAlmostEqual(s2_abs, 1.0, delta=1e-15)

    def test_positions_and_r_values_follow_the_lecture(self):
        s = w.build_sweep(100, 20)
        self.assertEqual(s["z"][0], -45.0)
        self.assertEqual(s["t_span"], (0.0, 0.01))
        self.assertEqual(len(s["r"]), 20)
        self.assertEqual(s["r"][-1], 1.2)
        self.assertEqual(s["gamma"], 11.0)

    def test_seeded_disorder_repeats_and_differs_by_seed(self):
        a, b, c = w.positions(20, 0.9, 0.5, 7), w.positions(20, 0.9, 0.5, 7), w.positions(20, 0.9, 0.5, 8)
        self.assertTrue(np.array_equal(a, b))
        self.assertFalse(np.array_equal(a, c))
        self.assertLess(np.abs(a - w.positions(20, 0.9)).max(), 0.5)


if __name__ == "__main__":
    unittest.main()
