"""The engine registry and the cross-check between the offline and LLM engines.

``score_answer(mode, rubric, answer, ...)`` is what grading jobs and the batch CLI call. ``mode`` is
``offline``, ``llm`` or ``both``:

- The injection check (:func:`trainer.grading.text.detect_injection`) runs first, on the raw answer,
  whatever the mode and whether or not an LLM answers. A suspected injection sets ``FLAG_INJECTION`` and
  ``needs_review``.
- ``offline``: the offline engine's result.
- ``llm``: the LLM engine's result; an LLM failure raises its typed error (a job queue retries it) and is
  never turned into a score.
- ``both``: both engines run. The LLM's scores are the result (``engine == "llm"``) unless an injection is
  suspected, in which case the offline engine's content-only scores are (the LLM read the instructions
  aimed at the grader). The answer goes to review when the two **totals** differ by more than
  ``margin × max`` (``FLAG_DISAGREEMENT``) — a total rule, because with small criteria (max 2 or 3) a
  per-criterion rule would flag every one-point difference. When the LLM fails, the offline scores are
  the result with ``FLAG_LLM_FAILED`` and ``needs_review``. ``meta["engines"]`` holds each engine's
  per-criterion result (or the LLM's error) for the reviewer; ``meta["disagreement"]`` the total gap.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any, Protocol

from trainer.grading.llm_engine import LLMEngine, ScoreCache
from trainer.grading.offline import OfflineEngine
from trainer.grading.text import detect_injection
from trainer.grading.types import (
    FLAG_DISAGREEMENT,
    FLAG_INJECTION,
    FLAG_LLM_FAILED,
    REVIEW_FLAGS,
    Rubric,
    ScoreResult,
    ScoringEngine,
)
from trainer.llm.client import LLMClient
from trainer.llm.errors import LLMError, LLMNotConfigured
from trainer.llm.settings import LLMSettings

MODES = ("offline", "llm", "both")
DEFAULT_MARGIN = 0.2


class EngineFactory(Protocol):
    """Builds an engine from the LLM settings, a shared client and a score cache (each may be None)."""

    def __call__(
        self, settings: LLMSettings | None, client: LLMClient | None, cache: ScoreCache | None
    ) -> ScoringEngine:
        """A ready engine; raises LLMNotConfigured when it needs an LLM that is not there."""
        ...


def _offline(
    settings: LLMSettings | None, client: LLMClient | None, cache: ScoreCache | None
) -> ScoringEngine:
    return OfflineEngine()


def _llm(settings: LLMSettings | None, client: LLMClient | None, cache: ScoreCache | None) -> ScoringEngine:
    if client is None:
        if settings is None or not settings.configured:
            raise LLMNotConfigured("the llm engine needs LLM_BASE_URL/LLM_MODEL or OPENAI_API_KEY")
        client = LLMClient(settings)
    return LLMEngine(client, cache=cache)


# Scoring engines by name, like question types; register_engine adds one.
ENGINES: dict[str, EngineFactory] = {"offline": _offline, "llm": _llm}


def register_engine(name: str, factory: EngineFactory) -> None:
    """Add a scoring engine under ``name``; a name registered twice fails loudly."""
    if not name or name in ENGINES:
        raise ValueError(f"scoring engine {name!r} is missing a name or registered twice")
    ENGINES[name] = factory


def engine_names() -> tuple[str, ...]:
    """The registered engine names."""
    return tuple(ENGINES)


def build_engine(
    name: str,
    settings: LLMSettings | None = None,
    client: LLMClient | None = None,
    *,
    cache: ScoreCache | None = None,
) -> ScoringEngine:
    """The engine registered as ``name`` (``offline``, ``llm`` on ``client`` or a new client from
    ``settings``). Unknown names raise ValueError; ``llm`` without a configured LLM raises LLMNotConfigured."""
    factory = ENGINES.get(name)
    if factory is None:
        raise ValueError(f"unknown scoring engine {name!r}; choose one of {', '.join(ENGINES)}")
    return factory(settings, client, cache)


def grading_mode(config: Mapping[str, Any], settings: LLMSettings) -> str:
    """The mode from ``GRADING_ENGINE`` (offline|llm|both); by default ``both`` when an LLM is configured,
    else ``offline``. Asking for ``llm`` or ``both`` without an LLM raises LLMNotConfigured."""
    raw = str(config.get("GRADING_ENGINE") or "").strip().lower()
    if not raw:
        return "both" if settings.configured else "offline"
    if raw not in MODES:
        raise ValueError(f"GRADING_ENGINE must be one of {', '.join(MODES)}, got {raw!r}")
    if raw != "offline" and not settings.configured:
        raise LLMNotConfigured(f"GRADING_ENGINE={raw} needs LLM_BASE_URL/LLM_MODEL or OPENAI_API_KEY")
    return raw


def score_answer(
    mode: str,
    rubric: Rubric,
    answer: str,
    question: str | None = None,
    reference: str | None = None,
    *,
    llm_engine: ScoringEngine | None = None,
    offline_engine: ScoringEngine | None = None,
    margin: float = DEFAULT_MARGIN,
) -> ScoreResult:
    """Score one answer in ``mode`` (offline|llm|both) with the injection check and, for ``both``, the
    cross-check described in this module's docstring."""
    if mode not in MODES:
        raise ValueError(f"unknown grading mode {mode!r}; choose one of {', '.join(MODES)}")
    if mode != "offline" and llm_engine is None:
        raise ValueError(f"grading mode {mode!r} needs an llm_engine")
    injected = detect_injection(answer or "")
    if mode == "llm":
        assert llm_engine is not None
        return _finish(llm_engine.score(rubric, answer, question, reference), injected)
    offline = offline_engine or build_engine("offline")
    off = offline.score(rubric, answer, question, reference)
    if mode == "offline":
        return _finish(off, injected)
    assert llm_engine is not None
    try:
        llm = llm_engine.score(rubric, answer, question, reference)
    except LLMError as exc:
        result = _copy(off, flags=[*off.flags, FLAG_LLM_FAILED], needs_review=True)
        result.meta["engines"] = {
            "offline": _summary(off),
            "llm": {"error": f"{type(exc).__name__}: {exc}", "error_type": type(exc).__name__},
        }
        return _finish(result, injected)
    gap = round(abs(llm.total - off.total), 2)
    primary = off if injected else llm
    flags = list(dict.fromkeys([*primary.flags, *off.flags, *llm.flags]))
    if gap > margin * rubric.max_total:
        flags.append(FLAG_DISAGREEMENT)
    result = _copy(primary, flags=flags, needs_review=off.needs_review or llm.needs_review)
    result.meta.update(
        {
            "engines": {"offline": _summary(off), "llm": _summary(llm)},
            "disagreement": gap,
            "margin": margin,
        }
    )
    return _finish(result, injected)


def _copy(result: ScoreResult, **changes: Any) -> ScoreResult:
    changes.setdefault("flags", result.flags)
    changes["flags"] = list(changes["flags"])
    criteria = [replace(c) for c in result.criteria]
    return replace(result, criteria=criteria, meta=dict(result.meta), **changes)


def _summary(result: ScoreResult) -> dict[str, Any]:
    """One engine's result for the reviewer: totals, per-criterion scores and evidence, flags, meta."""
    out = result.to_dict()
    out.pop("needs_review", None)
    out["meta"] = {k: v for k, v in result.meta.items() if k != "engines"}
    return out


def _finish(result: ScoreResult, injected: list[str]) -> ScoreResult:
    """Add the injection flag and set ``needs_review`` from the flags."""
    result = _copy(result)
    if injected:
        if FLAG_INJECTION not in result.flags:
            result.flags.append(FLAG_INJECTION)
        result.meta["injection"] = list(injected)
    result.needs_review = result.needs_review or any(f in REVIEW_FLAGS for f in result.flags)
    return result


def criteria_gaps(result: ScoreResult) -> dict[str, float]:
    """Per-criterion |llm − offline| from a ``both`` result's ``meta["engines"]`` (empty when absent)."""
    engines = result.meta.get("engines") or {}
    llm, off = engines.get("llm") or {}, engines.get("offline") or {}
    if "criteria" not in llm or "criteria" not in off:
        return {}
    off_scores = {c["id"]: c["score"] for c in off["criteria"]}
    return {
        c["id"]: round(abs(c["score"] - off_scores[c["id"]]), 2)
        for c in llm["criteria"]
        if c["id"] in off_scores
    }


__all__ = [
    "DEFAULT_MARGIN",
    "ENGINES",
    "MODES",
    "build_engine",
    "engine_names",
    "register_engine",
    "criteria_gaps",
    "grading_mode",
    "score_answer",
]
