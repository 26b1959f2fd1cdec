"""Run one spliced notebook in a sandboxed worker and collect what each cell did.

Containment, from the grader's side: a fresh temporary folder per submission (the worker's and
the kernel's cwd, HOME, TMPDIR and Jupyter/IPython dirs, deleted afterwards), an environment
with no path to the submissions or the output, the notebook passed through a pipe (no path),
a wall-clock cap enforced by killing the worker's process group and the kernel's, and the
limits of `launcher` (memory, CPU, file size) and `worker` (per-cell timeout, output cap).
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
    package_root = str(Path(__file__).resolve().parents[2])
    return {
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), "/usr/local/bin", "/usr/bin", "/bin"]),
        "HOME": folder, "TMPDIR": folder, "LANG": "C.UTF-8", "PYTHONPATH": package_root,
        "JUPYTER_RUNTIME_DIR": folder, "JUPYTER_CONFIG_DIR": folder, "JUPYTER_DATA_DIR": folder,
        "IPYTHONDIR": os.path.join(folder, ".ipython"), "MPLCONFIGDIR": folder, "MPLBACKEND": "Agg",
        "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
        "PYTHONDONTWRITEBYTECODE": "1", "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    }


def run(sources: list[str], collect: list[bool], limits: Limits) -> Run:
    """Execute `sources` (one per template cell) in a fresh kernel; never raises for the
    student's code, whatever it does."""
    folder = tempfile.mkdtemp(prefix="autograd-edu-")
    job = {"cells": [{"source": s, "collect": c} for s, c in zip(sources, collect)],
           "cell_timeout": limits.cell_timeout, "memory_mb": limits.memory_mb,
           "cpu_seconds": limits.submission_timeout + 5, "output_bytes": limits.output_bytes}
    start = time.monotonic()
    result = Run()
    try:
        proc = subprocess.Popen([sys.executable, "-m", "autograd_edu.grading.worker"],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                cwd=folder, env=environment(folder), start_new_session=True)
        try:
            out, err = proc.communicate(json.dumps(job).encode(), timeout=limits.submission_timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc.pid)
            out, err = proc.communicate()
            result.problem = f"the submission ran over its {limits.submission_timeout} s limit and was stopped"
        events = _parse(out)
        for event in events:
            if event.get("event") == "kernel":
                _kill_group(event.get("pid"))  # the kernel is gone by now; this takes its children
            elif event.get("event") == "cell":
                result.cells[event["index"]] = event
        if result.problem is None and not any(e.get("event") == "done" for e in events):
            tail = err.decode(errors="replace").strip().splitlines()[-1:] or ["no message"]
            result.problem = f"the grading worker failed (exit code {proc.returncode}): {tail[0][:300]}"
    finally:
        shutil.rmtree(folder, ignore_errors=True)
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
