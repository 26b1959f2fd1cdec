"""`autograd-edu grade`: grade a folder of submissions, in parallel, resumably.

1. Read the solutions notebook, build the template, and read *every* submission into memory
   (so no kernel ever needs, or is told, a path to one).
2. Keep the results of students already graded against the same submission and template
   (unless `force`); run the solution once to get the trusted reference records.
3. Grade the others over `jobs` threads, each driving one sandboxed worker process at a time;
   write each student's files atomically as soon as they are done (a killed run resumes).
4. Rewrite every result from memory (undoing anything a kernel may have written into the
   output folder) and rebuild grades.csv.
"""
from __future__ import annotations

import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from . import authoring, names, report, runner, sandbox, scoring, template
from .storage import remove_stale_temps, sha256


@dataclass(frozen=True)
class Submission:
    student: str
    data: bytes | None
    problem: str | None = None
    note: str = ""      # what was taken, when it was not simply <student>/<assignment>.ipynb

    @property
    def sha256(self) -> str:
        return sha256(self.data if self.data is not None else self.problem or "")


def discover(folder: Path, assignment: str) -> list[Submission]:
    """`folder/<student>/<assignment>.ipynb` (or the one renamed candidate, see `names.pick`) and
    `folder/<student>.ipynb`, read into memory. Symbolic links are never followed; a name met
    twice keeps its first submission (a folder before a flat file) and notes the other."""
    found: dict[str, Submission] = {}
    for entry in sorted(Path(folder).iterdir()):
        if entry.name.startswith("."):
            continue
        student = names.display(entry.name if entry.is_dir() else entry.stem)
        if entry.is_symlink():
            if entry.is_dir() or entry.suffix == ".ipynb":
                sub = Submission(student, None, f"{names.display(entry.name)!r} is a symbolic link (not followed)")
            else:
                continue
        elif entry.is_dir():
            notebooks = [p.name for p in entry.iterdir() if p.suffix == ".ipynb" and not p.name.startswith(".")
                         and p.is_file() and not p.is_symlink()]
            taken, note = names.pick(notebooks, assignment)
            sub = Submission(student, None, note) if taken is None else _read(student, entry / taken, note)
        elif entry.suffix == ".ipynb" and entry.is_file():
            sub = _read(student, entry, "")
        else:
            continue
        if student in found:
            kept = found[student]
            also = f"also found {names.display(entry.name)!r}, not graded"
            found[student] = Submission(kept.student, kept.data, kept.problem, "; ".join(filter(None, [kept.note, also])))
        else:
            found[student] = sub
    return list(found.values())


def _read(student: str, path: Path, note: str) -> Submission:
    try:
        with open(path, "rb") as handle:
            return Submission(student, handle.read(template.MAX_SUBMISSION_BYTES + 1), note=note)
    except OSError as exc:
        return Submission(student, None, f"unreadable file {names.display(path.name)!r}: {exc.strerror}")


def grade(submissions, assignment: str, out, solutions_dir, jobs: int = 1, force: bool = False,
          limits: runner.Limits = runner.Limits(), progress: bool = True) -> list[dict]:
    """Grade every submission; return one result dict per student, sorted by student."""
    out = Path(out)
    solutions_path = Path(solutions_dir) / f"{assignment}.ipynb"
    tmpl = template.build(authoring.read_solutions(solutions_path), assignment)
    subs = discover(Path(submissions), assignment)
    for folder in (out / "results", out / "feedback"):
        folder.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(out)
    for sub in subs:
        if sub.note and sub.data is not None:
            print(f"{sub.student!r}: {sub.note}", file=sys.stderr)
    done = {} if force else _previous(out, tmpl, subs)
    todo = [s for s in subs if s.student not in done]
    if todo:
        _announce(sandbox.current())
    bar = Progress(len(subs), len(done), enabled=progress)
    if todo:
        hide = tuple(str(Path(p).resolve()) for p in (submissions, out, solutions_dir))
        collect = [c.role in ("test", "hidden") for c in tmpl.cells]
        solution = [c.solution if c.cell_type == "code" else "" for c in tmpl.cells]
        ref = scoring.reference(tmpl, runner.run(solution, collect, limits, hide), str(solutions_path))
        with ThreadPoolExecutor(max(1, jobs)) as pool:
            futures = [pool.submit(grade_one, s, tmpl, ref, collect, limits, hide) for s in todo]
            for future in as_completed(futures):
                data = future.result()
                report.write_student(out, data)
                done[data["student"]] = data
                bar.update(data["status"])
    bar.close()
    results = sorted(done.values(), key=lambda d: d["student"])
    for data in results:
        report.write_student(out, data)
    report.write_csv(out, tmpl, results)
    return results


def _announce(box: sandbox.Sandbox) -> None:
    """Say once per batch which protections are off, and why."""
    if box.off():
        why = "; ".join(box.failures) or "unknown"
        print(f"WARNING: grading with {box.describe()}; protections OFF: {'; '.join(box.off())}. "
              f"Why: {why}. See docs/instructor.md, section 7.", file=sys.stderr)


def _previous(out: Path, tmpl: template.Template, subs: list[Submission]) -> dict[str, dict]:
    """Results still valid for the same submission and template."""
    kept = {}
    for sub in subs:
        data = report.load(out, sub.student)
        if data and data.get("submission_sha256") == sub.sha256 and data.get("template_sha256") == tmpl.sha256:
            kept[sub.student] = data
    return kept


def grade_one(sub: Submission, tmpl: template.Template, ref: dict, collect: list[bool],
              limits: runner.Limits, hide: tuple[str, ...] = ()) -> dict:
    """Grade one submission; whatever it contains, return a result (never raise for it)."""
    start = time.monotonic()
    try:
        status, checks, issues, answers = _grade_answers(sub, tmpl, ref, collect, limits, hide)
    except Exception as exc:  # a grader bug met by one submission must not stop the batch
        status = f"error: the grader failed on this submission ({type(exc).__name__}: {exc})"
        checks, issues, answers = scoring.score(tmpl, ref, None, unrun=status), [], {}
    return report.result(sub.student, tmpl, checks, status, issues, answers, sub.sha256,
                         time.monotonic() - start, [sub.note] if sub.note else [])


def _grade_answers(sub, tmpl, ref, collect, limits, hide):
    answers: dict[str, str] = {}
    issues: list[str] = []
    try:
        if sub.problem:
            raise template.SubmissionError(sub.problem)
        spliced = template.splice(tmpl, sub.data)
    except template.SubmissionError as exc:
        status = f"error: {exc}"
        checks = scoring.score(tmpl, ref, None, unrun=f"not graded: {exc}")
    else:
        answers = spliced.answers
        if not spliced.attempted:
            status, checks = "not attempted", scoring.score(tmpl, ref, None, unrun="not attempted")
        else:
            run = runner.run(spliced.sources, collect, limits, hide)
            checks = scoring.score(tmpl, ref, run)
            issues = spliced.issues + _run_issues(tmpl, run, limits)
            status = "graded" if not issues else f"partial: {issues[0]}" + (
                f" (and {len(issues) - 1} more)" if len(issues) > 1 else "")
    return status, checks, issues, answers


def _run_issues(tmpl: template.Template, run: runner.Run, limits: runner.Limits) -> list[str]:
    """What went wrong outside the checks themselves: failing answer cells, cut output, caps."""
    issues = []
    for index, event in sorted(run.cells.items()):
        cell = tmpl.cells[index]
        label = f"answer cell {cell.grade_id!r}" if cell.role == "answer" else \
            f"test cell {cell.grade_id!r}" if cell.grade_id else f"cell {index}"
        if event["status"] != "ok" and cell.role not in ("test", "hidden"):
            issues.append(f"{label}: {event['error']}")
        if event.get("truncated"):
            issues.append(f"{label}: output cut at {limits.output_bytes} bytes")
    if run.problem:
        issues.append(run.problem)
    return issues


class Progress:
    """A progress bar on stderr, written by hand: `[#####-----] 12/60  3 s  graded 10 ...`."""

    def __init__(self, total: int, skipped: int, enabled: bool = True, width: int = 30):
        self.total, self.count, self.enabled, self.width = total, skipped, enabled, width
        self.start = time.monotonic()
        self.tally = {"resumed": skipped} if skipped else {}
        self._draw()

    def update(self, status: str) -> None:
        self.count += 1
        key = status.split(":")[0]
        self.tally[key] = self.tally.get(key, 0) + 1
        self._draw()

    def _draw(self) -> None:
        if not self.enabled:
            return
        filled = self.width * self.count // max(self.total, 1)
        tally = "  ".join(f"{k} {v}" for k, v in sorted(self.tally.items()))
        sys.stderr.write(f"\r[{'#' * filled}{'-' * (self.width - filled)}] {self.count}/{self.total}"
                         f"  {time.monotonic() - self.start:.0f} s  {tally}")
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")
