"""Set up the course and run it: `python3 tasks.py lab` or `python3 tasks.py test`.

Needs only Python >= 3.10. Each command creates `.venv/` on first use, installs the package
with the extras it needs (again only when pyproject.toml changed), then runs:

    lab [OPTIONS]          the student's view: copies lessons/ and exercises/ into ./autograd-edu-course
                           (keeping every notebook changed there) and opens JupyterLab on it; OPTIONS go
                           to JupyterLab (e.g. --no-browser --port 8890). Ctrl-C twice stops it.
    test [PYTEST OPTIONS]  the whole test suite: unit tests, notebooks (nbval), grader and browser tests
    autograd-edu ARGS      the `autograd-edu` command of .venv (e.g. `python3 tasks.py autograd-edu doctor`)
    setup                  only the install step (used by .ci/run before it adds optional test oracles)
"""
import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
AUTOGRAD_EDU = BIN / ("autograd-edu.exe" if os.name == "nt" else "autograd-edu")
EXTRAS = {"lab": "lab", "autograd-edu": "lab", "test": "test,lab", "setup": "test,lab"}
TEST_COMMAND = ["-m", "pytest", "-n", "2", "--dist", "loadscope"]
COURSE_FOLDER = ROOT / "autograd-edu-course"  # the student's working copy (gitignored)


def run(*args, **kwargs):
    print("+", " ".join(str(a) for a in args), flush=True)
    return subprocess.run([str(a) for a in args], check=True, **kwargs)


def ensure_installed(extras: str) -> None:
    """Create .venv and install `.[extras]` unless an install with those extras (or more) is already there."""
    if not PYTHON.exists():
        venv.create(VENV, with_pip=True)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    for stamp in VENV.glob(".installed-*"):
        if set(extras.split(",")) <= set(stamp.name.removeprefix(".installed-").split("-")) \
                and stamp.read_text() == wanted:
            return
    run(PYTHON, "-m", "pip", "install", "--disable-pip-version-check", "-q", "-e", f".[{extras}]", cwd=ROOT)
    (VENV / f".installed-{extras.replace(',', '-')}").write_text(wanted)
    print(f"installed: the `autograd-edu` command is {AUTOGRAD_EDU} (or `python3 tasks.py autograd-edu ...`)")


def hand_over(command: list) -> int:
    """Run `command` in place of this process (POSIX exec), so that Ctrl-C reaches JupyterLab alone and it
    shuts down cleanly. Elsewhere: run it and wait for it through Ctrl-C (the console sends it there too).
    (autograd_edu/cli.py does the same; this file cannot import the package it installs.)"""
    command = [str(c) for c in command]
    sys.stdout.flush()
    if os.name == "posix":
        os.execv(command[0], command)
    with subprocess.Popen(command) as child:
        while True:
            try:
                return child.wait()
            except KeyboardInterrupt:
                continue


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in EXTRAS:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    ensure_installed(EXTRAS[command])
    if command == "lab":
        return hand_over([AUTOGRAD_EDU, "lab", COURSE_FOLDER, *rest])
    if command == "autograd-edu":
        return hand_over([AUTOGRAD_EDU, *rest])
    if command == "test":
        return subprocess.run([str(PYTHON), *TEST_COMMAND, *rest], cwd=ROOT).returncode
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
