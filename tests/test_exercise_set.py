"""The exercise set, graded as an instructor would grade it (the `autograd-edu grade` command):

- each solution scores full marks; the released exercise, untouched, scores 0 as "not attempted";
- the released exercise, run with its stubs, passes no check;
- every question rejects at least one plausible wrong answer (listed per assignment in
  tests/exercise_wrong_answers/NAME.py), the feedback says what is wrong, and the other
  questions keep their points (a check tests its own question only);
- every right variant listed there (another type, rounding as the question allows, another
  correct way) keeps full marks;
- exercises/ is exactly what `autograd-edu release solutions exercises` writes;
- each lesson's closing cell names its exercise, and each exercise names its lesson.
"""
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))
WRONG_ANSWERS = Path(__file__).resolve().parent / "exercise_wrong_answers"


def cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "autograd_edu.cli", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=900)


def answer_variants(name):
    """The module of assignment `name`: WRONG, a list of dicts {answer, source, question,
    message}, and RIGHT, a list of dicts {answer, source}."""
    spec = importlib.util.spec_from_file_location(f"wrong_{name}", WRONG_ANSWERS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def wrong_answers(name):
    return answer_variants(name).WRONG


def right_variants(name):
    return getattr(answer_variants(name), "RIGHT", [])


def with_answer(notebook, grade_id, source):
    nb = nbformat.read(notebook, as_version=4)
    cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id]
    assert len(cells) == 1, f"{notebook.name} has no single answer cell {grade_id!r}"
    cells[0].source = source
    return nb


@pytest.fixture(scope="module", params=[p.stem for p in SOLUTIONS])
def graded(request, tmp_path_factory):
    """Grade, in one batch: the solution, the untouched exercise, the exercise with its stubs
    run anyway, one submission per plausible wrong answer and one per right variant."""
    name = request.param
    work = tmp_path_factory.mktemp(name)
    solution, exercise = ROOT / "solutions" / f"{name}.ipynb", ROOT / "exercises" / f"{name}.ipynb"
    submissions = {"solution": nbformat.read(solution, as_version=4), "untouched": nbformat.read(exercise, as_version=4)}
    stubs_run = nbformat.read(exercise, as_version=4)
    first_answer = next(c for c in stubs_run.cells if c.metadata.get("nbgrader", {}).get("solution"))
    first_answer.source += "\n# attempted"  # no longer the released stub, so the grader runs it
    submissions["stubs_run"] = stubs_run
    wrong = wrong_answers(name)
    for i, w in enumerate(wrong):
        submissions[f"wrong_{i:02d}"] = with_answer(solution, w["answer"], w["source"])
    for i, r in enumerate(right_variants(name)):
        submissions[f"right_{i:02d}"] = with_answer(solution, r["answer"], r["source"])
    for student, nb in submissions.items():
        (work / "subs" / student).mkdir(parents=True)
        nbformat.write(nb, work / "subs" / student / f"{name}.ipynb")
    run = cli("grade", work / "subs", "--assignment", name, "--hidden-tests", ROOT / "solutions",
              "--out", work / "out", "--jobs", "2", "--quiet")
    assert run.returncode == 0, run.stdout + run.stderr
    results = {p.stem: json.loads(p.read_text()) for p in (work / "out" / "results").glob("*.json")}
    return name, results, wrong


def test_solution_scores_full_marks(graded):
    name, results, _ = graded
    r = results["solution"]
    assert r["status"] == "graded" and r["total"] == r["max"] > 0, (name, r["status"], r["issues"])
    assert all(c["passed"] for c in r["checks"]), [c for c in r["checks"] if not c["passed"]]
    assert 4 <= len(r["questions"]) <= 8, f"{name}: {len(r['questions'])} graded questions"


def test_untouched_exercise_scores_zero_not_attempted(graded):
    name, results, _ = graded
    r = results["untouched"]
    assert r["total"] == 0 and r["status"] == "not attempted", (name, r["total"], r["status"])


def test_stubs_pass_no_check(graded):
    name, results, _ = graded
    r = results["stubs_run"]
    passed = [c["name"] for c in r["checks"] if c["passed"]]
    assert r["total"] == 0 and not passed, f"{name}: the unanswered exercise passes {passed}"


def test_every_question_rejects_a_plausible_wrong_answer(graded):
    name, results, wrong = graded
    questions = results["solution"]["questions"]
    targeted = {w["question"] for w in wrong}
    assert targeted >= set(questions), f"{name}: no wrong answer tried for {set(questions) - targeted}"
    for i, w in enumerate(wrong):
        r = results[f"wrong_{i:02d}"]
        q = w["question"]
        assert r["questions"][q]["points"] < r["questions"][q]["max"], f"{name}: wrong answer {i} ({w['message']!r}) is accepted"
        failing = " | ".join(f"{c['name']}: {c['message']} {c['error'] or ''}" for c in r["checks"]
                             if c["question"] == q and not c["passed"])
        assert re.search(w["message"], failing), f"{name}: wrong answer {i}: feedback {failing!r} does not say {w['message']!r}"
        others = {k: v["points"] for k, v in r["questions"].items() if k != q and k not in w.get("also_affects", ())}
        assert others == {k: questions[k]["max"] for k in others}, f"{name}: wrong answer {i} costs other questions points"


def test_right_variants_keep_full_marks(graded):
    name, results, _ = graded
    for i, variant in enumerate(right_variants(name)):
        r = results[f"right_{i:02d}"]
        lost = [f"{c['name']}: {c['message']}" for c in r["checks"] if not c["passed"]]
        assert r["total"] == r["max"] and not lost, f"{name}: right variant {i} ({variant['answer']}) loses {lost}"


def test_exercises_are_the_release_of_the_solutions(tmp_path):
    run = cli("release", ROOT / "solutions", tmp_path / "exercises")
    assert run.returncode == 0, run.stdout + run.stderr
    made = sorted(p.name for p in (tmp_path / "exercises").glob("*.ipynb"))
    assert made == sorted(p.name for p in (ROOT / "exercises").glob("*.ipynb")) == [p.name for p in SOLUTIONS]
    for name in made:
        assert (tmp_path / "exercises" / name).read_bytes() == (ROOT / "exercises" / name).read_bytes(), (
            f"exercises/{name} differs from the release of solutions/{name}: run "
            "`autograd-edu release solutions exercises`")


def _links(path, folder):
    text = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")
    return set(re.findall(rf"{folder}/(\d\d_\w+)\.ipynb", text))


def test_lessons_and_exercises_name_each_other():
    exercises = {p.stem for p in SOLUTIONS}
    lessons = {p.stem for p in (ROOT / "lessons").glob("[0-9][0-9]_*.ipynb")} - {"00_start_here"}
    for lesson in lessons:
        closing = nbformat.read(ROOT / "lessons" / f"{lesson}.ipynb", as_version=4).cells[-1].source
        named = set(re.findall(r"exercises/(\d\d_\w+)\.ipynb", closing))
        assert named and named <= exercises, f"lessons/{lesson}: its closing cell names {named or 'no exercise'}"
    for exercise in exercises:
        named = _links(ROOT / "solutions" / f"{exercise}.ipynb", "lessons")
        assert named and named <= lessons, f"solutions/{exercise} names lesson(s) {named or 'none'}"
