"""An independent SciPy reference for sweeplab's observables.

Written from the equations in docs/physics.md (the lecture script's model), solved with
SciPy's solve_ivp (RK45), and printed in the lecture's summary format `r,sz_mean,s2_abs`.
Usage: python3 wqed_reference.py [--nz 100] [--n-r 20] [--r-max 1.2] [--rtol 1e-7] [--atol 1e-9] [--nfev]
With --nfev it prints, instead, each job's number of right-hand-side evaluations as a JSON list
(sampled at the lecture's 50 times), to hold sweeplab's own RK45 against SciPy's step control.
"""
import argparse
import sys

import numpy as np
from scipy.integrate import solve_ivp


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--nz", type=int, default=100)
    p.add_argument("--n-r", type=int, default=20)
    p.add_argument("--r-max", type=float, default=1.2)
    p.add_argument("--rtol", type=float, default=1e-7)
    p.add_argument("--atol", type=float, default=1e-9)
    p.add_argument("--t-scale", type=float, default=1.0)
    p.add_argument("--nfev", action="store_true")
    a = p.parse_args()

    nz, az, g1d, gamma_decay = a.nz, 0.9, 10.0, 1.0
    gamma = g1d + gamma_decay
    k = 2 * np.pi
    z = (np.arange(nz) - nz / 2) * az
    dz = np.abs(z[:, None] - z[None, :])
    g = 0.5 * g1d * np.exp(1j * k * dz)
    np.fill_diagonal(g, 0)
    Gnm, Dnm = 2 * g.real, g.imag
    omega_c = g1d * (nz - 1) / 4
    t_span = (0.0, a.t_scale * 10 / (nz * g1d))
    y0 = np.concatenate([np.zeros(nz), np.zeros(nz), -np.ones(nz)])

    def rhs(_t, y, om):
        sx, sy, sz = y[:nz], y[nz:2 * nz], y[2 * nz:]
        Gx, Gy, Dx, Dy = Gnm @ sx, Gnm @ sy, Dnm @ sx, Dnm @ sy
        dsx = -gamma / 2 * sx - 2 * om.imag * sz + sz / 2 * Gx + sz * Dy
        dsy = -gamma / 2 * sy - 2 * om.real * sz + sz / 2 * Gy - sz * Dx
        dsz = (-gamma * (1 + sz) + 2 * sy * om.real + 2 * sx * om.imag
               - 0.5 * sx * Gx - 0.5 * sy * Gy + sy * Dx - sx * Dy)
        return np.concatenate([dsx, dsy, dsz])

    out = ["r,sz_mean,s2_abs"]
    nfev = []
    for r in np.linspace(0, a.r_max, a.n_r):
        om = r * omega_c * np.exp(2j * np.pi * z)
        t_eval = np.linspace(*t_span, 50) if a.nfev else None
        sol = solve_ivp(rhs, t_span, y0, method="RK45", rtol=a.rtol, atol=a.atol, args=(om,), t_eval=t_eval)
        nfev.append(int(sol.nfev))
        y = sol.y[:, -1]
        sx, sy, sz = y[:nz], y[nz:2 * nz], y[2 * nz:]
        s2 = np.abs(np.mean((sx - 1j * sy) * np.exp(-2j * np.pi * z)))
        out.append(f"{r!r},{np.mean(sz)!r},{s2!r}")
    sys.stdout.write(("[" + ", ".join(map(str, nfev)) + "]" if a.nfev else "\n".join(out)) + "\n")


if __name__ == "__main__":
    main()
