"""The app's one LLM client: built at start from settings, every call logged to the ``llm_calls`` table."""

from __future__ import annotations

import logging

from flask import Flask, current_app
from sqlalchemy.orm import Session

from trainer.extensions import db
from trainer.llm.client import LLMClient, client_from_config
from trainer.llm.models import LLMCall
from trainer.llm.records import CallRecord

log = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    """Create the shared client (None when no LLM is configured) and log its calls."""

    def store(record: CallRecord) -> None:
        with app.app_context(), Session(db.engine) as session:  # its own transaction, never the caller's
            session.add(
                LLMCall(
                    purpose=record.purpose,
                    model=record.model,
                    latency_ms=record.latency_ms,
                    prompt_tokens=record.prompt_tokens,
                    completion_tokens=record.completion_tokens,
                    ok=record.ok,
                    error=record.error or "",
                )
            )
            session.commit()

    app.extensions["llm"] = client_from_config(app.config, on_call=store)


def llm_client() -> LLMClient | None:
    """The running app's LLM client, or None when the app runs on offline engines only."""
    return current_app.extensions.get("llm")
