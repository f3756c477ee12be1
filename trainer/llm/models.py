"""The record of every LLM call, kept by the one client: what for, how long, tokens, success."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from trainer.database import UTCDateTime, utcnow
from trainer.extensions import Model


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
