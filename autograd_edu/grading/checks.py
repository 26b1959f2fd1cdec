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

from .authoring import HIDDEN, HIDDEN_NOTE
from .values import RecordError, answer_text, compare, decode, digest, encode, is_text, short

RECORD_MIME = "application/vnd.autograd-edu.record+json"
RECORD_VERSION = 1


def check(name: str, actual, expected=None, *, points: float = 1, rtol: float = 1e-5,
          atol: float = 1e-8, exact_dtype: bool = True, decimals: int | None = None,
          digest: str | None = None, hint: str | None = None) -> None:
    """Check one answer and record it for grading.

    name         a short description, unique within its test cell ("q1: grad at x0")
    actual       the student's value, or a zero-argument callable producing it (then an exception
                 it raises is reported on this check's line and the cell goes on)
    expected     None: compare `actual` with the solution's value for this check, at grading time
                 (the student sees nothing of the reference). A value or callable: compare here
                 and now; use it only for what reveals no answer (finite differences of the
                 student's own forward, an identity, the engine's built-in op).
    digest, decimals
                 for an answer worked out by hand: `digest` is `digest(answer, decimals)` of the
                 solution's answer (numbers rounded to `decimals` places, or text). The student's
                 answer is decided here by its digest (which shows nothing of the answer) and
                 again when graded, against the solution's answer rounded the same way.
    points       this check's points; a test cell's checks add up to its nbgrader `points`
    rtol, atol   tolerances for floats (np.isclose); exact_dtype compares array dtypes too
    hint         one line printed (and put in the feedback) when the check fails: the usual mistake

    Prints the check's line (its feedback) and returns None, so a test cell shows no stray value.
    """
    if (decimals is not None and digest is None) or (digest is not None and expected is not None):
        raise TypeError("check(): decimals goes with digest, and digest without expected")
    mode = "reference" if expected is None else "agree"
    record = _record(name, points, "rounded" if digest else mode, hint, rtol=float(rtol),
                     atol=float(atol), exact_dtype=bool(exact_dtype))
    if digest:
        record.update(decimals=None if decimals is None else int(decimals), digest=str(digest))
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


def require(name: str, problem, *, points: float = 1, hint: str | None = None) -> None:
    """Check a property of the student's code, decided in the notebook and again when graded.

    problem      a zero-argument callable returning None when all is well, else one sentence
                 saying what is wrong in words a beginner understands ("expected a Python float
                 or NumPy float, got Tensor"); that sentence is the feedback.
    """
    record = _record(name, points, "require", hint)
    start = time.perf_counter()
    try:
        found = problem() if callable(problem) else problem
        record["actual"] = encode(None if found is None else str(found))
    except Exception as exc:  # noqa: BLE001 - the student's exception is the feedback
        record["error"] = f"{type(exc).__name__}: {exc}"[:500]
    record["seconds"] = round(time.perf_counter() - start, 4)
    _emit(record)
    _report(record)


def number_problem(value, low: float | None = None, high: float | None = None) -> str | None:
    """None if `value` is a Python float or NumPy float within [low, high]; else what is wrong."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (float, np.floating)):
        kind = type(value).__name__
        advice = " (call .item() on a one-element tensor)" if hasattr(value, "item") and not isinstance(
            value, np.generic) else ""
        return f"expected a Python float or NumPy float, got {kind} {short(value)}{advice}"
    if (low is not None and value < low) or (high is not None and value > high):
        return f"expected a number between {low:g} and {high:g}, got {float(value):g}"
    return None


def descent_problem(losses, below: float | None = None, every_step: bool = False) -> str | None:
    """None if a training run's losses fall as they should (at every step, and/or to below
    `below` times the first); else what is wrong, with the numbers."""
    losses = [float(loss) for loss in losses]
    if not losses:
        return "no loss was recorded"
    for step in range(1, len(losses) if every_step else 0):
        if losses[step] > losses[step - 1]:
            return f"the loss goes up at step {step}, from {losses[step - 1]:.4g} to {losses[step]:.4g}"
    if below is not None and not losses[-1] < below * losses[0]:
        return f"the last loss, {losses[-1]:.4g}, is not below {below:g} times the first, {losses[0]:.4g}"
    return None


def _record(name, points, mode: str, hint, **tolerances) -> dict:
    return {"v": RECORD_VERSION, "name": str(name), "points": float(points), "rtol": 1e-5,
            "atol": 1e-8, "exact_dtype": True, **tolerances, "mode": mode,
            "hint": None if hint is None else str(hint), "error": None}


def _emit(record: dict) -> None:
    """Send the record to the notebook as a display output (only inside a Jupyter kernel)."""
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:
        return
    if get_ipython() is not None:
        display({RECORD_MIME: record}, raw=True)


def decide(record: dict) -> str | None:
    """The problem with the student's answer in a check decided in the notebook (modes "agree",
    "rounded", "require"), or None when it passes. The grader decides these the same way."""
    actual = decode(record.get("actual"))
    if record["mode"] == "require":
        return None if actual is None else str(actual)
    if record["mode"] == "rounded":
        return _rounded_problem(actual, record["decimals"], record["digest"])
    return compare(actual, decode(record.get("expected")), record["rtol"], record["atol"],
                   record["exact_dtype"])


def _rounded_problem(actual, decimals: int | None, expected_digest: str) -> str | None:
    try:
        if decimals is not None and is_text(actual):
            raise ValueError("text for a number")
        text = answer_text(actual, decimals)
    except (TypeError, ValueError):
        wanted = "text" if decimals is None else "numbers"
        return f"expected {wanted}, got {type(actual).__name__} {short(actual)}"
    if digest(actual, decimals) == expected_digest:
        return None
    if decimals is None:
        return f"not the expected answer: got {short(actual)}"
    shown = text.split(":", 1)[1].replace(";", ", ")
    return (f"not the expected answer; yours, rounded to {decimals} decimal places as it is "
            f"compared, reads {shown}")


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
        reason = decide(record)
        passed = reason is None
    _SUMMARY.add(passed, points)
    mark, got = ("PASS", points) if passed else ("FAIL", 0)
    print(f"  {mark} [{got:g}/{points:g}] {record['name']}" + ("" if passed else f": {reason}"))
    if not passed and record.get("hint"):
        print(f"        hint: {record['hint']}")


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

    def flush(self, result=None) -> None:
        """Print the cell's totals; mention hidden checks only under a cell that has them."""
        if self.public or self.later:
            line = f"Public checks: {self.earned:g}/{self.public:g} points."
            if self.later:
                line += f" {self.later:g} more point{'' if self.later == 1 else 's'} compared with the reference when graded."
            source = getattr(getattr(result, "info", None), "raw_cell", None) or ""
            if HIDDEN[0] in source or HIDDEN_NOTE in source:
                line += " Hidden checks run at grading time."
            print(line)
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
