"""Meaning-level closeness of short texts, and matching a concept or intent examples inside a longer text.

A text is analysed once (:func:`analyse`, cached) into clauses, each with its content words (jieba words or
Snowball stems), their synonym-group keys (:mod:`.thesaurus`), which of them are negated, character n-grams
of its numeral-folded form (so a bad segmentation still matches), its times (:mod:`.temporal`), its speech act
(asks for something / reports it done) and a static-embedding vector. Comparing two prepared units is then a
handful of set operations:

- weighted word coverage, a synonym counting :data:`SYNONYM_CREDIT` of an exact word (weights from the
  segmenter's frequency dictionary: rare words weigh more);
- character n-gram coverage;
- embedding cosine;
- times: agreeing times add, conflicting times (六点 vs 九点) subtract;
- speech act: "请提供订单号" (a request) is not "订单号我已经查到了" (a read-back);
- polarity: the same words negated in one and not the other is a contradiction, reported as ``negated``.

The features are combined by a logistic model whose constants were fitted on the development half of
``bench/data/paraphrases.jsonl`` (``bench/understanding.py --fit``), so a score of
:data:`~.types.MATCH_THRESHOLD` is the "says it" decision.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from trainer.grading import text as _text
from trainer.grading.understanding import embedding, negation, numerals, thesaurus
from trainer.grading.understanding.temporal import find_times, times_match
from trainer.grading.understanding.types import NO_MATCH, Match, Span, TimeMention

SYNONYM_CREDIT = 0.8
# Share of the matched word weight that must be negated on one side only for a polarity clash.
POLARITY_CLASH = 0.34
# Words that ask for a time: any time said in the other text covers them (承诺回电时间 ← 六点前给您回电).
TIME_WORDS = frozenset(
    [
        "时间",
        "时限",
        "时效",
        "期限",
        "时长",
        "多久",
        "几点",
        "时候",
        "日期",
        "时间点",
        "时段",
        "多长时间",
        "time",
        "timelin",
        "deadlin",
        "when",
        "date",
        "eta",
    ]
)

# Logistic weights: bias, word coverage, char coverage, embedding (zh), embedding (en), time agreement,
# speech-act clash. Fitted on the dev half (bench/understanding.py --fit) except the speech-act clash, which
# is fixed at ACT_WEIGHT: the dev half holds too few read-backs to fit it, and a read-back must never count
# as the request it answers.
ACT_WEIGHT = -4.0
# Mean embedding cosine of unrelated pairs per language (Chinese is mostly bytes to this embedding, so
# even unrelated Chinese sentences sit near 0.45): the embedding feature counts only what is above it.
_EMB_BASE = {"zh": 0.45, "en": 0.1}
COVER_WEIGHTS = (-1.73, 3.83, 0.0, 0.0, 0.46, 0.0, ACT_WEIGHT)
SIM_WEIGHTS = (-1.89, 4.22, 0.0, 0.52, 2.71, 2.2, ACT_WEIGHT)

_REQUEST = re.compile(
    r"请(?:您)?(?:提供|告诉|说|发|给|把|报|描述|确认一下|上传)|麻烦(?:您)?(?:提供|告诉|说|发|报)|能(?:否|不能)(?:提供|告诉)|"
    r"可以(?:提供|告诉).{0,8}吗|(?:提供|告诉|发).{0,6}(?:一下|吗)|\bplease (?:provide|send|tell|give|share|confirm)\b|"
    r"\b(?:could|can|would) you (?:please )?(?:provide|send|tell|give|share|confirm)\b|\bmay i (?:have|ask)\b"
)
_DONE = re.compile(
    r"已经|已(?=[\u4e00-\u9fff])|查到了|收到了|找到了|看到了|拿到了|记下了|\bi(?:'ve| have) (?:found|got|received|located|checked|noted)\b|"
    r"\b(?:found|received|located|got) (?:your|the)\b|\balready\b|\bi (?:have|can see) your\b|\bi've got your\b|\bhere (?:is|it is)\b"
)
# A question asks for something: 请问…, …是多少, …什么时候…, …吗？, "what/when/which … ?".
_QUESTION = re.compile(
    r"请问|是多少|多少[？?]|什么时候|哪[一个天里儿]|几[点号天个]|[吗呢][？?]?$|[？?]$|^(?:what|when|which|where|how|could|can|may|would)\b"
)
# 送不到, 退不了, 修不好: a verb with a negated result complement is a negated verb.
_RESULT_NEG = frozenset(
    [
        "不到",
        "不了",
        "不好",
        "不成",
        "不完",
        "不动",
        "不起",
        "不出",
        "不上",
        "不下",
        "不来",
        "不去",
        "不掉",
        "不住",
        "不清",
        "不懂",
        "不通",
    ]
)
_POTENTIAL_NEG = re.compile(r"^([\u4e00-\u9fff]{1,2})不([到了好成完动出进回上下来去掉住起清懂])$")
# Words that name the act rather than its content (说明/提供/give/explain): they weigh little, since an
# answer that does the act rarely names it ("提供补偿方案" is done by "给您一张20元代金券").
META_WORDS = frozenset(
    [
        "说明",
        "提供",
        "给出",
        "表示",
        "告知",
        "承诺",
        "询问",
        "解释",
        "告诉",
        "进行",
        "做出",
        "主动",
        "及时",
        "明确",
        "清楚",
        "具体",
        "相关",
        "方案",
        "措施",
        "内容",
        "情况",
        "客户",
        "顾客",
        "用户",
        "对方",
        "所需",
        "需要",
        "能够",
        "是否",
        "有效",
        "适当",
        "合理",
        "积极",
        "give",
        "provid",
        "state",
        "explain",
        "offer",
        "show",
        "ask",
        "tell",
        "make",
        "specif",
        "clear",
        "custom",
        "client",
        "request",
        "mention",
    ]
)
_ASKS = re.compile(r"^(?:询问|问清|问明|问|索要|请客户提供|请对方提供|向客户要|ask|request)")
_GRAM_STOP = frozenset(
    [
        "的",
        "了",
        "吗",
        "呢",
        "吧",
        "啊",
        "呀",
        "哦",
        "嗯",
        "我",
        "你",
        "您",
        "他",
        "她",
        "它",
        "们",
        "是",
        "在",
        "就",
        "都",
        "也",
        "和",
        "与",
        "这",
        "那",
    ]
)


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
    vec_sum: np.ndarray
    vec_n: int
    _vec: np.ndarray | None = field(default=None, repr=False)

    @property
    def vec(self) -> np.ndarray:
        """The unit-length embedding of the unit."""
        if self._vec is None:
            self._vec = embedding.unit(self.vec_sum) if self.vec_n else self.vec_sum
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
    _index: dict[str, int] | None = field(default=None, repr=False)
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
            for i, unit in enumerate(self.units):
                bit = 1 << i
                for feature in (*unit.weights, *unit.keyset):
                    index[feature] = index.get(feature, 0) | bit
                for gram in unit.grams:
                    key = "\x00" + gram
                    index[key] = index.get(key, 0) | bit
                if unit.times:
                    self._timed |= bit
            self._index = index
        index = self._index
        mask = 0
        for feature in (*sought.weights, *sought.keyset):
            mask |= index.get(feature, 0)
        once = twice = 0  # clauses sharing one, and two or more, character bigrams
        for gram in sought.grams:
            bits = index.get("\x00" + gram, 0)
            twice |= once & bits
            once |= bits
        mask |= twice if len(sought.grams) > 1 else once
        if self._timed and not TIME_WORDS.isdisjoint(sought.weights):
            mask |= self._timed
        if not mask:
            return []
        n = len(self.units)
        out = [self.units[i] for i in range(n) if mask >> i & 1]
        out.extend(self.pair(i) for i in range(n - 1) if mask >> i & 3)
        return out


def _weight(token: str) -> float:
    if token in META_WORDS:
        return 0.15
    if token.isascii():
        return 0.3 if len(token) <= 2 else 0.8
    return max(0.25, _text.word_weight(token))


def _grams(tokens: Sequence[str], lang: str) -> frozenset[str]:
    out: set[str] = set()
    if lang == "zh":
        chars = "".join(t for t in tokens if not t.isascii())
        chars = "".join(c for c in chars if c not in _GRAM_STOP)
        out.update(chars[i : i + 2] for i in range(len(chars) - 1))
        out.update(t for t in tokens if t.isascii())
    else:
        for t in tokens:
            w = f"#{t}#"
            out.update(w[i : i + 3] for i in range(len(w) - 2))
    return frozenset(out)


_EXTRA_STOP = frozenset(
    [
        "我会",
        "我们会",
        "会",
        "给您",
        "帮您",
        "为您",
        "您好",
        "一下",
        "这边",
        "那边",
        "我这边",
        "请问",
        "请",
        "麻烦",
        "好的",
        "好",
        "嗯",
        "哦",
        "那",
        "呢",
        "let",
        "lets",
        "i'll",
        "we'll",
        "you'll",
        "it'll",
        "ill",
        "well",
        "just",
        "please",
    ]
)
_EN_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_CONTRACTION = re.compile(r"'(?:ll|re|ve|m|d|s)$")


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


def _raw_tokens(norm: str, lang: str) -> list[str]:
    if lang == "zh":
        out: list[str] = []
        domain = thesaurus.domain_words()
        for tok in _jieba_words(norm):
            if out and out[-1] + tok in domain:  # 订单 / 编号 → 订单编号, a word of the domain groups
                out[-1] += tok
                continue
            out.extend(_split_compound(tok))
        return out
    words = []
    for w in _EN_WORD.findall(norm.replace("’", "'")):
        w = w if w.endswith("n't") else _CONTRACTION.sub("", w)
        words.append(w)
    return words


def _content(norm_text: str, lang: str) -> tuple[list[str], set[str]]:
    """Content tokens of a normalised clause (numerals folded, English stemmed) and those said under
    negation."""
    norm = numerals.normalize_numerals(negation.masked(norm_text))
    raw = _raw_tokens(norm, lang)
    flags = negation.negated_flags(raw)
    toks: list[str] = []
    neg: set[str] = set()
    for tok, is_neg in zip(raw, flags, strict=True):
        low = tok.lower()
        if low in _RESULT_NEG and toks and lang == "zh":  # 送 / 不到 → 送到 negated; 发 / 不了 → 发 negated
            joined = toks[-1] + (low[1] if low[1] != "了" else "")
            if joined != toks[-1] and _text._tokenizer().FREQ.get(joined):
                neg.discard(toks[-1])
                toks[-1] = joined
            neg.symmetric_difference_update({toks[-1]})
            continue
        if low in negation.NEGATORS_ZH or low in negation.NEGATORS_EN or low.endswith("n't"):
            continue
        if low in _text.STOP_ZH or low in _text.STOP_EN or low in _EXTRA_STOP:
            continue
        if not _text._KEEP.search(tok) or tok.strip("_　") == "":
            continue
        word = thesaurus.stem(low) if low.isascii() and low.isalpha() else low
        potential = _POTENTIAL_NEG.match(word) if lang == "zh" else None
        if potential:
            word, is_neg = (
                potential.group(1) + (potential.group(2) if potential.group(2) != "了" else ""),
                not is_neg,
            )
        toks.append(word)
        if is_neg:
            neg.add(word)
    return toks, neg


def _unit(span: Span, lang: str, vec: tuple[np.ndarray, int]) -> Unit:
    norm = _text.normalize(span.text)
    toks, neg = _content(norm, lang)
    weights: dict[str, float] = {}
    for t in toks:
        weights[t] = max(weights.get(t, 0.0), _weight(t))
    keys = {t: thesaurus.keys(t) for t in weights}
    keyset = frozenset(k for ks in keys.values() for k in ks)
    act = 1 if _REQUEST.search(norm) or _ASKS.match(norm) or _QUESTION.search(norm) else 0
    act = act or (-1 if _DONE.search(norm) else 0)
    return Unit(
        span, tuple(toks), weights, frozenset(neg), keys, keyset, _grams(toks, lang), find_times(span.text, lang),
        act, vec[0], vec[1],
    )  # fmt: skip


def _merge(a: Unit, b: Unit, text: str) -> Unit:
    span = Span(a.span.start, b.span.end, text[a.span.start : b.span.end])
    weights = dict(a.weights)
    for t, w in b.weights.items():
        weights[t] = max(weights.get(t, 0.0), w)
    keys = {**a.keys, **b.keys}
    return Unit(
        span, a.tokens + b.tokens, weights, a.negated | b.negated, keys, a.keyset | b.keyset, a.grams | b.grams,
        a.times + b.times, a.act or b.act, a.vec_sum + b.vec_sum if a.vec_n and b.vec_n else (a.vec_sum if a.vec_n else b.vec_sum),
        a.vec_n + b.vec_n,
    )  # fmt: skip


def _merge_all(units: Sequence[Unit], text: str) -> Unit:
    weights: dict[str, float] = {}
    keys: dict[str, frozenset[str]] = {}
    negated: set[str] = set()
    keyset: set[str] = set()
    grams: set[str] = set()
    tokens: list[str] = []
    found: list[TimeMention] = []
    vecs = [u.vec_sum for u in units if u.vec_n]
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
        frozenset(keyset), frozenset(grams), tuple(found), act,
        np.sum(vecs, axis=0) if vecs else units[0].vec_sum, sum(u.vec_n for u in units),
    )  # fmt: skip


_CLAUSE = re.compile(r"[^，,。！？!?；;：:\n]+[，,。！？!?；;：:]*")


def clause_spans(text: str) -> list[Span]:
    """Verbatim clauses of ``text``: split at sentence ends, commas, colons and line breaks."""
    out: list[Span] = []
    for m in _CLAUSE.finditer(text or ""):
        chunk = m.group(0)
        for part in re.finditer(r"\S.*?(?:[.!?](?=\s+\S)|$)", chunk, flags=re.S):
            s = part.group(0).strip()
            if s and _text._KEEP.search(s):
                start = m.start() + part.start() + (len(part.group(0)) - len(part.group(0).lstrip()))
                out.append(Span(start, start + len(s), s))
    return out


@functools.lru_cache(maxsize=8192)
def _analyse(text: str, lang: str) -> Analysis:
    spans = clause_spans(text) or ([Span(0, len(text), text)] if text.strip() else [])
    vecs = embedding.sums([s.text for s in spans])
    units = tuple(_unit(s, lang, v) for s, v in zip(spans, vecs, strict=True))
    if len(units) == 1:
        whole = units[0]
    elif units:
        whole = _merge_all(units, text)
    else:
        whole = _unit(Span(0, len(text), text), lang, (np.zeros(1, dtype=np.float32), 0))
    return Analysis(text, lang, units, whole)


def analyse(text: str | Analysis, lang: str | None = None) -> Analysis:
    """``text`` prepared for :func:`similarity`, :func:`match_examples` and :func:`match_concept` (cached).

    Pass the result instead of the string when the same text is compared many times.
    """
    if isinstance(text, Analysis):
        return text
    text = text or ""
    return _analyse(text, lang or _text.detect_lang(text))


# --- features ------------------------------------------------------------------------------------


def _word_cover(c: Unit, t: Unit) -> tuple[float, float]:
    """Weighted share of ``c``'s words found in ``t`` (synonyms at :data:`SYNONYM_CREDIT`), and the share
    of that matched weight whose polarity differs (said in one, negated in the other)."""
    total = got = clash = 0.0
    for tok, w in c.weights.items():
        total += w
        if tok in t.weights:
            credit = 1.0
            other = tok
        elif tok in TIME_WORDS and t.times:
            credit, other = 1.0, tok
        else:
            ks = c.keys[tok]
            if not ks or ks.isdisjoint(t.keyset):
                continue
            credit = SYNONYM_CREDIT
            other = next((o for o, oks in t.keys.items() if not ks.isdisjoint(oks)), tok)
        got += w * credit
        if (tok in c.negated) != (other in t.negated):
            clash += w * credit
    if not total:
        return 0.0, 0.0
    return got / total, (clash / got if got else 0.0)


def _time_agreement(c: Unit, t: Unit) -> float:
    if not c.times or not t.times:
        return 0.0
    hits = sum(1 for a in c.times if any(times_match(a, b) for b in t.times))
    return 1.0 if hits == len(c.times) else (-1.0 if hits == 0 else 0.0)


def _gram_cover(c: Unit, t: Unit) -> float:
    if not c.grams:
        return 0.0
    return len(c.grams & t.grams) / len(c.grams)


def _cos(a: Unit, b: Unit) -> float:
    if not a.vec_n or not b.vec_n:
        return 0.0
    return float(a.vec @ b.vec)


def features(c: Unit, t: Unit, lang: str, symmetric: bool = False) -> tuple[float, ...]:
    """The comparison features of ``c`` against ``t`` (see the module doc) in :data:`COVER_WEIGHTS` order,
    then the polarity clash (1 when the shared words are negated in one text only)."""
    words, clash = _word_cover(c, t)
    grams = _gram_cover(c, t)
    if symmetric:
        back, clash_b = _word_cover(t, c)
        words = 2 * words * back / (words + back) if words + back else 0.0
        gb = _gram_cover(t, c)
        grams = 2 * grams * gb / (grams + gb) if grams + gb else 0.0
        clash = max(clash, clash_b)
    base = _EMB_BASE.get(lang, 0.1)
    emb = min(1.0, max(0.0, (_cos(c, t) - base) / (1.0 - base)))
    # Asking is not telling: a request against a read-back always clashes; two whole sentences also clash
    # when only one of them asks ("When did you order?" / "You ordered yesterday").
    act = 1.0 if c.act != t.act and ((c.act and t.act) or (symmetric and 1 in (c.act, t.act))) else 0.0
    polarity = 1.0 if clash >= POLARITY_CLASH else 0.0
    zh = lang == "zh"
    # Chinese: the embedding only confirms shared content (alone it rates any two sentences alike).
    emb_zh = emb * words if zh else 0.0
    return (words, grams, emb_zh, 0.0 if zh else emb, _time_agreement(c, t), act, polarity)


def _logistic(weights: Sequence[float], feats: Sequence[float]) -> float:
    z = weights[0] + sum(w * f for w, f in zip(weights[1:], feats, strict=True))
    return 1.0 / (1.0 + math.exp(-z))


def _score(c: Unit, t: Unit, lang: str, symmetric: bool) -> tuple[float, bool]:
    if not c.weights or not t.weights:
        return 0.0, False
    feats = features(c, t, lang, symmetric)
    # Polarity is reported as ``negated`` rather than folded into the score.
    score = _logistic(SIM_WEIGHTS if symmetric else COVER_WEIGHTS, feats[:6])
    return score, feats[6] > 0


# --- the interface -------------------------------------------------------------------------------


def similarity(a: str | Analysis, b: str | Analysis, lang: str | None = None) -> float:
    """How close in meaning two short texts are, 0..1 (symmetric, deterministic); 0 when one negates the
    other."""
    pa = analyse(a, lang)
    ua, ub = pa.whole, analyse(b, lang or pa.lang).whole
    s1, neg1 = _score(ua, ub, pa.lang, True)
    s2, neg2 = _score(ub, ua, pa.lang, True)
    score = (s1 + s2) / 2
    return score * 0.2 if neg1 or neg2 else score


def _best(text: Analysis, sought: Analysis) -> Match:
    best = NO_MATCH
    c = sought.whole
    if not c.weights:
        return best
    for unit in text.candidates(c):
        score, neg = _score(c, unit, text.lang, False)
        if score > best.score + 1e-9 or (
            abs(score - best.score) <= 1e-9
            and best.span is not None
            and len(unit.span.text) < len(best.span.text)
        ):
            best = Match(round(score, 6), unit.span, neg)
    return best


def match_examples(
    text: str | Analysis, examples: Sequence[str | Analysis], lang: str | None = None
) -> Match:
    """How well any clause of ``text`` says what any of ``examples`` says (intent-style matching)."""
    prepared = analyse(text, lang)
    best = NO_MATCH
    for example in examples:
        m = _best(prepared, analyse(example, prepared.lang))
        if m.score > best.score:
            best = m
    return best


def match_concept(text: str | Analysis, concept: str | Sequence[str], lang: str | None = None) -> Match:
    """Whether ``text`` states ``concept`` (one phrasing, or alternatives), by meaning, with the quote."""
    prepared = analyse(text, lang)
    alternatives = [concept] if isinstance(concept, str) else list(concept)
    raw = prepared.text
    best = NO_MATCH
    folded = prepared.folded
    for alt in alternatives:
        found = None
        if alt and len(alt) <= 40 and any(v in folded for v in _text._variants(alt)):
            found = _text.find_phrase(raw, alt)
        if found:
            start = raw.find(found)
            return Match(1.0, Span(start, start + len(found), found))
        m = _best(prepared, analyse(alt, prepared.lang))
        if m.score > best.score:
            best = m
    return best


def contradicts(a: str | Analysis, b: str | Analysis, lang: str | None = None) -> bool:
    """Whether ``b`` says the opposite of ``a``: the same content with the polarity flipped (会退款 / 不能退款),
    or a pair of opposite words about the same thing (系统正常 / 系统出现故障)."""
    ua, ub = analyse(a, lang).whole, analyse(b, lang).whole
    if not ua.weights or not ub.weights:
        return False
    words, clash = _word_cover(ua, ub)
    back, clash_b = _word_cover(ub, ua)
    if max(clash, clash_b) >= POLARITY_CLASH and max(words, back) >= 0.5:
        return True
    if _time_agreement(ua, ub) < 0 and max(words, back) >= 0.5:
        return True
    ta, tb = set(ua.tokens) | _negated_forms(ua), set(ub.tokens) | _negated_forms(ub)
    shared = (set(ua.weights) & set(ub.weights)) - _ANTONYM_WORDS
    for pos, neg in negation.ANTONYMS:
        if ((ta & pos and tb & neg) or (ta & neg and tb & pos)) and (
            shared or len(ua.weights) <= 2 or len(ub.weights) <= 2
        ):
            pa, pb = ta & pos, tb & pos
            if (pa and not pb and not (ta & neg)) or (pb and not pa and not (tb & neg)):
                return True
    return False


_ANTONYM_WORDS = frozenset(w for pair in negation.ANTONYMS for side in pair for w in side)


def _negated_forms(unit: Unit) -> set[str]:
    """Negated words as the opposite side would say them: 不能 for a negated 能."""
    out: set[str] = set()
    for tok in unit.negated:
        for pos, neg in negation.ANTONYMS:
            if tok in pos:
                out.update(neg)
    return out
