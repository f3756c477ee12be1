"""Meaning-level matching of short texts: the one layer the scorer, the simulated customer and
calibration use to decide whether a text *says* something, whatever words it uses.

The interface below is the contract between those parts; the first implementation is a thin layer over
:mod:`trainer.grading.text` and is replaced piece by piece (numerals and times, a dictionary-scale
thesaurus, negation, character n-grams, a static embedding) without changing the signatures.

Scores are 0..1. :data:`MATCH_THRESHOLD` is the level at which a :class:`Match` counts as "says it";
callers may ask for more or less but compare against the same scale.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from trainer.grading import text as _text

MATCH_THRESHOLD = 0.5


@dataclass(frozen=True)
class Span:
    """A verbatim piece of a text: ``text == source[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class TimeMention:
    """A time, date, duration or deadline said in a text, normalised.

    ``kind`` is one of ``clock`` (18:00), ``date`` (+1d, 2026-12-03, thu), ``datetime`` (+1d 09:00),
    ``duration`` (PT15M, P3D), ``range`` (P1WD/P3WD: 一到三个工作日) or ``deadline`` (a clock, date or
    duration preceded by 前/之前/以内/内/by/within). ``value`` is the normalised form, comparable across
    phrasings: 六点 and 6:00 and "6 am" give the same clock value; 一刻钟 and 十五分钟 give PT15M.
    """

    kind: str
    value: str
    span: Span


@dataclass(frozen=True)
class Match:
    """How well a text expresses something: ``score`` 0..1, where (``span``) and whether negated there."""

    score: float
    span: Span | None = None
    negated: bool = False

    @property
    def hit(self) -> bool:
        """Whether the text says it (score at or above the threshold, and not negated)."""
        return self.score >= MATCH_THRESHOLD and not self.negated


NO_MATCH = Match(0.0)


def detect_lang(text: str) -> str:
    """``zh`` or ``en``."""
    return _text.detect_lang(text)


def normalize(text: str) -> str:
    """Fold width and case, collapse spaces; later also Chinese numerals to digits (六点 → 6点)."""
    return _text.normalize(text)


def clauses(text: str) -> list[Span]:
    """The clauses of ``text`` (split at sentence ends and commas), verbatim with positions."""
    out: list[Span] = []
    pos = 0
    for sentence in _text.split_sentences(text):
        start = text.find(sentence, pos)
        if start < 0:
            continue
        out.append(Span(start, start + len(sentence), sentence))
        pos = start + len(sentence)
    return out


def times(text: str, lang: str | None = None) -> list[TimeMention]:
    """Every time, date, duration and deadline said in ``text``, in order."""
    return []


def synonyms(word: str) -> frozenset[str]:
    """Words with the same meaning as ``word`` (including itself)."""
    return frozenset({word, _text.canonical(word)})


def similarity(a: str, b: str, lang: str | None = None) -> float:
    """How close in meaning two short texts are, 0..1 (symmetric, deterministic)."""
    ta, tb = set(_text.tokens(a, lang)), set(_text.tokens(b, lang))
    if not ta or not tb:
        return 0.0
    ca = {_text.canonical(t) for t in ta}
    cb = {_text.canonical(t) for t in tb}
    return 2 * len(ca & cb) / (len(ca) + len(cb))


def negated(text: str, span: Span) -> bool:
    """Whether what ``span`` says is negated in ``text`` (不会推诿, "I won't blame the weather")."""
    return _text.is_negated(text, span.start)


def match_examples(text: str, examples: Sequence[str], lang: str | None = None) -> Match:
    """How well any clause of ``text`` says what any of ``examples`` says (intent-style matching)."""
    best = NO_MATCH
    for clause in clauses(text):
        for example in examples:
            score = similarity(clause.text, example, lang)
            if score > best.score:
                best = Match(score, clause, negated(text, clause))
    return best


def match_concept(text: str, concept: str | Sequence[str], lang: str | None = None) -> Match:
    """Whether ``text`` states ``concept`` (one phrasing, or alternatives), by meaning, with the quote."""
    alternatives = [concept] if isinstance(concept, str) else list(concept)
    for alt in alternatives:
        found = _text.find_phrase(text, alt)
        if found:
            start = text.find(found)
            return Match(1.0, Span(start, start + len(found), found))
    return match_examples(text, alternatives, lang)


def contradicts(a: str, b: str, lang: str | None = None) -> bool:
    """Whether ``b`` says the opposite of ``a`` (one negates what the other states)."""
    return False


__all__ = [
    "MATCH_THRESHOLD",
    "NO_MATCH",
    "Match",
    "Span",
    "TimeMention",
    "clauses",
    "contradicts",
    "detect_lang",
    "match_concept",
    "match_examples",
    "negated",
    "normalize",
    "similarity",
    "synonyms",
    "times",
]
