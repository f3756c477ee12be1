"""Scores as stored (one row per engine run or human decision) and the grading jobs that make them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trainer.database import JSONType, UTCDateTime, utcnow
from trainer.extensions import Model


class ScoreRecord(Model):
    """A score for a response by one engine (``offline``, ``llm``, ``combined``) or a person (``human``).

    The response's effective score is the newest accepted human record if any, else the newest accepted
    automatic one. Records made against an older rubric version stay attached to it.
    """

    __tablename__ = "score_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id"), index=True)
    rubric_version_id: Mapped[int | None] = mapped_column(ForeignKey("rubric_versions.id"))
    engine: Mapped[str] = mapped_column(String(20))
    total: Mapped[float] = mapped_column()
    max: Mapped[float] = mapped_column()
    criteria: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    flags: Mapped[list[str]] = mapped_column(JSONType, default=list)
    needs_review: Mapped[bool] = mapped_column(default=False)
    meta: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    accepted: Mapped[bool] = mapped_column(default=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    response = relationship("Response")


JOB_QUEUED = "queued"
JOB_RUNNING = "running"
JOB_DONE = "done"
JOB_FAILED = "failed"  # nothing to score against (no rubric): the response is left for a person


class GradingJob(Model):
    """One background scoring job: a response scored against one rubric version.

    The row is the durable record of the job (the task queue only carries its id): a job whose worker
    died is found again by its expired claim and queued once more. The unique constraint means a
    response is never scored twice against the same rubric version.
    """

    __tablename__ = "grading_jobs"
    __table_args__ = (UniqueConstraint("response_id", "rubric_version_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id"), index=True)
    rubric_version_id: Mapped[int | None] = mapped_column(ForeignKey("rubric_versions.id"))
    kind: Mapped[str] = mapped_column(String(20), default="grade")  # grade | regrade
    status: Mapped[str] = mapped_column(String(20), default=JOB_QUEUED, index=True)
    runs: Mapped[int] = mapped_column(default=0)  # how many times a worker claimed it
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    error: Mapped[str] = mapped_column(Text, default="")
    record_id: Mapped[int | None] = mapped_column(ForeignKey("score_records.id"))
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    response = relationship("Response")


class LLMScoreCacheEntry(Model):
    """A validated LLM score, kept by its cache key (rubric, answer, question, model, prompt version)."""

    __tablename__ = "llm_score_cache"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column(JSONType)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
