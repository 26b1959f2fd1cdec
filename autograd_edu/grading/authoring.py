"""The authoring rules of a solutions notebook: nbgrader metadata and markers, checked strictly.

Cell roles (from `metadata.nbgrader`, nbgrader's own meaning):
    answer   solution: true            code or Markdown the student writes
    test     grade: true, solution: false, with points (locked)
    other    everything else (shown to the student as it is)
Markers: `### BEGIN SOLUTION` / `### END SOLUTION` in answer cells (an answer cell without
markers is replaced whole), and `### BEGIN HIDDEN TESTS` / `### END HIDDEN TESTS` in test cells,
at column 0 and at the end of the cell (the grader runs the hidden part as a cell of its own).
"""
from __future__ import annotations

from dataclasses import dataclass

SOLUTION = ("### BEGIN SOLUTION", "### END SOLUTION")
HIDDEN = ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")
CODE_STUB = ("# YOUR CODE HERE", "raise NotImplementedError()")
MARKDOWN_STUB = "YOUR ANSWER HERE"
HIDDEN_NOTE = "# Hidden checks (other inputs, edge cases) run when graded."   # where they were


class AuthoringError(ValueError):
    """A solutions notebook breaks an authoring rule; the message names notebook and cell
    (cells counted from 1, as they appear in JupyterLab)."""

    def __init__(self, notebook: str, index: int | None, problem: str, grade_id: str | None = None):
        where = f"{notebook}" if index is None else f"{notebook}, cell {index + 1}"
        if grade_id:
            where += f" (grade_id {grade_id!r})"
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class Region:
    """Lines [begin, end] (inclusive, 0-based) between a BEGIN and an END marker."""
    kind: tuple[str, str]
    begin: int
    end: int
    indent: str


def meta(cell) -> dict:
    """The cell's nbgrader metadata, or {}."""
    metadata = cell.get("metadata")
    value = metadata.get("nbgrader") if isinstance(metadata, dict) else None
    return value if isinstance(value, dict) else {}


def role(cell) -> str:
    m = meta(cell)
    if m.get("solution"):
        return "answer"
    if m.get("grade"):
        return "test"
    return "other"


def regions(source: str, notebook: str, index: int) -> list[Region]:
    """Find the marker regions of one cell; nested or unterminated markers are errors."""
    found, open_kind, open_line, indent = [], None, 0, ""
    for number, line in enumerate(source.splitlines()):
        text = line.strip()
        for kind in (SOLUTION, HIDDEN):
            if text == kind[0]:
                if open_kind:
                    raise AuthoringError(notebook, index, f"line {number + 1}: {kind[0]!r} inside "
                                         f"{open_kind[0]!r} (line {open_line + 1}); markers cannot nest")
                open_kind, open_line, indent = kind, number, line[: len(line) - len(line.lstrip())]
            elif text == kind[1]:
                if open_kind is not kind:
                    raise AuthoringError(notebook, index, f"line {number + 1}: {kind[1]!r} without "
                                         f"a matching {kind[0]!r}")
                found.append(Region(kind, open_line, number, indent))
                open_kind = None
    if open_kind:
        raise AuthoringError(notebook, index, f"{open_kind[0]!r} (line {open_line + 1}) is never "
                             f"closed by {open_kind[1]!r}")
    return found


def validate(nb, notebook: str) -> None:
    """Raise AuthoringError for the first broken rule in a solutions notebook."""
    seen: dict[str, int] = {}
    for index, cell in enumerate(nb.cells):
        m, kind = meta(cell), role(cell)
        found = regions(cell.source, notebook, index)
        grade_id = m.get("grade_id")
        if kind != "other" or m.get("locked"):
            if not isinstance(grade_id, str) or not grade_id:
                raise AuthoringError(notebook, index, "a graded or locked cell needs a grade_id")
            if grade_id in seen:
                raise AuthoringError(notebook, index, f"duplicate grade_id (also cell {seen[grade_id] + 1})",
                                     grade_id)
            seen[grade_id] = index
        if kind == "test":
            _validate_test(cell, found, notebook, index, grade_id)
        elif any(r.kind is HIDDEN for r in found):
            raise AuthoringError(notebook, index, "hidden tests belong in a test cell "
                                 "(nbgrader grade: true, solution: false)", grade_id)
        if kind != "answer" and any(r.kind is SOLUTION for r in found):
            raise AuthoringError(notebook, index, "solution markers outside an answer cell "
                                 "(nbgrader solution: true)", grade_id)


def _validate_test(cell, found: list[Region], notebook: str, index: int, grade_id: str) -> None:
    points = meta(cell).get("points")
    if cell.cell_type != "code":
        raise AuthoringError(notebook, index, "a test cell must be a code cell", grade_id)
    if not isinstance(points, (int, float)) or isinstance(points, bool) or points <= 0:
        raise AuthoringError(notebook, index, f"a test cell needs positive points, got {points!r}", grade_id)
    hidden = [r for r in found if r.kind is HIDDEN]
    if len(hidden) > 1:
        raise AuthoringError(notebook, index, "one hidden-tests region per test cell", grade_id)
    if hidden:
        lines = cell.source.splitlines()
        if hidden[0].indent or any(line.strip() for line in lines[hidden[0].end + 1:]):
            raise AuthoringError(notebook, index, "hidden-test markers must be at column 0 and "
                                 "end the cell", grade_id)


def stub(cell) -> str:
    """The student's version of an answer cell's source."""
    if cell.cell_type != "code":
        return MARKDOWN_STUB
    lines = cell.source.splitlines()
    found = [r for r in regions(cell.source, "", 0) if r.kind is SOLUTION]
    if not found:
        return "\n".join(CODE_STUB)
    out, last = [], 0
    for region in found:
        out += lines[last:region.begin] + [region.indent + line for line in CODE_STUB]
        last = region.end + 1
    return "\n".join(out + lines[last:])


def split_hidden(source: str) -> tuple[str, str]:
    """(public part, hidden part) of a validated test cell; the hidden part has no markers."""
    lines = source.splitlines()
    hidden = [r for r in regions(source, "", 0) if r.kind is HIDDEN]
    if not hidden:
        return source, ""
    region = hidden[0]
    public = "\n".join(lines[:region.begin]).rstrip()
    return public, "\n".join(lines[region.begin + 1:region.end])


def read_solutions(path) -> nbformat.NotebookNode:
    """Read and validate a solutions notebook."""
    import nbformat  # here, so that `check()` in a student's kernel does not pay for importing it

    nb = nbformat.read(str(path), as_version=4)
    validate(nb, str(path))
    return nb
