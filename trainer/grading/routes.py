"""The grading status endpoint a result page polls until every free-text score has arrived."""

from __future__ import annotations

from flask import abort, jsonify
from flask_login import current_user

from trainer.auth.access import login_required
from trainer.exams.models import RESPONSE_PENDING, RESPONSE_REVIEW, Attempt
from trainer.extensions import db
from trainer.grading import bp


@bp.get("/attempts/<int:attempt_id>/status")
@login_required
def attempt_status(attempt_id: int):
    """JSON: the attempt's grading progress; scores and feedback only once released (or for staff)."""
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or not attempt.can_view(current_user):
        abort(404)
    staff = current_user.has_role("trainer", "hr")
    show = staff or attempt.released
    waiting = [r for r in attempt.responses if r.status == RESPONSE_PENDING]
    in_review = [r for r in attempt.responses if r.status == RESPONSE_REVIEW]
    rows = []
    for r in attempt.responses:
        row = {"id": r.id, "position": r.position, "status": r.status, "max": r.max_score}
        if r.status == RESPONSE_REVIEW and not staff:
            row["status"] = RESPONSE_PENDING  # a candidate is told only that it is not ready
        if show and r.status not in (RESPONSE_PENDING, RESPONSE_REVIEW):
            row["score"] = r.score
            row["feedback"] = r.feedback
        rows.append(row)
    return jsonify(
        attempt=attempt.id,
        status=attempt.status,
        released=attempt.released,
        done=not waiting and not in_review,
        pending=len(waiting),
        in_review=len(in_review),
        score=attempt.score if show else None,
        max=attempt.max_score,
        responses=rows,
    )
