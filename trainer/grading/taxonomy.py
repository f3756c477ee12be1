"""The built-in service-diagnosis taxonomy a rubric criterion can refer to (``diagnosis:``).

Problem classes: 产品功能 / 服务流程 / 系统故障 / 沟通误解 / 外部因素, and urgency levels 紧急 (2 h),
高 (24 h), 中 (72 h), 低 (backlog). Rubrics may name them in Chinese or English; both map to the same
built-in ids. :func:`classes_named` and :func:`urgencies_named` read which of them an answer says.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """One taxonomy value: its id, its labels and the phrasings an answer may use for it."""

    id: str
    zh: str
    en: str
    says: tuple[str, ...]
    hours: int | None = None  # urgency: the response time it stands for (None: backlog)

    def label(self, lang: str) -> str:
        """The label in ``lang`` (``zh`` or ``en``), with the response time for an urgency."""
        if lang == "zh":
            return self.zh + (f"（{self.hours} 小时内）" if self.hours else "")
        return self.en + (f" (within {self.hours} h)" if self.hours else "")


PROBLEM_CLASSES: tuple[Term, ...] = (
    Term(
        "product",
        "产品功能",
        "product feature",
        (
            r"产品功能",
            r"功能(?:问题|缺陷|设计)",
            r"产品(?:问题|缺陷|设计)",
            r"product (?:feature|issue|defect|design)",
            r"feature (?:gap|issue|request)",
        ),
    ),
    Term(
        "process",
        "服务流程",
        "service process",
        (
            r"服务流程",
            r"流程(?:问题|缺陷|漏洞|不合理)",
            r"(?:service )?process (?:issue|problem|gap|failure)",
            r"service process",
        ),
    ),
    Term(
        "system",
        "系统故障",
        "system fault",
        (
            r"系统(?:故障|问题|异常|崩溃|bug)",
            r"(?:平台|服务端|我们(?:这边|平台)?)(?:的)?(?:故障|出了故障)",  # 这是我们平台的故障
            r"宕机",
            r"服务器(?:故障|宕机)",
            r"system (?:fault|failure|outage|issue|error)",
            r"\boutage\b",
        ),
    ),
    Term(
        "miscommunication",
        "沟通误解",
        "miscommunication",
        (
            r"沟通(?:误解|问题|不畅|偏差)",
            r"误解",
            r"理解(?:偏差|有误)",
            r"miscommunication",
            r"misunderstanding",
        ),
    ),
    Term(
        "external",
        "外部因素",
        "external factor",
        (
            r"外部(?:因素|原因)",
            r"第三方(?:原因|问题|故障)",
            r"不可抗力",
            r"external (?:factor|cause)",
            r"third[- ]party (?:issue|cause|fault)",
        ),
    ),
)
_LEVEL = r"(?:优先级|紧急程度|级别|等级)\s*(?:为|是|定为|定成|属于|:|：)?\s*"
_SET = r"(?:定为|定成|列为|评为|属于|按)"
# "定高，24 小时内" / "定低。": a bare level after 定, ended by punctuation, a number or the end
_BARE = r"(?<![确决规约稳固指认设鉴判否肯预限])(?:定|定为|定成|列为|评为)"
_BARE_END = r"(?=[\s，,。；;、（(\d]|$)"
# "系统故障，高" / "外部因素（物流网点），中": a bare level right after a problem class, as in a list of
# tickets with their class and level
_AFTER_CLASS = r"(?:故障|功能|建议|流程|误解|因素)(?:[（(][^）)]{0,20}[）)])?\s*[，,、/|：:]\s*"
URGENCIES: tuple[Term, ...] = (
    Term(
        "urgent",
        "紧急",
        "urgent",
        (
            r"(?<!不)紧急(?!程度)",
            r"特急",
            r"最高优先级",
            r"最高(?:级别|等级)",
            r"\bp0\b",
            r"\burgent\b",
            r"\bcritical\b",
        ),
        2,
    ),
    Term(
        "high",
        "高",
        "high",
        (
            r"高优先级",
            _LEVEL + r"高",
            _BARE + r"高" + _BARE_END,
            _AFTER_CLASS + r"高" + _BARE_END,
            _SET + r"高(?:级|优先)",
            r"\bp1\b",
            r"\bhigh[- ]priority\b",
            r"priority(?: is| of|:)? high\b",
        ),
        24,
    ),
    Term(
        "medium",
        "中",
        "medium",
        (
            r"中优先级",
            _LEVEL + r"中",
            _BARE + r"中" + _BARE_END,
            _AFTER_CLASS + r"中" + _BARE_END,
            _SET + r"中(?:级|等)",
            r"\bp2\b",
            r"\bmedium(?:[- ]priority)?\b",
            r"priority(?: is| of|:)? (?:medium|normal)\b",
        ),
        72,
    ),
    Term(
        "low",
        "低",
        "low",
        (
            r"低优先级",
            _LEVEL + r"低",
            _BARE + r"低" + _BARE_END,
            _AFTER_CLASS + r"低" + _BARE_END,
            _SET + r"低(?:级|优先)",
            r"\bp3\b",
            r"\blow[- ]priority\b",
            r"priority(?: is| of|:)? low\b",
            r"\bbacklog\b",
        ),
        None,
    ),
)
_COMPILED: dict[str, tuple[re.Pattern[str], ...]] = {
    t.id: tuple(re.compile(p) for p in t.says) for t in (*PROBLEM_CLASSES, *URGENCIES)
}


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text or "").casefold()).strip()


def _lookup(terms: tuple[Term, ...], value: str) -> Term | None:
    v = re.sub(r"\s*[（(].*[)）]\s*$", "", _fold(value)).strip()  # "紧急 (2 h)" / "紧急（2小时）"
    for t in terms:
        if v in (t.id, _fold(t.zh), _fold(t.en)):
            return t
    return None


def problem_class(value: str) -> Term | None:
    """The problem class named ``value`` (id, Chinese or English label), or None."""
    return _lookup(PROBLEM_CLASSES, value)


def urgency(value: str) -> Term | None:
    """The urgency level named ``value`` (id, Chinese or English label, with or without its time)."""
    return _lookup(URGENCIES, value)


def _named(text: str, terms: tuple[Term, ...]) -> list[tuple[Term, str]]:
    from trainer.grading.text import is_negated

    folded = _fold(text)
    out: list[tuple[Term, str]] = []
    for t in terms:
        for pattern in _COMPILED[t.id]:
            m = next((m for m in pattern.finditer(folded) if not is_negated(folded, m.start())), None)
            if m:
                out.append((t, m.group(0)))
                break
    return out


def classes_named(text: str) -> list[tuple[Term, str]]:
    """The problem classes ``text`` names (not negated), each with the words that named it."""
    return _named(text, PROBLEM_CLASSES)


def urgencies_named(text: str) -> list[tuple[Term, str]]:
    """The urgency levels ``text`` names (not negated), each with the words that named it."""
    return _named(text, URGENCIES)
