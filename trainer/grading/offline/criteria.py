"""One criterion scored from what the answer says: its key points (by meaning), the part of the reference
aligned to it, its anchors for the same question; ``must_not`` and diagnosis checks set it to 0.

Every source gives a coverage in 0..1 of what the criterion asks for; the coverage maps onto 0..max so
that saying all of it, in any words, earns the max and saying nothing relevant earns 0.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from trainer.grading import taxonomy, understanding
from trainer.grading.offline import facts
from trainer.grading.offline.acts import ACT_CREDIT, act_said, states_cause
from trainer.grading.offline.features import reference_estimate, reference_features
from trainer.grading.offline.phrases import Sentence, containment, folded_text, said_somewhere, union_doc
from trainer.grading.offline.prepare import Doc, PreparedConcept, PreparedCriterion, Reference, make_doc
from trainer.grading.offline.violations import (
    WRONG_POLES,
    must_not_claim,
    must_not_hit,
    must_not_meant,
    must_not_secret,
)
from trainer.grading.text import find_phrase, normalize, split_sentences
from trainer.grading.types import Concept
from trainer.grading.understanding import sensitive, stance
from trainer.grading.understanding.lexicon import META_WORDS, TIME_WORDS
from trainer.grading.understanding.matching import best_of, hedged, match_each

# Coverage of a phrasing at or above FULL_MATCH counts as saying it; below NO_MATCH as not saying it.
FULL_MATCH = 0.75
NO_MATCH = 0.4
# A key point counts only when said at least this fully (chosen on the dev halves and the blind dev files:
# 0.4 against 0.5 scored excellent answers in other words a little closer to hand, wrong ones no higher).
COUNTS = 0.4
# A point said in part (credit from PARTIAL_FROM up to COUNTS) adds PARTIAL of its credit.
PARTIAL, PARTIAL_FROM = 0.5, 0.2
# Share of what a criterion asks for that earns its max (room for one point put differently).
FULL_COVERAGE = 0.8
# The understanding layer's match score at which a concept counts as not said / fully said.
MEANING_NONE, MEANING_FULL = 0.5, 0.7
# A criterion with key points: its aligned reference counts up to this much above the key points' share.
REF_ABOVE_KEYS = 0.25
# ... and at most REF_PER_KEY times the key points' own share: with none of them said, the reference's
# topic words alone earn nothing.
REF_PER_KEY = 2.0
# Anchors count when the answer is at least this close to one of them; fully at ANCHOR_FULL.
ANCHOR_START, ANCHOR_FULL, ANCHOR_WEIGHT = 0.5, 0.85, 0.5


@dataclass
class Outcome:
    """A criterion's result before rounding: share of max, the quote, what was found and missed."""

    share: float
    evidence: str = ""
    found: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    violation: str = ""
    wrong: list[str] = field(default_factory=list)  # key points spoken of but judged otherwise
    opposed: list[str] = field(default_factory=list)  # key points spoken of with the opposite position
    misstated: list[str] = field(default_factory=list)  # key points given another time or sum than theirs


def times_clash(phrasings: tuple[str, ...], said: str) -> bool:
    """Whether ``said`` gives a time or duration where the concept has one, and none of them agrees
    ("15 个工作日" for "1个工作日内办好")."""
    given = understanding.times(said)
    if not given:
        return False
    wanted = [t for p in phrasings for t in understanding.times(p)]
    if not wanted:
        return False
    return not any(understanding.times_match(a, b) for a in wanted for b in given)


@functools.lru_cache(maxsize=4096)
def _values_named(text: str) -> tuple[frozenset[str], frozenset[str]]:
    return (
        frozenset(t.id for t, _ in taxonomy.classes_named(text)),
        frozenset(t.id for t, _ in taxonomy.urgencies_named(text)),
    )


# Numbered items a text is about: "3号", "1、4号", "1 号和 4 号", "第2张", "#5", "ticket 6".
_ITEMS = re.compile(
    r"((?:\d+\s*号?\s*(?:[、,，/]|和|与|及)\s*)*\d+)\s*号|第\s*(\d+)\s*[张单件个条]|#\s*(\d+)|"
    r"\b(?:ticket|case|item|no\.?)\s*(\d+)",
    re.I,
)


@functools.lru_cache(maxsize=4096)
def items_named(text: str) -> frozenset[str]:
    """The numbers of the items ``text`` speaks of (ticket 3, 1、4号)."""
    out: set[str] = set()
    for m in _ITEMS.finditer(normalize(text)):
        for group in m.groups():
            if group:
                out.update(re.findall(r"\d+", group))
    return frozenset(out)


# An order of numbered items: "3 → 1、4 → 2 → 5 → 6", "顺序：3、1 和 4、2、5、6", "先3号再1号4号".
_STEP = re.compile(r"\s*(?:→|->|=>|>|、|，|,|再到|再|然后|之后|接着)\s*")
_SAME = re.compile(r"\s*(?:和|与|及|跟|&|/)\s*")
_ORDERED = re.compile(
    r"(?:顺序|次序|排序|先后|order)[^0-9\n]{0,6}((?:\d+\s*号?\s*(?:→|->|=>|>|、|，|,|和|与|及|跟|&|/|再|然后)\s*)+\d+)"
    r"|((?:\d+\s*号?\s*(?:和|与|及|、|/)?\s*)+(?:→|->|=>)\s*(?:\d+\s*号?\s*(?:→|->|=>|、|和|与|及|/)?\s*)+)",
    re.IGNORECASE,
)


_ASIDE = re.compile(r"\s*\([^()\n]{1,30}\)")


@functools.lru_cache(maxsize=4096)
def items_order(text: str) -> dict[str, int]:
    """The rank of each numbered item in an order the text gives (3 → 1、4 → 2: {3: 0, 1: 1, 4: 1, 2: 2});
    empty when it gives no order of three or more steps."""
    # an aside in brackets after an item ("6（07:30）→ 5", "3 号（冷链）→ 1、4 号") names it, it is no step
    for m in _ORDERED.finditer(_ASIDE.sub("", normalize(text))):
        run = (m.group(1) or m.group(2)).replace("号", "")
        arrows = bool(re.search(r"→|->|=>|>", run))
        ranks: dict[str, int] = {}
        # with arrows, 、 joins items of the same step; without them, 、 separates steps
        steps = re.split(r"\s*(?:→|->|=>|>)\s*", run) if arrows else _STEP.split(run)
        for rank, step in enumerate(x for x in steps if x.strip()):
            for num in re.findall(r"\d+", step):
                ranks.setdefault(num, rank)
        if len(set(ranks.values())) >= 3:
            return ranks
    return {}


def order_clash(phrasings: tuple[str, ...], said: str) -> bool:
    """Whether ``said`` gives an order of the items that puts two of them the other way round from the
    concept's order ("5 → 3 → 2 → 1、4 → 6" does not say "处理顺序3→1、4→2→5→6")."""
    given = items_order(said)
    if not given:
        return False
    for p in phrasings:
        wanted = items_order(p)
        common = [x for x in wanted if x in given]
        if any(
            wanted[a] < wanted[b] and given[a] > given[b]
            for i, a in enumerate(common)
            for b in common[i + 1 :]
        ):
            return True
    return False


def item_clash(phrasings: tuple[str, ...], said: str) -> bool:
    """Whether the concept is about numbered items and ``said`` about others only ("5号定紧急" does not
    say "3号定紧急")."""
    wanted = frozenset().union(*(items_named(p) for p in phrasings))
    if not wanted:
        return False
    given = items_named(said)
    return bool(given) and not given & wanted


def items_part(text: str, wanted: frozenset[str]) -> str:
    """The part of ``text`` about the items ``wanted`` where it goes through several in turn ("1 号、4 号是
    系统故障，紧急；3 号属服务流程，定高；…": for 3 号, "3 号属服务流程，定高；"): from each mention of one of
    them to the next mention of another item. ``text`` itself when it names no other item."""
    said = normalize(text)
    marks = [(m.start(), items_named(m.group(0))) for m in _ITEMS.finditer(said)]
    if not wanted or not any(items - wanted for _, items in marks):
        return text
    parts = [
        said[start : marks[i + 1][0] if i + 1 < len(marks) else len(said)]
        for i, (start, items) in enumerate(marks)
        if items & wanted
    ]
    return "".join(parts) or text


def taxonomy_clash(phrasings: tuple[str, ...], said: str) -> bool:
    """Whether ``said`` names a problem class or urgency where the concept names one, and none that the
    concept names ("3 号属于外部因素，定高" does not say "3号定紧急"); where ``said`` goes through several
    items in turn, what it names for the concept's own items (:func:`items_part`)."""
    said = items_part(said, frozenset().union(*(items_named(p) for p in phrasings)))
    for kind in (0, 1):
        wanted = frozenset().union(*(_values_named(p)[kind] for p in phrasings))
        if not wanted:
            continue
        given = _values_named(said)[kind]
        if given and not given & wanted:
            return True
    return False


# A phrasing that is a question to the customer ("卡现在在您身边吗", "这几笔是您自己刷的吗", "does that
# work") is said only by a sentence that asks: "系统显示有三笔境外交易" states, it does not ask.
_QUESTION = re.compile(
    r"(?:[？?]|吗|呢)\s*$|^(?:does|do|did|is|are|was|were|can|could|would|will|shall|may|have|has)\b"
    r"(?=.*\b(?:you|your|that|this|it)\b)",
    re.IGNORECASE,
)
_ASKING = re.compile(
    r"[？?]|吗|是否|有没有|是不是|对不对|对吧|行不行|好不好|可不可以|能不能|可以吗|请问|"
    r"\b(?:whether|let me know if|tell me if|okay with you|work for you)\b|"
    r"(?:^|[,;:.]\s*)(?:does|do|did|is|are|was|were|can|could|would|will|shall|may|have|has)\s+(?:you|that|this|it)\b",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=8192)
def is_question(phrasing: str) -> bool:
    """Whether a key point's phrasing is a question to put to the customer."""
    return bool(_QUESTION.search(phrasing.strip()))


@functools.lru_cache(maxsize=8192)
def is_asking(sentence: str) -> bool:
    """Whether a sentence of the answer asks something (a question mark, 吗, 是否, "whether", "do you …")."""
    return bool(_ASKING.search(sentence))


# The distinctive part of a phrasing: its content words that the case itself (the question and its
# background) does not give. A sentence that meets all the rest of a phrasing and none of that part does
# not say it by meaning alone: in a case about a rider's delivery, "安排骑手优先配送" is not said by a
# sentence about the rider and his delivery that has nothing of 优先.
@functools.lru_cache(maxsize=8192)
def _parts_of(phrasing: str, case: str, lang: str) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """The content words of ``phrasing`` the case gives and those it does not (word, synonym keys, may be
    found inside the other text's characters); both empty when the case is empty."""
    if not case:
        return (), ()
    unit = understanding.analyse(phrasing, lang).whole
    given = understanding.analyse(case, lang).whole.weights
    words = [(w.tok, w.keys, w.inside) for w in unit.sought[2] if w.tok not in META_WORDS]
    return tuple(w for w in words if w[0] in given), tuple(w for w in words if w[0] not in given)


def distinct_missed(phrasing: str, analysis: Any, span: Any, case: str, lang: str) -> bool:
    """Whether the clauses of ``analysis`` within ``span`` (where a match was found) meet every content word
    of ``phrasing`` that the case gives and none of those it does not (see above); False when the phrasing
    has no words of either kind."""
    shared, own = _parts_of(phrasing, case, lang)
    if not shared or not own:
        return False
    units = [u for u in analysis.units if u.span.start >= span.start and u.span.end <= span.end]
    if not units:
        return False

    def met(word: tuple[Any, ...]) -> bool:
        tok, ks, inside = word
        return any(
            tok in u.weights or (inside and tok in u.span.text) or bool(ks and not ks.isdisjoint(u.keyset))
            for u in units
        )

    return all(met(w) for w in shared) and not any(met(w) for w in own)


# A reference the customer can quote: an order, case or waybill number (40-22817, EC77120451, DSR-2291).
_IDENT = re.compile(
    r"(?<![A-Za-z0-9.])(?:[A-Za-z]{1,6}-?\d{3,}[A-Za-z0-9-]*|\d{2,}-\d{3,}[A-Za-z0-9-]*)(?![A-Za-z0-9.])"
)


@functools.lru_cache(maxsize=8192)
def identifiers(text: str) -> frozenset[str]:
    """The reference numbers ``text`` names, folded (upper case, no dashes)."""
    return frozenset(m.group(0).upper().replace("-", "") for m in _IDENT.finditer(normalize(text)))


def ident_missing(phrasing: str, sentence: str, case: str = "") -> bool:
    """Whether ``phrasing`` names a reference number that ``sentence`` does not give: the case's own number
    (an order number in the question) must be that one ("order 40-22817" is not said by "I've checked with
    the carrier" nor by "a 40.00 credit on your next orders"); one the agent issues (a case number in the
    reference) may be any."""
    wanted = identifiers(phrasing)
    if not wanted:
        return False
    given = identifiers(sentence)
    own = wanted & identifiers(case)
    return not (given & own) if own else not given


@functools.lru_cache(maxsize=8192)
def _negates(phrasing: str, sentence: str) -> bool:
    return understanding.match_concept(sentence, [phrasing]).negated


def negated_there(phrasing: str, s: Sentence) -> bool:
    """Whether a sentence that shares a phrasing's words and characters negates what it says: "I can't
    send a replacement by next-day express", "there will be no refund of the shipping fee", "without
    opening a trace" (the character measure does not see negation; the understanding layer does). In
    Chinese the word measure reads a negation said next to its verb (不够 for 不足) but not one of a topic
    put first ("这句话我会照着讲" against "这句话我不会说", "这种话我说不出口" against "我会说这种话"): a
    phrasing or sentence that negates is asked of the understanding layer too."""
    if phrasing.isascii():
        return any(t.startswith("¬") for t in s.doc.toks) and _negates(phrasing, s.text)
    return (_fronted(phrasing) or _fronted(s.text)) and _negates(phrasing, s.text)


@functools.lru_cache(maxsize=4096)
def _fronted(text: str) -> bool:
    return bool(_ZH_NEGATION.search(text)) and understanding.analysis.fronted_topic(text)


_ZH_NEGATION = re.compile(r"[不没无别未非莫勿]")


# An act an English answer only tries for or hopes for ("we'll try to send a replacement", "hopefully we can
# refund the fee", "we might be able to") is said in part: at most this credit, below COUNTS. (Chinese
# efforts, 尽量 and 争取, keep the understanding layer's discount: 争取 also heads a note's section.)
HEDGED_ACT = 0.35

# A Chinese act left open, with nothing decided: 可以考虑帮您申请, 视情况而定, 看能不能, 原则上可以, 后续再说,
# 有机会的话. A clause that also gives a time (争取今天18点前给您结果, 视情况明天上午回电) is a commitment.
_ZH_OPEN = re.compile(
    r"可以考虑|考虑一下|视(?:具体)?情况|看(?:具体)?情况(?:再|而定)|看看?能不能|看看?能否|原则上(?:可以|能)|"
    r"后续再(?:说|沟通|看)|回头再说|再说吧|有机会的话|如果有机会|要看具体情况|具体要看"
)


def left_open(text: str) -> bool:
    """Whether a Chinese sentence or clause leaves its act open (可以考虑, 视情况, 看能不能, 后续再说) without
    a time that would make it a commitment."""
    return bool(_ZH_OPEN.search(text)) and not understanding.times(text)


def _hedge_test(lang: str) -> Any:
    return hedged if lang == "en" else left_open


def concept_match(
    pc: PreparedConcept,
    content: str,
    doc: Doc,
    sentences: list[Sentence],
    meaning: Any = None,
    every: list[Sentence] | None = None,
    case: str = "",
    lang: str = "zh",
) -> tuple[float, str]:
    """How fully the answer says a concept (0..1) and the sentence that says it best; an act said only as
    something tried for or hoped for counts in part (:data:`HEDGED_ACT`), unless the concept is worded so
    itself (我去找主管争取)."""
    credit, quote = _concept_match(pc, content, doc, sentences, meaning, every, case, lang)
    test = _hedge_test(lang)
    if credit > HEDGED_ACT and quote and test(quote) and not any(test(t) for t in pc.texts):
        plain, where = _said_unhedged(pc, sentences, meaning is not None, every, case, lang)
        if plain > HEDGED_ACT:
            return plain, where
        return HEDGED_ACT, quote
    return credit, quote


def _concept_match(
    pc: PreparedConcept,
    content: str,
    doc: Doc,
    sentences: list[Sentence],
    meaning: Any = None,
    every: list[Sentence] | None = None,
    case: str = "",
    lang: str = "zh",
) -> tuple[float, str]:
    """How fully the answer says a concept (0..1) and the sentence that says it best.

    Words and character bigrams first (cheap); when they do not settle it, the understanding layer's
    meaning match (synonyms, numerals and times, negation) on ``meaning``, the answer's analysis.
    ``every``: all the answer's sentences when ``sentences`` leaves some out (a sentence set aside still
    takes a position back). ``case``: the question and its background; a partial match by meaning counts
    not where the sentence meets only the phrasing's words that they give (:func:`distinct_missed`).
    """
    best, quote = 0.0, ""
    refused = sensitive.refused_kinds(pc.texts)
    if refused and any(refused & sensitive.asks_for(s.text) for s in sentences):
        return 0.0, ""  # "never asks for the CVV" is not said by an answer that asks for it
    folded = folded_text(content)
    base = _clash_check(pc.texts)
    clashes = _time_check(pc.texts, _stance_check(pc.texts, base))
    if _admits(content) and not _LESSON_LEVEL.search(pc.concept.concept):
        # what the candidate admits should have been done ("我当时应该先做风险测评的", "I should have checked")
        # was not done: it says a lesson, not the act
        plain = clashes
        clashes = lambda sentence: plain(sentence) or bool(_OWN_ADMISSION.search(sentence))  # noqa: E731
    if taken_back(pc, every or sentences):
        return 0.0, ""
    if base is not _NO_CLASH and any(order_clash(pc.texts, s.text) for s in sentences):
        return 0.0, ""  # the answer gives another order of the items: no part of this one is said
    for text, phrase in zip(pc.texts, pc.phrasings, strict=True):
        found = find_phrase(content, text) if said_somewhere(text, folded) else None
        if found:
            sentence = next((s.text for s in sentences if found in s.text), found)
            if not clashes(sentence) and not (is_question(text) and not is_asking(sentence)):
                return 1.0, sentence
        whole = containment(phrase, doc)
        if whole < NO_MATCH or whole <= best:  # the whole answer bounds every sentence
            continue
        question = is_question(text)
        for s in sentences:
            value = containment(phrase, s.doc)
            if (
                value > best
                and not clashes(s.text)
                and not (question and not is_asking(s.text))
                and not negated_there(text, s)
                and not ident_missing(text, s.text, case)
            ):
                best, quote = value, s.text
    credit = max(0.0, min(1.0, (best - NO_MATCH) / (FULL_MATCH - NO_MATCH)))
    if credit < 1.0 and meaning is not None:
        analysis = meaning()
        # with no clash test to look elsewhere, a match below MEANING_NONE changes nothing: ask for no less
        floor = (
            MEANING_NONE if clashes is _NO_CLASH and MEANING_NONE >= understanding.MATCH_THRESHOLD else 0.0
        )
        m = _meant(pc, match_each(analysis, pc.texts, floor=floor), analysis, sentences, credit, case, lang)
        if m.span is not None and clashes(_sentence_of(m.span.text, sentences)):
            # said of another item or with another class or urgency: look only where it is not (and there
            # too a match on the case's own words only, or without the reference number, does not count)
            rest = "\n".join(s.text for s in sentences if not clashes(s.text))
            other = understanding.analyse(rest, analysis.lang)
            m = _meant(pc, match_each(other, pc.texts), other, sentences, credit, case, lang)
        if m.span is not None and not m.negated and not _meaning_clash(pc, m.span.text):
            meant = max(0.0, min(1.0, (m.score - MEANING_NONE) / (MEANING_FULL - MEANING_NONE)))
            if meant > credit:
                credit = meant
                quote = _sentence_of(m.span.text, sentences)
    if credit < 1.0 and base is _NO_CLASH:  # a concept about no item, class or urgency (its parts keep
        # their own stance test)
        split, where = _parts_match(pc, content, doc, sentences, meaning, every, case, lang)
        if split > credit:
            credit, quote = split, where
    if credit >= PARTIAL_FROM:
        credit = _precondition_kept(pc.concept.concept, credit, quote, content)
    name = pc.concept.concept.strip()
    if credit < ACT_CREDIT:
        stated = act_said(name, sentences)
        if stated:
            credit, quote = ACT_CREDIT, stated
    if credit < ACT_CREDIT and _asks_for_a_time(name) and _timed_acts(pc.texts):
        # a key point that asks for a time to hear back ("具体答复时间") is said by any such time to come, in any
        # words, that agrees with its own ("下午四点前给您回电话" for 今天17点前给您答复)
        timed = next(
            (
                s.text
                for s in sentences
                if understanding.times(s.text) and not clashes(s.text) and not _meaning_clash(pc, s.text)
            ),
            "",
        )
        if timed:
            credit, quote = ACT_CREDIT, timed
    return credit, quote


# Where a clause ends inside a sentence: a comma, semicolon or colon, or an English "and", "but", "so".
_CLAUSE_END = re.compile(r"[，,；;：:]|\s(?:and|but|so)\s", re.I)


def _said_unhedged(
    pc: PreparedConcept,
    sentences: list[Sentence],
    meant: bool,
    every: list[Sentence] | None,
    case: str,
    lang: str,
) -> tuple[float, str]:
    """:func:`concept_match` on the answer with its hedged clauses left out, the quote its own sentence."""
    rest: list[Sentence] = []
    origin: dict[str, str] = {}
    test = _hedge_test(lang)
    for s in sentences:
        if not test(s.text):
            rest.append(s)
            continue
        kept = [p.strip() for p in _CLAUSE_END.split(s.text) if p.strip() and not test(p)]
        if kept:
            text = ("，" if lang == "zh" else ", ").join(kept)
            origin[text] = s.text
            rest.append(Sentence(text, make_doc(text, lang)))
    if not rest:
        return 0.0, ""
    content = "\n".join(s.text for s in rest)
    analysis: list[Any] = []

    def meaning() -> Any:
        if not analysis:
            analysis.append(understanding.analyse(content, lang))
        return analysis[0]

    credit, where = _concept_match(
        pc, content, union_doc(rest), rest, meaning if meant else None, every or sentences, case, lang
    )
    return credit, origin.get(where, where)


def _committed(doc: Doc, sentences: list[Sentence], lang: str) -> tuple[Doc, list[Sentence]]:
    """The answer without the clauses that leave their act open (可以考虑, 视情况, 后续再说): what the
    reference's words are looked for in, so that an act left open does not earn the reference's share."""
    if not any(left_open(s.text) for s in sentences):
        return doc, sentences
    rest: list[Sentence] = []
    for s in sentences:
        if not left_open(s.text):
            rest.append(s)
            continue
        kept = [p.strip() for p in _CLAUSE_END.split(s.text) if p.strip() and not left_open(p)]
        if kept:
            text = "，".join(kept)
            rest.append(Sentence(text, make_doc(text, lang)))
    return union_doc(rest), rest


def _meant(
    pc: PreparedConcept,
    each: list[Any],
    analysis: Any,
    sentences: list[Sentence],
    credit: float,
    case: str,
    lang: str,
) -> Any:
    """The best of the meaning matches ``each`` (one per phrasing of ``pc``, on ``analysis``) that may count:
    a statement does not put a question, a match on the case's own words only does not count (the next best
    phrasing may), nor one without the reference number its phrasing names."""
    m = best_of(each)
    if m.span is not None and not is_asking(_sentence_of(m.span.text, sentences)):
        # a statement does not put a question: only the phrasings that ask nothing count there
        each = [x for x in each if not is_question(pc.texts[x.phrasing])]
        m = best_of(each)
    if (
        case
        and m.span is not None
        and MEANING_NONE <= m.score < 1.0
        and (m.score - MEANING_NONE) / (MEANING_FULL - MEANING_NONE) > credit
    ):
        while (
            m.span is not None
            and m.score < 1.0
            and distinct_missed(pc.texts[m.phrasing], analysis, m.span, case, lang)
        ):
            each = [x for x in each if x.phrasing != m.phrasing]
            m = best_of(each)
    while (
        m.span is not None
        and m.score < 1.0
        and ident_missing(pc.texts[m.phrasing], _sentence_of(m.span.text, sentences), case)
    ):  # a reference number the sentence does not give
        each = [x for x in each if x.phrasing != m.phrasing]
        m = best_of(each)
    return m


# A key point that names a check to make first: "信息副本核验后提供", "先确认导出完整再删除", "客户确认后才结单",
# "Full copy after verification". The check is a verification, confirmation, approval or export.
_CHECK = r"(?:核验|核实|验证|确认|审批|审核|核对|导出|核身|verif\w*|confirm\w*|approv\w*|check\w*|export\w*)"
_PRECONDITION = (
    re.compile(r"^先(?P<x>[^，,]*" + _CHECK + r"[^，,再]*)再(?P<y>.+)$"),
    re.compile(r"^[^，,]*?(?P<x>" + _CHECK + r")(?:之后|以后|后)(?:才|再)?(?P<y>.+)$"),
    re.compile(r"^(?P<y>.+?)\s+(?:after|once)\s+(?P<x>(?:the\s+)?" + _CHECK + r".*)$", re.IGNORECASE),
)
_CHECK_SAID = re.compile(_CHECK + r"|核查|查验|验证码|\bidentity\b|\bsecure link\b", re.IGNORECASE)
# An act reported as done already, or done at once: 已经删除了, 直接帮您删除, "I've already deactivated".
_DONE_AT_ONCE = re.compile(
    r"已经|已(?!有|知|在)|直接|当场|立即|立刻|马上就|\b(?:already|right away|straight away|immediately|"
    r"I(?:'ve| have) (?:\w+ )?(?:deleted|removed|deactivated|refunded|sent|closed|cancelled))\b",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=2048)
def precondition(name: str) -> tuple[str, str] | None:
    """The check a key point names to make first and the act it allows, as (check, act): "信息副本核验后提供"
    gives ("核验", "提供"); None for a key point that names none."""
    for pattern in _PRECONDITION:
        m = pattern.match(name.strip())
        if m and m.group("x").strip() and m.group("y").strip():
            return m.group("x").strip(), m.group("y").strip()
    return None


def _precondition_kept(name: str, credit: float, quote: str, content: str) -> float:
    """A key point that names its precondition ("核验后提供") is said in part by an answer that does the act
    and never makes the check, and not at all when the act is reported done at once before any check ("已经
    帮您删除了", "I've already deactivated your account")."""
    pre = precondition(name)
    if pre is None:
        return credit
    # any check said counts (核实身份, 发个验证码确认是您本人, "once we've verified"): the order is what matters
    check = _CHECK_SAID.search(content)
    if quote and _DONE_AT_ONCE.search(quote) and (check is None or check.start() > content.find(quote) >= 0):
        return 0.0
    return credit if check else min(credit, COUNTS - 0.01)


def _meaning_clash(pc: PreparedConcept, said: str) -> bool:
    """Whether the times of ``said`` rule out a meaning match: they disagree with the key point's, except
    that a key point which asks for a time without giving one ("具体答复时间") takes any time as soon as or
    sooner than its alternatives' (16点前 for 17点前, not 5 个工作日 for 24 小时)."""
    if not times_clash(pc.texts, said):
        return False
    if not _asks_for_a_time(pc.concept.concept):
        return True
    wanted = [_rank(t.value) for p in pc.texts for t in understanding.times(p)]
    given = [_rank(t.value) for t in understanding.times(said)]
    for g in given:
        for w in wanted:
            if g is not None and w is not None and g[0] == w[0] and g[1] <= w[1]:
                return False
    return True


_CLOCK = re.compile(r"^(?:\+(\d+)d)?\s*(?:(\d{1,2}):(\d{2}))?$")
_SPAN = re.compile(r"^P(?:T(\d+)([HM])|(\d+)(WD|D|M))$")


def _rank(value: str) -> tuple[str, float] | None:
    """A time value as (family, minutes) for "as soon or sooner": clocks and days from today's start,
    durations from now; None for what does not compare (weekdays, ranges)."""
    value = value.lstrip("≤")
    m = _CLOCK.match(value)
    if m and (m.group(1) or m.group(2)):
        day = int(m.group(1) or 0)
        minutes = int(m.group(2)) * 60 + int(m.group(3)) if m.group(2) else 24 * 60
        return "clock", day * 24 * 60 + minutes
    m = _SPAN.match(value)
    if m:
        if m.group(1):
            return "span", int(m.group(1)) * (60 if m.group(2) == "H" else 1)
        per = {"D": 24 * 60, "WD": 24 * 60 * 1.4, "M": 30 * 24 * 60}[m.group(4)]
        return "span", int(m.group(3)) * per
    return None


@functools.lru_cache(maxsize=2048)
def _asks_for_a_time(name: str) -> bool:
    words = [t for t in understanding.analyse(name).whole.weights if t not in META_WORDS]
    # a short name about the time itself ("具体答复时间"), not a longer one that mentions one in passing
    return len(words) <= 3 and bool(TIME_WORDS.intersection(words)) and not understanding.times(name)


# "X并Y" in a key point is two things to say: 核实并退款, 重做并优先配送 (not 合并, 并不, 并列).
_AND = re.compile(r"(?<![合吞兼归])并且?(?![不没非未无列发购存])")


# A part of "X并Y" stands alone only with this much word weight that is neither a time word nor a word
# naming the act: 核实, 退款, 重做 do; 给时间, 确认, 请她选择 only qualify the other part.
_PART_WEIGHT = 0.65


def _substantive(part: str) -> bool:
    weights = understanding.analyse(part).whole.weights
    return sum(w for t, w in weights.items() if t not in META_WORDS and t not in TIME_WORDS) >= _PART_WEIGHT


@functools.lru_cache(maxsize=2048)
def _part_concepts(text: str) -> tuple[PreparedConcept, ...]:
    """The parts of a phrasing "X并Y" as concepts of their own (none when it has no such parts)."""
    parts = [p.strip() for p in _AND.split(text)]
    if len(parts) < 2 or not all(_substantive(p) for p in parts):
        return ()
    return tuple(PreparedConcept(Concept(p), (p,), (make_doc(p),)) for p in parts)


def _parts_match(
    pc: PreparedConcept,
    content: str,
    doc: Doc,
    sentences: list[Sentence],
    meaning: Any,
    every: list[Sentence] | None = None,
    case: str = "",
    lang: str = "zh",
) -> tuple[float, str]:
    """A key point "X并Y" said part by part, anywhere in the answer: the mean of the parts' credits (below
    :data:`COUNTS` while a part is not said), and the quote of the part said best."""
    best, quote = 0.0, ""
    for text in pc.texts:
        parts = _part_concepts(text)
        if not parts:
            continue
        said = [concept_match(p, content, doc, sentences, meaning, every, case, lang) for p in parts]
        value = sum(c for c, _ in said) / len(said)
        if any(c < COUNTS for c, _ in said):  # a part left out: said in part, not said
            value = min(value, COUNTS - 0.01)
        if value > best:
            best, quote = value, max(said, key=lambda t: t[0])[1]
    return best, quote


def said_otherwise(pc: PreparedConcept, sentences: list[Sentence]) -> str:
    """The sentence that speaks of the concept's item (or, for a concept without one, says much of it)
    but names another problem class or urgency ("" when there is none): "3 号是外部因素，定低" for
    "3号冷链药品定紧急"."""
    wanted = frozenset().union(*(items_named(p) for p in pc.texts))
    if not any(_values_named(p)[0] or _values_named(p)[1] for p in pc.texts):
        return ""
    for s in sentences:
        if not taxonomy_clash(pc.texts, s.text):
            continue
        if wanted and items_named(s.text) & wanted:
            return s.text
        if not wanted and any(containment(ph, s.doc) >= NO_MATCH for ph in pc.phrasings):
            return s.text
    return ""


def _sentence_of(span: str, sentences: list[Sentence]) -> str:
    """The sentence that holds ``span``; the sentences it runs across when it runs across several in a row
    (a meaning match from the end of one into the next), else ``span`` itself."""
    found = next((s.text for s in sentences if span in s.text), "")
    if found:
        return found
    joined = "".join(s.text for s in sentences)
    at = joined.find(span)
    if at < 0:
        return span
    out, pos = [], 0
    for s in sentences:
        if pos < at + len(span) and at < pos + len(s.text):
            out.append(s.text)
        pos += len(s.text)
    return "".join(out)


@functools.lru_cache(maxsize=4096)
def _context(point: str, reference: str) -> str:
    """The sentence of the reference that a point was cut from (what item, class, urgency it is about)."""
    return next((s for s in split_sentences(reference) if point in s), point)


def _no_clash(_sentence: str) -> bool:
    return False


_NO_CLASH = _no_clash


# Sums of money: "68元", "15 块", "¥4,800", "4800 yuan"; an upper bound when 以内/以下/不超过/"up to" goes with it.
_AMOUNT = re.compile(
    r"(?:(?P<pre>不超过|最多|至多|封顶|up to |no more than |at most )|(?P<low>最低|至少|不低于|不少于|at least |no less than ))?"
    r"(?:[¥￥$£€]\s*(?P<a>\d+(?:\.\d+)?)|(?P<b>\d+(?:\.\d+)?)\s*(?:元|块|rmb\b|yuan\b|dollars?\b|pounds?\b|euros?\b))"
    r"(?P<post>\s*(?:以内|以下|之内|封顶))?",
    re.I,
)


@functools.lru_cache(maxsize=8192)
def amounts(text: str) -> tuple[tuple[float, int], ...]:
    """The sums of money ``text`` states, each with its bound: 1 an upper bound ("15元以内"), -1 a lower
    one ("最低1000元"), 0 the sum itself."""
    folded = _THOUSANDS.sub("", understanding.normalize(text))
    return tuple(
        (
            float(m.group("a") or m.group("b")),
            1 if m.group("pre") or m.group("post") else (-1 if m.group("low") else 0),
        )
        for m in _AMOUNT.finditer(folded)
    )


def _agrees(given: float, wanted: float, bound: int) -> bool:
    if bound > 0:
        return given <= wanted
    if bound < 0:
        return given >= wanted
    return abs(given - wanted) < 0.005


@functools.lru_cache(maxsize=8192)
def _numbers(text: str) -> frozenset[float]:
    """Bare numbers of ``text`` that end a clause ("23 块运费就是 161，"), not counts ("1个")."""
    folded = _THOUSANDS.sub("", understanding.normalize(text))
    return frozenset(float(n) for n in _BARE.findall(folded))


_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_BARE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(?=\s*(?:[，。；;！!？?、）),.]|$))")


def amounts_clash(concept: str, said: str) -> bool:
    """Whether ``said`` states a sum of money where the concept's own wording names one, and none of its
    sums (nor any number it gives) agrees ("退还整单168元" for "退这道菜68元", "50元红包" for "15元以内红包").
    Sums in a concept's example phrasings illustrate; only the concept itself states the fact."""
    wanted = amounts(concept)
    if not wanted:
        return False
    given = amounts(said)
    if not given:
        return False
    numbers = _numbers(said)
    return not any(_agrees(g, w, bound) for w, bound in wanted for g in {g for g, _ in given} | numbers)


# What follows a complementizer is the object of the act, not the act: "I'll check tomorrow that it arrived"
# is a check, not an arrival.
_OBJECT_CLAUSE = re.compile(r"\b(?:that|whether|if)\b|是否|有没有", re.IGNORECASE)


def _act_keys(unit: Any) -> frozenset[str]:
    """The words of a clause other than its times and words naming the act, with their synonym keys."""
    timed = "".join(t.span.text for t in unit.times)
    out: set[str] = set()
    for tok in unit.weights:
        if tok in TIME_WORDS or tok in META_WORDS or tok.isdigit() or (timed and tok in timed):
            continue
        out.add(tok)
        out.update(unit.keys.get(tok, ()))
    return frozenset(out)


@functools.lru_cache(maxsize=2048)
def _timed_acts(phrasings: tuple[str, ...]) -> frozenset[str]:
    """For a key point that gives or asks for a time ("今天17点前给您答复", "具体答复时间", "I'll message you
    tomorrow at 1 pm"), the words of the act the time belongs to (empty for a key point without a time)."""
    # a key point about the time itself: it asks for one, or every alternative gives one
    alternatives = phrasings[1:] or phrasings
    if not _asks_for_a_time(phrasings[0]) and not all(understanding.times(p) for p in alternatives):
        return frozenset()
    out: set[str] = set()
    for p in phrasings:
        head = _OBJECT_CLAUSE.split(p, maxsplit=1)[0]
        out |= _act_keys(understanding.analyse(head).whole)
    # only a time to hear back (答复, 回电, "message you") is checked, and by any channel that says it: other
    # timed acts (办好, 到账, 派单) are read from their own words
    return frozenset(out | _REPLY_ACTS) if out & _REPLY_ACTS else frozenset()


# Ways of getting back to the customer: a time for one is a time for any (回电 for 答复, "text" for "email").
_REPLY_ACTS = frozenset(
    [
        "答复",
        "回复",
        "回电",
        "回电话",
        "电话",
        "打电话",
        "致电",
        "去电",
        "联系",
        "通知",
        "告诉",
        "告知",
        "反馈",
        "消息",
        "进展",
        "回访",
        "短信",
        "同步",
        "call",
        "phone",
        "ring",
        "email",
        "text",
        "messag",
        "updat",
        "contact",
        "follow",
        "notifi",
        "tell",
        "repli",
        "respond",
        "hear",
        "answer",
    ]
)


@functools.lru_cache(maxsize=4096)
def _timed_clauses(sentence: str) -> tuple[tuple[bool, frozenset[str], bool], ...]:
    """Each clause of ``sentence``: whether it states a time, its act words, whether it says little besides."""
    units = understanding.analyse(sentence).units
    # an act reported as done ("I've checked") is no act a time to come belongs to
    return tuple(
        (
            bool(u.times),
            _act_keys(u) if understanding.tense(u.span.text) != understanding.PAST else frozenset(),
            not _act_keys(u),
        )
        for u in units
    )


def time_unattached(acts: frozenset[str], sentence: str) -> bool:
    """Whether ``sentence`` states a time only about something else than the act ``acts`` names ("今天之内把他
    安抚住" for 具体答复时间, "I've checked … it could still arrive tomorrow" for a follow-up time): it has a
    time and no clause of it says the act other than as done."""
    if not acts or not understanding.times(sentence):
        return False
    clauses = _timed_clauses(sentence)
    # the act said anywhere in the sentence (not as done) may carry its time across a comma ("明天下午三点前，
    # 我给您答复", "周五前到账，到账后逐个通知"); only a sentence without it gives a time that is not its own
    return any(c[0] for c in clauses) and not any(c[1] & acts for c in clauses)


def _time_check(phrasings: tuple[str, ...], base: Any) -> Any:
    """``base`` extended with the attachment of times: a sentence whose times belong to another act does not
    say a key point that gives or asks for a time."""
    acts = _timed_acts(phrasings)
    if not acts:
        return base
    return lambda sentence: base(sentence) or time_unattached(acts, sentence)


def _stance_check(phrasings: tuple[str, ...], base: Any) -> Any:
    """``base`` extended with the stance test: a sentence that takes the opposite position to the concept
    (dissuades a complaint it should respect, has the customer pay where we pay, doubts what it states
    as done) does not say it, whatever words it shares with it."""
    money = bool(phrasings) and bool(amounts(phrasings[0]))
    if not stance.concept_poles(phrasings) and not money:
        return base
    return lambda sentence: (
        base(sentence)
        or bool(stance.opposes(phrasings, sentence))
        or (money and amounts_clash(phrasings[0], sentence))
    )


def said_opposite(pc: PreparedConcept, sentences: list[Sentence], near: float = NO_MATCH / 2) -> str:
    """The sentence that speaks of the concept (shares at least ``near`` of one of its phrasings) but takes
    the opposite position or names another sum ("" when none): "寄回运费请您先垫付" for "运费我们出",
    "退还整单168元" for "退这道菜68元"."""
    if any(items_order(p) for p in pc.texts):  # the items in another order
        clash = next((s.text for s in sentences if order_clash(pc.texts, s.text)), "")
        if clash:
            return clash
    money = bool(pc.texts) and bool(amounts(pc.texts[0]))
    if not stance.concept_poles(pc.texts) and not money:
        return ""
    for s in sentences:
        axis = stance.opposes(pc.texts, s.text)
        if axis and _about(axis, pc, s, near):
            return s.text
        if money and amounts_clash(pc.texts[0], s.text) and _about("", pc, s, near):
            return s.text
    return ""


# Axes on which a sentence elsewhere in the answer takes back what another says: a doubt or condition on
# the stated fact ("I can see two charges … it may not actually be a second charge"), or the customer
# paying or sending the item back after all.
_TAKEN_BACK = frozenset(
    {
        "hedge",
        "doubt",
        "payer",
        "return_first",
        "complaint",
        "blame",
        "approval",
        "assessment",
        "protect",
        "candour",
    }
)


def taken_back(pc: PreparedConcept, sentences: list[Sentence]) -> bool:
    """Whether a sentence of the answer that speaks of the concept (containment from half :data:`NO_MATCH`,
    or any sentence on an axis that names its own topic) takes the opposite position on a fact, a payer, a
    return, a complaint or the blame, or names another sum than the concept's, so the answer as a whole
    does not say it."""
    money = bool(pc.texts) and bool(amounts(pc.texts[0]))
    if not stance.concept_poles(pc.texts) and not money:
        return False
    for s in sentences:
        axis = stance.opposes(pc.texts, s.text)
        if axis in _TAKEN_BACK and _about(axis, pc, s):
            return True
        if money and amounts_clash(pc.texts[0], s.text) and _about("", pc, s):
            return True
    return False


# Axes whose poles name their own topic (a complaint, a payment, a return): a sentence that takes one is
# about the concept's matter whatever other words it uses.
_TOPICAL = frozenset(
    {"complaint", "payer", "return_first", "blame", "approval", "assessment", "protect", "candour"}
)


def _about(axis: str, pc: PreparedConcept, s: Sentence, near: float = NO_MATCH / 2) -> bool:
    return axis in _TOPICAL or any(containment(ph, s.doc) >= near for ph in pc.phrasings)


@functools.lru_cache(maxsize=4096)  # a rubric's concepts and reference points, asked for every answer
def _clash_check(phrasings: tuple[str, ...]) -> Any:
    """A test of whether a sentence speaks of other items, or names another class or urgency, than the
    concept (always False for a concept that names neither)."""
    if not any(items_named(p) or any(_values_named(p)) or items_order(p) for p in phrasings):
        return _NO_CLASH
    return lambda sentence: (
        taxonomy_clash(phrasings, sentence)
        or item_clash(phrasings, sentence)
        or order_clash(phrasings, sentence)
    )


def diagnosis_check(pc: PreparedCriterion, content: str, lang: str) -> tuple[str, list[str], list[str]]:
    """A wrong class or urgency (the reason), and the diagnosis parts said right and not said."""
    dx = pc.criterion.diagnosis
    if dx is None:
        return "", [], []
    wrong: list[str] = []
    right: list[str] = []
    missing: list[str] = []
    zh = lang == "zh"
    for expected, named, terms in (
        (dx.problem_class, taxonomy.classes_named(content), taxonomy.PROBLEM_CLASSES),
        (dx.urgency, taxonomy.urgencies_named(content), taxonomy.URGENCIES),
    ):
        if not expected:
            continue
        term = next(t for t in terms if t.id == expected)
        ids = [t.id for t, _ in named]
        if expected in ids:
            right.append(term.label(lang))
        elif ids:
            said = (
                "、".join(t.label(lang) for t, _ in named)
                if zh
                else ", ".join(t.label(lang) for t, _ in named)
            )
            wrong.append(
                f"判断为{said}，应为{term.label(lang)}"
                if zh
                else f"named {said}; expected {term.label(lang)}"
            )
        else:
            missing.append(term.label(lang))
    return ("；" if zh else "; ").join(wrong), right, missing


def reference_match(
    refs: tuple[Reference, ...], doc: Doc, sentences: list[Sentence], fitted: bool
) -> tuple[float, str]:
    """How much of a criterion's aligned reference the answer says (0..1), and the answer sentence that
    covers the most of it.

    ``fitted``: the estimate fitted on human-scored short answers (a one-criterion rubric, where the
    whole reference is the criterion); otherwise the mean over the reference's points of how fully the
    answer says each one.
    """
    best, quote = 0.0, ""
    shares: list[float] = []
    for ref in refs:
        got = 0.0
        for point in ref.points:
            context = (_context(point.text, ref.doc.text),)
            clashes = _stance_check(context, _clash_check(context))
            # a point about an item, class or urgency counts only where the answer does not say
            # otherwise of it
            fair = [s for s in sentences if not clashes(s.text)] if clashes is not _NO_CLASH else sentences
            whole = containment(point, doc if len(fair) == len(sentences) else union_doc(fair))
            got += max(0.0, min(1.0, (whole - NO_MATCH) / (FULL_MATCH - NO_MATCH)))
            if whole < NO_MATCH or whole <= best:  # no sentence holds more of it than all of them
                continue
            for s in fair:
                value = containment(point, s.doc)
                if value > best:
                    best, quote = value, s.text
        shares.append(got / len(ref.points) if ref.points else 0.0)
    estimate = reference_estimate(reference_features(doc, refs)) if fitted else max(shares, default=0.0)
    return estimate, quote


def closeness(a: Doc, b: Doc) -> float:
    """How alike two answers are, 0..1, symmetric (Dice on words, then on bigrams): a short answer is not
    close to a long one that happens to contain its words."""
    words = 2 * len(a.toks & b.toks) / (len(a.toks) + len(b.toks)) if a.toks or b.toks else 0.0
    grams = 2 * len(a.grams & b.grams) / (len(a.grams) + len(b.grams)) if a.grams or b.grams else 0.0
    return 0.7 * words + 0.3 * grams


def anchor_estimate(anchors: list[tuple[float, float]], cmax: float) -> tuple[float, float]:
    """From (closeness, score) of the question's anchors: their scores weighted by closeness (as a share
    of max) and how much they should count (0..1)."""
    if not anchors:
        return 0.0, 0.0
    top = max(sim for sim, _ in anchors)
    weight = max(0.0, min(1.0, (top - ANCHOR_START) / (ANCHOR_FULL - ANCHOR_START)))
    if weight <= 0:
        return 0.0, 0.0
    kernel = [(sim**8, s) for sim, s in anchors]
    total = sum(k for k, _ in kernel)
    return (sum(k * s for k, s in kernel) / total / cmax if total else 0.0), weight * ANCHOR_WEIGHT


def score_criterion(
    pc: PreparedCriterion,
    refs: tuple[Reference, ...],
    anchors: list[tuple[float, float]],
    content: str,
    doc: Doc,
    sentences: list[Sentence],
    lang: str,
    single: bool = False,
    meaning: Any = None,
    violation: tuple[str, str] | None = None,
    every: list[Sentence] | None = None,
    case: str = "",
) -> Outcome:
    """The criterion's share of max with its evidence, found and missing key points, and any violation.

    ``single``: the rubric has this one criterion, so its reference is the whole reference answer.
    ``violation``: its ``must_not`` hit (reason, quote) when the caller has looked already ("" when none);
    then ``content``, ``sentences`` and ``meaning`` may be the answer without its violating sentences,
    and ``every`` all of them (a position taken back counts wherever it is said).
    """
    if violation is None:
        reason, quote = must_not_hit(pc, content, sentences)
        if not reason:
            reason, quote = must_not_secret(pc, sentences)
        if not reason:
            reason, quote = must_not_claim(pc, sentences)
        if not reason:
            reason, quote = must_not_meant(pc, sentences, meaning)
    else:
        reason, quote = violation
    if reason:
        return Outcome(0.0, evidence=quote, violation=reason)
    wrong, dx_right, dx_missing = diagnosis_check(pc, content, lang)
    if wrong:
        return Outcome(0.0, violation=wrong)
    found: list[str] = list(dx_right)
    judged: list[str] = []  # spoken of, but judged otherwise
    opposed: list[str] = []  # spoken of, but the opposite position taken
    missing: list[str] = list(dx_missing)
    votes: dict[str, float] = {}
    key_share = None
    weights = 0.0
    got = 0.0
    wrong_act = 0.0  # the greatest weight of a key point whose act the answer does the wrong way
    misstated: list[str] = []  # key points given another time or sum than they fix
    zero_level = pc.criterion.levels.get(0, "")
    near: list[tuple[float, float, str]] = []  # each key point's weight, credit and nearest sentence
    for concept in pc.concepts:
        credit, where = concept_match(concept, content, doc, sentences, meaning, every, case, lang)
        w = concept.concept.weight
        near.append((w, credit, where))
        weights += w
        wrong_fact = _wrong_fact(concept, credit, where, every or sentences)
        if wrong_fact is not None:
            # a wrong fact said with confidence costs more than silence: its weight counts twice against
            credit = 0.0
            weights += w
            misstated.append(concept.concept.concept)
            if facts.central(zero_level):
                sentence = _sentence_of(wrong_fact.clause, every or sentences)
                reason = facts.misstated_reason(lang, wrong_fact.said, wrong_fact.fixed, wrong_fact.money)
                return Outcome(0.0, evidence=sentence, violation=reason)
        got += w * credit if credit >= COUNTS else (PARTIAL * w * credit if credit >= PARTIAL_FROM else 0.0)
        if credit >= COUNTS:
            found.append(concept.concept.concept)
            votes[where] = votes.get(where, 0.0) + w * credit
        elif wrong_fact is not None:
            pass
        elif said_otherwise(concept, every or sentences):
            judged.append(concept.concept.concept)
            if any(items_named(t) for t in concept.texts):
                # another class or urgency given for its numbered item: a wrong judgement said with
                # confidence costs more than silence, its weight counts twice against
                weights += w
        elif said := said_opposite(concept, every or sentences):
            opposed.append(concept.concept.concept)
            if _wrong_act(concept, said):
                wrong_act = max(wrong_act, w)
        else:
            missing.append(concept.concept.concept)
    other = _another_cause(zero_level, near) if not misstated else ""
    if other:
        # a criterion whose 0 level is a wrong cause ("No explanation, or a wrong one", "说错原因"): the cause
        # it fixes not said, and a sentence its key points lead to giving one of its own, is the wrong cause
        reason = (
            "说了另一个原因，不是查实的原因" if lang == "zh" else "gives another cause than the one found"
        )
        return Outcome(0.0, evidence=other, found=found, missing=missing, violation=reason)
    if wrong_act and wrong_act >= max(c.concept.weight for c in pc.concepts):
        # the criterion's main act (a key point of its greatest weight) done the wrong way (a promise before
        # approval, a complaint talked down, a risk test steered): telling of it earns nothing here
        return Outcome(0.0, found=found, missing=missing, wrong=judged, opposed=opposed, misstated=misstated)
    if pc.criterion.diagnosis:
        parts = len(dx_right) + len(dx_missing)
        weights += parts
        got += len(dx_right)
    if weights:
        key_share = got / weights
    ref_share = None
    fitted = False
    if refs:
        fitted = not pc.concepts and not pc.criterion.diagnosis and single
        ref_doc, ref_sentences = (doc, sentences) if lang == "en" else _committed(doc, sentences, lang)
        ref_share, where = reference_match(refs, ref_doc, ref_sentences, fitted)
        if where:
            votes[where] = votes.get(where, 0.0) + ref_share * max(1.0, weights / 2)
    if key_share is not None and ref_share is not None and pc.concepts:
        # the reference's words alone (a topic shared, the key points not said) lift a criterion that has
        # key points only a little above what its key points show, and not at all when none is said
        ref_share = min(ref_share, key_share + min(REF_ABOVE_KEYS, REF_PER_KEY * key_share))
        if misstated:  # the reference's words do not make up for a fact said wrong
            ref_share = min(ref_share, key_share)
    sources = [v for v in (key_share, ref_share) if v is not None]
    coverage = max(sources) if sources else 0.0
    # the fitted estimate is already on the human scale; a coverage share earns the max at FULL_COVERAGE
    value = coverage if fitted else min(1.0, coverage / FULL_COVERAGE)
    anchor_share, anchor_weight = anchor_estimate(anchors, pc.criterion.max)
    if misstated:  # nor does looking like a good answer
        anchor_share = min(anchor_share, value)
    value = (1 - anchor_weight) * value + anchor_weight * anchor_share
    evidence = max(votes, key=lambda k: (votes[k], -content.find(k))) if votes else ""
    lesson_level = _lesson_level(pc)
    if lesson_level and value < lesson_level:
        lesson = next((s.text for s in sentences if _REFLECTION.search(s.text)), "")
        if lesson:
            value = lesson_level
            evidence = lesson  # what earned the points
            found.append("反思教训" if lang == "zh" else "a lesson learned")
    return Outcome(
        value,
        evidence=evidence,
        found=found,
        missing=missing,
        wrong=judged,
        opposed=opposed,
        misstated=misstated,
    )


# A 0 level that speaks of a wrong cause: "No explanation, or a wrong one", "没有说明原因，或说错原因".
_WRONG_CAUSE_LEVEL = re.compile(
    r"\bwrong (?:one|cause|reason)\b|说错(?:了)?原因|原因说错|错误的原因", re.IGNORECASE
)


def _another_cause(zero_level: str, near: list[tuple[float, float, str]]) -> str:
    """The sentence that gives a cause of its own where the criterion fixes another: ``near`` holds each key
    point's weight, credit and nearest sentence; none of the key points of the greatest weight (the cause) is
    said, and one of those sentences gives a cause ("" when not so)."""
    if not near or not _WRONG_CAUSE_LEVEL.search(zero_level):
        return ""
    heaviest = max(w for w, _, _ in near)
    if any(c >= PARTIAL_FROM for w, c, _ in near if w == heaviest):
        return ""
    return next((s for _, _, s in near if s and states_cause(s) and not is_asking(s)), "")


@dataclass(frozen=True)
class _WrongFact:
    clause: str
    said: str
    fixed: str
    money: bool = False


def _wrong_fact(
    pc: PreparedConcept, credit: float, where: str, sentences: list[Sentence]
) -> _WrongFact | None:
    """The clause that gives the key point another time or sum than it fixes (:mod:`.facts`), unless the
    key point is said in full elsewhere (the right time said too)."""
    texts = [s.text for s in sentences]
    mis = facts.misstated(pc.concept.concept, pc.texts, texts)
    if mis is not None:
        if credit >= COUNTS and where and mis.clause not in where:
            return None
        return _WrongFact(mis.clause, mis.said, mis.fixed)
    wanted = amounts(pc.texts[0]) if pc.texts else ()
    if not wanted or credit >= COUNTS:
        return None
    if not amounts_clash(pc.texts[0], "\n".join(texts)):
        return None  # the sum said right somewhere
    for s in sentences:
        if amounts_clash(pc.texts[0], s.text) and _about("", pc, s):
            said = _AMOUNT.search(_THOUSANDS.sub("", understanding.normalize(s.text)))
            fixed = _AMOUNT.search(_THOUSANDS.sub("", understanding.normalize(pc.texts[0])))
            if said and fixed:
                return _WrongFact(s.text, said.group(0).strip(), fixed.group(0).strip(), money=True)
    return None


# The candidate's own admission of what should have been done (not "本来该是四盒" or "本该 4 个", a fact):
# 我当时应该先…, 那次就该…, 本该, 早该, "I should have checked".
_NOT_A_COUNT = r"(?!\s*(?:是|有)?\s*[\d一二两三四五六七八九十几])"
_OWN_ADMISSION = re.compile(
    r"(?:我(?!们)|当时|那时|那次)(?:当时|那时|那次|本来|一开始)?就?(?:应该|应当|该)(?!是)|本该"
    + _NOT_A_COUNT
    + "|早该"
    r"|\bI should(?:n't| not)? have\b|\bI should've\b",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=256)  # one answer, asked for by every key point
def _admits(content: str) -> bool:
    return bool(_OWN_ADMISSION.search(content))


def _wrong_act(pc: PreparedConcept, sentence: str) -> bool:
    """Whether ``sentence`` takes, against the concept, one of the positions that are the wrong act itself
    (:data:`~trainer.grading.offline.violations.WRONG_POLES`: 先答应下来, 您就别去投诉了, 一题一题帮他选)."""
    axis = stance.opposes(pc.texts, sentence)
    if not axis:
        return False
    wanted = stance.concept_poles(pc.texts)
    return any((axis, 3 - pole) in _ZEROING for name, pole in wanted if name == axis)


# The wrong acts that set the criterion to 0 (a lie or a superior's line relayed only takes its key points
# back: the criterion may still earn what the answer did besides)
_ZEROING = WRONG_POLES - {("voice", 2), ("candour", 2)}


# A candidate's own lesson ("我当时应该先核实", "I should have checked first", "looking back") is
# reflection, not a report of what was done or left undone.
_REFLECTION = re.compile(
    r"(?:当时|那时|那次|本来|早)就?(?:应该|应当|该)|本应"
    + _NOT_A_COUNT
    + "|本该"
    + _NOT_A_COUNT
    + "|教训|反思|感悟|吸取|如果(?:再|重来|重新)|"
    r"回头(?:看|想)|回过头|事后(?:想|看)|下次(?:我)?(?:会|一定|再)|我学到|让我明白|让我意识到|我意识到|"
    r"\b(?:i should(?: not|n't)? have|i should've|looking back|in hindsight|lessons?\b|i learn(?:ed|t)|"
    r"taught me|if i (?:could|had to) do it (?:again|over)|next time i(?:'d| would| will)|i reali[sz]ed)",
    re.IGNORECASE,
)
# A level descriptor that gives points for a personal lesson ("1: 有个人感悟，但没有推动改进").
_LESSON_LEVEL = re.compile(r"感悟|教训|反思|心得|\blessons?\b|\breflect", re.IGNORECASE)


@functools.lru_cache(maxsize=512)
def _lesson_level_of(levels: tuple[tuple[int, str], ...], cmax: float) -> float:
    scores = [score for score, text in levels if 0 < score < cmax and _LESSON_LEVEL.search(text)]
    return max(scores) / cmax if scores else 0.0


def _lesson_level(pc: PreparedCriterion) -> float:
    """The share of max that the criterion's own level descriptors give a personal lesson (0: none)."""
    levels = tuple(sorted((int(k), v) for k, v in pc.criterion.levels.items()))
    return _lesson_level_of(levels, float(pc.criterion.max))


# Where a clause ends for the order of acts: a comma, semicolon or colon, or an English "and then", "then".
_ORDER_CLAUSE = re.compile(r"[，,；;：:]|\s(?:and then|then)\s", re.I)
# A clause that puts its act later than now (后面登记争议要用, 之后再退款, "we'll file the dispute later") or
# names it as what a step is for (核对清楚才能登记争议, 以便赔付): it tells of the act to come, it does not do
# it ahead of another.
_LATER = re.compile(
    r"后面|之后|以后|随后|稍后|接下来|回头|待会|等会|下一步|最后|才能|以便|便于|要用|用得上|用到|"
    r"\b(?:later|afterwards|next|after that|once that|so (?:that )?we can|in order to)\b",
    re.I,
)


def _meaning_of(text: str, lang: str) -> Any:
    """The understanding layer's analysis of one sentence or clause, made on first use (cached there)."""
    return lambda: understanding.analyse(text, lang)


def _said_at(
    pc: PreparedConcept,
    content: str,
    doc: Doc,
    sentences: list[Sentence],
    meaning: Any,
    case: str,
    lang: str,
    now: bool = False,
) -> tuple[int, int] | None:
    """Where the answer first says a key point, as (sentence, clause) indexes; None when it does not say it.
    The sentence that says it best is found first; an earlier sentence that says it on its own, or a clause
    of it, moves the place forward (a clause is only told apart when it says the act by itself). ``now``:
    a clause that puts the act later (后面, 之后, "later") is not a place where it is done."""
    credit, where = concept_match(pc, content, doc, sentences, meaning, None, case, lang)
    if credit < COUNTS or not where:
        return None
    at = next((i for i, s in enumerate(sentences) if where in s.text), len(sentences) - 1)
    for i, s in enumerate(sentences):
        if i != at:
            alone, _ = concept_match(pc, s.text, s.doc, [s], _meaning_of(s.text, lang), None, case, lang)
            if alone < COUNTS:
                continue
        clauses = [c.strip() for c in _ORDER_CLAUSE.split(s.text) if c and c.strip()]
        place, said = 0, s.text
        for k, clause in enumerate(clauses if len(clauses) > 1 else ()):
            one = Sentence(clause, make_doc(clause, lang))
            part, _ = concept_match(pc, clause, one.doc, [one], _meaning_of(clause, lang), None, case, lang)
            if part >= COUNTS:
                place, said = k, clause
                break
        if now and _LATER.search(said):
            continue
        return i, place
    return None


def order_broken(
    first: PreparedConcept,
    before: list[PreparedConcept],
    content: str,
    doc: Doc,
    sentences: list[Sentence],
    meaning: Any = None,
    case: str = "",
    lang: str = "zh",
) -> str:
    """The sentence in which the answer does one of ``before`` ahead of ``first`` ("" when it keeps the
    order, or leaves either out): the stop put last after the paperwork, the child's health asked after the
    refund. Told of as to come later (后面登记争议要用) an act is not done ahead."""
    start = _said_at(first, content, doc, sentences, meaning, case, lang)
    if start is None:
        return ""
    for pc in before:
        at = _said_at(pc, content, doc, sentences, meaning, case, lang, now=True)
        if at is not None and at < start:
            return sentences[at[0]].text
    return ""
