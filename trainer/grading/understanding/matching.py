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
import operator
import re
from collections.abc import Sequence

from trainer.grading import text as _text
from trainer.grading.understanding import negation
from trainer.grading.understanding.analysis import CONTENT_WORD as CONTENT_WORD
from trainer.grading.understanding.analysis import Analysis, Unit, analyse
from trainer.grading.understanding.analysis import _analyse as _analyse  # callers clear its cache
from trainer.grading.understanding.temporal import times_match
from trainer.grading.understanding.types import MATCH_THRESHOLD, NO_MATCH, Match, Span

SYNONYM_CREDIT = 0.8
ROGET_CREDIT = 0.5
SUBSTRING_CREDIT = 0.9  # a Chinese word found inside the other text, which the segmenter cut differently
# Share of the matched word weight that must be negated on one side only for a polarity clash.
POLARITY_CLASH = 0.34
ACT_WEIGHT = -4.0
# A clause that only promises to look into, try or consider something (看看能不能, 尽量, "we'll look into a
# refund") says a key point that does it at HEDGED of the score; a key point worded that way itself is
# not discounted (我去找主管争取).
HEDGED = 0.6
HEDGE = re.compile(
    r"看看(?:能不能|能否|是否|有没有|怎么)|看能不能|研究一下|考虑一下|尽量|尽可能|争取|反映一下|问问看|试试看|"
    r"试一下|不(?:太|大|怎么)(?:建议|推荐|合适|好|方便|行)|\b(?:look|looking) into\b|\bsee (?:if|whether|what (?:i|we) can)\b|\btry (?:to|and)\b|"
    r"\b(?:will|'ll|we'd|i'd) consider\b|\bmight\b|\bmaybe\b|\bperhaps\b|\bhopefully\b|\bpossibly\b|"
    r"\bdo (?:my|our) best\b|\bwith (?:any|a bit of) luck\b|\bif (?:at all )?possible\b|\bwhere possible\b|"
    r"\bhoping to\b|\b(?:i|we) hope to\b|\bsee about\b|\bmay be able to\b|\bpotentially\b|\bfingers crossed\b|"
    r"\bsee what (?:i|we) can do\b|\bwhen (?:i|we) get (?:a|the) chance\b"
)
# A word of at least CONTENT_WORD (analysis.py) is a content word of a concept; a clause that meets only
# one of a concept's two or more content words says it at SINGLE_WORD of the score (a shared word is not a
# meaning).
SINGLE_WORD = 0.75
# Mean embedding cosine of unrelated pairs per language (Chinese is mostly bytes to this embedding, so
# even unrelated Chinese sentences sit near 0.45): the embedding feature counts only what is above it.
_EMB_BASE = {"zh": 0.45, "en": 0.1}
COVER_WEIGHTS = (-1.9, 4.42, 0.0, 0.0, 0.89, 0.0, ACT_WEIGHT)
SIM_WEIGHTS = (-1.98, 4.85, 0.0, 0.69, 2.9, 2.16, ACT_WEIGHT)

# --- features ------------------------------------------------------------------------------------


# An admission ("我们应该在下单时就提醒您", "我当时应该先核实", "I should have checked first") says both that
# it was not done and what should be done: it never clashes with a concept that says it was not done
# (a count it should have had, "本该 4 个", is a fact, not an admission).
ADMISSION = re.compile(
    r"(?:当时|那时|那次|本来|早|之前|一开始)就?(?:应该|应当|该)|本[该应](?!\s*(?:是|有)?\s*[\d一二两三四五六七八九十几])|早该|应该早|"
    r"应该在[^，。,.]{1,12}(?:时|的时候)就|\bshould(?:n't| not)? have\b|\bshould've\b|\bought to have\b"
)


@functools.lru_cache(maxsize=8192)
def _admission(text: str) -> bool:
    return bool(ADMISSION.search(text))


def _word_cover(c: Unit, t: Unit) -> tuple[float, float]:
    """Weighted share of ``c``'s words found in ``t`` (synonyms at :data:`SYNONYM_CREDIT`), and the share
    of that matched weight whose polarity differs (said in one, negated in the other)."""
    total, words, _ = c.sought
    got = clash = 0.0
    there, text, keyset, negated = t.weights, t.span.text, t.keyset, t.negated
    for tok, w, ks, time, inside, neg in words:
        if tok in there:
            credit = 1.0
            other = tok
        elif time and t.times:
            credit, other = 1.0, tok
        elif inside and tok in text:
            credit, other = SUBSTRING_CREDIT, tok  # segmented otherwise there: 手机号 in 手机号码
        else:
            if not ks or ks.isdisjoint(keyset):
                continue
            shared = ks & keyset
            # Roget's groups (r…) are looser than 词林's and the domain groups: they count for less
            credit = SYNONYM_CREDIT if any(k[0] != "r" for k in shared) else ROGET_CREDIT
            other = next((o for o, oks in t.keys.items() if not shared.isdisjoint(oks)), tok)
        got += w * credit
        if neg != (other in negated) and not (neg and _admission(text)):  # looked up only when it counts
            clash += w * credit
    if not total:
        return 0.0, 0.0
    return got / total, (clash / got if got else 0.0)


def _single_word(c: Unit, t: Unit) -> bool:
    """Whether ``t`` meets only one of two or more content words of ``c`` (weight ≥ :data:`CONTENT_WORD`),
    exactly or by a synonym: "record it for the team" is not said by "my football team won"."""
    content = c.sought[2]
    if len(content) < 2:
        return False
    met = 0
    there, text, keyset = t.weights, t.span.text, t.keyset
    for tok, _, ks, _, inside, _ in content:
        if tok in there or (inside and tok in text) or (ks and not ks.isdisjoint(keyset)):
            met += 1
            if met >= 2:
                return False
    return True


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


def features(
    c: Unit,
    t: Unit,
    lang: str,
    symmetric: bool = False,
    embed: bool = True,
    grams_too: bool = True,
    cover: tuple[float, float] | None = None,
) -> tuple[float, ...]:
    """The comparison features of ``c`` against ``t`` (see the module doc) in :data:`COVER_WEIGHTS` order,
    then the polarity clash (1 when the shared words are negated in one text only). ``embed=False`` leaves
    the embedding out (its feature 0), ``grams_too=False`` the character n-grams, for weights that do
    not use them. ``cover``: ``_word_cover(c, t)`` when the caller has it already."""
    words, clash = _word_cover(c, t) if cover is None else cover
    grams = _gram_cover(c, t) if grams_too else 0.0
    if symmetric:
        back, clash_b = _word_cover(t, c)
        words = 2 * words * back / (words + back) if words + back else 0.0
        if grams_too:
            gb = _gram_cover(t, c)
            grams = 2 * grams * gb / (grams + gb) if grams + gb else 0.0
        clash = max(clash, clash_b)
    base = _EMB_BASE.get(lang, 0.1)
    emb = min(1.0, max(0.0, (_cos(c, t) - base) / (1.0 - base))) if embed else 0.0
    # Asking is not telling: a request against a read-back always clashes; two whole sentences also clash
    # when only one of them asks ("When did you order?" / "You ordered yesterday").
    act = 1.0 if c.act != t.act and ((c.act and t.act) or (symmetric and 1 in (c.act, t.act))) else 0.0
    polarity = 1.0 if clash >= POLARITY_CLASH else 0.0
    zh = lang == "zh"
    # Chinese: the embedding only confirms shared content (alone it rates any two sentences alike).
    emb_zh = emb * words if zh else 0.0
    return (words, grams, emb_zh, 0.0 if zh else emb, _time_agreement(c, t), act, polarity)


def _logistic(weights: Sequence[float], feats: Sequence[float]) -> float:
    if len(weights) != len(feats) + 1:
        raise ValueError("one weight per feature and an intercept")
    z = weights[0] + sum(map(operator.mul, weights[1:], feats))
    return 1.0 / (1.0 + math.exp(-z))


@functools.lru_cache(maxsize=8192)
def _hedged(text: str) -> bool:
    return bool(HEDGE.search(_text.normalize(text)))


def hedged(text: str) -> bool:
    """Whether ``text`` only promises to try, hope for or look into something ("we'll try to send it",
    "hopefully", "we might be able to", 尽量, 争取) rather than saying it is or will be done."""
    return _hedged(text)


# The range of each feature of :func:`features` in COVER_WEIGHTS order (for :func:`_words_needed`).
_FEATURE_RANGES = ((0.0, 1.0), (0.0, 1.0), (0.0, 1.0), (0.0, 1.0), (-1.0, 1.0), (0.0, 1.0))


@functools.lru_cache(maxsize=64)
def _most_besides_words(weights: tuple[float, ...]) -> float:
    """The most the intercept and every feature but the word coverage add to a cover score's logit (each
    feature at its most helpful end of :data:`_FEATURE_RANGES`)."""
    return weights[0] + sum(
        max(w * lo, w * hi) for w, (lo, hi) in zip(weights[2:], _FEATURE_RANGES[1:], strict=True)
    )


@functools.lru_cache(maxsize=64)
def _words_needed(floor: float, weights: tuple[float, ...]) -> float:
    """The word coverage below which a window's cover score (:func:`_score`, not symmetric, with
    ``weights``) stays under ``floor`` less a rounding margin, however the other features fall (each at
    its most helpful end of :data:`_FEATURE_RANGES`) and with no discount (each factor _score applies is
    at most 1, which this relies on); 0 when coverage does not raise the score."""
    if weights[1] <= 0.0:
        return 0.0
    rest = _most_besides_words(weights)
    p = floor - 1e-6
    return (math.log(p / (1.0 - p)) - rest) / weights[1] - 1e-9


def _score(
    c: Unit,
    t: Unit,
    lang: str,
    symmetric: bool,
    one_word: bool = True,
    cover: tuple[float, float] | None = None,
) -> tuple[float, bool]:
    if not c.weights or not t.weights:
        return 0.0, False
    weights = SIM_WEIGHTS if symmetric else COVER_WEIGHTS
    embed = bool(weights[3] if lang == "zh" else weights[4])
    feats = features(c, t, lang, symmetric, embed, bool(weights[2]), cover)
    score = _logistic(weights, feats[:6])
    if one_word and not symmetric and _single_word(c, t):
        score *= SINGLE_WORD
    if one_word and not symmetric and _hedged(t.span.text) and not _hedged(c.span.text):
        score *= HEDGED  # "we'll look into a refund" does not say "refund issued"
    # Polarity is reported as ``negated`` rather than folded into the score.
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


def _better(new: Match, old: Match) -> bool:
    """Whether ``new`` beats ``old``: a hit beats a non-hit (a clause that says it outranks a closer one
    that negates it), then the higher score, then the shorter quote."""
    if new.hit != old.hit:
        return new.hit
    if abs(new.score - old.score) > 1e-9:
        return new.score > old.score
    return new.span is not None and old.span is not None and len(new.span.text) < len(old.span.text)


def _best(text: Analysis, sought: Analysis, one_word: bool = True, floor: float = 0.0) -> Match:
    best = NO_MATCH
    c = sought.whole
    if not c.weights:
        return best
    # A window that covers too little of the concept's words cannot reach the floor: it is not scored. No
    # window covers more than the whole text does, so when even that falls short none is.
    need = _words_needed(floor, COVER_WEIGHTS) if floor > 0.0 else 0.0
    if need > 0.0 and _word_cover(c, text.whole)[0] < need:
        return best
    lang = text.lang
    windows = []
    for unit in text.candidates(c):
        cover = _word_cover(c, unit)
        if cover[0] >= need:
            windows.append((cover, unit))
    # The windows are scored from the one covering most of the concept's words down. The most a window's
    # score can be for its coverage (the other features at their most helpful, no discount) only falls
    # along that order: once it cannot reach the best so far, nor the threshold while the best is no hit,
    # no window left can beat it (margins well above the rounding to 6 places). Among windows that match
    # equally well the first in the text's order wins, as when they are scored in that order.
    gain, rest = COVER_WEIGHTS[1], _most_besides_words(COVER_WEIGHTS)
    at = -1
    for i in sorted(range(len(windows)), key=lambda i: -windows[i][0][0]):
        cover, unit = windows[i]
        if gain > 0.0 and best.score > 1e-6:
            top = 1.0 / (1.0 + math.exp(-(rest + gain * cover[0])))
            if top < best.score - 1e-6 and (best.hit or top < MATCH_THRESHOLD - 1e-6):
                break
        score, neg = _score(c, unit, lang, False, one_word, cover)
        score = round(score, 6)
        # :func:`_better` on the bare figures (a Match is made only for a window that wins)
        hit = score >= MATCH_THRESHOLD and not neg
        if hit != best.hit:
            wins = hit
        elif abs(score - best.score) > 1e-9:
            wins = score > best.score
        else:  # as good: the shorter quote, or the one first in the text when as long
            old = len(best.span.text) if best.span is not None else -1
            wins = len(unit.span.text) < old or (i < at and len(unit.span.text) == old)
        if wins:
            best, at = Match(score, unit.span, neg), i
    return best


def match_examples(
    text: str | Analysis, examples: Sequence[str | Analysis], lang: str | None = None
) -> Match:
    """How well any clause of ``text`` says what any of ``examples`` says (intent-style matching).

    An example is a whole utterance, not a key point: the single-content-word discount of
    :func:`match_concept` is not applied (on the role-play dev sets it cost recall and bought nothing)."""
    prepared = analyse(text, lang)
    best = NO_MATCH
    for example in examples:
        m = _best(prepared, analyse(example, prepared.lang), one_word=False)
        if _better(m, best):
            best = m
    return best


def _said_verbatim(raw: str, folded: str, alt: str, index: int) -> Match | None:
    """A full match when the text says the phrasing ``alt`` word for word (or a listed variant of it)."""
    if not alt or len(alt) > 40 or not any(v in folded for v in _text._variants(alt)):
        return None
    found = _text.find_phrase(raw, alt)
    if not found:
        return None
    start = raw.find(found)
    return Match(1.0, Span(start, start + len(found), found), phrasing=index)


def match_concept(
    text: str | Analysis, concept: str | Sequence[str], lang: str | None = None, floor: float = 0.0
) -> Match:
    """Whether ``text`` states ``concept`` (one phrasing, or alternatives), by meaning, with the quote
    (``phrasing``: the index of the alternative that gave the match).

    ``floor`` (at least :data:`~.types.MATCH_THRESHOLD`) is for a caller that wants only a hit scoring at
    least that much: a phrasing the text cannot say that well is not compared clause by clause, so when
    there is no such hit the result may be NO_MATCH instead of the best match below the floor; when there
    is one, it is exactly the result without ``floor``."""
    if floor and floor < MATCH_THRESHOLD:
        raise ValueError("floor below the match threshold")
    prepared = analyse(text, lang)
    alternatives = [concept] if isinstance(concept, str) else list(concept)
    raw = prepared.text
    best = NO_MATCH
    folded = prepared.folded
    won = -1
    for i, alt in enumerate(alternatives):
        exact = _said_verbatim(raw, folded, alt, i)
        if exact is not None:
            return exact
        m = _best(prepared, analyse(alt, prepared.lang), floor=floor)
        if _better(m, best):
            best, won = m, i
    return best if won < 0 else Match(best.score, best.span, best.negated, phrasing=won)


def match_each(
    text: str | Analysis, alternatives: Sequence[str], lang: str | None = None, floor: float = 0.0
) -> list[Match]:
    """:func:`match_concept` for each alternative on its own (``phrasing`` set to its index), at the cost of
    one :func:`match_concept` call: it stops after the first alternative found word for word, which is the
    best match there is."""
    if floor and floor < MATCH_THRESHOLD:
        raise ValueError("floor below the match threshold")
    prepared = analyse(text, lang)
    raw, folded = prepared.text, prepared.folded
    out: list[Match] = []
    for i, alt in enumerate(alternatives):
        exact = _said_verbatim(raw, folded, alt, i)
        if exact is not None:
            out.append(exact)
            break
        m = _best(prepared, analyse(alt, prepared.lang), floor=floor)
        out.append(Match(m.score, m.span, m.negated, phrasing=i))
    return out


def best_of(matches: Sequence[Match]) -> Match:
    """The best of ``matches`` as :func:`match_concept` chooses (NO_MATCH when there are none)."""
    best = NO_MATCH
    for m in matches:
        if m.span is not None and (best.span is None or _better(m, best)):
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
