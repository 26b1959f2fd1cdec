"""Start an IPython kernel under resource limits (run as `python -m autograd_edu.grading.launcher`).

    python -m autograd_edu.grading.launcher MEMORY_MB CPU_SECONDS -f CONNECTION_FILE

Before the kernel starts: the address space is capped (a 10 GB allocation raises MemoryError),
CPU time is capped (a backstop for the wall-clock cap), core dumps are off, files the kernel
writes are capped at FILE_MB, and on Linux the kernel is killed when the worker that drives it
dies (so killing a worker never leaves a kernel spinning).
"""
from __future__ import annotations

import ctypes
import resource
import runpy
import signal
import sys

FILE_MB = 64
_PR_SET_PDEATHSIG = 1


def apply_limits(memory_mb: int, cpu_seconds: int) -> None:
    """Set this process's rlimits (inherited by anything it starts)."""
    limits = {
        resource.RLIMIT_AS: memory_mb * 2**20,
        resource.RLIMIT_CPU: cpu_seconds,
        resource.RLIMIT_CORE: 0,
        resource.RLIMIT_FSIZE: FILE_MB * 2**20,
    }
    for which, value in limits.items():
        resource.setrlimit(which, (value, value))


def die_with_parent() -> None:
    """Ask Linux to SIGKILL this process when its parent dies (no-op elsewhere)."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def main(argv: list[str]) -> None:
    memory_mb, cpu_seconds, *kernel_args = argv
    die_with_parent()
    apply_limits(int(memory_mb), int(cpu_seconds))
    # A grader started in the background (`&`, nohup) passes SIGINT on as ignored; the kernel
    # needs it to turn a timeout's interrupt into KeyboardInterrupt.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    sys.argv = ["ipykernel_launcher", *kernel_args]
    runpy.run_module("ipykernel_launcher", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
