"""Exams, the attempts candidates make at them, and their responses.

An exam's layout (sections, fixed questions or random draws, policies) is JSON in ``config``; each attempt
stores the exact question versions and option orders it drew in ``layout``, so a resumed attempt shows
the same paper and later edits to the bank never change it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trainer.auth.models import User
from trainer.bank.models import QuestionVersion
from trainer.database import JSONType, UTCDateTime, utcnow
from trainer.extensions import Model

MODE_EXAM = "exam"
MODE_PRACTICE = "practice"

ATTEMPT_IN_PROGRESS = "in_progress"
ATTEMPT_SUBMITTED = "submitted"  # objective items graded; free text may still be grading
ATTEMPT_GRADED = "graded"  # every item has a score

# Why an attempt was submitted automatically (``Attempt.submit_reason``); None: by the candidate, or
# (on attempts from before the reason was kept) when time ran out.
SUBMIT_TIME = "time"  # the deadline passed
SUBMIT_AWAY = "away_limit"  # the candidate left the exam page more times than the exam allows

RESPONSE_UNANSWERED = "unanswered"
RESPONSE_SAVED = "saved"
RESPONSE_GRADED = "graded"
RESPONSE_PENDING = "pending"  # free text queued for scoring
RESPONSE_REVIEW = "needs_review"


class Exam(Model):
    __tablename__ = "exams"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    instructions: Mapped[str] = mapped_column(Text, default="")
    mode: Mapped[str] = mapped_column(String(20), default=MODE_EXAM)
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    config: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)  # sections, policies, review
    time_limit_minutes: Mapped[int | None] = mapped_column()
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attempts_allowed: Mapped[int | None] = mapped_column()
    pass_mark: Mapped[float | None] = mapped_column()  # percent of max
    open_to_all: Mapped[bool] = mapped_column(default=False)
    release_policy: Mapped[str] = mapped_column(String(20), default="auto")  # auto | hold
    away_limit: Mapped[int | None] = mapped_column()  # times the candidate may leave the page; None: any
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    assignments: Mapped[list[ExamAssignment]] = relationship(cascade="all, delete-orphan")


class ExamAssignment(Model):
    __tablename__ = "exam_assignments"

    exam_id: Mapped[int] = mapped_column(ForeignKey("exams.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)


class Attempt(Model):
    __tablename__ = "attempts"
    __table_args__ = (UniqueConstraint("exam_id", "user_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    exam_id: Mapped[int] = mapped_column(ForeignKey("exams.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    number: Mapped[int] = mapped_column(default=1)
    status: Mapped[str] = mapped_column(String(20), default=ATTEMPT_IN_PROGRESS, index=True)
    seed: Mapped[int] = mapped_column(default=0)
    layout: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    deadline_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    auto_submitted: Mapped[bool] = mapped_column(default=False)
    submit_reason: Mapped[str | None] = mapped_column(String(20))  # SUBMIT_TIME | SUBMIT_AWAY when auto
    score: Mapped[float | None] = mapped_column()
    max_score: Mapped[float | None] = mapped_column()
    passed: Mapped[bool | None] = mapped_column()
    released: Mapped[bool] = mapped_column(default=False)

    exam: Mapped[Exam] = relationship()
    user: Mapped[User] = relationship()
    responses: Mapped[list[Response]] = relationship(
        back_populates="attempt", order_by="Response.position", cascade="all, delete-orphan"
    )

    def can_view(self, user: User) -> bool:
        """Candidates see only their own attempts; trainers, HR and admins see all."""
        return user.id == self.user_id or user.has_role("trainer", "hr")


class Response(Model):
    __tablename__ = "responses"
    __table_args__ = (UniqueConstraint("attempt_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id"), index=True)
    position: Mapped[int] = mapped_column()
    question_version_id: Mapped[int] = mapped_column(ForeignKey("question_versions.id"), index=True)
    answer: Mapped[Any | None] = mapped_column(JSONType)
    flagged: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(20), default=RESPONSE_UNANSWERED, index=True)
    score: Mapped[float | None] = mapped_column()
    max_score: Mapped[float] = mapped_column(default=0.0)
    feedback: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    saved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    seq: Mapped[int] = mapped_column(default=0)  # last autosave sequence number from the page

    attempt: Mapped[Attempt] = relationship(back_populates="responses")
    question_version: Mapped[QuestionVersion] = relationship()


class IntegrityEvent(Model):
    """One integrity signal from the exam page: time away from the tab or window, or a paste."""

    __tablename__ = "integrity_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # hidden (tab switch), blur (focus loss), paste
    position: Mapped[int | None] = mapped_column()  # question position for a paste
    duration_ms: Mapped[int | None] = mapped_column()  # time away
    chars: Mapped[int | None] = mapped_column()  # characters pasted (never the text)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class StoredPaper(Model):
    """An attempt's rendered paper (no answers, no keys), shared by every web process; see exams.paper."""

    __tablename__ = "exam_papers"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)  # digest of what the paper depends on
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text)  # JSON: static pieces, slots, option keys
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
