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
from trainer.grading.offline.features import reference_estimate, reference_features
from trainer.grading.offline.phrases import Sentence, containment, folded_text, said_somewhere, union_doc
from trainer.grading.offline.prepare import Doc, PreparedConcept, PreparedCriterion, Reference, make_doc
from trainer.grading.offline.violations import WRONG_POLES, must_not_hit, must_not_meant, must_not_secret
from trainer.grading.text import find_phrase, normalize, split_sentences
from trainer.grading.types import Concept
from trainer.grading.understanding import sensitive, stance
from trainer.grading.understanding.lexicon import META_WORDS, TIME_WORDS
from trainer.grading.understanding.matching import best_of, match_each

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


@functools.lru_cache(maxsize=4096)
def items_order(text: str) -> dict[str, int]:
    """The rank of each numbered item in an order the text gives (3 → 1、4 → 2: {3: 0, 1: 1, 4: 1, 2: 2});
    empty when it gives no order of three or more steps."""
    for m in _ORDERED.finditer(normalize(text)):
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


def taxonomy_clash(phrasings: tuple[str, ...], said: str) -> bool:
    """Whether ``said`` names a problem class or urgency where the concept names one, and none that the
    concept names ("3 号属于外部因素，定高" does not say "3号定紧急")."""
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
    opening a trace" (the character measure does not see negation; the understanding layer does). English
    only: a Chinese phrasing's negation is in its words (不够 for 不足), which the word measure reads."""
    return phrasing.isascii() and any(t.startswith("¬") for t in s.doc.toks) and _negates(phrasing, s.text)


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
        each = match_each(analysis, pc.texts, floor=floor)
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
            # a match on the case's own words only does not count: the next best phrasing may
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
        if m.span is not None and clashes(_sentence_of(m.span.text, sentences)):
            # said of another item or with another class or urgency: look only where it is not
            rest = "\n".join(s.text for s in sentences if not clashes(s.text))
            m = understanding.match_concept(understanding.analyse(rest, analysis.lang), list(pc.texts))
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
    for asks, said in (
        (_FINDS_CAUSE, _CAUSE_STATED),
        (_PUSHES_CHANGE, _CHANGE_PROPOSED),
        (_RESTATES, _RESTATED),
        (_ASKS_EFFECT, _EFFECT_STATED),
        (_ASKS_BATCHES, _BATCHES_PROPOSED),
        (_ASKS_EXAMPLE, _EXAMPLE_TOLD),
        (_ASKS_THEIR_SIDE, _THEIR_SIDE_FOUND),
        (_ASKS_NO_BLAME, _NO_BLAME_SAID),
        (_ASKS_EACH_TOLD, _EACH_TOLD),
        (_ASKS_SORTED, _SORTED),
        (_ASKS_OPTIONS, _OPTIONS_OFFERED),
        (_ASKS_HEAR_OUT, _HEARD_OUT),
        (_ASKS_FOLLOW_UP, _FOLLOWED_UP),
        (_ASKS_REACTION, _REACTION_TOLD),
        (_RESTATES, _RESTATED_QUOTE),
        (_ASKS_MEANS_END, _MEANS_NOT_END),
        (_ASKS_MEASURES, _MEASURES_TOGETHER),
        (_ASKS_OWNED_APOLOGY, _OWNED_APOLOGY),
        (_ASKS_INTERIM, _INTERIM_GIVEN),
        (_ASKS_ESCALATION, _ESCALATED),
        (_ASKS_RECURRED, _RECURRED),
        (_ASKS_STATUS_ONLY, _STATUS_ONLY),
        (_ASKS_WITHIN_AUTHORITY, _WITHIN_AUTHORITY),
    ):
        if credit < CAUSE_FOUND and asks.match(name):
            needs_time = (
                _TIME_ASKED.search(name) is not None
            )  # "…并给时间", "with a call-back time": a time too
            stated = next(
                (
                    s.text
                    for s in sentences
                    if said.search(s.text) and (not needs_time or understanding.times(s.text))
                ),
                "",
            )
            if stated:
                credit, quote = CAUSE_FOUND, stated
    if credit < CAUSE_FOUND and _asks_for_a_time(name) and _timed_acts(pc.texts):
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
            credit, quote = CAUSE_FOUND, timed
    return credit, quote


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


# A key point that asks to find the cause ("查明原因", "Finds the real cause") is said by a sentence that
# states one, whatever it is ("查下来是封口机温度不够", "Cause: booking synced twice", "it turned out …").
CAUSE_FOUND = 0.75
_FINDS_CAUSE = re.compile(
    r"^(?:查明|查清|找到|找出|查出|弄清)了?(?:真正的|问题的)?(?:原因|根因)$|^finds? (?:the )?(?:real |root )?cause$",
    re.IGNORECASE,
)
_CAUSE_STATED = re.compile(
    r"原因是|是因为|原来是|发现是|查下来是|查出来是|根因是|根因[:：]|原因[:：]|问题出在|才知道|"
    r"(?:^|[，,。：:；;])\s*原来(?![的那这说定约讲承答计打想])|(?:问了|问过)[^。！？，,]{1,8}[，,]\s*(?:说是|才知道)|(?:一问|一查|一看|问了问|打听了?一下)[^。！？]{0,4}(?:原来|才发现|发现)|"
    r"(?:复盘|后来|事后|回头)[^，。]{0,4}(?:发现|查出|查到)|查了(?:一下)?原因|发现(?:大半|大多|多半|主要|基本上?)是|"
    r"(?:查|翻|看|理)了(?:一下|一遍)?[^，。]{0,8}的原因|"
    r"\b(?:the (?:real |root )?cause (?:was|is)|cause:|root cause|turned out|was caused by|was down to|"
    r"traced it to|the (?:reason|problem|issue) was|(?:we|i) (?:later |then )?(?:found|discovered|realised|realized) "
    r"(?:out )?(?:that|the|it))",
    re.IGNORECASE,
)
# And one that asks to say the customer's problem back ("复述具体的损失和感受", "Summarises the specific problem
# back") by a sentence that does so (您是说…, 我复述…, "so you're saying", "I repeated back …").
_RESTATES = re.compile(r"^复述|^summari[sz]es? (?:the )?(?:specific )?problem back$", re.IGNORECASE)
_RESTATED = re.compile(
    r"您是说|你是说|您的意思是|也就是说您|我复述|复述了?[一下:：]|我重复了|我跟他确认了一遍|换(?:了)?谁都|搁谁(?:身上)?都|"
    r"\b(?:so you're saying|you're telling me|if i understand|let me make sure i(?:'ve| have)? understood|"
    r"repeated (?:it )?back|summari[sz]ed (?:it )?back|played (?:it )?back)",
    re.IGNORECASE,
)
# Likewise a key point that asks to push a change at the source ("推动源头改进", "Reports the systemic
# cause") is said by a sentence in which the candidate proposes or reports one to those who can make it.
_PUSHES_CHANGE = re.compile(
    r"^(?:推动|提出|提)(?:源头|流程)?(?:的)?改进$|^reports? the (?:systemic|underlying|root) cause$",
    re.IGNORECASE,
)
_CHANGE_PROPOSED = re.compile(
    r"(?:建议(?!他(?!们)|她(?!们)|客户|顾客|您|你)|提议(?!他(?!们)|她(?!们)|客户|顾客|您|你)|提出|推动|反馈给|报给|汇总给|整理给|提交给|提给|提了|写了[个一份]*建议|跟[^，。]{1,6}提|"
    r"(?:交|拿|带)到[^，。]{0,6}(?:例会|周会|会上))"
    r"[^。！？!?]{0,30}"
    r"(?:改成|改为|改了|改掉|修了|修复|加上|加了|加一个|增加|加人|安排|调整|排班|核对|检查|清单|提示|上线|取消|必须|必填|统一|流程|规则|制度|系统|模板|默认|"
    r"复核|审核|校验|要(?:用|按|先|求|马上|及时|提前|每)|按[^，。]{1,6}排|不许|不准|一律)|"
    r"\b(?:i |we )?(?:suggested|proposed|pushed for|raised|flagged|reported|escalated|wrote up|showed (?:the|our) "
    r"(?:team|product|engineers|developers)|walked (?:the|our) (?:team|product) through)\b[^.!?]{0,60}"
    r"\b(?:change|fix|process|rule|system|template|form|check|bug|gap|alarm|setting)|"
    r"\b(?:i |we )?(?:suggested|proposed|asked) (?:to (?:the |my |our )?\w+ )?that\b(?! (?:he|she|you|the customer|the guest|the caller|the member)\b)[^.!?]{1,40}\b(?:be|should|must|always|never|had to|get)\b|"
    r"\b(?:product|engineering|the team|they)\b[^.!?]{0,30}\b(?:made it (?:mandatory|required)|changed the|"
    r"fixed the|added an? (?:check|warning|field|step))",
    re.IGNORECASE,
)


# And one that asks what the change achieved ("改进效果", "What changed") by a sentence that reports a fall
# or an end of the problem, whatever it was (退件少了一半, 第二年少了很多, "those tickets dropped by half").
_ASKS_EFFECT = re.compile(r"^(?:改进|改善|整改)(?:的)?(?:效果|结果)$|^what changed$", re.IGNORECASE)
_EFFECT_STATED = re.compile(
    r"(?<![没不未])(?<!没有)(?<!没能)(?:少了|减少了?|降了|降到|降低了?|下降了?|减半|砍半|快了|缩短了?)|再(?:也)?没(?:有)?(?:出现|发生|来过|出过|犯过|遇到过|接到过|收到过)|没再(?:出现|发生|出过|犯过|遇到过|接到过)|"
    r"基本(?:消失|没有了|没了)|"
    r"\b(?:dropped|fell|halved|went down|cut (?:\w+ ){0,3}by|stopped (?:happening|coming in)|"
    r"never happened again|never (?:had|saw|got) (?:[\w'-]+ ){0,4}again|"
    r"(?:haven't|have not|hasn't) (?:had|seen|come up) (?:\w+ ){0,3}since)\b",
    re.IGNORECASE,
)


# And one that asks for a plan in batches ("兼顾对方的分批方案", "先急后缓") by a sentence that puts some first and
# the rest later (能不能先打这几笔，其他的年审完我再一起给您送过来; 先补这 8 位，剩下的下周二统一跑).
_ASKS_BATCHES = re.compile(r"^[^，,]*(?:分批|分两批|先急后缓)[^，,]*$")
_BATCHES_PROPOSED = re.compile(
    r"先[^。！？!?]{1,30}[，,；;、]\s*(?:其余|剩下|其他|别的|另外)[^。！？!?]{0,30}"
    r"(?:再|统一|一起|集中|之后|以后|往后|晚点|下周|明天|完了?)"
)


# And one that asks for an example of one's own ("A concrete example", "举一个具体的例子") by a sentence that starts
# telling one (有一次…, 我在一家…做客服时, "At the bookshop I worked in, …", "I once had a customer who …").
_ASKS_EXAMPLE = re.compile(
    r"^(?:举|讲|给出)?(?:一个|个)?(?:具体|真实|亲身)的?(?:例子|经历|案例)$|^(?:gives )?an? (?:concrete|real|specific) "
    r"(?:example|case)$",
    re.IGNORECASE,
)
_EXAMPLE_TOLD = re.compile(
    r"有一次|有次|那次|那年|去年|之前在|以前在|我在一家|"
    r"\b(?:last (?:year|month|week)|at the \w+(?: \w+)? (?:where )?I (?:worked|was)|when I (?:worked|was) (?:at|in)|"
    r"I (?:once )?had (?:a|one) (?:customer|regular|member|client)|a (?:customer|regular|member|client) (?:once )?"
    r"(?:came|rang|called|asked|wrote))\b",
    re.IGNORECASE,
)


# One that asks to understand the other side first ("了解对方的处境") by a sentence that reports what was found out
# about them (原来他们刚搬新库, 才知道他们那周在赶报表, 打听到他们人手不够).
_ASKS_THEIR_SIDE = re.compile(r"^(?:先)?(?:了解|弄清|问清|体谅)(?:对方|他们|对方部门)的?(?:处境|难处|情况)$")
_THEIR_SIDE_FOUND = re.compile(
    r"(?:原来|才知道|才明白|才弄明白|才搞清楚|一问才知道|打听到|了解到)[^，。！？]{0,4}(?:他们|对方|那边|人家|[^，。！？]{0,6}(?:(?<![全内外])部|组|那边|科|室|处|队|站|厨|仓库|库房|车间|门店|网点))|"
    r"(?:问|打听|了解)[^，。！？：:]{0,4}[：:]\s*(?:他们|对方|那边|人家)"
)
# One that asks not to put the delay on another team in front of the customer ("不对客户说其他部门拖延") by a
# sentence that says the candidate did not (客户那边我没说是仓库的事, 跟客户没提调度忙不忙).
_ASKS_NO_BLAME = re.compile(
    r"^不(?:对|跟|向|在)客户(?:面前)?(?:说|提|抱怨)(?:是)?(?:其他|别的)?(?:部门|同事)"
)
_NO_BLAME_SAID = re.compile(
    r"(?:客户那边|对客户|跟客户|在客户面前|和客户)[^，。！？]{0,6}(?:没|不|从没|从不|没有)(?:说|提|讲|抱怨|怪)"
    r"[^，。！？]{0,12}(?:部门|仓库|财务|调度|同事|他们|那边|谁|拖|慢|忙)|"
    r"(?:对|跟|和|给)客户[^，。！？]{0,4}只(?:说|讲|告诉)(?![^。！？]{0,16}(?:部门|仓库|财务|调度|同事|他们|那边|拖|慢|忙))"
)
# One that asks to tell each customer when it is done ("具体时间并逐一通知") by a sentence that does so one by one
# (退完一单我就发条短信说一声, 做好一单就通知一单, 修好后挨个回电).
_ASKS_EACH_TOLD = re.compile(r"^.*(?:逐一|挨个|逐个|一个个)(?:通知|告知|回电)")
_EACH_TOLD = re.compile(
    r"[完好]一[单个位件][^，。！？]{0,6}(?:就|便)[^，。！？]{0,8}(?:通知|短信|消息|说一声|打电话|回电|告诉)"
    r"|(?:逐一|挨个|逐个|一个个|一个一个)(?:地)?(?:通知|告知|回电|打电话|发短信|说)"
)


# One that asks to list the backlog and find the most urgent ("整理清单找出最急的") by a sentence that sorts or lists
# it and picks some out (按客户等了多少天排了一下，挑出等了十天以上的二十来单; 做成表，一排序发现有 8 位…).
_ASKS_SORTED = re.compile(r"^.*(?:清单|列表|排序|排了序).*(?:最急|最紧急|急的)")
_SORTED = re.compile(
    r"(?:排了?(?:一下|个?序|一遍)|拉了个?表|列了个?(?:表|清单)|列(?:成)?表|做成(?:一张)?表|理了一遍|汇总了?一下|一排序)"
    r"[^。！？]{0,30}(?:挑出|找出|一看|看出|发现|就知道)"
)


# One that asks to offer options ("给出可选方案", "Offers options") by a sentence that puts two of them to the
# customer (明天上门换新，或者直接退款; 要么…要么…; 给她两条路; "either a replacement or a refund").
_ASKS_OPTIONS = re.compile(
    r"^(?:当场)?(?:给出?|提出?|提供)(?:可选|可选择|几个|两个|多个)的?(?:方案|选择|选项|办法)$|^offers? (?:two |some )?(?:options|choices)$",
    re.IGNORECASE,
)
_OPTIONS_OFFERED = re.compile(
    r"^(?![^。！？!?]*(?:走人|爱买不买|爱要不要|随便你|看着办|就算了|没办法))[^。！？!?]*(?:"
    r"[^，,。！？!?]{2,}[，,；;]\s*(?:或者|或是|要不然?)[^。！？!?]{2,}|要么[^。！？!?]{2,}要么|"
    r"(?:两|几|二)(?:条路|个办法|种办法|个选择|个方案|种方案|个选项)[：:，,]|二选一|任选|您选|你选|让(?:她|他|客户)(?:自己)?选|"
    r"\beither\b[^.!?]{3,}\bor\b|\b(?:two|a couple of) (?:options|choices)\b|\bor,? if (?:you|she|he) prefer)",
    re.IGNORECASE,
)
# One that asks to hear the customer out first ("先听完不解释", "Lets the customer finish") by a sentence that
# does (等她骂完才开口, 一句没辩解, 站那听他说完, "I heard her out", "let him vent").
_ASKS_HEAR_OUT = re.compile(
    r"^先?(?:听完|听客户说完|让客户(?:把话)?说完)(?:不解释|不打断|不辩解)?$|^lets? the customer finish$",
    re.IGNORECASE,
)
_HEARD_OUT = re.compile(
    r"(?<![没不])(?:等|让|听)(?:他|她|客户|对方|人家|顾客|会员)?[^，。！？没不]{0,6}(?:说完|骂完|讲完|发泄完|吐完|发完|说够)|"
    r"(?:一句|一个字)(?:都|也)?没(?:辩解|解释|插|回嘴|顶)|没(?:急着|忙着)?(?:辩解|插话|打断|顶嘴|争辩|回嘴)|"
    r"(?<!没等)(?<!不等)(?<!没让)(?:他|她|客户|对方|顾客)(?:把话|把火)?(?:说完|骂完|讲完|发泄完|发完火?)了?(?:以后|之后|后)?[，,]?(?:我|才)|"
    r"(?:一直|静静地?|耐心地?)(?:在)?听着?(?:他|她|客户)?(?:说|讲|骂)?[，,]\s*(?:没|不)(?:解释|辩解|插话|打断)|"
    r"\b(?:heard (?:him|her|them) out|let (?:him|her|them) (?:finish|vent|talk|get it (?:all )?out)|"
    r"(?:didn't|did not) (?:interrupt|argue|defend)|(?:until|till) (?:he|she|they)(?:'d| had)? (?:finished|stopped|done))",
    re.IGNORECASE,
)
# One that asks for a follow-up ("跟进确认", "回访确认") by a sentence that reports one, at whatever time
# (过了一周又回访了一次, 隔天又打电话问她): the time in a phrasing's example is only an example.
_ASKS_FOLLOW_UP = re.compile(r"^(?:客户反应或)?(?:跟进|回访)确认$")
# ("客户反应或跟进确认" is also said by the customer's thanks or praise: 她还在家长群里夸了我们, 笑着说这回服气了.)
_ASKS_REACTION = re.compile(r"^客户(?:的)?反应")
_REACTION_TOLD = re.compile(
    r"(?<![不没])(?:夸了|夸我|表扬|道谢|谢谢我|感谢我|给了好评|挺满意|很满意|笑着说|服气了|成了回头客|说下次(?:再|还)来|还推荐)"
)
_FOLLOWED_UP = re.compile(
    r"^(?![^。！？]*(?:没|不|未|别)[^。！？，]{0,6}回访)[^。！？]*(?<![没不未有])回访(?![^，。]{0,3}(?:都没|也没|没有))|(?:又|再|还)(?:去|专门)?跟进|(?:又|再)(?:打|拨)了?(?:个|一次|一个)?电话[^，。]{0,6}(?:问|确认|看)|"
    r"(?:又|再)(?:问|联系)了(?:她|他|客户|一下|一次)"
)
# One that asks to say the problem back ("复述…") also by a quoted line to the customer that gives their
# case and apologises for it (然后说：您几位饿着肚子干等一小时……是我们不对，对不起).
_RESTATED_QUOTE = re.compile(
    r"[说道讲][：:]\s*(?:[“\"「]?\s*(?:您|你)[^”\"」。]{6,}|[“\"「][^”\"」。]{4,30}(?:您|你)[^”\"」。]{2,})"
    r"(?:对不起|抱歉|不好意思|对不住|窝火|着急|委屈|是我们不对|是我们的错)|"
    r"\b(?:said|told (?:him|her|them))[,:]? [\"“]you(?:'ve|'re| have| were| paid| waited| came| lost| missed)\b",
    re.IGNORECASE,
)


# One that puts a measure in its place ("时长是手段，一次解决是目的") by a sentence that calls the measure only a
# yardstick and says what matters is solving it (平均通话时长只是一把尺子，我们真正要的是客户打一次电话就把事办完).
_ASKS_MEANS_END = re.compile(
    r"^[^，,]+是手段[，,][^，,]+是目的$|^.+ is a means,? not the (?:end|goal)$", re.IGNORECASE
)
_MEANS_NOT_END = re.compile(
    r"(?:只是|不过是|仅仅是|就是)[^，。！？]{0,10}(?:尺子|参考|手段|工具|信号|提醒)[^。！？]{0,30}"
    r"(?:真正|关键|要紧|重要|目的|根本)[^。！？]{0,24}(?:解决|办完|办好|办成|搞定|弄好|满意)|"
    r"\b(?:only|just|merely) (?:a|the) (?:yardstick|tool|means|guide|signal)\b[^.!?]{0,60}"
    r"\b(?:solv|resolv|fix|sort)\w*",
    re.IGNORECASE,
)
# And one that asks to weigh several measures together ("多指标一起衡量") by a sentence that joins two or more
# in one judgement (把首次解决率和满意度一起考核, 解决率、重复来电率跟时长放在一起看).
_ASKS_MEASURES = re.compile(r"^多(?:个|项)?指标(?:一起|综合|结合)?(?:衡量|看|考核|评估)$")
_MEASURES_TOGETHER = re.compile(
    r"(?:率|度|时长|指标|数)[^。！？]{0,4}(?:和|与|跟|、|加上)[^。！？]{0,16}(?:率|度|时长|指标)[^。！？]{0,10}"
    r"(?:一起|一并|结合|同时|放在一起|放一起|综合)(?:来)?(?:看|考核|衡量|评估|算|考评)|不(?:能)?只(?:看|盯着?)(?:时长|一个)"
)
# One that asks for an apology for exactly what went wrong ("Apologises for exactly that") by a sorry that owns
# it in the same breath ("I'm sorry, that's our mistake", "sorry we got your order wrong twice").
_ASKS_OWNED_APOLOGY = re.compile(
    r"^apologi[sz]es? for (?:exactly )?(?:that|it|what went wrong)$", re.IGNORECASE
)
_OWNED_APOLOGY = re.compile(
    r"\b(?:i'm|i am|we're|we are) (?:really |so |very |truly )?sorry\b[^.!?]{0,12}\b(?:that's|that is|it was|this is|"
    r"it's) (?:on us|on me|our (?:mistake|fault|error)|my (?:mistake|fault))|"
    r"\bsorry (?:that |we |i )[^.!?]{3,40}\b(?:wrong|late|missed|lost|broke|forgot)",
    re.IGNORECASE,
)
# One that asks for a stopgap while the fix is under way ("Interim workaround") by a sentence that gives one
# meanwhile ("Meanwhile I put him in tonight's class by hand", "While the new steak cooked I brought a starter").
_ASKS_INTERIM = re.compile(r"^interim (?:workaround|fix|solution)$", re.IGNORECASE)
_INTERIM_GIVEN = re.compile(
    r"\b(?:meanwhile|in the meantime|for now|until then|while (?:the|we|i|it|they|he|she)\b[^.!?,]{2,30}),?\s*"
    r"(?:(?:i|we) (?:also |quickly )?)?(?:put|got|gave|set up|moved|lent|brought|arranged|sent|switched|booked|added|"
    r"turned on|unlocked|stopped|paused)\b",
    re.IGNORECASE,
)
# One that asks to say a request is beyond one's authority and take it up ("超出权限向主管申请并给时间", "坦白超出权限
# 并马上申请", "Escalates beyond authority with a call-back time") by a sentence that says so in any words and takes
# it to someone (三倍这事我定不了，我马上找老板; "not mine to give, took it to the manager"); with a time too where the
# key point names one (…今天六点前给您电话).
_TIME_ASKED = re.compile(r"时间$|\btime$", re.IGNORECASE)
_ASKS_ESCALATION = re.compile(
    r"^(?:坦白)?超出(?:我的)?权限(?:的部分)?(?:向主管|并马上|马上|并)?(?:申请|请示|上报)(?:并给(?:出)?(?:答复)?时间)?$|"
    r"^escalates? beyond (?:my |their )?authority(?: with a call-?back time)?$",
    re.IGNORECASE,
)
_ESCALATED = re.compile(
    r"(?:定不了|做不了主|拍不了板|说了不算|批不了|没法批|不能批|不归我管|超出(?:了)?(?:我的)?权限|权限不够|我能批的只有|"
    r"决定不了|作不了主)[^。！？]{0,24}(?:请示|申请|上报|报给|提交给?|(?:去|马上|现在就?)?(?:找|问|报)(?:一下|了)?(?:我们)?的?"
    r"(?:主管|组长|经理|老板|店长|主任|领导|上级|负责人))|"
    r"\b(?:(?:couldn't|could not|can't|cannot|wasn't able to) (?:approve|authori[sz]e|sign off)|"
    r"(?:not|wasn't|isn't) (?:mine to (?:give|approve)|my call|something I could (?:approve|sign off|give))|"
    r"beyond what I could (?:approve|authori[sz]e|give|do))\b[^.!?]{0,60}"
    r"\b(?:ask(?:ed)?|t(?:ook|ake) it to|check(?:ed)? with|went to|r[ai]ng|call(?:ed)?) (?:my |the |our )?"
    r"(?:manager|supervisor|team lead|owner|boss|duty manager)",
    re.IGNORECASE,
)
# One that asks why a fix did not hold ("修复后复发") by a sentence in which it went wrong again after a repair
# (第二次补了胶但下雨又漏了, 修好了没两天又断了, "fixed it, but it broke again").
_ASKS_RECURRED = re.compile(r"^修(?:复|好)后(?:又)?复发|^(?:the )?fix (?:didn't|did not) hold", re.IGNORECASE)
_RECURRED = re.compile(
    r"(?:修|补|换|弄|处理|重启|调)[^。！？]{0,12}(?:(?:但|可|结果|后来)[^。！？]{0,6}|过了?[^。！？]{0,4}|没[^。！？]{0,3})又"
    r"(?:漏|坏|犯|出(?:了)?(?:问题|毛病|故障|错)|复发|不行|断|卡|停|掉)|"
    r"\b(?:fixed|repaired|patched|reset)\b[^.!?]{0,40}\b(?:but|then|only for)\b[^.!?]{0,30}\b(?:again|came back|recurred)\b",
    re.IGNORECASE,
)
# One that asks how a ticket was closed without the result checked ("只改状态没确认结果") by a sentence in which it
# was only marked done (第一次只是把单子签了没上门, 只点了已处理没问客户, "just marked it resolved without checking").
_ASKS_STATUS_ONLY = re.compile(r"^只改(?:了)?状态没(?:有)?确认结果")
_STATUS_ONLY = re.compile(
    r"只(?:是)?[^。！？，,]{0,8}(?:签|标|改|点|关|填|写|勾)[^。！？]{0,10}(?:没|没有|却没|但没|也没)"
    r"(?:上门|回访|确认|问|核实|去|跟|来|修|测)"
)
# One that asks to handle the ordinary case within one's authority ("一般质量问题按权限处理") by a sentence that says
# what the candidate can do themselves (要是一般的质量问题，我能做的是退货退款或者换新; "what I could do myself").
_ASKS_WITHIN_AUTHORITY = re.compile(
    r"^.*按(?:我的)?权限(?:处理|办)$|^.*\bwithin (?:my |their )?authority$", re.IGNORECASE
)
_WITHIN_AUTHORITY = re.compile(
    r"我(?:自己)?能(?:做|给|办|批)的(?:是|就是|只有)|(?:在)?(?:我的)?权限(?:内|里|范围内)|"
    r"\bwhat I (?:can|could) (?:do|offer|give) (?:myself|is|was)\b|\bwithin my (?:authority|limit)\b",
    re.IGNORECASE,
)


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
    return next((s.text for s in sentences if span in s.text), span)


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
    for concept in pc.concepts:
        credit, where = concept_match(concept, content, doc, sentences, meaning, every, case, lang)
        w = concept.concept.weight
        weights += w
        got += w * credit if credit >= COUNTS else (PARTIAL * w * credit if credit >= PARTIAL_FROM else 0.0)
        if credit >= COUNTS:
            found.append(concept.concept.concept)
            votes[where] = votes.get(where, 0.0) + w * credit
        elif said_otherwise(concept, every or sentences):
            judged.append(concept.concept.concept)
        elif said := said_opposite(concept, every or sentences):
            opposed.append(concept.concept.concept)
            if _wrong_act(concept, said):
                wrong_act = max(wrong_act, w)
        else:
            missing.append(concept.concept.concept)
    if wrong_act and wrong_act >= max(c.concept.weight for c in pc.concepts):
        # the criterion's main act (a key point of its greatest weight) done the wrong way (a promise before
        # approval, a complaint talked down, a risk test steered): telling of it earns nothing here
        return Outcome(0.0, found=found, missing=missing, wrong=judged, opposed=opposed)
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
        ref_share, where = reference_match(refs, doc, sentences, fitted)
        if where:
            votes[where] = votes.get(where, 0.0) + ref_share * max(1.0, weights / 2)
    if key_share is not None and ref_share is not None and pc.concepts:
        # the reference's words alone (a topic shared, the key points not said) lift a criterion that has
        # key points only a little above what its key points show, and not at all when none is said
        ref_share = min(ref_share, key_share + min(REF_ABOVE_KEYS, REF_PER_KEY * key_share))
    sources = [v for v in (key_share, ref_share) if v is not None]
    coverage = max(sources) if sources else 0.0
    # the fitted estimate is already on the human scale; a coverage share earns the max at FULL_COVERAGE
    value = coverage if fitted else min(1.0, coverage / FULL_COVERAGE)
    anchor_share, anchor_weight = anchor_estimate(anchors, pc.criterion.max)
    value = (1 - anchor_weight) * value + anchor_weight * anchor_share
    evidence = max(votes, key=lambda k: (votes[k], -content.find(k))) if votes else ""
    lesson_level = _lesson_level(pc)
    if lesson_level and value < lesson_level:
        lesson = next((s.text for s in sentences if _REFLECTION.search(s.text)), "")
        if lesson:
            value = lesson_level
            evidence = lesson  # what earned the points
            found.append("反思教训" if lang == "zh" else "a lesson learned")
    return Outcome(value, evidence=evidence, found=found, missing=missing, wrong=judged, opposed=opposed)


# The candidate's own admission of what should have been done (not "本来该是四盒", a fact): 我当时应该先…,
# 那次就该…, 本该, 早该, "I should have checked".
_OWN_ADMISSION = re.compile(
    r"(?:我(?!们)|当时|那时|那次)(?:当时|那时|那次|本来|一开始)?就?(?:应该|应当|该)(?!是)|本该|早该"
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
    r"(?:当时|那时|那次|本来|早)就?(?:应该|应当|该)|本应|本该|教训|反思|感悟|吸取|如果(?:再|重来|重新)|"
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
