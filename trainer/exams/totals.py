"""An attempt's totals and the release of its scores: the one place that decides either.

Submitting, the grading pipeline and a reviewer's decision all call :func:`refresh_attempt` after they
change a response's score; a person releases a held attempt with :func:`release_attempt`.
"""

from __future__ import annotations

from sqlalchemy import select

from trainer import audit
from trainer.exams.models import (
    ATTEMPT_GRADED,
    ATTEMPT_IN_PROGRESS,
    ATTEMPT_SUBMITTED,
    RESPONSE_GRADED,
    RESPONSE_PENDING,
    RESPONSE_REVIEW,
    Attempt,
    Response,
)
from trainer.extensions import db

WAITING = (RESPONSE_PENDING, RESPONSE_REVIEW)


def refresh_attempt(attempt: Attempt) -> None:
    """Recompute an attempt's total, maximum, pass/fail and status from its responses' scores.

    Called after submitting and by the grading pipeline after it stores a score. The attempt is graded
    when no response is pending or awaiting review; pass/fail is decided only then. Under the exam's
    ``auto`` release policy a fully graded attempt is released to the candidate.
    """
    if attempt.status == ATTEMPT_IN_PROGRESS:
        return
    responses = db.session.scalars(
        select(Response).where(Response.attempt_id == attempt.id).execution_options(populate_existing=True)
    ).all()
    waiting = any(r.status in WAITING for r in responses)
    attempt.score = round(sum(r.score or 0.0 for r in responses if r.status == RESPONSE_GRADED), 2)
    attempt.max_score = round(sum(r.max_score for r in responses), 2)
    attempt.status = ATTEMPT_SUBMITTED if waiting else ATTEMPT_GRADED
    pass_mark = attempt.exam.pass_mark
    if waiting or pass_mark is None:
        attempt.passed = None
    else:
        percent = 100.0 * attempt.score / attempt.max_score if attempt.max_score else 0.0
        attempt.passed = percent >= pass_mark - 1e-9
    if not waiting and attempt.exam.release_policy == "auto":
        attempt.released = True
    db.session.flush()


def release_attempt(attempt: Attempt, actor_id: int) -> None:
    """A person releases an attempt's scores (audited); the caller commits."""
    if attempt.released:
        return
    attempt.released = True
    audit.record(
        "attempt.release",
        "attempt",
        attempt.id,
        actor_id=actor_id,
        before={"released": False},
        after={"released": True, "score": attempt.score},
    )
