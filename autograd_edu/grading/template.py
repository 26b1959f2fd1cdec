"""The grading template (built from the solutions) and splicing a submission's answers into it.

Only the answer cells of a submission are used, matched by nbgrader `grade_id`; every other cell
(setup, tests, hidden tests) comes from the solutions, so a student cannot edit or drop a test.
A test cell with hidden tests becomes two template cells, "test" and "hidden", so the grader
knows which records are hidden and a failure in the public part does not stop the hidden part.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

import nbformat

from . import authoring
from .storage import sha256

GRADER_VERSION = 1
MAX_SUBMISSION_BYTES = 20_000_000


class SubmissionError(ValueError):
    """A submission that cannot be graded at all (unreadable, wrong assignment)."""


@dataclass(frozen=True)
class Cell:
    role: str            # "other", "answer", "test" or "hidden"
    cell_type: str
    grade_id: str | None
    solution: str        # source in the reference run
    released: str        # source a student starts from (the stub, for answers)
    points: float = 0.0  # a test cell's nbgrader points (on its "test" part)


@dataclass
class Template:
    assignment: str
    cells: list[Cell]
    sha256: str = ""

    @property
    def questions(self) -> dict[str, float]:
        """Test-cell grade_id -> points, in notebook order: the columns of grades.csv."""
        return {c.grade_id: c.points for c in self.cells if c.role == "test"}


@dataclass
class Spliced:
    """A submission ready to run: one source per template cell, and what went wrong splicing."""
    sources: list[str]
    answers: dict[str, str]
    issues: list[str] = field(default_factory=list)
    attempted: bool = False


def build(solutions_nb, assignment: str) -> Template:
    """The template of a validated solutions notebook."""
    cells = []
    for cell in solutions_nb.cells:
        kind, m = authoring.role(cell), authoring.meta(cell)
        gid = m.get("grade_id")
        if kind == "answer":
            cells.append(Cell("answer", cell.cell_type, gid, cell.source, authoring.stub(cell)))
        elif kind == "test":
            public, hidden = authoring.split_hidden(cell.source)
            cells.append(Cell("test", "code", gid, public, public, float(m["points"])))
            if hidden:
                cells.append(Cell("hidden", "code", gid, hidden, ""))
        else:
            cells.append(Cell("other", cell.cell_type, gid, cell.source, cell.source))
    template = Template(assignment, cells)
    template.sha256 = sha256(json.dumps([GRADER_VERSION, assignment, [asdict(c) for c in cells]]))
    return template


def read_submission(data: bytes):
    """Parse a submitted notebook, or raise SubmissionError with the reason."""
    if not data.strip():
        raise SubmissionError("unreadable notebook: the file is empty")
    if len(data) > MAX_SUBMISSION_BYTES:
        raise SubmissionError(f"unreadable notebook: {len(data)} bytes is over the "
                              f"{MAX_SUBMISSION_BYTES} byte limit")
    try:
        nb = nbformat.reads(data.decode("utf-8"), as_version=4)
        cells = list(nb.cells)
    except Exception as exc:  # noqa: BLE001 - any parse failure is the student's unreadable file
        raise SubmissionError(f"unreadable notebook: {type(exc).__name__}: {str(exc)[:200]}") from None
    return nb, cells


def splice(template: Template, data: bytes) -> Spliced:
    """Take the answer cells from a submission and put them into the template."""
    nb, cells = read_submission(data)
    declared = nb.metadata.get("autograd_edu", {}) if isinstance(nb.metadata, dict) else {}
    name = declared.get("assignment") if isinstance(declared, dict) else None
    if name is not None and name != template.assignment:
        raise SubmissionError(f"wrong assignment: this notebook is {str(name)[:80]!r}, "
                              f"not {template.assignment!r}")
    by_id: dict[str, list] = {}
    for cell in cells:
        gid = authoring.meta(cell).get("grade_id") if isinstance(cell, dict) else None
        if isinstance(gid, str):
            by_id.setdefault(gid, []).append(cell)
    answer_ids = [c.grade_id for c in template.cells if c.role == "answer"]
    if not any(gid in by_id for gid in answer_ids):
        raise SubmissionError(f"not a notebook of assignment {template.assignment!r}: none of its "
                              f"answer cells ({', '.join(answer_ids)}) was found (wrong notebook, "
                              "or its nbgrader metadata was stripped)")
    result = Spliced(sources=[], answers={})
    for cell in template.cells:
        source = cell.solution if cell.role != "answer" else _answer(cell, by_id, result)
        result.sources.append(source if cell.cell_type == "code" else "")
    return result


def _answer(cell: Cell, by_id: dict, result: Spliced) -> str:
    """The student's source for one answer cell, or the stub with the reason in result.issues."""
    copies = by_id.get(cell.grade_id, [])
    problem = None
    if not copies:
        problem = "is missing (deleted, or its nbgrader metadata was stripped)"
    elif len(copies) > 1:
        problem = f"appears {len(copies)} times"
    elif copies[0].get("cell_type") != cell.cell_type:
        problem = f"was changed from {cell.cell_type} to {copies[0].get('cell_type')}"
    if problem:
        result.issues.append(f"answer cell {cell.grade_id!r} {problem}: the released stub was used")
        return cell.released
    source = copies[0].get("source", "")
    source = "".join(source) if isinstance(source, list) else str(source)
    result.answers[cell.grade_id] = source
    if source.strip() != cell.released.strip():
        result.attempted = True
    return source
