"""Committed notebooks are what nbval can check: every code cell executed, with its outputs
stored; no error output unless the cell is marked as an expected error; the default kernel.
(nbval alone silently passes a notebook whose cells were never run.)"""
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
EXECUTED = sorted((ROOT / "lessons").glob("*.ipynb")) + sorted((ROOT / "solutions").glob("*.ipynb"))
RELEASED = sorted((ROOT / "exercises").glob("*.ipynb"))


def _id(path):
    return f"{path.parent.name}/{path.name}"


@pytest.mark.parametrize("path", EXECUTED, ids=_id)
def test_every_code_cell_was_executed_in_order(path):
    nb = nbformat.read(path, as_version=4)
    counts = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and cell.source.strip():
            assert cell.execution_count is not None, f"{_id(path)}: code cell {i} was never executed"
            counts.append(cell.execution_count)
    assert counts == list(range(1, len(counts) + 1)), f"{_id(path)} was not run top to bottom in a fresh kernel"


@pytest.mark.parametrize("path", EXECUTED, ids=_id)
def test_errors_only_where_marked(path):
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        expected = "NBVAL_RAISES_EXCEPTION" in cell.source or "raises-exception" in cell.metadata.get("tags", [])
        errors = [o for o in cell.outputs if o.output_type == "error"]
        if expected:
            assert errors, f"{_id(path)}: cell {i} is marked NBVAL_RAISES_EXCEPTION but stores no error"
        else:
            assert not errors, f"{_id(path)}: cell {i} stores an unexpected {errors[0].ename}"


@pytest.mark.parametrize("path", EXECUTED + RELEASED, ids=_id)
def test_deliberate_errors_do_not_stop_run_all(path):
    """JupyterLab's Run All stops at an error unless the cell is tagged raises-exception; nbval
    reads the same tag, and the NBVAL_RAISES_EXCEPTION comment names the cell for readers."""
    for i, cell in enumerate(nbformat.read(path, as_version=4).cells):
        if cell.cell_type == "code" and "NBVAL_RAISES_EXCEPTION" in cell.source:
            assert "raises-exception" in cell.metadata.get("tags", []), f"{_id(path)}: cell {i} needs the raises-exception tag"


@pytest.mark.parametrize("path", EXECUTED + RELEASED, ids=_id)
def test_default_python3_kernel(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3", f"{_id(path)} names another kernel"

