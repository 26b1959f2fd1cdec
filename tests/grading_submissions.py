"""Submissions for the grader's tests, made from the fixture assignment (3 questions: 3, 2, 1 points)."""
import copy
from pathlib import Path

import nbformat

from autograd_edu.grading import authoring
from autograd_edu.grading.release import student_version

SOLUTIONS = Path(__file__).parent / "fixtures" / "grading" / "solutions"
NAME = "fixture_basics"
SOLUTION = nbformat.read(str(SOLUTIONS / f"{NAME}.ipynb"), as_version=4)
EXERCISE = student_version(SOLUTION, NAME)
FULL = {"q1": 3, "q2": 2, "q3": 1}


def cell(nb, gid):
    return next(c for c in nb.cells if authoring.meta(c).get("grade_id") == gid)


SOLVED = {gid: cell(SOLUTION, gid).source for gid in ("q1_answer", "q2_answer", "q3_answer")}


def make(answers=None, mutate=None) -> bytes:
    """A submission: the released notebook, answered correctly except for `answers`."""
    nb = copy.deepcopy(EXERCISE)
    for gid, source in {**SOLVED, **(answers or {})}.items():
        cell(nb, gid).source = source
    if mutate:
        mutate(nb)
    return nbformat.writes(nb).encode()
