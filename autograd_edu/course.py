"""The course's notebooks, and the two ways they reach a student.

* `copy_course(folder)`: a student's own working copy of lessons/ and exercises/ (what
  `autograd-edu lab` opens). Run again, it brings new notebooks and new versions of the ones the
  student has not touched, and keeps every file the student changed.
* `student_copy(out)`: a repository for the class (JupyterHub with nbgitpuller, Binder, Colab):
  the package source, lessons/, exercises/ and an environment.yml, without solutions/.

Where the notebooks come from: a wheel carries lessons/ and the released exercises/ as
autograd_edu/notebooks/ (pyproject.toml); a clone or an editable install reads the repository's
own folders. solutions/ (the answers and hidden tests) is never copied by either.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

PACKAGE = Path(__file__).resolve().parent
FOLDERS = ("lessons", "exercises")
FIRST_NOTEBOOK = "lessons/00_start_here.ipynb"
DEFAULT_FOLDER = "autograd-edu-course"
# in a working copy: what each file held when it was last copied there, to tell the student's edits apart
MANIFEST = ".autograd-edu-course.json"
# in a student copy: marks the folder as one, so that making it again may replace its files
STUDENT_COPY_MARK = ".autograd-edu-student-copy"
# what a student copy takes from the repository besides the notebooks and the package
STUDENT_COPY_FILES = ("pyproject.toml", "environment.yml", "jupyter-settings/autograd-edu.json")


def source() -> Path:
    """The folder holding lessons/ and exercises/: the wheel's autograd_edu/notebooks, else the repository."""
    for candidate in (PACKAGE / "notebooks", PACKAGE.parent):
        if all((candidate / folder).is_dir() for folder in FOLDERS):
            return candidate
    raise FileNotFoundError(f"the course notebooks are not installed beside {PACKAGE} (no notebooks/ there): "
                            "reinstall with `pip install autograd_edu[lab]`")


def notebooks(root: Path) -> list[str]:
    """The course's notebooks under `root`, as paths relative to it (lessons first, then exercises)."""
    return [p.relative_to(root).as_posix() for folder in FOLDERS
            for p in sorted((root / folder).glob("*.ipynb"))]


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _write(path: Path, data: bytes) -> None:
    """Write whole or not at all (an interrupted copy never leaves half a notebook)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(data)
    os.replace(partial, path)


@dataclass
class CopyReport:
    """What `copy_course` did, per notebook (paths relative to the folder)."""
    folder: Path
    copied: list[str] = field(default_factory=list)    # were not there
    updated: list[str] = field(default_factory=list)   # a new version of a notebook the student had not changed
    kept: list[str] = field(default_factory=list)      # the student changed them: left as they are

    def lines(self) -> list[str]:
        said = [f"course folder: {self.folder}"]
        if self.copied:
            said.append(f"copied {len(self.copied)} notebook(s)")
        if self.updated:
            said.append(f"updated {len(self.updated)} notebook(s) you had not changed: {', '.join(self.updated)}")
        for name in self.kept:
            said.append(f"kept your {name} (the course has another version: rename yours and run again to get it)")
        if not (self.copied or self.updated or self.kept):
            said.append("all notebooks up to date")
        return said


def copy_course(folder: Path) -> CopyReport:
    """Copy lessons/ and exercises/ into `folder`, never overwriting a notebook the student changed."""
    src, folder = source().resolve(), Path(folder).resolve()
    if folder == src or any(folder == src / f or src / f in folder.parents for f in FOLDERS):
        raise ValueError(f"{folder} is where the course's own notebooks are: choose another folder to work in")
    manifest = folder / MANIFEST
    copied_before = json.loads(manifest.read_text(encoding="utf-8")) if manifest.exists() else {}
    report, now = CopyReport(folder), {}
    for name in notebooks(src):
        new, target = (src / name).read_bytes(), folder / name
        if not target.exists():
            _write(target, new)
            report.copied.append(name)
        elif (have := _digest(target.read_bytes())) != _digest(new):
            if have != copied_before.get(name):  # not what was copied there: the student's work
                report.kept.append(name)
                if name in copied_before:
                    now[name] = copied_before[name]
                continue
            _write(target, new)
            report.updated.append(name)
        now[name] = _digest(new)
    _write(manifest, json.dumps(now, indent=1, sort_keys=True).encode())
    return report


# ------------------------------------------------------------------------------------------- student copy

def _repository() -> Path:
    repo = PACKAGE.parent
    missing = [name for name in STUDENT_COPY_FILES if not (repo / name).exists()]
    if missing or source() != repo:
        raise FileNotFoundError("student-copy needs the course repository (a clone of it, with the package "
                                f"installed from it): {repo} has no {', '.join(missing) or 'lessons/'}")
    return repo


def _clear_student_copy(out: Path) -> None:
    """Make `out` empty but for its .git: a new folder, an empty one, or an earlier student copy."""
    if not out.exists():
        out.mkdir(parents=True)
        return
    entries = [p for p in out.iterdir() if p.name != ".git"]
    if entries and not (out / STUDENT_COPY_MARK).exists():
        raise ValueError(f"{out} is not empty and is not a student copy: choose a new or empty folder")
    for entry in entries:
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()


def links(repo_url: str, branch: str = "main", hub: str | None = None) -> dict[str, str]:
    """How students open the student copy, once it is pushed to `repo_url`: Binder and Colab (GitHub
    repositories only) and an nbgitpuller link for a JupyterHub at `hub`, all on the first lesson."""
    repo_url = repo_url.rstrip("/").removesuffix(".git")
    name = repo_url.rsplit("/", 1)[-1]
    found = {}
    if repo_url.startswith("https://github.com/"):
        owner_repo = repo_url.removeprefix("https://github.com/")
        found["binder"] = f"https://mybinder.org/v2/gh/{owner_repo}/{branch}?urlpath=lab/tree/{FIRST_NOTEBOOK}"
        found["colab"] = f"https://colab.research.google.com/github/{owner_repo}/blob/{branch}/{FIRST_NOTEBOOK}"
    if hub:
        # nbgitpuller clones into a folder named after the repository, in the student's home on the hub
        query = urlencode({"repo": repo_url, "branch": branch, "urlpath": f"lab/tree/{name}/{FIRST_NOTEBOOK}"})
        found["jupyterhub"] = f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"
    return found


STUDENT_README = """\
# autograd_edu: the course

Learn automatic differentiation the way PyTorch does it. Work through `lessons/` in order (start
with `{first}`), then the exercises in `exercises/`: each test cell prints PASS or
FAIL for its public checks as you run it; hidden checks run when your notebook is graded.
`autograd_edu/` is the engine the lessons use: small enough to read.

## Open it

{links}- **On your own computer** (Python >= 3.10), in this folder:

  ```bash
  python3 -m venv .venv && .venv/bin/pip install ".[lab]"
  .venv/bin/autograd-edu lab
  ```

  `autograd-edu lab` copies the notebooks into `./{folder}` (your working copy: run again, it
  keeps every notebook you changed) and opens JupyterLab there. Stop it with Ctrl-C twice.
"""


def _readme(found: dict[str, str], repo_url: str | None) -> str:
    said = {"jupyterhub": "**On the class JupyterHub**: open {} (it copies this repository into your home "
                          "folder, and later brings updates without touching your changes)",
            "binder": "**On Binder** (nothing to install; the session is temporary: download your notebooks "
                      "before you close the tab): {}",
            "colab": "**On Colab**: open {} and run `!pip install -q git+{repo}` in a first cell"}
    items = [f"- {said[k].format(found[k], repo=repo_url)}" for k in said if k in found]
    return STUDENT_README.format(first=FIRST_NOTEBOOK, folder=DEFAULT_FOLDER,
                                 links="\n".join(items) + ("\n" if items else ""))


def student_copy(out: Path, repo_url: str | None = None, branch: str = "main",
                 hub: str | None = None) -> dict[str, str]:
    """Write the student repository into `out`: the package source, lessons/, exercises/, pyproject.toml,
    environment.yml (what Binder builds), a README for students; never solutions/. Returns the links to it
    (see `links`) when `repo_url` says where it will be pushed."""
    repo, out = _repository(), Path(out).resolve()
    if out == repo or repo in out.parents:
        raise ValueError(f"{out} is inside the course repository: write the student copy outside it")
    _clear_student_copy(out)
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints", "notebooks")
    shutil.copytree(PACKAGE, out / PACKAGE.name, ignore=skip)
    for name in notebooks(repo) + list(STUDENT_COPY_FILES):
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(repo / name, out / name)
    found = links(repo_url, branch, hub) if repo_url else {}
    (out / "README.md").write_text(_readme(found, repo_url), encoding="utf-8")
    (out / ".gitignore").write_text(f".venv/\n__pycache__/\n.ipynb_checkpoints/\n{DEFAULT_FOLDER}/\nbuild/\ndist/\n",
                                    encoding="utf-8")
    (out / STUDENT_COPY_MARK).write_text("made by `autograd-edu student-copy`: making it again replaces "
                                         "everything here but .git\n", encoding="utf-8")
    return found
