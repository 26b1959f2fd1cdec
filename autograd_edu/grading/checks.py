"""`check()` and `numerical_grad()`: what a test cell calls inside the student's notebook.

`check` does two things: it prints a line for the student (pass/fail with the reason, or "checked
when graded"), and it emits a *record* (the values only) as a display output with the private
mimetype `RECORD_MIME`. The grader reads those records from the test cells and decides the points
itself; nothing printed or computed here is trusted at grading time.
"""
from __future__ import annotations

import sys
import time

import numpy as np

from .values import RecordError, compare, decode, encode

RECORD_MIME = "application/vnd.autograd-edu.record+json"
RECORD_VERSION = 1


def check(name: str, actual, expected=None, *, points: float = 1, rtol: float = 1e-5,
          atol: float = 1e-8, exact_dtype: bool = True) -> bool | None:
    """Check one answer and record it for grading.

    name         a short description, unique within its test cell ("q1: grad at x0")
    actual       the student's value, or a zero-argument callable producing it (then an exception
                 it raises is reported on this check's line and the cell goes on)
    expected     None: compare `actual` with the solution's value for this check, at grading time
                 (the student sees nothing of the reference). A value or callable: compare here
                 and now; use it only for what reveals no answer (finite differences of the
                 student's own forward, an identity, the engine's built-in op).
    points       this check's points; a test cell's checks add up to its nbgrader `points`
    rtol, atol   tolerances for floats (np.isclose); exact_dtype compares array dtypes too

    Prints the check's line (its feedback) and returns None, so a test cell shows no stray value.
    """
    record = {"v": RECORD_VERSION, "name": str(name), "points": float(points), "rtol": float(rtol),
              "atol": float(atol), "exact_dtype": bool(exact_dtype),
              "mode": "reference" if expected is None else "agree", "error": None}
    start = time.perf_counter()
    try:
        record["actual"] = encode(actual() if callable(actual) else actual)
        if expected is not None:
            record["expected"] = encode(expected() if callable(expected) else expected)
    except RecordError as exc:
        record["error"] = str(exc)
    except Exception as exc:  # noqa: BLE001 - the student's exception is the feedback
        record["error"] = f"{type(exc).__name__}: {exc}"[:500]
    record["seconds"] = round(time.perf_counter() - start, 4)
    _emit(record)
    _report(record)


def _emit(record: dict) -> None:
    """Send the record to the notebook as a display output (only inside a Jupyter kernel)."""
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:
        return
    if get_ipython() is not None:
        display({RECORD_MIME: record}, raw=True)


def _report(record: dict) -> None:
    """Print the student's line for this check and count it in the cell summary."""
    points = record["points"]
    if record["error"]:
        passed, reason = False, record["error"]
    elif record["mode"] == "reference":
        _SUMMARY.add(None, points)
        print(f"  ?   [  ?/{points:g}] {record['name']}: compared with the reference when graded")
        return
    else:
        reason = compare(decode(record["actual"]), decode(record["expected"]), record["rtol"],
                         record["atol"], record["exact_dtype"])
        passed = reason is None
    _SUMMARY.add(passed, points)
    mark, got = ("PASS", points) if passed else ("FAIL", 0)
    print(f"  {mark} [{got:g}/{points:g}] {record['name']}" + ("" if passed else f": {reason}"))


class _CellSummary:
    """Totals the public checks of one cell and prints them when the cell finishes."""

    def __init__(self):
        self.earned = self.public = self.later = 0.0
        self.hooked = False

    def add(self, passed: bool | None, points: float) -> None:
        if passed is None:
            self.later += points
        else:
            self.public += points
            self.earned += points if passed else 0
        self._hook()

    def _hook(self) -> None:
        if self.hooked:
            return
        try:
            from IPython import get_ipython
            shell = get_ipython()
        except ImportError:
            shell = None
        if shell is not None:
            shell.events.register("post_run_cell", self.flush)
            self.hooked = True

    def flush(self, *_args) -> None:
        if self.public or self.later:
            line = f"Public checks: {self.earned:g}/{self.public:g} points."
            if self.later:
                line += f" {self.later:g} more point{'' if self.later == 1 else 's'} compared with the reference when graded."
            print(line + " Hidden checks run at grading time.")
            sys.stdout.flush()
        self.earned = self.public = self.later = 0.0


_SUMMARY = _CellSummary()


def numerical_grad(f, x, eps: float = 1e-6) -> np.ndarray:
    """Central finite differences of a scalar function `f` at `x`, in float64.

    `f` receives a float64 NumPy array shaped like `x` and returns a number (or a 0-d array or
    Tensor). Compare it with the student's own backward: a check that reveals no answer.
    """
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        saved = x[index]
        x[index] = saved + eps
        up = float(np.asarray(f(x.copy())))
        x[index] = saved - eps
        down = float(np.asarray(f(x.copy())))
        x[index] = saved
        grad[index] = (up - down) / (2 * eps)
    return grad
