"""The install story: pip and conda name the same packages; CI runs the README's test command; tasks.py
forwards to the `autograd-edu` command; what a class leaves in a clone is gitignored."""
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml
from lab_helpers import tasks_copy

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement):
    return re.split(r"[<>=!~\[ ;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_pyproject_and_environment_name_the_same_packages():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pip_names = {_name(r) for r in project["dependencies"]} | {_name(r) for r in project["optional-dependencies"]["lab"]}
    conda = yaml.safe_load((ROOT / "environment.yml").read_text())["dependencies"]
    conda_names = {_name(d) for d in conda if isinstance(d, str)} - {"python", "pip"}
    assert conda_names == pip_names, f"only in environment.yml: {conda_names - pip_names}; only in pyproject: {pip_names - conda_names}"
    pip_section = next(d["pip"] for d in conda if isinstance(d, dict))
    assert "-e ." in pip_section, "environment.yml must install the package itself"


def _quick_start_commands():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```(?:bash|sh|console)?\n(.*?)```", section, re.S).group(1)
    return [line.split("#")[0].strip() for line in block.splitlines() if line.split("#")[0].strip()]


def test_readme_quick_start_has_exactly_two_commands():
    commands = _quick_start_commands()
    assert commands == ["python3 tasks.py lab", "python3 tasks.py test"], commands


def test_ci_runs_exactly_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    run_lines = [line.strip() for line in ci.splitlines() if line.strip() and not line.strip().startswith("#")]
    assert run_lines[-1] == _quick_start_commands()[1]
    assert "torch==2.13.0" in ci and not re.search(r"install[^\n]*\btorch\b(?!==2\.13\.0)", ci), "torch must stay pinned"


def test_console_script_points_at_the_cli():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    module, function = project["scripts"]["autograd-edu"].split(":")
    assert (ROOT / Path(*module.split("."))).with_suffix(".py").exists()
    assert f"def {function}(" in (ROOT / Path(*module.split("."))).with_suffix(".py").read_text()


def test_what_a_class_leaves_in_a_clone_is_gitignored():
    ignored = {line.strip() for line in (ROOT / ".gitignore").read_text().splitlines()}
    assert {"submissions/", "grading-out/", "build/", "dist/", "autograd-edu-course/"} <= ignored


def test_tasks_forwards_to_the_autograd_edu_command_as_the_readme_says(tmp_path):
    """`python3 tasks.py autograd-edu ...` runs .venv's command (here a copy of tasks.py whose .venv is this
    repository's, already installed)."""
    assert "python3 tasks.py autograd-edu doctor" in (ROOT / "README.md").read_text()
    done = subprocess.run([sys.executable, str(tasks_copy(tmp_path)), "autograd-edu", "--help"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "usage: autograd-edu" in done.stdout and "student-copy" in done.stdout
    assert "pip install" not in done.stdout + done.stderr  # the install was there already: nothing reinstalled
