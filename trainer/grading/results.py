"""From stored score records to what a response shows: its effective score and feedback.

The attempt's totals and release are the exams area's (:mod:`trainer.exams.totals`).

A response's effective score is its newest accepted human record if there is one (a person always
wins), else its newest accepted automatic record. Automatic records from a re-grade are stored with
``accepted=False`` and count only once a person accepts them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from trainer.exams.models import RESPONSE_GRADED, RESPONSE_PENDING, RESPONSE_REVIEW, Response
from trainer.extensions import db
from trainer.grading.models import ScoreRecord

HUMAN = "human"


def records_for(response_id: int) -> list[ScoreRecord]:
    """Every score record of a response, oldest first."""
    stmt = select(ScoreRecord).where(ScoreRecord.response_id == response_id).order_by(ScoreRecord.id)
    return list(db.session.scalars(stmt))


def effective_record(response_id: int) -> ScoreRecord | None:
    """The record that decides the response's score: the newest accepted human one, else the newest
    accepted automatic one, else None."""
    accepted = [r for r in records_for(response_id) if r.accepted]
    human = [r for r in accepted if r.engine == HUMAN]
    if human:
        return human[-1]
    return accepted[-1] if accepted else None


def scaled(record: ScoreRecord, points: float) -> float:
    """The record's rubric total scaled to the question's points (rubric max 10, worth 20 → ×2)."""
    if not record.max:
        return 0.0
    return round(record.total / record.max * points, 2)


def feedback_of(record: ScoreRecord) -> dict[str, Any]:
    """What the candidate's result page shows for a scored free-text answer.

    A person's internal reason stays on the score record and in the audit trail (staff only); only the
    feedback they wrote for the candidate is copied here.
    """
    return {
        "record_id": record.id,
        "engine": record.engine,
        "total": record.total,
        "max": record.max,
        "criteria": [dict(c) for c in record.criteria or []],
        "flags": list(record.flags or []),
        "comment": str((record.meta or {}).get("candidate_feedback") or "") if record.engine == HUMAN else "",
    }


def apply_effective_score(response: Response) -> ScoreRecord | None:
    """Set the response's score, status and feedback from its effective record.

    A response whose effective record is automatic and flagged goes to ``needs_review``; a human record
    or an unflagged automatic one makes it ``graded``. With no accepted record it stays pending.
    """
    record = effective_record(response.id)
    if record is None:
        response.status = RESPONSE_PENDING
        response.score = None
        return None
    response.score = scaled(record, response.max_score or record.max)
    response.feedback = feedback_of(record)
    if record.engine != HUMAN and record.needs_review:
        response.status = RESPONSE_REVIEW
    else:
        response.status = RESPONSE_GRADED
    return record
