"""How a reply is read: cut into comma-level clauses and sentences, and matched against what a scenario
listens for, by phrase (negation-aware: 不是眼镜的问题 does not say 眼镜) or by meaning (an example utterance,
through :mod:`trainer.grading.understanding`). Nothing here knows a scenario: the layers above decide what
counts as what in a role-play."""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable, Sequence

from trainer.grading import text as _text
from trainer.grading import understanding as u
from trainer.grading.understanding.analysis import split_at_sentence_ends

EXAMPLE_THRESHOLD = 0.55  # how close a clause must be to an example utterance to fire its trigger
REPEAT_SIMILARITY = 0.85  # a reply this close to an earlier one counts as repeating it
_MIN_REPEAT_CHARS = 8
PART_WEIGHT = 0.9  # a clause wholly inside an example counts a little less than the example said whole
_MIN_PART_GRAMS = 4

GENERIC = frozenset(
    [
        "今天",
        "明天",
        "现在",
        "时间",
        "问题",
        "情况",
        "一下",
        "这个",
        "那个",
        "我们",
        "您",
        "你",
        "好",
        "天气",
        "不错",
        "东西",
        "事情",
        "事",
        "知道",
        "觉得",
        "一个",
        "today",
        "tomorrow",
        "now",
        "time",
        "problem",
        "thing",
        "weather",
        "nice",
        "good",
        "know",
        "think",
        # filler of natural sentences, which any reply may use (那边, 其实, "really", "just")
        "那边",
        "这边",
        "以后",
        "之后",
        "确实",
        "其实",
        "直接",
        "真的",
        "一直",
        "已经",
        "还是",
        "可以",
        "这样",
        "那样",
        "肯定",
        "应该",
        "really",
        "just",
        "actually",
        "right",
        "sure",
        "still",
        "already",
        "day",
        "hav",
        "have",
        "get",
        "make",
        # spoken fillers ("honestly", "okay", "well"), which say nothing of what a clause does
        "honestly",
        "frankly",
        "basically",
        "anyway",
        "okay",
        "ok",
        "well",
        "oh",
        # particles of phrasal verbs ("get back to you", "pass it along"): the verb says what is done
        "back",
        "along",
    ]
)


# 不会丢 said as 丢不了 / 丢不掉: the potential form says the same "it cannot happen"
_WILL_NOT = re.compile(r"^不会([\u4e00-\u9fff])(.*)$")


@functools.lru_cache(maxsize=4096)
def _with_potential_forms(phrases: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for phrase in phrases:
        out.append(phrase)
        m = _WILL_NOT.match(phrase.strip())
        if m:
            out += [f"{m.group(1)}不了{m.group(2)}", f"{m.group(1)}不掉{m.group(2)}"]
    return tuple(out)


def says(text: str, phrases: Iterable[str], patterns: Iterable[str]) -> str | None:
    """The verbatim quote of the first phrase or pattern found in ``text`` (negation-aware, both; a
    phrase 不会X is also said as X不了: 钱丢不了 says 不会丢)."""
    folded = _text.normalize(text)
    for phrase in _with_potential_forms(tuple(phrases)):
        # a cheap look first: the full search compiles a pattern per phrase and variant
        if not any(v in folded for v in _text._variants(phrase)):
            continue
        quote = _text.find_phrase(text, phrase)
        if quote and not _other_word(quote, phrase):
            return quote
    for pattern in patterns:
        for m in re.finditer(pattern, text, re.IGNORECASE):
            # negated in its clause, as a phrase is: "this isn't a wrong item" does not call it one
            if m.group(0) and not _text.is_negated(text, m.start()):
                return m.group(0)
    return None


_INFLECTION = re.compile(r"^(?:s|es|ed|d|ing|er|ers|'s|ies|ied)$")


def _other_word(quote: str, phrase: str) -> bool:
    """Whether the English word found for ``phrase`` is another word that merely starts with it ("same" for
    the name "Sam"), not an inflection of it ("restarted" for "restart")."""
    words, found = phrase.lower().split(), quote.lower().split()
    if not words or not found or not words[-1].isascii() or not words[-1].isalpha():
        return False
    last, got = words[-1], found[-1].strip(".,!?;:'\"")
    if got == last or not got.startswith(last):
        return False
    rest = got[len(last) :]
    if rest[:1] == last[-1]:  # a doubled last letter: cancel → cancelled, stop → stopped
        rest = rest[1:]
    return not _INFLECTION.match(rest)


def means(
    text: str,
    examples: Sequence[str],
    lang: str,
    threshold: float = EXAMPLE_THRESHOLD,
    beyond: frozenset[str] = frozenset(),
) -> str | None:
    """The clause of ``text`` that says what one of ``examples`` says (not negated), or None.

    With ``beyond`` (the words of the case itself), the clause must also share with the example
    something outside them: 电脑落车上了 tells the case, 您自己落在车上的 blames; only the blame is the
    behaviour."""
    if not examples or not text:
        return None
    best, quote = 0.0, None
    for clause in short_clauses(text):
        for example in examples:
            score = closeness(clause.text, example, lang, floor=max(threshold, best))
            if score > best and _polarity(clause.text) == _polarity(example):
                if beyond and not _shares_beyond(clause.text, example, lang, beyond):
                    continue
                if lang != "zh" and not _shares_beyond(clause.text, example, lang, _NUMBERS):
                    continue  # "£9.76 a day credit from day three" and "you've called us three times"
                best, quote = score, clause.text.strip()
    return quote if best >= threshold else None


# number words, which say how many of anything: sharing only these says nothing alike
_NUMBERS = frozenset(
    _text.canonical(t)
    for w in [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "fifteen",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "hundred",
        "first",
        "second",
        "third",
        "once",
        "twice",
    ]
    for t in _text.tokens(w, "en")
)


def _shares_beyond(clause: str, example: str, lang: str, case_words: frozenset[str]) -> bool:
    """Whether ``clause`` and ``example`` share a word (Chinese: a character pair) that is not one of the
    case's (:func:`case_words`)."""
    if lang == "zh":
        shared = grams(clause, lang) & grams(example, lang)
        return any(g not in case_words for g in shared)
    mine = {_text.canonical(t) for t in _text.tokens(clause, lang)}
    theirs = {_text.canonical(t) for t in _text.tokens(example, lang)}
    return bool((mine & theirs) - case_words - GENERIC)


_NEG_MARK = re.compile(r"不|没|别|无|未|非|\bnot\b|\bnever\b|\bno\b|n't\b", re.IGNORECASE)
_NOT_NEG = re.compile(
    r"是不是|是否|要不要|能不能|会不会|可不可以|有没有|对不起|不好意思|不便|不错|不仅|不但|不断|不少|不过|不管|不论|无论|非常|不久|未来|不满|不得不|"
    r"\bno problem\b|\bnot only\b",
    re.IGNORECASE,
)
_FILLER_ZH = re.compile(r"[的了吗呢吧啊呀嘛您你我他她它们这那就都也还很是在把给被]")


def _polarity(text: str) -> bool:
    """Whether ``text`` is (an odd number of times) negated: 不归我们管 and 归我们管 differ."""
    return len(_NEG_MARK.findall(_NOT_NEG.sub(" ", _text.normalize(text)))) % 2 == 1


@functools.lru_cache(maxsize=4096)
def grams(text: str, lang: str) -> frozenset[str]:
    if lang == "zh":
        chars = _FILLER_ZH.sub("", squash(text))
        return frozenset({chars[i : i + 2] for i in range(len(chars) - 1)} or ({chars} if chars else set()))
    return frozenset(_text.canonical(t) for t in _text.tokens(text, lang))


def closeness(clause: str, example: str, lang: str, floor: float = 0.0) -> float:
    """How fully ``clause`` says ``example``, 0..1: the understanding layer's calibrated match, or how
    much of the example's content (Chinese character pairs, English word stems) the clause covers.

    When even a perfect match could not lift the score to ``floor``, the layer is not asked (the
    score is then the coverage alone, which is below ``floor`` too)."""
    ex, cl = grams(example, lang), grams(clause, lang)
    cover = 0.0
    if len(ex) >= 2 and cl:
        # a long clause covering a short example says more than the example: damp by length
        cover = len(ex & cl) / len(ex) * min(1.0, 2.5 * len(ex) / max(len(cl), 1))
        if len(cl) >= _MIN_PART_GRAMS:
            # a short clause that is all part of the example says its core (把您这单排到最前头)
            cover = max(cover, PART_WEIGHT * len(ex & cl) / len(cl))
    if floor and max(cover, (1 + cover) / 2) < floor:
        return cover
    match = u.match_examples(clause, [example], lang).score
    # The layer's match alone lets short clauses through on one shared word ("work" in "work from
    # home" and "working on it"); it counts when the wording overlaps too.
    return max(cover, (match + cover) / 2)


# a colon or comma between digits (10:38, 18:00, 1,680) is part of a number, not a cut
_CLAUSE = re.compile(r"(?:[^，,。！？!?；;：:\n]|(?<=\d)[:：,](?=\d))+")


def short_clauses(text: str) -> list[u.Span]:
    """The comma-level pieces of ``text`` (what one example utterance is compared with), with positions:
    cut at commas, colons, line breaks and sentence ends, English full stops included ("a.m.", £9.76
    and "e.g." are not sentence ends; nor is the colon of 10:38 or the comma of 1,680)."""
    out: list[u.Span] = []
    for m in _CLAUSE.finditer(text):
        if not m.group(0).strip():
            continue
        for piece in split_at_sentence_ends(m.start(), m.group(0)):
            # the piece without its closing full stop, as a comma-level piece has no punctuation
            body = piece.text.rstrip(".!?") if piece.end < m.end() else piece.text
            body = piece.text if not body.strip() else body
            out.append(u.Span(piece.start, piece.start + len(body), body))
    return out


_PUNCT = re.compile(r"[\W_]+", re.UNICODE)


def squash(text: str) -> str:
    return _PUNCT.sub("", _text.normalize(text))


def repeats_earlier(text: str, earlier: Sequence[str], lang: str | None = None) -> str | None:
    """The earlier reply that ``text`` repeats (nearly the same words, or the same meaning), or None."""
    now = squash(text)
    if len(now) < _MIN_REPEAT_CHARS:
        return None
    for before in reversed(earlier):
        old = squash(before)
        if not old:
            continue
        if difflib.SequenceMatcher(None, now, old, autojunk=False).ratio() >= REPEAT_SIMILARITY:
            return before
        if (
            min(len(now), len(old)) / max(len(now), len(old)) > 0.6
            and u.similarity(text, before, lang) >= 0.8
        ):
            return before
    return None


def mentions(text: str, words: Sequence[str], lang: str) -> bool:
    """Whether ``text`` says one of ``words`` (a line's ``said`` condition): the word or one of its
    synonyms, not negated (不是眼镜的问题 does not say 眼镜), or a longer phrase matched by meaning like an
    example utterance."""
    if not text or not words:
        return False
    for word in words:
        if says(text, sorted(_said_forms(word)), ()):
            return True
        long_enough = len(squash(word)) >= 4 if lang == "zh" else len(word.split()) >= 2
        if long_enough and means(text, [word], lang):
            return True
    return False


@functools.lru_cache(maxsize=1024)
def _said_forms(word: str) -> frozenset[str]:
    return frozenset(w for w in u.synonyms(word) if len(squash(w)) >= 2) | {word}


def whole_sentence(text: str, quote: str) -> str:
    """The sentence of ``text`` holding ``quote``."""
    i = text.find(quote)
    if i < 0:
        return ""
    start = max(text.rfind(c, 0, i) for c in "。！？!?\n") + 1
    ends = [j for j in (text.find(c, i) for c in "。！？!?\n") if j >= 0]
    return text[start : min(ends) if ends else len(text)]


def _head(quote: str) -> str:
    """The words of ``quote`` that one clause holds: a time said across a comma ("tomorrow morning,
    before one o'clock") is looked for by its first part."""
    return squash(re.split(r"[，,、；;]", quote)[0]) or squash(quote)


def clause_of(quote: str, pieces: Sequence[u.Span]) -> str:
    part = squash(quote)
    found = next((p.text for p in pieces if part in squash(p.text)), "")
    return found or next((p.text for p in pieces if _head(quote) in squash(p.text)), "")


def sentence_of(text: str, part: str) -> str:
    """The sentence of ``text`` that holds ``part``, so a quote reads as something said, not a word."""
    for sentence in _text.split_sentences(text):
        if part and part in sentence:
            return sentence
    return part
