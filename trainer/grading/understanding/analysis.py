"""Texts prepared for comparison: clauses with their content words, synonym keys, negated words, character
bigrams, times, speech act and embedding (:func:`analyse`, cached). See :mod:`.matching` for the comparisons."""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import NamedTuple

import numpy as np

from trainer.grading import text as _text
from trainer.grading.understanding import embedding, negation, numerals, thesaurus
from trainer.grading.understanding import lexicon as lx
from trainer.grading.understanding.temporal import find_times
from trainer.grading.understanding.types import Span, TimeMention

# A word of at least this weight is a content word of a concept (see :mod:`.matching`).
CONTENT_WORD = 0.5


class Sought(NamedTuple):
    """A word of a unit that is looked for in others: its weight, synonym keys, whether it is a time
    word, whether it may be found inside the other text's characters (two or more, not ASCII), whether
    it is negated."""

    tok: str
    weight: float
    keys: frozenset[str]
    time: bool
    inside: bool
    negated: bool


@dataclass(eq=False)
class Unit:
    """One clause (or run of clauses) prepared for comparison."""

    span: Span
    tokens: tuple[str, ...]
    weights: dict[str, float]
    negated: frozenset[str]
    keys: dict[str, frozenset[str]]
    keyset: frozenset[str]
    grams: frozenset[str]
    times: tuple[TimeMention, ...]
    act: int  # 1 asks for something, -1 reports it as done, 0 neither
    parts: tuple[Unit, ...] = ()  # the clauses a merged unit is made of
    _emb: tuple[np.ndarray, int] | None = field(default=None, repr=False)
    _vec: np.ndarray | None = field(default=None, repr=False)
    _sought: tuple[float, tuple[Sought, ...], tuple[Sought, ...]] | None = field(default=None, repr=False)

    @property
    def sought(self) -> tuple[float, tuple[Sought, ...], tuple[Sought, ...]]:
        """The unit as the side looked for (:mod:`.matching`): the total weight of its words, each word
        with what the comparisons ask of it, and its content words (weight ≥ :data:`CONTENT_WORD`, no
        time words). Made on first use: a concept is looked for in every clause of every answer."""
        if self._sought is None:
            words = tuple(
                Sought(
                    tok,
                    w,
                    self.keys[tok],
                    tok in lx.TIME_WORDS,
                    len(tok) >= 2 and not tok.isascii(),
                    tok in self.negated,
                )
                for tok, w in self.weights.items()
            )
            total = 0.0
            for word in words:
                total += word.weight
            content = tuple(x for x in words if x.weight >= CONTENT_WORD and not x.time)
            self._sought = (total, words, content)
        return self._sought

    def _embedding(self) -> tuple[np.ndarray, int]:
        """(sum of the token vectors, token count), computed on first use: comparisons whose weight for
        the embedding is zero never pay for it."""
        if self._emb is None:
            if self.parts:
                sums = [p._embedding() for p in self.parts if p._embedding()[1]]
                self._emb = (
                    (np.sum([v for v, _ in sums], axis=0), sum(n for _, n in sums))
                    if sums
                    else (np.zeros(1, dtype=np.float32), 0)
                )
            else:
                self._emb = embedding.sums([self.span.text])[0]
        return self._emb

    @property
    def vec_n(self) -> int:
        """How many embedding tokens the unit has (0: no vector)."""
        return self._embedding()[1]

    @property
    def vec(self) -> np.ndarray:
        """The unit-length embedding of the unit."""
        if self._vec is None:
            total, n = self._embedding()
            self._vec = embedding.unit(total) if n else total
        return self._vec

    @property
    def weight(self) -> float:
        """Total weight of the unit's content words."""
        return sum(self.weights.values())


@dataclass(eq=False)
class Analysis:
    """A text prepared once for many comparisons (:func:`analyse`)."""

    text: str
    lang: str
    units: tuple[Unit, ...]
    whole: Unit
    _windows: tuple[Unit, ...] | None = field(default=None, repr=False)
    _index: dict[str, int] | None = field(default=None, repr=False)  # word or synonym key: clause bits
    _by_gram: dict[str, int] = field(default_factory=dict, repr=False)  # character bigram: clause bits
    _timed: int = 0
    _pairs: dict[int, Unit] = field(default_factory=dict, repr=False)
    _folded: str | None = field(default=None, repr=False)

    @property
    def windows(self) -> tuple[Unit, ...]:
        """Each clause, and each pair of neighbouring clauses merged (a point may straddle a comma)."""
        if self._windows is None:
            self._windows = self.units + tuple(self.pair(i) for i in range(len(self.units) - 1))
        return self._windows

    @property
    def folded(self) -> str:
        """The text with width and case folded and spaces collapsed (for quick substring checks)."""
        if self._folded is None:
            self._folded = _text.normalize(self.text)
        return self._folded

    def pair(self, i: int) -> Unit:
        """Clauses ``i`` and ``i + 1`` as one unit (built on first use)."""
        unit = self._pairs.get(i)
        if unit is None:
            unit = self._pairs[i] = _merge(self.units[i], self.units[i + 1], self.text)
        return unit

    def candidates(self, sought: Unit) -> list[Unit]:
        """The windows that share a word, a synonym key or a character bigram with ``sought`` (or, when it
        asks for a time, hold one): the only ones that can score above the background."""
        if self._index is None:
            index: dict[str, int] = {}
            by_gram: dict[str, int] = {}
            for i, unit in enumerate(self.units):
                bit = 1 << i
                for feature in unit.weights:
                    index[feature] = index.get(feature, 0) | bit
                for feature in unit.keyset:
                    index[feature] = index.get(feature, 0) | bit
                for gram in unit.grams:
                    by_gram[gram] = by_gram.get(gram, 0) | bit
                if unit.times:
                    self._timed |= bit
            self._index, self._by_gram = index, by_gram
        index, by_gram = self._index, self._by_gram
        mask = 0
        for feature in sought.weights:
            mask |= index.get(feature, 0)
        for feature in sought.keyset:
            mask |= index.get(feature, 0)
        once = twice = 0  # clauses sharing one, and two or more, character bigrams
        for gram in sought.grams:
            bits = by_gram.get(gram, 0)
            twice |= once & bits
            once |= bits
        mask |= twice if len(sought.grams) > 1 else once
        if self._timed and not lx.TIME_WORDS.isdisjoint(sought.weights):
            mask |= self._timed
        if not mask:
            return []
        # the clauses whose bit is set, then the pairs with either clause's bit set, in order
        units = self.units
        out = [units[i] for i in _bits(mask)]
        pairs = (mask | mask >> 1) & ((1 << (len(units) - 1)) - 1)
        out.extend(self.pair(i) for i in _bits(pairs))
        return out


def _bits(mask: int) -> list[int]:
    """The positions of the bits set in ``mask``, lowest first."""
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


@functools.lru_cache(maxsize=65536)  # words, not texts
def _weight(token: str) -> float:
    if token in lx.META_WORDS:
        return 0.15
    if token.isascii():
        if len(token) <= 2:
            return 0.3
        return _english_weight(token) if token.isalpha() else 0.8
    return max(0.25, _text.word_weight(token))


# English words weigh by rarity: a word with many senses in Roget (charge, check, order: common words)
# weighs less than one with few (refund, duplicate) or none (GDPR, invoice), as jieba's frequencies do for
# Chinese. Zipf: the more frequent a word, the more meanings it has.
EN_WEIGHT_MIN, EN_WEIGHT_SPAN, EN_SENSES = 0.45, 0.45, 8.0


@functools.lru_cache(maxsize=16384)
def _english_weight(stem: str) -> float:
    senses = len(thesaurus.roget().get(stem, ()))
    return EN_WEIGHT_MIN + EN_WEIGHT_SPAN / (1.0 + senses / EN_SENSES)


# lx.GRAM_STOP's characters, as a table for str.translate that deletes them.
_GRAM_STOP_TABLE = str.maketrans("", "", "".join(c for c in lx.GRAM_STOP if len(c) == 1))


def _grams(tokens: Sequence[str], lang: str) -> frozenset[str]:
    out: set[str] = set()
    if lang == "zh":
        chars = "".join([t for t in tokens if not t.isascii()]).translate(_GRAM_STOP_TABLE)
        out.update(map(operator.add, chars, chars[1:]))  # each pair of neighbouring characters
        out.update([t for t in tokens if t.isascii()])
    else:
        for t in tokens:
            w = f"#{t}#"
            out.update(w[i : i + 3] for i in range(len(w) - 2))
    return frozenset(out)


def _split_compound(tok: str) -> list[str]:
    """A four-character jieba word with no synonym entry, as its two dictionary halves (推卸责任 → 推卸 责任)."""
    if len(tok) != 4 or tok.isascii() or thesaurus.keys(tok):
        return [tok]
    freq = _text._tokenizer().FREQ
    left, right = tok[:2], tok[2:]
    if freq.get(left) and freq.get(right):
        return [left, right]
    return [tok]


@functools.lru_cache(maxsize=8192)
def _jieba_words(norm: str) -> tuple[str, ...]:
    """jieba's words of a normalised clause, without its HMM guesser for unknown words (their characters
    still match through the character bigrams), spaces and punctuation dropped."""
    return tuple(w for w in _text._tokenizer().lcut(norm, HMM=False) if w.strip() and _text._KEEP.search(w))


# A number's measure word belongs to it: "15 单列了个表" is 15单 / 列了个表, not 15 / 单列 (a word).
_MEASURE = re.compile(r"(\d)\s*([单件个位条张份台笔项次])(?=[\u4e00-\u9fff])")


# The replacements are functions, not templates: re parses a template on every call, even with no match.
def _measure_apart(m: re.Match[str]) -> str:
    return m.group(1) + m.group(2) + " "


def _outside_zh(m: re.Match[str]) -> str:
    return "超出" + m.group(1) + m.group(2)


def _outside_en(m: re.Match[str]) -> str:
    return "beyond " + m.group(1) + " " + m.group(2)


def _raw_tokens(norm: str, lang: str) -> list[str]:
    if lang == "zh":
        out: list[str] = []
        domain = thesaurus.domain_words()
        for tok in _jieba_words(_MEASURE.sub(_measure_apart, norm)):
            if out and out[-1] + tok in domain:  # 订单 / 编号 → 订单编号, a word of the domain groups
                out[-1] += tok
                continue
            out.extend(_split_compound(tok))
        return out
    words = []
    for w in lx.EN_WORD.findall(norm.replace("’", "'")):
        w = w if w.endswith("n't") else lx.CONTRACTION.sub("", w)
        words.append(w)
    return words


# Spoken and written forms of "the next day" are one word for matching: 明儿就能发, 次日发货, 第二天发出.
_NEXT_DAY_ZH = re.compile(r"明儿个?|次日|第二天|隔天")

_DROPPED = negation.NEGATORS_ZH | negation.NEGATORS_EN | _text.STOP_ZH | _text.STOP_EN | lx.EXTRA_STOP


def _content(norm_text: str, lang: str) -> tuple[list[str], set[str]]:
    """Content tokens of a normalised clause (numerals folded, English stemmed) and those said under
    negation."""
    norm = lx.REASSURE_EN.sub("reassure", lx.REASSURE_ZH.sub("放心", norm_text))
    norm = lx.OUTSIDE_EN.sub(_outside_en, lx.OUTSIDE_ZH.sub(_outside_zh, norm))
    norm = numerals.normalize_numerals(negation.masked(norm))
    norm = _NEXT_DAY_ZH.sub("明天", norm)
    raw = _raw_tokens(norm, lang)
    flags = negation.negated_flags(raw)
    toks: list[str] = []
    neg: set[str] = set()
    zh = lang == "zh"
    for tok, is_neg in zip(raw, flags, strict=True):
        low = tok.lower()
        if zh and low in lx.RESULT_NEG and toks:  # 送 / 不到 → 送到 negated; 发 / 不了 → 发 negated
            joined = toks[-1] + (low[1] if low[1] != "了" else "")
            if joined != toks[-1] and _text._tokenizer().FREQ.get(joined):
                neg.discard(toks[-1])
                toks[-1] = joined
            neg.symmetric_difference_update({toks[-1]})
            continue
        word, flip = _word_of(tok, zh)
        if word is None:
            continue
        is_neg = is_neg != flip
        toks.append(word)
        if is_neg:
            neg.add(word)
    return toks, neg


@functools.lru_cache(maxsize=65536)  # words, not texts: an answer's are mostly ones seen before
def _word_of(tok: str, zh: bool) -> tuple[str | None, bool]:
    """A token as a content word (English stemmed; a potential negative such as 送不到 as its verb, 送到),
    and whether that form negates it; None for a negator, a stop word or punctuation."""
    low = tok.lower()
    if low in _DROPPED or low.endswith("n't"):  # negators and stop words
        return None, False
    if not _text._KEEP.search(tok) or tok.strip("_　") == "":
        return None, False
    word = thesaurus.stem(low) if low.isascii() and low.isalpha() else low
    # a fixed X不Y word keeps its sense with a word before it in one jieba word (真对不起)
    fixed = word in lx.FIXED_NOT or word[-3:] in lx.FIXED_NOT
    potential = lx.POTENTIAL_NEG.match(word) if zh and not fixed else None
    if potential:
        return potential.group(1) + (potential.group(2) if potential.group(2) != "了" else ""), True
    return word, False


def _unit(span: Span, lang: str) -> Unit:
    norm = _text.normalize(span.text)
    toks, neg = _content(norm, lang)
    weights: dict[str, float] = {}
    for t in toks:
        if t not in weights:  # a word's weight is its own: a repeat changes nothing
            weights[t] = max(0.0, _weight(t))
    keys = {t: thesaurus.keys(t) for t in weights}
    keyset = frozenset().union(*keys.values())
    act = 1 if lx.REQUEST.search(norm) or lx.ASKS.match(norm) or lx.QUESTION.search(norm) else 0
    act = act or (-1 if lx.DONE.search(norm) else 0)
    return Unit(
        span, tuple(toks), weights, frozenset(neg), keys, keyset, _grams(toks, lang), find_times(span.text, lang), act,
    )  # fmt: skip


def _merge(a: Unit, b: Unit, text: str) -> Unit:
    span = Span(a.span.start, b.span.end, text[a.span.start : b.span.end])
    weights = dict(a.weights)
    for t, w in b.weights.items():
        weights[t] = max(weights.get(t, 0.0), w)
    keys = {**a.keys, **b.keys}
    return Unit(
        span, a.tokens + b.tokens, weights, a.negated | b.negated, keys, a.keyset | b.keyset, a.grams | b.grams,
        a.times + b.times, a.act or b.act, (*(a.parts or (a,)), *(b.parts or (b,))),
    )  # fmt: skip


def _merge_all(units: Sequence[Unit], text: str) -> Unit:
    weights: dict[str, float] = {}
    keys: dict[str, frozenset[str]] = {}
    negated: set[str] = set()
    keyset: set[str] = set()
    grams: set[str] = set()
    tokens: list[str] = []
    found: list[TimeMention] = []
    for u in units:
        for t, w in u.weights.items():
            if w > weights.get(t, 0.0):
                weights[t] = w
        keys.update(u.keys)
        negated |= u.negated
        keyset |= u.keyset
        grams |= u.grams
        tokens.extend(u.tokens)
        found.extend(u.times)
    start, end = units[0].span.start, units[-1].span.end
    act = next((u.act for u in units if u.act), 0)
    return Unit(
        Span(start, end, text[start:end]), tuple(tokens), weights, frozenset(negated), keys,
        frozenset(keyset), frozenset(grams), tuple(found), act, tuple(units),
    )  # fmt: skip


# A comma or colon inside a number or a time (3,450 元, 9:30) ends no clause.
_CLAUSE = re.compile(r"(?:[^，,。！？!?；;：:\n]|(?<=\d)[,:](?=\d))+[，,。！？!?；;：:]*")
# A full stop that does not end a sentence: "a.m.", "e.g.", "Mr.", an initial ("J. Smith"); decimals
# (£9.76) never count, as a sentence end needs a space after it.
_NOT_SENTENCE_END = re.compile(
    r"(?:\b(?:[ap]\.m|e\.g|i\.e|etc|vs|approx|mr|mrs|ms|dr|st|ref|tel|inc|ltd|co)|(?<![\w.])[a-z])\.$",
    re.IGNORECASE,
)
_EN_END = re.compile(r"[.!?]+(?=\s+\S)")


def sentence_ends(chunk: str) -> list[int]:
    """Positions just after each English sentence end in ``chunk`` (".", "!" or "?" followed by a space),
    leaving out abbreviations such as "a.m." and "e.g." (a decimal such as £9.76 has no space after its dot)."""
    out = []
    for m in _EN_END.finditer(chunk):
        if m.group(0) == "." and _NOT_SENTENCE_END.search(chunk[max(0, m.start() - 6) : m.end()]):
            continue
        out.append(m.end())
    return out


def split_at_sentence_ends(start: int, chunk: str) -> list[Span]:
    """``chunk`` (at ``start`` of its text) cut at its English sentence ends, each piece stripped."""
    out: list[Span] = []
    cuts = [0, *sentence_ends(chunk), len(chunk)]
    for a, b in zip(cuts, cuts[1:], strict=False):
        piece = chunk[a:b]
        s = piece.strip()
        if s:
            lead = len(piece) - len(piece.lstrip())
            out.append(Span(start + a + lead, start + a + lead + len(s), s))
    return out


def clause_spans(text: str) -> list[Span]:
    """Verbatim clauses of ``text``: split at sentence ends, commas, colons and line breaks."""
    out: list[Span] = []
    for m in _CLAUSE.finditer(text or ""):
        out.extend(s for s in split_at_sentence_ends(m.start(), m.group(0)) if _text._KEEP.search(s.text))
    return out


def fronted_topic(text: str) -> bool:
    """Whether a clause of ``text`` negates a topic put first (:mod:`.negation`: "这句话我会不会照着讲")."""
    for span in clause_spans(text):
        raw = _raw_tokens(numerals.normalize_numerals(negation.masked(_text.normalize(span.text))), "zh")
        if negation.negated_flags(raw) != negation.negated_flags(raw, topic=False):
            return True
    return False


def topic_refused(topic: str, rest: str) -> bool:
    """Whether ``rest``, the end of a clause, refuses ``topic``, what the clause put first: "跟客户说系统正常
    ｜这种话我说不出口", "主管的口径｜我不会照搬" (a topic put first and negated after it, see :mod:`.negation`).
    The topic itself negates nothing."""
    if not topic.strip() or not rest.strip() or _text.detect_lang(topic + rest) != "zh":
        return False
    head = _raw_tokens(numerals.normalize_numerals(negation.masked(_text.normalize(topic))), "zh")
    tail = _raw_tokens(numerals.normalize_numerals(negation.masked(_text.normalize(rest))), "zh")
    if not head or not negation.NEGATORS_ZH.isdisjoint(head):
        return False
    flags = negation.negated_flags(head + tail)[: len(head)]
    content = [f for t, f in zip(head, flags, strict=True) if t not in _text.STOP_ZH]
    return bool(content) and all(content)


# A clause that only refuses what the clause before it puts ("用先生的身份证重下：不行。", "改用丈夫身份下单，
# 这个办不了。"): the topic said first is what is refused, as much as in "不能用先生的身份证重下".
_REFUSAL_COMMENT = re.compile(
    r"^(?:这个|这样|这)?(?:我们|我|咱们)?(?:这边|这里)?(?:这个|这样|这)?(?:是|也|都|真的|确实|肯定|实在)?(?:不行|不可以|不允许|不能办理?|办不了|做不到|不能这样做?|没法办理?|"
    r"无法办理|无法操作|无法受理|不予办理|不能受理|不支持)(?:的)?[。！!；;]*$"
)
# ... or refuses to hand over what it names ("派件员的手机号是他的个人信息，不能给您"): all of it is refused, as
# with a fronted object ("个人电话我不能给您").
_HANDOVER_REFUSED = re.compile(
    r"^(?:这个|这)?(?:也|都|真的|确实|肯定|实在)?(?:不能|不方便|没法|无法|不可以)(?:对外)?(?:给|提供|透露|告诉|公开)(?:您|你)?"
    r"|^给不了(?:您|你)?(?:的)?[。！!；;]*$"
)
_HANDOVER_END = re.compile(r"(?:的)?[。！!；;]*$")
# ... when the topic clause ends at a colon or comma (not at a sentence end) and negates nothing itself.
_TOPIC_END = re.compile(r"[：:，,]$")


# A clause that says its own subject is against the rules refuses all of it: "用家人身份重新下单不符合规定" is
# "不能用家人身份重新下单".
_AGAINST_RULES = re.compile(
    r"(?:是|都|也)?(?:不符合规定|不符合要求|不合规|不合规定|不被允许|是不允许)(?:的)?[。！!；;，,]*$"
)


def _refused_topics(units: tuple[Unit, ...]) -> tuple[Unit, ...]:
    """``units`` with each topic clause refused by the clause after it marked as negated."""
    out = list(units)
    for i, unit in enumerate(units):
        text = unit.span.text.strip()
        m = _AGAINST_RULES.search(text)
        if m and m.start() >= 4:
            before = _content(_text.normalize(text[: m.start()]), "zh")
            if not before[1]:  # the subject negates nothing itself; the rule words keep their own polarity
                out[i] = replace(unit, negated=unit.negated | frozenset(before[0]))
    units = tuple(out)
    for i in range(1, len(units)):
        prev, cur = units[i - 1], units[i]
        if not (_TOPIC_END.search(prev.span.text.strip()) and not prev.negated and prev.weights):
            continue
        comment = cur.span.text.strip()
        handed = _HANDOVER_REFUSED.match(comment)
        if handed and _HANDOVER_END.fullmatch(comment[handed.end() :]):
            out[i - 1] = replace(prev, negated=frozenset(prev.weights))
        elif _REFUSAL_COMMENT.match(comment):
            # negated as if it began with 不能 ("不能用先生的身份证重下"): a negator's own scope, and all of
            # the act when that scope stops short of its verb ("换成朋友的卡来付款：不行" refuses 付款 too)
            said = _content(_text.normalize("不能" + prev.span.text), "zh")[1]
            if prev.tokens and prev.tokens[-1] not in said:
                said = set(prev.weights)
            out[i - 1] = replace(prev, negated=frozenset(said & prev.weights.keys()))
    return tuple(out)


@functools.lru_cache(maxsize=8192)
def _analyse(text: str, lang: str) -> Analysis:
    spans = clause_spans(text) or ([Span(0, len(text), text)] if text.strip() else [])
    units = tuple(_unit(s, lang) for s in spans)
    if lang == "zh":
        units = _refused_topics(units)
    if len(units) == 1:
        whole = units[0]
    elif units:
        whole = _merge_all(units, text)
    else:
        whole = _unit(Span(0, len(text), text), lang)
    return Analysis(text, lang, units, whole)


def analyse(text: str | Analysis, lang: str | None = None) -> Analysis:
    """``text`` prepared for :func:`similarity`, :func:`match_examples` and :func:`match_concept` (cached).

    Pass the result instead of the string when the same text is compared many times.
    """
    if isinstance(text, Analysis):
        return text
    text = text or ""
    return _analyse(text, lang or _text.detect_lang(text))
