"""What admins see of the grading queue: each job's status, runs, last error and age."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from trainer.extensions import db
from trainer.grading.models import JOB_DONE, JOB_FAILED, JOB_QUEUED, JOB_RUNNING, GradingJob

JOB_STATUS_LABELS = {
    JOB_QUEUED: _l("Queued"),
    JOB_RUNNING: _l("Running"),
    JOB_DONE: _l("Done"),
    JOB_FAILED: _l("Gave up"),
}


def recent_jobs(status: str | None = None, limit: int = 200) -> list[GradingJob]:
    """The newest jobs, optionally only those with ``status``."""
    stmt = select(GradingJob).order_by(GradingJob.id.desc()).limit(limit)
    if status:
        stmt = stmt.where(GradingJob.status == status)
    return list(db.session.scalars(stmt))


def job_counts() -> dict[str, int]:
    """How many jobs are in each status."""
    rows = db.session.execute(select(GradingJob.status, func.count()).group_by(GradingJob.status))
    return {str(status): int(count) for status, count in rows}
