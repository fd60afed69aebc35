"""Runs the lecture notebooks top to bottom on the tslab kernel and checks what they show.

    /usr/bin/python3 test/notebooks/run_notebooks.py [NOTEBOOK ...] [--budget S] [--out DIR]

With no NOTEBOOK, runs every notebooks/*.ipynb in name order. For each notebook:

- the file must be committed clean: no outputs, every execution_count null, and its
  metadata.kernelspec names the "tslab" kernel (checked for notebooks inside the repository);
- every cell runs on the "tslab" kernel with the notebook's folder as working directory
  (so `import * as sl from "../dist"` resolves); the first failing cell stops the run and its
  index, source and outputs (tslab reports errors on stderr, not as a traceback) are printed;
- every cell tagged `plot` must show at least one display carrying both the Vega-Lite spec
  (application/vnd.vegalite.v5+json, for JupyterLab) and its SVG fallback (image/svg+xml,
  for nbconvert's HTML and GitHub);
- its wall time, kernel start included, is printed; all notebooks together must finish within
  the budget (with --over-budget warn, as `npm run notebooks` runs it for a student, a run over
  the budget prints a warning instead of failing: a busy or slow machine is not an error).

--out DIR writes the executed copies there (for HTML export); never into notebooks/.
The kernel spec is looked up in <repo>/.jupyter/share/jupyter (register it with
`node scripts/install-kernel.js`). Exit status: 0 all good, 1 a check failed, 2 bad usage.
"""

import argparse
import os
import sys
import time
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
KERNEL = "tslab"
VEGALITE = "application/vnd.vegalite.v5+json"
SVG = "image/svg+xml"


class NotebookFailure(Exception):
    """A check failed; the message says which notebook, which cell and what to fix."""


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: notebooks/*.ipynb")
    parser.add_argument("--budget", type=float, default=180.0,
                        help="seconds all notebooks together may take (default: %(default)s)")
    parser.add_argument("--over-budget", choices=("fail", "warn"), default="fail",
                        help="what a run over the budget does: fail (CI, the default) or warn (a student's run)")
    parser.add_argument("--cell-timeout", type=int, default=600,
                        help="seconds one cell may take (default: %(default)s)")
    parser.add_argument("--out", type=Path, help="write the executed notebooks to this folder")
    parser.add_argument("--jupyter-path", type=Path, default=REPO / ".jupyter" / "share" / "jupyter",
                        help="folder holding kernels/tslab (default: %(default)s)")
    return parser.parse_args(argv)


def is_inside(path, folder):
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


def tags(cell):
    return cell.get("metadata", {}).get("tags", [])


def check_committed_clean(path, nb):
    """A notebook in the repo is committed without outputs, so diffs show only what the author wrote."""
    spec = nb.metadata.get("kernelspec", {}).get("name")
    if spec != KERNEL:
        raise NotebookFailure(
            f"{path}: metadata.kernelspec.name is {spec!r}, expected {KERNEL!r}; "
            "pick the TypeScript (tslab) kernel in Jupyter and save again")
    dirty = [i for i, cell in enumerate(nb.cells) if cell.cell_type == "code"
             and (cell.get("outputs") or cell.get("execution_count") is not None)]
    if dirty:
        raise NotebookFailure(
            f"{path}: code cells {dirty} carry outputs or an execution_count; commit notebooks "
            f"without outputs (e.g. `jupyter nbconvert --clear-output --inplace {path.name}`)")


def describe_outputs(cell):
    lines = []
    for out in cell.get("outputs", []):
        kind = out.get("output_type")
        if kind == "stream":
            lines.append(f"[{out.get('name')}] {out.get('text', '')}".rstrip())
        elif kind == "error":
            lines.append(f"[error] {out.get('ename')}: {out.get('evalue')}")
            lines.extend(out.get("traceback", []))
        else:
            data = out.get("data", {})
            lines.append(f"[{kind}] {sorted(data)} {str(data.get('text/plain', ''))[:200]}".rstrip())
    return "\n".join(lines) or "(no output)"


def check_plot_cell(path, index, cell):
    displays = [out for out in cell.get("outputs", [])
                if out.get("output_type") in ("display_data", "execute_result")]
    both = [out for out in displays if VEGALITE in out.get("data", {}) and SVG in out.get("data", {})]
    if not both:
        shown = [sorted(out.get("data", {})) for out in displays]
        raise NotebookFailure(
            f"{path}: cell {index} is tagged `plot` but shows no display with both {VEGALITE} and {SVG} "
            f"(its displays carry {shown or 'nothing'}); show the plot with the library's display helper\n"
            f"--- source ---\n{cell.source}")
    for out in both:
        if not isinstance(out["data"][VEGALITE], dict):
            raise NotebookFailure(
                f"{path}: cell {index} sends its {VEGALITE} spec as a {type(out['data'][VEGALITE]).__name__}; "
                "JupyterLab renders it only as a JSON object")


def run_notebook(path, args):
    nb = nbformat.read(path, as_version=4)
    if is_inside(path, REPO):
        check_committed_clean(path, nb)
    client = NotebookClient(
        nb,
        kernel_name=KERNEL,
        timeout=args.cell_timeout,
        startup_timeout=120,
        resources={"metadata": {"path": str(path.resolve().parent)}},
    )
    failure = None
    executed = 0
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            executed += 1
            try:
                # tslab sends no execute_input message, so number the cells here as nbclient does.
                client.execute_cell(cell, index, execution_count=executed)
            except Exception as error:  # CellExecutionError, CellTimeoutError, DeadKernelError, ...
                failure = NotebookFailure(
                    f"{path}: cell {index} failed ({type(error).__name__})\n"
                    f"--- source ---\n{cell.source}\n--- outputs ---\n{describe_outputs(cell)}")
                break
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, args.out / path.name)
    if failure:
        raise failure
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and "plot" in tags(cell):
            check_plot_cell(path, index, cell)


def main(argv):
    args = parse_args(argv)
    paths = args.notebooks or sorted(NOTEBOOKS.glob("*.ipynb"))
    if not paths:
        print(f"run_notebooks: no notebooks in {NOTEBOOKS}")
        return 0
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        print(f"run_notebooks: no such notebook: {', '.join(missing)}", file=sys.stderr)
        return 2
    if args.out and is_inside(args.out, NOTEBOOKS):
        print(f"run_notebooks: --out {args.out} is inside notebooks/; executed copies must go elsewhere",
              file=sys.stderr)
        return 2

    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        p for p in (str(args.jupyter_path), os.environ.get("JUPYTER_PATH")) if p)
    try:
        KernelSpecManager().get_kernel_spec(KERNEL)
    except NoSuchKernel:
        print(f"run_notebooks: no {KERNEL!r} kernel in {args.jupyter_path}; "
              "register it with `node scripts/install-kernel.js`", file=sys.stderr)
        return 1

    failures = []
    total = 0.0
    for path in paths:
        start = time.perf_counter()
        try:
            run_notebook(path, args)
            status = "ok"
        except NotebookFailure as failure:
            failures.append(str(failure))
            status = "FAILED"
        elapsed = time.perf_counter() - start
        total += elapsed
        print(f"{elapsed:7.1f} s  {status:6}  {path}", flush=True)
    print(f"{total:7.1f} s  total for {len(paths)} notebook(s), budget {args.budget:g} s")
    if total > args.budget and args.over_budget == "warn":
        print(f"\nNOTE the notebooks took {total:.1f} s together, more than the {args.budget:g} s they take on a "
              "quiet 2-core machine: this machine is busier or slower. Every number they printed was measured "
              "here, so it is still this machine's; close other programs for steadier timings.", file=sys.stderr)
    elif total > args.budget:
        failures.append(f"the notebooks took {total:.1f} s together, over the {args.budget:g} s budget "
                        "(shrink the workloads the notebooks run, or raise --budget with a reason)")
    for failure in failures:
        print(f"\nFAIL {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
