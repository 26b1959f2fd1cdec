"""Names: a student's name -> a safe file name; an LMS download's notebooks -> the one to grade.

A student is named by a file or folder in the submissions folder, so the name can be anything a
file system allows: 255 bytes of UTF-8, spaces, control characters, undecodable bytes, `..`
inside it. The CSV and the results keep that name (undecodable bytes shown as `\\xff`); the
files written for the student are named by `file_stem`, which is short, plain ASCII, and
different for different names.

LMS downloads rename files: a student folder may hold `NAME (1).ipynb`, `NAME-2.ipynb` or one
notebook under another name. `pick` takes such a file when it is the only candidate and says so.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

_PLAIN = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
_LOOKS_HASHED = re.compile(r".*-[0-9a-f]{8}")
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                     *(f"lpt{i}" for i in range(1, 10))}


def display(name: str) -> str:
    """A name from the file system, printable: undecodable bytes become `\\xNN`."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def file_stem(student: str) -> str:
    """The name of the student's result and feedback files, without extension.

    A plain lowercase ASCII name is kept as it is; any other becomes `<ascii slug>-<8 hex of its
    SHA-256>`, at most 49 characters. A plain name never ends in `-` and 8 hex digits, so a
    kept name cannot equal a hashed one, and it is lowercase, so none collide on a
    case-insensitive file system."""
    if (_PLAIN.fullmatch(student) and not _LOOKS_HASHED.fullmatch(student)
            and not student.endswith(".") and student.split(".")[0] not in _WINDOWS_RESERVED):
        return student
    ascii_only = unicodedata.normalize("NFKD", student).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_only).strip("_")[:40] or "student"
    digest = hashlib.sha256(student.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{slug}-{digest}"


def pick(notebooks: list[str], assignment: str) -> tuple[str | None, str]:
    """From the notebook file names in one student's folder, the one to grade and a note saying
    what was taken (or, with None, why nothing was)."""
    exact = f"{assignment}.ipynb"
    if exact in notebooks:
        return exact, ""
    renamed = re.compile(re.escape(assignment) + r"(?: ?\(\d+\)|-\d+)\.ipynb")
    copies = [n for n in notebooks if renamed.fullmatch(n)]
    if len(copies) == 1:
        return copies[0], f"graded {copies[0]!r} (no {exact} in the folder)"
    if not copies and len(notebooks) == 1:
        return notebooks[0], f"graded {notebooks[0]!r}, the only notebook in the folder (no {exact})"
    candidates = copies or notebooks
    found = ", ".join(repr(n) for n in sorted(candidates)) or "no notebook"
    return None, f"no {exact} in the submission and no single candidate (found {found})"
