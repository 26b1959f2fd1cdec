"""Grading without kernels: authoring rules, release, splicing, value comparison, check()."""
import copy
import json
from pathlib import Path
from types import SimpleNamespace

import nbformat
import numpy as np
import pytest

import autograd_edu
from autograd_edu.grading import (AuthoringError, authoring, check, checks, descent_problem, digest,
                                  number_problem, numerical_grad, report, require, scoring, template)
from autograd_edu.grading.checks import RECORD_MIME
from autograd_edu.grading.release import release, student_version
from autograd_edu.grading.runner import Run
from autograd_edu.grading.values import compare, compare_rounded, decode, encode

SOLUTIONS = Path(__file__).parent / "fixtures" / "grading" / "solutions"
NAME = "fixture_basics"


@pytest.fixture(scope="module")
def solution():
    return nbformat.read(str(SOLUTIONS / f"{NAME}.ipynb"), as_version=4)


def cell_by_id(nb, gid):
    return next(c for c in nb.cells if authoring.meta(c).get("grade_id") == gid)


def write(nb, folder, name=NAME):
    folder.mkdir(exist_ok=True)
    nbformat.write(nb, str(folder / f"{name}.ipynb"))
    return folder


# --- release -----------------------------------------------------------------------------

def test_release_stubs_strips_and_is_deterministic(tmp_path, solution):
    changed = release(SOLUTIONS, tmp_path)
    assert changed == [tmp_path / f"{NAME}.ipynb"]
    first = (tmp_path / f"{NAME}.ipynb").read_bytes()
    assert release(SOLUTIONS, tmp_path) == []
    assert (tmp_path / f"{NAME}.ipynb").read_bytes() == first

    nb = nbformat.reads(first.decode(), as_version=4)
    q1 = cell_by_id(nb, "q1_answer").source
    assert "### BEGIN SOLUTION" not in q1 and "np.sin" not in q1
    assert "def f(x):\n    # YOUR CODE HERE\n    raise NotImplementedError()" in q1
    assert cell_by_id(nb, "q3_answer").source == "# YOUR CODE HERE\nraise NotImplementedError()"
    assert cell_by_id(nb, "explain").source.endswith("YOUR ANSWER HERE")
    test_q1 = cell_by_id(nb, "q1").source
    assert "HIDDEN" not in test_q1 and "hidden grid" not in test_q1 and "q1: f(X)" in test_q1
    assert test_q1.endswith("\n" + authoring.HIDDEN_NOTE)        # where the hidden checks were
    assert cell_by_id(nb, "q3").source == 'check("q3: the derivative", answer_q3)'   # it has none
    assert all(c.get("outputs", []) == [] and c.get("execution_count") is None
               for c in nb.cells if c.cell_type == "code")
    assert cell_by_id(nb, "q1").metadata["editable"] is False
    assert "editable" not in cell_by_id(nb, "q1_answer").metadata
    assert nb.metadata["autograd_edu"] == {"assignment": NAME}


def test_release_drops_outputs_and_volatile_metadata(solution):
    nb = copy.deepcopy(solution)
    cell = cell_by_id(nb, "setup")
    cell.outputs = [nbformat.v4.new_output("stream", text="hi")]
    cell.execution_count = 7
    cell.metadata["execution"] = {"iopub.status.busy": "2024-01-01"}
    cell.metadata["scrolled"] = True
    nb.metadata["language_info"] = {"name": "python", "version": "3.11.7"}
    out = student_version(nb, NAME)
    assert out == student_version(solution, NAME)


@pytest.mark.parametrize("source, problem", [
    ("### BEGIN SOLUTION\n### BEGIN SOLUTION\nx = 1\n### END SOLUTION\n### END SOLUTION", "cannot nest"),
    ("### BEGIN SOLUTION\nx = 1", "never closed"),
    ("x = 1\n### END SOLUTION", "without a matching"),
])
def test_broken_markers_name_notebook_and_cell(tmp_path, solution, source, problem):
    nb = copy.deepcopy(solution)
    cell_by_id(nb, "q3_answer").source = source
    with pytest.raises(AuthoringError, match=rf"{NAME}\.ipynb, cell 10: .*{problem}"):
        release(write(nb, tmp_path / "solutions"), tmp_path / "exercises")
    assert not (tmp_path / "exercises" / f"{NAME}.ipynb").exists()


def test_duplicate_grade_id_and_misplaced_hidden_tests(tmp_path, solution):
    nb = copy.deepcopy(solution)
    authoring.meta(cell_by_id(nb, "q3"))["grade_id"] = "q2"
    with pytest.raises(AuthoringError, match=r"cell 11 \(grade_id 'q2'\): duplicate grade_id \(also cell 8\)"):
        authoring.validate(nb, "x.ipynb")
    nb = copy.deepcopy(solution)
    cell_by_id(nb, "q3").source += "\n### BEGIN HIDDEN TESTS\nx = 1\n### END HIDDEN TESTS\nprint(x)"
    with pytest.raises(AuthoringError, match="column 0 and end the cell"):
        authoring.validate(nb, "x.ipynb")


# --- splicing ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def tmpl(solution):
    return template.build(solution, NAME)


@pytest.fixture(scope="module")
def exercise(solution):
    return student_version(solution, NAME)


def as_bytes(nb):
    return nbformat.writes(nb).encode()


def test_untouched_exercise_is_not_attempted(tmpl, exercise):
    spliced = template.splice(tmpl, as_bytes(exercise))
    assert not spliced.attempted and spliced.issues == []


def test_only_answer_cells_are_taken(tmpl, exercise):
    nb = copy.deepcopy(exercise)
    cell_by_id(nb, "q3_answer").source = "answer_q3 = 12.0"
    cell_by_id(nb, "q3").source = "print('tests deleted by the student')"
    cell_by_id(nb, "setup").source = "check = print"
    spliced = template.splice(tmpl, as_bytes(nb))
    sources = dict(zip([c.grade_id for c in tmpl.cells], spliced.sources))
    assert spliced.attempted
    assert sources["q3_answer"] == "answer_q3 = 12.0"
    assert sources["q3"] == 'check("q3: the derivative", answer_q3)'
    assert "from autograd_edu.grading import check" in sources["setup"]


@pytest.mark.parametrize("damage, issue", [
    (lambda nb: nb.cells.remove(cell_by_id(nb, "q2_answer")), "'q2_answer' is missing"),
    (lambda nb: nb.cells.append(nbformat.from_dict({**cell_by_id(nb, "q2_answer"), "id": "copy"})),
     "'q2_answer' appears 2 times"),
    (lambda nb: cell_by_id(nb, "q2_answer").update(cell_type="markdown"), "changed from code to markdown"),
    (lambda nb: cell_by_id(nb, "q2_answer").metadata.clear(), "metadata was stripped"),
])
def test_damaged_answer_cells_fall_back_to_the_stub(tmpl, exercise, damage, issue):
    nb = copy.deepcopy(exercise)
    cell_by_id(nb, "q1_answer").source = "def f(x):\n    return 0.0"
    cell_by_id(nb, "q2_answer").source = "def softmax(z):\n    return z"
    damage(nb)
    spliced = template.splice(tmpl, as_bytes(nb))
    index = [c.grade_id for c in tmpl.cells].index("q2_answer")
    assert spliced.sources[index] == tmpl.cells[index].released
    assert len(spliced.issues) == 1 and issue in spliced.issues[0]


@pytest.mark.parametrize("data, reason", [
    (b"", "the file is empty"),
    (b"{not json", "unreadable notebook"),
    (b"\x00\xff" * 10, "unreadable notebook"),
])
def test_unreadable_submissions(tmpl, data, reason):
    with pytest.raises(template.SubmissionError, match=reason):
        template.splice(tmpl, data)


def test_other_assignment_is_refused(tmpl, exercise):
    nb = copy.deepcopy(exercise)
    nb.metadata["autograd_edu"]["assignment"] = "another_one"
    with pytest.raises(template.SubmissionError, match="wrong assignment: .*'another_one'"):
        template.splice(tmpl, as_bytes(nb))
    for cell in nb.cells:
        cell.metadata.pop("nbgrader", None)
    del nb.metadata["autograd_edu"]
    with pytest.raises(template.SubmissionError, match="none of its answer cells"):
        template.splice(tmpl, as_bytes(nb))


# --- values and check() ------------------------------------------------------------------

def roundtrip(value):
    return decode(json.loads(json.dumps(encode(value))))


def test_compare_reasons():
    a32 = np.array([1.0, 2.0, 3.0], dtype=np.float32)
    assert compare(roundtrip(a32), roundtrip(a32.copy())) is None
    assert compare(roundtrip(a32[:2]), roundtrip(a32)) == "wrong shape: got (2,), expected (3,)"
    assert compare(roundtrip(a32.astype(np.float64)), roundtrip(a32)) == "wrong dtype: got float64, expected float32"
    wrong = a32.copy()
    wrong[2] = 4.0
    assert compare(roundtrip(wrong), roundtrip(a32)) == \
        "1 of 3 values differ; first at index (2,): got 4.0, expected 3.0"
    assert compare(roundtrip(wrong), roundtrip(a32), reveal=False) == \
        "1 of 3 values differ; first at index (2,): got 4.0"
    assert compare(roundtrip(2), roundtrip(np.float32(2.0))) is None  # Python numbers: dtype-free
    assert compare(roundtrip((a32, True)), roundtrip((a32, False))) == "item 1: got True, expected False"
    assert compare(roundtrip("x"), roundtrip(a32)).startswith("expected an array of shape (3,)")
    assert compare(roundtrip(None), roundtrip(0.0)) == "expected a number, got NoneType None"


def test_decode_rejects_hostile_records():
    good = encode(np.arange(3.0))
    for bad in [{**good, "dtype": "object"}, {**good, "shape": [4]}, {**good, "data": "!!"},
                {"kind": "pickle"}, "text", {**good, "shape": [10**9, 10**9]}]:
        with pytest.raises(ValueError):
            decode(bad)


def test_check_prints_reasons_outside_jupyter(capsys):
    def broken():
        raise NotImplementedError("todo")
    check("grad", lambda: np.array([1.0, 2.0]), np.array([1.0, 2.5]))
    check("value", 3.0)
    check("raises", broken)
    assert check("fd", lambda: 2 * np.arange(3.0), lambda: numerical_grad(lambda x: (x**2).sum(), np.arange(3.0))) is None
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "  FAIL [0/1] grad: 1 of 2 values differ; first at index (1,): got 2.0, expected 2.5"
    assert "compared with the reference when graded" in lines[1]
    assert lines[2] == "  FAIL [0/1] raises: NotImplementedError: todo"
    assert lines[3].startswith("  PASS [1/1] fd")
    assert RECORD_MIME.startswith("application/vnd.autograd-edu")


def test_lists_of_strings_are_recorded_and_compared():
    names = ["MulBackward0", "AddBackward0"]
    recorded = decode(encode(names))
    assert list(recorded) == names
    reason = compare(recorded, decode(encode(["MulBackward0", "SubBackward0"])))
    assert reason == "item 1: got 'AddBackward0', expected 'SubBackward0'"
    assert compare(recorded, decode(encode(names))) is None


# --- answers worked out by hand, properties in words, hints ------------------------------

def test_digest_compares_rounded_answers_without_showing_them():
    exact = digest([4 / 3, 4.0, 20 / 3], 2)
    assert digest([1.33, 4, 6.67], 2) == digest((1.334, 4.0, 6.666), 2) == exact
    assert digest([2 / 3, 2.0, 10 / 3], 2) != exact and digest([4 / 3, 4.0], 2) != exact
    assert "1.33" not in exact and len(exact) == 16
    assert digest(-0.001, 2) == digest(0.0, 2)                     # "-0.00" reads as "0.00"
    assert digest(["AddBackward0"]) == digest(("AddBackward0",)) != digest(["MulBackward0"])
    assert compare_rounded([1.33, 4, 6.67], [4 / 3, 4.0, 20 / 3], 2) is None
    assert compare_rounded([0.67, 2.0, 3.33], [4 / 3, 4.0, 20 / 3], 2, reveal=False) == \
        "wrong at 2 decimal places: 3 of 3 values differ; first at index (0,): got 0.67"
    assert compare_rounded([1.0, 2.0], [4 / 3, 4.0, 20 / 3], 2) == "wrong shape: got 2 numbers, expected 3 numbers"
    assert compare_rounded("MulBackward0", "AddBackward0", None, reveal=False) == "wrong: got 'MulBackward0'"


def test_a_rounded_check_decides_in_the_notebook_and_hints(capsys):
    answer = digest([4 / 3, 4.0, 20 / 3], 2)
    check("q1: rounded right", [1.33, 4, 6.67], decimals=2, digest=answer, hint="the mean divides by 3")
    check("q1: rounded wrong", [2 / 3, 2, 10 / 3], decimals=2, digest=answer, hint="the mean divides by 3")
    check("q1: not numbers", "four", decimals=2, digest=answer)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "  PASS [1/1] q1: rounded right"
    assert lines[1] == ("  FAIL [0/1] q1: rounded wrong: not the expected answer; yours, rounded to 2 decimal "
                        "places as it is compared, reads 0.67, 2.00, 3.33")
    assert lines[2] == "        hint: the mean divides by 3"
    assert lines[3] == "  FAIL [0/1] q1: not numbers: expected numbers, got str 'four'"
    with pytest.raises(TypeError, match="digest without expected"):
        check("both", 1.0, 1.0, digest=answer)


def test_number_and_descent_problems_speak_plainly():
    assert number_problem(0.5) is None and number_problem(np.float64(0.5), 0.0, 1.0) is None
    assert number_problem(np.float32(0.25)) is None
    tensor = autograd_edu.tensor(0.5)
    assert number_problem(tensor) == ("expected a Python float or NumPy float, got Tensor tensor(0.5000) "
                                      "(call .item() on a one-element tensor)")
    assert number_problem(1) == "expected a Python float or NumPy float, got int 1"
    assert number_problem(True).startswith("expected a Python float or NumPy float, got bool")
    assert number_problem(1.5, 0.0, 1.0) == "expected a number between 0 and 1, got 1.5"
    assert descent_problem([3.0, 2.0, 1.0], below=0.5, every_step=True) is None
    assert descent_problem([3.0, 2.0, 2.5, 0.1], every_step=True) == "the loss goes up at step 2, from 2 to 2.5"
    assert descent_problem([3.0, 3.0], below=0.1) == "the last loss, 3, is not below 0.1 times the first, 3"
    assert descent_problem([]) == "no loss was recorded"


def test_require_prints_the_problem_or_pass(capsys):
    require("q3: a float", lambda: number_problem(0.25), points=0.5)
    require("q3: a float, again", lambda: number_problem(autograd_edu.tensor(0.25)), hint="use .item()")
    require("q3: raises", lambda: 1 / 0)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "  PASS [0.5/0.5] q3: a float"
    assert lines[1].startswith("  FAIL [0/1] q3: a float, again: expected a Python float or NumPy float, got Tensor")
    assert lines[2] == "        hint: use .item()"
    assert lines[3] == "  FAIL [0/1] q3: raises: ZeroDivisionError: division by zero"


def test_the_cell_summary_mentions_hidden_checks_only_under_a_cell_that_has_them(capsys):
    def cell(source):
        return SimpleNamespace(info=SimpleNamespace(raw_cell=source))
    checks._SUMMARY.flush()          # outside a kernel nothing flushes the earlier tests' checks
    capsys.readouterr()
    for source, hidden in [('check("q", 1.0, 1.0)', False), (f'check("q", 1.0, 1.0)\n{authoring.HIDDEN_NOTE}', True),
                           ('check("q", 1.0, 1.0)\n### BEGIN HIDDEN TESTS\n### END HIDDEN TESTS', True)]:
        checks._SUMMARY.add(True, 1.0)
        checks._SUMMARY.add(None, 0.5)
        checks._SUMMARY.flush(cell(source))
        line = capsys.readouterr().out.strip()
        assert line.startswith("Public checks: 1/1 points. 0.5 more points compared with the reference when graded.")
        assert line.endswith("Hidden checks run at grading time.") is hidden


def recorded(monkeypatch, calls):
    """The records `calls` (a function calling check/require) emit, as a kernel would send them."""
    records = []
    monkeypatch.setattr(checks, "_emit", records.append)
    calls()
    return records


def one_question(records_by_run, points):
    cells = [template.Cell("test", "code", "q1", "", "", points)]
    runs = [Run(cells={0: {"status": "ok", "error": None, "records": r}}) for r in records_by_run]
    return template.Template("nb", cells), runs


def test_scoring_decides_rounded_and_required_checks_as_the_notebook_did(monkeypatch, capsys):
    answer = digest(8.0, 2)

    def run_with(value, accuracy):
        return lambda: (check("q1: w.grad", value, decimals=2, digest=answer, hint="backward() adds"),
                        require("q1: accuracy", lambda: number_problem(accuracy)),
                        check("q1: graded", value))
    solution = recorded(monkeypatch, run_with(8.0, 0.5))
    right = recorded(monkeypatch, run_with(8.001, np.float64(0.5)))
    wrong = recorded(monkeypatch, run_with(4.0, autograd_edu.tensor(0.5)))
    capsys.readouterr()
    tmpl, (sol_run, right_run, wrong_run) = one_question([solution, right, wrong], 3.0)
    ref = scoring.reference(tmpl, sol_run, "nb")
    assert [(r.kind, r.passed) for r in scoring.score(tmpl, ref, right_run)] == \
        [("public", True), ("public", True), ("graded", False)]    # 8.001 is not 8.0 at 1e-5
    failed = scoring.score(tmpl, ref, wrong_run)
    assert [r.passed for r in failed] == [False, False, False]
    assert failed[0].message == ("wrong at 2 decimal places: 1 of 1 values differ; first at the value: got 4.00 "
                                 "(hint: backward() adds)")
    assert failed[1].message.startswith("expected a Python float or NumPy float, got Tensor")
    html = report.feedback({"assignment": "nb", "student": "s", "total": 0, "max": 3, "percent": 0,
                            "status": "graded", "issues": [], "checks": [
                                {**r.__dict__, "hidden": r.kind == "hidden"} for r in failed]})
    assert "<td>public</td>" in html and "<td>compared when graded</td>" in html


def test_an_answer_near_a_rounding_tie_or_a_wrong_digest_is_an_authoring_error(monkeypatch, capsys):
    near_tie = recorded(monkeypatch, lambda: check("q1: a tie", 0.125, decimals=2, digest=digest(0.125, 2)))
    bad_digest = recorded(monkeypatch, lambda: check("q1: a typo", 0.5, decimals=2, digest=digest(0.25, 2)))
    capsys.readouterr()
    for records, problem in [(near_tie, "within 0.1 of a rounding tie"), (bad_digest, "not the expected answer")]:
        tmpl, (run,) = one_question([records], 1.0)
        with pytest.raises(AuthoringError, match=problem):
            scoring.reference(tmpl, run, "nb")
