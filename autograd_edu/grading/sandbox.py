"""The sandbox each submission's worker and kernel run in, built from unprivileged Linux features.

Layers, from the outside in, and what each one stops:

1. Namespaces (bubblewrap, else util-linux `unshare`): a user namespace holds the others. PID:
   the kernel sees only its own worker and children; it cannot signal the grader or other
   students' kernels, and every process it starts (`setsid` daemons too) dies when the
   sandbox's first process exits. Network: no interface but an unconnected loopback, so no
   connection anywhere. IPC: no shared memory or message queues with the host. Mount:
   with bubblewrap, the file system is rebuilt from nothing: read-only Python, the
   environment and the `autograd_edu` package, a few files of /etc, a private /proc and /dev,
   and an empty, size-capped tmpfs as /tmp (the working directory). Submissions, solutions,
   hidden tests and the output folder are not in that view at all.
2. Landlock (Linux >= 5.13, in-process via ctypes): the same allow-list enforced by the kernel
   on every open: read-only on the paths above, read-write only in the private temp folder.
   With ABI >= 4 no TCP connect or bind; with ABI >= 6 no signal to, and no abstract socket
   of, any process outside the sandbox. This is the file-system layer when bubblewrap is
   missing, and a second layer when it is there. It also forbids new mounts.
3. Limits: as root, the sandbox drops to the `nobody` user (UID 65534) first. RLIMIT_NPROC,
   counted per user namespace, caps the threads and processes of one sandbox at PIDS (a fork
   bomb gets EAGAIN); the kernel's own rlimits (memory, CPU, file size) are set by `launcher`.
   `--disable-userns` (bubblewrap) stops nested user namespaces, the usual way into kernel bugs.

No seccomp filter: with no network, no foreign process and no file outside the allow-list,
the remaining system calls reach nothing of the grader's; the filter would only shrink the
kernel's attack surface, which Landlock and the nested-namespace ban already narrow.

Where a feature is missing (macOS, a hub without user namespaces), grading runs with what is
left, down to the containment of `runner` alone; `Sandbox.off()` says what is missing.
`AUTOGRAD_EDU_SANDBOX=bubblewrap|unshare|landlock|off` forces a level (the tests use it).
"""
from __future__ import annotations

import ctypes
import functools
import json
import os
import resource
import shutil
import site
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

LEVELS = ("bubblewrap", "unshare", "landlock", "off")
PIDS = 128                     # tasks (threads + processes) per sandbox
TMP_MB = 256                   # size of the private /tmp under bubblewrap
NOBODY = 65534
ETC = ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/localtime",
       "/etc/nsswitch.conf", "/etc/passwd", "/etc/group")
SYSTEM = ("/usr", "/bin", "/sbin", "/lib", "/lib64", "/lib32")
DEVICES = {"/dev/null": True, "/dev/zero": False, "/dev/random": False, "/dev/urandom": False}


@dataclass(frozen=True)
class Sandbox:
    """How this machine can confine a worker, decided once per process by `current()`."""
    level: str                            # one of LEVELS
    landlock: int = 0                     # Landlock ABI applied inside (0: none)
    uid: int | None = None                # UID the sandbox runs as, if the grader drops root
    failures: tuple[str, ...] = field(default=())   # why stronger levels were not used

    @property
    def namespaces(self) -> bool:
        return self.level in ("bubblewrap", "unshare")

    @property
    def pid_limit(self) -> bool:
        """RLIMIT_NPROC binds only a non-root user inside its own user namespace."""
        return self.namespaces and (self.uid is not None or os.geteuid() != 0)

    def protections(self) -> dict[str, bool]:
        """Each protection and whether it is on."""
        confined_fs = self.level == "bubblewrap" or self.landlock > 0
        return {
            "private process tree (PID namespace): no other process visible, none outlives the sandbox":
                self.namespaces,
            "no network (network namespace)": self.namespaces or self.landlock >= 4,
            "file system limited to Python, the environment and the package": confined_fs,
            "no signals to processes outside the sandbox": self.namespaces or self.landlock >= 6,
            f"process limit ({PIDS} per submission)": self.pid_limit,
            "private IPC (IPC namespace)": self.namespaces,
        }

    def off(self) -> list[str]:
        return [name for name, on in self.protections().items() if not on]

    def describe(self) -> str:
        layers = [self.level if self.level != "off" else "no sandbox"]
        if self.landlock:
            layers.append(f"Landlock ABI {self.landlock}")
        if self.uid is not None:
            layers.append(f"as UID {self.uid}")
        return ", ".join(layers)

    def spec(self, folder: str) -> dict:
        """What the worker applies to itself inside (see `confine`)."""
        return {"landlock": self.landlock, "readable": readable_paths(), "writable": [folder],
                "proc": self.namespaces, "pids": PIDS if self.pid_limit else 0}

    def command(self, argv: list[str], host_folder: str, hide: list[str]) -> tuple[list[str], str]:
        """(command line, the worker's folder as it sees it). `host_folder` is a fresh empty
        folder of the grader's; under bubblewrap it is replaced by a private tmpfs."""
        if self.level == "bubblewrap":
            return bubblewrap_argv(hide) + argv, "/tmp"
        if self.level == "unshare":
            return [shutil.which("unshare") or "unshare", "--user", "--map-current-user", "--net", "--ipc", "--uts", "--pid",
                    "--kill-child", "--mount", "--mount-proc", *argv], host_folder
        return argv, host_folder

    def popen_options(self) -> dict:
        if self.uid is None:
            return {}
        return {"user": self.uid, "group": self.uid, "extra_groups": []}


def readable_paths() -> list[str]:
    """Python, the environment (with the user's site-packages if the grader uses it), the
    package (not the folder around it), system libraries: all the kernel may read."""
    package = Path(__file__).resolve().parents[1]
    user_site = [site.getusersitepackages()] if site.ENABLE_USER_SITE else []
    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, str(package), *user_site,
             str(Path(sys.executable).resolve().parent), *SYSTEM, *ETC}
    return sorted(p for p in paths if os.path.exists(p))


def bubblewrap_argv(hide: list[str]) -> list[str]:
    argv = [shutil.which("bwrap") or "bwrap", "--unshare-user", "--unshare-pid", "--unshare-net", "--unshare-ipc",
            "--unshare-uts", "--unshare-cgroup-try", "--disable-userns", "--die-with-parent",
            "--new-session", "--cap-drop", "ALL", "--proc", "/proc", "--dev", "/dev",
            # the private /tmp first: a venv that lives under /tmp is then bound on top of it, not hidden
            "--size", str(TMP_MB * 2**20), "--tmpfs", "/tmp"]
    for path in readable_paths():
        if os.path.islink(path):
            argv += ["--symlink", os.readlink(path), path]
        else:
            argv += ["--ro-bind", path, path]
    argv += ["--chdir", "/tmp"]
    for path in hide:  # a private folder that happens to lie inside a readable one
        if any(Path(path).resolve().is_relative_to(r) for r in readable_paths()):
            argv += ["--tmpfs", str(Path(path).resolve())]
    return argv


# --- deciding the level -------------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def current() -> Sandbox:
    """The strongest level that works here (or the forced one), probed once per process."""
    forced = os.environ.get("AUTOGRAD_EDU_SANDBOX", "").strip().lower()
    if forced and forced not in LEVELS:
        raise ValueError(f"AUTOGRAD_EDU_SANDBOX must be one of {', '.join(LEVELS)}, not {forced!r}")
    if forced == "off" or not sys.platform.startswith("linux"):
        reason = "forced by AUTOGRAD_EDU_SANDBOX=off" if forced else f"not available on {sys.platform}"
        return Sandbox("off", failures=(reason,))
    abi = landlock_abi()
    uid = NOBODY if os.geteuid() == 0 else None
    candidates = [Sandbox(level, abi, u) for level in ((forced,) if forced else LEVELS[:-1])
                  for u in ((uid, None) if uid is not None else (None,))
                  if level != "landlock" or abi]
    failures, best = [], None
    for candidate in candidates:  # strongest first; stop at the first with nothing off
        if best is not None and len(candidate.off()) >= len(best.off()):
            continue
        problem = probe(candidate)
        if problem is not None:
            failures.append(f"{candidate.describe()}: {problem}")
        elif best is None or len(candidate.off()) < len(best.off()):
            best = candidate
            if not best.off():
                break
    if best is None:
        return Sandbox("off", failures=tuple(failures) or ("Landlock is not supported by this kernel",))
    return Sandbox(best.level, best.landlock, best.uid, tuple(failures))


def probe(sandbox: Sandbox) -> str | None:
    """Start a confined Python that imports what a kernel needs; None if it works, else why."""
    tool = {"bubblewrap": "bwrap", "unshare": "unshare"}.get(sandbox.level)
    if tool and not shutil.which(tool):
        return f"{tool} is not installed"
    import tempfile
    folder = tempfile.mkdtemp(prefix="autograd-edu-probe-")
    try:
        if sandbox.uid is not None:
            os.chown(folder, sandbox.uid, sandbox.uid)
        argv, inside = sandbox.command([sys.executable, "-m", "autograd_edu.grading.sandbox"], folder, [])
        job = json.dumps(sandbox.spec(inside))
        done = subprocess.run(argv, input=job.encode(), capture_output=True, cwd=folder, timeout=120,
                              env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
                                   "HOME": inside, "LANG": "C.UTF-8"}, **sandbox.popen_options())
    except (OSError, subprocess.SubprocessError) as exc:
        return str(exc)[:200]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if done.stdout.strip() != b"ok":
        lines = done.stderr.decode(errors="replace").strip().splitlines() or [f"exit code {done.returncode}"]
        return lines[-1][:200]
    return None


# --- inside the sandbox ---------------------------------------------------------------------------

_libc = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None
_CREATE_RULESET, _ADD_RULE, _RESTRICT_SELF = 444, 445, 446   # the same on every Linux architecture
_PR_SET_NO_NEW_PRIVS = 38
_RULE_PATH_BENEATH = 1
# Landlock access rights (linux/landlock.h) and the ABI that introduced them.
_EXECUTE, _WRITE_FILE, _READ_FILE, _READ_DIR = 1, 2, 4, 8
_FS_RIGHTS = {1: (1 << 13) - 1, 2: 1 << 13, 3: 1 << 14, 5: 1 << 15}    # REFER, TRUNCATE, IOCTL_DEV
_FILE_RIGHTS = _EXECUTE | _WRITE_FILE | _READ_FILE | (1 << 14) | (1 << 15)
_NET_TCP = 3             # BIND_TCP | CONNECT_TCP, ABI 4
_SCOPE_ALL = 3           # ABSTRACT_UNIX_SOCKET | SIGNAL, ABI 6


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("fs", ctypes.c_uint64), ("net", ctypes.c_uint64), ("scoped", ctypes.c_uint64)]


class _PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed", ctypes.c_uint64), ("fd", ctypes.c_int32)]


def landlock_abi() -> int:
    if _libc is None:
        return 0
    abi = _libc.syscall(_CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(1))
    return max(abi, 0)


def expose_package(folder: str) -> None:
    """Make `autograd_edu` importable by what this process starts, through a link in its own
    writable folder: the folder around the package (a repository, with solutions and maybe
    submissions) stays unreadable, yet Python finds the package without listing it."""
    links = Path(folder) / ".packages"
    links.mkdir(exist_ok=True)
    link = links / "autograd_edu"
    if not link.exists():
        link.symlink_to(Path(__file__).resolve().parents[1], target_is_directory=True)
    os.environ["PYTHONPATH"] = str(links)


def confine(spec: dict) -> None:
    """Apply the inner layers to this process (and so to everything it starts): the process
    limit, then Landlock. Call before any thread is started; raises OSError if refused."""
    if spec.get("pids"):
        resource.setrlimit(resource.RLIMIT_NPROC, (spec["pids"], spec["pids"]))
    if spec.get("landlock"):
        _landlock(spec["landlock"], spec["readable"] + (["/proc"] if spec.get("proc") else []),
                  spec["writable"])


def _landlock(abi: int, readable: list[str], writable: list[str]) -> None:
    handled = sum(bits for since, bits in _FS_RIGHTS.items() if abi >= since)
    attr = _RulesetAttr(handled, _NET_TCP if abi >= 4 else 0, _SCOPE_ALL if abi >= 6 else 0)
    size = 24 if abi >= 6 else 16 if abi >= 4 else 8
    ruleset = _check(_libc.syscall(_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size),
                                   ctypes.c_uint32(0)), "landlock_create_ruleset")
    try:
        read = _EXECUTE | _READ_FILE | _READ_DIR
        rules = [(p, read) for p in readable] + [(p, handled) for p in writable]
        rules += [(device, handled if rw else read) for device, rw in DEVICES.items()]
        for path, allowed in rules:
            try:
                fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            except OSError:
                continue
            try:
                if not os.path.isdir(path):
                    allowed &= _FILE_RIGHTS
                rule = _PathBeneath(allowed & handled, fd)
                _check(_libc.syscall(_ADD_RULE, ruleset, _RULE_PATH_BENEATH, ctypes.byref(rule),
                                     ctypes.c_uint32(0)), f"landlock_add_rule {path}")
            finally:
                os.close(fd)
        _check(_libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "PR_SET_NO_NEW_PRIVS")
        _check(_libc.syscall(_RESTRICT_SELF, ruleset, ctypes.c_uint32(0)), "landlock_restrict_self")
    finally:
        os.close(ruleset)


def _check(result: int, what: str) -> int:
    if result < 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")
    return result


def _probe_inside() -> None:
    """`python -m autograd_edu.grading.sandbox`: confine as told on stdin, import what a kernel
    needs, print ok."""
    expose_package(os.getcwd())
    confine(json.loads(sys.stdin.read()))
    subprocess.run([sys.executable, "-c", "import autograd_edu"], check=True)  # as a kernel would
    import ipykernel  # noqa: F401  (what the kernel and worker will import)
    import jupyter_client  # noqa: F401
    import numpy  # noqa: F401
    print("ok")


if __name__ == "__main__":
    _probe_inside()
