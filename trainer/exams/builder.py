"""Trainers building exams: settings, sections, review options and who may take it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from trainer.audit import record
from trainer.auth.models import User
from trainer.exams.cohorts import exam_cohort_ids, set_exam_cohorts
from trainer.exams.layout import DEFAULT_REVIEW, REVIEW_KEYS, LayoutError, Section, check_config
from trainer.exams.models import MODE_EXAM, MODE_PRACTICE, Exam, ExamAssignment
from trainer.extensions import db
from trainer.people.models import Cohort

EXAM_STATUSES = ("draft", "published", "archived")
MAX_AWAY_LIMIT = 100


class BuildError(ValueError):
    """An exam that cannot be saved; ``problems`` lists what to fix."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class ExamSpec:
    """Everything the builder form edits, as plain data."""

    title: str
    sections: list[Section]
    instructions: str = ""
    mode: str = MODE_EXAM
    time_limit_minutes: int | None = None
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    attempts_allowed: int | None = None
    pass_mark: float | None = None
    away_limit: int | None = None  # times the candidate may leave the exam page; None: no limit
    open_to_all: bool = False
    assignees: list[str] = field(default_factory=list)  # candidate emails
    cohorts: list[int] | None = None  # cohort ids; None leaves the exam's cohorts as they are
    shuffle_questions: bool = True
    shuffle_options: bool = True
    review: dict[str, dict[str, bool]] = field(
        default_factory=lambda: {k: dict(v) for k, v in DEFAULT_REVIEW.items()}
    )
    status: str = "draft"


def exam_config(spec: ExamSpec) -> dict[str, Any]:
    """The JSON kept in ``Exam.config`` for a spec."""
    return {
        "sections": [s.to_dict() for s in spec.sections],
        "shuffle_questions": spec.shuffle_questions,
        "shuffle_options": spec.shuffle_options,
        "review": {phase: {k: bool(v.get(k)) for k in REVIEW_KEYS} for phase, v in spec.review.items()},
    }


def save_exam(spec: ExamSpec, actor: User, exam: Exam | None = None) -> Exam:
    """Create or update an exam from ``spec``; raises BuildError listing every problem, changing nothing."""
    problems = []
    if not spec.title.strip():
        problems.append(_("The exam needs a title."))
    if spec.mode not in (MODE_EXAM, MODE_PRACTICE):
        problems.append(_("Choose exam or practice mode."))
    if spec.status not in EXAM_STATUSES:
        problems.append(_("Unknown status."))
    if spec.opens_at and spec.closes_at and spec.closes_at <= spec.opens_at:
        problems.append(_("The closing time must be after the opening time."))
    if spec.pass_mark is not None and not 0 <= spec.pass_mark <= 100:
        problems.append(_("The pass mark is a percentage between 0 and 100."))
    if spec.away_limit is not None and not 1 <= spec.away_limit <= MAX_AWAY_LIMIT:
        problems.append(
            _(
                "The limit on times away from the exam page is a whole number from 1 to %(n)d; leave it "
                "empty for no limit.",
                n=MAX_AWAY_LIMIT,
            )
        )
    config = exam_config(spec)
    try:
        problems.extend(check_config(config))
    except LayoutError as exc:
        problems.append(str(exc))
    users = []
    for email in {e.strip().lower() for e in spec.assignees if e.strip()}:
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            problems.append(_("No account with the email %(email)s.", email=email))
        else:
            users.append(user)
    for cohort_id in spec.cohorts or []:
        if db.session.get(Cohort, cohort_id) is None:
            problems.append(_("There is no such cohort."))
    if spec.status == "published" and not spec.open_to_all and not users and not _has_cohorts(spec, exam):
        problems.append(
            _(
                "A published exam must be open to all candidates or assigned to someone: tick “Open to all "
                "candidates”, list candidates, or assign it to a cohort."
            )
        )
    if problems:
        raise BuildError(problems)
    before = _snapshot(exam) if exam is not None else None
    if exam is None:
        exam = Exam(created_by_id=actor.id)
        db.session.add(exam)
    exam.title = spec.title.strip()
    exam.instructions = spec.instructions
    exam.mode = spec.mode
    exam.status = spec.status
    exam.config = config
    exam.time_limit_minutes = spec.time_limit_minutes or None
    exam.opens_at, exam.closes_at = spec.opens_at, spec.closes_at
    exam.attempts_allowed = spec.attempts_allowed or None
    exam.pass_mark = spec.pass_mark
    exam.away_limit = spec.away_limit
    exam.open_to_all = spec.open_to_all
    wanted = {u.id for u in users}
    exam.assignments = [a for a in exam.assignments if a.user_id in wanted]
    have = {a.user_id for a in exam.assignments}
    exam.assignments.extend(ExamAssignment(user_id=uid) for uid in wanted - have)
    db.session.flush()
    if spec.cohorts is not None:
        set_exam_cohorts(exam, spec.cohorts, actor.id)
    record("exam.save", "exam", exam.id, actor_id=actor.id, before=before, after=_snapshot(exam))
    return exam


def _has_cohorts(spec: ExamSpec, exam: Exam | None) -> bool:
    """Whether the exam reaches candidates through a cohort assignment."""
    if spec.cohorts is not None:
        return bool(spec.cohorts)
    return exam is not None and bool(exam_cohort_ids(exam))


def spec_of(exam: Exam) -> ExamSpec:
    """The spec an existing exam was saved from, for the edit form."""
    config = exam.config or {}
    emails = db.session.scalars(
        select(User.email)
        .join(ExamAssignment, ExamAssignment.user_id == User.id)
        .where(ExamAssignment.exam_id == exam.id)
    ).all()
    return ExamSpec(
        title=exam.title,
        sections=[Section.from_dict(s) for s in config.get("sections") or []],
        instructions=exam.instructions,
        mode=exam.mode,
        time_limit_minutes=exam.time_limit_minutes,
        opens_at=exam.opens_at,
        closes_at=exam.closes_at,
        attempts_allowed=exam.attempts_allowed,
        pass_mark=exam.pass_mark,
        away_limit=exam.away_limit,
        open_to_all=exam.open_to_all,
        assignees=sorted(emails),
        cohorts=exam_cohort_ids(exam),
        shuffle_questions=bool(config.get("shuffle_questions", True)),
        shuffle_options=bool(config.get("shuffle_options", True)),
        review={
            phase: {
                k: bool(((config.get("review") or {}).get(phase) or DEFAULT_REVIEW[phase]).get(k))
                for k in REVIEW_KEYS
            }
            for phase in DEFAULT_REVIEW
        },
        status=exam.status,
    )


def _snapshot(exam: Exam) -> dict[str, Any]:
    return {
        "title": exam.title,
        "status": exam.status,
        "mode": exam.mode,
        "config": exam.config,
        "time_limit_minutes": exam.time_limit_minutes,
        "attempts_allowed": exam.attempts_allowed,
        "pass_mark": exam.pass_mark,
        "away_limit": exam.away_limit,
        "open_to_all": exam.open_to_all,
    }
