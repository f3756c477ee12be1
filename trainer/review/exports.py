"""CSV export of an exam's attempts (machine-readable: question uids and criterion ids as headers, UTC ISO times);
the Excel workbook for people is :mod:`trainer.review.workbook`."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

from trainer.exams.models import Attempt, Exam
from trainer.grading.results import effective_record
from trainer.review.stats import finished_attempts, minutes, percent

FIXED = [
    "attempt",
    "candidate",
    "email",
    "status",
    "submitted_at",
    "minutes",
    "score",
    "max",
    "percent",
    "passed",
    "released",
    "answers",  # the link to the attempt's page with every answer
]
Link = Callable[[int], str] | None


def attempt_table(exam: Exam, link: Link = None) -> tuple[list[str], list[list[Any]]]:
    """Header and rows: fixed columns, then ``<question id>`` scores, then ``<question id>/<criterion>``.

    ``link`` turns an attempt id into the address of its answers page (HR's attempt view).
    """
    attempts = finished_attempts(exam.id)
    questions: list[str] = []
    criteria: list[str] = []
    cells: list[dict[str, Any]] = []
    for attempt in attempts:
        row: dict[str, Any] = {}
        for r in attempt.responses:
            uid = r.question_version.question.uid
            if uid not in questions:
                questions.append(uid)
            row[uid] = r.score
            record = effective_record(r.id)
            for c in record.criteria if record else []:
                key = f"{uid}/{c['id']}"
                if key not in criteria:
                    criteria.append(key)
                row[key] = c["score"]
        cells.append(row)
    header = FIXED + questions + criteria
    rows = [
        _fixed(a, link) + [row.get(k) for k in questions + criteria]
        for a, row in zip(attempts, cells, strict=True)
    ]
    return header, rows


def _fixed(a: Attempt, link: Link = None) -> list[Any]:
    return [
        a.id,
        a.user.display_name,
        a.user.email,
        a.status,
        a.submitted_at.isoformat(timespec="seconds") if a.submitted_at else "",
        minutes(a),
        a.score,
        a.max_score,
        percent(a),
        {True: "yes", False: "no"}.get(a.passed, "") if a.passed is not None else "",
        "yes" if a.released else "no",
        link(a.id) if link else "",
    ]


def to_csv(exam: Exam, link: Link = None) -> str:
    """The attempt table as CSV text (UTF-8 with a BOM so spreadsheet programs read Chinese correctly)."""
    header, rows = attempt_table(exam, link)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    return out.getvalue()
