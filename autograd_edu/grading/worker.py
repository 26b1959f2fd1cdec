"""Run one submission in its own kernel (run as `python -m autograd_edu.grading.worker`).

The grader starts one worker per submission, in a fresh temporary folder with a scrubbed
environment, writes the job (JSON) to its stdin, and reads one JSON line per event on its stdout:

    {"event": "kernel", "pid": 123}
    {"event": "cell", "index": 4, "status": "ok" | "error" | "timeout" | "dead",
     "error": "ValueError: ...", "records": [...], "truncated": false, "seconds": 0.31}

Before anything else the worker confines itself as the job's "sandbox" entry says (see
`sandbox.confine`), so its kernel inherits the confinement. The kernel talks to the worker over
Unix sockets in the worker's folder (no TCP: the sandbox has no usable network; TCP on Windows).

The worker never sees a path to the submissions or the output folder. Records are taken only
from cells the job marks `collect` (the template's test cells). If the kernel dies, the worker
reports the cell, starts a fresh kernel and runs the notebook again without that cell (at most
MAX_DEATHS times). The grader kills the worker (and through PDEATHSIG its kernel) at its wall cap;
the worker dies with the grader.
"""
from __future__ import annotations

import ctypes
import json
import os
import subprocess
import sys
import time

from jupyter_client import AsyncKernelManager
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError
import nbformat

from .checks import RECORD_MIME
from .launcher import die_with_parent
from .sandbox import confine, expose_package

MAX_DEATHS = 2
MAX_RECORDS_PER_CELL = 500
TIMEOUT_ENAME = "CellTimeout"
_PR_SET_DUMPABLE = 4


class _SandboxSpecs(KernelSpecManager):
    """Hands out the one kernel spec the grader uses: ipykernel behind the rlimit launcher."""

    limits: tuple[int, int] = (2048, 600)

    def get_kernel_spec(self, kernel_name, *args, **kwargs):
        memory_mb, cpu_seconds = self.limits
        argv = [sys.executable, "-m", "autograd_edu.grading.launcher", str(memory_mb),
                str(cpu_seconds), "-f", "{connection_file}"]
        return KernelSpec(argv=argv, display_name="autograd-edu sandbox", language="python")


class _CappedClient(NotebookClient):
    """NotebookClient that keeps at most `output_bytes` of output per cell (records aside)."""

    def __init__(self, nb, output_bytes: int, **kwargs):
        super().__init__(nb, **kwargs)
        self.output_bytes = output_bytes
        self.used: dict[int, int] = {}
        self.truncated: set[int] = set()
        self.records: dict[int, int] = {}

    def output(self, outs, msg, display_id, cell_index):
        out = super().output(outs, msg, display_id, cell_index)
        if out is None or not outs or outs[-1] is not out:
            return out
        if out.get("output_type") == "display_data" and RECORD_MIME in out.get("data", {}):
            self.records[cell_index] = self.records.get(cell_index, 0) + 1
            if self.records[cell_index] <= MAX_RECORDS_PER_CELL:
                return out
        size = len(json.dumps(out, default=str))
        self.used[cell_index] = self.used.get(cell_index, 0) + size
        if self.used[cell_index] > self.output_bytes:
            outs.pop()
            self.truncated.add(cell_index)
            return None
        return out


def _emit(event: dict) -> None:
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


def _cell_event(client: _CappedClient, index: int, cell, reply, seconds: float, collect: bool) -> dict:
    content = (reply or {}).get("content", {})
    status = "ok"
    error = None
    if content.get("status") == "error":
        status = "timeout" if content.get("ename") == TIMEOUT_ENAME else "error"
        error = f"{content.get('ename')}: {content.get('evalue')}"[:500]
    records = []
    if collect:
        records = [o["data"][RECORD_MIME] for o in cell.outputs
                   if o.get("output_type") == "display_data" and RECORD_MIME in o.get("data", {})]
    return {"event": "cell", "index": index, "status": status, "error": error, "records": records,
            "truncated": index in client.truncated, "seconds": round(seconds, 3)}


def run_attempt(job: dict, skip: set[int]) -> int | None:
    """Run every cell once in a fresh kernel; return the index of a cell that killed it, if any."""
    cells = [nbformat.v4.new_code_cell(c["source"]) for c in job["cells"]]
    nb = nbformat.v4.new_notebook(cells=cells)
    _SandboxSpecs.limits = (job["memory_mb"], job["cpu_seconds"])
    km = AsyncKernelManager(kernel_name="autograd-edu-sandbox", kernel_spec_manager=_SandboxSpecs(),
                            **({"transport": "ipc", "ip": os.path.join(os.getcwd(), "kernel")}
                               if os.name == "posix" else {}))
    client = _CappedClient(nb, job["output_bytes"], km=km, timeout=job["cell_timeout"],
                           interrupt_on_timeout=True, allow_errors=True, record_timing=False,
                           shutdown_kernel="immediate",
                           error_on_timeout={"ename": TIMEOUT_ENAME, "traceback": [],
                                             "evalue": f"the cell ran over {job['cell_timeout']} s"})
    replies: dict[int, dict] = {}
    client.on_cell_executed = lambda cell, cell_index, execute_reply: replies.__setitem__(cell_index, execute_reply)
    with client.setup_kernel(cwd=os.getcwd(), env=dict(os.environ), stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL):
        _emit({"event": "kernel", "pid": km.provisioner.pid})
        for index, cell in enumerate(nb.cells):
            if index in skip or not cell.source.strip():
                continue
            start = time.monotonic()
            try:
                client.execute_cell(cell, index)
            except DeadKernelError:
                _emit({"event": "cell", "index": index, "status": "dead", "records": [],
                       "error": "the kernel died while running this cell", "truncated": False,
                       "seconds": round(time.monotonic() - start, 3)})
                return index
            _emit(_cell_event(client, index, cell, replies.get(index), time.monotonic() - start,
                              job["cells"][index]["collect"]))
    return None


def main() -> None:
    die_with_parent()  # a killed grader takes its workers (and so their kernels) with it
    if sys.platform.startswith("linux"):  # other same-user processes cannot open our /proc files
        ctypes.CDLL(None).prctl(_PR_SET_DUMPABLE, 0)
    job = json.loads(sys.stdin.read())
    expose_package(os.getcwd())
    confine(job["sandbox"])  # before any thread starts: Landlock confines the calling thread and what it starts
    skip: set[int] = set()
    for _ in range(MAX_DEATHS + 1):
        dead = run_attempt(job, skip)
        if dead is None:
            break
        skip.add(dead)
    _emit({"event": "done"})


if __name__ == "__main__":
    main()
