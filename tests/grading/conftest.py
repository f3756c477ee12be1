"""Fixtures for these tests: the scripted OpenAI-compatible server and clients pointed at it."""

from tests.support.fixtures import make_llm_client, scripted_llm

__all__ = ["make_llm_client", "scripted_llm"]
