"""Wrong facts: a time limit or duration said for the same thing a key point fixes with another value.

A key point fixes a time when its own name gives one ("一个工作日内办好", "Within one month") or, for a name
without one ("Honest refund timing"), when every phrasing gives one. An answer clause that speaks of the
key point's act (shares its words, or any clause but a call-back for a key point that is a bare time) and
gives a time of the same family (durations with durations, clock times and days with clock times and
days) that none of the key point's times agrees with misstates the fact: "二十个工作日才能办好" for
一个工作日内办好, "within 90 days" for one month, "back on your card by tomorrow" against 5 to 10 business
days. A time inside the key point's range, or within a tenth of its value (30 days for a month), agrees.

Where the criterion's 0 level speaks of times or sums (告知的时限与事实不符, "promises the money back today"),
the fact is central: the criterion shows why it
earns nothing (:func:`misstated_reason`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from trainer.grading import understanding
from trainer.grading.understanding.lexicon import META_WORDS, TIME_WORDS
from trainer.grading.understanding.types import TimeMention

# Of a key point's words, those that say its act carry at least this weight (not 以后, 一般 or "it").
_ACT_WEIGHT = 0.6
# Two times of one family agree within this share of the key point's value (30 days for a month).
_TOLERANCE = 0.1
_DAY = 24 * 60
_SPAN = re.compile(r"^P(?:T(\d+(?:\.\d+)?)([HM])|(\d+(?:\.\d+)?)(WD|D|W|M|Y))$")
_PER = {"D": _DAY, "WD": _DAY * 1.4, "W": 7 * _DAY, "M": 30 * _DAY, "Y": 365 * _DAY}
_DATE = re.compile(r"^\+(\d+)d(?:\s+(?:(\d{1,2}):(\d{2})|(\w+)))?$")
_PARTS = {"early": 6, "morning": 12, "noon": 13, "afternoon": 18, "evening": 22, "night": 24}
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
# Ways of getting back to the customer: a time for a call-back is no time for the fact of a bare-time key
# point ("I'll call you back within 2 hours" says nothing of the one-month deadline).
_REPLY = re.compile(
    r"回电|回复|答复|联系您|回您|通知您|告诉您|回访|打电话|给您电话|\b(?:call|ring|phone|email|text|message|"
    r"update|contact|get back|hear from|check in|follow up)",
    re.IGNORECASE,
)
# A 0 level that speaks of a time or a sum makes a misstated one central to the criterion.
_FACT_LEVEL = re.compile(
    r"时限|时间|期限|时效|多久|天数|金额|数额|钱数|额度|与事实不符|事实有误|说错|"
    r"\b(?:today|tonight|tomorrow|timing|time limit|deadline|amount|sum|figure|wrong facts?|days?|hours?)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Misstated:
    """A clause that gives another time than the key point's: the clause, what it says, what is fixed."""

    clause: str
    said: str
    fixed: str


def _extent(value: str) -> tuple[str, float, float] | None:
    """A time value as (family, low, high) in minutes: durations from now, clock times and days from
    today's start; a deadline runs from 0 (or now) to its value, a range over both ends. None for what
    does not compare (weekdays, calendar days)."""
    bound = value.startswith("≤")
    value = value.lstrip("≤")
    if "/" in value:
        ends = [_extent(v) for v in value.split("/", 1)]
        if None in ends or ends[0][0] != ends[1][0]:  # type: ignore[index]
            return None
        return ends[0][0], ends[0][1], ends[1][2]  # type: ignore[index]
    m = _SPAN.match(value)
    if m:
        minutes = float(m.group(1)) * (60 if m.group(2) == "H" else 1) if m.group(1) else None
        if minutes is None:
            minutes = float(m.group(3)) * _PER[m.group(4)]
        return "span", (0.0 if bound else minutes), minutes
    m = _DATE.match(value)
    if m:
        day = int(m.group(1)) * _DAY
        if m.group(2):
            at = day + int(m.group(2)) * 60 + int(m.group(3))
            return "clock", (0.0 if bound else at), at
        end = day + _PARTS.get(m.group(4) or "", 24) * 60
        return "clock", (0.0 if bound else day), end
    m = _CLOCK.match(value)
    if m:
        at = int(m.group(1)) * 60 + int(m.group(2))
        return "clock", (0.0 if bound else at), at
    return None


def _as_span(value: str) -> tuple[str, float, float] | None:
    """A day to come as a span from now: +1d is one to two days away, ≤+1d morning up to a day and a half."""
    bound = value.startswith("≤")
    m = _DATE.match(value.lstrip("≤"))
    if not m or not int(m.group(1)):
        return None
    day = int(m.group(1)) * _DAY
    end = day + (_PARTS.get(m.group(4) or "", 24) * 60 if not m.group(2) else 0)
    return "span", (0.0 if bound else float(day)), float(end)


def _agree(said: TimeMention, fixed: TimeMention) -> bool | None:
    """Whether a said time agrees with a fixed one (None: they do not compare). Against a deadline or a
    range, a deadline said must end inside it ("within 10 business days" for 5 to 10, not "within 90 days"
    for a month nor "within 24 hours" for 5 to 10 days); a time or a day said must fall in it (隔天 for
    一个工作日内)."""
    if understanding.times_match(said, fixed):
        return True
    a, b = _extent(said.value), _extent(fixed.value)
    if a is not None and b is not None and a[0] != b[0]:
        # a day to come against a span: "by tomorrow" is within a day or two, not 5 to 10 business days
        a, b = (_as_span(said.value) or a), (_as_span(fixed.value) or b)
    if a is None or b is None or a[0] != b[0]:
        return None
    slack = _TOLERANCE * b[2]
    if b[0] == "clock":  # a deadline kept by any time up to it
        return a[2] <= b[2]
    if fixed.value.startswith("≤") or "/" in fixed.value:
        if a[1] == 0.0:  # a deadline said
            return b[1] - slack <= a[2] <= b[2] + slack
        return a[1] <= b[2] + slack and a[2] >= b[1] - slack
    if a[1] == 0.0:  # a deadline said against a fixed span: "within 15 working days" is no 5
        return abs(a[2] - b[2]) <= slack
    return a[1] - slack <= b[2] <= a[2] + slack


@functools.lru_cache(maxsize=4096)
def fixed_times(name: str, phrasings: tuple[str, ...]) -> tuple[TimeMention, ...]:
    """The times a key point fixes: those of its name, else of every phrasing when each gives one. A clock
    time or day fixes a fact only as a deadline (18点前, "by 5 pm"), not as the name of a thing ("保住18点的
    结算"), and never for a time to hear back: when to call again is the agent's own choice."""
    own = understanding.times(name)
    each = [understanding.times(p) for p in phrasings if p != name]
    found = tuple(own) if own else (tuple(t for ts in each for t in ts) if each and all(each) else ())
    reply = any(_REPLY.search(p) for p in (name, *phrasings))
    out = []
    for t in found:
        family = _extent(t.value)
        if family is None:
            continue
        if family[0] == "clock" and (reply or not t.value.startswith("≤")):
            continue
        out.append(t)
    return tuple(out)


def _timed(tok: str, timed: str) -> bool:
    """Whether a token (an English one may be a stem: "thirti") is a word of the time said."""
    return tok in timed or (len(tok) >= 4 and any(w.startswith(tok[:4]) for w in timed.split()))


def _words(unit: object) -> frozenset[str]:
    """The act words of a clause with their curated synonym keys (not the broad thesaurus groups)."""
    timed = "".join(t.span.text for t in unit.times).lower()  # type: ignore[attr-defined]
    out: set[str] = set()
    for tok, w in unit.weights.items():  # type: ignore[attr-defined]
        if w < _ACT_WEIGHT or tok in TIME_WORDS or tok in META_WORDS or tok.isdigit() or _timed(tok, timed):
            continue
        out.add(tok)
        out.update(k for k in unit.keys.get(tok, ()) if not k.startswith("r"))  # type: ignore[attr-defined]
    return frozenset(out)


@functools.lru_cache(maxsize=2048)
def _act_words(name: str, phrasings: tuple[str, ...]) -> tuple[frozenset[str], bool]:
    """The words of the key point's act, and whether its name is a bare time ("Within one month")."""
    out: set[str] = set()
    for p in phrasings:
        out |= _words(understanding.analyse(p).whole)
    own = _words(understanding.analyse(name).whole)
    # a name that is a bare time, or a time to hear back ("15个工作日内答复"), fixes the deadline of the
    # request as a whole: any clause but a call-back speaks of it
    bare = not own or bool(_REPLY.search(name)) and len(own) <= 2
    return frozenset(out), bare


@functools.lru_cache(maxsize=4096)
def _clauses(sentence: str) -> tuple[tuple[str, tuple[TimeMention, ...], frozenset[str]], ...]:
    return tuple((u.span.text, u.times, _words(u)) for u in understanding.analyse(sentence).units if u.times)


def misstated(name: str, phrasings: tuple[str, ...], sentences: list[str]) -> Misstated | None:
    """The first clause of ``sentences`` that gives the key point's act another time than it fixes."""
    fixed = fixed_times(name, phrasings)
    if not fixed:
        return None
    acts, bare = _act_words(name, phrasings)
    every = [t for sentence in sentences for _, times, _ in _clauses(sentence) for t in times]
    if any(_agree(t, f) for t in every for f in fixed):
        return None  # the fact said right somewhere
    for sentence in sentences:
        for clause, times, words in _clauses(sentence):
            if not (words & acts or (bare and not _REPLY.search(clause))):
                continue
            verdicts = [_agree(t, f) for t in times for f in fixed]
            if any(v is True for v in verdicts) or not any(v is False for v in verdicts):
                continue
            said = next(t.span.text for t in times for f in fixed if _agree(t, f) is False)
            return Misstated(clause, said, fixed[0].span.text)
    return None


def central(zero_level: str) -> bool:
    """Whether a misstated time or sum of a key point sets its criterion to 0: its 0 level speaks of times
    or sums."""
    return bool(_FACT_LEVEL.search(zero_level) or understanding.times(zero_level))


def misstated_reason(lang: str, said: str, fixed: str, money: bool = False) -> str:
    """Why the criterion earns nothing: what the answer said against what the key point fixes."""
    if lang == "zh":
        return f"说的{'金额' if money else '时限'}与规定不符：答案说“{said}”，应为“{fixed}”"
    return f"states a wrong {'amount' if money else 'time'}: “{said}” where it is “{fixed}”"
