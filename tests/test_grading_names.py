"""Student names -> safe file names, and the notebooks an LMS download renames."""
import os

import nbformat
import pytest

from autograd_edu.grading import batch, names, report, runner
from grading_submissions import EXERCISE, NAME, SOLUTIONS, make

UNTOUCHED = nbformat.writes(EXERCISE).encode()


@pytest.mark.parametrize("plain", ["alice", "bob.smith", "s_042", "a-b", "x" * 64])
def test_plain_lowercase_names_are_kept(plain):
    assert names.file_stem(plain) == plain


@pytest.mark.parametrize("name", [
    "x" * 65, "é" * 127, "日本語" * 80, "Alice", "a b", "..", "../../etc/passwd", "a/b", "tab\tx",
    "nl\nx", "esc\x1b[0m", "CON", "con", "nul.txt", "x.", ".hidden", "-rf", "plain-1234abcd",
    "undecodable\\xff", "",
])
def test_other_names_become_short_ascii_slug_and_hash(name):
    stem = names.file_stem(name)
    assert stem.isascii() and len(stem) <= 49
    assert all(c.isalnum() or c in "_-" for c in stem), stem
    assert stem.rsplit("-", 1)[1] == __import__("hashlib").sha256(name.encode()).hexdigest()[:8]
    assert not stem.startswith(("-", "."))


def test_different_names_never_share_a_file_even_when_their_slugs_match():
    similar = ["Alice", "alice", "ALICE", "a lice", "a_lice", "a\tlice", "à lice", "alice-" + "0" * 8,
               "Alice " * 20, "Alice " * 21]
    stems = [names.file_stem(n) for n in similar]
    assert len(set(stems)) == len(similar)
    assert len({s.casefold() for s in stems}) == len(similar)  # a case-insensitive disk too


def test_display_keeps_the_name_and_shows_undecodable_bytes():
    assert names.display("Zoë") == "Zoë"
    assert names.display(os.fsdecode(b"bad\xff")) == "bad\\xff"


@pytest.mark.parametrize("files, taken", [
    ([f"{NAME}.ipynb", f"{NAME} (1).ipynb"], f"{NAME}.ipynb"),
    ([f"{NAME} (1).ipynb"], f"{NAME} (1).ipynb"),
    ([f"{NAME}(2).ipynb", "notes.ipynb"], f"{NAME}(2).ipynb"),
    ([f"{NAME}-2.ipynb", "scratch.ipynb"], f"{NAME}-2.ipynb"),
    (["my work.ipynb"], "my work.ipynb"),
])
def test_pick_takes_the_one_candidate_and_says_so(files, taken):
    picked, note = names.pick(files, NAME)
    assert picked == taken
    assert (note == "") == (taken == f"{NAME}.ipynb")
    if note:
        assert repr(taken) in note and f"no {NAME}.ipynb" in note


@pytest.mark.parametrize("files", [
    [f"{NAME} (1).ipynb", f"{NAME}-2.ipynb"], ["a.ipynb", "b.ipynb"], [], [f"{NAME}-final.ipynb", "b.ipynb"],
])
def test_pick_refuses_when_the_choice_is_not_clear(files):
    picked, note = names.pick(files, NAME)
    assert picked is None
    assert "no single candidate" in note and all(repr(f) in note for f in files)


def test_discover_lms_layouts_symlinks_and_duplicates(tmp_path):
    (tmp_path / "ann").mkdir()
    (tmp_path / "ann" / f"{NAME} (1).ipynb").write_bytes(b"ann")
    (tmp_path / "ben").mkdir()
    (tmp_path / "ben" / "homework.ipynb").write_bytes(b"ben")
    (tmp_path / "ben" / ".ipynb_checkpoints").mkdir()
    (tmp_path / "cat").mkdir()
    (tmp_path / "cat" / f"{NAME}-1.ipynb").write_bytes(b"cat1")
    (tmp_path / "cat" / f"{NAME}-2.ipynb").write_bytes(b"cat2")
    (tmp_path / "dan.ipynb").write_bytes(b"dan")
    (tmp_path / "dan").mkdir()
    (tmp_path / "dan" / f"{NAME}.ipynb").write_bytes(b"dan folder")
    (tmp_path / "eve.ipynb").symlink_to(tmp_path / "dan.ipynb")
    (tmp_path / "fay").mkdir()
    (tmp_path / "fay" / f"{NAME}.ipynb").symlink_to(tmp_path / "dan.ipynb")
    (tmp_path / "notes.txt").write_text("ignored")
    found = {s.student: s for s in batch.discover(tmp_path, NAME)}
    assert sorted(found) == ["ann", "ben", "cat", "dan", "eve", "fay"]
    assert found["ann"].data == b"ann" and "(1)" in found["ann"].note
    assert found["ben"].data == b"ben" and "the only notebook" in found["ben"].note
    assert found["cat"].data is None and "no single candidate" in found["cat"].problem
    assert found["dan"].data == b"dan folder" and "also found 'dan.ipynb', not graded" in found["dan"].note
    assert found["eve"].data is None and "symbolic link" in found["eve"].problem
    assert found["fay"].data is None and "no single candidate (found no notebook)" in found["fay"].problem


def test_grading_reports_what_it_took(tmp_path, capsys):
    subs, out = tmp_path / "subs", tmp_path / "out"
    (subs / "ann").mkdir(parents=True)
    (subs / "ann" / f"{NAME} (1).ipynb").write_bytes(make())
    (subs / "Ben Ng").mkdir()
    (subs / "Ben Ng" / "download.ipynb").write_bytes(UNTOUCHED)
    limits = runner.Limits(cell_timeout=20, submission_timeout=120)
    results = {r["student"]: r for r in batch.grade(subs, NAME, out, SOLUTIONS, limits=limits, progress=False)}
    assert results["ann"]["total"] == 6 and results["ann"]["status"] == "graded"
    assert results["ann"]["notes"] == [f"graded '{NAME} (1).ipynb' (no {NAME}.ipynb in the folder)"]
    assert results["Ben Ng"]["status"] == "not attempted"
    assert "'download.ipynb', the only notebook" in results["Ben Ng"]["notes"][0]
    err = capsys.readouterr().err
    assert f"'ann': graded '{NAME} (1).ipynb'" in err and "'Ben Ng': graded 'download.ipynb'" in err
    feedback = report.paths(out, "Ben Ng")[1].read_text()
    assert "<h2>Notes</h2>" in feedback and "download.ipynb" in feedback
    assert report.paths(out, "Ben Ng")[0].name == names.file_stem("Ben Ng") + ".json"
    assert "Ben Ng,0,0,0,0,6,0,not attempted" in (out / "grades.csv").read_text()
