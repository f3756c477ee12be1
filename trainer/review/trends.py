"""Trends over time for HR's dashboard: per exam (optionally one cohort's members), per day in the local
zone, the number of finished attempts, the pass rate and the mean score, and the criterion profile."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from trainer.database import utcnow
from trainer.exams.models import Exam
from trainer.extensions import db
from trainer.localtime import to_local
from trainer.review.stats import criterion_profile, finished_attempts, percent


def exam_trends(days: int = 30, member_ids: set[int] | None = None) -> list[dict[str, Any]]:
    """One entry per exam with attempts in the last ``days`` days: its title and per-day series (dates as
    ``YYYY-MM-DD`` in the local zone; a day without attempts has None, never 0) plus the criterion
    profile (criterion name → mean share of its maximum). ``member_ids`` limits it to those candidates."""
    start = utcnow() - timedelta(days=days)
    local_start = to_local(start)
    assert local_start is not None
    dates = [(local_start + timedelta(days=i)).date().isoformat() for i in range(days + 1)]
    out = []
    for exam in db.session.scalars(select(Exam).order_by(Exam.title)):
        attempts = [
            a
            for a in finished_attempts(exam.id)
            if a.submitted_at is not None
            and (member_ids is None or a.user_id in member_ids)
            and (a.submitted_at.replace(tzinfo=None) >= start.replace(tzinfo=None))
        ]
        if not attempts:
            continue
        by_day: dict[str, list[Any]] = defaultdict(list)
        for a in attempts:
            local = to_local(a.submitted_at)
            assert local is not None
            by_day[local.date().isoformat()].append(a)
        counts, pass_rate, mean_score = [], [], []
        for day in dates:
            group = by_day.get(day, [])
            counts.append(len(group))
            decided = [a.passed for a in group if a.passed is not None]
            pass_rate.append(round(100 * sum(decided) / len(decided), 1) if decided else None)
            scores = [p for p in (percent(a) for a in group) if p is not None]
            mean_score.append(round(sum(scores) / len(scores), 1) if scores else None)
        profile = criterion_profile(attempts)
        out.append(
            {
                "exam": exam.title,
                "dates": dates,
                "attempts": counts,
                "pass_rate": pass_rate,
                "mean_score": mean_score,
                "criteria": {name: round(100 * share, 1) for name, share in profile.items()},
            }
        )
    return out
