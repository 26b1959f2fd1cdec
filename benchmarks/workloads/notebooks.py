"""notebooks: wall time to execute every lesson and every solution, each in a fresh kernel.

As `tools/run_notebooks.py` does (nbclient, the python3 kernel, errors allowed so cells marked
NBVAL_RAISES_EXCEPTION can show theirs), but nothing is written back. Wall time, not CPU time:
the work happens in the kernel process. Kernel start-up is included: a student pays it too.
The kernels inherit this process's single-thread BLAS settings. Target: all of them together
in under 2 minutes on the course machine (2 cores).
"""
import subprocess
import time
from pathlib import Path

from ..harness import Target

NAME = "notebooks"
DESCRIPTION = "execute lessons/*.ipynb and solutions/*.ipynb in fresh kernels (wall time)"
UNIT = "run"
FOLDERS = ("lessons", "solutions")
LIMIT_SECONDS = 120.0
ROOT = Path(__file__).resolve().parents[2]


def notebooks():
    return [path for folder in FOLDERS for path in sorted((ROOT / folder).glob("*.ipynb"))]


def execute(path):
    """(wall seconds, cells that raised an error not marked NBVAL_RAISES_EXCEPTION)."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    client = NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=True, record_timing=False,
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute(stderr=subprocess.DEVNULL)   # the kernel's own start-up warnings are noise here
    seconds = time.perf_counter() - start
    unexpected = 0
    for cell in nb.cells:
        if cell.cell_type != "code" or "NBVAL_RAISES_EXCEPTION" in cell.source:
            continue
        if any(output.get("output_type") == "error" for output in cell.get("outputs", [])):
            unexpected += 1
    return seconds, unexpected


def special(cfg, result, log=print):
    paths = notebooks()
    if not paths:
        result.lines.append("notebooks: skipped: no notebooks in " + " or ".join(f"{f}/" for f in FOLDERS))
        result.targets.append(Target(NAME, f"all lessons and solutions in < {LIMIT_SECONDS:.0f} s", "no notebooks"))
        return
    try:
        import nbclient  # noqa: F401
    except ImportError as error:
        result.lines.append(f"notebooks: skipped: {error}")
        result.targets.append(Target(NAME, f"all lessons and solutions in < {LIMIT_SECONDS:.0f} s", "skipped"))
        return
    log(f"  notebooks: executing {len(paths)} notebooks ...")
    per_notebook, total, failed, erroring = {}, 0.0, 0, 0
    result.lines.append("notebooks: wall time per notebook (fresh kernel each, start-up included):")
    for path in paths:
        name = str(path.relative_to(ROOT))
        try:
            seconds, unexpected = execute(path)
        except Exception as error:  # noqa: BLE001 - a timeout or a dead kernel: report and go on
            seconds, unexpected = None, f"{type(error).__name__}: {str(error).splitlines()[0][:80]}"
        per_notebook[name] = {"seconds": seconds, "unexpected_errors": unexpected}
        if seconds is None:
            result.lines.append(f"  {'failed':>8}  {name}  ({unexpected})")
            failed += 1
            continue
        total += seconds
        erroring += bool(unexpected)
        note = f"  ({unexpected} cell(s) raised an unexpected error)" if unexpected else ""
        result.lines.append(f"  {seconds:7.1f} s  {name}{note}")
    result.lines.append(f"  {total:7.1f} s  in all ({len(paths)} notebooks)")
    result.extra.update({"total_seconds": total, "notebooks": per_notebook, "failed": failed,
                         "with_unexpected_errors": erroring})
    # a notebook that could not be executed fails the target; a cell error is reported (the tests judge those)
    value = f"{total:.1f} s" + (f", {failed} failed" if failed else "") + (
        f", {erroring} with cell errors" if erroring else "")
    result.targets.append(Target(NAME, f"all lessons and solutions in < {LIMIT_SECONDS:.0f} s (wall)", value,
                                 total < LIMIT_SECONDS and not failed))
