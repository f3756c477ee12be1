"""The values the understanding layer hands out: spans, time mentions and matches."""

from __future__ import annotations

from dataclasses import dataclass, field

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
    ``ambiguous`` is set for an hour said without 上午/下午/am/pm (六点): it may also mean twelve hours
    later, which :func:`trainer.grading.understanding.times_match` allows for.
    """

    kind: str
    value: str
    span: Span
    ambiguous: bool = False


@dataclass(frozen=True)
class Match:
    """How well a text expresses something: ``score`` 0..1, where (``span``) and whether negated there."""

    score: float
    span: Span | None = None
    negated: bool = False
    # which of the alternatives looked for gave this match (-1: not told); not part of equality
    phrasing: int = field(default=-1, compare=False)

    @property
    def hit(self) -> bool:
        """Whether the text says it (score at or above the threshold, and not negated)."""
        return self.score >= MATCH_THRESHOLD and not self.negated


NO_MATCH = Match(0.0)
