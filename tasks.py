"""Set up the course and run it: `python3 tasks.py lab` or `python3 tasks.py test`.

Needs only Python >= 3.10. Each command creates `.venv/` on first use, installs the package
with the extras it needs (again only when pyproject.toml changed), then runs:

    lab    JupyterLab on the lessons
    test   the whole test suite: unit tests, notebooks (nbval), grader and browser tests
    setup  only the install step (used by .ci/run before it adds optional test oracles)
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
EXTRAS = {"lab": "lab", "test": "test,lab", "setup": "test,lab"}
TEST_COMMAND = ["-m", "pytest", "-n", "2", "--dist", "loadscope"]


def run(*args, **kwargs):
    print("+", " ".join(str(a) for a in args), flush=True)
    return subprocess.run([str(a) for a in args], check=True, **kwargs)


def ensure_installed(extras: str) -> None:
    """Create .venv and install `.[extras]` unless the same install is already there."""
    if not PYTHON.exists():
        venv.create(VENV, with_pip=True)
    stamp = VENV / f".installed-{extras.replace(',', '-')}"
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == wanted:
        return
    run(PYTHON, "-m", "pip", "install", "--disable-pip-version-check", "-q", "-e", f".[{extras}]", cwd=ROOT)
    stamp.write_text(wanted)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in EXTRAS:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    ensure_installed(EXTRAS[command])
    if command == "lab":
        return subprocess.run([str(BIN / ("autograd-edu.exe" if os.name == "nt" else "autograd-edu")), "lab",
                               "lessons/00_start_here.ipynb", *rest], cwd=ROOT).returncode
    if command == "test":
        return subprocess.run([str(PYTHON), *TEST_COMMAND, *rest], cwd=ROOT).returncode
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
