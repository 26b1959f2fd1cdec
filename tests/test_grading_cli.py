"""The `autograd-edu` command: release, check, grade's exit codes, doctor."""
import copy
from pathlib import Path

import nbformat

from autograd_edu.cli import main
from autograd_edu.grading import authoring

SOLUTIONS = Path(__file__).parent / "fixtures" / "grading" / "solutions"
NAME = "fixture_basics"


def test_release_then_check_an_untouched_and_a_solved_notebook(tmp_path, capsys):
    assert main(["release", str(SOLUTIONS), str(tmp_path / "ex")]) == 0
    assert "1 notebook(s) changed" in capsys.readouterr().out
    assert main(["release", str(SOLUTIONS), str(tmp_path / "ex")]) == 0
    assert "0 notebook(s) changed" in capsys.readouterr().out

    exercise = tmp_path / "ex" / f"{NAME}.ipynb"
    nb = nbformat.read(str(exercise), as_version=4)
    solved = copy.deepcopy(nb)
    solution = nbformat.read(str(SOLUTIONS / f"{NAME}.ipynb"), as_version=4)
    answers = {authoring.meta(c).get("grade_id"): c.source for c in solution.cells}
    for cell in solved.cells:
        if authoring.role(cell) == "answer":
            cell.source = answers[authoring.meta(cell)["grade_id"]]
    solved_path = tmp_path / "mine.ipynb"
    nbformat.write(solved, str(solved_path))

    args = ["--hidden-tests", str(SOLUTIONS), "--cell-timeout", "10"]
    assert main(["check", str(exercise), *args]) == 0
    out = capsys.readouterr().out
    assert out.strip().endswith("fixture_basics: 0/6 points (0%), not attempted")
    assert main(["check", str(solved_path), *args]) == 0  # assignment from the notebook's metadata
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "fixture_basics: 6/6 points (100%), graded"
    assert "PASS [1/1] q1: grad_f on a hidden grid (hidden): passed" in out


def test_grade_setup_errors_exit_2(tmp_path, capsys):
    (tmp_path / "subs").mkdir()
    code = main(["grade", str(tmp_path / "subs"), "--assignment", "nope", "--out", str(tmp_path / "out"),
                 "--hidden-tests", str(SOLUTIONS)])
    assert code == 2 and "nope.ipynb" in capsys.readouterr().err


def test_broken_solution_is_refused_before_grading(tmp_path, capsys):
    solution = nbformat.read(str(SOLUTIONS / f"{NAME}.ipynb"), as_version=4)
    for cell in solution.cells:
        if authoring.meta(cell).get("grade_id") == "q2":
            authoring.meta(cell)["points"] = 5
    (tmp_path / "sol").mkdir()
    nbformat.write(solution, str(tmp_path / "sol" / f"{NAME}.ipynb"))
    (tmp_path / "subs").mkdir()
    (tmp_path / "subs" / "x.ipynb").write_text("{}")
    code = main(["grade", str(tmp_path / "subs"), "--assignment", NAME, "--out", str(tmp_path / "out"),
                 "--hidden-tests", str(tmp_path / "sol"), "--quiet"])
    assert code == 2
    assert "grade_id 'q2'): its checks add up to 2 points but nbgrader points is 5" in capsys.readouterr().err


def test_doctor(capsys):
    code = main(["doctor"])
    out = capsys.readouterr().out
    assert "numpy" in out and "kernel      starts" in out and "chromium" in out
    assert code == 0
