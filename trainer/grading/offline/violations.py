"""``must_not`` entries said in an answer: word for word, nearly word for word within one sentence, in other
words (the understanding layer), or as a request for sensitive data by description; warnings, refusals
and quoted examples of what not to say do not count. Any hit sets its criterion to 0 with the reason.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

from trainer.grading import understanding
from trainer.grading.offline.phrases import Sentence, containment, folded_text, said_somewhere, union_doc
from trainer.grading.offline.prepare import Doc, PreparedCriterion, make_doc
from trainer.grading.text import find_phrase, normalize, tokens, word_weight
from trainer.grading.understanding import claims, lexicon, negation, referrals, sensitive, stance

# A must_not phrasing counts as said at this coverage (within one sentence, not negated).
MUST_NOT_MATCH = 0.8


# A sentence that warns against something ("有人让您提供CVV就是诈骗") does not do it.
_WARNING = re.compile(
    r"诈骗|骗子|骗局|冒充|如果有人|凡是|任何人|\b(scam|fraud|phishing|never share|anyone who)\b"
    # or supposes the act only to name it wrong: 要是我一题一题帮他选……那就是误导销售
    r"|(?:要是|如果|假如|万一)[^。！？!?]*(?:那|这)?(?:就|可)?(?:是|叫|属于|等于|成了)(?:在)?(?:误导|违规|欺骗|骗|撒谎|违法|不合规)"
    r"|\bif I\b[^.!?]*\b(?:that's|that would be|it would be|that is)\b[^.!?]*\b(?:mis-?sell\w*|mislead\w*|lying|"
    r"against the rules|wrong)",
    re.I,
)


_CJK = re.compile(r"[\u4e00-\u9fff]")
# A quoted phrase labelled as what not to do ("“最近人多您就再等等”这种推脱") is mentioned, not said.
_MENTION = re.compile(
    r"[“\"「『‘][^”\"」』’]{2,60}[”\"」』’]\s*(?:这种|这类|之类|这样的|那种)?的?\s*(?:推脱|推诿|甩锅|敷衍|猜测|瞎猜|搪塞|"
    r"踢皮球|托词|借口|话术|说法)"
)


# Refusing to say it ("我不会跟客户说“系统正常”", "I won't tell them ...") is not saying it.
_REFUSAL = re.compile(
    r"(不会|不能|不要|不应该?|不可以|不该|绝不|决不|拒绝|别|不去|不再)(再)?(跟|对|向|和|给)?[^，。,.]{0,10}"
    r"(说|讲|告诉|回复|答复|宣称|承诺|要求|索要|提供|透露|给出|答应|劝|(?:拿|用|以)\s*[“\"「]|提(?!前|高|升|交|醒|出|供)|(?:发)?给(?=您|你))|"
    r"\b(won't|will not|would not|wouldn't|never|refuse to|do not|don't|can't|cannot|can not|am not able to)"
    r"\s+(\w+\s+){0,2}(say|tell|claim|promise|ask|give|share|pass on|hand out)|"
    # a note's heading of what not to say ("不说：“应该没事吧”", "避免：…", "Don't say: …")
    r"(?:^|[\s。；;）)\-*•·\d.、])(?:不说|不讲|不提|别说|禁说|忌说|忌|避免说?|不能说|不会说)(?:的话)?\s*[：:]|"
    r"\b(?:don't say|won't say|avoid(?: saying)?|never say|not to say)\s*:",
    re.I,
)


# The wrong way named and rejected in the clause that names it ("先来后到在这里不适用", "first come first served
# doesn't apply here"): it is turned down, not done.
_REJECTED_AFTER = re.compile(
    r"^[^，。！？；,.!?;]{0,6}?(?:不适用|不适合|不可取|行不通|要不得|用不上|不成立|是错的|不对|不行|不能这么办|"
    r"\s*(?:doesn't|does not|won't|will not|wouldn't|would not|can't|cannot) (?:apply|work|do)\b|"
    r"\s*(?:is|would be) (?:wrong|the wrong (?:way|approach)|not the way))",
    re.I,
)


def _rejected_where_named(sentence: str, phrase: str) -> bool:
    """Whether ``sentence`` names ``phrase`` word for word only to reject it right after in its clause."""
    folded, wanted = normalize(sentence), normalize(phrase)
    start = folded.find(wanted)
    if start < 0:
        return False
    while start >= 0:
        if not _REJECTED_AFTER.match(folded[start + len(wanted) :]):
            return False
        start = folded.find(wanted, start + 1)
    return True


@functools.lru_cache(maxsize=1024)
def _refused_in_meaning(sentence: str, phrasing: str) -> bool:
    """Whether ``sentence`` says ``phrasing``'s content with the opposite polarity, as the understanding
    layer reads negation (a topic put first and refused: "跟客户说系统正常这种话我说不出口", "主管的口径我不会
    照搬"): the words are there, the act is refused. Only for a phrasing that negates nothing itself (a
    negation in it may pair with the sentence's otherwise: "您先别激动我们确实没有拖您的钱")."""
    if _ANY_NEGATION.search(phrasing):
        return False
    m = understanding.match_concept(sentence, phrasing)
    return m.negated and m.score >= understanding.MATCH_THRESHOLD


def must_not_hit(pc: PreparedCriterion, content: str, sentences: list[Sentence]) -> tuple[str, str]:
    """The reason and quote of the first ``must_not`` entry the answer says ("", "" when none): an
    exact phrasing not negated, or a sentence holding nearly all of one; warnings do not count."""
    if not pc.must_not:
        return "", ""
    folded = folded_text(content)
    every = union_doc(sentences)  # holds at least as much of a phrasing as the sentences that count
    if not any(
        said_somewhere(text, folded, synonyms=False)
        or (phrase.toks and containment(phrase, every) >= MUST_NOT_MATCH)
        for entry in pc.must_not
        for text, phrase in zip(entry.texts, entry.phrasings, strict=True)
    ):
        return "", ""
    said = [
        s
        for s in sentences
        if not _WARNING.search(s.text) and not _REFUSAL.search(s.text) and not _MENTION.search(s.text)
    ]
    doc = Doc(
        content,
        frozenset().union(*(s.doc.toks for s in said)),
        frozenset().union(*(s.doc.grams for s in said)),
    )
    for entry in pc.must_not:
        reason = entry.concept.reason or entry.concept.concept
        for text, phrase in zip(entry.texts, entry.phrasings, strict=True):
            exact = said_somewhere(text, folded, synonyms=False)
            # in English, in words rather than verbatim only with three or more of them: "your bank must
            # have duplicated it" is not said by "a letter to your bank explaining the duplicate"
            loose = len(phrase.toks) >= (2 if _CJK.search(text) else MUST_NOT_WORDS)
            if not exact and not (loose and containment(phrase, doc) >= MUST_NOT_MATCH):
                continue
            for s in said:
                if _rejected_where_named(s.text, text) or _refused_in_meaning(s.text, text):
                    continue
                if find_phrase(s.text, text, synonyms=False) or (
                    loose
                    and containment(phrase, s.doc) >= MUST_NOT_MATCH
                    and _words_held(phrase, s.doc, text)
                    and not _said_negated(text, s.text)
                    and not _negated_in_its_clause(text, phrase, s.text)
                ):
                    return reason, s.text
    return "", ""


def _words_held(phrase: Doc, doc: Doc, text: str) -> bool:
    """Whether ``doc`` holds the heaviest word of an English phrasing (its act, mostly), not only most of its
    letters: "I've already opted your account out of the newsletters" holds most of "I've deleted your account
    already" but not "deleted". Chinese is segmented less reliably and left to the letters."""
    if _CJK.search(text):
        return True
    weights = understanding.analyse(text, "en").whole.weights
    if not weights:
        return True
    top = max(weights.values())
    said = understanding.analyse(doc.text, "en").whole.weights
    return any(w >= top - 0.02 and word in said for word, w in weights.items())


_CLAUSE_OF = re.compile(r"[，,；;：:]")


def _negated_in_its_clause(text: str, phrase: Doc, sentence: str) -> bool:
    """Whether a clause of ``sentence`` that holds much of a ``must_not`` phrasing says it under negation, though the
    sentence as a whole reads otherwise ("借款记录这个真的删不了，不是我不给您删哈": the second clause's double
    negative does not undo the first's refusal)."""
    parts = [p for p in _CLAUSE_OF.split(sentence) if p.strip()]
    if len(parts) < 2:
        return False
    lang = "zh" if _CJK.search(sentence) else "en"
    return any(
        containment(phrase, make_doc(p, lang)) >= _CLAUSE_PART and _said_negated(text, p) for p in parts
    )


# A clause holding this much of a must_not phrasing carries it (the rest may sit in the next clause).
_CLAUSE_PART = 0.5


@functools.lru_cache(maxsize=4096)
def _said_negated(phrasing: str, sentence: str) -> bool:
    """Whether ``sentence``, which holds nearly all the words and characters of a ``must_not`` phrasing, says it
    under negation ("我没法按相机的实际价值全额赔付给您", "我不能保证按4200元全额赔", "不能拿强降雨线路停运属于不可抗力当
    理由"): the understanding layer's polarity test decides, as for a key point. A phrasing that negates something
    itself ("我们流程没有任何问题") is left to the words: the mistake may be the negation."""
    if understanding.analyse(phrasing).whole.negated:
        return False
    return understanding.match_concept(sentence, phrasing).negated


# A must_not phrasing said in other words: the understanding layer's match from MUST_NOT_MEANING (every
# content word of the phrasing, or a synonym of it, in one clause), for a phrasing of at least
# MUST_NOT_WORDS content words (a shorter one is a topic, not a mistake).
MUST_NOT_MEANING, MUST_NOT_WORDS = 0.9, 3
# A match with any negation in its scope (:func:`_negation_scope`) is left to the literal test: meaning alone
# does not tell "派件员电话不能给您" from "把派件员电话给您".
_ANY_NEGATION = re.compile(r"[不没无别未非莫勿]|n't\b|\b(?:not|never|no|cannot|without|nor)\b", re.I)


def _not_negating(sentence: str) -> str:
    """``sentence`` without the words that only look negative ("don't worry", 不好意思, 没问题)."""
    return lexicon.REASSURE_EN.sub(" ", negation.masked(normalize(sentence)))


def _negation_shared(phrasing: str) -> bool:
    """Whether a Chinese ``must_not`` phrasing negates something itself ("保证征信不会有任何影响", "用他的名义下单
    没问题"): then a negation in the sentence may be the mistake itself ("绝对不会上征信"), and the meaning match with its polarity test decides. English negation is left to the literal test: its scope
    is read too loosely to tell "wasn't my fault" from "didn't see that fault"."""
    return bool(_CJK.search(phrasing)) and bool(_ANY_NEGATION.search(phrasing))


# A must_not phrasing worded as a prohibition ("do not tell the customer the system is fine", "never ask for
# the CVV", "avoid blaming the bank") names the act forbidden: the act is what an answer must not say, and a
# sentence that refuses it ("I'd never ask for your CVV") refuses it.
_PROHIBITION = re.compile(
    r"^\s*(?:(?:please\s+)?(?:do not|don't|dont|never|must not|mustn't|should not|shouldn't|avoid)\s+)", re.I
)


def act_of(phrasing: str) -> str:
    """The act a prohibition names ("never ask for the CVV" → "ask for the CVV"); other phrasings as they are."""
    m = _PROHIBITION.match(phrasing)
    if not m or len(phrasing) <= m.end():
        return phrasing
    act = phrasing[m.end() :]
    said = _TELLING.match(act)  # "do not tell the customer the charge is a hold": what is said is the act
    return act[said.end() :] if said and len(act) > said.end() else act


_TELLING = re.compile(
    r"(?:tell|say to|claim to)\s+(?:the\s+)?(?:customer|caller|cardholder|client|them|him|her)s?\s+(?:that\s+)?"
    r"|(?:say|claim)\s+(?:that\s+)?",
    re.I,
)


@functools.lru_cache(maxsize=4096)
def _content_words(text: str) -> int:
    return sum(1 for t in tokens(text) if word_weight(t) >= 0.3)


def must_not_meant(pc: PreparedCriterion, sentences: list[Sentence], meaning: Any) -> tuple[str, str]:
    """The reason and quote of the first ``must_not`` entry the answer says in other words ("", "" when
    none): one of the entry's phrasings matched by meaning at :data:`MUST_NOT_MEANING` within one sentence
    that negates nothing, warns of nothing, refuses nothing and does not take the opposite position to
    the entry ("不让她去找商家")."""
    if not pc.must_not or meaning is None:
        return "", ""
    analysis = None
    for entry in pc.must_not:
        for alt in map(act_of, entry.concept.any or entry.texts):
            if _content_words(alt) < MUST_NOT_WORDS:
                continue
            analysis = analysis or meaning()
            m = understanding.match_concept(analysis, alt, floor=MUST_NOT_MEANING)
            if m.span is None or m.negated or m.score < MUST_NOT_MEANING:
                continue
            sentence = _sentence_of_span(m.span.text, sentences)
            if (
                not sentence
                or (
                    _ANY_NEGATION.search(_not_negating(_negation_scope(m.span.text, sentence)))
                    and not _negation_shared(alt)
                    and not _meant_in_a_clause(alt, sentence)
                )
                or _WARNING.search(sentence)
                or _REFUSAL.search(sentence)
                or _MENTION.search(sentence)
                or stance.opposes(entry.texts, sentence)
            ):
                continue
            return entry.concept.reason or entry.concept.concept, sentence
    return "", ""


def _negation_scope(span: str, sentence: str) -> str:
    """Where a negation keeps a meaning match from counting: in English the matched words only (a negation
    elsewhere, "so it goes through without a fuss", is not the match's); in Chinese the clauses the match
    covers and any later clause that only refuses the topic named before it ("用您先生的身份证再下一单，不可以",
    "让老人自己在手机上办，这个不行"), not a negation in a clause of its own ("窗口那边现在不受理了")."""
    if not _CJK.search(sentence):
        return span
    start = sentence.find(span)
    if start < 0:
        return sentence
    end = start + len(span)
    scope, at = [], 0
    for part in _CLAUSE_OF.split(sentence):
        lo, hi = at, at + len(part)
        at = hi + 1
        if (
            hi > start
            and lo < end
            or lo >= end
            and (_BARE_REFUSAL.search(part) or _refuses_words_of(part, span))
        ):
            scope.append(part)
    return "，".join(scope) or sentence


@functools.lru_cache(maxsize=1024)
def _meant_in_a_clause(phrasing: str, sentence: str) -> bool:
    """Whether a clause of a Chinese ``sentence`` that negates nothing says ``phrasing`` by meaning on its own,
    with no later clause refusing it, though the match over the sentence reached into a negated clause
    ("这个备案只能在手机上办，窗口那边已经不办了": the second clause's 办 is not the match's)."""
    if not _CJK.search(sentence):
        return False
    parts = [p for p in _CLAUSE_OF.split(sentence) if p.strip()]
    if len(parts) < 2:
        return False
    for i, part in enumerate(parts):
        if _ANY_NEGATION.search(_not_negating(part)):
            continue
        m = understanding.match_concept(part, phrasing, floor=MUST_NOT_MEANING)
        if m.span is None or m.negated or m.score < MUST_NOT_MEANING:
            continue
        if any(_BARE_REFUSAL.search(q) or _refuses_words_of(q, part) for q in parts[i + 1 :]):
            continue
        return True
    return False


def _refuses_words_of(clause: str, span: str) -> bool:
    """Whether a later ``clause`` negates a content word of the matched ``span`` ("删除借款记录：……届满前无法删除"):
    the topic named and then refused in a clause of its own."""
    if not _ANY_NEGATION.search(_not_negating(clause)):
        return False
    named = {t for t in tokens(span) if word_weight(t) >= 0.3 and len(t) >= 2}
    return bool(named & set(tokens(clause)))


# A clause that only refuses what was named before it: 不可以, 不行, 不能这样, 这个不会, 这样是不允许的.
_BARE_REFUSAL = re.compile(
    r"^\s*(?:但|可|可是|不过|然而)?(?:这个|这样|这|那样|那个|那)?(?:是|可|也|肯定|真的|真|实在|确实|就|绝对)*"
    r"(?:不可以|不行|不能(?:这样|这么)?(?:做|办|操作|弄)?|不会|不允许|不合规|不被允许|办不到|做不到|行不通|没办法|没法办)"
    r"(?:的)?(?:哦|呀|啊|哈|呢|了)?\s*$"
    # or refuses it by a pro-form: 我没法帮您这么改, 这样做是不允许的, 这种做法我们不能接受
    r"|^(?=[^，,；;]*[不没无别])[^，,；;]{0,12}?(?:这么|这样|这种|那样|那么|此事|这事|这句|这话|那句|那话|这个(?:说法|办法|做法|口径|要求)|这一点)[^，,；;]{0,8}$"
)


def _sentence_of_span(span: str, sentences: list[Sentence]) -> str:
    """The sentence that holds a matched span, or, for a span across two sentences ("…to your account; it's
    already applied…"), the longest sentence inside it ("" when none)."""
    holding = next((s.text for s in sentences if span in s.text), "")
    if holding:
        return holding
    inside = [s.text for s in sentences if s.text.strip() and s.text.strip() in span]
    return max(inside, key=len) if inside else ""


@functools.lru_cache(maxsize=1024)
def _secrets_asked(phrasings: tuple[str, ...]) -> frozenset[str]:
    """The kinds of sensitive data a ``must_not`` entry's phrasings ask for ("请把卡背面的三位数告诉我")."""
    return frozenset().union(*(sensitive.asks_for(act_of(p)) for p in phrasings))


def must_not_secret(pc: PreparedCriterion, sentences: list[Sentence]) -> tuple[str, str]:
    """The reason and quote of the first ``must_not`` entry that asks for sensitive data (CVV, SMS code,
    password) when the answer asks for the same kind in any words ("麻烦您把卡背面那几位数念给我",
    "read me the code we just texted you"); ("", "") when none."""
    for entry in pc.must_not:
        kinds = _secrets_asked(tuple(entry.concept.any) + (entry.concept.concept,))
        if not kinds:
            continue
        for s in sentences:
            if kinds & sensitive.asks_for(s.text):
                return entry.concept.reason or entry.concept.concept, s.text
    return "", ""


def must_not_claim(pc: PreparedCriterion, sentences: list[Sentence]) -> tuple[str, str]:
    """The reason and quote of the first ``must_not`` entry that puts the fault somewhere (our system is
    fine, the customer's network, the bank, the carrier, the payment processor, the customer, a colleague) or
    sends the customer elsewhere to do the company's job (the merchant, the property company, the bank) when a sentence of the answer
    makes the same claim in any words ("后台监控显示平台没有任何异常", "this delay sits with the carrier, not with
    us"), as its own: not negated, supposed, asked, told as someone else's line, warned of or refused."""
    for entry in pc.must_not:
        acts = tuple(map(act_of, entry.concept.any)) + (act_of(entry.concept.concept),)
        kinds = claims.claims_of(acts) | referrals.sent_by(acts) | _granted_of(acts)
        if not kinds:
            continue
        for s in sentences:
            said = claims.claims_made(s.text) | referrals.sent_to(s.text) | _granted_of((s.text,))
            if kinds & said and not _excused(s.text):
                return entry.concept.reason or entry.concept.concept, s.text
    return "", ""


_GRANTED = ("approval", 2)


@functools.lru_cache(maxsize=4096)
def _granted_of(phrasings: tuple[str, ...]) -> frozenset[str]:
    """``{"granted"}`` when a phrasing promises or grants what needs approval first ("I've applied a one-month
    credit already", "一定给您按全额申请下来"), as :mod:`stance` reads the approval axis: not negated, supposed or
    told of someone else."""
    return frozenset({"granted"}) if any(_GRANTED in stance.poles(p) for p in phrasings) else frozenset()


# Positions that are the wrong act itself wherever a rubric asks for the other one: a promise made before
# approval, a complaint talked down, a risk assessment steered to fit the product, a protective act put off.
WRONG_POLES = frozenset(
    {("approval", 2), ("complaint", 2), ("assessment", 2), ("protect", 2), ("voice", 2), ("candour", 2)}
)


def _excused(text: str) -> bool:
    return bool(_WARNING.search(text) or _REFUSAL.search(text) or _MENTION.search(text))


def violating_sentences(
    criteria: Sequence[PreparedCriterion], content: str, sentences: list[Sentence], meaning: Any
) -> tuple[dict[str, tuple[str, str]], frozenset[str]]:
    """Each criterion's first ``must_not`` hit (reason, quote) by id, and every sentence of the answer that
    commits a violation: a ``must_not`` of any criterion, or a position a key point of the rubric opposes
    on one of :data:`WRONG_POLES` ("先答应下来再说" where a key point asks for approval first). Such a
    sentence tells of the wrong act; it earns no credit for any criterion."""
    wanted: set[tuple[str, int]] = set()
    for pc in criteria:
        for concept in pc.concepts:
            wanted |= stance.concept_poles(concept.texts)
    wrong = {(axis, 3 - pole) for axis, pole in wanted} & WRONG_POLES
    bad: set[str] = set()
    if wrong:
        bad = {s.text for s in sentences if stance.poles(s.text) & wrong and not _excused(s.text)}
    hits: dict[str, tuple[str, str]] = {}
    for pc in criteria:
        if not pc.must_not:
            continue
        rest, text, ask = list(sentences), content, meaning
        for _ in range(3):  # a few sentences at most; each one found is set aside and the rest looked at
            reason, quote = must_not_hit(pc, text, rest)
            if not reason:
                reason, quote = must_not_secret(pc, rest)
            if not reason:
                reason, quote = must_not_claim(pc, rest)
            if not reason:
                reason, quote = must_not_meant(pc, rest, ask)
            if not reason:
                break
            hits.setdefault(pc.criterion.id, (reason, quote))
            bad.add(quote)
            left = [s for s in rest if s.text != quote]
            if len(left) == len(rest):
                break
            rest, text = left, "\n".join(s.text for s in left)
            if meaning is not None:
                ask = functools.partial(understanding.analyse, text, meaning().lang)
    return hits, frozenset(bad)


# Where a clause ends inside a sentence: a comma, semicolon or colon, or an English "but".
_CLAUSE_END = re.compile(r"[，,；;：:]|\s(?:but|and then)\s", re.I)


def innocent_clauses(criteria: Sequence[PreparedCriterion], sentence: str, lang: str) -> list[str]:
    """The clauses of a violating ``sentence`` that are steps of their own, when the violation is a request
    for sensitive data made in clauses of its own ("我马上帮您把卡冻结，您把卡背面那三位数字念给我": the freeze
    stands without the request); none otherwise. Other wrong acts colour what is said around them in the
    sentence (a promise made before approval and the call to confirm it), so their sentence earns nothing."""
    kinds = frozenset().union(
        *(_secrets_asked(tuple(e.concept.any) + (e.concept.concept,)) for pc in criteria for e in pc.must_not)
    )
    if not kinds:
        return []
    parts = [p.strip() for p in _CLAUSE_END.split(sentence) if p and p.strip()]
    rest = [p for p in parts if not kinds & sensitive.asks_for(p)]
    if not rest or len(rest) == len(parts):
        return []
    clauses = [Sentence(p, make_doc(p, lang)) for p in rest]
    text = "\n".join(rest)
    hits, bad = violating_sentences(
        criteria, text, clauses, functools.partial(understanding.analyse, text, lang)
    )
    return [] if hits or bad else rest
