"""The grading status endpoint a result page polls until every free-text score has arrived, and the
admins' list of grading jobs with their runs and errors."""

from __future__ import annotations

from flask import abort, jsonify, render_template, request
from flask_login import current_user

from trainer.auth.access import admin_required, login_required
from trainer.exams.models import RESPONSE_PENDING, RESPONSE_REVIEW, Attempt
from trainer.extensions import db
from trainer.grading import bp
from trainer.grading.jobs import JOB_STATUS_LABELS, job_counts, recent_jobs


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


@bp.get("/jobs")
@admin_required
def jobs():
    """Recent grading jobs (failed ones first with ``?status=failed``): runs, last error, the response."""
    status = request.args.get("status") or None
    if status not in (None, *JOB_STATUS_LABELS):
        abort(404)
    return render_template(
        "grading/jobs.html",
        jobs=recent_jobs(status),
        counts=job_counts(),
        status=status,
        status_labels=JOB_STATUS_LABELS,
    )
