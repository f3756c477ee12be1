"""Scores as stored: one row per engine run or human decision, and the LLM call log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text
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


class LLMCall(Model):
    """One call to the LLM endpoint: what for, how long, how many tokens, and whether it worked."""

    __tablename__ = "llm_calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    purpose: Mapped[str] = mapped_column(String(40))
    model: Mapped[str] = mapped_column(String(120), default="")
    latency_ms: Mapped[float] = mapped_column(default=0.0)
    prompt_tokens: Mapped[int | None] = mapped_column()
    completion_tokens: Mapped[int | None] = mapped_column()
    ok: Mapped[bool] = mapped_column(default=True)
    error: Mapped[str] = mapped_column(Text, default="")
