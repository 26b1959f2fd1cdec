"""What a student sees in the notebook itself, before any grading.

Each released exercise is executed with nbclient, as a student runs it in JupyterLab, with the
solution's answers spliced in except for the answers under test:

- every plausible wrong answer of tests/exercise_wrong_answers/NAME.py prints a FAIL line in
  its question's test cell (every question therefore has a check decided in the notebook);
- with every right variant listed there, no test cell prints a FAIL line;
- a test cell mentions hidden checks in its summary exactly when its question has some.

To stay fast, one kernel runs several wrong answers at once: answers to different cells whose
questions do not depend on each other (`also_affects`) share a run.
"""
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from autograd_edu.grading import authoring
from test_exercise_set import SOLUTIONS, right_variants, wrong_answers

ROOT = Path(__file__).resolve().parents[1]
FAIL_LINE = re.compile(r"^\s+FAIL \[", re.MULTILINE)
CELL_TIMEOUT = 600  # seconds: generous, for a loaded machine; never a measure of speed


def rounds(variants):
    """Split answer variants into groups that can run in one kernel: one variant per answer
    cell, and no variant whose question another one's answer is known to affect."""
    groups = []
    for variant in variants:
        for group in groups:
            clash = any(other["answer"] == variant["answer"]
                        or other.get("question") in variant.get("also_affects", ())
                        or variant.get("question") in other.get("also_affects", ()) for other in group)
            if not clash:
                group.append(variant)
                break
        else:
            groups.append([variant])
    return groups


def run_exercise(name, variants):
    """The released exercise, run top to bottom in a fresh kernel with the solution's answers,
    except `variants`; return {grade_id of each test cell: its printed text}."""
    solution = nbformat.read(ROOT / "solutions" / f"{name}.ipynb", as_version=4)
    answers = {authoring.meta(c)["grade_id"]: c.source for c in solution.cells if authoring.role(c) == "answer"}
    answers.update({v["answer"]: v["source"] for v in variants})
    nb = nbformat.read(ROOT / "exercises" / f"{name}.ipynb", as_version=4)
    last_test = max(i for i, c in enumerate(nb.cells) if authoring.role(c) == "test")
    nb.cells = nb.cells[:last_test + 1]  # the demonstrations after the last question are not needed
    for cell in nb.cells:
        if authoring.role(cell) == "answer" and cell.cell_type == "code":
            cell.source = answers[authoring.meta(cell)["grade_id"]]
    NotebookClient(nb, timeout=CELL_TIMEOUT, startup_timeout=300, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(ROOT)}}).execute()
    printed = {}
    for cell in nb.cells:
        if authoring.role(cell) == "test":
            printed[authoring.meta(cell)["grade_id"]] = "".join(
                o.text if o.output_type == "stream" else f"\nerror: {o.ename}: {o.evalue}\n"
                for o in cell.outputs if o.output_type in ("stream", "error"))
    return printed


def runs(variants_of, kind):
    """pytest parameters (assignment, group) for every group of `variants_of(assignment)`."""
    return [pytest.param(path.stem, group, id=f"{path.stem}-{kind}-{i}")
            for path in SOLUTIONS for i, group in enumerate(rounds(variants_of(path.stem)))]


@pytest.mark.parametrize("name", [p.stem for p in SOLUTIONS])
def test_every_question_has_a_wrong_answer_to_show_and_a_hint(name):
    solution = nbformat.read(ROOT / "solutions" / f"{name}.ipynb", as_version=4)
    public = {authoring.meta(c)["grade_id"]: authoring.split_hidden(c.source)[0]
              for c in solution.cells if authoring.role(c) == "test"}
    assert set(public) <= {w["question"] for w in wrong_answers(name)}, name
    assert all("hint=" in source for source in public.values()), name


@pytest.mark.parametrize("name, group", runs(wrong_answers, "wrong"))
def test_wrong_answers_show_fail_in_the_notebook(name, group):
    printed = run_exercise(name, group)
    for variant in group:
        text = printed[variant["question"]]
        assert FAIL_LINE.search(text), (f"{name}: the wrong {variant['answer']} shows no FAIL in "
                                        f"{variant['question']}'s cell:\n{variant['source']}\n---\n{text}")


@pytest.mark.parametrize("name, group", runs(right_variants, "right"))
def test_right_variants_show_no_fail_in_the_notebook(name, group):
    printed = run_exercise(name, group)
    failing = {gid: text for gid, text in printed.items() if FAIL_LINE.search(text) or "error:" in text}
    assert not failing, f"{name}: right variants {[v['answer'] for v in group]} fail in the notebook: {failing}"


@pytest.mark.parametrize("name", [p.stem for p in SOLUTIONS])
def test_hidden_checks_are_mentioned_only_where_there_are_some(name):
    solution = nbformat.read(ROOT / "solutions" / f"{name}.ipynb", as_version=4)
    has_hidden = {authoring.meta(c)["grade_id"]: bool(authoring.split_hidden(c.source)[1])
                  for c in solution.cells if authoring.role(c) == "test"}
    printed = run_exercise(name, [])
    for gid, text in printed.items():
        assert "Public checks:" in text and not FAIL_LINE.search(text), (name, gid, text)
        assert ("Hidden checks run at grading time." in text) == has_hidden[gid], (name, gid, text)
