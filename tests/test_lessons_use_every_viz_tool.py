"""Every public tool of autograd_edu.viz is called in some lesson, so none is dead weight and
every one is run (and its output checked) by the notebook tests."""
import re
from pathlib import Path

import nbformat
import pytest

import autograd_edu.viz

LESSONS = sorted((Path(__file__).resolve().parents[1] / "lessons").glob("*.ipynb"))


def code_of_lessons():
    return {path.name: "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
            for path in LESSONS}


@pytest.mark.parametrize("tool", autograd_edu.viz.__all__)
def test_viz_tool_is_called_in_a_lesson(tool):
    called = re.compile(rf"(?<![\w.]){tool}\(")
    users = [name for name, code in code_of_lessons().items() if called.search(code)]
    assert users, f"autograd_edu.viz.{tool} is exported but no lesson calls it"
