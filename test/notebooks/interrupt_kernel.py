"""Checks that Jupyter's "interrupt kernel" stops a long cell on the tslab kernel and leaves it usable.

    /usr/bin/python3 test/notebooks/interrupt_kernel.py [--setup CODE] [--long CODE] [--count CODE]
                                                        [--wait S] [--timeout S] [--tolerance N]
                                                        [--message REGEX] [--progress REGEX]
                                                        [--after CODE --after-expect REGEX]

Each CODE is the text of a cell, or @FILE to read it from a file. Steps:

1. start the "tslab" kernel (kernel spec from <repo>/.jupyter/share/jupyter, working directory
   notebooks/ as for a notebook) and run the setup cell;
2. run the count cell: its last line of stdout is an integer, the baseline (by default the
   process's thread count from /proc/self/status; a caller can print its live worker threads);
3. start the long cell, check it is still running after --wait seconds, then interrupt the kernel
   the way Jupyter does (SIGINT to the kernel's process group);
4. the long cell must reply within --timeout, the kernel must still be alive, `1 + 1` must print 2,
   and the count must come back to at most baseline + --tolerance within --timeout;
5. with --message, what the interrupted cell printed on stderr must match REGEX and carry no stack
   trace (no "    at ..." line): the kit's one-line message, not tslab's trace;
6. with --progress, the cell's last display (its progress line, rewritten in place) must match;
7. with --after, that cell runs next and its stdout must match --after-expect (e.g. that it sees
   the jobs the interrupted sweep had finished).

The default long cell is a placeholder for a pooled sweep: a busy worker thread that a SIGINT
listener terminates, as sweeplab's pools do. Exit status 0 on success, 1 with a message on failure.
"""

import argparse
import os
import queue
import re
import signal
import sys
import time
from pathlib import Path

from jupyter_client.manager import KernelManager

REPO = Path(__file__).resolve().parents[2]
KERNEL = "tslab"

DEFAULT_SETUP = 'import { Worker } from "worker_threads";\nimport * as fs from "fs";'

# Reading /proc through fs.promises starts libuv's thread pool before the first count, so the
# baseline already includes those threads.
DEFAULT_COUNT = """\
const status = await fs.promises.readFile("/proc/self/status", "utf8");
console.log(Number(/^Threads:\\s+(\\d+)/m.exec(status)![1]));"""

DEFAULT_LONG = """\
const spinner = new Worker("for (;;) {}", { eval: true });
const stopped = new Promise<number>((resolve) => spinner.once("exit", resolve));
// Registered after the cell's synchronous part: while it runs, vm's breakOnSigint hides the
// process's SIGINT listeners and restores them afterwards.
setImmediate(() => process.once("SIGINT", () => void spinner.terminate()));
await stopped;"""


class Failure(Exception):
    pass


def cell_text(value):
    if value.startswith("@"):
        return Path(value[1:]).read_text()
    return value


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--setup", default=os.environ.get("SWEEPLAB_INTERRUPT_SETUP", DEFAULT_SETUP),
                        help="cell run first (env SWEEPLAB_INTERRUPT_SETUP)")
    parser.add_argument("--long", default=os.environ.get("SWEEPLAB_INTERRUPT_LONG", DEFAULT_LONG),
                        help="cell to interrupt (env SWEEPLAB_INTERRUPT_LONG)")
    parser.add_argument("--count", default=os.environ.get("SWEEPLAB_INTERRUPT_COUNT", DEFAULT_COUNT),
                        help="cell whose last stdout line is the thread count (env SWEEPLAB_INTERRUPT_COUNT)")
    parser.add_argument("--wait", type=float, default=2.0, help="seconds before interrupting (default: %(default)s)")
    parser.add_argument("--timeout", type=float, default=30.0,
                        help="seconds the kernel has to answer after the interrupt (default: %(default)s)")
    parser.add_argument("--tolerance", type=int, default=0,
                        help="how far above the baseline the count may stay (default: %(default)s)")
    parser.add_argument("--message", help="regex the interrupted cell's stderr must match (and no stack trace)")
    parser.add_argument("--progress", help="regex the interrupted cell's last display (its progress line) must match")
    parser.add_argument("--after", help="cell to run after the interrupt (e.g. reading the partial results)")
    parser.add_argument("--after-expect", default=".", help="regex the --after cell's stdout must match")
    parser.add_argument("--cwd", type=Path, default=REPO / "notebooks",
                        help="kernel working directory (default: %(default)s, or the repo if missing)")
    parser.add_argument("--jupyter-path", type=Path, default=REPO / ".jupyter" / "share" / "jupyter")
    return parser.parse_args(argv)


def describe_death(code):
    if code == -signal.SIGINT:
        return ("killed by SIGINT's default action: no SIGINT handler was installed at the OS level. "
                "A SIGINT listener first added during the synchronous part of a cell (where vm's "
                "breakOnSigint has removed all listeners) leaves the default action in place until the "
                "next cell runs; add it after a setImmediate or an await")
    if code is not None and code >= 0:
        return (f"it exited with code {code}: a SIGINT listener called process.exit "
                "(threads.js installs one when it is first required)")
    return f"exit status {code}"


class Kernel:
    """A tslab kernel and a client, with a cell runner that notices a dead kernel."""

    def __init__(self, cwd):
        self.km = KernelManager(kernel_name=KERNEL)
        self.km.start_kernel(cwd=str(cwd))
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=120)

    def start(self, code):
        return self.kc.execute(code)

    def finish(self, msg_id, timeout, what):
        """Collects a cell's outputs until its reply; returns (status, stdout, stderr)."""
        deadline = time.monotonic() + timeout
        stdout, stderr, state_idle, reply = [], [], False, None
        self.displays = []  # text/plain of every display and display update, in order
        while not (state_idle and reply):
            if time.monotonic() > deadline:
                raise Failure(f"{what}: no answer within {timeout:g} s"
                              + ("" if self.km.is_alive() else " (the kernel process has died)"))
            if not self.km.is_alive():
                code = getattr(getattr(self.km.provisioner, "process", None), "returncode", None)
                raise Failure(f"{what}: the kernel process died ({describe_death(code)})")
            if reply is None:
                try:
                    msg = self.kc.get_shell_msg(timeout=0)
                    if msg["parent_header"].get("msg_id") == msg_id:
                        reply = msg
                except queue.Empty:
                    pass
            try:
                msg = self.kc.get_iopub_msg(timeout=0.2)
            except queue.Empty:
                continue
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                (stdout if content["name"] == "stdout" else stderr).append(content["text"])
            elif kind == "error":
                stderr.append("\n".join(content.get("traceback", [])))
            elif kind in ("display_data", "update_display_data"):
                self.displays.append(content.get("data", {}).get("text/plain", ""))
            elif kind == "status" and content["execution_state"] == "idle":
                state_idle = True
        return reply["content"]["status"], "".join(stdout), "".join(stderr)

    def run(self, code, timeout, what):
        status, stdout, stderr = self.finish(self.start(code), timeout, what)
        if status != "ok":
            raise Failure(f"{what} failed ({status}):\n--- source ---\n{code}\n--- stderr ---\n{stderr}")
        return stdout

    def count(self, code, timeout):
        stdout = self.run(code, timeout, "the count cell")
        lines = stdout.strip().splitlines()
        try:
            return int(lines[-1])
        except (IndexError, ValueError):
            raise Failure(f"the count cell must print an integer on its last line, printed {stdout!r}") from None

    def close(self):
        self.kc.stop_channels()
        if self.km.is_alive():
            self.km.shutdown_kernel(now=True)
        else:
            self.km.cleanup_resources()


def check_message(stderr, pattern):
    """The interrupted cell says what happened in the kit's words, without a stack trace."""
    if not re.search(pattern, stderr):
        raise Failure(f"the interrupted cell printed {stderr!r} on stderr, which does not match {pattern!r}")
    trace = [line for line in stderr.splitlines() if re.match(r"\s+at ", line)]
    if trace:
        raise Failure(f"the interrupted cell printed a stack trace ({len(trace)} 'at' lines) instead of one line:\n"
                      + stderr)


def check(args):
    kernel = Kernel(args.cwd if args.cwd.is_dir() else REPO)
    try:
        kernel.run(args.setup, 120, "the setup cell")
        baseline = kernel.count(args.count, 60)
        print(f"baseline count: {baseline}")

        long_id = kernel.start(args.long)
        time.sleep(args.wait)
        try:
            if kernel.kc.get_shell_msg(timeout=0)["parent_header"].get("msg_id") == long_id:
                raise Failure(f"the long cell finished within {args.wait:g} s, before the interrupt; give it more work")
        except queue.Empty:
            pass
        started = time.monotonic()
        kernel.km.interrupt_kernel()  # signal mode: SIGINT to the kernel's process group
        status, _, stderr = kernel.finish(long_id, args.timeout, "the interrupted cell")
        first = next((line for line in stderr.splitlines() if line.strip()), "")
        print(f"interrupted cell replied {status!r} after {time.monotonic() - started:.2f} s: {first}")
        if args.message:
            check_message(stderr, args.message)
        if args.progress:
            shown = kernel.displays[-1] if kernel.displays else "(no display)"
            if not re.search(args.progress, shown):
                raise Failure(f"the progress line ends as {shown!r}, which does not match {args.progress!r}")
            print(f"progress line: {shown}")

        # After a failed cell tslab aborts every request arriving within 200 ms.
        time.sleep(0.5)
        answer = kernel.run("1 + 1", args.timeout, "`1 + 1` after the interrupt").strip()
        if answer != "2":
            raise Failure(f"`1 + 1` after the interrupt printed {answer!r}, expected '2'")
        print("kernel answers: 1 + 1 = 2")
        if args.after:
            seen = kernel.run(args.after, args.timeout, "the cell after the interrupt")
            if not re.search(args.after_expect, seen):
                raise Failure(f"the cell after the interrupt printed {seen!r}, which does not match "
                              f"{args.after_expect!r}\n--- source ---\n{args.after}")
            print(f"the next cell sees: {seen.strip()}")

        deadline = time.monotonic() + args.timeout
        while True:
            now = kernel.count(args.count, args.timeout)
            if now <= baseline + args.tolerance:
                print(f"count back to {now} (baseline {baseline}, tolerance {args.tolerance})")
                break
            if time.monotonic() > deadline:
                raise Failure(f"count still {now} after {args.timeout:g} s, baseline {baseline} "
                              f"(tolerance {args.tolerance}): the interrupt left threads running")
            time.sleep(0.5)
    finally:
        kernel.close()


def main(argv):
    args = parse_args(argv)
    args.setup, args.long, args.count = (cell_text(c) for c in (args.setup, args.long, args.count))
    if args.after:
        args.after = cell_text(args.after)
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        p for p in (str(args.jupyter_path), os.environ.get("JUPYTER_PATH")) if p)
    try:
        check(args)
    except Failure as failure:
        print(f"FAIL interrupt: {failure}", file=sys.stderr)
        return 1
    print("interrupt: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
