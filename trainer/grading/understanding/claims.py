"""Claims about where a fault lies, in any words: "我们系统一切正常" and "后台监控显示平台没有任何异常" both say our
side is fine; "多半是贵公司内网拦截了", "应该是你们那边的宽带出了状况", "check your own network" put it on the
customer's side; "this delay sits with the carrier, not with us", "something your card issuer did on their
end" put it on a third party.

:func:`claims_made` tells which claims a sentence makes as its own: not negated where the claim is made
("不是贵司的网络问题", "it isn't your bank"), not supposed ("如果是您那边网络的问题…"), not asked, and not
told as what someone else said or asked for ("主管让我们说系统正常", "my manager told us to say it was their
network"). A ``must_not`` entry's claims are those its phrasings make.
"""

from __future__ import annotations

import functools
import re
from typing import Final

from trainer.grading import text as _text

OURS_FINE, CUSTOMER_SIDE = "ours_fine", "customer_side"
BANK, CARRIER, PROCESSOR = "bank", "carrier", "processor"
# the fault put on the customer ("是您自己没看清", "you should have checked") or on a colleague or another
# department in front of the customer ("新来的同事弄错了", "that was the night shift's mistake")
CUSTOMER_FAULT, COLLEAGUE = "customer_fault", "colleague"

_NEG_BEFORE = r"(?<!不是)(?<!并非)(?<!不在)(?<!not )(?<!n't )(?<!never )"
_OURS = r"(?:我们|我司|咱们|平台|系统|服务器|后台|服务端|我们这边|我方)"
_FINE_ZH = r"(?:一切)?(?:运行|运转)?(?:正常|良好|稳定|没(?:有)?(?:任何)?(?:问题|异常|故障)|无异常|无故障)"
_CUSTOMER_ZH = (
    r"(?:您|你|贵司|贵公司|你们|您们)(?:的|那边|这边|那里|公司)?的?\s*(?:网络|宽带|内网|防火墙|路由器|浏览器|电脑|"
    r"网速|网|配置|设置|操作|缓存|设备|信号)"
)
_PARTY_ZH = {
    BANK: r"(?:银行|发卡行|开户行)",
    CARRIER: r"(?:快递公司|快递|物流公司|物流|承运商|快递网点|网点|配送公司)",
    PROCESSOR: r"(?:支付机构|第三方支付|支付渠道|支付公司|第三方)",
}
_PARTY_EN = {
    BANK: r"(?:your |the )?(?:bank|card issuer|issuer|card company|issuing bank)",
    CARRIER: r"(?:the )?(?:carrier|courier|delivery company|shipping company|depot|postal service)",
    PROCESSOR: r"(?:the |our )?(?:payment processor|processor|payment provider|third[- ]party provider)",
}
# the fault put on a party: X 的问题/原因/责任, 是 X 造成的, 怪 X, 责任在 X, 归 X 管
_FAULT_ZH = (
    r"(?:{p})(?:那边|那里|方面|这边)?的?(?:问题|原因|责任|锅|失误|延误|延迟|系统延迟)|是(?:{p})(?:那边)?(?:造成|导致|弄|搞)"
    r"|怪(?:{p})|责任在(?:{p})|(?:{p})(?:那边)?(?:出了|出的)(?:问题|错|状况)"
)
_FAULT_EN = (
    r"(?:{p})'s (?:fault|side|end|doing|error|mistake|problem|responsibility)|(?:sits|lies|rests) with (?:{p})"
    r"|(?:down to|caused by) (?:{p})|(?:{p}) (?:must have|probably|may have|did|is holding|"
    r"put a|placed|duplicated|processed it)|(?:{p}) on (?:their|its) (?:end|side)|blame (?:{p})"
)
_CLAIMS_ZH: Final[dict[str, re.Pattern[str]]] = {
    # the words between hold no negation: 系统有些不稳定, 后台还不正常 say our side is unwell, not fine
    OURS_FINE: re.compile(_NEG_BEFORE + _OURS + r"[^，。！？；,.!?;不没无未非]{0,8}?" + _FINE_ZH),
    CUSTOMER_SIDE: re.compile(
        _NEG_BEFORE
        + r"(?:是|在|出在|属于|多半是|应该是|可能是|估计是)?"
        + _CUSTOMER_ZH
        + r"[^，。！？；]{0,10}(?:问题|状况|故障|拦截|拦住|挡住|不稳|不太稳|不好|不太好|不行|不通|出错|有误|异常|卡)"
        # asked to check their own side: 请检查一下贵司的网络, 麻烦重启一下路由器 (not "他会去重启路由器", told of him)
        r"|(?:请|麻烦|建议)[^，。！？；]{0,10}?(?:检查|排查|查一下|查查|看看|重启|换|清)(?:一下)?[^，。！？；]{0,6}?"
        r"(?:网络|宽带|内网|防火墙|路由器|浏览器|电脑|缓存)"
        r"|(?:检查|排查|查一下|查查|看看|重启|换|清)(?:一下)?(?:您|你|贵司|贵公司|你们|您们)(?:的|那边的|自己的)?"
        r"(?:网络|宽带|内网|防火墙|路由器|浏览器|电脑|缓存|网)"
    ),
}
_CLAIMS_ZH[CUSTOMER_FAULT] = re.compile(
    r"(?<![给帮替为让提醒])(?:您|你)(?:自己)?(?:当时|之前|下单前|下单之前|下单时|买之前|付款前|购买前|事先|本来)?(?:没|没有)(?:仔细|认真|提前)?"
    r"(?:看清|看清楚|看仔细|看到|注意|留意|查|核对|确认|算好|读)"
    r"|(?<![给帮替为让])(?:您|你)(?:自己)?(?:可能|应该是|肯定是|估计是)?(?:选错|点错|填错|看错|下错|输错|按错|操作错|弄错|搞错|拍错|"
    r"操作不当|操作有误)"
    r"|(?<![给帮替为让])(?:您|你)(?:自己)?(?:下单前|之前|当时|买之前|事先|本来)?(?:就)?(?:应该|本该|本应|早该|早就该|得)(?:自己)?(?:先)?"
    r"(?:算好|查好|查一下|查清|查查|看清|看一下|看看|核对|确认好|注意|仔细看|保价|看说明)"
    r"|怪(?:您|你)自己|(?:您|你)自己的(?:问题|责任|错|原因|失误)|(?:是|属于)(?:您|你)(?:自己)?(?:的)?(?:操作|使用)(?:方法)?(?:问题|不当|有误|错误)"
)
_COLLEAGUES_ZH = (
    r"(?:新来的|之前的|前面的|前两次的|上一个|上一位|那个|那位|夜班的?|白班的?|其他|别的|个别)?(?:同事|客服|员工|新人|新员工|实习生|业务员|"
    r"销售|师傅|小伙子)|(?:财务|票务|仓库|技术|售后|物流|审核|法务|运营|客服)(?:部门|部|组|中心|团队|那帮人)|财务|票务部?|仓库|"
    r"(?:其他|别的|那个|兄弟)部门"
)
_CLAIMS_ZH[COLLEAGUE] = re.compile(
    r"(?:" + _COLLEAGUES_ZH + r")(?:们)?(?:那边|那里|的人)?(?:一直|总是|老是|就是|还在|又)?(?:在)?"
    r"(?:拖着|压着|卡着|拖拖拉拉|不办|不给办|不处理|没处理|不作为|弄错了|搞错了|搞砸了|弄错|搞错|出错|乱点|随手|不负责|"
    r"不熟悉业务|业务不熟|不专业|不靠谱|没用|太慢|的错|的锅|的责任|的失误|个人的问题)"
)
_CLAIMS_EN: Final[dict[str, re.Pattern[str]]] = {
    OURS_FINE: re.compile(
        r"(?:our|the) (?:system|systems|servers?|platform|service|side|end)s? (?:is|are|was|were|has been|looks?)"
        r" (?:all )?(?:fine|working(?: fine| normally)?|up and running|normal|running (?:fine|normally)|ok(?:ay)?)"
        r"|(?:nothing|no (?:issue|problem|fault)s?) (?:is )?(?:wrong )?(?:on|at|with) our (?:side|end|system)"
    ),
    CUSTOMER_SIDE: re.compile(
        _NEG_BEFORE
        + r"(?:your|their) (?:own )?(?:network|connection|internet|wi-?fi|router|browser|firewall|"
        r"vpn|settings|setup|device|computer)(?: is| was| must| might|'s| that)"
        r"|(?:check|restart|reset|clear) (?:your|their) (?:own )?(?:network|connection|internet|wi-?fi|router|"
        r"browser|firewall|cache|settings)|(?:on|at) your (?:end|side)"
    ),
}
_CLAIMS_EN[CUSTOMER_FAULT] = re.compile(
    r"\b(?:you|he|she|they) should(?:'ve| have) (?:\w+ )?(?:checked|read|looked|noticed|insured|known|selected|chosen|picked|ordered|"
    r"kept|called|asked|paid attention|double-checked)"
    r"|\b(?:it's|it is|that's|that is|it was|that was|this is|this was) (?:entirely |all |really )?your (?:own )?"
    r"(?:fault|mistake|responsibility|problem|error|doing)"
    r"|\byou (?:must have |probably |obviously |clearly )?(?:clicked|selected|picked|chose|chosen|entered|typed|ordered|"
    r"ticked|tapped) (?:on )?(?:the )?wrong\b|\byou(?:'re| are) to blame\b",
    re.I,
)
_COLLEAGUES_EN = (
    r"(?:the|my|our|other|another|previous|last|those|that|a) (?:other |previous |new |last |night-shift |day-shift )?"
    r"(?:agents?|colleagues?|staff|team|night shift|day shift|guy|new hire|new starter|rep|advisers?|advisors?|"
    r"(?:billing|finance|warehouse|tech(?:nical)?|support|sales|shipping|dispatch) (?:team|department|people|guys))"
)
_CLAIMS_EN[COLLEAGUE] = re.compile(
    r"\b" + _COLLEAGUES_EN + r"(?: he spoke to| you spoke to| before me)? (?:were |was |had |have |is |are )?"
    r"(?:just |clearly |completely |really )?(?:been )?"
    r"(?:useless|incompetent|lazy|clueless|to blame|at fault|wrong|got (?:it|this|that|things) wrong|made (?:a|the|that) "
    r"mistake|messed (?:it |this |that )?up|dropped the ball|screwed (?:it |this )?up|gave you (?:wrong|rubbish|bad))"
    r"|\b(?:night shift|colleague|agent|team|department|warehouse|shift)'s (?:fault|mistake|error|doing)"
    r"|\bblame(?:d)? (?:it on )?(?:my|the|our|other) (?:colleagues?|team|agents?|staff|department)",
    re.I,
)
_SUPPOSED = re.compile(r"如果|要是|假如|万一|是不是|是否|吗|[?？]|\bif\b|\bwhether\b", re.I)
# told as someone else's line, or as what is asked of the speaker
_REPORTED = re.compile(
    r"(?:主管|领导|经理|上级|组长|班长|店长|老板|同事|公司|上面)(?:让|要求|叫|说|交代|规定)|让我们(?:统一)?(?:说|讲)|口径"
    r"|\b(?:manager|supervisor|boss|team lead|colleague|company)s? (?:told|asked|wants|wanted|said|instructed)\b"
    r"|\btold (?:us|me) to say\b",
    re.I,
)
_NEGATED_ZH = re.compile(r"(?:不|并非|没|别|无|非)[^，。！？；]{0,6}$")
_NEGATED_EN = re.compile(
    r"\b(?:not|never|isn't|wasn't|aren't|won't|don't|doesn't|didn't|no)\b(?:\s+\w+){0,3}\s*$"
)


def _patterns(lang_zh: bool) -> dict[str, re.Pattern[str]]:
    out = dict(_CLAIMS_ZH if lang_zh else _CLAIMS_EN)
    parties = _PARTY_ZH if lang_zh else _PARTY_EN
    fault = _FAULT_ZH if lang_zh else _FAULT_EN
    for kind, party in parties.items():
        out[kind] = re.compile(fault.replace("{p}", party), re.I)
    return out


_ZH, _EN = _patterns(True), _patterns(False)
_QUOTED = re.compile(r"[“\"「『][^”\"」』]{0,80}[”\"」』]")
_CLAUSE = re.compile(r"[，,；;。！？!?]|\sbut\s")


def own_clauses(
    sentence: str, supposed: re.Pattern[str], clause: re.Pattern[str]
) -> tuple[str, bool, list[str]]:
    """``sentence`` folded with its quoted words taken out (quoted, named or rejected, not said), whether it
    is Chinese, and its non-empty clauses split at ``clause``; no clauses when it says nothing of its own
    or ``supposed`` finds it supposing or asking. The family recognisers (this module, :mod:`.referrals`)
    read a sentence this way."""
    folded = _QUOTED.sub("", _text.normalize(sentence or ""))
    if not folded or supposed.search(folded):
        return folded, False, []
    zh = bool(re.search(r"[\u4e00-\u9fff]", folded))
    return folded, zh, [c for c in clause.split(folded) if c.strip()]


def _found(pattern: re.Pattern[str], clause: str, zh: bool) -> bool:
    for m in pattern.finditer(clause):
        before = clause[: m.start()]
        if not (_NEGATED_ZH if zh else _NEGATED_EN).search(before):
            return True
    return False


@functools.lru_cache(maxsize=8192)
def claims_made(sentence: str) -> frozenset[str]:
    """The claims about where the fault lies that ``sentence`` makes as its own (see the module)."""
    # words in quotation marks are quoted, named or rejected ("我不会按主管那句“是您的网络问题”去讲"), not claimed
    folded, zh, clauses = own_clauses(sentence, _SUPPOSED, _CLAUSE)
    if not clauses or _REPORTED.search(folded):
        return frozenset()
    patterns = _ZH if zh else _EN
    out: set[str] = set()
    for clause in clauses:
        for kind, pattern in patterns.items():
            if kind not in out and _found(pattern, clause, zh):
                out.add(kind)
    if COLLEAGUE in out and not _TOLD.search(folded):
        out.discard(
            COLLEAGUE
        )  # a colleague's delay told as the story ("财务一直拖着"), not put to the customer
    return frozenset(out)


# A colleague blamed to the customer: said to them (您, "you") or told (跟他们说, "I told him").
_TOLD = re.compile(r"[您你]|说|告诉|讲|解释|\byou\b|\b(?:told|tell|said|say|explained)\b", re.I)


@functools.lru_cache(maxsize=1024)
def claims_of(phrasings: tuple[str, ...]) -> frozenset[str]:
    """The claims a ``must_not`` entry's phrasings make (any of them)."""
    return frozenset().union(*(claims_made(p) for p in phrasings))
