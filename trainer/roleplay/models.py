"""Role-play sessions, stored turn by turn so a reload resumes the conversation."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trainer.auth.models import User
from trainer.bank.models import ScenarioVersion
from trainer.database import JSONType, UTCDateTime, utcnow
from trainer.extensions import Model


class RoleplaySession(Model):
    __tablename__ = "roleplay_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    scenario_version_id: Mapped[int] = mapped_column(ForeignKey("scenario_versions.id"))
    response_id: Mapped[int | None] = mapped_column(ForeignKey("responses.id"))  # inside an exam
    engine: Mapped[str] = mapped_column(String(20), default="scripted")
    state: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    status: Mapped[str] = mapped_column(String(20), default="active", index=True)  # active | ended
    end_state: Mapped[str | None] = mapped_column(String(20))
    notice: Mapped[str] = mapped_column(Text, default="")
    scorecard: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    released: Mapped[bool] = mapped_column(default=True)
    # A practice branch: a copy of another session's first turns, replayed from ``branch_turn`` on.
    branch_of_id: Mapped[int | None] = mapped_column(ForeignKey("roleplay_sessions.id"), index=True)
    branch_turn: Mapped[int | None] = mapped_column()
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()
    scenario_version: Mapped[ScenarioVersion] = relationship()
    branch_of: Mapped[RoleplaySession | None] = relationship(remote_side=[id])
    turns: Mapped[list[RoleplayTurn]] = relationship(
        back_populates="session", order_by="RoleplayTurn.number", cascade="all, delete-orphan"
    )

    @property
    def pending_text(self) -> str | None:
        """The candidate's last message when the customer has not answered it yet, else None."""
        last = self.turns[-1] if self.turns else None
        return last.text if last is not None and last.speaker == "candidate" else None

    @property
    def is_branch(self) -> bool:
        """Whether this session is a practice branch retried from a turn of another session."""
        return self.branch_of_id is not None

    def can_view(self, user: User) -> bool:
        """The candidate who played it, and staff."""
        return user.id == self.user_id or user.has_role("trainer", "hr")


class RoleplayTurn(Model):
    __tablename__ = "roleplay_turns"
    __table_args__ = (UniqueConstraint("session_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("roleplay_sessions.id"), index=True)
    number: Mapped[int] = mapped_column()
    speaker: Mapped[str] = mapped_column(String(20))  # customer | candidate
    text: Mapped[str] = mapped_column(Text)
    anger: Mapped[float | None] = mapped_column()
    events: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)  # triggers, red lines
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    session: Mapped[RoleplaySession] = relationship(back_populates="turns")
