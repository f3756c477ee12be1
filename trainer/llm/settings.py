"""LLM settings, read from the app config or the environment (same key names in both)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# Used when only an OpenAI key is given: the endpoint is OpenAI's own and needs a model name.
DEFAULT_OPENAI_MODEL = "gpt-4o-mini"
# Sent when the endpoint needs no key (Ollama, vLLM, llama.cpp); the openai package insists on one.
PLACEHOLDER_API_KEY = "not-needed"


def _text(config: Mapping[str, Any], *keys: str) -> str:
    for key in keys:
        value = config.get(key)
        if value is not None and str(value).strip():
            return str(value).strip()
    return ""


def _number(config: Mapping[str, Any], key: str, default: float, *, minimum: float) -> float:
    raw = config.get(key)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return default
    try:
        value = float(raw)
    except (TypeError, ValueError):
        raise ValueError(f"{key} must be a number, got {raw!r}") from None
    if value < minimum:
        raise ValueError(f"{key} must be at least {minimum}, got {raw!r}")
    return value


@dataclass(frozen=True)
class LLMSettings:
    """Where the LLM is and how to call it. ``configured`` is False when no endpoint is set."""

    base_url: str = ""
    api_key: str = ""
    model: str = ""
    timeout: float = 30.0  # seconds per HTTP attempt
    max_retries: int = 3  # extra attempts after a 429, 5xx, timeout or connection error
    max_concurrency: int = 4  # grading calls in flight at once through one client
    stream_concurrency: int = (
        4  # role-play calls in flight (their own pool: slow streams never starve grading)
    )
    backoff_base: float = 0.5  # seconds before the first retry; doubles each time, with jitter
    backoff_max: float = 8.0
    temperature: float = 0.0

    @classmethod
    def from_mapping(cls, config: Mapping[str, Any]) -> LLMSettings:
        """Read ``LLM_*`` keys (falling back to ``OPENAI_BASE_URL``/``OPENAI_API_KEY``) from ``app.config``
        or ``os.environ``; raises ValueError naming a key whose value is not a valid number."""
        base_url = _text(config, "LLM_BASE_URL", "OPENAI_BASE_URL").rstrip("/")
        api_key = _text(config, "LLM_API_KEY", "OPENAI_API_KEY")
        model = _text(config, "LLM_MODEL", "OPENAI_MODEL")
        if not model and api_key and not base_url:
            model = DEFAULT_OPENAI_MODEL
        return cls(
            base_url=base_url,
            api_key=api_key,
            model=model,
            timeout=_number(config, "LLM_TIMEOUT", 30.0, minimum=0.001),
            max_retries=int(_number(config, "LLM_MAX_RETRIES", 3, minimum=0)),
            max_concurrency=int(_number(config, "LLM_MAX_CONCURRENCY", 4, minimum=1)),
            stream_concurrency=int(_number(config, "LLM_STREAM_CONCURRENCY", 4, minimum=1)),
            backoff_base=_number(config, "LLM_BACKOFF_BASE", 0.5, minimum=0),
            backoff_max=_number(config, "LLM_BACKOFF_MAX", 8.0, minimum=0),
            temperature=_number(config, "LLM_TEMPERATURE", 0.0, minimum=0),
        )

    @property
    def configured(self) -> bool:
        """True when there is an endpoint (a base URL, or an OpenAI key) and a model to ask."""
        return bool(self.model) and bool(self.base_url or self.api_key)

    @property
    def endpoint(self) -> str:
        """The base URL actually called (OpenAI's when none is set); never includes the key."""
        return self.base_url or "https://api.openai.com/v1"

    def describe(self) -> dict[str, Any]:
        """The settings for an admin page or a log line, with the key masked."""
        return {
            "configured": self.configured,
            "base_url": self.endpoint,
            "model": self.model,
            "api_key": ("…" + self.api_key[-4:])
            if len(self.api_key) > 8
            else ("set" if self.api_key else ""),
            "timeout": self.timeout,
            "max_retries": self.max_retries,
            "max_concurrency": self.max_concurrency,
            "stream_concurrency": self.stream_concurrency,
        }
