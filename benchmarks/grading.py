"""How long does grading a class take? `autograd-edu grade` on N submissions of one exercise.

    .venv/bin/python -m benchmarks.grading                       # 60 submissions of 01, --jobs 2
    .venv/bin/python -m benchmarks.grading --students 20 --assignment 03_reading_the_graph
    .venv/bin/python -m benchmarks.grading --sandbox off          # the sandbox's cost: compare levels

The class is a realistic mix, made from the solution and the released exercise: a third full
solutions, a third with one answer replaced by a plausible wrong one (from
tests/exercise_wrong_answers), a third untouched (graded without starting a kernel). Prints the
wall time, the time per submission, and the kernels' own seconds from the results.
"""
import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]


def wrong_answers(assignment):
    spec = importlib.util.spec_from_file_location("wrong", ROOT / "tests" / "exercise_wrong_answers" / f"{assignment}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.WRONG


def make_class(folder, assignment, students):
    solution = ROOT / "solutions" / f"{assignment}.ipynb"
    exercise = ROOT / "exercises" / f"{assignment}.ipynb"
    wrong = wrong_answers(assignment)
    for i in range(students):
        kind = i % 3
        nb = nbformat.read(exercise if kind == 2 else solution, as_version=4)
        if kind == 1:
            w = wrong[i % len(wrong)]
            cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == w["answer"])
            cell.source = w["source"]
        (folder / f"student{i:03d}").mkdir(parents=True)
        nbformat.write(nb, folder / f"student{i:03d}" / f"{assignment}.ipynb")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--assignment", default="01_derivatives_with_backward")
    p.add_argument("--students", type=int, default=60)
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--sandbox", choices=["bubblewrap", "unshare", "landlock", "off"],
                   help="force a sandbox level (default: the strongest that works here)")
    args = p.parse_args(argv)
    env = {**os.environ, **({"AUTOGRAD_EDU_SANDBOX": args.sandbox} if args.sandbox else {})}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        make_class(tmp / "subs", args.assignment, args.students)
        start = time.perf_counter()
        run = subprocess.run([sys.executable, "-m", "autograd_edu.cli", "grade", str(tmp / "subs"),
                              "--assignment", args.assignment, "--hidden-tests", str(ROOT / "solutions"),
                              "--out", str(tmp / "out"), "--jobs", str(args.jobs), "--quiet"], cwd=ROOT, env=env)
        wall = time.perf_counter() - start
        results = [json.loads(p.read_text()) for p in (tmp / "out" / "results").glob("*.json")]
    statuses = {}
    for r in results:
        statuses[r["status"].split(":")[0]] = statuses.get(r["status"].split(":")[0], 0) + 1
    kernel_seconds = sorted(r["seconds"] for r in results)
    print(f"graded {len(results)} submissions of {args.assignment} with --jobs {args.jobs}, sandbox "
          f"{args.sandbox or 'strongest'} (exit {run.returncode})")
    print(f"wall time {wall:.1f} s, {wall / max(len(results), 1):.2f} s per submission")
    print(f"per submission in its slot: median {kernel_seconds[len(kernel_seconds) // 2]:.2f} s, "
          f"max {kernel_seconds[-1]:.2f} s; statuses {statuses}")
    return run.returncode


if __name__ == "__main__":
    sys.exit(main())
