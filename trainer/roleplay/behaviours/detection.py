"""What one reply does given the scenario and the session so far: :func:`detect`.

It returns a :class:`Detection`: the scenario's triggers that fired (by phrase, pattern, example
utterance or a stated time), red lines crossed, facts the candidate fairly asked for, the times they gave,
and — when none of that happened — one built-in verdict: ``neutral`` (polite and on topic: costs nothing),
``stalling``, ``off_topic``, ``empty`` or ``rude`` (these cost the level's ``vague`` price). Attempts to
talk the customer out of the role (``injection``) are cut out before anything else is read, and cost
extra. Then each clause keeps one reading: a clause heard as a raising behaviour is not also a calming
one, and a clause that only promises is stalling.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from trainer.grading import text as _text
from trainer.grading import understanding as u
from trainer.grading.understanding import sensitive
from trainer.roleplay import cues as _cues
from trainer.roleplay.behaviours.case import case_words, known_words, on_topic, policy_examples, report_words
from trainer.roleplay.behaviours.reading import (
    clause_of,
    grams,
    means,
    repeats_earlier,
    says,
    short_clauses,
    squash,
    whole_sentence,
)
from trainer.roleplay.behaviours.times import (
    NO_PROMISE,
    callback_time_is_a_promise,
    given_times,
    guaranteed_time,
    guarantees_a_time,
    is_estimate,
    promises,
    time_owners,
    unhedged,
)
from trainer.roleplay.behaviours.verdicts import RUDE, closes_empty, cut_asides, cut_injection, is_stalling
from trainer.roleplay.scenario import Fact, RedLine, Scenario
from trainer.roleplay.timewords import Stated

_ASK_CUES = re.compile(
    r"(？|\?|吗|呢|多少|哪[个里天儿些一]|什么|几[号点个时]|是否|能否|可否|能不能|可不可以|"
    r"请(您|你)?(提供|告诉|说|报|发|确认|核对)|麻烦(您|你)?|报一下|说一下|告诉我|发一下|"
    r"\bcould you\b|\bcan you\b|\bwhat\b|\bwhich\b|\bwhen\b|\bconfirm\b|\btell me\b|\bprovide\b|\bgive me\b|"
    r"\b(?:can|could|may) i (?:just |first )?(?:take|have|get|grab|ask for|start with|begin with|check)\b|\bi(?:'ll| will)? need your\b)",
    re.IGNORECASE,
)
# the words any question is made of: a clause alike an example utterance only in these asks nothing of its fact
_QUESTION_WORDS = {
    "zh": frozenset(
        g
        for w in [
            "什么时候",
            "什么样",
            "多少",
            "哪个",
            "哪里",
            "哪天",
            "几点",
            "几号",
            "几次",
            "请问",
            "一下",
            "一般",
            "大概",
            "具体",
        ]
        for g in grams(w, "zh")
    ),
    "en": frozenset(
        _text.canonical(t)
        for t in _text.tokens(
            "what when which where who how time day kind sort usually roughly exactly", "en"
        )
    ),
}
_OTHER_ARM = re.compile(r"\s*(?:还是|或者是?|\bor\b)", re.IGNORECASE)
_PLEASE_ASKS = re.compile(r"\s*[,，]\s*(?:please|thanks|请问)\s*[?？]", re.IGNORECASE)
_READ_BACK = re.compile(
    r"(已经?(查到|看到|找到|收到|记下|记录|核实|核对|拿到|有了)|查到了|看到了|找到了|记下了|核实过|核对过|"
    r"我这边(能|可以)?看到|系统(里|上)?(显示|看到)|"
    r"\bi (have|can see|found|'ve found|'ve got|got|see)\b|\bi've (got|found|noted)\b|\bnoted\b|\bi have your\b)",
    re.IGNORECASE,
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
    aside: str = (
        ""  # a sentence beside the case (说句题外话…, "when I was a student …"), read for nothing else
    )
    # a clause heard as stalling beside the rest: the customer held in the call (请稍等，我再帮您看一下) with
    # nothing done for them, or a promise with nothing in it where no script-phrase trigger hears it
    stall: str = ""
    # the trigger each time came with (time quote -> id of the calming trigger said in its clause; "" when
    # the time stands on its own, the estimate the times trigger is about)
    time_with: dict[str, str] = field(default_factory=dict)
    # a fair question about their case asked beside the triggers (您家住几楼？ after 您别着急): "asked" too
    question: str = ""

    @property
    def anything(self) -> bool:
        """Whether the reply fired a trigger, crossed a red line or asked a fair question."""
        return bool(self.triggers or self.red_lines or self.facts_answered)


def asks_for(text: str, fact: Fact, lang: str) -> str | None:
    """The clause of ``text`` that asks for ``fact``, or None.

    A clause asks when it names the fact (an ``ask`` phrase or, by meaning, an ``examples`` utterance)
    and is a question or request. Reading the fact back — its value, or "订单号我已经查到了" — is not asking.
    """
    if not (fact.ask or fact.examples) or (fact.value and squash(fact.value) in squash(text)):
        return None
    clauses = short_clauses(text)
    for i, clause in enumerate(clauses):
        part = clause.text
        if _READ_BACK.search(part) or _cues.recalled_or_spared(part, lang):
            continue
        if fact.value and i and _OTHER_ARM.match(part) and not says(clauses[i - 1].text, fact.ask, ()):
            # 后台是店长自己能操作，还是都在总部账号下？: the account is one of the answers offered, not asked for
            continue
        # 白天一般什么时候在家 is not 什么时候截止: alike in the question words only, it asks about something else
        named = says(part, fact.ask, ()) or means(part, fact.examples, lang, beyond=_QUESTION_WORDS[lang])
        ending = text[clause.end : clause.end + 1]  # the question mark closing the clause
        if _PLEASE_ASKS.match(text[clause.end : clause.end + 16]):
            ending = (
                "?"  # "could I start with your account number, please?": the question closes after the please
            )
        if named and _ASK_CUES.search(_text.normalize(part + ending) + " "):
            return part.strip()
    return None


def given_facts(sc: Scenario, state_facts: Iterable[str], customer_said: str) -> set[str]:
    """Ids of facts the customer has given so far (answered, or their value said)."""
    said = squash(customer_said)
    return set(state_facts) | {f.id for f in sc.customer_facts if f.value and squash(f.value) in said}


def detect(
    sc: Scenario, text: str, *, earlier: Sequence[str], customer_said: str, facts_given: Iterable[str]
) -> Detection:
    """What ``text`` does given the session so far (``earlier`` candidate replies, what the customer said)."""
    lang = sc.lang
    out = Detection()
    raw = (text or "").strip()
    out.injection, text = cut_injection(raw)
    text = out.text = text.strip()
    if not squash(text):
        if not out.injection:
            out.verdict, out.verdict_quote = "empty", raw
        return out
    out.aside, on_case = cut_asides(text, lang)
    if out.aside and not squash(on_case):
        out.aside, out.verdict, out.verdict_quote = "", "off_topic", text
        return out
    text = out.text = on_case.strip()
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
    # nor is what they take back of their own words a wrong (我刚才那么说不合适)
    # nor is the slip they own (不好意思，您刚才已经说了，是我没听仔细) thrown back at the customer
    asking_text = joiner.join(
        p.text
        for i, p in enumerate(pieces)
        if not _cues.recalled_or_spared(p.text, lang)
        and not _cues.takes_back(p.text, lang)
        and not _cues.owns_a_slip(pieces, i, lang)
    )
    out.times = given_times(text, pieces, known, lang, callbacks_count=callback_time_is_a_promise(sc))
    # 两笔都是一千六百八，下午两点半前后，对吧？: their facts read back for a nod, no time given; nor is the
    # time of the call in its closing question ("anything else I can help you with this evening?")
    advice = left_to_them(text, pieces, lang)
    out.times = [
        t
        for t in out.times
        if not _reads_back(text, t.quote)
        # 建议您每天上午十点刷新看看, 座机工作日九点到六点有人接: a time for what the customer sees to
        # themselves, or when a place is open, is no time for the case
        and clause_of(t.quote, pieces) not in advice
        and not _cues.opening_hours(clause_of(t.quote, pieces), lang)
        and not _cues.closing_question(whole_sentence(text, t.quote), lang)
        and not _promise_refused(pieces, t.quote)
    ]
    repeated = repeats_earlier(text, earlier, lang)
    facts = None
    for trig in sc.triggers:
        if trig.detector == "repetition":
            quote = text if repeated else None
        elif trig.detector == "asked_again":
            quote = asked_again
        else:
            said = text
            restated: str | None = None  # the reply without the clauses that only say their story back
            if "report" in trig.cues:  # an explanation needs a stated fact, not a place noun or a topic word
                facts = _fact_text(text, pieces, customer_said, lang) if facts is None else facts
                said = facts
            if trig.delta > 0:
                said = asking_text
            elif "apology" in trig.cues:
                # 我先跟您对一下：…电脑落在车上了，对吧？ checks their facts, feels nothing
                said = joiner.join(p.text for p in pieces if not _reads_back(text, p.text))
            elif "report" not in trig.cues and trig.examples:
                # 吊牌都剪了 only says their own story back: no remedy or reassurance is heard in its examples
                # (a set phrase or pattern is the candidate's own offer: 我这就给您加急 after 已加急)
                restated = joiner.join(p.text for p in pieces if not _restates(p.text, known, lang))
            if trig.delta < 0 and trig.tracks == "offered" and advice:
                # 建议您先去派出所报个案, "it might be worth giving your mobile network a call": the customer
                # told to see to it themselves is no remedy offered
                said = joiner.join(p.text for p in short_clauses(said) if p.text not in advice)
                if restated is not None:
                    restated = joiner.join(p.text for p in short_clauses(restated) if p.text not in advice)
            # a raising example must be matched in its attitude, not in the words of the case it names
            beyond = case_words(sc) if trig.delta > 0 else frozenset()
            examples = (
                (*trig.examples, *policy_examples(sc).get(trig.id, ()))
                if trig.tracks == "offered"
                else trig.examples
            )
            if trig.delta > 0 and promises(trig):
                said = unhedged(said, lang)  # an estimate said as one is no guarantee
            heard_in = said if restated is None else restated
            quote = says(said, trig.phrases, trig.patterns)
            if quote is None and trig.delta > 0 and "canned" not in trig.cues:
                # "I'll pass this along to the relevant team" promises, emptily; it is not "we only pass the
                # orders along": a clause that only promises is heard by the examples that only promise
                promising = tuple(e for e in examples if _cues.vague_promise(e, lang))
                plain = joiner.join(
                    p.text for p in short_clauses(heard_in) if not _cues.vague_promise(p.text, lang)
                )
                rest = tuple(e for e in examples if e not in promising)
                quote = means(plain, rest, lang, beyond=beyond) or means(
                    heard_in, promising, lang, beyond=beyond
                )
            elif quote is None:
                quote = means(heard_in, examples, lang, beyond=beyond)
            if quote is None and trig.times and out.times:
                quote = out.times[0].quote
            if quote and trig.delta > 0 and _disowned(pieces, quote):
                quote = None  # "I'm not going to pretend this was just a wrong item": the wrong refused
        if quote:
            out.triggers[trig.id] = quote
    for line in sc.red_lines:
        # the first match, then each clause's: 双倍赔偿这种我给不了 names it, a later clause may still cross it
        quotes = [
            says(text, line.phrases, line.patterns),
            *(says(p.text, line.phrases, line.patterns) for p in pieces),
        ]
        quote = next((q for q in quotes if q and not _warned_against(text, q)), None)
        # 麻烦把短信里那串数字报给我: a line against asking for a PIN, CVV or code is crossed by asking for it in
        # other words (the understanding layer's sensitive data), not by saying it is never asked for
        kinds = _secrets_of(line)
        quote = quote or next((s for s in _text.split_sentences(text) if kinds & sensitive.asks_for(s)), None)
        if quote:
            out.red_lines[line.id] = quote
    _empathy_is_no_script(sc, out, pieces)
    if not out.injection:  # a reply that tries to step the customer out of the role gets no benefit of doubt
        _by_cues(sc, out, pieces, customer_said, advice)
    _understanding_of_their_case(sc, out, pieces, text, customer_said)
    for trig in sc.triggers:
        if trig.id in out.triggers and set(trig.unless) & set(out.triggers):
            del out.triggers[trig.id]
    _one_reading_per_clause(sc, out, pieces, text)
    _empathy_is_no_offer(sc, out, pieces, text)
    _hear_vague_promises(sc, out, pieces, text)
    _hear_holding(sc, out, pieces)
    _promises_only(sc, out, pieces, advice)
    out.time_with = time_owners(sc, out.times, out.triggers, pieces)
    for line in sc.red_lines:  # a time guaranteed in the candidate's own words, not the set phrases
        if line.id not in out.red_lines and guarantees_a_time(line):
            quote = guaranteed_time(text, out.times, out.time_with, lang)
            if quote and not _warned_against(text, quote):
                out.red_lines[line.id] = quote
    if out.triggers and not out.injection:
        _hear_question(sc, out, pieces, text, asked_again)
    if out.injection and not out.anything:
        return out  # the attempt itself is the behaviour; the rest of the reply only served it
    if not out.anything:
        rude = RUDE.search(text)
        if rude:
            out.verdict, out.verdict_quote = "rude", rude.group(0)
        elif out.stall:
            out.verdict, out.verdict_quote = "stalling", out.stall
            out.stall = ""
        elif is_stalling(text, lang) and not _cues.soothes(text, lang):
            out.verdict, out.verdict_quote = "stalling", text
        elif (question := _fair_question(pieces, text, lang)) and on_topic(sc, question):
            out.verdict, out.verdict_quote = "asked", question
        elif on_topic(sc, text) or out.times or _cues.soothes(text, lang):
            out.verdict, out.verdict_quote = "neutral", text
        else:
            out.verdict, out.verdict_quote = "off_topic", text
    return out


# 对吧？ / 是吗？ / "right?" / "yes?": the customer's facts read back for a nod, not a question
_CONFIRMING = re.compile(
    r"(对吧|是吧|对吗|是吗|对不对|是不是这样|没错吧|没错吗)\s*[？?]?\s*$|"
    r"\b(?:right|yes|yeah|correct|is that right|is that correct)\s*\?\s*$",
    re.IGNORECASE,
)
# 吗 / 呢 end a question; 我记着呢, 听着呢 (着呢) state
# 想跟您确认一下，用的是您本人的账户，还是家里人的？: an open question, not a read-back for a nod
_OPEN_QUESTION = re.compile(
    r"还是|什么|哪(个|里|儿|天|些|位)|几(个|次|回|点|号|楼|岁)|多少|多久|谁|怎么|为什么|"
    r"\b(?:or|what|which|when|where|who|how)\b",
    re.IGNORECASE,
)
_QUESTION_END = re.compile(r"([？?]|(吗|(?<!着)呢)\s*[。]?)\s*$")


_SENTENCE_END = re.compile(r"[。！？!?\n]|\.(?=\s|$)")


_AGENT_TAKES_OVER = re.compile(
    r"^\s*(?:同时|另外|然后)?[，,]?\s*(?:我|我们|我这边|平台这边)(?:也|这边|同时|马上|现在|这就)*(?:帮|给|替|为)(?:您|你)|"
    r"^\s*(?:and |but )?(?:i|we)(?:'ll| will|'m| am)? (?:also )?(?:get|call|contact|arrange|send|book|raise)\b",
    re.IGNORECASE,
)


def left_to_them(text: str, pieces: Sequence[u.Span], lang: str) -> set[str]:
    """The clauses that leave something to the customer, to do themselves or elsewhere (:func:`cues.advises`):
    from the advice on to the end of its sentence (建议您先去派出所报个案，警方那边可以调取行程信息: the police's
    part is the advice too), up to a clause in which the candidate takes a step of their own (您可以先在App里
    看一眼，我这边也马上帮您联系司机). No remedy is heard in them and no time they give is one for the case."""
    out: set[str] = set()
    advising = False
    last = 0
    for p in pieces:
        opens = last == 0 or bool(_SENTENCE_END.search(text, last, p.start))
        if opens:
            advising = False
        if advising and _AGENT_TAKES_OVER.search(p.text):
            advising = False
        advising = advising or _cues.advises(p.text, lang, opens_sentence=opens)
        if advising:
            out.add(p.text)
        last = p.end
    return out


def _reads_back(text: str, clause: str) -> bool:
    """Whether the sentence holding ``clause`` reads the customer's facts back for them to confirm
    (我先跟您对一下：…, "Order 4471-K, the two curries — that's the one, yes?")."""
    sentence = whole_sentence(text, clause)
    at = text.find(sentence) + len(sentence)
    return bool(_READING_BACK.search(sentence) or _CONFIRMING.search(sentence + text[at : at + 1]))


def _fair_question(pieces: Sequence[u.Span], text: str, lang: str) -> str:
    """The sentence of ``text`` that asks the customer something about their case (请问付款用的是家里人
    的账户吗？, "Were you wearing your glasses?"): not a read-back for a nod (…对吧？, "that's the one,
    yes?"), not the question that closes a call; "" when there is none."""
    for p in pieces:
        sentence = whole_sentence(text, p.text)
        at = text.find(sentence) + len(sentence)
        sentence = (sentence + text[at : at + 1]).strip()  # with the mark that ends it
        if not _QUESTION_END.search(sentence):
            continue
        if (
            _CONFIRMING.search(sentence)
            or (_READING_BACK.search(sentence) and not _OPEN_QUESTION.search(sentence))
            or _cues.closing_question(sentence, lang)
        ):
            continue
        return sentence
    return ""


# 要不要我给您重新发一份？, "Want me to send them again?": a step offered as a question, not a question
_QUESTION_MARK = re.compile(r"[？?]")
_TAG_QUESTION = re.compile(r"吧\s*[？?]\s*$")
_OFFERS = re.compile(
    r"要不要我|需要我|您看(这样|行|可以)|我(帮|给)(您|你).{0,12}(好吗|可以吗|行吗|好不好)|"
    r"\b(?:want me to|shall i|should i|would you like|would you rather|do you want me to|how about i)\b",
    re.IGNORECASE,
)


def _hear_question(
    sc: Scenario, out: Detection, pieces: Sequence[u.Span], text: str, asked_again: str | None
) -> None:
    """Hear a fair question about their case asked beside the triggers (您家住几楼？ after 您别着急) as
    ``asked`` too. Not a request or a wrong said as a question ("could you restart the router?", 这是模拟
    对话吧？: a raising trigger heard in it), not a step offered as one, not the fact asked again; a calming
    step it only mentions (结果出来您方便我发短信还是打电话？) is not taken by asking."""
    question = next(
        (
            q
            for sentence in _text.split_sentences(text)
            if (q := _fair_question(short_clauses(sentence), sentence, sc.lang))
            # 您这会儿正着急呢。: a 呢 that states
            and (_QUESTION_MARK.search(q) or _OPEN_QUESTION.search(q))
            and not (_TAG_QUESTION.search(q) and not _OPEN_QUESTION.search(q))  # 是家里人的吧？ reads back
        ),
        "",
    )
    # beside the triggers the talk is about their case: 您家住几楼？ needs no word of it
    if not question or _OFFERS.search(question) or (out.aside and question in out.aside):
        return
    if asked_again and asked_again in question:
        return
    raising = [q for tid, q in out.triggers.items() if sc.trigger(tid).delta > 0] + list(
        out.red_lines.values()
    )
    if any(q and q in question for q in raising):
        return
    out.question = question
    for tid, quote in list(out.triggers.items()):
        trig = sc.trigger(tid)
        if (
            trig.delta < 0
            and not trig.times
            and quote in question
            and not {"apology", "report"} & set(trig.cues)
        ):
            del out.triggers[tid]
    if not out.triggers:
        out.question = ""  # the question alone: heard as the reply's verdict


def _restates(clause: str, customer_said: str, lang: str) -> bool:
    """Whether ``clause`` is mostly the customer's own words said back (吊牌都剪了)."""
    mine = grams(clause, lang)
    return bool(mine) and len(mine & grams(customer_said, lang)) / len(mine) > 0.5


def close_politely(sc: Scenario, out: Detection) -> None:
    """Hear a closing question (还有别的问题吗) that a script-phrase trigger heard as neutral instead: for a
    customer whose case is handled it is a polite close."""
    lang = sc.lang
    for tid in list(out.triggers):
        trig = sc.trigger(tid)
        if "canned" in trig.cues and _cues.closing_question(out.triggers[tid], lang):
            del out.triggers[tid]
    if closes_empty(out.stall):
        out.stall = ""  # "I'll close this one off" once everything is done: a close, not a brush-off
    if out.verdict == "stalling" and closes_empty(out.verdict_quote):
        out.verdict = ""
    if not out.anything and not out.verdict and not out.stall and not out.injection:
        out.verdict, out.verdict_quote = "neutral", out.text


def _one_reading_per_clause(sc: Scenario, out: Detection, pieces: Sequence[u.Span], text: str = "") -> None:
    """A clause heard as a raising behaviour is not also heard as a calming one: 这是云服务商那边的故障
    shifts the blame and does not take ownership because it sounds like 这是我们平台这边的故障;
    我这边没办法给您加急 offers nothing."""
    raising = {clause_of(q, pieces) for tid, q in out.triggers.items() if sc.trigger(tid).delta > 0} | {
        clause_of(q, pieces) for q in out.red_lines.values()
    }
    # every clause that says a crossed red line, not only the first (复核我也不等了，…，不用过质检了)
    for line in sc.red_lines:
        if line.id in out.red_lines:
            raising |= {p.text for p in pieces if says(p.text, line.phrases, line.patterns)}
    raising.discard("")
    excuses = {whole_sentence(text, q) for tid, q in out.triggers.items() if sc.trigger(tid).delta > 0}
    excuses.discard("")
    # a clause that offers a remedy ("the outage compensation wasn't on yet, so I've switched it on") tells
    # the customer what is done for them, not what went wrong: the explanation is heard elsewhere or not at all
    offers = {
        clause_of(q, pieces)
        for tid, q in out.triggers.items()
        if sc.trigger(tid).delta < 0
        and sc.trigger(tid).tracks == "offered"
        and "report" not in sc.trigger(tid).cues
    }
    offers.discard("")
    for tid in [
        t for t, q in out.triggers.items() if "report" in sc.trigger(t).cues and sc.trigger(t).delta < 0
    ]:
        if clause_of(out.triggers[tid], pieces) in offers:
            _hear_again(
                sc, out, tid, [p for p in pieces if p.text not in offers and not _reads_back(text, p.text)]
            )
    for tid in [t for t, q in out.triggers.items() if sc.trigger(t).delta < 0]:
        if sc.trigger(tid).times:
            continue  # a time given is given, whatever else the clause does
        if clause_of(out.triggers[tid], pieces) in raising:
            del out.triggers[tid]
        elif "report" in sc.trigger(tid).cues and whole_sentence(text, out.triggers[tid]) in excuses:
            del out.triggers[
                tid
            ]  # 由于近期持续暴雨，属于不可抗力: the sentence is the excuse, not an explanation


def _empathy_is_no_offer(sc: Scenario, out: Detection, pieces: Sequence[u.Span], text: str) -> None:
    """A word of the customer's worry said with an offer, in its clause or after it in its sentence (…两天到，
    宝宝这几天不会断奶; "a backup router …, so you can work from home"), is what the offer is for, not
    empathy: the empathy trigger is heard only in the other clauses, or in a clause that feels for them in
    everyday words (the ``apology`` cue). Said before the offer (宝宝那边不能断，我已经帮您提了应急先发) it is
    their worry named."""
    lang = sc.lang

    def at(quote: str) -> int:
        clause = clause_of(quote, pieces)
        return next((i for i, p in enumerate(pieces) if p.text == clause), -1)

    offers = [
        at(q)
        for tid, q in out.triggers.items()
        if sc.trigger(tid).delta < 0 and sc.trigger(tid).tracks == "offered"
    ]
    offers = [i for i in offers if i >= 0]
    if not offers:
        return

    def for_an_offer(i: int) -> bool:
        sentence = whole_sentence(text, pieces[i].text)
        return any(j <= i and whole_sentence(text, pieces[j].text) == sentence for j in offers)

    for tid in [t for t in out.triggers if "apology" in sc.trigger(t).cues and sc.trigger(t).delta < 0]:
        i = at(out.triggers[tid])
        if i < 0 or _cues.apology(pieces[i].text, lang) or not for_an_offer(i):
            continue
        rest = [p for j, p in enumerate(pieces) if not for_an_offer(j) or _cues.apology(p.text, lang)]
        _hear_again(sc, out, tid, rest)


def _empathy_is_no_script(sc: Scenario, out: Detection, pieces: Sequence[u.Span]) -> None:
    """A clause in everyday words of empathy (我完全能理解, "I can only imagine that moment": the ``apology``
    cue, which no set phrase of a script satisfies) is not a script phrase because it sounds like one of
    the script-phrase trigger's examples (您的心情我们完全能够理解)."""
    lang = sc.lang
    for tid in [t for t in out.triggers if "canned" in sc.trigger(t).cues]:
        quote = out.triggers[tid]
        clause = next((p for p in pieces if quote in p.text or p.text.strip() in quote), None)
        if clause is not None and _cues.apology(clause.text, lang):
            _hear_again(sc, out, tid, [p for p in pieces if not _cues.apology(p.text, lang)])


def _understanding_of_their_case(
    sc: Scenario, out: Detection, pieces: Sequence[u.Span], text: str, customer_said: str
) -> None:
    """The script's words of understanding (非常理解您的心情, "I completely understand your frustration") said of
    the customer's own case in their sentence (…，宝宝的事情确实很重要; …，试了六回换谁都心慌; "…, three days
    offline when you work from home") are everyday empathy, not a script phrase: the script-phrase trigger
    is heard only elsewhere. Beside another set phrase (…，给您带来不便深表歉意; 非常抱歉让您久等了，…) or alone
    they stay a script."""
    lang = sc.lang
    theirs = {_text.canonical(t) for t in _text.tokens(customer_said, lang)} | case_words(sc)
    for tid in [t for t in out.triggers if "canned" in sc.trigger(t).cues]:
        clause = clause_of(out.triggers[tid], pieces)
        if not clause or not _cues.stock_understanding(clause, lang):
            continue
        sentence = whole_sentence(text, clause)
        beside = [p.text for p in pieces if p.text != clause and whole_sentence(text, p.text) == sentence]
        if not beside or any(_cues.canned(b, lang) or _cues.wait_politeness(b, lang) for b in beside):
            continue  # 非常抱歉让您久等了，您的心情我们完全能够理解: set phrases side by side
        if any(
            _cues.feels_for_them(b, lang) or {_text.canonical(t) for t in _text.tokens(b, lang)} & theirs
            for b in beside
        ):
            _hear_again(sc, out, tid, [p for p in pieces if whole_sentence(text, p.text) != sentence])


def _hear_vague_promises(sc: Scenario, out: Detection, pieces: Sequence[u.Span], text: str) -> None:
    """Find the clauses that only promise (会尽快处理, 已经帮您记录了, 技术正在全力排查, "we're working hard to
    fix it as soon as possible"): a set phrase of the script, not a commitment. The script-phrase trigger
    (``cues: [canned]``) hears them (where a scenario has none, they are stalling). A clause that also takes
    a step (a lowering trigger's words), gives a time or holds the customer in the call (这边还在核实, heard
    by :func:`_hear_holding`) is no vague promise, and a reply that explains the case (a trigger with the
    ``report`` cue) makes "正在处理" beside it a word on progress: the script-phrase trigger does not hear
    those clauses. A callback with no time beside nothing but vague promises promises nothing either."""
    lang = sc.lang
    steps = [
        q
        for tid, q in out.triggers.items()
        if sc.trigger(tid).delta < 0 and "callback" not in sc.trigger(tid).cues
    ]
    # beside a time ("repairs should be done by 6 pm; I'll text you whenever there is news") a callback is
    # kept, not an empty promise
    kept = [q for tid, q in out.triggers.items() if "callback" in sc.trigger(tid).cues] if out.times else []

    def step_in(p: u.Span) -> bool:
        return any(q and (q in p.text or p.text.strip() in q) for q in steps)

    def step_follows(i: int) -> bool:
        # 我给您登记，让工作人员到家里来办: what is noted is the step said later in the same sentence ("I've
        # logged it, you'll get the reference by email, and the safety team will reply within 48 hours")
        sentence = whole_sentence(text, pieces[i].text)
        return any(whole_sentence(text, p.text) == sentence and step_in(p) for p in pieces[i + 1 :])

    vague = [
        p
        for i, p in enumerate(pieces)
        if _cues.vague_promise(p.text, lang)
        and not is_estimate(p.text, lang)
        and not _cues.holds(p.text, lang)
        and not step_in(p)
        and not step_follows(i)
        and not any(q and (q in p.text or p.text.strip() in q) for q in kept)
    ]
    if not vague or is_stalling(text, lang):
        return  # 正在处理。: the whole reply only stalls
    explained = any("report" in sc.trigger(tid).cues for tid in out.triggers if sc.trigger(tid).delta < 0)
    canned = next((t for t in sc.triggers if "canned" in t.cues and t.delta > 0), None)
    raising = [q for tid, q in out.triggers.items() if sc.trigger(tid).delta > 0] + list(
        out.red_lines.values()
    )
    heard = [p for p in vague if not any(q and (q in p.text or p.text.strip() in q) for q in raising)]
    # beside a brush-off or a shifted blame (清关中就是海关在处理，我们这边催不了) the empty promise is part of it
    wronging = any(sc.trigger(t).delta > 0 and "canned" not in sc.trigger(t).cues for t in out.triggers)
    # beside a stated fact of the case, "工程师正在处理" / "engineers are on it" is progress
    if not explained and heard and not wronging:
        if canned is None:
            out.stall = heard[0].text.strip()
        elif canned.id not in out.triggers:
            out.triggers[canned.id] = heard[0].text.strip()
    if explained:
        rest = [p for p in pieces if p not in vague]
        for tid in list(out.triggers):
            if "canned" in sc.trigger(tid).cues and any(
                out.triggers[tid] in p.text or p.text.strip() in out.triggers[tid] for p in vague
            ):
                _hear_again(sc, out, tid, rest)
    for tid in list(out.triggers):
        if "callback" in sc.trigger(tid).cues and not steps and not out.times:
            del out.triggers[tid]  # 会尽快处理，有进展会第一时间通知您: nothing to call back about


def _hear_again(sc: Scenario, out: Detection, tid: str, rest: Sequence[u.Span]) -> None:
    """Hear trigger ``tid`` again in the clauses ``rest`` only (its quote came from a clause that means
    something else): keep it with the new quote, or drop it."""
    trig, lang = sc.trigger(tid), sc.lang
    rest_text = ("，" if lang == "zh" else ". ").join(p.text for p in rest)
    quote = (
        says(rest_text, trig.phrases, trig.patterns) or means(rest_text, trig.examples, lang)
        if rest
        else None
    )
    for cue in trig.cues if rest and quote is None else ():
        quote = _cues.find(cue, list(rest), lang)
        if quote:
            break
    if quote:
        out.triggers[tid] = quote
    else:
        del out.triggers[tid]


def _hear_holding(sc: Scenario, out: Detection, pieces: Sequence[u.Span]) -> None:
    """A reply that holds the customer in the call (请稍等，我这边帮您查一下, "let me have a look", "I don't
    have a timeframe yet") and does nothing for them — no step, no time, no question, no wrong beyond a
    script phrase — is stalling. The politeness of that wait (感谢您的耐心, 让您久等了, "thank you for
    holding") is part of it: neither a script phrase of its own nor empathy; so it is beside nothing but
    script phrases (非常抱歉让您久等了，给您带来的不便我们深表歉意)."""
    lang = sc.lang
    holding = next((p for p in pieces if _cues.holds(p.text, lang)), None)
    polite = [p for p in pieces if _cues.wait_politeness(p.text, lang)]

    def within(quote: str, spans: Sequence[u.Span]) -> bool:
        return any(quote in p.text or p.text.strip() in quote for p in spans)

    scripted = any("canned" in sc.trigger(t).cues and not within(q, polite) for t, q in out.triggers.items())
    if (holding is None and not (polite and scripted)) or out.red_lines or out.facts_answered or out.times:
        return
    if out.stall or any(sc.trigger(t).delta > 0 and "canned" not in sc.trigger(t).cues for t in out.triggers):
        return  # 您等着吧: a brush-off, not a wait
    rest = [p for p in pieces if p not in polite and not _cues.holds(p.text, lang)]
    kept = dict(out.triggers)
    for tid, quote in kept.items():
        if within(quote, [*polite, *([holding] if holding else [])]):
            _hear_again(sc, out, tid, rest)
    if any(sc.trigger(t).delta < 0 for t in out.triggers):
        out.triggers = kept  # a step taken: the wait is part of doing it
        return
    if holding is not None:
        out.stall = holding.text.strip()


# what may stand beside an empty promise and still leave the reply empty: feeling for the customer, a
# callback with nothing to call back about, "I'll see to it myself"
_BESIDE_NOTHING = frozenset({"apology", "callback", "ownership"})


def _promises_only(sc: Scenario, out: Detection, pieces: Sequence[u.Span], advice: set[str]) -> None:
    """A reply that does nothing for the customer — no step, no explanation, no time, no question, nothing
    but feeling for them beside it — and only promises (我们一定会尽快处理, 有进展第一时间通知您, "someone
    will be in touch") or closes the call (那我就结单了, "I'll close this one off") stalls, whether or not the
    script-phrase trigger also hears the promise. What the system does for what the customer is told to do
    themselves (您在App里留个言，系统会优先处理的: :func:`left_to_them`) is the advice, not the reply's promise."""
    lang = sc.lang
    if out.stall or out.injection or out.red_lines or out.facts_answered or out.times:
        return
    for tid in out.triggers:
        trig = sc.trigger(tid)
        if trig.delta < 0 and not set(trig.cues) & _BESIDE_NOTHING:
            return
        if trig.delta > 0 and "canned" not in trig.cues:
            return  # 清关是海关的事，您等着吧: a brush-off, not a wait
    empty = next(
        (
            p
            for p in pieces
            if p.text not in advice
            and (
                (_cues.vague_promise(p.text, lang) and not is_estimate(p.text, lang)) or closes_empty(p.text)
            )
        ),
        None,
    )
    if empty is not None:
        out.stall = empty.text.strip()


def _fact_text(text: str, pieces: Sequence[u.Span], customer_said: str, lang: str) -> str:
    """The clauses of ``text`` that state something about the case (:func:`cues.states_fact`), give no
    time (an estimate is no explanation) and are not the customer's own words said back, joined (what an
    explanation may be heard in)."""
    theirs = grams(customer_said, lang)
    kept = []
    for i, p in enumerate(pieces):
        if is_estimate(p.text, lang) or _READING_BACK.search(whole_sentence(text, p.text)):
            continue  # 我先跟您对一下：…您戴着老花镜…: their facts read back for them to confirm
        if _conditions_a_rule(text, pieces, i):
            continue  # 吊牌缺失、没穿过的，按规则可以退: the rule's conditions, not what happened
        mine = grams(p.text, lang)
        if mine and len(mine & theirs) / len(mine) > 0.5:
            continue  # 页面上写着一天之内退款: their complaint said back
        said = _cues.without_reference(p.text)  # 冲正参考号 R2407…: a number read out, not 冲正 explained
        if _cues.offer_or_theirs(said, lang):
            continue  # "and I've signed you up for text updates": what is done for them, not what went wrong
        if squash(said) and _cues.states_fact(said + text[p.end : p.end + 1], lang):
            kept.append(said.strip())
    return "，".join(kept) if lang == "zh" else ". ".join(kept)


# 按规则…, 按规定…, "under the policy …": a rule applied to the case, opening its clause
_RULE_LEAD = re.compile(
    r"^\s*(?:那|就)?(?:按|照|根据|依)(?:照)?(?:我们的|平台的?)?(?:规则|规定|政策|流程|条款)|"
    r"^\s*(?:under|per|by) (?:the|our) (?:rules?|policy|terms)\b",
    re.IGNORECASE,
)


def _conditions_a_rule(text: str, pieces: Sequence[u.Span], i: int) -> bool:
    """Whether clause ``i`` comes before a rule applied in the same sentence (吊牌缺失、鞋子没穿过的，按规则
    可以正常退): it names the rule's conditions, it does not explain what happened."""
    sentence = whole_sentence(text, pieces[i].text)
    for later in pieces[i + 1 :]:
        if whole_sentence(text, later.text) != sentence:
            return False
        if _RULE_LEAD.search(later.text):
            return True
    return False


# 我先跟您对一下：…, 您刚才说的我都记下了：…, "let me read that back": the customer's facts said back
_READING_BACK = re.compile(
    r"(跟|和)(您|你)(对|核对|确认)一下|我(先)?(对|核对|确认|重复)一下|(您|你)刚才说的|我没听错吧|"
    # …十二号签收，我这边都看到了: the customer's facts listed, then seen
    r"(我|我这边|这边)(也)?都(看到|查到|记下|记着|调出来|核对过)了\s*$|"
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
# 别让邻居替您刷…, 千万不要把…, "don't let anyone else …": the clause opens on a prohibition
_FORBIDDING = re.compile(
    r"^\s*(?:(?:您|你)(?:也|可|就)?)?(?:千万|可|也|一定|绝对)?(?:别|不要|不能|不可以|不许|不准|禁止|切勿|绝不能|绝对不能)|"
    r"^\s*(?:(?:so|and|but|please|just)\s+)*(?:don'?t|do not|never|you (?:must|should) not|you mustn'?t)\b",
    re.IGNORECASE,
)
# …那样不行, 这可不行, "that's not allowed": the sentence ends by refusing what it named
_REFUSED_AFTER = re.compile(
    r"(?:那样|这样|那个|这个|那|这)(?:可|是|也|都)?(?:不行|不可以|不允许|不能(?:做|干|这么做|这样做|碰)?|做不得|使不得)(?:的)?\s*[。！!]?\s*$|"
    r"\b(?:that|this)(?:'s| is) not (?:allowed|okay|ok|permitted)\s*[.!]?\s*$",
    re.IGNORECASE,
)


# "I'm not going to pretend …", "I won't call it …", 我不会把这事当成…, 这可不是…: the candidate refuses what follows
_DISOWNING = re.compile(
    r"\bi(?:'m| am)? not (?:going to |gonna |about to )?(?:pretend|call|treat|say|handle|log|file|count|class|"
    r"describe|brush)\w*|\bi won'?t (?:pretend|call|treat|say|handle|log|count|describe|brush)\w*|"
    r"\b(?:this|that|it)(?:'s| is| was)? (?:isn'?t|is not|wasn'?t|was not|not) (?:just |simply |merely )?(?:a|an|some)\b|"
    r"(我|咱)(不会|不能|可不|绝不|没有|不想)(把|将)?(这|这事|这件事|它|这个)?(当成|当作|看成|说成|算成|算作|归为)|"
    r"这(可|也|绝)?不是(什么)?|(不能|不会|别)(说|讲)(成)?",
    re.IGNORECASE,
)


def _secrets_of(line: RedLine) -> frozenset[str]:
    """The kinds of sensitive data (PIN, CVV, SMS code) red line ``line`` is about, named in its label or words."""
    return sensitive.kinds_named(" ".join([line.label, *line.phrases]))


def _promise_refused(pieces: Sequence[u.Span], quote: str) -> bool:
    """Whether the time ``quote`` is what the candidate refuses to promise (我不能跟您保证明天放行): no time given."""
    clause = clause_of(quote, pieces)
    at = clause.find(quote)
    m = NO_PROMISE.search(clause[:at]) if at > 0 else None
    return m is not None and not _BUT.search(clause[m.end() : at])


def _disowned(pieces: Sequence[u.Span], quote: str) -> bool:
    """Whether ``quote`` comes, in its clause, after words with which the candidate refuses it ("I'm not going
    to pretend this was just a wrong item", 我不会把这事当成普通错送)."""
    clause = clause_of(quote, pieces)
    at = clause.find(quote)
    m = _DISOWNING.search(clause[:at]) if at > 0 else None
    # …不是系统问题而是您手机的问题, "it's not a network fault but the courier's": the contrast says it
    return m is not None and not _CONTRAST.search(clause[m.end() : at])


_CONTRAST = re.compile(
    r"而是|但|不过|可是|反而|\b(?:but|rather|instead|it'?s|it is|they'?re)\b", re.IGNORECASE
)


# 用手挡一下, 遮住键盘, 保管好, "cover the keypad", "keep it safe": how to guard the data, not a request for it
_GUARDS = re.compile(
    r"挡|遮|保管好|保护好|藏好|\b(?:cover|shield|hide)\b|\bkeep (?:it|them|your \w+) (?:safe|private|secret)\b",
    re.IGNORECASE,
)


def _warned_against(text: str, quote: str) -> bool:
    """Whether the sentence holding ``quote`` names it as what must not be done (and does not then go on
    to do it: 虽然违规，但…): said to be against the rules, or in a clause that forbids it (别让邻居替您刷脸),
    or refused after it (…那样不行); sensitive data named only to say it is never asked for (我们不会找您
    要密码和验证码), or as what the candidate will not say (吃半片还是一片，这个我不能跟您说)."""
    sentence = whole_sentence(text, quote)
    m = _WARNED.search(sentence)
    if m is not None and not _BUT.search(sentence[m.end() :]):
        return True
    clause = next((p.text for p in short_clauses(sentence) if quote in p.text), "")
    if clause and _FORBIDDING.search(clause[: max(clause.find(quote), 0)] or clause):
        return True
    at = text.find(sentence) + len(sentence)
    if _REFUSED_AFTER.search(sentence + text[at : at + 1]) and not _BUT.search(
        sentence[sentence.find(quote) :]
    ):
        return True
    if sensitive.kinds_named(quote) and clause and sensitive.never_asked(clause):
        return True
    if sensitive.kinds_named(quote) and _GUARDS.search(sentence) and not sensitive.asks_for(sentence):
        return True  # 输密码的时候用手挡一下键盘, "cover the keypad when you type your PIN": a tip to keep it safe
    promise = NO_PROMISE.search(clause) if clause else None
    if promise and promise.start() <= max(clause.find(quote), 0) and not _BUT.search(clause[promise.end() :]):
        return True  # 我不能跟您保证明天放行, "I can't guarantee it'll be fixed by Thursday": the promise refused
    return _refused(sentence, quote)


# 不能跟您说, 不敢替您定, 我说不准, "I can't tell you", "I won't advise": the candidate declines to say it
_REFUSE_TO_SAY = re.compile(
    r"(不能|不敢|没法|没办法|不便|不好|无法)(跟您|给您|替您|帮您|和您|对您|跟你|给你|替你)?(说|讲|告诉|建议|回答|定|下结论|判断)|"
    r"我(可)?说不(了|准|好)|不是我能(说|定|判断)的|"
    r"\bi (?:can'?t|cannot|won'?t|am not able to|'m not able to) (?:tell you|say|advise|recommend|decide)\b",
    re.IGNORECASE,
)
# what the declined words name: the customer's question said back (半片还是一片, 吃多少, "half or a whole
# one") or a clause that points back at it (这个我不能说, 剂量我说不准, "that I can't tell you")
_ASKED_BACK = re.compile(
    r"还是|多少|几(片|粒|毫升|勺)|能不能|行不行|可不可以|要不要|\bor\b|\bhow (?:much|many)\b", re.I
)
# 双倍赔偿这种我给不了, 快递员的手机号是不能给的, "double compensation isn't something I can offer": the red
# line's words as the topic of a refusal in their own clause
_REFUSE_TO_GIVE = re.compile(
    r"^[^，,。；;！？!?]{0,8}?(给不了|做不到|办不到|答应不了|承诺不了|保证不了|不能给|不能答应|不能承诺|不能保证|"
    r"没法给|没法答应|没法承诺|没办法给|不会给|不会答应|不能透露|不能提供|不提供|不可以|不允许|不行)|"
    r"^\s*(?:is|are)n'?t (?:something|anything) (?:i|we) can (?:offer|give|promise)\b|^\s*(?:is|are) not (?:something|allowed)\b",
    re.IGNORECASE,
)
_POINTS_BACK = re.compile(r"^\s*(这个|这|那个|剂量|用量|具体|\bthat\b|\bthis\b)", re.IGNORECASE)


def _refused(sentence: str, quote: str) -> bool:
    """Whether ``quote`` is what the candidate declines to say in ``sentence``: the customer's question said
    back before the refusal (吃半片还是一片，这个我不能跟您说) or the refusal's object (我不能告诉您吃半片还是
    一片), with no contrast after it (我说不准，不过半片应该没事 still advises)."""
    at = sentence.find(quote)
    if at < 0:
        return False
    end = at + len(quote)
    clause_start = max(sentence.rfind(c, 0, at) for c in "，,；;：:") + 1
    clause_end = min([j for j in (sentence.find(c, end) for c in "，,；;") if j >= 0] or [len(sentence)])
    asked_back = bool(_ASKED_BACK.search(sentence[clause_start:clause_end]))
    after = sentence[end:]
    if _REFUSE_TO_GIVE.search(after):
        return True
    m = _REFUSE_TO_SAY.search(after)
    if m and not _BUT.search(after[: m.start()]) and not _BUT.search(after[m.end() :]):
        lead = after[: m.start()].lstrip("，,；; ")
        if asked_back or _POINTS_BACK.search(lead):
            return True
    before = sentence[:at]
    last = next(reversed(list(_REFUSE_TO_SAY.finditer(before))), None)
    return last is not None and at - last.end() <= 4 and asked_back and not _BUT.search(after)


# a word that links a clause to the one before (结果, 然后, "and then"): no word of the case, whatever else it means
_LEADING_LINK = re.compile(
    r"^\s*(?:结果|然后|后来|可是|但是|不过|而且|\b(?:and then|then|but)\b)\s*", re.IGNORECASE
)


def _by_cues(
    sc: Scenario, out: Detection, pieces: Sequence[u.Span], customer_said: str, advice: set[str]
) -> None:
    """Fire the triggers that name built-in cue sets, each in a clause of its own.

    A clause that fired a raising trigger or crossed a red line is not read again; an apology in a
    reply that makes an excuse, shifts blame or crosses a red line does not count; no remedy is heard in
    ``advice`` (:func:`left_to_them`).
    """
    words = report_words(sc)
    theirs = grams(customer_said, sc.lang)
    # the words the customer used or knows (their own story): a clause about the case in only these tells
    # them nothing new (吊牌都剪了, 扣了两回)
    their_words = {_text.canonical(t) for t in _text.tokens(customer_said, sc.lang)} | known_words(sc)

    def about_case(clause: str) -> bool:
        """New facts about the case (its words, some not the customer's own), not a restatement of
        what the customer said nor an estimate (a clause giving a time)."""
        if is_estimate(clause, sc.lang):
            return False
        # 结果拖了三四天: "as it turned out", not the result of a check
        clause = _LEADING_LINK.sub("", clause)
        mine = grams(clause, sc.lang)
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
        # a script phrase beside everyday empathy ("Sorry to hear that, that sounds really stressful") takes
        # nothing from it; an excuse, a shifted blame or a red line does (抱歉，这是不可抗力)
        wronging = bool(out.red_lines) or any(
            sc.trigger(tid).delta > 0 and "canned" not in sc.trigger(tid).cues for tid in out.triggers
        )
        left = {i for i, p in enumerate(pieces) if p.text in advice}
        for trig in sc.triggers:
            if not trig.cues or trig.id in out.triggers or (trig.delta > 0) != (sign > 0):
                continue
            remedy = trig.delta < 0 and trig.tracks == "offered"
            for cue in trig.cues:
                if cue == "apology" and wronging:
                    continue
                quote = _cues.find(
                    cue, list(pieces), sc.lang, skip=skip | left if remedy else skip, about_case=about_case
                )
                if quote:
                    out.triggers[trig.id] = quote
                    break
    order = [t.id for t in sc.triggers]
    out.triggers = dict(sorted(out.triggers.items(), key=lambda kv: order.index(kv[0])))
