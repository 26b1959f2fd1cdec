"""`autograd-edu lab` and `python3 tasks.py lab`: the student's view of the course.

The command copies lessons/ and exercises/ (never solutions/) into the student's working folder,
keeps every notebook the student changed when run again, and hands over to JupyterLab rooted
there; Ctrl-C then reaches JupyterLab alone, which shuts down cleanly.
"""
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from autograd_edu import cli, course
from lab_helpers import Server, free_port, tasks_copy

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted(p.name for p in (ROOT / "lessons").glob("*.ipynb"))
EXERCISES = sorted(p.name for p in (ROOT / "exercises").glob("*.ipynb"))


@pytest.fixture
def launched(monkeypatch):
    """The command `autograd-edu lab` would run in its place (nothing is started)."""
    calls = []
    monkeypatch.setattr(cli, "hand_over", lambda command: calls.append(command) or 0)
    return calls


def names(folder, sub):
    return sorted(p.name for p in (folder / sub).iterdir())


def test_lab_without_a_folder_copies_the_course_here_and_passes_options_on(tmp_path, monkeypatch, launched, capsys):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["lab", "--no-browser", "--port", "8890"]) == 0
    folder = tmp_path / "autograd-edu-course"
    (command,) = launched
    assert command[:3] == [sys.executable, "-m", "autograd_edu.lab_server"]
    assert f"--ServerApp.root_dir={folder}" in command
    assert "--LabApp.default_url=/lab/tree/lessons/00_start_here.ipynb" in command
    assert command[-3:] == ["--no-browser", "--port", "8890"]
    assert ("--allow-root" in command) == (os.geteuid() == 0)
    # the student's view: lessons and exercises, byte for byte the course's, and nothing else
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) == ["exercises", "lessons"]
    assert names(folder, "lessons") == LESSONS and names(folder, "exercises") == EXERCISES
    for name in course.notebooks(ROOT):
        assert (folder / name).read_bytes() == (ROOT / name).read_bytes(), name
    assert f"copied {len(LESSONS) + len(EXERCISES)} notebook(s)" in capsys.readouterr().out


def test_lab_takes_a_folder_then_jupyterlab_options(tmp_path, monkeypatch, launched):
    monkeypatch.chdir(tmp_path)
    cli.main(["lab", "mine", "--port", "8891"])
    assert f"--ServerApp.root_dir={tmp_path / 'mine'}" in launched[0]
    assert launched[0][-2:] == ["--port", "8891"]
    assert names(tmp_path / "mine", "lessons") == LESSONS


def test_lab_refuses_a_notebook_for_its_folder(tmp_path, monkeypatch, launched, capsys):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["lab", "00_start_here.ipynb"]) == 2
    assert "give the folder to work in" in capsys.readouterr().err
    assert not launched


def test_check_without_solutions_says_they_are_needed(tmp_path, monkeypatch, capsys):
    """A student's install has no solutions/: `autograd-edu check` says what it needs instead of failing on a
    path inside site-packages."""
    monkeypatch.setattr(course, "PACKAGE", tmp_path / "site-packages" / "autograd_edu")
    monkeypatch.chdir(tmp_path)
    shutil.copy(ROOT / "exercises" / EXERCISES[0], tmp_path)
    assert cli.main(["check", EXERCISES[0]]) == 2
    said = capsys.readouterr().err
    assert "no solutions/ folder here or in the course repository" in said and "--hidden-tests DIR" in said


def test_lab_without_jupyterlab_says_how_to_get_it(tmp_path, monkeypatch, launched, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cli.importlib.util, "find_spec", lambda name: None if name == "jupyterlab" else object())
    assert cli.main(["lab"]) == 2
    assert 'pip install "autograd_edu[lab]"' in capsys.readouterr().err
    assert not launched and not (tmp_path / "autograd-edu-course").exists()


def fake_course(root, version):
    for name in ["lessons/00_start_here.ipynb", "lessons/01_more.ipynb", "exercises/01_ex.ipynb"]:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(json.dumps({"version": version, "name": name}))


def test_running_again_updates_untouched_notebooks_and_keeps_the_students(tmp_path, monkeypatch):
    src, work = tmp_path / "course", tmp_path / "work"
    monkeypatch.setattr(course, "source", lambda: src)
    fake_course(src, 1)
    first = course.copy_course(work)
    assert first.copied == ["lessons/00_start_here.ipynb", "lessons/01_more.ipynb", "exercises/01_ex.ipynb"]

    (work / "lessons/01_more.ipynb").write_text("my notes")            # the student's work
    (work / "exercises/01_ex.ipynb").unlink()                           # deleted by mistake
    fake_course(src, 2)                                                 # a new version of the course
    (src / "lessons/02_new.ipynb").write_text("new lesson")
    second = course.copy_course(work)
    assert second.kept == ["lessons/01_more.ipynb"]
    assert (work / "lessons/01_more.ipynb").read_text() == "my notes"
    assert second.updated == ["lessons/00_start_here.ipynb"]
    assert json.loads((work / "lessons/00_start_here.ipynb").read_text())["version"] == 2
    assert second.copied == ["lessons/02_new.ipynb", "exercises/01_ex.ipynb"]
    said = "\n".join(second.lines())
    assert "kept your lessons/01_more.ipynb" in said and "updated 1 notebook(s)" in said

    # still the student's on the next run, and a file of the course's name the course never wrote is theirs too
    third = course.copy_course(work)
    assert third.kept == ["lessons/01_more.ipynb"] and not third.updated and not third.copied
    other = tmp_path / "other"
    (other / "lessons").mkdir(parents=True)
    (other / "lessons/00_start_here.ipynb").write_text("a student's own file")
    assert course.copy_course(other).kept == ["lessons/00_start_here.ipynb"]
    assert (other / "lessons/00_start_here.ipynb").read_text() == "a student's own file"


@pytest.mark.parametrize("inside", [".", "lessons", "exercises/mine"])
def test_copy_refuses_the_course_source_itself(inside):
    with pytest.raises(ValueError, match="choose another folder"):
        course.copy_course(course.source() / inside)
    assert not (course.source() / "exercises" / "mine").exists()


# ----------------------------------------------------------------------------------- Ctrl-C in tasks.py lab

class Output:
    """Everything a process writes to `fd` (a pipe, or a terminal's leader side), read as it comes."""

    def __init__(self, fd):
        self.fd, self.data = fd, bytearray()
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        while True:
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:  # a terminal's leader side reads EIO once the process has gone
                return
            if not chunk:
                return
            self.data.extend(chunk)

    def __call__(self):
        return self.data.decode(errors="replace")

    def wait_for(self, text, process, seconds=120):
        deadline = time.monotonic() + seconds
        while text not in self():
            assert process.poll() is None and time.monotonic() < deadline, f"never printed {text!r}:\n{self()}"
            time.sleep(0.2)


@pytest.mark.skipif(os.name != "posix", reason="Ctrl-C is a POSIX signal here")
@pytest.mark.parametrize("terminal", [True, False], ids=["in-a-terminal", "no-terminal"])
def test_ctrl_c_in_tasks_lab_shuts_jupyterlab_down_cleanly(tmp_path, terminal):
    """`python3 tasks.py lab` in a folder of its own (its .venv the repository's, already installed), with a
    kernel running; then Ctrl-C as a terminal sends it: SIGINT to the whole foreground process group. In a
    terminal Jupyter asks for confirmation and a second Ctrl-C stops it; without one, the first does."""
    tasks = tasks_copy(tmp_path / "clone")
    runtime = tmp_path / "runtime"
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(runtime), JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
               IPYTHONDIR=str(tmp_path / "ipython"), JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"))
    token, port = secrets.token_hex(16), free_port()
    import pty  # POSIX only
    reader, writer = pty.openpty() if terminal else os.pipe()
    # a terminal's foreground job receives Ctrl-C (whatever this test's own parent may ignore)
    lab = subprocess.Popen(
        [sys.executable, tasks, "lab", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
         f"--IdentityProvider.token={token}"],
        stdin=writer if terminal else subprocess.DEVNULL, stdout=writer, stderr=writer, env=env, cwd=tmp_path,
        start_new_session=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    os.close(writer)
    said = Output(reader)
    server = Server(port, token, runtime, said)
    try:
        server.wait_until_serving(lab)
        assert sorted(server.tree()) == sorted(course.notebooks(ROOT) + ["exercises", "lessons"])
        session = server.api("sessions", "POST", {"path": "lessons/00_start_here.ipynb", "type": "notebook",
                                                  "kernel": {"name": "python3"}})
        server.kernel_client(session["kernel"]["id"]).stop_channels()  # up and answering, as when a student stops
        assert list(runtime.glob("jpserver-*.json")) and list(runtime.glob("kernel-*.json")), \
            f"the server and its kernel should have written runtime files: {sorted(runtime.iterdir())}"

        os.killpg(lab.pid, signal.SIGINT)
        if terminal:
            said.wait_for("Shut down this Jupyter server (y/[n])?", lab)
            os.killpg(lab.pid, signal.SIGINT)
        code = lab.wait(timeout=180)
    finally:
        if lab.poll() is None:
            os.killpg(lab.pid, signal.SIGKILL)
            lab.wait()
        said.thread.join(timeout=10)
        os.close(reader)
    assert code == 0, said()
    assert "Traceback" not in said(), said()
    assert "received signal 2, stopping" in said() and "Kernel shutdown" in said(), said()
    assert sorted(p.name for p in runtime.iterdir() if p.name.startswith(("jpserver-", "kernel-"))) == [], said()
    assert (tasks.parent / "autograd-edu-course" / "lessons" / "00_start_here.ipynb").exists()
