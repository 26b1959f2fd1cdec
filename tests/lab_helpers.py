"""For tests that run the course's commands: `tasks_copy` (tasks.py in a folder of its own, using this
repository's installed .venv), and for a real JupyterLab server (on loopback, with a token) a free port,
its REST API, waiting until it serves, and until one of its kernels answers. Every wait polls, with
generous limits: a loaded 2-core machine starts JupyterLab and kernels slowly."""
import hashlib
import json
import random
import shutil
import socket
import time
import urllib.request
from pathlib import Path

import pytest
from jupyter_client import BlockingKernelClient

ROOT = Path(__file__).resolve().parents[1]
START_SECONDS = 180


def tasks_copy(folder):
    """`folder`/tasks.py, whose .venv is this repository's (already installed: nothing is reinstalled), so
    that what it writes (./autograd-edu-course) lands in `folder`, not in the repository."""
    stamp = ROOT / ".venv" / ".installed-test-lab"
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not stamp.exists() or stamp.read_text() != wanted:  # else the copy would reinstall .venv from `folder`
        pytest.fail(".venv is not installed from this pyproject.toml: run `python3 tasks.py setup` first")
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "tasks.py", folder)
    shutil.copy(ROOT / "pyproject.toml", folder)
    (folder / ".venv").symlink_to(ROOT / ".venv")
    return folder / "tasks.py"


def free_port():
    """A free port below Linux's ephemeral range (32768-60999). A port the kernel hands out for
    port 0 can be taken again, before our server binds it, by any kernel's ZeroMQ sockets or any
    outgoing connection of a test running beside this one; a random port below that range can not."""
    rng = random.SystemRandom()
    while True:
        port = rng.randrange(20000, 32000)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port


class Server:
    """A JupyterLab server at 127.0.0.1:`port`; `runtime` is its JUPYTER_RUNTIME_DIR, `said()` what it printed."""

    def __init__(self, port, token, runtime, said):
        self.base, self.token, self.runtime, self.said = f"http://127.0.0.1:{port}", token, runtime, said

    def api(self, path, method="GET", body=None):
        request = urllib.request.Request(f"{self.base}/api/{path}", method=method,
                                         data=None if body is None else json.dumps(body).encode(),
                                         headers={"Authorization": f"token {self.token}",
                                                  "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"null")

    def wait_until_serving(self, process):
        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                return self.api("status")
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"JupyterLab did not start:\n{self.said()}") from None
                time.sleep(0.5)

    def tree(self, path=""):
        """Every path the server shows, walking its contents API from the root."""
        found = []
        for entry in self.api(f"contents/{path}")["content"]:
            found.append(entry["path"])
            if entry["type"] == "directory":
                found += self.tree(entry["path"])
        return found

    def kernel_client(self, kernel_id):
        """A client of one of the server's kernels, once that kernel answers (channels started: stop them)."""
        client = BlockingKernelClient(connection_file=str(self.runtime / f"kernel-{kernel_id}.json"))
        client.load_connection_file()
        client.start_channels(hb=False)  # no heartbeat: a kernel slow to start on a loaded machine is not dead
        try:
            client.wait_for_ready(timeout=START_SECONDS)
        except RuntimeError as e:
            client.stop_channels()
            raise AssertionError(f"{e}:\n{self.said()}") from None
        return client
