"""What a candidate's reply *does*, by meaning: the behaviours the simulated customer reacts to.

:func:`detect` reads one reply against the scenario and the session so far and returns a
:class:`Detection`: the scenario's triggers that fired (by phrase, pattern, example utterance or a stated
time), red lines crossed, facts the candidate fairly asked for, the times they gave, and — when none of
that happened — one built-in verdict: ``neutral`` (polite and on topic: costs nothing), ``stalling``,
``off_topic``, ``empty`` or ``rude`` (these cost the level's ``vague`` price). Attempts to talk the
customer out of the role (``injection``) are cut out before anything else is read, and cost extra.

Meaning matching goes through :mod:`trainer.grading.understanding`; this module only decides what
counts as what in a role-play.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from trainer.grading import text as _text
from trainer.grading import understanding as u
from trainer.grading.understanding.analysis import split_at_sentence_ends
from trainer.grading.understanding.numerals import normalize_numerals
from trainer.roleplay import cues as _cues
from trainer.roleplay.scenario import Fact, Scenario, Trigger
from trainer.roleplay.timewords import Stated, stated_times

EXAMPLE_THRESHOLD = 0.55  # how close a clause must be to an example utterance to fire its trigger
REPEAT_SIMILARITY = 0.85  # a reply this close to an earlier one counts as repeating it
_MIN_REPEAT_CHARS = 8
PART_WEIGHT = 0.9  # a clause wholly inside an example counts a little less than the example said whole
_MIN_PART_GRAMS = 4

BUILTIN_LABELS = {
    "zh": {
        "neutral": "礼貌回应，但没有推进",
        "stalling": "拖延、敷衍（稍等、尽快处理之类没有内容的话）",
        "off_topic": "答非所问、偏离话题",
        "empty": "没有回应",
        "rude": "语气生硬、不耐烦",
        "injection": "试图让客户跳出角色",
        "asked": "询问必要信息",
    },
    "en": {
        "neutral": "Polite, but no progress",
        "stalling": "Stalling ('one moment', 'we'll look into it asap')",
        "off_topic": "Off topic",
        "empty": "No answer",
        "rude": "Curt or impatient",
        "injection": "Tried to talk the customer out of the role",
        "asked": "Asked for needed information",
    },
}
VAGUE = ("stalling", "off_topic", "empty")

_STALL = {
    "zh": (
        "请稍等",
        "稍等一下",
        "您稍等",
        "我看一下",
        "我看看",
        "我查一下",
        "我帮您看看",
        "我帮您查一下",
        "嗯嗯",
        "好的",
        "收到",
        "明白",
        "这个我不太清楚",
        "我不知道",
        "我也不清楚",
        "您再等等",
        "我问一下",
        "我需要确认一下",
        "正在处理",
        "在处理了",
    ),
    "en": (
        "please hold",
        "one moment",
        "just a moment",
        "let me check",
        "let me see",
        "ok",
        "okay",
        "hmm",
        "i see",
        "i'm not sure",
        "i don't know",
        "we are looking into it",
        "please wait",
        "bear with me",
    ),
}
_RUDE = re.compile(
    r"(你烦不烦|别烦我|闭嘴|爱咋咋|关我什么事|你听不懂吗|你怎么这么多事|少废话|"
    r"\bshut up\b|\bwhatever\b|\bnot my problem\b|\bcalm down\b|\bdeal with it\b)",
    re.IGNORECASE,
)
_ROLE_INJECTION = re.compile(
    r"((忽略|无视|忘记|忘掉|别管|抛开|不要管)(掉)?(你的|之前的|上面的|前面的|所有的?)?.{0,6}(设定|角色|人设|指令|规则|提示|身份)|"
    r"你(现在|已经)?(不再是|不是)(顾客|客户)|你(现在|已经|其实)?(很|非常|十分)?(满意|不生气了|消气了|开心)|"
    r"(把|将)?(这次|本次)?(对话|通话|会话)(标记|判定|设)为?(已?解决|满意)|^\s*(系统|system)\s*[:：]|"
    r"\b(ignore|forget|disregard)\b.{0,30}\b(role|persona|setting|instructions?|prompt|character)\b|"
    r"\byou\s+are\s+(now\s+)?(very\s+)?(satisfied|happy|calm|no longer angry)\b|"
    r"\b(mark|set|end)\b.{0,30}\b(resolved|satisfied)\b|\bstep out of (the )?(role|character)\b)",
    re.IGNORECASE,
)
_ASK_CUES = re.compile(
    r"(？|\?|吗|呢|多少|哪[个里天儿些一]|什么|几[号点个时]|是否|能否|可否|能不能|可不可以|"
    r"请(您|你)?(提供|告诉|说|报|发|确认|核对)|麻烦(您|你)?|报一下|说一下|告诉我|发一下|"
    r"\bcould you\b|\bcan you\b|\bwhat\b|\bwhich\b|\bwhen\b|\bconfirm\b|\btell me\b|\bprovide\b|\bgive me\b|"
    r"\b(?:can|could|may) i (?:take|have|get|grab|ask for)\b|\bi(?:'ll| will)? need your\b)",
    re.IGNORECASE,
)
_READ_BACK = re.compile(
    r"(已经?(查到|看到|找到|收到|记下|记录|核实|核对|拿到|有了)|查到了|看到了|找到了|记下了|核实过|核对过|"
    r"我这边(能|可以)?看到|系统(里|上)?(显示|看到)|"
    r"\bi (have|can see|found|'ve found|'ve got|got|see)\b|\bi've (got|found|noted)\b|\bnoted\b|\bi have your\b)",
    re.IGNORECASE,
)
_GENERIC = frozenset(
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
    ]
)
_SERVICE_WORDS = frozenset(
    [
        "抱歉",
        "道歉",
        "对不起",
        "理解",
        "帮",
        "帮您",
        "处理",
        "核实",
        "查询",
        "解决",
        "负责",
        "跟进",
        "安排",
        "给您",
        "您的",
        "原因",
        "方案",
        "补偿",
        "联系",
        "通知",
        "sorry",
        "apologise",
        "apologize",
        "understand",
        "help",
        "handle",
        "resolve",
        "fix",
        "check",
        "arrange",
        "follow",
        "contact",
        "update",
        "reason",
    ]
)


@dataclass
class Detection:
    """What one candidate reply set off (see the module docstring)."""

    text: str = ""  # the reply as read (without any injection clause)
    triggers: dict[str, str] = field(default_factory=dict)  # trigger id -> verbatim quote
    red_lines: dict[str, str] = field(default_factory=dict)
    facts_answered: list[Fact] = field(default_factory=list)
    times: list[Stated] = field(default_factory=list)
    verdict: str = ""  # neutral | stalling | off_topic | empty | rude, when nothing else was seen
    verdict_quote: str = ""
    injection: str = ""  # the clause that tried to step the customer out of the role
    vague_promise: str = ""  # a clause that promises nothing (会尽快处理), heard as stalling beside the rest
    # the trigger each time came with (time quote -> id of the calming trigger said in its clause; "" when
    # the time stands on its own, the estimate the times trigger is about)
    time_with: dict[str, str] = field(default_factory=dict)

    @property
    def anything(self) -> bool:
        """Whether the reply fired a trigger, crossed a red line or asked a fair question."""
        return bool(self.triggers or self.red_lines or self.facts_answered)


def says(text: str, phrases: Iterable[str], patterns: Iterable[str]) -> str | None:
    """The verbatim quote of the first phrase (negation-aware) or pattern found in ``text``."""
    folded = _text.normalize(text)
    for phrase in phrases:
        # a cheap look first: the full search compiles a pattern per phrase and variant
        if not any(v in folded for v in _text._variants(phrase)):
            continue
        quote = _text.find_phrase(text, phrase)
        if quote and not _other_word(quote, phrase):
            return quote
    for pattern in patterns:
        m = re.search(pattern, text, re.IGNORECASE)
        if m:
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
                best, quote = score, clause.text.strip()
    return quote if best >= threshold else None


def _shares_beyond(clause: str, example: str, lang: str, case_words: frozenset[str]) -> bool:
    """Whether ``clause`` and ``example`` share a word (Chinese: a character pair) that is not one of the
    case's (:func:`case_words`)."""
    if lang == "zh":
        shared = _grams(clause, lang) & _grams(example, lang)
        return any(g not in case_words for g in shared)
    mine = {_text.canonical(t) for t in _text.tokens(clause, lang)}
    theirs = {_text.canonical(t) for t in _text.tokens(example, lang)}
    return bool((mine & theirs) - case_words - _GENERIC)


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
def _grams(text: str, lang: str) -> frozenset[str]:
    if lang == "zh":
        chars = _FILLER_ZH.sub("", _squash(text))
        return frozenset({chars[i : i + 2] for i in range(len(chars) - 1)} or ({chars} if chars else set()))
    return frozenset(_text.canonical(t) for t in _text.tokens(text, lang))


def closeness(clause: str, example: str, lang: str, floor: float = 0.0) -> float:
    """How fully ``clause`` says ``example``, 0..1: the understanding layer's calibrated match, or how
    much of the example's content (Chinese character pairs, English word stems) the clause covers.

    When even a perfect match could not lift the score to ``floor``, the layer is not asked (the
    score is then the coverage alone, which is below ``floor`` too)."""
    ex, cl = _grams(example, lang), _grams(clause, lang)
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


_CLAUSE = re.compile(r"[^，,。！？!?；;：:\n]+")


def short_clauses(text: str) -> list[u.Span]:
    """The comma-level pieces of ``text`` (what one example utterance is compared with), with positions:
    cut at commas, colons, line breaks and sentence ends, English full stops included ("a.m.", £9.76
    and "e.g." are not sentence ends)."""
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


def _squash(text: str) -> str:
    return _PUNCT.sub("", _text.normalize(text))


def repeats_earlier(text: str, earlier: Sequence[str], lang: str | None = None) -> str | None:
    """The earlier reply that ``text`` repeats (nearly the same words, or the same meaning), or None."""
    now = _squash(text)
    if len(now) < _MIN_REPEAT_CHARS:
        return None
    for before in reversed(earlier):
        old = _squash(before)
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
        long_enough = len(_squash(word)) >= 4 if lang == "zh" else len(word.split()) >= 2
        if long_enough and means(text, [word], lang):
            return True
    return False


@functools.lru_cache(maxsize=1024)
def _said_forms(word: str) -> frozenset[str]:
    return frozenset(w for w in u.synonyms(word) if len(_squash(w)) >= 2) | {word}


def asks_for(text: str, fact: Fact, lang: str) -> str | None:
    """The clause of ``text`` that asks for ``fact``, or None.

    A clause asks when it names the fact (an ``ask`` phrase or, by meaning, an ``examples`` utterance)
    and is a question or request. Reading the fact back — its value, or "订单号我已经查到了" — is not asking.
    """
    if not (fact.ask or fact.examples) or (fact.value and _squash(fact.value) in _squash(text)):
        return None
    for clause in short_clauses(text):
        part = clause.text
        if _READ_BACK.search(part) or _cues.recalled_or_spared(part, lang):
            continue
        named = says(part, fact.ask, ()) or means(part, fact.examples, lang)
        ending = text[clause.end : clause.end + 1]  # the question mark closing the clause
        if named and _ASK_CUES.search(_text.normalize(part + ending) + " "):
            return part.strip()
    return None


@functools.lru_cache(maxsize=64)
def _topic_words(scenario_id: str, corpus: str, lang: str) -> frozenset[str]:
    words = {_text.canonical(t) for t in _text.tokens(corpus, lang)}
    return frozenset(w for w in words if w not in _GENERIC and len(w) >= (2 if lang == "zh" else 3))


def topic_words(sc: Scenario) -> frozenset[str]:
    """The content words of the scenario's situation (what an on-topic reply talks about)."""
    parts = [sc.brief, sc.title, sc.industry, sc.customer.profile, sc.customer.background]
    parts += [*sc.policy, *sc.accepts, *sc.opening]
    parts += [f"{k} {v}" for k, v in sc.system_info]
    parts += [f.text for f in sc.customer_facts]
    for t in sc.triggers:
        if t.delta < 0:
            parts += [*t.phrases, *t.examples]
    parts += list(sc.samples.get("good", ()))
    return _topic_words(sc.id, "\n".join(parts), sc.lang) | _SERVICE_WORDS


def on_topic(sc: Scenario, text: str) -> bool:
    """Whether ``text`` talks about the case at all (shares content words with the scenario)."""
    words = {_text.canonical(t) for t in _text.tokens(text, sc.lang)}
    return bool(words & (topic_words(sc) | _CASE_NOUNS))  # 钱不会丢: the money, the parcel, the order


def is_stalling(text: str, lang: str) -> bool:
    """Whether every clause of ``text`` only stalls (稍等, 我看一下, "let me check") or fills."""
    parts = [c.text for c in u.clauses(text) if _squash(c.text)]
    if not parts:
        return False
    stall = _STALL.get(lang, _STALL["en"])
    for part in parts:
        squashed = _squash(part)
        if any(_squash(s) == squashed for s in stall):
            continue
        if len(squashed) <= (14 if lang == "zh" else 40) and means(part, stall, lang, 0.5):
            continue
        return False
    return True


def _injection(text: str) -> tuple[str, str]:
    """(the clause that tries to step the customer out of the role, the text without it)."""
    found = ""
    kept: list[str] = []
    for clause in u.clauses(text):
        if _ROLE_INJECTION.search(_text.normalize(clause.text)) or _text.detect_injection(clause.text):
            found = found or clause.text.strip()
        else:
            kept.append(clause.text)
    return found, ("".join(kept) if found else text)


def given_facts(sc: Scenario, state_facts: Iterable[str], customer_said: str) -> set[str]:
    """Ids of facts the customer has given so far (answered, or their value said)."""
    said = _squash(customer_said)
    return set(state_facts) | {f.id for f in sc.customer_facts if f.value and _squash(f.value) in said}


def detect(
    sc: Scenario, text: str, *, earlier: Sequence[str], customer_said: str, facts_given: Iterable[str]
) -> Detection:
    """What ``text`` does given the session so far (``earlier`` candidate replies, what the customer said)."""
    lang = sc.lang
    out = Detection()
    raw = (text or "").strip()
    out.injection, text = _injection(raw)
    text = out.text = text.strip()
    if not _squash(text):
        if not out.injection:
            out.verdict, out.verdict_quote = "empty", raw
        return out
    given = given_facts(sc, facts_given, customer_said)
    asked_again: str | None = None
    for fact in sc.customer_facts:
        quote = asks_for(text, fact, lang)
        if quote is None:
            continue
        if fact.id in given:
            asked_again = asked_again or quote
        else:
            out.facts_answered.append(fact)
    # A time the customer said first (their deadline, when the trip was) read back is not a time given.
    known = " ".join([customer_said, *(f"{f.text} {f.answer}" for f in sc.customer_facts)])
    pieces = short_clauses(text)
    # what the customer was asked to do before, recalled or spared, is not asked again
    joiner = "，" if lang == "zh" else ". "
    asking_text = joiner.join(p.text for p in pieces if not _cues.recalled_or_spared(p.text, lang))
    out.times = given_times(text, pieces, known, lang, callbacks_count=callback_time_is_a_promise(sc))
    repeated = repeats_earlier(text, earlier, lang)
    facts = None
    for trig in sc.triggers:
        if trig.detector == "repetition":
            quote = text if repeated else None
        elif trig.detector == "asked_again":
            quote = asked_again
        else:
            said = text
            if "report" in trig.cues:  # an explanation needs a stated fact, not a place noun or a topic word
                facts = _fact_text(text, pieces, customer_said, lang) if facts is None else facts
                said = facts
            if trig.delta > 0:
                said = asking_text
            # a raising example must be matched in its attitude, not in the words of the case it names
            beyond = case_words(sc) if trig.delta > 0 else frozenset()
            examples = (
                (*trig.examples, *policy_examples(sc).get(trig.id, ()))
                if trig.tracks == "offered"
                else trig.examples
            )
            if trig.delta > 0 and _promises(trig):
                said = _unhedged(said, lang)  # an estimate said as one is no guarantee
            quote = says(said, trig.phrases, trig.patterns) or means(said, examples, lang, beyond=beyond)
            if quote is None and trig.times and out.times:
                quote = out.times[0].quote
        if quote:
            out.triggers[trig.id] = quote
    for line in sc.red_lines:
        quote = says(text, line.phrases, line.patterns)
        if quote and not _warned_against(text, quote):
            out.red_lines[line.id] = quote
    if not out.injection:  # a reply that tries to step the customer out of the role gets no benefit of doubt
        _by_cues(sc, out, pieces, customer_said)
    for trig in sc.triggers:
        if trig.id in out.triggers and set(trig.unless) & set(out.triggers):
            del out.triggers[trig.id]
    _one_reading_per_clause(sc, out, pieces, text)
    _hear_vague_promises(sc, out, pieces, text)
    out.time_with = _time_owners(sc, out, pieces)
    if out.injection and not out.anything:
        return out  # the attempt itself is the behaviour; the rest of the reply only served it
    if not out.anything:
        rude = _RUDE.search(text)
        if rude:
            out.verdict, out.verdict_quote = "rude", rude.group(0)
        elif out.vague_promise:
            out.verdict, out.verdict_quote = "stalling", out.vague_promise
            out.vague_promise = ""
        elif is_stalling(text, lang):
            out.verdict, out.verdict_quote = "stalling", text
        elif on_topic(sc, text) or out.times:
            out.verdict, out.verdict_quote = "neutral", text
        else:
            out.verdict, out.verdict_quote = "off_topic", text
    return out


# 十点三十八分开始, 明天送到的时候: when something starts or happens, not a promise (unless said of the future)
_SINCE = re.compile(r"开始|的时候|\bsince\b|\bstarted\b", re.IGNORECASE)
# 十点三十八分起, 17 号起: when something started
_FROM_THEN = re.compile(r"^\s*(起|以来|开始)")
# 页面上写着一天之内, 说好的 24 小时, 十点半那会儿, "the site says 24 hours": a time on record or in the past,
# whatever the tense of the words around it
_RECORD = re.compile(
    r"写着|写的是|上面写|页面上|页面显示|说好|承诺的|规定的|标的是|那会儿?|那时候?|当时|"
    r"\b(?:says|said|promised|stated|advertised|quoted)\b",
    re.IGNORECASE,
)
# 您刚才说的我都记下了：…, "you said you need it by Thursday": the customer's own words said back
_THEIR_WORDS = re.compile(
    r"(您|你)(刚才|刚刚|之前|前面|也)?(说|讲|提到|反映|告诉我)(的|过|了)?|按(您|你)说的|"
    r"\byou(?:'ve)? (?:said|mentioned|told me|need|needed|wanted|have to be|must have)\b|\bas you (?:said|mentioned)\b|"
    r"\byour (?:deadline|meeting|flight|appointment)\b",
    re.IGNORECASE,
)
# 这一步得在三天之内做完, 三天内提交, "you'll need to send it by Friday": a deadline the customer must meet
_THEIR_TASK = {
    "zh": re.compile(
        r"(?<![我们])(得|要|需要|必须|务必|记得|请您?|麻烦您?)在|"
        r"(之内|以内|内|前|之前)(提交|填|补|上传|弄好|弄完|做完|办好|办完|填完|完成|认证|操作)|"
        r"(弄好|弄完|做完|办好|办完|填好|填完|交完|提交)就(行|可以|好)"
    ),
    "en": re.compile(
        r"\byou(?:'ll| will)? (?:need to|have to|must|should)\b|\bplease (?:send|submit|upload|fill|complete|reply)\b",
        re.IGNORECASE,
    ),
}
_FIRST_PERSON = {
    "zh": re.compile(r"我|我们|咱|这边"),
    "en": re.compile(r"\b(?:i|we|i'll|we'll|i'm|we're)\b", re.IGNORECASE),
}
# 周五上午十点我再给您打个电话，告诉您车走到哪了; "I'll update you every half hour": a time for news of the
# progress, not for the outcome the customer waits for
_PROGRESS = re.compile(
    r"进度|进展|到哪|走到|情况|动态|\b(?:update|progress|how (?:it'?s|things are) going|where (?:it|things) (?:is|are))\b",
    re.IGNORECASE,
)


_REPORT_TO = re.compile(
    r"(给|跟|向)(您|你)(报|说|同步|汇报|更新|讲)|\b(?:update|brief|tell) you\b|\bkeep you\b", re.IGNORECASE
)


def _whole_sentence(text: str, quote: str) -> str:
    """The sentence of ``text`` holding ``quote``."""
    i = text.find(quote)
    if i < 0:
        return ""
    start = max(text.rfind(c, 0, i) for c in "。！？!?\n") + 1
    ends = [j for j in (text.find(c, i) for c in "。！？!?\n") if j >= 0]
    return text[start : min(ends) if ends else len(text)]


def _core(quote: str) -> str:
    """A time's words without numerals' spelling, spaces and the 'before/within' ending: 三十号以前 → 30号."""
    core = _squash(normalize_numerals(quote))
    return re.sub(r"(之前|以前|前|之内|以内|内|左右|为止|by|before|within|until)$", "", core)


def _sentence_of(text: str, quote: str) -> str:
    """The text of the sentence holding ``quote`` up to it (what was said before the time in it)."""
    i = text.find(quote)
    if i < 0:
        return ""
    head = text[:i]
    cut = max(head.rfind(c) for c in "。！？!?\n")
    return head[cut + 1 :]


_CALLBACK_PROMISE = re.compile(
    r"回电时间|回电的时间|(分钟|小时)(之内|以内|内)回电|\bcall(?:s|ed)? (?:you |him |her )?back (?:within|by|in)\b",
    re.IGNORECASE,
)


def callback_time_is_a_promise(sc: Scenario) -> bool:
    """Whether, in this scenario, when the candidate calls back is itself what the customer waits for
    (the policy or accepted outcomes agree a callback time: 约定回电时间, 约定 15 分钟内回电)."""
    return any(_CALLBACK_PROMISE.search(normalize_numerals(line)) for line in (*sc.policy, *sc.accepts))


def given_times(
    text: str, pieces: Sequence[u.Span], known: str, lang: str, callbacks_count: bool = True
) -> list[Stated]:
    """The times ``text`` gives as the candidate's own estimate or commitment.

    Not given: a time in the past (昨天晚上已经到了), on record (页面上写着一天之内, 那会儿), when something
    started, a time the customer said first or one of their facts read back (their deadline, when the trip
    was; 您刚才说的…三十号以前), a deadline the customer must meet (这一步得在三天之内做完), when the
    candidate will report progress (周五上午十点我打给您说下车到哪了), nor — unless ``callbacks_count`` —
    when the candidate will call back (明天上午十点我给您回电: a callback, not the delivery time)."""
    theirs = stated_times(known, lang)
    their_values = {t.value for t in theirs}
    their_cores = {_core(t.quote) for t in theirs}
    key = "zh" if lang == "zh" else "en"
    out: list[Stated] = []
    for t in stated_times(text, lang):
        clause = _clause_of(t.quote, pieces)
        tense = _tense_of(t.quote, pieces, lang)
        if _FORECAST.search(clause):
            tense = u.FUTURE  # "estimated fix Thursday 6 pm", 预计: a forecast, whatever else the clause says
        elif tense == u.FUTURE and _main_clause_past(clause, pieces, lang):
            tense = u.PAST  # 19 号早上恢复分拣后，您的投影仪已经装车: "after …" is of its main clause's time
        at = text.find(t.quote)
        if (
            lang == "zh"
            and at >= 0
            and re.search(r"(分钟|小时|钟头|天|工作日|周|星期)$", t.quote)
            and text[at + len(t.quote) :].lstrip().startswith("就")
        ):
            tense = u.FUTURE  # 两三分钟就通了, 半小时就到了: what will have happened by then
        if not tense and _cues.tense(_whole_sentence(text, t.quote), lang) == u.PAST:
            tense = u.PAST  # 两点三十二分那笔超时没走通，系统当场就给撤销了
        before = text[: text.find(t.quote)].rstrip()
        if before.endswith("每") or re.search(r"(?i)\bevery$", before):
            continue  # 每半小时, "every half hour": how often, not when
        if _since(text, t.quote) or (at >= 0 and _FROM_THEN.match(text[at + len(t.quote) :])):
            continue  # "down since Tuesday", 十点三十八分起: when it started  # "down since Tuesday": when it started
        if _part_tense(clause, t.quote, lang) == u.PAST:
            continue  # "the cabinet was damaged on Monday and engineers will …": the day is of the past
        future = tense == u.FUTURE
        if t.quote in known or tense == u.PAST or _RECORD.search(clause):
            continue
        if _core(t.quote) in their_cores or any(
            t.value in v for v in their_values
        ):  # 明天上午11点 adds to 明天上午
            continue
        if not future and (_SINCE.search(clause) or any(v in t.value for v in their_values)):
            continue  # the customer's own time said back without a promise (今天下午两点半左右在家具店)
        if _THEIR_WORDS.search(_sentence_of(text, t.quote)):
            continue
        if _THEIR_TASK[key].search(clause) and not _FIRST_PERSON[key].search(clause.replace("您", "")):
            continue
        if _PROGRESS.search(clause) and (_cues.callback(clause, lang) or _REPORT_TO.search(clause)):
            continue
        if (
            not callbacks_count
            and _cues.callback(clause, lang)
            and _FIRST_PERSON[key].search(clause.replace("您", ""))
        ):
            continue  # the candidate's own callback; a third party's call (工作人员会联系您) is the service
        out.append(t)
    return out


# "it'll arrive before 1 pm", 会在…送到: a clause that goes on about what the clause before it named
_GOES_ON = {
    "zh": re.compile(r"^\s*(它|这个|会|能|预计|大概|最晚|最迟)"),
    "en": re.compile(r"^\s*(?:and\s+)?(?:it|it'?ll|it will|that|which|they|they'?ll|this)\b", re.IGNORECASE),
}


def _time_owners(sc: Scenario, out: Detection, pieces: Sequence[u.Span]) -> dict[str, str]:
    """For each time given, the calming trigger it came with: one said in the time's own clause, or in
    the clause before when the time's clause goes on about it ("a backup router, it'll arrive before 1
    pm"); "" for a time that stands on its own. The times trigger itself owns nothing: its time is the
    estimate the customer asked for."""
    if not out.times:
        return {}
    key = "zh" if sc.lang == "zh" else "en"
    steps = [
        (tid, q)
        for tid, q in out.triggers.items()
        if sc.trigger(tid).delta < 0 and not sc.trigger(tid).times and not sc.trigger(tid).cues
    ]
    owners: dict[str, str] = {}
    for t in out.times:
        at = next((i for i, p in enumerate(pieces) if _squash(t.quote) in _squash(p.text)), -1)
        owner = ""
        if at >= 0:
            clause = pieces[at].text
            own = _part_of(clause, t.quote, sc.lang)  # "a router reaches you tomorrow and the fix is …"
            near = [(clause, own)]
            if at > 0 and _GOES_ON[key].search(own if own != clause else clause):
                near.append((pieces[at - 1].text, pieces[at - 1].text))
            for tid, q in steps:
                for whole, part in near:
                    if not q or not (q in whole or whole.strip() in q):
                        continue
                    trig = sc.trigger(tid)
                    if (
                        part == whole
                        or says(part, trig.phrases, trig.patterns)
                        or _covers(part, trig.examples, sc.lang)
                    ):
                        owner = tid
                        break
                if owner:
                    break
        owners[t.quote] = owner
    return owners


def _covers(part: str, examples: Sequence[str], lang: str) -> bool:
    """Whether ``part`` holds half or more of one example's words (a cheap look, enough to tell which
    part of a clause a step already heard in it was said in)."""
    mine = _grams(part, lang)
    return any((ex := _grams(e, lang)) and len(ex & mine) / len(ex) >= 0.5 for e in examples)


def _part_of(clause: str, quote: str, lang: str) -> str:
    """The part of ``clause`` (between joining words: and, but, 而且) that holds ``quote``."""
    at = clause.find(quote)
    joins = list(_cues.JOIN["zh" if lang == "zh" else "en"].finditer(clause))
    if at < 0 or not joins:
        return clause
    start = max((m.end() for m in joins if m.end() <= at), default=0)
    end = min((m.start() for m in joins if m.start() >= at + len(quote)), default=len(clause))
    return clause[start:end]


_PROMISE_WORDS = re.compile(
    r"保证|一定|肯定|打包票|guarantee|promise|definitely|absolutely|no question", re.IGNORECASE
)
_HEDGE = re.compile(
    r"不敢保证|不能保证|没法保证|保证不了|不敢打包票|没法给您打包票|说了算|\bcan'?t (?:guarantee|promise)\b|"
    r"\bnot a (?:promise|guarantee)\b|\bno promises\b|\bbest estimate\b",
    re.IGNORECASE,
)


def _promises(trig: Trigger) -> bool:
    """Whether a raising trigger is about promising too much (its words guarantee: 保证, "definitely")."""
    return any(_PROMISE_WORDS.search(w) for w in (*trig.phrases, *trig.examples, trig.label))


def _unhedged(text: str, lang: str) -> str:
    """``text`` without the clauses that hedge (an estimate, 一般, "their best estimate", 不敢保证):
    what could still be heard as a guarantee."""
    joiner = "，" if lang == "zh" else ". "
    return joiner.join(
        p.text for p in short_clauses(text) if not (_FORECAST.search(p.text) or _HEDGE.search(p.text))
    )


def _main_clause_past(clause: str, pieces: Sequence[u.Span], lang: str) -> bool:
    """Whether ``clause`` is an "after …" clause (恢复分拣后, 修好以后) whose main clause, the next one,
    reports the past."""
    if lang != "zh" or not re.search(r"(后|以后|之后)", clause):
        return False
    if _cues.tense(re.sub(r"(过后|以后|之后|后)", "", clause), lang) == u.FUTURE:
        return False  # a future of its own besides the "after" (修好以后会…)
    at = next((i for i, p in enumerate(pieces) if p.text == clause), -1)
    return 0 <= at < len(pieces) - 1 and _cues.tense(pieces[at + 1].text, lang) == u.PAST


def _part_tense(clause: str, quote: str, lang: str) -> str:
    """The tense of the part of ``clause`` that holds ``quote`` ("" when the clause joins nothing, or
    the part says neither)."""
    at = clause.find(quote)
    joins = list(_cues.JOIN["zh" if lang == "zh" else "en"].finditer(clause))
    if at < 0 or not joins:
        return ""
    start = max((m.end() for m in joins if m.end() <= at), default=0)
    end = min((m.start() for m in joins if m.start() >= at + len(quote)), default=len(clause))
    part = clause[start:end]
    return u.FUTURE if _FORECAST.search(part) else _cues.tense(part, lang)


def _estimate(clause: str, lang: str) -> bool:
    """Whether ``clause`` gives a time still to come ("Estimated fix Thursday 6 pm"): an estimate, not an
    explanation."""
    found = stated_times(clause, lang)
    if not found or _RECORD.search(clause):
        return False
    if all(_part_tense(clause, t.quote, lang) == u.PAST or _since(clause, t.quote) for t in found):
        return False  # "the cabinet was damaged on Monday and engineers will be on it" explains
    return bool(_FORECAST.search(clause)) or _cues.tense(clause, lang) == u.FUTURE


def _since(text: str, quote: str) -> bool:
    """Whether ``quote`` says when something started ("down since Tuesday")."""
    at = text.find(quote)
    return bool(re.match(r"(?i)since\b", quote)) or (
        at >= 0 and bool(re.search(r"(?i)\bsince\s*$", text[:at]))
    )


_FORECAST = re.compile(
    r"预计|估计|预估|一般|通常|正常情况下|按以往|\b(?:estimated?|expected|scheduled|due|eta|usually|normally|typically)\b",
    re.IGNORECASE,
)


def close_politely(sc: Scenario, out: Detection) -> None:
    """Hear a closing question (还有别的问题吗) that a script-phrase trigger heard as neutral instead: for a
    customer whose case is handled it is a polite close."""
    lang = sc.lang
    for tid in list(out.triggers):
        trig = sc.trigger(tid)
        if "canned" in trig.cues and _cues.closing_question(out.triggers[tid], lang):
            del out.triggers[tid]
    if not out.anything and not out.verdict and not out.vague_promise and not out.injection:
        out.verdict, out.verdict_quote = "neutral", out.text


def _one_reading_per_clause(sc: Scenario, out: Detection, pieces: Sequence[u.Span], text: str = "") -> None:
    """A clause heard as a raising behaviour is not also heard as a calming one: 这是云服务商那边的故障
    shifts the blame and does not take ownership because it sounds like 这是我们平台这边的故障;
    我这边没办法给您加急 offers nothing."""
    raising = {_clause_of(q, pieces) for tid, q in out.triggers.items() if sc.trigger(tid).delta > 0} | {
        _clause_of(q, pieces) for q in out.red_lines.values()
    }
    raising.discard("")
    excuses = {_whole_sentence(text, q) for tid, q in out.triggers.items() if sc.trigger(tid).delta > 0}
    excuses.discard("")
    for tid in [t for t, q in out.triggers.items() if sc.trigger(t).delta < 0]:
        if sc.trigger(tid).times:
            continue  # a time given is given, whatever else the clause does
        if _clause_of(out.triggers[tid], pieces) in raising:
            del out.triggers[tid]
        elif "report" in sc.trigger(tid).cues and _whole_sentence(text, out.triggers[tid]) in excuses:
            del out.triggers[
                tid
            ]  # 由于近期持续暴雨，属于不可抗力: the sentence is the excuse, not an explanation


def _hear_vague_promises(sc: Scenario, out: Detection, pieces: Sequence[u.Span], text: str) -> None:
    """Find the clauses that only promise (会尽快核实, "I'll look into it asap"): they are stalling, not a
    set phrase of the script nor a commitment. A clause that also takes a step (a lowering trigger's
    words) or gives a time is no vague promise, and a reply that explains the case (a trigger with the
    ``report`` cue) makes "正在处理" beside it a word on progress. The script-phrase trigger no longer hears those clauses,
    and a callback with no time beside nothing but vague promises promises nothing either."""
    lang = sc.lang
    steps = [
        q
        for tid, q in out.triggers.items()
        if sc.trigger(tid).delta < 0 and "callback" not in sc.trigger(tid).cues
    ]
    vague = [
        p
        for p in pieces
        if _cues.vague_promise(p.text, lang)
        and not _estimate(p.text, lang)
        and not any(q and (q in p.text or p.text.strip() in q) for q in steps)
    ]
    if not vague:
        return
    explained = any("report" in sc.trigger(tid).cues for tid in out.triggers if sc.trigger(tid).delta < 0)
    if (
        not explained
    ):  # beside a stated fact of the case, "工程师正在处理" / "engineers are on it" is progress
        out.vague_promise = vague[0].text.strip()
    rest = [p for p in pieces if p not in vague]
    rest_text = ("，" if lang == "zh" else ". ").join(p.text for p in rest)
    for tid in list(out.triggers):
        trig = sc.trigger(tid)
        if "canned" in trig.cues and any(
            out.triggers[tid] in p.text or p.text.strip() in out.triggers[tid] for p in vague
        ):
            quote = (
                says(rest_text, trig.phrases, trig.patterns)
                or means(rest_text, trig.examples, lang)
                or _cues.find("canned", rest, lang)
            )
            if quote:
                out.triggers[tid] = quote
            else:
                del out.triggers[tid]
        elif "callback" in trig.cues and not steps and not out.times:
            del out.triggers[tid]  # 会尽快处理，有进展会第一时间通知您: nothing to call back about


def _fact_text(text: str, pieces: Sequence[u.Span], customer_said: str, lang: str) -> str:
    """The clauses of ``text`` that state something about the case (:func:`cues.states_fact`), give no
    time (an estimate is no explanation) and are not the customer's own words said back, joined (what an
    explanation may be heard in)."""
    theirs = _grams(customer_said, lang)
    kept = []
    for p in pieces:
        if _estimate(p.text, lang) or _READING_BACK.search(_whole_sentence(text, p.text)):
            continue  # 我先跟您对一下：…您戴着老花镜…: their facts read back for them to confirm
        mine = _grams(p.text, lang)
        if mine and len(mine & theirs) / len(mine) > 0.5:
            continue  # 页面上写着一天之内退款: their complaint said back
        said = _cues.without_reference(p.text)  # 冲正参考号 R2407…: a number read out, not 冲正 explained
        if _squash(said) and _cues.states_fact(said + text[p.end : p.end + 1], lang):
            kept.append(said.strip())
    return "，".join(kept) if lang == "zh" else ". ".join(kept)


# 我先跟您对一下：…, 您刚才说的我都记下了：…, "let me read that back": the customer's facts said back
_READING_BACK = re.compile(
    r"(跟|和)(您|你)(对|核对|确认)一下|我(先)?(对|核对|确认|重复)一下|(您|你)刚才说的|我没听错吧|"
    r"\blet me (?:just )?(?:read|repeat|run) (?:that|this|it) back\b|\bjust to confirm\b|\bif i'?ve got (?:that|this) right\b",
    re.IGNORECASE,
)
# 可能有人会跟您说拆成两单…这些都是违规的，我不会让您这么做: a red line named as what not to do
_WARNED = re.compile(
    r"违规|违法|不合规|不允许|不可以这么|不能这么|不会让(您|你)|别这么|千万别|不要这么|不建议|"
    r"\bagainst the (?:rules|law|policy)\b|\bnot allowed\b|\billegal\b|\bi won'?t (?:let|ask) you\b|"
    r"\bwouldn'?t (?:advise|recommend)\b",
    re.IGNORECASE,
)
_BUT = re.compile(r"但是|但|不过|可是|\bbut\b|\bhowever\b", re.IGNORECASE)


def _warned_against(text: str, quote: str) -> bool:
    """Whether the sentence holding ``quote`` names it as what must not be done (and does not then go on
    to do it: 虽然违规，但…)."""
    sentence = _whole_sentence(text, quote)
    m = _WARNED.search(sentence)
    return m is not None and not _BUT.search(sentence[m.end() :])


def _head(quote: str) -> str:
    """The words of ``quote`` that one clause holds: a time said across a comma ("tomorrow morning,
    before one o'clock") is looked for by its first part."""
    return _squash(re.split(r"[，,、；;]", quote)[0]) or _squash(quote)


def _clause_of(quote: str, pieces: Sequence[u.Span]) -> str:
    part = _squash(quote)
    found = next((p.text for p in pieces if part in _squash(p.text)), "")
    return found or next((p.text for p in pieces if _head(quote) in _squash(p.text)), "")


def _tense_of(quote: str, pieces: Sequence[u.Span], lang: str) -> str:
    """The tense of the clause holding ``quote`` ("" when it says neither or is not found)."""
    clause = _clause_of(quote, pieces)
    return _cues.tense(clause, lang) if clause else ""


# a word that links a clause to the one before (结果, 然后, "and then"): no word of the case, whatever else it means
_LEADING_LINK = re.compile(
    r"^\s*(?:结果|然后|后来|可是|但是|不过|而且|\b(?:and then|then|but)\b)\s*", re.IGNORECASE
)


def _by_cues(sc: Scenario, out: Detection, pieces: Sequence[u.Span], customer_said: str) -> None:
    """Fire the triggers that name built-in cue sets, each in a clause of its own.

    A clause that fired a raising trigger or crossed a red line is not read again; an apology in a
    reply that makes an excuse, shifts blame or crosses a red line does not count.
    """
    words = _topic_words(sc.id, _case_corpus(sc), sc.lang) | _CASE_NOUNS
    theirs = _grams(customer_said, sc.lang)
    # the words the customer used or knows (their own story): a clause about the case in only these tells
    # them nothing new (吊牌都剪了, 扣了两回)
    their_words = {_text.canonical(t) for t in _text.tokens(customer_said, sc.lang)} | _known_words(sc)

    def about_case(clause: str) -> bool:
        """New facts about the case (its words, some not the customer's own), not a restatement of
        what the customer said nor an estimate (a clause giving a time)."""
        if _estimate(clause, sc.lang):
            return False
        # 结果拖了三四天: "as it turned out", not the result of a check
        clause = _LEADING_LINK.sub("", clause)
        mine = _grams(clause, sc.lang)
        if mine and len(mine & theirs) / len(mine) > 0.5:
            return False
        said = {_text.canonical(t) for t in _text.tokens(clause, sc.lang)}
        return bool((said & words) - their_words)

    # Raising triggers first: what they heard is not read again, and an apology beside them is no apology.
    for sign in (1, -1):
        raising = [q for tid, q in out.triggers.items() if sc.trigger(tid).delta > 0]
        raising += list(out.red_lines.values())
        skip = {
            i
            for i, p in enumerate(pieces)
            if any(q and (q in p.text or p.text.strip() in q) for q in raising)
        }
        for trig in sc.triggers:
            if not trig.cues or trig.id in out.triggers or (trig.delta > 0) != (sign > 0):
                continue
            for cue in trig.cues:
                if cue == "apology" and raising:
                    continue
                quote = _cues.find(cue, list(pieces), sc.lang, skip=skip, about_case=about_case)
                if quote:
                    out.triggers[trig.id] = quote
                    break
    order = [t.id for t in sc.triggers]
    out.triggers = dict(sorted(out.triggers.items(), key=lambda kv: order.index(kv[0])))


# What a report of a customer-service case is about, whatever the scenario.
_CASE_NOUNS = frozenset(
    [
        "件",
        "包裹",
        "快递",
        "货",
        "订单",
        "单子",
        "退款",
        "款",
        "钱",
        "交易",
        "扣款",
        "商品",
        "工单",
        "申请",
        "审核",
        "复核",
        "系统",
        "网络",
        "线路",
        "故障",
        "照片",
        "parcel",
        "package",
        "order",
        "refund",
        "payment",
        "charge",
        "transaction",
        "request",
        "ticket",
        "system",
        "network",
        "line",
        "fault",
        "delivery",
        "account",
    ]
)


POLICY_MAPPING = 0.7  # how close a policy line must be to a remedy's own examples to speak for it
_PROHIBITION = re.compile(r"不得|不能|不可|禁止|不承诺|\bnever\b|\bdo not\b|\bdon't\b|\bnot\b", re.IGNORECASE)
_POLICY_CACHE: dict[tuple[str, int], dict[str, tuple[str, ...]]] = {}


def policy_examples(sc: Scenario) -> dict[str, tuple[str, ...]]:
    """More ways of saying each remedy (``tracks: offered`` trigger): the pieces of the scenario's
    policy lines and accepted outcomes that say that remedy (close to its own examples), so a candidate
    who offers it in the policy's words, or near them, is heard. Prohibitions are left out."""
    key = (sc.id, id(sc))
    if key in _POLICY_CACHE:
        return _POLICY_CACHE[key]
    offered = [t for t in sc.triggers if t.tracks == "offered" and t.delta < 0]
    out: dict[str, list[str]] = {}
    for line in (*sc.policy, *sc.accepts):
        if _PROHIBITION.search(line):
            continue
        for piece in short_clauses(line):
            scored = [
                (
                    max((closeness(piece.text, e, sc.lang) for e in (*t.examples, *t.phrases)), default=0.0),
                    t.id,
                )
                for t in offered
            ]
            if scored:
                score, tid = max(scored)
                if score >= POLICY_MAPPING:
                    out.setdefault(tid, []).append(piece.text.strip())
    _POLICY_CACHE[key] = result = {k: tuple(v) for k, v in out.items()}
    return result


def case_words(sc: Scenario) -> frozenset[str]:
    """The words of the case itself (the brief, the title, who the customer is and what happened to them,
    the system information, the customer's facts and opening lines, the words that explain it), which
    any reply about it may use."""
    corpus = "\n".join(
        [
            sc.brief,
            sc.title,
            sc.customer.profile,
            sc.customer.background,
            *(f"{k} {v}" for k, v in sc.system_info),
            *(f"{f.text} {f.answer}" for f in sc.customer_facts),
            *sc.opening,
            # how the case is explained: the explaining trigger's own words
            *(w for t in sc.triggers if "report" in t.cues for w in (*t.phrases, *t.examples)),
        ]
    )
    return _case_words(sc.id, corpus, sc.lang)


@functools.lru_cache(maxsize=64)
def _case_words(scenario_id: str, corpus: str, lang: str) -> frozenset[str]:
    if lang == "zh":  # character pairs, as examples are compared in Chinese
        return frozenset(g for line in corpus.splitlines() for g in _grams(line, lang))
    return frozenset(_text.canonical(t) for t in _text.tokens(corpus, lang))


def _known_words(sc: Scenario) -> frozenset[str]:
    """The words the customer brings to the call: their opening lines and the facts they can give. What
    the candidate looked up (the system information) is not in it, nor the background, which may say what
    is hidden from them."""
    corpus = "\n".join([*sc.opening, *(f"{f.text} {f.answer}" for f in sc.customer_facts)])
    return _known_tokens(sc.id, corpus, sc.lang)


@functools.lru_cache(maxsize=64)
def _known_tokens(scenario_id: str, corpus: str, lang: str) -> frozenset[str]:
    return frozenset(_text.canonical(t) for t in _text.tokens(corpus, lang))


def _case_corpus(sc: Scenario) -> str:
    """The words of what the candidate can look up: the system information and what explains the case."""
    parts = [f"{k} {v}" for k, v in sc.system_info]
    for t in sc.triggers:
        if t.delta < 0 and (t.tracks == "explained" or "report" in t.cues):
            parts += [*t.phrases, *t.examples]
    return "\n".join(parts)


def sentence_of(text: str, part: str) -> str:
    """The sentence of ``text`` that holds ``part``, so a quote reads as something said, not a word."""
    for sentence in _text.split_sentences(text):
        if part and part in sentence:
            return sentence
    return part


def builtin_label(behaviour: str, lang: str) -> str:
    """The name for people of a built-in behaviour (neutral, stalling, …) in the scenario's language."""
    return BUILTIN_LABELS.get(lang, BUILTIN_LABELS["en"]).get(behaviour, behaviour)
