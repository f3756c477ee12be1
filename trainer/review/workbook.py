"""The Excel export of an exam: headers in the UI language, questions and criteria by name, local times as
real date cells; a sheet for the exam's attempts, one for the role-play sessions of its candidates, one
for the integrity signals of its attempts."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from trainer.exams.models import SUBMIT_AWAY, Attempt, Exam
from trainer.extensions import db
from trainer.grading.results import effective_record
from trainer.localtime import to_local
from trainer.review.labels import RESPONSE_STATUS
from trainer.review.stats import finished_attempts, minutes, percent

Link = Callable[[int], str] | None
DATE_FORMAT = "yyyy-mm-dd hh:mm"
SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def _local(value: Any) -> Any:
    """A stored UTC time as a naive local datetime (Excel cells have no zone), or None."""
    local = to_local(value)
    return local.replace(tzinfo=None) if local is not None else None


def _short(text: str, n: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _yes_no(value: bool | None) -> str:
    return "" if value is None else (_("Yes") if value else _("No"))


def how_submitted(attempt: Attempt) -> str:
    """Who or what submitted the attempt, as HR reads it."""
    if attempt.submit_reason == SUBMIT_AWAY:
        return _("Submitted automatically: left the exam page more times than allowed")
    if attempt.auto_submitted:
        return _("Submitted when time ran out")
    return _("Submitted by the candidate")


def exam_sheet(exam: Exam, link: Link = None) -> tuple[list[str], list[list[Any]]]:
    """Header and rows of an exam's attempts: fixed columns, a score per question (its position and the
    start of its stem), then a score per criterion (question and criterion name)."""
    attempts = finished_attempts(exam.id)
    questions: dict[int, str] = {}
    criteria: dict[tuple[int, str], str] = {}
    cells: list[dict[Any, Any]] = []
    for attempt in attempts:
        row: dict[Any, Any] = {}
        for r in attempt.responses:
            version = r.question_version
            qid = version.question_id
            questions.setdefault(qid, _("Q: %(stem)s", stem=_short(version.stem, 24)))
            row[qid] = r.score
            record = effective_record(r.id)
            for c in record.criteria if record else []:
                key = (qid, c["id"])
                criteria.setdefault(key, f"{_short(version.stem, 12)} · {c.get('name') or c['id']}")
                row[key] = c["score"]
        cells.append(row)
    fixed = [
        _("Candidate"),
        _("Email"),
        _("Attempt no."),
        _("Status"),
        _("Submitted"),
        _("How submitted"),
        _("Minutes"),
        _("Score"),
        _("Max"),
        _("Percent"),
        _("Passed"),
        _("Released"),
        _("Answers link"),
    ]
    header = fixed + list(questions.values()) + list(criteria.values())
    rows = []
    for a, row in zip(attempts, cells, strict=True):
        status = RESPONSE_STATUS.get("graded" if a.status == "graded" else "pending", "")
        rows.append(
            [
                a.user.display_name,
                a.user.email,
                a.number,
                str(status),
                _local(a.submitted_at),
                how_submitted(a),
                minutes(a),
                a.score,
                a.max_score,
                percent(a),
                _yes_no(a.passed),
                _yes_no(a.released),
                link(a.id) if link else "",
            ]
            + [row.get(k) for k in questions]
            + [row.get(k) for k in criteria]
        )
    return header, rows


def roleplay_sheet(exam: Exam) -> tuple[list[str], list[list[Any]]]:
    """The role-play sessions of the exam's candidates (in the exam or for practice), with their outcome
    and scorecard total."""
    from trainer.roleplay.models import RoleplaySession
    from trainer.roleplay.services import END_LABELS

    user_ids = {a.user_id for a in db.session.scalars(select(Attempt).where(Attempt.exam_id == exam.id))}
    header = [
        _("Candidate"),
        _("Email"),
        _("Scenario"),
        _("Started"),
        _("Ended"),
        _("Outcome"),
        _("Score"),
        _("Max"),
        _("In an exam"),
    ]
    rows = []
    sessions = db.session.scalars(
        select(RoleplaySession)
        .where(RoleplaySession.user_id.in_(user_ids or {-1}))
        .order_by(RoleplaySession.started_at)
    )
    for s in sessions:
        score = (s.scorecard or {}).get("score") or {}
        rows.append(
            [
                s.user.display_name,
                s.user.email,
                s.scenario_version.title,
                _local(s.started_at),
                _local(s.ended_at),
                str(END_LABELS.get(s.end_state or "", _("In progress"))),
                score.get("total"),
                score.get("max"),
                _yes_no(s.response_id is not None),
            ]
        )
    return header, rows


def integrity_sheet(exam: Exam) -> tuple[list[str], list[list[Any]]]:
    """Every integrity signal of the exam's attempts: candidate, attempt, local time, kind (translated),
    question, seconds away and characters pasted."""
    from trainer.exams.integrity import KIND_LABELS
    from trainer.exams.models import IntegrityEvent

    header = [
        _("Candidate"),
        _("Email"),
        _("Attempt no."),
        _("Time"),
        _("Signal"),
        _("Question"),
        _("Seconds away"),
        _("Characters pasted"),
    ]
    rows = []
    events = db.session.execute(
        select(IntegrityEvent, Attempt)
        .join(Attempt, IntegrityEvent.attempt_id == Attempt.id)
        .where(Attempt.exam_id == exam.id)
        .order_by(Attempt.id, IntegrityEvent.at, IntegrityEvent.id)
    )
    for e, a in events:
        rows.append(
            [
                a.user.display_name,
                a.user.email,
                a.number,
                _local(e.at),
                str(KIND_LABELS.get(e.kind, "")),
                e.position + 1 if e.position is not None else None,
                round(e.duration_ms / 1000, 1) if e.duration_ms is not None else None,
                e.chars,
            ]
        )
    return header, rows


def sheet_title(text: str, taken: set[str]) -> str:
    """An Excel sheet name: no []:*?/\\, at most 31 characters, unique in the workbook."""
    base = SHEET_BAD.sub(" ", text).strip()[:31] or "sheet"
    title, n = base, 2
    while title in taken:
        title = f"{base[:28]}({n})"
        n += 1
    taken.add(title)
    return title


def to_xlsx(exam: Exam, link: Link = None) -> bytes:
    """The workbook: the exam's sheet (named after it), the role-play and integrity sheets and an about sheet. Headers
    bold and frozen, dates as date cells in the TIMEZONE zone, the answers column linked."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    taken: set[str] = set()
    sheets = [
        (exam.title, exam_sheet(exam, link)),
        (_("Role-play"), roleplay_sheet(exam)),
        (_("Integrity signals"), integrity_sheet(exam)),
    ]
    for index, (title, (header, rows)) in enumerate(sheets):
        ws = wb.active if index == 0 else wb.create_sheet()
        assert ws is not None
        ws.title = sheet_title(title, taken)
        ws.append(header)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append(row)
            for cell in ws[ws.max_row]:
                if hasattr(cell.value, "year"):
                    cell.number_format = DATE_FORMAT
        if index == 0 and link:
            column = header.index(_("Answers link")) + 1
            for r in range(2, ws.max_row + 1):
                cell = ws.cell(row=r, column=column)
                if cell.value:
                    cell.hyperlink = str(cell.value)
        ws.freeze_panes = "A2"
    info = wb.create_sheet(sheet_title(_("Exam"), taken))
    info.append([_("Exam"), exam.title])
    info.append([_("Pass mark (%)"), exam.pass_mark])
    info.append([_("Release"), _("Automatic") if exam.release_policy == "auto" else _("Held for release")])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
