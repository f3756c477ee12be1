"""Staff views of answers: one attempt with every answer (HR), and one question across all attempts
(manual grading by question, as Moodle's manual-grading report does).

Unlike the candidate's result page these show provisional and unreleased scores, labelled as such, and
the internal reasons of human scores. Services take plain data and never commit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from trainer.bank.markdown import render_markdown
from trainer.bank.models import QuestionVersion
from trainer.bank.question_types import question_types
from trainer.exams.layout import layout_items
from trainer.exams.models import (
    ATTEMPT_IN_PROGRESS,
    RESPONSE_GRADED,
    RESPONSE_PENDING,
    RESPONSE_REVIEW,
    Attempt,
    Response,
)
from trainer.exams.views import _options
from trainer.extensions import db
from trainer.grading.results import HUMAN, effective_record
from trainer.review.handgrading import HandForm, ReviewError, can_grade_by_hand, grade_by_hand, hand_form

WAITING = (RESPONSE_PENDING, RESPONSE_REVIEW)


def _responses(attempt: Attempt) -> list[Response]:
    return list(
        db.session.scalars(
            select(Response)
            .where(Response.attempt_id == attempt.id)
            .options(selectinload(Response.question_version))
            .order_by(Response.position)
        )
    )


def answer_view(response: Response, order: list[str] | None = None) -> dict[str, Any]:
    """One answer as staff see it: question, background, answer, key or reference, score and its state."""
    version = response.question_version
    qtype = question_types().get(version.type)
    record = effective_record(response.id)
    human = record is not None and record.engine == HUMAN
    return {
        "response": response,
        "number": response.position + 1,
        "type": version.type,
        "type_label": qtype.label,
        "objective": qtype.objective,
        "partials": qtype.partials,
        "uid": version.question.uid,
        "stem": render_markdown(version.stem),
        "background": render_markdown(version.background or ""),
        "options": _options(order, version.data or {}) if version.data.get("options") else [],
        "answer": qtype.answer_text(response.answer, order),
        "chosen": response.answer if isinstance(response.answer, list) else [response.answer],
        "key": qtype.key_text(version.data or {}, order),
        "reference_answer": render_markdown(version.reference_answer or ""),
        "status": response.status,
        "score": response.score,
        "max": response.max_score,
        "provisional": response.status in WAITING or (not qtype.objective and not response.attempt.released),
        "criteria": [dict(c) for c in record.criteria or []] if record else [],
        "engine": record.engine if record else None,
        "by_hand": human,
        "reason": record.reason if human and record else "",
        "comment": str((record.meta or {}).get("candidate_feedback") or "") if human and record else "",
        "gradable": can_grade_by_hand(response),
    }


def attempt_detail(attempt: Attempt) -> dict[str, Any]:
    """Every answer of an attempt, in paper order and by section, with the totals."""
    items = layout_items(attempt.layout or [])
    sections: list[dict[str, Any]] = [
        {"title": s.get("title") or "", "answers": []} for s in attempt.layout or []
    ] or [{"title": "", "answers": []}]
    waiting = 0
    for response in _responses(attempt):
        item = items.get(response.position, {"section": 0, "order": None})
        view = answer_view(response, item.get("order"))
        waiting += response.status in WAITING
        sections[min(int(item["section"]), len(sections) - 1)]["answers"].append(view)
    return {"attempt": attempt, "sections": sections, "waiting": waiting}


# --- one question across all attempts ----------------------------------------------------------------


@dataclass
class QuestionCount:
    """A free-text question of an exam with how its answers stand."""

    question_id: int
    uid: str
    stem: str
    type: str
    answered: int = 0
    waiting: int = 0
    by_hand: int = 0
    automatic: int = 0


def _exam_free_text(exam_id: int) -> list[Response]:
    stmt = (
        select(Response)
        .join(Attempt, Response.attempt_id == Attempt.id)
        .join(QuestionVersion, Response.question_version_id == QuestionVersion.id)
        .where(
            Attempt.exam_id == exam_id,
            Attempt.status != ATTEMPT_IN_PROGRESS,
            QuestionVersion.type.in_(question_types().free_text_ids()),
        )
        .options(selectinload(Response.question_version), selectinload(Response.attempt))
        .order_by(Attempt.submitted_at, Attempt.id)
    )
    return list(db.session.scalars(stmt))


def question_counts(exam_id: int) -> list[QuestionCount]:
    """The exam's free-text questions (all versions of one question together) with answer counts."""
    out: dict[int, QuestionCount] = {}
    for response in _exam_free_text(exam_id):
        version = response.question_version
        row = out.setdefault(
            version.question_id,
            QuestionCount(version.question_id, version.question.uid, version.stem, version.type),
        )
        if response.answer in (None, ""):
            continue
        row.answered += 1
        if response.status in WAITING:
            row.waiting += 1
        elif (response.feedback or {}).get("engine") == HUMAN:
            row.by_hand += 1
        elif response.status == RESPONSE_GRADED:
            row.automatic += 1
    return list(out.values())


def exams_waiting() -> list[tuple[int, str, int]]:
    """(exam id, title, answers waiting for a score) for every exam with free text waiting."""
    from sqlalchemy import func

    from trainer.exams.models import Exam

    stmt = (
        select(Exam.id, Exam.title, func.count(Response.id))
        .join(Attempt, Attempt.exam_id == Exam.id)
        .join(Response, Response.attempt_id == Attempt.id)
        .where(Attempt.status != ATTEMPT_IN_PROGRESS, Response.status.in_(WAITING))
        .group_by(Exam.id, Exam.title)
        .order_by(Exam.id)
    )
    return [(int(i), str(t), int(n)) for i, t, n in db.session.execute(stmt)]


@dataclass
class GradingRow:
    """One attempt's answer to the question, with its scoring form."""

    view: dict[str, Any]
    form: HandForm
    hint: dict[str, Any] = field(default_factory=dict)  # the engine's provisional scores, for waiting rows


def question_rows(exam_id: int, question_id: int, show: str = "waiting") -> list[GradingRow]:
    """Every submitted attempt's answer to one question (``show``: ``waiting`` or ``all``)."""
    rows = []
    for response in _exam_free_text(exam_id):
        if response.question_version.question_id != question_id or response.answer in (None, ""):
            continue
        if show == "waiting" and response.status not in WAITING:
            continue
        form = hand_form(response)
        hint: dict[str, Any] = {}
        if response.status in WAITING:
            record = effective_record(response.id)
            if record is not None:
                hint = {c["id"]: c.get("score") for c in record.criteria or []}
                hint["_total"] = record.total
        rows.append(GradingRow(answer_view(response), form, hint))
    return rows


def _row_input(form: Mapping[str, Any], rid: int) -> dict[str, Any]:
    prefix = f"r{rid}-"
    scores = {
        k[len(prefix) + len("score-") :]: v
        for k, v in form.items()
        if k.startswith(prefix + "score-") and str(v).strip()
    }
    return {
        "scores": scores,
        "mark": str(form.get(prefix + "mark") or "").strip(),
        "reason": str(form.get(prefix + "reason") or "").strip(),
        "feedback": str(form.get(prefix + "feedback") or "").strip(),
    }


def _unchanged(row: dict[str, Any], current: HandForm) -> bool:
    """Whether a prefilled row comes back as it was shown (nothing to store)."""
    if row["reason"] or row["feedback"] != current.comment:
        return False
    if current.criteria:
        shown = {c["id"]: c["score"] for c in current.criteria}
        return all(
            shown.get(cid) is not None and _same(v, shown[cid]) for cid, v in row["scores"].items()
        ) and len(row["scores"]) == len(shown)
    return current.mark is not None and _same(row["mark"], current.mark)


def _same(raw: Any, value: float) -> bool:
    try:
        return float(str(raw).strip()) == float(value)
    except ValueError:
        return False


def grade_rows(form: Mapping[str, Any], response_ids: list[int], actor_id: int) -> tuple[int, dict[int, str]]:
    """Store every filled-in row of the by-question grading form; returns (saved, errors by response id).

    A row left blank, or sent back as it was shown, is skipped. With any error the caller rolls back so
    that nothing is half-saved, and shows the errors next to their rows.
    """
    saved, errors = 0, {}
    for rid in response_ids:
        response = db.session.get(Response, rid)
        if response is None:
            continue
        row = _row_input(form, rid)
        if not row["scores"] and not row["mark"]:
            if row["reason"] or row["feedback"]:
                errors[rid] = _("Enter the scores as well as the reason or feedback.")
            continue
        current = hand_form(response)
        if current.scored and _unchanged(row, current):
            continue
        try:
            grade_by_hand(
                response,
                actor_id,
                scores=row["scores"],
                mark=row["mark"] or None,
                reason=row["reason"],
                feedback=row["feedback"],
            )
        except ReviewError as exc:
            errors[rid] = str(exc)
        else:
            saved += 1
    return saved, errors
