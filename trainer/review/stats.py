"""Numbers for the HR dashboards: per exam, per candidate, and candidates side by side."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from statistics import mean, median
from typing import Any

from sqlalchemy import select

from trainer.auth.models import User
from trainer.bank.models import RubricVersion
from trainer.exams.models import ATTEMPT_IN_PROGRESS, Attempt, Exam
from trainer.extensions import db
from trainer.grading.results import effective_record

BINS = 10


@dataclass
class ExamOverview:
    """An exam's attempts, distribution of percent scores, pass rate, criterion profile and time spent."""

    exam: Exam
    attempts: list[Attempt]
    histogram: list[int]
    edges: list[float]
    pass_rate: float | None
    mean_percent: float | None
    criteria: dict[str, float]  # criterion id -> mean fraction of its max
    minutes_mean: float | None
    minutes_median: float | None


@dataclass
class CandidateProfile:
    """One candidate's attempts, criterion profile (0..1) and role-play results."""

    user: User
    attempts: list[Attempt]
    criteria: dict[str, float]
    roleplays: list[dict[str, Any]] = field(default_factory=list)
    mean_percent: float | None = None


def percent(attempt: Attempt) -> float | None:
    """The attempt's score as a percentage of its maximum (None when not scored)."""
    if attempt.score is None or not attempt.max_score:
        return None
    return round(attempt.score / attempt.max_score * 100, 1)


def minutes(attempt: Attempt) -> float | None:
    """Minutes from start to submission."""
    if attempt.submitted_at is None:
        return None
    return max(0.0, round((attempt.submitted_at - attempt.started_at).total_seconds() / 60, 1))


def finished_attempts(exam_id: int) -> list[Attempt]:
    """The exam's submitted (or graded) attempts, oldest first."""
    stmt = select(Attempt).where(Attempt.exam_id == exam_id, Attempt.status != ATTEMPT_IN_PROGRESS)
    return list(db.session.scalars(stmt.order_by(Attempt.submitted_at, Attempt.id)))


def criterion_profile(attempts: list[Attempt]) -> dict[str, float]:
    """Mean fraction of each criterion's max over every scored free-text answer of the attempts.

    Keyed by the criterion's name in its rubric (共情安抚, Empathy…), so the same skill scored by several
    rubrics forms one bar.
    """
    sums: dict[str, list[float]] = defaultdict(list)
    names: dict[int | None, dict[str, str]] = {}
    for attempt in attempts:
        for response in attempt.responses:
            record = effective_record(response.id)
            if record is None:
                continue
            if record.rubric_version_id not in names:
                version = (
                    db.session.get(RubricVersion, record.rubric_version_id)
                    if record.rubric_version_id
                    else None
                )
                criteria = (version.data or {}).get("criteria", []) if version else []
                names[record.rubric_version_id] = {c["id"]: str(c.get("name") or c["id"]) for c in criteria}
            for c in record.criteria:
                if c.get("max"):
                    label = names[record.rubric_version_id].get(c["id"], c["id"])
                    sums[label].append(float(c["score"]) / float(c["max"]))
    return {cid: round(mean(values), 3) for cid, values in sorted(sums.items())}


def bucket(values: list[float], bins: int = BINS) -> tuple[list[int], list[float]]:
    """Counts of percent scores in ``bins`` equal bins over 0..100 (100 falls in the last bin)."""
    counts = [0] * bins
    for v in values:
        counts[min(bins - 1, int(v // (100 / bins)))] += 1
    return counts, [round(i * 100 / bins, 1) for i in range(bins + 1)]


def exam_overview(exam: Exam) -> ExamOverview:
    """The per-exam dashboard numbers."""
    attempts = finished_attempts(exam.id)
    scores = [p for p in (percent(a) for a in attempts) if p is not None]
    counts, edges = bucket(scores)
    decided = [a for a in attempts if a.passed is not None]
    times = [m for m in (minutes(a) for a in attempts) if m is not None]
    return ExamOverview(
        exam=exam,
        attempts=attempts,
        histogram=counts,
        edges=edges,
        pass_rate=round(sum(1 for a in decided if a.passed) / len(decided), 3) if decided else None,
        mean_percent=round(mean(scores), 1) if scores else None,
        criteria=criterion_profile(attempts),
        minutes_mean=round(mean(times), 1) if times else None,
        minutes_median=round(median(times), 1) if times else None,
    )


def candidate_profile(user: User) -> CandidateProfile:
    """The per-candidate dashboard numbers, including role-play scorecards."""
    from flask_babel import lazy_gettext as _l

    from trainer.roleplay.models import RoleplaySession
    from trainer.roleplay.services import END_LABELS

    attempts = list(
        db.session.scalars(
            select(Attempt)
            .where(Attempt.user_id == user.id, Attempt.status != ATTEMPT_IN_PROGRESS)
            .order_by(Attempt.submitted_at, Attempt.id)
        )
    )
    sessions = db.session.scalars(
        select(RoleplaySession).where(RoleplaySession.user_id == user.id).order_by(RoleplaySession.id)
    ).all()
    roleplays = []
    for s in sessions:
        card = s.scorecard or {}
        score = card.get("score") or {}
        roleplays.append(
            {
                "id": s.id,
                "title": s.scenario_version.title,
                "status": s.status,
                "end_state": s.end_state,
                "state_label": str(END_LABELS.get(s.end_state or "", _l("In progress"))),
                "total": score.get("total"),
                "max": score.get("max"),
                "outcome": card.get("outcome") or {},
                "branch_of_id": s.branch_of_id,  # a practice branch retried from a turn of that session
                "branch_turn": s.branch_turn,
            }
        )
    scores = [p for p in (percent(a) for a in attempts) if p is not None]
    return CandidateProfile(
        user=user,
        attempts=attempts,
        criteria=criterion_profile(attempts),
        roleplays=roleplays,
        mean_percent=round(mean(scores), 1) if scores else None,
    )


@dataclass
class ExamComparison:
    """One candidate's results on one exam: attempts, latest and best percent, criterion profile (None
    where the candidate has no value)."""

    user: User
    attempts: int
    latest: float | None
    best: float | None
    criteria: dict[str, float]


def compare(exam: Exam, users: list[User]) -> tuple[list[str], list[ExamComparison]]:
    """2–5 candidates on the same exam only: their finished attempts of that exam, and the union of the
    criterion names their answers were scored on (a candidate without a value shows "—", never 0 %)."""
    rows = []
    for user in users:
        attempts = [a for a in finished_attempts(exam.id) if a.user_id == user.id]
        scores = [p for p in (percent(a) for a in attempts) if p is not None]
        rows.append(
            ExamComparison(
                user=user,
                attempts=len(attempts),
                latest=scores[-1] if scores else None,
                best=max(scores) if scores else None,
                criteria=criterion_profile(attempts),
            )
        )
    criteria = sorted({c for r in rows for c in r.criteria})
    return criteria, rows


def exam_candidates(exam: Exam) -> list[User]:
    """The candidates with a finished attempt of the exam, by name."""
    ids = {a.user_id for a in finished_attempts(exam.id)}
    users = [db.session.get(User, i) for i in ids]
    return sorted((u for u in users if u is not None), key=lambda u: (u.display_name, u.id))
