"""Cohorts: create them, add and remove members, assign exams and role-play scenarios with a due date, and
what each person has been assigned. Changes are audited; services never commit."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from trainer.audit import record as audit
from trainer.auth.models import User
from trainer.bank.models import Scenario
from trainer.exams.models import Exam
from trainer.extensions import db
from trainer.people.models import KIND_EXAM, KIND_SCENARIO, Cohort, CohortAssignment, CohortMember


class CohortError(ValueError):
    """A cohort change that cannot be made; the message is for people."""


def cohorts() -> list[Cohort]:
    """Every cohort by name."""
    return list(db.session.scalars(select(Cohort).order_by(Cohort.name)))


def member_counts() -> dict[int, int]:
    """How many members each cohort has, by cohort id."""
    rows = db.session.execute(
        select(CohortMember.cohort_id, func.count(CohortMember.user_id)).group_by(CohortMember.cohort_id)
    )
    return {cid: int(n) for cid, n in rows}


def find_cohort(name: str) -> Cohort | None:
    """The cohort with this name (case-insensitive), or None."""
    return db.session.scalar(select(Cohort).where(func.lower(Cohort.name) == name.strip().lower()))


def create_cohort(name: str, actor_id: int | None, description: str = "") -> Cohort:
    """A new cohort; raises CohortError when the name is empty, too long or taken."""
    name = " ".join(name.split())
    if not name:
        raise CohortError(_("Give the cohort a name."))
    if len(name) > 120:
        raise CohortError(_("A cohort name has at most 120 characters."))
    if find_cohort(name) is not None:
        raise CohortError(_("There is already a cohort called %(name)s.", name=name))
    cohort = Cohort(name=name, description=description.strip(), created_by_id=actor_id)
    db.session.add(cohort)
    db.session.flush()
    audit("cohort.create", "cohort", cohort.id, actor_id=actor_id, after={"name": name})
    return cohort


def add_members(cohort: Cohort, emails: Iterable[str], actor_id: int | None) -> tuple[list[User], list[str]]:
    """Add the accounts with these emails; returns (added, emails with no account). Members stay members."""
    have = {m.user_id for m in cohort.members}
    added: list[User] = []
    unknown: list[str] = []
    for email in dict.fromkeys(e.strip().lower() for e in emails if e.strip()):
        user = db.session.scalar(select(User).where(func.lower(User.email) == email))
        if user is None:
            unknown.append(email)
        elif user.id not in have:
            cohort.members.append(CohortMember(user_id=user.id))
            have.add(user.id)
            added.append(user)
    if added:
        db.session.flush()
        audit(
            "cohort.add_members",
            "cohort",
            cohort.id,
            actor_id=actor_id,
            after={"users": [u.id for u in added]},
        )
    return added, unknown


def remove_member(cohort: Cohort, user_id: int, actor_id: int | None) -> None:
    """Take one person out of the cohort."""
    cohort.members = [m for m in cohort.members if m.user_id != user_id]
    db.session.flush()
    audit("cohort.remove_member", "cohort", cohort.id, actor_id=actor_id, before={"user": user_id})


def members(cohort: Cohort) -> list[User]:
    """The cohort's members by name."""
    stmt = (
        select(User)
        .join(CohortMember, CohortMember.user_id == User.id)
        .where(CohortMember.cohort_id == cohort.id)
        .order_by(User.name, User.email)
    )
    return list(db.session.scalars(stmt))


def assign(
    cohort: Cohort, kind: str, target_id: int, due_at: datetime | None, actor_id: int | None
) -> CohortAssignment:
    """Assign an exam or a scenario to the cohort (again: the due date changes); audited."""
    if kind == KIND_EXAM:
        target: Any = db.session.get(Exam, target_id)
    elif kind == KIND_SCENARIO:
        target = db.session.get(Scenario, target_id)
    else:
        raise CohortError(_("Choose an exam or a role-play scenario."))
    if target is None:
        raise CohortError(_("There is no such exam or scenario."))
    column = CohortAssignment.exam_id if kind == KIND_EXAM else CohortAssignment.scenario_id
    found = db.session.scalar(
        select(CohortAssignment).where(CohortAssignment.cohort_id == cohort.id, column == target_id)
    )
    if found is None:
        found = CohortAssignment(cohort_id=cohort.id, kind=kind, assigned_by_id=actor_id)
        if kind == KIND_EXAM:
            found.exam_id = target_id
        else:
            found.scenario_id = target_id
        db.session.add(found)
    found.due_at = due_at
    db.session.flush()
    audit(
        "cohort.assign",
        "cohort",
        cohort.id,
        actor_id=actor_id,
        after={"kind": kind, "id": target_id, "due_at": due_at.isoformat() if due_at else None},
    )
    return found


def unassign(assignment: CohortAssignment, actor_id: int | None) -> None:
    """Take an assignment away from its cohort; audited."""
    audit(
        "cohort.unassign",
        "cohort",
        assignment.cohort_id,
        actor_id=actor_id,
        before={"kind": assignment.kind, "id": assignment.exam_id or assignment.scenario_id},
    )
    db.session.delete(assignment)
    db.session.flush()


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


@dataclass(frozen=True)
class AssignedItem:
    """Something a person has to do: an exam or a scenario, from which cohort, due when."""

    kind: str
    target_id: int
    title: str
    cohort: str
    due_at: datetime | None
    uid: str = ""  # a scenario's id, for its link


def assigned_items(user: User) -> list[AssignedItem]:
    """What the user's cohorts were assigned (published exams and scenarios), soonest due first; an item
    assigned through several cohorts shows once, with its earliest due date."""
    stmt = (
        select(CohortAssignment, Cohort.name)
        .join(Cohort, Cohort.id == CohortAssignment.cohort_id)
        .join(CohortMember, CohortMember.cohort_id == Cohort.id)
        .where(CohortMember.user_id == user.id)
    )
    best: dict[tuple[str, int], AssignedItem] = {}
    for assignment, cohort_name in db.session.execute(stmt):
        if assignment.kind == KIND_EXAM:
            exam = db.session.get(Exam, assignment.exam_id)
            if exam is None or exam.status != "published":
                continue
            item = AssignedItem(KIND_EXAM, exam.id, exam.title, cohort_name, assignment.due_at)
        else:
            scenario = db.session.get(Scenario, assignment.scenario_id)
            if scenario is None or scenario.current is None:
                continue
            item = AssignedItem(
                KIND_SCENARIO,
                scenario.id,
                scenario.current.title,
                cohort_name,
                assignment.due_at,
                scenario.uid,
            )
        key = (item.kind, item.target_id)
        old = best.get(key)
        if old is None or (item.due_at is not None and (old.due_at is None or item.due_at < old.due_at)):
            best[key] = item
    far = datetime.max.replace(tzinfo=None)
    return sorted(best.values(), key=lambda i: (i.due_at.replace(tzinfo=None) if i.due_at else far, i.title))
