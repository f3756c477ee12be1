"""The words of a scenario's case: what an on-topic reply talks about, what the case itself says (which a
raising example must go beyond), what the customer already knows, and each remedy in the words of the
scenario's policy."""

from __future__ import annotations

import functools
import re

from trainer.grading import text as _text
from trainer.roleplay.behaviours.reading import GENERIC, closeness, grams, short_clauses
from trainer.roleplay.scenario import Scenario

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


@functools.lru_cache(maxsize=64)
def _topic_words(scenario_id: str, corpus: str, lang: str) -> frozenset[str]:
    words = {_text.canonical(t) for t in _text.tokens(corpus, lang)}
    return frozenset(w for w in words if w not in GENERIC and len(w) >= (2 if lang == "zh" else 3))


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
            # the words of being sorry, which any reply may open with: "I'm so sorry to hear that" shares
            # them with "sorry to hear about the mix-up" and plays nothing down
            _SORRY[sc.lang == "zh"],
        ]
    )
    return _case_words(sc.id, corpus, sc.lang)


_SORRY = ("I'm so sorry to hear that, I apologise, my apologies", "抱歉\n对不起\n不好意思\n道歉")


@functools.lru_cache(maxsize=64)
def _case_words(scenario_id: str, corpus: str, lang: str) -> frozenset[str]:
    if lang == "zh":  # character pairs, as examples are compared in Chinese
        return frozenset(g for line in corpus.splitlines() for g in grams(line, lang))
    return frozenset(_text.canonical(t) for t in _text.tokens(corpus, lang))


def known_words(sc: Scenario) -> frozenset[str]:
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


def report_words(sc: Scenario) -> frozenset[str]:
    """The content words of what the candidate can look up (:func:`_case_corpus`), and the nouns any report
    of a customer-service case is about: the words an explanation of the case is heard in."""
    return (_topic_words(sc.id, _case_corpus(sc), sc.lang) - _TIME_UNITS) | _CASE_NOUNS


# a unit of time names how long, not what happened: "it's already over an hour late" explains nothing
_TIME_UNITS = frozenset(
    _text.canonical(t)
    for w in ["minute", "minutes", "hour", "hours", "day", "days", "week", "weeks", "month", "months"]
    for t in _text.tokens(w, "en")
) | frozenset(["分钟", "小时", "钟头", "工作日", "天", "小时内", "星期", "礼拜", "个月"])


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
