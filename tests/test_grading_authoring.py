"""Grading without kernels: authoring rules, release, splicing, value comparison, check()."""
import copy
import json
from pathlib import Path

import nbformat
import numpy as np
import pytest

from autograd_edu.grading import AuthoringError, authoring, check, numerical_grad, template
from autograd_edu.grading.checks import RECORD_MIME
from autograd_edu.grading.release import release, student_version
from autograd_edu.grading.values import compare, decode, encode

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
