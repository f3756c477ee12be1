"""Meaning-level matching of short texts: the one layer the scorer, the simulated customer and
calibration use to decide whether a text *says* something, whatever words it uses.

The interface below is the contract between those parts. Modules:

- :mod:`.numerals` — Chinese numerals to digits where they count (六点 → 6点, 一刻钟 → 15分钟);
- :mod:`.temporal` — times, dates, durations, ranges and deadlines, normalised (:func:`times`, :func:`times_match`);
- :mod:`.thesaurus` — 同义词词林 and Roget's Thesaurus plus a customer-service supplement (:func:`synonyms`);
- :mod:`.negation` — negation scope and contradicting word pairs;
- :mod:`.tense` — whether a clause reports the past or speaks of the future (:func:`tense`);
- :mod:`.embedding` — a static multilingual embedding, one signal among several;
- :mod:`.analysis` — texts prepared once for many comparisons (:func:`analyse`);
- :mod:`.matching` — the calibrated comparisons; :mod:`.lexicon` — the word lists they use.

Scores are 0..1. :data:`MATCH_THRESHOLD` is the level at which a :class:`Match` counts as "says it";
callers may ask for more or less but compare against the same scale. Every function also accepts an
:class:`Analysis` from :func:`analyse` in place of a string, which is much faster when one text is
compared many times.
"""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable

from trainer.grading import text as _text
from trainer.grading.understanding import embedding as _embedding
from trainer.grading.understanding import negation as _negation
from trainer.grading.understanding import numerals as _numerals
from trainer.grading.understanding import thesaurus as _thesaurus
from trainer.grading.understanding.analysis import Analysis, analyse, clause_spans
from trainer.grading.understanding.matching import (
    contradicts,
    match_concept,
    match_examples,
    similarity,
)
from trainer.grading.understanding.temporal import find_times, times_match
from trainer.grading.understanding.tense import FUTURE, PAST, tense
from trainer.grading.understanding.types import MATCH_THRESHOLD, NO_MATCH, Match, Span, TimeMention


def detect_lang(text: str) -> str:
    """``zh`` or ``en``."""
    return _text.detect_lang(text)


def normalize(text: str) -> str:
    """Fold width and case, collapse spaces, and write counting Chinese numerals as digits (六点 → 6点,
    一刻钟 → 15分钟, 一到三个工作日 → 1到3个工作日); 一下/一定/十分抱歉 stay words."""
    return _numerals.normalize_numerals(_text.normalize(text))


def clauses(text: str) -> list[Span]:
    """The clauses of ``text`` (split at sentence ends and commas), verbatim with positions."""
    return clause_spans(text)


def times(text: str, lang: str | None = None) -> list[TimeMention]:
    """Every time, date, duration and deadline said in ``text``, in order."""
    text = text or ""
    return list(find_times(text, lang or _text.detect_lang(text)))


def synonyms(word: str) -> frozenset[str]:
    """Words with the same meaning as ``word`` (including itself)."""
    word = unicodedata.normalize("NFKC", word or "").strip()
    return _thesaurus.synonyms(word) | {word, _text.canonical(word)} if word else frozenset()


def negated(text: str, span: Span) -> bool:
    """Whether what ``span`` says is negated in ``text`` (不会推诿, "I won't blame the weather")."""
    return _negation.is_negated_at(text, span.start)


# What the layer loads on first use: the word segmenter's dictionary (jieba's, about 0.6 s), the thesauri and
# the embedding table; each as (load it, whether it is in memory).
_TABLES: dict[str, tuple[Callable[[], object], Callable[[], bool]]] = {
    "segmenter": (_text._tokenizer, lambda: _text._tokenizer.cache_info().currsize > 0),
    "thesauri": (_thesaurus.load, _thesaurus.loaded),
    "embedding": (_embedding.available, _embedding.loaded),
}


def preload() -> dict[str, float]:
    """Load now what the layer otherwise loads on first use; returns the seconds each table took.

    A server that forks its workers calls it once before the fork (see :mod:`trainer.serving`): the
    workers then share one copy, and no worker's first request waits for it."""
    took = {}
    for name, (load, _) in _TABLES.items():
        started = time.perf_counter()
        load()
        took[name] = time.perf_counter() - started
    return took


def loaded() -> list[str]:
    """The tables this process holds in memory now (asking loads nothing)."""
    return [name for name, (_, held) in _TABLES.items() if held()]


__all__ = [
    "FUTURE",
    "PAST",
    "MATCH_THRESHOLD",
    "NO_MATCH",
    "Analysis",
    "Match",
    "Span",
    "TimeMention",
    "analyse",
    "clauses",
    "contradicts",
    "detect_lang",
    "loaded",
    "match_concept",
    "match_examples",
    "negated",
    "normalize",
    "preload",
    "similarity",
    "synonyms",
    "tense",
    "times",
    "times_match",
]
