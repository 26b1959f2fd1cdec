"""The course as a class gets it from a plain (non-editable) install: build the wheel from a copy of
the repository, install it into a fresh virtual environment, run `autograd-edu lab --no-browser`
from an empty folder, and look at what JupyterLab serves, over HTTP and in a browser.

How the fresh environment gets its dependencies: they are not downloaded again. The new venv
(made without pip) holds only the wheel, installed by pip with `--no-deps`; one .pth line puts the
test environment's site-packages after its own (numpy, JupyterLab, ...). A .pth line adds a folder
but runs none of the .pth files in it, so the test environment's editable install of
autograd_edu (a .pth of its own) is not active there: `autograd_edu` is the wheel's, which the
test checks. Likewise JUPYTER_PATH and JUPYTERLAB_DIR name the test environment's share/jupyter,
where the dependencies keep their data files (JupyterLab's own pages, the widgets' extension),
while JupyterLab's settings defaults are read from the fresh environment's share/jupyter/lab/
settings, where a plain install would have them: the course's settings come from the wheel alone.
"""
import os
import re
import secrets
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import nbformat
import pytest
from lab_helpers import START_SECONDS, Server, free_port

from autograd_edu.course import FIRST_NOTEBOOK

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted(p.name for p in (ROOT / "lessons").glob("*.ipynb"))
EXERCISES = sorted(p.name for p in (ROOT / "exercises").glob("*.ipynb"))
NOT_SOURCE = shutil.ignore_patterns(".venv", ".git", "build", "dist", "*.egg-info", "__pycache__", "test-output",
                                    ".pytest_cache", ".hypothesis", ".ipynb_checkpoints", "autograd-edu-course")
MARKERS = ("### BEGIN SOLUTION", "### BEGIN HIDDEN TESTS")
NEWS_PROMPT = "Would you like to get notified about official Jupyter news?"
TEST_SHARE = Path(sys.prefix) / "share" / "jupyter"  # the test environment's Jupyter data files


def run(*command, **kwargs):
    done = subprocess.run([str(c) for c in command], capture_output=True, text=True, **kwargs)
    assert done.returncode == 0, f"{' '.join(map(str, command))} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def solution_blocks():
    """The answers and hidden tests written in solutions/ (the text between their markers, whole), by
    notebook name and the cell's grade_id."""
    found = {}
    for path in sorted((ROOT / "solutions").glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            for begin in MARKERS:
                end = begin.replace("BEGIN", "END")
                blocks = re.findall(re.escape(begin) + r"(.*?)" + re.escape(end), cell.source, re.S)
                key = (path.name, cell.metadata.get("nbgrader", {}).get("grade_id"))
                found.setdefault(key, []).extend(b.strip() for b in blocks if b.strip())
    assert sum(map(len, found.values())) >= 8, "solutions/ should have answers between markers"
    return found


def leaked(notebooks):
    """Solution markers in any cell of these {name: notebook}, or a solution's answer or hidden tests in the
    cell of the same grade_id."""
    blocks, found = solution_blocks(), []
    for name, nb in notebooks.items():
        for cell in nb.cells:
            found += [f"{name}: {m}" for m in MARKERS if m in cell.source]
            key = (Path(name).name, cell.metadata.get("nbgrader", {}).get("grade_id"))
            found += [f"{name} {key[1]}: {b[:60]!r}" for b in blocks.get(key, []) if key[1] and b in cell.source]
    return found


@pytest.fixture(scope="module")
def install(tmp_path_factory):
    """Build the wheel from a copy of the repository, install it into a fresh venv; returns (wheel, venv)."""
    tmp = tmp_path_factory.mktemp("wheel")
    clone = tmp / "clone"
    shutil.copytree(ROOT, clone, ignore=NOT_SOURCE, symlinks=True)
    before = sorted(p.relative_to(clone) for p in clone.rglob("*"))
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check", "-q",
        "-w", tmp / "dist", clone)
    after = sorted(p.relative_to(clone) for p in clone.rglob("*"))
    assert after == before, f"building the wheel wrote into the clone: {sorted(set(after) - set(before))}"
    (wheel,) = (tmp / "dist").glob("autograd_edu-*.whl")

    fresh = tmp / "venv"
    venv.create(fresh, with_pip=False)
    python = fresh / "bin" / "python"
    site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").strip())
    (site / "test_environment.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--disable-pip-version-check",
        "-q", wheel)
    return wheel, fresh


@pytest.fixture(scope="module")
def served(install, tmp_path_factory):
    """`autograd-edu lab --no-browser` (the installed command) run from an empty folder."""
    _, fresh = install
    tmp = tmp_path_factory.mktemp("lab")
    empty = tmp / "empty"
    empty.mkdir()
    token, port = secrets.token_hex(16), free_port()
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp / "config"), JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
               JUPYTER_DATA_DIR=str(tmp / "data"), IPYTHONDIR=str(tmp / "ipython"),
               JUPYTERLAB_SETTINGS_DIR=str(tmp / "settings"), JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"),
               JUPYTER_PATH=str(TEST_SHARE), JUPYTERLAB_DIR=str(TEST_SHARE / "lab"))
    log = tmp / "lab.log"
    with open(log, "w") as out:
        process = subprocess.Popen(
            [fresh / "bin" / "autograd-edu", "lab", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
             f"--IdentityProvider.token={token}",
             f"--LabApp.app_settings_dir={fresh / 'share' / 'jupyter' / 'lab' / 'settings'}"],
            stdout=out, stderr=subprocess.STDOUT, env=env, cwd=empty)
    server = Server(port, token, tmp / "runtime", log.read_text)
    try:
        server.wait_until_serving(process)
        yield server, empty
    finally:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_the_wheel_carries_lessons_and_exercises_and_no_solution(install):
    wheel, _ = install
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        notebooks = {n: archive.read(n) for n in names if n.endswith(".ipynb")}
    assert not [n for n in names if "solution" in n.lower()]
    assert sorted(notebooks) == ([f"autograd_edu/notebooks/exercises/{n}" for n in EXERCISES]
                                 + [f"autograd_edu/notebooks/lessons/{n}" for n in LESSONS])
    for name, data in notebooks.items():  # byte for byte the repository's lessons and released exercises
        assert data == (ROOT / name.removeprefix("autograd_edu/notebooks/")).read_bytes(), name
    assert not leaked({n: nbformat.reads(d.decode(), as_version=4) for n, d in notebooks.items()})
    assert "autograd_edu-0.1.0.data/data/share/jupyter/lab/settings/overrides.d/autograd-edu.json" in names


def test_lab_from_an_empty_folder_serves_the_lessons_and_exercises_only(install, served):
    _, fresh = install
    server, empty = served
    # the installed package, not the repository's
    where = run(fresh / "bin" / "python", "-c", "import autograd_edu; print(autograd_edu.__file__)", cwd=empty).strip()
    assert Path(where).is_relative_to(fresh), where
    tree = server.tree()
    assert sorted(p for p in tree if "/" not in p) == ["exercises", "lessons"]
    lessons = sorted(p.removeprefix("lessons/") for p in tree if p.startswith("lessons/"))
    exercises = sorted(p.removeprefix("exercises/") for p in tree if p.startswith("exercises/"))
    # every lesson 00-09 (and any 00b-style lesson between them) and every exercise 01-08: all the repository's
    assert sorted({n[:2] for n in lessons}) == [f"{i:02d}" for i in range(10)] and lessons == LESSONS
    assert sorted({n[:2] for n in exercises}) == [f"{i:02d}" for i in range(1, 9)] and exercises == EXERCISES
    assert not [p for p in tree if "solution" in p.lower()]
    assert not leaked({p: nbformat.from_dict(server.api(f"contents/{p}")["content"]) for p in tree
                       if p.endswith(".ipynb")})
    # the working copy is in the folder the command ran from, and the kernel runs the installed package
    assert (empty / "autograd-edu-course" / FIRST_NOTEBOOK).exists()
    doctor = subprocess.run([fresh / "bin" / "autograd-edu", "doctor"], capture_output=True, text=True, cwd=empty)
    notebooks_dir = next(Path(site) for site in fresh.glob("lib/python*/site-packages")) / "autograd_edu" / "notebooks"
    assert f"course      {len(LESSONS) + len(EXERCISES)} notebooks (lessons, exercises) in {notebooks_dir}" \
        in doctor.stdout, doctor.stdout + doctor.stderr
    # the student copy is made from the repository, not from an install (which has no package source to copy)
    refused = subprocess.run([fresh / "bin" / "autograd-edu", "student-copy", "out"], capture_output=True,
                             text=True, cwd=empty)
    assert refused.returncode == 2 and "student-copy needs the course repository" in refused.stderr, refused.stderr
    kernel = server.api("kernels", method="POST", body={"name": "python3"})
    client = server.kernel_client(kernel["id"])
    try:
        printed = []
        reply = client.execute_interactive("import sys, autograd_edu; print(sys.executable, autograd_edu.__file__)",
                                           timeout=START_SECONDS, output_hook=lambda m: printed.append(m["content"]))
    finally:
        client.stop_channels()
    assert reply["content"]["status"] == "ok", printed
    executable, package = "".join(m.get("text", "") for m in printed).split()
    assert Path(executable).parent == fresh / "bin" and Path(package).is_relative_to(fresh), printed


@pytest.mark.browser
def test_a_lesson_runs_in_the_browser_from_the_installed_course(served):
    """The first lesson, opened by the installed course's JupyterLab at its own address and run top to bottom
    in headless Chromium, shows what the repository's lesson shows (the checks of tests/test_browser.py); no JupyterLab
    news pop-up asks anything (the wheel's settings turn it off)."""
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Debian's chromium is not installed (/usr/bin/chromium missing): run `apt-get install -y "
                    "chromium`, as .ci/run does")
    from test_browser import (CHROMIUM, CHROMIUM_ARGS, OUTPUT, READ_CELLS, VIEWPORT, check_lesson_page,
                              expected_cells, kernel_idle, run_all_cells, sync_api, wait_until_run_ends)
    server, _ = served
    lesson = FIRST_NOTEBOOK
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_context(viewport=VIEWPORT).new_page()
        page.set_default_timeout(60_000)
        try:
            # JupyterLab may ask which kernel to use: accept its choice (the notebook's python3) whenever it asks
            page.add_locator_handler(page.locator(".jp-Dialog"), lambda dialog: dialog.locator(".jp-mod-accept").click())
            page.goto(f"{server.base}/?token={server.token}")  # the server's address alone: it opens the first lesson
            page.locator(".jp-Notebook .jp-Cell").first.wait_for()
            kernel_idle(page).wait_for()
            assert page.url.split("?")[0].endswith(f"/lab/tree/{lesson}"), page.url
            run_all_cells(page)
            wait_until_run_ends(page)
            problems = check_lesson_page(expected_cells(ROOT / lesson), page.evaluate(READ_CELLS))
            assert not problems, "\n".join(problems)
            assert page.get_by_text(NEWS_PROMPT).count() == 0, "JupyterLab asks about its news"
            OUTPUT.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(OUTPUT / "installed-course.png"))
        except Exception:
            OUTPUT.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(OUTPUT / "installed-course-failure.png"))
            raise
        finally:
            browser.close()
