"""The customer sent elsewhere to do what the company should do, in any words: "您直接跟商家协商", "麻烦您先让物业出
一份书面说明", "您自己去问一下放射科" send her to the merchant, the property company, another department;
"you'll need to contact the seller directly", "best to take it up with your bank" do the same in English.

:func:`sent_to` tells which parties a sentence sends the customer to, as its own request: not negated
("不用您自己找商家", "no need to call your bank"), not supposed or asked, not what the agent does for her
("我帮您联系商家", "I'll contact the courier"). A ``must_not`` entry's parties are those its phrasings send to.
"""

from __future__ import annotations

import functools
import re
from typing import Final

from trainer.grading.understanding.claims import own_clauses

PROPERTY, MERCHANT, BANK, CARRIER, UTILITY, OFFICE = (
    "to_property",
    "to_merchant",
    "to_bank",
    "to_carrier",
    "to_utility",
    "to_office",
)

_PARTIES_ZH: Final[dict[str, str]] = {
    PROPERTY: r"物业(?:公司|管理处|中心)?|开发商|房东",
    MERCHANT: r"商家|卖家|店家|店铺|商户|餐厅|饭店|厂家|品牌方",
    BANK: r"银行|发卡行|开户行",
    CARRIER: r"快递公司|快递员|快递小哥|快递网点|网点|物流公司|派件员|骑手|配送员|承运商",
    UTILITY: r"自来水公司|供水公司|水务(?:公司|集团)?|供电局|燃气公司",
    OFFICE: r"医保局|社保局|住建(?:部门|局)?|街道办?|社区|居委会|网格员|放射科|检验科|财务(?:部|部门)?|技术部|"
    r"那个部门|相关部门|其他部门|别的部门",
}
_PARTIES_EN: Final[dict[str, str]] = {
    PROPERTY: r"(?:property|building|estate) (?:management|company|office|manager)|landlord|managing agent",
    MERCHANT: r"seller|merchant|restaurant|vendor|shop|store|retailer|manufacturer",
    BANK: r"bank|card issuer|issuer|card company|issuing bank",
    CARRIER: r"courier|carrier|delivery company|shipping company|depot|postal service|driver",
    UTILITY: r"water company|utility|power company|gas company",
    OFFICE: r"(?:\w+ )?department|radiology|billing team|finance team|council|other team",
}
_ASK_ZH = r"找|联系|问问|问一下|问|咨询|打给|打电话给|打电话问|致电|跟|和|与|向|去|到|让|催|要"
# the customer as the one who acts: 您/你 not after 帮/替/为/给/陪 (the agent acting for her: 我帮您联系商家)
_WHO_ZH = r"(?<![帮替为给陪带代])(?:您|你)"
_NEGATED = re.compile(r"[不没别无]|无需|不必|不用")
# a gap that hands the act to the agent (您挑：一是我让商家重做) or offers a way rather than sends her
# (您可以凭流水号向发卡行查询, 您拿着号码问发卡行就能查): not the customer sent to do the company's job
_NOT_SENT = re.compile(r"我|可以|也能|随时|凭|拿着|用这个|用它")
_SUPPOSED = re.compile(r"如果|要是|假如|万一|是不是|是否|吗|[?？]|\bif\b|\bwhether\b|\bin case\b", re.I)
_AGENT_FIRST = re.compile(r"(?:我|我们|我这边|平台|客服)(?:会|来|马上|这就|现在|先|已经)?(?:帮|替|给|为)?")


def _pattern_zh(parties: str) -> re.Pattern[str]:
    return re.compile(
        _WHO_ZH
        + r"(?P<gap>[^，。！？；]{0,8}?)(?:"
        + _ASK_ZH
        + r")(?:一下)?[^，。！？；]{0,4}?(?:"
        + parties
        + r")"
    )


_ASK_EN = (
    r"contact|call|ring|phone|email|ask|reach out to|get in touch with|speak (?:to|with)|talk to|chase|"
    r"take (?:it|this|that) up with|go (?:back )?to|check with|raise (?:it|this|that) with|deal with|"
    r"dispute (?:it|this|the charge|the charges) with|file (?:a |your )?(?:claim|complaint|dispute) with|sort (?:it|this) out with"
)
_YOU_EN = (
    r"(?:you(?:'ll| will)? (?:need|have) to|you(?:'d)? (?:should|must|better)|you're best|best (?:to|if you)|(?:fix|thing|step|option|way|bet)(?: to do)? (?:is|would be) (?:to )?|please|just|i(?:'d)? (?:suggest|recommend|advise) (?:that )?you|"
    r"(?:^|[.;:!]\s*)(?=\w))"
)


def _pattern_en(parties: str) -> re.Pattern[str]:
    return re.compile(
        r"\b"
        + _YOU_EN
        + r"\s*(?:\w+\s+)?(?:"
        + _ASK_EN
        + r")\s+(?:the |your |their |that |this )?(?:"
        + parties
        + r")\b",
        re.I,
    )


_ZH = {kind: _pattern_zh(p) for kind, p in _PARTIES_ZH.items()}
_EN = {kind: _pattern_en(p) for kind, p in _PARTIES_EN.items()}
_CLAUSE = re.compile(r"[，,；;：:。！？!?]|\sbut\s")
_NEGATED_EN = re.compile(
    r"\b(?:not|never|don't|doesn't|won't|no need|needn't|without|instead of|rather than)\b[^.;!?]{0,30}$",
    re.I,
)


def _found_zh(pattern: re.Pattern[str], clause: str) -> bool:
    for m in pattern.finditer(clause):
        before = clause[: m.start()]
        if (
            _NEGATED.search(m.group("gap"))
            or _NOT_SENT.search(m.group("gap"))
            or re.search(r"(?:不|不用|不必|无需|不需要|别|没)[^，。！？；]{0,4}$", before)
        ):
            continue
        return True
    return False


def _found_en(pattern: re.Pattern[str], clause: str) -> bool:
    return any(not _NEGATED_EN.search(clause[: m.start()]) for m in pattern.finditer(clause))


@functools.lru_cache(maxsize=8192)
def sent_to(sentence: str) -> frozenset[str]:
    """The parties ``sentence`` sends the customer to, as its own request (see the module)."""
    _, zh, clauses = own_clauses(sentence, _SUPPOSED, _CLAUSE)
    out: set[str] = set()
    for clause in clauses:
        for kind, pattern in (_ZH if zh else _EN).items():
            if kind not in out and (_found_zh(pattern, clause) if zh else _found_en(pattern, clause)):
                out.add(kind)
    return frozenset(out)


@functools.lru_cache(maxsize=1024)
def sent_by(phrasings: tuple[str, ...]) -> frozenset[str]:
    """The parties a ``must_not`` entry's phrasings send the customer to (any of them)."""
    return frozenset().union(*(sent_to(p) for p in phrasings))
