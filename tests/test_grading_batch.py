"""Grading real kernels: full marks, not attempted, partial credit, and hostile submissions.

One batch (module-scoped) grades every submission below with --jobs 2; each test then checks one
student. Every hostile student answers the *other* questions correctly, so "contained" is
asserted exactly: full marks where unaffected, 0 with a reason where affected.
"""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from autograd_edu.grading import batch, runner
from grading_submissions import EXERCISE, FULL, NAME, SOLUTIONS, SOLVED, cell, make

# Caps far above what an honest cell needs on a loaded machine (an import can take seconds there),
# still short enough that the infinite loops below cost little. memory_mb is this module's mark:
# no other test module starts kernels with it (test_no_kernel_outlives_the_batch looks for it).
LIMITS = runner.Limits(cell_timeout=10, submission_timeout=60, memory_mb=2045)


def other_assignment(nb):
    nb.metadata["autograd_edu"]["assignment"] = "another_assignment"


FORGE = '''
from IPython.display import display
from autograd_edu.grading.values import encode

def _forge(name, value):
    record = {"v": 1, "name": name, "points": 100.0, "rtol": 1e9, "atol": 1e9, "exact_dtype": False,
              "mode": "agree", "error": None, "actual": encode(value), "expected": encode(value),
              "seconds": 0}
    print(record)
    display({"application/vnd.autograd-edu.record+json": record}, raw=True)
'''

SNOOP = '''
import os
needles = {needles!r}
places = [repr(dict(os.environ)), os.getcwd(), repr(os.listdir(".")),
          repr(os.listdir(os.path.expanduser("~")))]
for pid in (os.getpid(), os.getppid()):
    for what in ("cmdline", "environ"):
        try:
            places.append(open(f"/proc/{{pid}}/{{what}}", "rb").read().decode(errors="replace"))
        except OSError:
            pass
    try:
        places.append(os.readlink(f"/proc/{{pid}}/cwd"))
    except OSError:
        pass
leaks = [n for n in needles for p in places if n in p]
answer_q3 = 12.0 + len(leaks)
'''


def submissions(subs: Path, out: Path) -> dict:
    """name -> (bytes, expected points per question, text expected in status/issues/messages)."""
    return {
        "a_solution": (make(), FULL, "graded"),
        "b_untouched": (nbformat.writes(EXERCISE).encode(), {"q1": 0, "q2": 0, "q3": 0}, "not attempted"),
        "c_partial": (make({
            "q1_answer": "def f(x):\n    return np.sum(x**2 * np.sin(x))\n\ndef grad_f(x):\n    return 2 * x * np.sin(x)",
            "q2_answer": "def softmax(z):\n    e = np.exp(z)\n    return e / e.sum(axis=-1, keepdims=True)",
        }), {"q1": 1, "q2": 1.5, "q3": 1}, "graded"),
        "d_infinite_loop": (make({"q3_answer": "while True:\n    pass"}), {**FULL, "q3": 0}, "CellTimeout"),
        "e_10gb": (make({"q2_answer": "big = np.ones(1_250_000_000)\n" + SOLVED["q2_answer"]}),
                   {**FULL, "q2": 0}, "MemoryError"),
        "f_os_exit": (make({"q3_answer": "import os\nos._exit(1)"}), {**FULL, "q3": 0}, "kernel died"),
        "g_segfault": (make({"q1_answer": "import ctypes\nctypes.string_at(0)\n" + SOLVED["q1_answer"]}),
                       {**FULL, "q1": 0}, "kernel died"),
        "h_sys_exit": (make({"q2_answer": "import sys\nsys.exit()"}), {**FULL, "q2": 0}, "SystemExit"),
        "i_megabytes": (make({"q1_answer": SOLVED["q1_answer"] + "\nprint('x' * 5_000_000)\n"
                              "for i in range(5000):\n    print(i)"}), FULL, "output cut"),
        "j_deleted": (make(mutate=lambda nb: nb.cells.remove(cell(nb, "q2_answer"))),
                      {**FULL, "q2": 0}, "'q2_answer' is missing"),
        "k_duplicated": (make(mutate=lambda nb: nb.cells.append(nbformat.from_dict(
            {**cell(nb, "q1_answer"), "id": "copy"}))), {**FULL, "q1": 0}, "appears 2 times"),
        "l_retyped": (make(mutate=lambda nb: cell(nb, "q3_answer").update(cell_type="markdown")),
                      {**FULL, "q3": 0}, "changed from code to markdown"),
        "m_metadata_stripped": (make(mutate=lambda nb: cell(nb, "q2_answer").metadata.clear()),
                                {**FULL, "q2": 0}, "metadata was stripped"),
        "n_not_json": (b"{this is not a notebook", {"q1": 0, "q2": 0, "q3": 0}, "error: unreadable notebook"),
        "o_empty": (b"", {"q1": 0, "q2": 0, "q3": 0}, "error: unreadable notebook: the file is empty"),
        "p_other_assignment": (make(mutate=other_assignment), {"q1": 0, "q2": 0, "q3": 0},
                               "error: wrong assignment"),
        "q_redefines_check": (make({"q3_answer": "answer_q3 = 5.0\ndef check(*args, **kwargs):\n"
                                    "    print('PASS: all checks passed')"}), {**FULL, "q3": 0},
                              "no result was recorded"),
        "r_monkeypatches_numpy": (make({"q2_answer": (
            "import numpy.testing\nnp.allclose = lambda *a, **k: True\n"
            "np.isclose = lambda a, b, **k: np.ones(np.broadcast(a, b).shape, dtype=bool)\n"
            "np.array_equal = lambda *a, **k: True\nnumpy.testing.assert_allclose = lambda *a, **k: None\n"
            "import autograd_edu.grading.values as v\nv.compare = lambda *a, **k: None\n"
            "def softmax(z):\n    return z")}), {**FULL, "q2": 0}, "values differ"),
        "s_forges_records": (make({
            "q1_answer": FORGE + "\ndef f(x):\n    return np.sum(x**2 * np.sin(x))\n\ndef grad_f(x):\n"
            "    right = 2 * x * np.sin(x) + x**2 * np.cos(x)\n"
            "    _forge('q1: grad_f(X) matches finite differences of your f', right)\n"
            "    _forge('q1: grad_f on a hidden grid', right)\n    return 0 * x",
            "q3_answer": FORGE + "\n_forge('q3: the derivative', 12.0)\nanswer_q3 = 5.0"}),
            {"q1": 1, "q2": 2, "q3": 0}, "more than one result"),
        "t_writes_output": (make({"q3_answer": (  # refused by the sandbox, else undone at the end
            f"from pathlib import Path\nout = Path({str(out)!r})\ntry:\n"
            "    (out / 'grades.csv').write_text('student,total\\nt_writes_output,999\\n')\n"
            "    (out / 'results' / 'a_solution.json').write_text('{}')\n"
            "    (out / 'results' / 'zz_fake.json').write_text('{\"student\": \"zz_fake\", \"total\": 6}')\n"
            "except OSError:\n    pass\nanswer_q3 = 12.0")}), FULL, "graded"),
        "u_snoops_paths": (make({"q3_answer": SNOOP.format(
            needles=[str(subs), str(out), "a_solution", "b_untouched"])}), FULL, "graded"),
        "v_ignores_interrupts": (make({"q1_answer": "import signal\nsignal.signal(signal.SIGINT, "
                                       "signal.SIG_IGN)\nwhile True:\n    pass"}),
                                 {"q1": 0, "q2": 0, "q3": 0}, "limit and was stopped"),
    }


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("grading")
    subs, out = root / "submissions", root / "out"
    subs.mkdir()
    cases = submissions(subs, out)
    for name, (data, _, _) in cases.items():
        if name.startswith(("a_", "c_", "n_")):  # both layouts: <student>/<NAME>.ipynb and flat
            (subs / name).mkdir()
            (subs / name / f"{NAME}.ipynb").write_bytes(data)
        else:
            (subs / f"{name}.ipynb").write_bytes(data)
    start = time.monotonic()
    results = batch.grade(subs, NAME, out, SOLUTIONS, jobs=2, limits=LIMITS, progress=False)
    return {"cases": cases, "results": {r["student"]: r for r in results}, "out": out, "subs": subs,
            "seconds": time.monotonic() - start}


def everything(result) -> str:
    return json.dumps([result["status"], result["issues"], [c["message"] for c in result["checks"]]])


STUDENTS = sorted(submissions(Path("/s"), Path("/o")))


@pytest.mark.parametrize("student", STUDENTS)
def test_each_submission_scores_exactly_what_it_earned(graded, student):
    _, expected, reason = graded["cases"][student]
    result = graded["results"][student]
    assert {q: v["points"] for q, v in result["questions"].items()} == expected, everything(result)
    assert result["total"] == sum(expected.values()) and result["max"] == 6
    assert reason in everything(result)
    assert "passed" not in result["status"]
    for check in result["checks"]:
        assert check["passed"] == (check["points"] == check["max"]) and check["message"]
        if not check["passed"]:
            assert check["message"] != "passed"


def test_solution_full_marks_and_untouched_exercise_zero(graded):
    solution, untouched = graded["results"]["a_solution"], graded["results"]["b_untouched"]
    assert solution["status"] == "graded" and solution["percent"] == 100
    assert all(c["passed"] for c in solution["checks"])
    assert untouched["status"] == "not attempted" and untouched["total"] == 0
    assert not any(c["passed"] for c in untouched["checks"])


def test_partial_credit_comes_with_reasons(graded):
    checks = {c["name"]: c for c in graded["results"]["c_partial"]["checks"]}
    fd = checks["q1: grad_f(X) matches finite differences of your f"]
    assert not fd["passed"] and fd["message"].startswith("3 of 3 values differ; first at index (0,)")
    assert "expected" in fd["message"]  # a public check may show the student's own reference
    hidden = checks["q1: grad_f on a hidden grid"]
    assert hidden["hidden"] and not hidden["passed"] and "expected" not in hidden["message"]
    assert checks["q1: f(X)"]["passed"] and checks["q2: rows sum to 1"]["passed"]
    assert not checks["q2: large inputs stay finite"]["passed"]


def test_csv_and_files(graded):
    out = graded["out"]
    lines = (out / "grades.csv").read_text().splitlines()
    assert lines[0] == "student,q1,q2,q3,total,max,percent,status"
    assert [line.split(",")[0] for line in lines[1:]] == STUDENTS  # sorted, no forged student
    assert lines[1] == "a_solution,3,2,1,6,6,100,graded"
    assert json.loads((out / "results" / "a_solution.json").read_text())["total"] == 6
    for student in STUDENTS:
        assert (out / "feedback" / f"{student}.html").read_text().startswith("<!DOCTYPE html>")
    assert not list(out.rglob("*.tmp"))
    html = (out / "feedback" / "c_partial.html").read_text()
    assert "hidden grid" in html and "linspace" not in html  # check names, never hidden test code


def test_no_kernel_outlives_the_batch(graded):
    mine = f"autograd_edu.grading.launcher\0{LIMITS.memory_mb}\0"
    for proc in Path("/proc").iterdir():
        try:
            assert mine not in (proc / "cmdline").read_text(errors="replace")
        except OSError:
            continue


def test_rerun_resumes_and_force_regrades(graded, monkeypatch):
    out, subs = graded["out"], graded["subs"]
    forged = out / "results" / "zz_fake.json"  # a stray result of nobody in the batch
    forged.write_text('{"student": "zz_fake", "total": 6}')
    before = forged.stat().st_mtime_ns
    with monkeypatch.context() as patch:  # nothing re-run, not even the solution
        patch.setattr(runner, "run", lambda *a, **k: pytest.fail("a kernel was started on resume"))
        again = batch.grade(subs, NAME, out, SOLUTIONS, jobs=2, limits=LIMITS, progress=False)
    assert {r["student"]: r["total"] for r in again} == {s: graded["results"][s]["total"] for s in STUDENTS}
    (subs / "o_empty.ipynb").write_bytes(make())  # a resubmission is regraded
    again = {r["student"]: r for r in batch.grade(subs, NAME, out, SOLUTIONS, limits=LIMITS, progress=False)}
    assert again["o_empty"]["total"] == 6 and again["a_solution"]["total"] == 6
    assert forged.stat().st_mtime_ns == before
    assert "zz_fake" not in (out / "grades.csv").read_text()


def test_sigkill_mid_batch_then_rerun(tmp_path):
    subs, out = tmp_path / "subs", tmp_path / "out"
    subs.mkdir()
    for i in range(8):
        (subs / f"s{i}.ipynb").write_bytes(make({"q3_answer": f"answer_q3 = {10.0 + i}"}))
    command = [sys.executable, "-m", "autograd_edu.cli", "grade", str(subs), "--assignment", NAME,
               "--out", str(out), "--jobs", "2", "--hidden-tests", str(SOLUTIONS), "--quiet"]
    grader = subprocess.Popen(command, start_new_session=True)
    deadline = time.monotonic() + 600  # a bound for a broken grader, not a speed requirement
    while len(list((out / "results").glob("*.json"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(grader.pid, signal.SIGKILL)
    grader.wait()
    finished = {p.name: p.read_bytes() for p in (out / "results").glob("*.json")}
    assert 2 <= len(finished) < 8
    for data in finished.values():
        assert json.loads(data)["status"] == "graded"  # complete JSON, never half a file
    assert not (out / "grades.csv").exists()

    assert subprocess.run(command, timeout=900).returncode == 0
    for name, data in finished.items():
        assert (out / "results" / name).read_bytes() == data
    rows = (out / "grades.csv").read_text().splitlines()[1:]
    assert [r.split(",")[0] for r in rows] == [f"s{i}" for i in range(8)]
    assert [r.split(",")[3] for r in rows] == ["0", "0", "1"] + ["0"] * 5
    assert not list(out.rglob("*.tmp"))
