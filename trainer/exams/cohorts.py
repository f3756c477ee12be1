"""Exams assigned to cohorts: who may take an exam through a cohort, due dates, and the builder's cohort
ticks. The exams area registers exams as assignable to cohorts (the people area knows no exams)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from flask import Flask, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from trainer.exams.models import Exam, ExamAssignment
from trainer.extensions import db
from trainer.people.models import KIND_EXAM, Cohort, CohortAssignment, CohortMember
from trainer.people.services import Assignable, assign, register_assignable, unassign


def _choices() -> list[tuple[int, str]]:
    rows = db.session.execute(
        select(Exam.id, Exam.title).where(Exam.status != "archived").order_by(Exam.title)
    )
    return [(int(i), str(t)) for i, t in rows]


def _title(exam_id: int) -> str | None:
    exam = db.session.get(Exam, exam_id)
    return exam.title if exam is not None and exam.status == "published" else None


def _link(exam_id: int) -> str:
    return url_for("exams.my_exams", _anchor=f"exam-{exam_id}")


def init_app(app: Flask) -> None:
    """Register exams as assignable to cohorts."""
    register_assignable(app, Assignable(KIND_EXAM, _l("Exams"), _choices, _title, _link))


def exam_cohort_counts() -> dict[int, int]:
    """How many cohorts each exam is assigned to, by exam id."""
    rows = db.session.execute(
        select(CohortAssignment.exam_id, func.count(CohortAssignment.id))
        .where(CohortAssignment.exam_id.is_not(None))
        .group_by(CohortAssignment.exam_id)
    )
    return {int(exam_id): int(n) for exam_id, n in rows if exam_id is not None}


def exam_cohort_ids(exam: Exam) -> list[int]:
    """The cohorts an exam is assigned to."""
    stmt = select(CohortAssignment.cohort_id).where(CohortAssignment.exam_id == exam.id)
    return list(db.session.scalars(stmt))


def set_exam_cohorts(exam: Exam, cohort_ids: Iterable[int], actor_id: int | None) -> None:
    """Make the exam assigned to exactly these cohorts; due dates of the ones kept stay as they were,
    new ones are due when the exam closes."""
    wanted = set(cohort_ids)
    current = {
        a.cohort_id: a
        for a in db.session.scalars(select(CohortAssignment).where(CohortAssignment.exam_id == exam.id))
    }
    for cohort_id, assignment in current.items():
        if cohort_id not in wanted:
            unassign(assignment, actor_id)
    for cohort_id in wanted - set(current):
        cohort = db.session.get(Cohort, cohort_id)
        if cohort is not None:
            assign(cohort, KIND_EXAM, exam.id, exam.closes_at, actor_id)


def assigned_exam_ids(user_id: int) -> Any:
    """SQL: the ids of exams assigned to the user through any of their cohorts."""
    return (
        select(CohortAssignment.exam_id)
        .join(CohortMember, CohortMember.cohort_id == CohortAssignment.cohort_id)
        .where(CohortMember.user_id == user_id, CohortAssignment.exam_id.is_not(None))
    )


def cohort_assigned(user_id: int, exam_id: int) -> bool:
    """Whether one of the user's cohorts has the exam assigned."""
    return (
        db.session.scalar(assigned_exam_ids(user_id).where(CohortAssignment.exam_id == exam_id).limit(1))
        is not None
    )


def exam_due_dates(user_id: int) -> dict[int, datetime | None]:
    """Each cohort-assigned exam's earliest due date for the user, by exam id."""
    stmt = (
        select(CohortAssignment.exam_id, CohortAssignment.due_at)
        .join(CohortMember, CohortMember.cohort_id == CohortAssignment.cohort_id)
        .where(CohortMember.user_id == user_id, CohortAssignment.exam_id.is_not(None))
    )
    out: dict[int, datetime | None] = {}
    for exam_id, due in db.session.execute(stmt):
        if exam_id is None:
            continue
        old = out.get(exam_id)
        if exam_id not in out or (due is not None and (old is None or due < old)):
            out[exam_id] = due
    return out


def past_due(exam: Exam, user_id: int, now: datetime) -> datetime | None:
    """The due date that has passed when the user can take the exam only through cohorts and every one of
    those assignments is past due (the latest of them); None when the user may still start it.

    An exam open to all or assigned to the user directly has no due date for them.
    """
    if exam.open_to_all or db.session.get(ExamAssignment, (exam.id, user_id)) is not None:
        return None
    stmt = (
        select(CohortAssignment.due_at)
        .join(CohortMember, CohortMember.cohort_id == CohortAssignment.cohort_id)
        .where(CohortMember.user_id == user_id, CohortAssignment.exam_id == exam.id)
    )
    found = list(db.session.scalars(stmt))
    dues = [due for due in found if due is not None]
    if not dues or len(dues) < len(found):  # no cohort assignment, or one without a due date
        return None
    latest = max(dues)
    return latest if now > latest else None
