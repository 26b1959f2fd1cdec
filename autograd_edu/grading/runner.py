"""Run one spliced notebook in a sandboxed worker and collect what each cell did.

Containment, from the grader's side: the worker and its kernel run inside `sandbox` (namespaces,
Landlock, process limit, as far as the machine allows), in a fresh private folder (their cwd,
HOME, TMPDIR and Jupyter/IPython dirs, deleted afterwards), with an environment that names
neither the submissions nor the output, the notebook passed through a pipe (no path), a
wall-clock cap enforced by killing the sandbox (or, without a PID namespace, the worker's and the
kernel's process groups), and the limits of `launcher` (memory, CPU, file size) and `worker`
(per-cell timeout, output cap).
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import sandbox


@dataclass(frozen=True)
class Limits:
    cell_timeout: int = 30          # seconds per cell, then the kernel is interrupted
    submission_timeout: int = 300   # seconds for the whole submission, then it is killed
    memory_mb: int = 2048           # address space of the kernel
    output_bytes: int = 1_000_000   # output kept per cell


@dataclass
class Run:
    """What came back from one submission's kernel."""
    cells: dict[int, dict] = field(default_factory=dict)   # template index -> cell event
    problem: str | None = None                              # why the run stopped early
    seconds: float = 0.0


def environment(folder: str) -> dict[str, str]:
    """The worker's and kernel's environment: nothing inherited but the interpreter's location."""
    package_root = str(Path(__file__).resolve().parents[2])  # only the package is visible there
    return {
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), "/usr/local/bin", "/usr/bin", "/bin"]),
        "HOME": folder, "TMPDIR": folder, "LANG": "C.UTF-8", "PYTHONPATH": package_root,
        "JUPYTER_RUNTIME_DIR": folder, "JUPYTER_CONFIG_DIR": folder, "JUPYTER_DATA_DIR": folder,
        "IPYTHONDIR": os.path.join(folder, ".ipython"), "MPLCONFIGDIR": folder, "MPLBACKEND": "Agg",
        "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
        "PYTHONDONTWRITEBYTECODE": "1", "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    }


def run(sources: list[str], collect: list[bool], limits: Limits, hide: tuple[str, ...] = ()) -> Run:
    """Execute `sources` (one per template cell) in a fresh kernel; never raises for the
    student's code, whatever it does. `hide`: folders the sandbox must not show even if they
    lie inside the Python environment (submissions, solutions, output)."""
    box = sandbox.current()
    host_folder = tempfile.mkdtemp(prefix="autograd-edu-")
    if box.uid is not None:
        os.chown(host_folder, box.uid, box.uid)
    argv, folder = box.command([sys.executable, "-m", "autograd_edu.grading.worker"], host_folder, list(hide))
    job = {"cells": [{"source": s, "collect": c} for s, c in zip(sources, collect)],
           "cell_timeout": limits.cell_timeout, "memory_mb": limits.memory_mb,
           "cpu_seconds": limits.submission_timeout + 5, "output_bytes": limits.output_bytes,
           "sandbox": box.spec(folder)}
    start = time.monotonic()
    result = Run()
    try:
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                cwd=host_folder, env=environment(folder), start_new_session=True,
                                **box.popen_options())
        try:
            out, err = proc.communicate(json.dumps(job).encode(), timeout=limits.submission_timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc.pid)
            out, err = proc.communicate()
            result.problem = f"the submission ran over its {limits.submission_timeout} s limit and was stopped"
        events = _parse(out)
        for event in events:
            if event.get("event") == "kernel" and not box.namespaces:
                _kill_group(event.get("pid"))  # the kernel is gone by now; this takes its children
            elif event.get("event") == "cell":
                result.cells[event["index"]] = event
        if result.problem is None and not any(e.get("event") == "done" for e in events):
            tail = err.decode(errors="replace").strip().splitlines()[-1:] or ["no message"]
            result.problem = f"the grading worker failed (exit code {proc.returncode}): {tail[0][:300]}"
    finally:
        shutil.rmtree(host_folder, ignore_errors=True)
    result.seconds = round(time.monotonic() - start, 3)
    return result


def _parse(out: bytes) -> list[dict]:
    events = []
    for line in out.decode(errors="replace").splitlines():
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if isinstance(event, dict):
            events.append(event)
    return events


def _kill_group(pid) -> None:
    if isinstance(pid, int) and pid > 0:
        try:
            os.killpg(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
