"""Cohorts: create them, add and remove members, assign exams and role-play scenarios with a due date, and
what each person has been assigned. Changes are audited; services never commit."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import Flask, current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from trainer.audit import record as audit
from trainer.auth.models import User
from trainer.bank.models import Scenario
from trainer.extensions import db
from trainer.people.models import KIND_EXAM, KIND_SCENARIO, Cohort, CohortAssignment, CohortMember


class CohortError(ValueError):
    """A cohort change that cannot be made; the message is for people."""


EXTENSION = "cohort_assignables"


@dataclass(frozen=True)
class Assignable:
    """A kind of thing that can be assigned to a cohort, registered by the area that owns it.

    ``choices`` lists (id, title) to offer on the cohort page; ``title`` names one for its members, or
    is None when they cannot take it now (not published, gone); ``link`` is where a member starts it.
    """

    kind: str
    label: Any
    choices: Callable[[], list[tuple[int, str]]]
    title: Callable[[int], str | None]
    link: Callable[[int], str]


def register_assignable(app: Flask, assignable: Assignable) -> None:
    """Let cohorts be assigned this kind of thing; registering a kind twice fails loudly."""
    found = app.extensions.setdefault(EXTENSION, {})
    if assignable.kind in found:
        raise ValueError(f"cohort assignable {assignable.kind!r} is registered twice")
    found[assignable.kind] = assignable


def assignables() -> dict[str, Assignable]:
    """What cohorts can be assigned, by kind, in registration order."""
    return dict(current_app.extensions.get(EXTENSION) or {})


def _scenario_choices() -> list[tuple[int, str]]:
    rows = db.session.scalars(select(Scenario).order_by(Scenario.uid))
    return [(s.id, s.current.title) for s in rows if s.current is not None]


def _scenario_title(scenario_id: int) -> str | None:
    scenario = db.session.get(Scenario, scenario_id)
    return scenario.current.title if scenario is not None and scenario.current is not None else None


def _scenario_link(scenario_id: int) -> str:
    from flask import url_for

    scenario = db.session.get(Scenario, scenario_id)
    return url_for("roleplay.prepare", uid=scenario.uid) if scenario is not None else ""


def init_app(app: Flask) -> None:
    """Register role-play scenarios (kept in the bank) as assignable to cohorts."""
    register_assignable(
        app,
        Assignable(KIND_SCENARIO, _l("Role-play"), _scenario_choices, _scenario_title, _scenario_link),
    )


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
    found_kind = assignables().get(kind)
    if found_kind is None:
        raise CohortError(_("Choose an exam or a role-play scenario."))
    if found_kind.title(target_id) is None and target_id not in dict(found_kind.choices()):
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


def target_of(assignment: CohortAssignment) -> int:
    """The id of what an assignment assigns (an exam's or a scenario's)."""
    return int(assignment.exam_id or assignment.scenario_id or 0)


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


@dataclass(frozen=True)
class AssignedItem:
    """Something a person has to do: an exam or a scenario, from which cohort, due when, started where."""

    kind: str
    target_id: int
    title: str
    cohort: str
    due_at: datetime | None
    link: str = ""


def assigned_items(user: User) -> list[AssignedItem]:
    """What the user's cohorts were assigned and they can take now, soonest due first; an item assigned
    through several cohorts shows once, with its earliest due date."""
    kinds = assignables()
    stmt = (
        select(CohortAssignment, Cohort.name)
        .join(Cohort, Cohort.id == CohortAssignment.cohort_id)
        .join(CohortMember, CohortMember.cohort_id == Cohort.id)
        .where(CohortMember.user_id == user.id)
    )
    best: dict[tuple[str, int], AssignedItem] = {}
    for assignment, cohort_name in db.session.execute(stmt):
        kind = kinds.get(assignment.kind)
        target = target_of(assignment)
        title = kind.title(target) if kind is not None else None
        if kind is None or title is None:
            continue
        item = AssignedItem(assignment.kind, target, title, cohort_name, assignment.due_at, kind.link(target))
        key = (item.kind, item.target_id)
        old = best.get(key)
        if old is None or (item.due_at is not None and (old.due_at is None or item.due_at < old.due_at)):
            best[key] = item
    far = datetime.max
    return sorted(best.values(), key=lambda i: (i.due_at.replace(tzinfo=None) if i.due_at else far, i.title))
