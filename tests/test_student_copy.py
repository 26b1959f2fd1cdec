"""`autograd-edu student-copy OUT`: the repository a class gets (through nbgitpuller on a JupyterHub,
Binder or Colab), with the lessons, the released exercises and the package, and no solutions.

Each route is tested as far as this machine allows: the copy is pushed nowhere, but it is made a
git repository and installed by pip from a git URL (what Colab's `pip install git+...` and Binder's
environment.yml do), its environment.yml is read as repo2docker reads it, and each link points at
a notebook the copy has.
"""
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import nbformat
import pytest
import yaml

from autograd_edu import cli, course
from test_packaging import _name

ROOT = Path(__file__).resolve().parents[1]
REPO_URL = "https://github.com/example-school/autograd-course"
HUB = "https://hub.example-school.edu"
MARKERS = ("### BEGIN SOLUTION", "### BEGIN HIDDEN TESTS")


@pytest.fixture(scope="module")
def copy(tmp_path_factory):
    out = tmp_path_factory.mktemp("student") / "autograd-course"
    assert cli.main(["student-copy", str(out), "--repo-url", REPO_URL, "--hub", HUB]) == 0
    return out


def files(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and ".git" not in p.parts)


def test_the_copy_has_the_course_and_the_package_and_no_solution(copy):
    names = files(copy)
    assert not [n for n in names if "solution" in n.lower()]
    assert course.notebooks(copy) == course.notebooks(ROOT)
    for name in course.notebooks(ROOT):
        assert (copy / name).read_bytes() == (ROOT / name).read_bytes(), name
    assert [n for n in names if n.endswith(".ipynb")] == sorted(course.notebooks(ROOT))
    for name in course.notebooks(copy):
        text = "\n".join(cell.source for cell in nbformat.read(copy / name, as_version=4).cells)
        assert not [m for m in MARKERS if m in text], name
    # the package as the repository has it (its source is part of the course), without caches
    package = sorted(n for n in names if n.startswith("autograd_edu/"))
    assert package == sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "autograd_edu").rglob("*")
                             if p.is_file() and "__pycache__" not in p.parts)
    assert {"pyproject.toml", "environment.yml", "README.md", ".gitignore"} <= set(names)
    assert not [n for n in names if n.startswith(("tests/", "benchmarks/", "tools/", "docs/"))]


def test_environment_yml_installs_the_copy_as_binder_builds_it(copy):
    """repo2docker builds the conda environment from environment.yml; a local pip requirement (`-e .`) makes
    it copy the repository in first, so that the package installs from the copy itself."""
    env = yaml.safe_load((copy / "environment.yml").read_text())
    project = tomllib.loads((copy / "pyproject.toml").read_text())["project"]
    wanted = {_name(r) for r in project["dependencies"] + project["optional-dependencies"]["lab"]}
    assert {_name(d) for d in env["dependencies"] if isinstance(d, str)} - {"python", "pip"} == wanted
    (pip,) = [d["pip"] for d in env["dependencies"] if isinstance(d, dict)]
    assert "-e ." in pip


def test_links_open_the_first_lesson_of_the_copy(copy, capsys):
    found = course.links(REPO_URL, "main", HUB)
    puller = urlsplit(found["jupyterhub"])
    assert f"{puller.scheme}://{puller.netloc}" == HUB and puller.path == "/hub/user-redirect/git-pull"
    query = {k: v[0] for k, v in parse_qs(puller.query).items()}
    assert query["repo"] == REPO_URL and query["branch"] == "main"
    # nbgitpuller clones into a folder named after the repository, in the home folder the hub serves
    assert query["urlpath"] == f"lab/tree/{copy.name}/{course.FIRST_NOTEBOOK}"
    assert (copy.parent / query["urlpath"].removeprefix("lab/tree/")).exists()
    assert found["binder"] == ("https://mybinder.org/v2/gh/example-school/autograd-course/main"
                               f"?urlpath=lab/tree/{course.FIRST_NOTEBOOK}")
    assert found["colab"] == ("https://colab.research.google.com/github/example-school/autograd-course/blob/main/"
                              f"{course.FIRST_NOTEBOOK}")
    readme = (copy / "README.md").read_text()
    assert all(url in readme for url in found.values())
    assert course.links("https://gitlab.example.org/class/course.git", hub=HUB).keys() == {"jupyterhub"}


def git(folder, *args):
    subprocess.run(["git", "-C", str(folder), "-c", "user.name=Instructor", "-c", "user.email=instructor@example.org",
                    *args], check=True, capture_output=True)


def test_the_copy_installs_with_pip_from_git(copy, tmp_path):
    """What Colab's `!pip install git+URL` does: build the package from the pushed copy."""
    git(copy, "init", "-q", "-b", "main")
    git(copy, "add", "-A")
    git(copy, "commit", "-q", "-m", "Course")
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check", "-q",
                           "-w", str(tmp_path / "dist"), f"git+file://{copy}@main"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    (wheel,) = (tmp_path / "dist").glob("autograd_edu-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    assert sorted(n.removeprefix("autograd_edu/notebooks/") for n in names if n.endswith(".ipynb")) \
        == sorted(course.notebooks(ROOT))
    assert not [n for n in names if "solution" in n.lower()]
    assert "autograd_edu-0.1.0.data/data/share/jupyter/lab/settings/overrides.d/autograd-edu.json" in names


def test_making_it_again_replaces_it_but_keeps_its_git(tmp_path, capsys):
    out = tmp_path / "copy"
    course.student_copy(out)
    (out / ".git").mkdir()
    (out / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (out / "lessons" / "99_removed_since.ipynb").write_text("{}")
    course.student_copy(out)
    assert (out / ".git" / "HEAD").exists() and not (out / "lessons" / "99_removed_since.ipynb").exists()
    assert course.notebooks(out) == course.notebooks(ROOT)


def test_it_refuses_a_folder_that_is_not_a_student_copy_or_inside_the_repository(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    assert cli.main(["student-copy", str(tmp_path)]) == 2
    assert "is not empty and is not a student copy" in capsys.readouterr().err
    assert (tmp_path / "notes.txt").read_text() == "mine"
    assert cli.main(["student-copy", str(ROOT / "build" / "students")]) == 2
    assert "inside the course repository" in capsys.readouterr().err
    assert not (ROOT / "build" / "students").exists()
