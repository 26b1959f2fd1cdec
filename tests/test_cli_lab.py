"""`autograd-edu lab` (what `python3 tasks.py lab` runs): JupyterLab rooted at the course folder,
opening the lessons, and usable as root (containers run as root; JupyterLab refuses unless told)."""
import os
from pathlib import Path

from autograd_edu import cli

ROOT = Path(__file__).resolve().parents[1]


def test_lab_opens_a_notebook_with_the_whole_course_in_view(monkeypatch):
    calls = []
    monkeypatch.setattr(cli.subprocess, "call", lambda command: calls.append(command) or 0)
    monkeypatch.chdir(ROOT)
    assert cli.main(["lab", "lessons/00_start_here.ipynb", "--no-browser", "--port", "8890"]) == 0
    command = calls[0]
    assert command[1:3] == ["-m", "jupyterlab"]
    assert f"--ServerApp.root_dir={ROOT}" in command
    assert "--LabApp.default_url=/lab/tree/lessons/00_start_here.ipynb" in command
    assert command[-3:] == ["--no-browser", "--port", "8890"]
    assert ("--allow-root" in command) == (os.geteuid() == 0)


def test_lab_defaults_to_the_lessons_folder(monkeypatch):
    calls = []
    monkeypatch.setattr(cli.subprocess, "call", lambda command: calls.append(command) or 0)
    monkeypatch.chdir(ROOT)
    cli.main(["lab"])
    assert "--LabApp.default_url=/lab/tree/lessons" in calls[0]
