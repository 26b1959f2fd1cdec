"""Points, decided in the grader process from recorded values.

The *reference* is what the solution notebook records when the grader runs it: it is trusted, and
it alone says which checks exist, their points, tolerances, mode and whether they are hidden.
A student's run contributes values only: for a "reference" check the student's value is compared
with the solution's (the message never shows the solution's value); a "rounded" check compares
the two rounded to the solution's decimals; the checks decided in the notebook ("agree": two of
the student's own values; "require": a property of the student's code) are decided again here
exactly as `check()` and `require()` did there.
"""
from __future__ import annotations

import math

import numpy as np
from dataclasses import dataclass

from .authoring import AuthoringError
from .checks import decide
from .runner import Run
from .template import Template
from .values import RecordError, compare, compare_rounded, decode

PUBLIC_MODES = ("agree", "rounded", "require")
BOUNDARY_MARGIN = 0.1   # a rounded answer this close (in units of its last place) to a tie is ambiguous


@dataclass
class CheckResult:
    question: str
    name: str
    points: float
    max: float
    passed: bool
    hidden: bool
    message: str
    kind: str = "public"      # "public" (decided in the notebook), "graded" (against the reference), "hidden"
    error: str | None = None
    seconds: float = 0.0


def reference(template: Template, run: Run, notebook: str) -> dict[int, list[dict]]:
    """Template cell index -> the solution's records; AuthoringError if the solution fails."""
    if run.problem:
        raise AuthoringError(notebook, None, f"the solution did not run: {run.problem}")
    found, totals = {}, {}
    for index, cell in enumerate(template.cells):
        event = run.cells.get(index)
        if cell.cell_type == "code" and cell.solution.strip() and (event is None or event["status"] != "ok"):
            reason = event["error"] if event else "it never ran"
            raise AuthoringError(notebook, None, f"the solution's cell failed: {reason}", cell.grade_id)
        if cell.role not in ("test", "hidden"):
            continue
        records = event["records"] if event else []
        names = [r["name"] for r in records]
        for record in records:
            problem = record["error"] or (names.count(record["name"]) > 1 and "check name used twice")
            if not problem and record["mode"] in PUBLIC_MODES:
                problem = decide(record) or (record["mode"] == "rounded" and _near_a_tie(record))
            if problem:
                raise AuthoringError(notebook, None, f"check {record['name']!r} fails on the solution: "
                                     f"{problem}", cell.grade_id)
        found[index] = records
        totals[cell.grade_id] = totals.get(cell.grade_id, 0.0) + sum(r["points"] for r in records)
    for gid, points in template.questions.items():
        if not math.isclose(totals.get(gid, 0.0), points):
            raise AuthoringError(notebook, None, f"its checks add up to {totals.get(gid, 0.0):g} "
                                 f"points but nbgrader points is {points:g}", gid)
    return found


def score(template: Template, ref: dict[int, list[dict]], run: Run | None,
          unrun: str = "not attempted") -> list[CheckResult]:
    """Every check of the assignment, scored for one student; with run None, all score 0 and
    say `unrun`."""
    results = []
    for index, records in ref.items():
        cell = template.cells[index]
        event = run.cells.get(index) if run else None
        mine = _by_name(event["records"]) if event else {}
        for expected in records:
            hidden = cell.role == "hidden"
            kind = "hidden" if hidden else "public" if expected["mode"] in PUBLIC_MODES else "graded"
            result = CheckResult(cell.grade_id, expected["name"], 0.0, expected["points"], False,
                                 hidden, "", kind=kind)
            if run is None:
                result.message = unrun
            elif expected["name"] not in mine:
                result.message = _missing(event, run)
            else:
                _decide(result, expected, mine[expected["name"]])
            results.append(result)
    return results


def _by_name(records: list) -> dict[str, dict | None]:
    """The student's records by check name; a name recorded twice maps to None (forged)."""
    mine: dict[str, dict | None] = {}
    for record in records:
        name = record.get("name") if isinstance(record, dict) else None
        if isinstance(name, str):
            mine[name] = None if name in mine else record
    return mine


def _missing(event: dict | None, run: Run) -> str:
    if event is None:
        return f"not run: {run.problem}" if run.problem else "not run: the kernel died before this test"
    if event["status"] == "timeout":
        return f"timed out: {event['error'].split(': ', 1)[-1]}"
    if event["status"] == "dead":
        return "the kernel died while running this test"
    if event["status"] == "error":
        return f"the test cell raised {event['error']}"
    return "no result was recorded (was `check` redefined?)"


def _decide(result: CheckResult, expected: dict, record: dict | None) -> None:
    """Compare one student record against the trusted reference record."""
    if record is None:
        result.message = "more than one result was recorded for this check (a forged record?)"
        return
    result.seconds = record.get("seconds") if isinstance(record.get("seconds"), (int, float)) else 0.0
    hint = f" (hint: {expected['hint']})" if expected.get("hint") else ""
    if record.get("error"):
        result.error = str(record["error"])[:300]
        result.message = f"your code raised {result.error}{hint}"
        return
    mode = expected["mode"]
    try:
        actual = decode(record.get("actual"))
        if mode == "rounded":   # the notebook decided by digest; here, against the solution's value
            problem = compare_rounded(actual, decode(expected["actual"]), expected["decimals"], reveal=False)
        elif mode in PUBLIC_MODES:
            problem = decide({**expected, "actual": record.get("actual"), "expected": record.get("expected")})
        else:
            problem = compare(actual, decode(expected["actual"]), expected["rtol"], expected["atol"],
                              expected["exact_dtype"], reveal=False)
    except RecordError as exc:
        problem = f"malformed record: {exc}"
    result.passed = problem is None
    result.points = result.max if result.passed else 0.0
    result.message = "passed" if result.passed else problem + hint


def _near_a_tie(record: dict) -> str | None:
    """A problem if the solution's answer lies near a rounding tie at its decimals, where a
    student who rounds correctly could land on either side."""
    if record["decimals"] is None:
        return None
    scaled = np.asarray(decode(record["actual"]), dtype=np.float64) * 10.0 ** record["decimals"]
    if np.any(np.abs(scaled - np.floor(scaled) - 0.5) < BOUNDARY_MARGIN):
        return (f"the answer is within {BOUNDARY_MARGIN:g} of a rounding tie at {record['decimals']} "
                "decimal places: ask for another precision")
    return None
