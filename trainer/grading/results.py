"""From stored score records to what a response and its attempt show: the effective score and release.

A response's effective score is its newest accepted human record if there is one (a person always
wins), else its newest accepted automatic record. Automatic records from a re-grade are stored with
``accepted=False`` and count only once a person accepts them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from trainer.exams.models import (
    ATTEMPT_GRADED,
    ATTEMPT_SUBMITTED,
    RESPONSE_GRADED,
    RESPONSE_PENDING,
    RESPONSE_REVIEW,
    Attempt,
    Response,
)
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


def refresh_attempt(attempt: Attempt) -> None:
    """Recompute the attempt's totals through the exams service, then apply the release policy."""
    try:
        from trainer.exams.services import refresh_attempt as exams_refresh
    except ImportError:  # the exams area not installed: keep the totals consistent here
        exams_refresh = _recompute_totals
    exams_refresh(attempt)
    apply_release_policy(attempt)


def _recompute_totals(attempt: Attempt) -> None:
    """Sum the responses into the attempt: score, max, pass and graded status."""
    responses = list(attempt.responses)
    attempt.max_score = sum(r.max_score or 0 for r in responses)
    attempt.score = round(sum(r.score or 0 for r in responses), 2)
    if all_scored(attempt) and attempt.status == ATTEMPT_SUBMITTED:
        attempt.status = ATTEMPT_GRADED
    pass_mark = attempt.exam.pass_mark
    if pass_mark is not None and attempt.max_score:
        attempt.passed = attempt.score / attempt.max_score * 100 >= pass_mark


def all_scored(attempt: Attempt) -> bool:
    """Whether no response of the attempt is waiting for an engine or a person."""
    return all(r.status not in (RESPONSE_PENDING, RESPONSE_REVIEW) for r in attempt.responses)


def confident(attempt: Attempt) -> bool:
    """Every response scored and none flagged for review: what automatic release needs."""
    return attempt.status != "in_progress" and all_scored(attempt)


def apply_release_policy(attempt: Attempt) -> bool:
    """Release the attempt's scores when its exam releases automatically and every score is confident.

    ``hold`` exams are released only by a person (:func:`release_attempt`). Returns the released flag.
    """
    if not attempt.released and attempt.exam.release_policy == "auto" and confident(attempt):
        attempt.released = True
    return attempt.released


def release_attempt(attempt: Attempt, actor_id: int) -> None:
    """A person releases an attempt's scores (audited); the caller commits."""
    from trainer.audit import record as audit

    if attempt.released:
        return
    attempt.released = True
    audit(
        "attempt.release",
        "attempt",
        attempt.id,
        actor_id=actor_id,
        before={"released": False},
        after={"released": True, "score": attempt.score},
    )
