"""Cohorts (班级/团队), their members, and what is assigned to them with a due date."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trainer.auth.models import User
from trainer.database import UTCDateTime, utcnow
from trainer.extensions import Model

KIND_EXAM = "exam"
KIND_SCENARIO = "scenario"


class Cohort(Model):
    """A group of people trained together: a class (班级) or a team (团队)."""

    __tablename__ = "cohorts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    members: Mapped[list[CohortMember]] = relationship(cascade="all, delete-orphan", back_populates="cohort")
    assignments: Mapped[list[CohortAssignment]] = relationship(
        cascade="all, delete-orphan", back_populates="cohort"
    )


class CohortMember(Model):
    __tablename__ = "cohort_members"

    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True, index=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    cohort: Mapped[Cohort] = relationship(back_populates="members")
    user: Mapped[User] = relationship()


class CohortAssignment(Model):
    """An exam or a role-play scenario assigned to a cohort, with an optional due date."""

    __tablename__ = "cohort_assignments"
    __table_args__ = (
        UniqueConstraint("cohort_id", "exam_id", name="uq_cohort_assignments_exam"),
        UniqueConstraint("cohort_id", "scenario_id", name="uq_cohort_assignments_scenario"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # exam | scenario
    exam_id: Mapped[int | None] = mapped_column(ForeignKey("exams.id"), index=True)
    scenario_id: Mapped[int | None] = mapped_column(ForeignKey("scenarios.id"), index=True)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    cohort: Mapped[Cohort] = relationship(back_populates="assignments")
