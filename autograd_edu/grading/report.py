"""What grading writes: `results/<stem>.json`, `feedback/<stem>.html` and `grades.csv`.

`<stem>` is `names.file_stem(student)`: the student's name when it is plain lowercase ASCII,
else a short ASCII slug and a hash of the name; the files and the CSV keep the real name.

Every file goes through `write_atomic`. The CSV is rebuilt from the in-memory results of the
students in this batch, never from a directory listing, so a stray or forged file in the output
folder does not reach it.
"""
from __future__ import annotations

import csv
import html
import io
import json
from dataclasses import asdict
from pathlib import Path

from .names import file_stem
from .scoring import CheckResult
from .storage import write_atomic
from .template import Template

KIND_LABELS = {"public": "public", "graded": "compared when graded", "hidden": "hidden"}


def result(student: str, template: Template, checks: list[CheckResult], status: str,
           issues: list[str], answers: dict[str, str], submission_sha256: str, seconds: float,
           notes: list[str] = ()) -> dict:
    """The JSON-ready result of one student."""
    questions = {gid: {"points": 0.0, "max": points} for gid, points in template.questions.items()}
    for check in checks:
        questions[check.question]["points"] += check.points
    for q in questions.values():  # 0.4 + 0.4 + ... must not print as 1.7000000000000002
        q["points"] = round(q["points"], 6)
    total = sum(q["points"] for q in questions.values())
    maximum = sum(q["max"] for q in questions.values())
    return {
        "student": student, "assignment": template.assignment, "status": status,
        "total": round(total, 6), "max": maximum,
        "percent": round(100 * total / maximum, 2) if maximum else 0.0,
        "questions": questions, "checks": [asdict(c) for c in checks], "issues": issues,
        "notes": list(notes),
        "answers": answers, "submission_sha256": submission_sha256,
        "template_sha256": template.sha256, "seconds": round(seconds, 3),
    }


def paths(out: Path, student: str) -> tuple[Path, Path]:
    stem = file_stem(student)
    return out / "results" / f"{stem}.json", out / "feedback" / f"{stem}.html"


def write_student(out: Path, data: dict) -> None:
    result_path, feedback_path = paths(out, data["student"])
    write_atomic(result_path, json.dumps(data, indent=1, sort_keys=True) + "\n")
    write_atomic(feedback_path, feedback(data))


def load(out: Path, student: str) -> dict | None:
    """A previous result, or None if it is missing or unreadable."""
    try:
        data = json.loads(paths(out, student)[0].read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("student") == student else None


def write_csv(out: Path, template: Template, results: list[dict]) -> None:
    """grades.csv: one row per student (sorted), one column per question, then totals and status."""
    questions = list(template.questions)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["student", *questions, "total", "max", "percent", "status"])
    for data in sorted(results, key=lambda d: d["student"]):
        scores = [f"{data['questions'][q]['points']:g}" for q in questions]
        writer.writerow([data["student"], *scores, f"{data['total']:g}", f"{data['max']:g}",
                         f"{data['percent']:g}", data["status"]])
    write_atomic(out / "grades.csv", buffer.getvalue())


def feedback(data: dict) -> str:
    """A self-contained HTML page for the student: score, every check with its reason."""
    e = html.escape
    rows = []
    for check in data["checks"]:
        mark = "&#10004;" if check["passed"] else "&#10008;"
        kind = KIND_LABELS[check.get("kind") or ("hidden" if check["hidden"] else "public")]
        rows.append(f"<tr class='{'pass' if check['passed'] else 'fail'}'><td>{mark}</td>"
                    f"<td>{e(check['question'])}</td><td>{e(check['name'])}</td><td>{kind}</td>"
                    f"<td>{check['points']:g}/{check['max']:g}</td><td>{e(check['message'])}</td></tr>")
    issues = "".join(f"<li>{e(issue)}</li>" for issue in data["issues"])
    notes = "".join(f"<li>{e(note)}</li>" for note in data.get("notes", []))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{e(data['assignment'])}: {e(data['student'])}</title>
<style>body{{font-family:sans-serif;max-width:60em;margin:2em auto}}td,th{{padding:.3em .6em;text-align:left;vertical-align:top}}
tr.pass td:first-child{{color:#1a7f37}}tr.fail td:first-child{{color:#cf222e}}table{{border-collapse:collapse}}tr{{border-bottom:1px solid #ddd}}</style>
</head><body>
<h1>{e(data['assignment'])}: feedback for {e(data['student'])}</h1>
<p><strong>Score: {data['total']:g} / {data['max']:g} ({data['percent']:g}%)</strong>. Status: {e(data['status'])}.</p>
{f'<h2>Problems</h2><ul>{issues}</ul>' if issues else ''}{f'<h2>Notes</h2><ul>{notes}</ul>' if notes else ''}
<table><tr><th></th><th>Question</th><th>Check</th><th>Kind</th><th>Points</th><th>Result</th></tr>
{''.join(rows)}
</table></body></html>
"""
