"""Checks on every message the LLM customer writes, before and while it streams to the page.

A :class:`LeakGuard` is fed the message piece by piece and holds back a tail of characters until they
are known to be safe. It breaks the turn (raises :class:`BrokenTurn`) when the message so far

- repeats a run of hidden scenario text (the goal, accepted outcomes, trigger labels);
- speaks for the agent ("客服：…");
- carries prompt scaffolding or hidden fields ("Your mood now:", "anger 6/10", ``"end_state"``, "Rules:");
- is growing into a near-repeat of an earlier customer message;
- is not in the scenario's language;
- loops (the same piece three times running) or is longer than a spoken message can be.

:meth:`LeakGuard.finish` checks the whole message again (also that it is not empty or a near-repeat).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence

_SQUASH = re.compile(r"[\W_]+", re.UNICODE)
_CJK = re.compile(r"[\u3400-\u9fff]")
_LETTER = re.compile(r"[A-Za-z\u3400-\u9fff]")
_AGENT_LINE = re.compile(
    r"(^|\n)\s*[\[【(（]?\s*(客服|坐席|座席|工作人员|agent|customer service|representative|assistant)"
    r"\s*[\]】)）]?\s*[:：]",
    re.IGNORECASE,
)
_SCAFFOLD = re.compile(
    r"(your mood|mood now|mood:|\banger\b|/\s*10\b|end_state|\"fired\"|\bfired\b\s*[:：]|\brules\s*[:：]|"
    r"\bsystem\s*[:：]|\bcustomer\s*[:：]|\btriggers?\s*[:：]|\bjson\b|[{}]|"
    r"你的情绪|情绪[:：]|愤怒值|怒气值|当前情绪|规则[:：]|提示词|设定[:：])",
    re.IGNORECASE,
)
OWN_PREFIX = re.compile(r"^\s*[\[【(（]?\s*(客户|顾客|customer)\s*[\]】)）]?\s*[:：]\s*", re.IGNORECASE)
MAX_CHARS = {"zh": 240, "en": 600}
_LOOPING = re.compile(r"(.{4,}?)\1{2,}")  # the same piece three times running: broken text
REPEAT_RATIO = 0.8  # a message this close to an earlier customer message is a repeat
_REPEAT_MIN = 10


class BrokenTurn(Exception):
    """One attempt at a turn gave nothing usable (the reason is the message)."""


def squash(text: str) -> str:
    """Lower-cased text without punctuation or spaces (what the checks compare)."""
    return _SQUASH.sub("", text.lower())


def wrong_language(text: str, lang: str) -> bool:
    """Whether ``text`` (long enough to tell) is not in ``lang``: zh needs Chinese, en almost none."""
    letters = _LETTER.findall(text)
    if len(letters) < 12:
        return False
    share = len(_CJK.findall(text)) / len(letters)
    return share < 0.3 if lang == "zh" else share > 0.05


def near_repeat(text: str, earlier: Sequence[str]) -> str | None:
    """The earlier message ``text`` nearly repeats, or None."""
    now = squash(text)
    if len(now) < _REPEAT_MIN:
        return None
    for before in earlier:
        old = squash(before)
        if old and difflib.SequenceMatcher(None, now, old, autojunk=False).ratio() >= REPEAT_RATIO:
            return before
    return None


class LeakGuard:
    """Decides how much of a growing message may be sent on, holding back a tail of ``hold`` characters.

    ``feed(piece)`` returns the text now safe to send, or raises :class:`BrokenTurn` (see the module
    docstring). ``finish()`` checks the whole message and returns the rest.
    """

    def __init__(self, hidden: Iterable[str], gram: int, *, lang: str = "", earlier: Sequence[str] = ()):
        self.gram = gram
        self.hold = gram
        self.lang = lang
        self.earlier = [e for e in earlier if e]
        self.grams: set[str] = set()
        for text in hidden:
            s = squash(text)
            if len(s) >= gram:
                self.grams.update(s[i : i + gram] for i in range(len(s) - gram + 1))
            elif len(s) >= 8:  # a short hidden text (a trigger label) counts only when said whole
                self.grams.add(s)
        self.text = ""
        self.sent = 0

    def _check(self, final: bool = False) -> None:
        if _AGENT_LINE.search(self.text):
            raise BrokenTurn("the reply speaks for the agent")
        s = squash(self.text)
        if any(g in s for g in self.grams):
            raise BrokenTurn("the reply repeats hidden scenario text")
        if not self.lang:
            return
        if _SCAFFOLD.search(OWN_PREFIX.sub("", self.text)):
            raise BrokenTurn("the reply carries prompt scaffolding or hidden fields")
        if _LOOPING.search(s):
            raise BrokenTurn("the reply repeats itself (broken text)")
        if len(self.text.strip()) > MAX_CHARS.get(self.lang, 600):
            raise BrokenTurn("the reply is too long for one spoken message")
        if (final or len(s) >= 24) and wrong_language(self.text, self.lang):
            raise BrokenTurn("the reply is not in the scenario's language")
        if final:
            if len(s) < 2:
                raise BrokenTurn("the reply is empty")
            if near_repeat(self.text, self.earlier):
                raise BrokenTurn("the reply repeats an earlier customer message")
        elif len(s) >= 2 * self.gram:
            head = s[: 2 * self.gram]
            if any(squash(e).startswith(head) for e in self.earlier):
                raise BrokenTurn("the reply repeats an earlier customer message")

    def feed(self, piece: str) -> str:
        """Add a streamed piece; return what may be sent now."""
        self.text += piece
        self._check()
        safe = max(self.sent, len(self.text) - self.hold)
        out, self.sent = self.text[self.sent : safe], safe
        return out

    def finish(self) -> str:
        """Check the complete message; return the held-back rest."""
        self._check(final=True)
        out, self.sent = self.text[self.sent :], len(self.text)
        return out
