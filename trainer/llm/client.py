"""The one client every LLM call goes through: JSON replies for grading, streamed text for role-play.

Wraps the ``openai`` package (any OpenAI-compatible endpoint) and adds what it should not be trusted with:
our own retries with exponential backoff and jitter on 429, 5xx, timeouts and dropped connections; a limit
on calls in flight; typed errors (:mod:`trainer.llm.errors`); and a :class:`CallRecord` for every call,
handed to ``on_call``.

Structured output degrades step by step, because servers differ: ``json_schema`` (OpenAI, vLLM, recent
Ollama) → ``json_object`` with a ``schema`` (llama.cpp enforces it; llama.cpp answers ``json_schema`` with a
500) → plain ``json_object`` → no response_format at all, with the JSON taken from the text. A call whose
format is rejected moves on to the next one at once; later calls skip a format only after it was rejected
``FORMAT_REJECTIONS`` times in a row (one transient 500 does not downgrade), and try it again after
``FORMAT_RETRY_SECONDS``.

Role-play calls (``purpose="roleplay"``: streams and whole replies) and every other call (grading,
calibration) hold slots of two separate pools, so slow role-play streams never starve background grading.
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx2
import openai

from trainer.llm.errors import (
    LLMBadResponse,
    LLMError,
    LLMNotConfigured,
    LLMRateLimited,
    LLMRequestRejected,
    LLMTimeout,
    LLMUnavailable,
)
from trainer.llm.jsontext import parse_json_object
from trainer.llm.records import CallRecord
from trainer.llm.settings import PLACEHOLDER_API_KEY, LLMSettings

log = logging.getLogger(__name__)

Message = dict[str, Any]
FORMAT_MODES = ("json_schema", "json_object_schema", "json_object", "text")
# Statuses that, while trying out a response format, mean "not this format" rather than "try again later".
_FORMAT_REJECTED = frozenset({400, 415, 422, 500, 501})

FORMAT_REJECTIONS = 2  # rejections in a row before later calls skip a format
FORMAT_RETRY_SECONDS = 600.0  # after this, a skipped format is tried again
ROLEPLAY = "roleplay"

# (endpoint, model) -> (the response format that worked there, when it was learned). Shared by every
# client in the process; (endpoint, model, format) -> rejections in a row.
_known_formats: dict[tuple[str, str], tuple[str, float]] = {}
_rejections: dict[tuple[str, str, str], int] = {}
_known_lock = threading.Lock()


def forget_formats() -> None:
    """Forget which response formats each endpoint accepts (after an endpoint is upgraded, or in tests)."""
    with _known_lock:
        _known_formats.clear()
        _rejections.clear()


def _start_mode(key: tuple[str, str]) -> str | None:
    """The format to start with: the one learned for this endpoint, unless it is time to retry better ones."""
    with _known_lock:
        known = _known_formats.get(key)
        if known is None:
            return None
        mode, since = known
        if mode != FORMAT_MODES[0] and time.monotonic() - since > FORMAT_RETRY_SECONDS:
            del _known_formats[key]
            return None
        return mode


def _learn(key: tuple[str, str], used: str, rejected: list[str]) -> None:
    """Note the outcome of a call: ``used`` worked after ``rejected`` were refused."""
    with _known_lock:
        _rejections[(*key, used)] = 0
        counts = []
        for mode in rejected:
            count = _rejections.get((*key, mode), 0) + 1
            _rejections[(*key, mode)] = count
            counts.append(count)
        if rejected and min(counts) < FORMAT_REJECTIONS:
            return  # not yet repeated: later calls try the better formats again
        _known_formats[key] = (used, time.monotonic())


@dataclass(frozen=True)
class JSONReply:
    """A parsed JSON object from the model, the raw text it came from and the call's record."""

    data: dict[str, Any]
    text: str
    record: CallRecord


class _FormatRejected(Exception):
    """Internal: the endpoint refused this response format."""


class LLMClient:
    """A thread-safe client for one endpoint and model. Share one instance per app: its concurrency
    limit only covers calls made through it."""

    def __init__(self, settings: LLMSettings, *, on_call: Callable[[CallRecord], None] | None = None) -> None:
        if not settings.configured:
            raise LLMNotConfigured("set LLM_BASE_URL and LLM_MODEL (or OPENAI_API_KEY) to use an LLM")
        self.settings = settings
        self.on_call = on_call
        self._openai = openai.OpenAI(
            base_url=settings.endpoint,
            api_key=settings.api_key or PLACEHOLDER_API_KEY,
            timeout=settings.timeout,
            max_retries=0,
        )
        self._slots = threading.BoundedSemaphore(settings.max_concurrency)
        self._stream_slots = threading.BoundedSemaphore(settings.stream_concurrency)
        self._random = random.Random()

    @property
    def model(self) -> str:
        """The model name sent with every request."""
        return self.settings.model

    def close(self) -> None:
        """Close the underlying HTTP connections."""
        self._openai.close()

    def __enter__(self) -> LLMClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- JSON -------------------------------------------------------------------------------------------
    def chat_json(
        self,
        messages: Sequence[Message],
        schema: dict[str, Any],
        *,
        purpose: str = "grading",
        schema_name: str = "result",
        max_tokens: int | None = None,
    ) -> JSONReply:
        """Ask for one JSON object matching ``schema`` and return it parsed.

        The prompt should mention JSON (OpenAI requires it for ``json_object``). Raises an
        :class:`~trainer.llm.errors.LLMError` subclass when no JSON object could be had.
        """
        key = (self.settings.endpoint, self.model)
        known = _start_mode(key)
        modes = FORMAT_MODES[FORMAT_MODES.index(known) :] if known else FORMAT_MODES
        started, t0, tally = datetime.now(UTC), time.monotonic(), [0]
        usage: tuple[int | None, int | None] = (None, None)
        mode = modes[0]
        rejected: list[str] = []
        try:
            for i, mode in enumerate(modes):
                probing = mode != known and i < len(modes) - 1
                kwargs = self._request(messages, max_tokens) | _response_format(mode, schema, schema_name)
                try:
                    completion = self._create(kwargs, probing=probing, tally=tally, purpose=purpose)
                except _FormatRejected:
                    rejected.append(mode)
                    continue
                usage = _usage(completion)
                text = _content(completion)
                _learn(key, mode, rejected)
                data = parse_json_object(text)
                if data is None and _finish_reason(completion) == "length" and max_tokens:
                    # cut off at max_tokens: one more try with room for the whole object
                    kwargs["max_tokens"] = max_tokens * 2
                    completion = self._create(kwargs, probing=False, tally=tally, purpose=purpose)
                    usage = _usage(completion)
                    text = _content(completion)
                    data = parse_json_object(text)
                if data is None:
                    if _finish_reason(completion) == "length":
                        raise LLMBadResponse(
                            f"the reply was cut off at max_tokens before its JSON ended: {text[-200:]!r}"
                        )
                    raise LLMBadResponse(f"the reply holds no JSON object: {text[:200]!r}")
                record = self._record(purpose, started, t0, True, usage, tally[0], mode)
                return JSONReply(data=data, text=text, record=record)
            raise LLMBadResponse("every response format was rejected")  # pragma: no cover - text never is
        except LLMError as exc:
            self._record(purpose, started, t0, False, usage, max(tally[0], 1), mode, exc)
            raise

    def chat_text(
        self, messages: Sequence[Message], *, purpose: str = "roleplay", max_tokens: int | None = None
    ) -> str:
        """The reply's text in one piece (no response_format); raises an LLMError subclass on failure."""
        started, t0, tally = datetime.now(UTC), time.monotonic(), [0]
        usage: tuple[int | None, int | None] = (None, None)
        try:
            completion = self._create(
                self._request(messages, max_tokens), probing=False, tally=tally, purpose=purpose
            )
            usage = _usage(completion)
            text = _content(completion)
        except LLMError as exc:
            self._record(purpose, started, t0, False, usage, max(tally[0], 1), "text", exc)
            raise
        self._record(purpose, started, t0, True, usage, tally[0], "text")
        return text

    # -- streaming --------------------------------------------------------------------------------------
    def stream_chat(
        self, messages: Sequence[Message], *, purpose: str = "roleplay", max_tokens: int | None = None
    ) -> Iterator[str]:
        """Yield the reply's text as it arrives. Failures before the first piece are retried; later ones
        (or a stream that stops before the reply is complete) raise an LLMError."""
        started, t0 = datetime.now(UTC), time.monotonic()
        kwargs = self._request(messages, max_tokens) | {"stream": True}
        usage: tuple[int | None, int | None] = (None, None)
        attempts = 0
        try:
            for attempt in range(self.settings.max_retries + 1):
                attempts = attempt + 1
                slots = self._pool(purpose)
                slots.acquire()
                try:
                    try:
                        stream = self._openai.chat.completions.create(**kwargs)
                    except Exception as exc:
                        err = _translate(exc)
                        if not err.retryable or attempt == self.settings.max_retries:
                            raise err from exc
                        retry_after = _retry_after(exc)
                    else:
                        finished = False
                        try:
                            for chunk in stream:
                                if getattr(chunk, "usage", None) is not None:
                                    usage = _usage(chunk)
                                for choice in chunk.choices or ():
                                    if choice.delta is not None and choice.delta.content:
                                        yield choice.delta.content
                                    if choice.finish_reason:
                                        finished = True
                        except Exception as exc:
                            raise _translate(exc) from exc
                        finally:
                            stream.close()
                        if not finished:
                            raise LLMBadResponse("the stream ended before the reply was complete")
                        self._record(purpose, started, t0, True, usage, attempts, "stream")
                        return
                finally:
                    slots.release()
                self._backoff(attempt, retry_after)
        except LLMError as exc:
            self._record(purpose, started, t0, False, usage, max(attempts, 1), "stream", exc)
            raise

    # -- other ------------------------------------------------------------------------------------------
    def list_models(self) -> list[str]:
        """The model ids the endpoint offers: a cheap check that the settings work."""
        started, t0 = datetime.now(UTC), time.monotonic()
        try:
            with self._slots:
                try:
                    ids = [m.id for m in self._openai.models.list()]
                except Exception as exc:
                    raise _translate(exc) from exc
        except LLMError as exc:
            self._record("models", started, t0, False, (None, None), 1, "models", exc)
            raise
        self._record("models", started, t0, True, (None, None), 1, "models")
        return ids

    # -- internals --------------------------------------------------------------------------------------
    def _request(self, messages: Sequence[Message], max_tokens: int | None) -> dict[str, Any]:
        kwargs: dict[str, Any] = {
            "model": self.model,
            "messages": list(messages),
            "temperature": self.settings.temperature,
        }
        if max_tokens:
            kwargs["max_tokens"] = max_tokens
        return kwargs

    def _pool(self, purpose: str) -> threading.BoundedSemaphore:
        """The slots a call of this purpose holds: role-play's own pool, or the grading pool."""
        return self._stream_slots if purpose == ROLEPLAY else self._slots

    def _create(self, kwargs: dict[str, Any], *, probing: bool, tally: list[int], purpose: str) -> Any:
        """One completion with retries; counts every HTTP attempt in ``tally[0]``."""
        for attempt in range(self.settings.max_retries + 1):
            tally[0] += 1
            with self._pool(purpose):
                try:
                    return self._openai.chat.completions.create(**kwargs)
                except Exception as exc:
                    status = getattr(exc, "status_code", None)
                    if probing and isinstance(exc, openai.APIStatusError) and status in _FORMAT_REJECTED:
                        raise _FormatRejected(str(exc)) from exc
                    err = _translate(exc)
                    if not err.retryable or attempt == self.settings.max_retries:
                        raise err from exc
                    retry_after = _retry_after(exc)
            self._backoff(attempt, retry_after)
        raise AssertionError("unreachable")  # pragma: no cover

    def _backoff(self, attempt: int, retry_after: float | None) -> None:
        s = self.settings
        delay = min(s.backoff_max, s.backoff_base * 2**attempt) * (0.5 + self._random.random() / 2)
        if retry_after is not None:
            delay = max(delay, min(retry_after, s.backoff_max))
        time.sleep(delay)

    def _record(
        self,
        purpose: str,
        started: datetime,
        t0: float,
        ok: bool,
        usage: tuple[int | None, int | None],
        attempts: int,
        mode: str,
        error: BaseException | None = None,
    ) -> CallRecord:
        record = CallRecord(
            purpose=purpose,
            model=self.model,
            base_url=self.settings.endpoint,
            started_at=started,
            latency_ms=round((time.monotonic() - t0) * 1000),
            ok=ok,
            prompt_tokens=usage[0],
            completion_tokens=usage[1],
            attempts=attempts,
            mode=mode,
            error=f"{type(error).__name__}: {error}"[:500] if error else "",
        )
        if self.on_call is not None:
            try:
                self.on_call(record)
            except Exception:  # recording must never break the call itself
                log.exception("on_call failed for an LLM call record")
        return record


def client_from_config(
    config: Mapping[str, Any], *, on_call: Callable[[CallRecord], None] | None = None
) -> LLMClient | None:
    """A client for the LLM configured in ``config`` (``app.config`` or ``os.environ``), or None when
    no LLM is configured. Create one per app and share it, so the concurrency limit holds."""
    settings = LLMSettings.from_mapping(config)
    return LLMClient(settings, on_call=on_call) if settings.configured else None


def _response_format(mode: str, schema: dict[str, Any], name: str) -> dict[str, Any]:
    if mode == "json_schema":
        return {
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": name, "schema": schema, "strict": True},
            }
        }
    if mode == "json_object_schema":
        return {"response_format": {"type": "json_object", "schema": schema}}
    if mode == "json_object":
        return {"response_format": {"type": "json_object"}}
    return {}


def _content(completion: Any) -> str:
    try:
        choice = completion.choices[0]
        text = choice.message.content
    except (AttributeError, IndexError, TypeError):
        raise LLMBadResponse("the reply has no message") from None
    if not isinstance(text, str) or not text.strip():
        raise LLMBadResponse("the reply is empty")
    return text


def _finish_reason(completion: Any) -> str | None:
    try:
        return completion.choices[0].finish_reason
    except (AttributeError, IndexError, TypeError):
        return None


def _usage(obj: Any) -> tuple[int | None, int | None]:
    usage = getattr(obj, "usage", None)
    if usage is None:
        return (None, None)
    return (getattr(usage, "prompt_tokens", None), getattr(usage, "completion_tokens", None))


def _retry_after(exc: BaseException) -> float | None:
    response = getattr(exc, "response", None)
    value = response.headers.get("retry-after") if response is not None else None
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _translate(exc: BaseException) -> LLMError:
    """Map an exception from the openai package or the HTTP layer to our typed errors."""
    if isinstance(exc, LLMError):
        return exc
    if isinstance(exc, openai.APITimeoutError | httpx2.TimeoutException):
        return LLMTimeout(f"no answer within the timeout: {exc}")
    if isinstance(exc, openai.APIConnectionError | httpx2.TransportError):
        return LLMUnavailable(f"cannot reach the LLM endpoint: {exc}")
    if isinstance(exc, openai.RateLimitError):
        return LLMRateLimited(f"rate limited (HTTP 429): {_message(exc)}")
    if isinstance(exc, openai.APIStatusError):
        if exc.status_code >= 500:
            return LLMUnavailable(f"server error (HTTP {exc.status_code}): {_message(exc)}")
        return LLMRequestRejected(
            f"request refused (HTTP {exc.status_code}): {_message(exc)}", exc.status_code
        )
    if isinstance(exc, openai.OpenAIError | ValueError | json.JSONDecodeError):
        return LLMBadResponse(f"unreadable reply: {exc}")
    return LLMBadResponse(f"unexpected failure: {type(exc).__name__}: {exc}")


def _message(exc: openai.APIStatusError) -> str:
    body = exc.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and inner.get("message"):
            return str(inner["message"])[:300]
    return str(exc.message)[:300]
