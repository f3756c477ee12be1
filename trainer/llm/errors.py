"""Typed errors for every way an LLM call can fail. Callers never get a made-up value instead."""

from __future__ import annotations


class LLMError(Exception):
    """Base class: the LLM could not give a usable answer."""

    retryable = False


class LLMNotConfigured(LLMError):
    """No LLM endpoint or model is set; the app runs on the offline engines."""


class LLMUnavailable(LLMError):
    """The endpoint could not be reached, dropped the connection or answered with a server error."""

    retryable = True


class LLMTimeout(LLMUnavailable):
    """The endpoint did not answer within the configured timeout."""


class LLMRateLimited(LLMUnavailable):
    """The endpoint answered 429 Too Many Requests, even after backing off."""


class LLMRequestRejected(LLMError):
    """The endpoint refused the request (400, 401, 403, 404, 422…); retrying the same request won't help."""

    def __init__(self, message: str, status_code: int | None = None):
        super().__init__(message)
        self.status_code = status_code


class LLMBadResponse(LLMError):
    """The endpoint answered, but not with what was asked for (no JSON, wrong shape, cut-off stream)."""
