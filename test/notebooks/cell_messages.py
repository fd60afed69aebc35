"""Runs cells on the tslab kernel and reports every message each cell sent, as JSON on stdout.

    /usr/bin/python3 test/notebooks/cell_messages.py < cells.json

stdin: a JSON list of cell sources. The kernel spec comes from <repo>/.jupyter/share/jupyter (as
`node scripts/install-kernel.js` writes it) and runs in notebooks/, as for a notebook. stdout, as its
last line: a JSON list, one entry per cell run, {"status", "stdout", "stderr", "messages"}, where messages are
the cell's display_data and update_display_data messages in the order sent, each
{"type", "display_id", "mimes", "text"}. A cell that fails ends the run (the later cells are not
run). Exit status 0 when every cell replied ok, 1 otherwise.
"""

import json
import os
import queue
import sys
import time
from pathlib import Path

from jupyter_client.manager import KernelManager

REPO = Path(__file__).resolve().parents[2]


def run_cell(km, kc, code, timeout):
    msg_id = kc.execute(code)
    deadline = time.monotonic() + timeout
    out = {"status": None, "stdout": "", "stderr": "", "messages": []}
    idle = False
    while not (idle and out["status"]):
        if time.monotonic() > deadline:
            raise RuntimeError(f"no answer within {timeout:g} s to:\n{code}")
        if not km.is_alive():
            raise RuntimeError(f"the kernel died running:\n{code}")
        if out["status"] is None:
            try:
                msg = kc.get_shell_msg(timeout=0)
                if msg["parent_header"].get("msg_id") == msg_id:
                    out["status"] = msg["content"]["status"]
            except queue.Empty:
                pass
        try:
            msg = kc.get_iopub_msg(timeout=0.2)
        except queue.Empty:
            continue
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "stream":
            out["stdout" if content["name"] == "stdout" else "stderr"] += content["text"]
        elif kind == "error":
            out["stderr"] += "\n".join(content.get("traceback", []))
        elif kind in ("display_data", "update_display_data"):
            data = content.get("data", {})
            out["messages"].append({
                "type": kind,
                "display_id": content.get("transient", {}).get("display_id"),
                "mimes": sorted(data),
                "text": data.get("text/plain", ""),
            })
        elif kind == "status" and content["execution_state"] == "idle":
            idle = True
    return out


def main():
    cells = json.load(sys.stdin)
    os.environ["JUPYTER_PATH"] = str(REPO / ".jupyter" / "share" / "jupyter")
    km = KernelManager(kernel_name="tslab")
    km.start_kernel(cwd=str(REPO / "notebooks"))
    kc = km.client()
    kc.start_channels()
    results = []
    try:
        kc.wait_for_ready(timeout=120)
        for code in cells:
            results.append(run_cell(km, kc, code, 300))
            if results[-1]["status"] != "ok":
                break
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    # on a line of its own: the kernel's process may write to the same stdout
    print("\n" + json.dumps(results), flush=True)
    return 0 if all(r["status"] == "ok" for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
