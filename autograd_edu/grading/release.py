"""`autograd-edu release SOLUTIONS_DIR EXERCISES_DIR`: solutions -> student notebooks.

Answer regions become stubs, hidden tests go (a comment says where they were), outputs and
volatile metadata are cleared, locked cells are marked read-only for JupyterLab, and the notebook
records its assignment name. The output depends only on the solutions, so a second run rewrites
nothing.
"""
from __future__ import annotations

import copy
from pathlib import Path

import nbformat

from . import authoring
from .storage import write_atomic

KEPT_CELL_METADATA = ("nbgrader", "tags")
KEPT_NOTEBOOK_METADATA = ("kernelspec",)


def student_version(nb, assignment: str):
    """The released notebook for a validated solutions notebook."""
    out = copy.deepcopy(nb)
    for cell in out.cells:
        kind = authoring.role(cell)
        if kind == "answer":
            cell.source = authoring.stub(cell)
        elif kind == "test":
            public, hidden = authoring.split_hidden(cell.source)
            cell.source = f"{public}\n{authoring.HIDDEN_NOTE}" if hidden else public
        cell.metadata = {k: cell.metadata[k] for k in KEPT_CELL_METADATA if k in cell.metadata}
        if authoring.meta(cell).get("locked"):
            cell.metadata.update(editable=False, deletable=False)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        cell.pop("attachments", None)
    out.metadata = {k: nb.metadata[k] for k in KEPT_NOTEBOOK_METADATA if k in nb.metadata}
    out.metadata["language_info"] = {"name": "python"}
    out.metadata["autograd_edu"] = {"assignment": assignment}
    return out


def release(solutions_dir, exercises_dir) -> list[Path]:
    """Write one exercise per `solutions_dir/*.ipynb`; return the files that changed."""
    solutions_dir, exercises_dir = Path(solutions_dir), Path(exercises_dir)
    sources = sorted(solutions_dir.glob("*.ipynb"))
    if not sources:
        raise FileNotFoundError(f"no notebooks in {solutions_dir}")
    exercises_dir.mkdir(parents=True, exist_ok=True)
    changed = []
    for source in sources:
        nb = authoring.read_solutions(source)
        text = nbformat.writes(student_version(nb, source.stem)) + "\n"
        target = exercises_dir / source.name
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            write_atomic(target, text)
            changed.append(target)
    return changed
