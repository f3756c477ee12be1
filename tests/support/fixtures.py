"""Pytest fixtures around the scripted LLM server; import them into a conftest.py."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.support.scripted_llm import ScriptedLLM
from trainer.llm import LLMClient, LLMSettings, forget_formats

# Small enough that a test with a few retries stays well under a second.
FAST = {"timeout": 0.5, "max_retries": 2, "backoff_base": 0.005, "backoff_max": 0.02}


@pytest.fixture
def scripted_llm() -> Iterator[ScriptedLLM]:
    """A running :class:`ScriptedLLM` on a free local port, stopped after the test."""
    forget_formats()  # a reused port must not inherit what an earlier server accepted
    server = ScriptedLLM().start()
    try:
        yield server
    finally:
        server.stop()
        forget_formats()


@pytest.fixture
def make_llm_client(scripted_llm: ScriptedLLM) -> Iterator[Callable[..., LLMClient]]:
    """A factory for clients pointed at ``scripted_llm`` with fast timeouts and backoff; keyword
    arguments override :class:`LLMSettings` fields (``on_call`` sets the record callback)."""
    clients: list[LLMClient] = []

    def make(on_call: Callable[..., Any] | None = None, **overrides: Any) -> LLMClient:
        fields: dict[str, Any] = {"base_url": scripted_llm.base_url, "model": "grader-test", **FAST}
        fields.update(overrides)
        client = LLMClient(LLMSettings(**fields), on_call=on_call)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()
