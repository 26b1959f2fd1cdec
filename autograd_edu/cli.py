"""The `autograd-edu` command: lab, release, grade, check, doctor.

    autograd-edu lab [PATH]                         JupyterLab on the lessons (or PATH)
    autograd-edu release SOLUTIONS_DIR EXERCISES_DIR
    autograd-edu grade SUBMISSIONS --assignment NAME --out DIR [--jobs N] [--hidden-tests DIR]
    autograd-edu check NOTEBOOK                     grade one notebook, print the score
    autograd-edu doctor                             is everything installed and working?
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _default_folder(name: str) -> Path:
    """`./name` when it exists, else the repository's own folder."""
    here = Path.cwd() / name
    return here if here.is_dir() else REPO / name


def _limits(args):
    from .grading.runner import Limits
    return Limits(cell_timeout=args.cell_timeout, submission_timeout=args.timeout,
                  memory_mb=args.memory_mb, output_bytes=args.output_bytes)


def cmd_lab(args) -> int:
    """JupyterLab rooted at the course folder (lessons, exercises and docs all in its file
    browser), opening the given notebook or folder (default: the lessons)."""
    target = (Path(args.path) if args.path else _default_folder("lessons")).resolve()
    root = target.parent.parent if target.suffix == ".ipynb" else target.parent
    url = "/lab/tree/" + target.relative_to(root).as_posix()
    return subprocess.call([sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={root}",
                            f"--LabApp.default_url={url}", *lab_options(), *args.jupyter_options])


def lab_options():
    """JupyterLab refuses to run as root unless told; containers (Docker, some hubs) run as root."""
    return ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []


def cmd_release(args) -> int:
    from .grading.release import release
    changed = release(args.solutions, args.exercises)
    for path in changed:
        print(f"wrote {path}")
    print(f"{len(changed)} notebook(s) changed")
    return 0


def cmd_grade(args) -> int:
    from .grading import batch
    results = batch.grade(args.submissions, args.assignment, args.out, args.hidden_tests,
                          jobs=args.jobs, force=args.force, limits=_limits(args),
                          progress=not args.quiet)
    print(f"graded {len(results)} submission(s); see {Path(args.out) / 'grades.csv'}")
    return 0


def cmd_check(args) -> int:
    from .grading import batch
    notebook = Path(args.notebook)
    try:
        declared = json.loads(notebook.read_text(encoding="utf-8"))["metadata"]["autograd_edu"]["assignment"]
    except (OSError, ValueError, KeyError, TypeError):
        declared = None
    assignment = declared or notebook.stem
    with tempfile.TemporaryDirectory() as tmp:
        submissions = Path(tmp) / "submissions"
        submissions.mkdir()
        shutil.copyfile(notebook, submissions / "you.ipynb")
        (data,) = batch.grade(submissions, assignment, Path(tmp) / "out", args.hidden_tests,
                              limits=_limits(args), progress=False)
    for check in data["checks"]:
        mark = "PASS" if check["passed"] else "FAIL"
        hidden = " (hidden)" if check["hidden"] else ""
        print(f"{mark} [{check['points']:g}/{check['max']:g}] {check['name']}{hidden}: {check['message']}")
    for issue in data["issues"]:
        print(f"note: {issue}")
    print(f"{assignment}: {data['total']:g}/{data['max']:g} points ({data['percent']:g}%), {data['status']}")
    return 0


def cmd_doctor(_args) -> int:
    problems = []
    print(f"Python      {platform.python_version()} ({sys.executable})")
    for name, essential in [("numpy", True), ("matplotlib", True), ("ipywidgets", True),
                            ("nbformat", True), ("nbclient", True), ("ipykernel", True),
                            ("jupyterlab", False)]:
        try:
            version = importlib.import_module(name).__version__
        except ImportError:
            version = "MISSING"
            if essential:
                problems.append(f"{name} is missing: run `python3 tasks.py setup` (or pip install -e .)")
        print(f"{name:<11} {version}{'' if essential else ' (optional: for `autograd-edu lab`)'}")
    from .grading.runner import Limits, run
    kernel = run(["print(1 + 1)"], [False], Limits(cell_timeout=60, submission_timeout=120))
    started = kernel.problem is None and kernel.cells.get(0, {}).get("status") == "ok"
    print(f"kernel      {'starts (' + str(kernel.seconds) + ' s)' if started else 'FAILED: ' + str(kernel.problem)}")
    if not started:
        problems.append("a Python kernel does not start: reinstall ipykernel in this environment")
    from .grading import sandbox
    box = sandbox.current()
    print(f"sandbox     {box.describe()} (how `grade` confines each submission)")
    for protection, on in box.protections().items():
        print(f"            {'on ' if on else 'OFF'}  {protection}")
    for failure in box.failures:
        print(f"            not used: {failure}")
    chromium = Path("/usr/bin/chromium")
    print(f"chromium    {'found' if chromium.exists() else 'not found'} at {chromium} "
          "(optional: for the browser tests)")
    for problem in problems:
        print(f"PROBLEM: {problem}")
    print("all essential pieces work" if not problems else f"{len(problems)} problem(s) found")
    return 1 if problems else 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="autograd-edu", description="Learn autograd the way PyTorch does it.")
    sub = p.add_subparsers(dest="command", required=True)
    lab = sub.add_parser("lab", help="start JupyterLab on the lessons")
    lab.add_argument("path", nargs="?")
    lab.add_argument("jupyter_options", nargs=argparse.REMAINDER,
                     help="passed on to JupyterLab, e.g. --no-browser --port 8890")
    lab.set_defaults(func=cmd_lab)
    rel = sub.add_parser("release", help="write student notebooks from the solutions")
    rel.add_argument("solutions")
    rel.add_argument("exercises")
    rel.set_defaults(func=cmd_release)
    grade = sub.add_parser("grade", help="grade a folder of submissions")
    grade.add_argument("submissions")
    grade.add_argument("--assignment", required=True, help="notebook name without .ipynb")
    grade.add_argument("--out", required=True, help="folder for grades.csv, results/, feedback/")
    grade.add_argument("--jobs", type=int, default=1, help="submissions graded at once")
    grade.add_argument("--force", action="store_true", help="regrade students already graded")
    grade.add_argument("--quiet", action="store_true", help="no progress bar")
    check = sub.add_parser("check", help="grade one notebook and print its score")
    check.add_argument("notebook")
    for command in (grade, check):
        command.add_argument("--hidden-tests", default=str(_default_folder("solutions")), metavar="DIR",
                             help="folder of the full solution notebooks, with the hidden tests "
                                  "(default: ./solutions)")
        command.add_argument("--cell-timeout", type=int, default=30, help="seconds per cell")
        command.add_argument("--timeout", type=int, default=300, help="seconds per submission")
        command.add_argument("--memory-mb", type=int, default=2048, help="kernel memory cap")
        command.add_argument("--output-bytes", type=int, default=1_000_000, help="output kept per cell")
        command.set_defaults(func=cmd_grade if command is grade else cmd_check)
    doctor = sub.add_parser("doctor", help="check the installation")
    doctor.set_defaults(func=cmd_doctor)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except (FileNotFoundError, ValueError) as exc:  # AuthoringError is a ValueError
        print(f"autograd-edu {args.command}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
