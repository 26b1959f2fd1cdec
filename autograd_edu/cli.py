"""The `autograd-edu` command: lab, student-copy, release, grade, check, doctor.

    autograd-edu lab [FOLDER] [JupyterLab options]  copy the course into FOLDER (default
                                                    ./autograd-edu-course) and open it in JupyterLab
    autograd-edu student-copy OUT [--repo-url URL] [--hub URL]
                                                    a repository for students, without solutions
    autograd-edu release SOLUTIONS_DIR EXERCISES_DIR
    autograd-edu grade SUBMISSIONS --assignment NAME --out DIR [--jobs N] [--hidden-tests DIR]
    autograd-edu check NOTEBOOK                     grade one notebook, print the score
    autograd-edu doctor                             is everything installed and working?
"""
from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from . import course


def _solutions(args) -> str:
    """--hidden-tests, else ./solutions, else the course repository's (when run from a clone)."""
    if args.hidden_tests:
        return args.hidden_tests
    for candidate in (Path.cwd() / "solutions", course.PACKAGE.parent / "solutions"):
        if candidate.is_dir():
            return str(candidate)
    raise FileNotFoundError("no solutions/ folder here or in the course repository: grading compares with the "
                            "full solution notebooks (answers and hidden tests); give their folder with "
                            "--hidden-tests DIR")


def _limits(args):
    from .grading.runner import Limits
    return Limits(cell_timeout=args.cell_timeout, submission_timeout=args.timeout,
                  memory_mb=args.memory_mb, output_bytes=args.output_bytes)


def cmd_lab(args) -> int:
    """The student's view: copy lessons/ and exercises/ into their working folder (keeping every notebook
    they changed) and open JupyterLab there, on the first lesson. Nothing else is in its file browser."""
    folder = Path(args.folder or course.DEFAULT_FOLDER)
    if folder.suffix == ".ipynb":
        raise ValueError(f"{folder} is a notebook: give the folder to work in (default ./{course.DEFAULT_FOLDER})")
    if importlib.util.find_spec("jupyterlab") is None:
        print("autograd-edu lab: JupyterLab is not installed here: pip install \"autograd_edu[lab]\"", file=sys.stderr)
        return 2
    report = course.copy_course(folder)
    print("\n".join(report.lines()), flush=True)
    return hand_over([sys.executable, "-m", "autograd_edu.lab_server", f"--ServerApp.root_dir={report.folder}",
                      f"--LabApp.default_url=/lab/tree/{course.FIRST_NOTEBOOK}", *lab_options(),
                      *args.jupyter_options])


def hand_over(command: list[str]) -> int:
    """Run `command` in place of this process (POSIX exec), so that Ctrl-C reaches JupyterLab alone and it
    shuts down cleanly (its kernels stopped, its runtime files removed). Elsewhere: run it, and wait for it
    through Ctrl-C, which the console sends to it as well."""
    sys.stdout.flush()
    sys.stderr.flush()
    if os.name == "posix":
        os.execv(command[0], command)
    with subprocess.Popen(command) as child:
        while True:
            try:
                return child.wait()
            except KeyboardInterrupt:
                continue


def lab_options():
    """JupyterLab refuses to run as root unless told; containers (Docker, some hubs) run as root."""
    return ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []


def cmd_student_copy(args) -> int:
    found = course.student_copy(Path(args.out), args.repo_url, args.branch, args.hub)
    out = Path(args.out).resolve()
    names = course.notebooks(out)
    print(f"wrote the student copy to {out}: {sum(n.startswith('lessons/') for n in names)} lessons, "
          f"{sum(n.startswith('exercises/') for n in names)} exercises, the package source and environment.yml "
          "(no solutions)")
    for route, url in found.items():
        print(f"{route:<10} {url}")
    print(f"next: cd {out} && git init -b {args.branch} && git add -A && git commit -m 'Course' && git push")
    return 0


def cmd_release(args) -> int:
    from .grading.release import release
    changed = release(args.solutions, args.exercises)
    for path in changed:
        print(f"wrote {path}")
    print(f"{len(changed)} notebook(s) changed")
    return 0


def cmd_grade(args) -> int:
    from .grading import batch
    args.hidden_tests = _solutions(args)
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
    args.hidden_tests = _solutions(args)
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
    try:
        where = course.source()
        print(f"course      {len(course.notebooks(where))} notebooks (lessons, exercises) in {where}")
    except FileNotFoundError as exc:
        print("course      MISSING")
        problems.append(str(exc))
    for problem in problems:
        print(f"PROBLEM: {problem}")
    print("all essential pieces work" if not problems else f"{len(problems)} problem(s) found")
    return 1 if problems else 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="autograd-edu", description="Learn autograd the way PyTorch does it.")
    sub = p.add_subparsers(dest="command", required=True)
    lab = sub.add_parser("lab", help="copy the course into a folder of yours and open it in JupyterLab",
                         usage="autograd-edu lab [FOLDER] [JupyterLab options, e.g. --no-browser --port 8890]")
    lab.add_argument("folder", nargs="?", help=f"where you work (default ./{course.DEFAULT_FOLDER}); run again, "
                                                "it keeps every notebook you changed")
    lab.set_defaults(func=cmd_lab)
    copy = sub.add_parser("student-copy", help="write a repository for students: lessons, exercises, no solutions")
    copy.add_argument("out", help="a new or empty folder, or an earlier student copy (its .git is kept)")
    copy.add_argument("--repo-url", help="where you will push it, e.g. https://github.com/ORG/REPO: prints "
                                         "the links students open (Binder, Colab, JupyterHub)")
    copy.add_argument("--branch", default="main", help="its branch (default main)")
    copy.add_argument("--hub", help="your JupyterHub's address, for an nbgitpuller link")
    copy.set_defaults(func=cmd_student_copy)
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
        command.add_argument("--hidden-tests", metavar="DIR",
                             help="folder of the full solution notebooks, with the hidden tests "
                                  "(default: ./solutions, else the course repository's)")
        command.add_argument("--cell-timeout", type=int, default=30, help="seconds per cell")
        command.add_argument("--timeout", type=int, default=300, help="seconds per submission")
        command.add_argument("--memory-mb", type=int, default=2048, help="kernel memory cap")
        command.add_argument("--output-bytes", type=int, default=1_000_000, help="output kept per cell")
        command.set_defaults(func=cmd_grade if command is grade else cmd_check)
    doctor = sub.add_parser("doctor", help="check the installation")
    doctor.set_defaults(func=cmd_doctor)
    return p


def _split_lab(argv: list[str]) -> tuple[list[str], list[str]]:
    """`lab [FOLDER] OPTIONS...`: everything after the folder goes to JupyterLab as it is (argparse would
    take the N of `--port N` for the folder)."""
    if len(argv) > 1 and argv[1] not in ("-h", "--help"):
        keep = 2 if not argv[1].startswith("-") else 1
        return argv[:keep], argv[keep:]
    return argv, []


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    argv, jupyter_options = _split_lab(argv) if argv[:1] == ["lab"] else (argv, [])
    args = parser().parse_args(argv)
    args.jupyter_options = jupyter_options
    try:
        return args.func(args)
    except (FileNotFoundError, ValueError) as exc:  # AuthoringError is a ValueError
        print(f"autograd-edu {args.command}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
