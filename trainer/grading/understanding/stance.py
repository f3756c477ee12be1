"""Stance: the position a sentence takes on a few things customer service gets wrong while using the
right words — whether the customer may complain, who pays, whether the wrong item must come back first,
whether a fault is stated as fact or only as a possibility, and who acts next.

A text's topic words can match a key point while the text says the opposite of it: "您就不用再跑 12315 了"
shares 12315 with "投诉是他的权利，我不会劝阻"; "寄回运费请您先垫付" shares 运费 with "运费我们出";
"it may not actually be a second charge" shares "charge" with "two charges confirmed". Each :data:`AXES`
entry has two poles, written as the ways candidates say them. :func:`opposes` tells whether a sentence
takes the pole opposite to the one a concept takes:

- a concept takes a pole when one of its phrasings does and none takes the other;
- a sentence takes a pole when it says that pole and not the other ("运费我们出，不用您出" says both, so
  neither), except on the ``hedge`` axis, where a condition or a doubt wins over the fact it wraps
  ("如果确认是我们发错了" is not "是我们发错了").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Final

from trainer.grading import text as _text


@dataclass(frozen=True)
class Axis:
    """Two opposite positions; ``first``/``second`` match texts that take them. ``second_wins``: in a
    sentence that says both, the second pole counts (a doubt wrapping a fact)."""

    name: str
    first: re.Pattern[str]
    second: re.Pattern[str]
    second_wins: bool = False
    clause: bool = False  # the second pole covers only its own clause
    every: bool = False  # a concept takes the first pole only when every one of its phrasings does
    supposed: bool = False  # the second pole said in a supposition ("要是跟客户说系统正常…") is not taken
    reported: bool = False  # the second pole told of someone else ("之前的同事先答应了…") is not taken


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_WHO_ZH = r"(?:您|你|客户|买家|用户|他|她|老人|对方)"
_US_ZH = r"(?:我们|我方|平台|商家|店铺|店里|公司|仓库|这边|我这边|我们这边|咱们)"
_BOSS_ZH = r"(?:主管|领导|经理|上级|组长|班长)"
_NO_NEED_ZH = r"(?:不用|无需|不需要|不必|用不着|没必要|不用再|不需要再|就不用|也不用)"

_FACT = _re(
    r"确认了|已(?:经)?(?:确认|核实|查到|查实|查清|退|补发|发出|申请|提交|处理|安排)|确实(?:是|有)"
    r"|(?:是|属于)?"
    + _US_ZH
    + r"(?:的)?(?:错|问题|失误|责任|过失)|责任在"
    + _US_ZH
    + r"|"
    + _US_ZH
    + r"(?:弄|发|搞|扣|收|算)(?:错|重|多)"
    r"|\bconfirmed\b|\bour (?:error|mistake|fault|bug)|\bon us\b|\bI(?:'ve| have) (?:refunded|issued|"
    r"confirmed|cancelled|reversed)|\b(?:is|was|has been|have been) (?:refunded|issued|reversed|confirmed)"
    r"|\b(?:refund|credit) (?:issued|processed)|\bI can see (?:two|the duplicate|a duplicate|both)"
)

AXES: Final[tuple[Axis, ...]] = (
    # respecting the right to complain / talking the customer out of it
    Axis(
        "complaint",
        _re(
            r"(?:投诉|12315|举报|申诉|维权)[^，。！？,.!?]{0,6}(?:权利|自由)|(?:权利|自由)[^，。！？,.!?]{0,4}(?:投诉|12315)"
            r"|不(?:会|去|要|能)?[^，。！？,.!?]{0,2}(?:劝阻|阻拦|阻止|拦|劝)[^，。！？,.!?]*"
            r"|(?:这|那)(?:是|属于)(?:您|你|他|她|客户|消费者)的(?:正当|合法)?(?:权利|自由)"
            r"|(?:让|由)(?:他|她|客户|您)(?:去)?(?:打|投诉)|尊重(?:他|她|您|客户)?的?(?:投诉|选择|权利)"
            r"|\b(?:his|her|their|your|a customer's|the customer's) right to (?:complain|escalate|file|report|go to)"
            r"|\b(?:won't|will not|wouldn't|never|don't|do not) (?:try to )?(?:discourage|stop|talk \w+ out of|dissuade)"
            r"|\bfree to (?:complain|escalate|file|report)"
        ),
        _re(
            _NO_NEED_ZH + r"(?:再)?(?:跑|打|去|找|走)?[^，。！？,.!?]{0,4}(?:12315|投诉|消协|监管|举报|差评)"
            r"|(?:投诉|12315|举报)[^，。！？,.!?]{0,4}(?:也)?(?:没用|没有用|白费|没意义|没必要|解决不了)"
            r"|撤(?:销|回|掉)?(?:了)?(?:投诉|举报|差评)|(?:劝|说服|让)(?:他|她|您|客户)?(?:别|不要|放弃|撤)"
            r"|不如别|别(?:再)?(?:去)?(?:打)?(?:投诉|12315|举报)|不要(?:再)?(?:去)?(?:打)?(?:投诉|12315|举报)"
            r"|\b(?:no need|don't need|won't need|will not need|not necessary|no reason) (?:for you )?to "
            r"(?:complain|escalate|file|report|contact|go to|call)"
            r"|\bwithdraw (?:the|your|his|her) (?:complaint|report|review)|\b(?:talk|persuade|convince) "
            r"(?:him|her|them|the customer) (?:out of|not to)|\bcomplaining (?:won't|will not) help"
        ),
        supposed=True,
        reported=True,
    ),
    # who pays: the business / the customer
    Axis(
        "payer",
        _re(
            r"(?:由)?" + _US_ZH + r"(?:来)?(?:出|承担|支付|付)(?![门示现发来去生入行库台])"
            r"|免(?:运)?费|包邮|不收(?:您|你)?(?:的)?(?:钱|费|运费)|"
            + _NO_NEED_ZH
            + r"(?:您|你)?(?:来)?(?:出|付|承担|花)"
            r"|\b(?:at|on) (?:our|the company's) (?:cost|expense)|\bwe(?:'ll| will)? (?:cover|pay for|pay the|refund the postage)"
            r"|\bfree of charge|\bprepaid (?:return )?label|\bon us\b"
        ),
        _re(
            r"(?:运费|邮费|快递费|寄回的?费用|费用|差价|路费)[^，。！？,.!?]{0,8}"
            + _WHO_ZH
            + r"(?:自己|先)?(?:来)?(?:出|承担|支付|付|垫付|自理)(?![门示现发来去生入行])"
            r"|"
            + _WHO_ZH
            + r"(?:自己|先)?(?:来)?(?:承担|垫付|自理)|(?:需要|请|麻烦|得|要)(?:您|你)(?:先)?(?:支付|承担|垫付)"
            r"|自费|自付|运费自理|到付|(?:您|你)(?:自己|先)?(?:出|付)(?:运费|邮费|快递费)"
            r"|\byou(?:'ll| will)? (?:need to |have to )?(?:pay|cover|bear) (?:for )?(?:the )?(?:postage|shipping|return|cost|fee)"
            r"|\bat your (?:own )?(?:cost|expense)|\bpostage is (?:on you|yours)"
        ),
    ),
    # the wrong or faulty item: no need to send it back first / send it back first
    Axis(
        "return_first",
        _re(
            _NO_NEED_ZH + r"(?:您)?(?:先)?(?:寄回|退回|寄还|退货|寄过来|寄给我们|寄)[^，。！？,.!?]*"
            r"|上门(?:取|换|收|回收)|当面(?:取走|换|收回)|顺(?:手|便|路)(?:取|带|收)(?:走|回)"
            r"|\bno need to (?:send|return|ship|post) (?:it |the \w+ )?back|\b(?:don't|do not|won't|will not) "
            r"(?:need|have) to (?:send|return|ship|post) (?:it |the \w+ )?back|\bkeep (?:it|the \w+) for now"
            r"|\bcollect (?:it|the \w+ \w*) when"
        ),
        _re(
            r"先(?:把[^，。！？,.!?]{0,10})?(?:寄回|退回|寄还|退货|寄过来|寄给我们)"
            r"|(?:寄回|退回|退货|寄到|寄给我们)(?:来)?[^，。！？,.!?]{0,10}(?:后|之后|以后)(?:[^，。！？,.!?]{0,6})?(?:再|才)"
            r"|(?:收到|签收)(?:您)?(?:的)?(?:寄回|退回|退货)[^，。！？,.!?]{0,8}(?:后|之后|以后)"
            r"|\b(?:send|return|ship|post) (?:it|the \w+|the wrong \w+) back first|\bonce (?:we|the warehouse) "
            r"(?:receive|get|have) (?:it|the return|the item|the \w+) back|\bafter (?:we|the warehouse) "
            r"(?:receive|get) (?:it|the return|the item)"
        ),
    ),
    # a fault or a step stated as a fact / under a condition that covers the whole sentence
    Axis(
        "hedge",
        _FACT,
        _re(
            r"如果(?:确认|核实|查实|证实|确实|真的|真是|最终|查明|核查)|如果是"
            + _US_ZH
            + r"|若(?:确认|核实|查实|是)"
            r"|(?:确认|核实|查实|证实)(?:是)?"  # 确认是我们发错的话
             + _US_ZH + r"?[^，。！？,.!?]{0,8}的话"
            r"|一旦(?:确认|核实|查实)|(?:确认|核实|查实|证实)(?:是)?"
            + _US_ZH
            + r"?(?:的)?(?:责任|问题|错|原因)(?:之)?后"
            r"|\bif (?:it|this|that) (?:does |really |actually )?turns? out|\bif (?:it|this|that) (?:is|was) "
            r"(?:indeed|really|actually|confirmed)|\bif we (?:find|confirm)"
        ),
        second_wins=True,
    ),
    # the same fact doubted: only the clause the doubt is in ("可能是银行那边延迟造成的，我给您申请退款"
    # doubts the cause, not the refund)
    Axis(
        "doubt",
        _FACT,
        _re(
            r"(?:可能|也许|或许|大概|应该)(?:并)?(?:不是|只是|是您|是银行|是系统)|不一定是|未必是|说不定是"
            r"|\bmay not (?:actually )?be\b|\bmight not (?:actually )?be\b|\bnot actually\b|\bprobably (?:just|only)\b"
            r"|\b(?:might|may) (?:just|only) be\b"
        ),
        second_wins=True,
        clause=True,
    ),
    # who is to blame: we own it / it is put on someone else (the bank, the courier, the merchant, the
    # weather, the customer)
    Axis(
        "blame",
        _re(
            r"(?:是|属于)?"
            + _US_ZH
            + r"(?:仓库|系统|这边)?(?:的)?(?:责任|问题|错|失误|过失)|责任在"
            + _US_ZH
            + r"|\bour (?:error|mistake|fault|bug)|\bon us\b|\bwe got it wrong|\bwe (?:made|caused) (?:the|this|a) (?:mistake|error)"
        ),
        _re(
            # not after 给/向/跟/为… ("给您故障复盘报告": the customer receives, nothing is put on them)
            r"(?<![给向跟为帮替对和与])(?:银行|发卡行|快递|物流|承运商|商家|店家|骑手|天气|下雨|您|你|客户|对方)"
            r"(?:那边|自己|方面|网点|公司)?(?:的)?(?:系统)?(?:问题|原因|责任|过错|延迟|故障|失误)"
            r"|(?:与|跟|和)(?:我们|我方|平台|公司)(?:平台|公司|这边)?(?:都)?(?:没有|没|无)(?:直接)?关系|不是我们的(?:问题|责任|错)|不在我们(?:的)?责任范围"
            r"|不是我们(?:这边)?的(?:问题|责任|错)?(?=[，。！？,.!?；;]|$)|航空公司的(?:责任|问题|事)"
            r"|\b(?:not|isn't|wasn't) (?:our|my) (?:fault|error|mistake|problem)|\bnothing to do with us\b"
            r"|\b(?:the|a) (?:bank|carrier|courier|card issuer|(?:payment )?processor|third party|supplier|vendor)'s "
            r"(?:fault|side|problem|error|outage|issue)|\bon the (?:bank|carrier|courier|processor)'s side"
            r"|\b(?:wasn't|was not|isn't|is not|weren't) caused by (?:us|our (?:system|side|end|team|company))"
            r"|\bnot (?:ours|on our side|on our end)\b"
        ),
    ),
    # a request refused / allowed: "用家人的身份下单不行" against "您朋友说的办法是可以的，用他的身份证下单就行"
    Axis(
        "permission",
        _re(
            r"不能|不可以|不行|没法|没办法|无法|不允许|不符合规定|不合规|违规|行不通|不可行"
            r"|\bcannot\b|\bcan't\b|\bnot (?:allowed|permitted|possible)\b|\bagainst (?:the )?(?:policy|rules)"
        ),
        _re(
            r"是可以的|就行|没问题|能行|可行|行的|也可以|都可以|\b(?:that's|that is) fine\b|\byou can\b|\bis allowed\b"
        ),
        every=True,
    ),
    # who carries the follow-up: we call back / the customer has to come back to us
    Axis(
        "follow_up",
        _re(
            r"(?:我|我们|我这边)[^，。！？,.!?不没别]{0,10}?(?:给您|跟您|向您)?(?:回电|回访|打电话|去电|致电|联系您|打给您|回复您|同步)"
            r"|\b(?:I|we)(?:'ll| will| shall)? (?:personally |also )?(?:call|ring|email|phone|text|update|contact) you"
            r"|\b(?:I|we)(?:'ll| will)? (?:check in|follow up|get back to you)"
        ),
        _re(
            r"(?:您|你)(?:再|随时|可以|自己|就)*(?:打过来|打电话过来|打进来|联系我们|来电|找我们|回来问|再问)"
            r"|(?:如果|如|若|有|还有)[^，。！？,.!?]{0,6}(?:再|随时|欢迎|请)?(?:联系|找|致电|咨询)(?:我们|客服|在线客服)"
            r"|(?:随时|欢迎)(?:再)?(?:联系|找|致电|咨询)(?:我们|客服|在线客服)"
            r"|\b(?:get back in touch|contact us again|call us back|get back to us|reach out to us)"
            r"|\blet us know (?:if|when|once)|\bplease (?:contact|call) us\b"
        ),
    ),
    # what is beyond authority: asked for approval first / promised or granted before approval
    Axis(
        "approval",
        _re(
            r"(?:向|找|请示|报|请)(?:一下)?(?:主管|组长|经理|领导|上级)|(?:提交|申请|报)(?:主管|领导)?(?:审批|批准|审核)|超出(?:了)?(?:我的)?权限"
            r"|\b(?:ask(?:ed)?|request(?:ed|ing)?) (?:my |the )?(?:manager|supervisor|team lead)|\bneeds? (?:approval|sign-off)"
            r"|\b(?:took|take|put|passed|brought|escalated) (?:it|this|the case|the request) to (?:my|the|our) "
            r"(?:manager|supervisor|team lead|boss)"
            r"|\b(?:approval|sign-off) from|\bI'm requesting|\brequested, not promised"
        ),
        _re(
            r"先(?:给您|给他|给她|跟您|跟他|跟她)?(?:把)?(?:承诺|答应)(?:给出去|下来|了)?|先答应|(?:保证|担保|打包票)[^，。！？,.!?]{0,8}(?:到账|赔|退|批|通过|拿到)"
            r"|一定(?:会)?(?:给您)?(?:批|赔|全额)|\b(?:I|we)(?:'ve| have) (?:promised|guaranteed|granted|applied|given you)\b"
            # the credit or the approval stated as already given or certain: "I've already applied the credit",
            # "the goodwill credit is already on your next invoice", 肯定能批下来, 已经给您特批了
            r"|\b(?:I|we)(?:'ve| have) (?:already|just) (?:applied|added|issued|credited|granted|approved|given you)\b"
            r"|\b(?:credit|compensation|goodwill (?:credit|gesture)|voucher|discount|months? free)\b[^.;!?]{0,20}?"
            r"\b(?:is|are|was|(?:has|have) (?:now |already )?been) (?:already |now )?(?:applied|approved|added|issued|granted|on your)\b"
            r"|(?:肯定|一定|保证|包)(?:能|会|可以)?(?:给您)?(?:批下来|批准|审批通过|申请下来|批得下来)|已经(?:给您|帮您)?(?:特批|批了|批好|申请下来了)"
            r"|\bguaranteed?\b"
            # or done without asking: 没请示主管就…, 自己做主, "I put the refund through myself", "override the date"
            r"|没(?:有)?(?:来得及)?(?:请示|问过?|报给?|经过)(?:一下)?(?:主管|领导|经理|组长|上级)|自己做主|擅自|先斩后奏"
            r"|\b(?:put|pushed|processed|process|approved?|authori[sz]ed?|granted|refunded|sorted) (?:\w+ ){0,3}myself\b"
            r"|\boverrid(?:e|den|ing) (?:the )?(?:date|system|window|policy|rule)"
            r"|\bwithout (?:asking|telling|checking with|involving|bothering) (?:anyone|anybody|(?:my|the) (?:manager|"
            r"supervisor|team lead|boss))|\b(?:didn't|did not) (?:bother|ask|check with|tell) (?:my|the) (?:manager|"
            r"supervisor|team lead|boss)|\b(?:just|simply|quietly) (?:processed|pushed|put|approved|refunded|granted|"
            r"accepted|let) (?:it|the refund|the return|the exception)\b|\bwent ahead (?:and|with)\b"
            r"|\b(?:figured|assumed|thought|knew) (?:my|the) (?:manager|supervisor|team lead|boss) would"
            r" (?:be fine|be ok|be okay|not mind|approve|sign)|\btold (?:him|her|them) (?:straight away |right away )?"
            r"(?:that )?(?:I'd|I would|I'll|we'd|we would|we'll) (?:refund|make an exception|accept|take it back)"
            r"|\bI(?:'d| would|'ll| will) make an exception\b"
            # the outcome promised before the approval ("you'll definitely get your refund"), or the record
            # changed to fit the rule ("change the purchase date in the system")
            r"|\byou(?:'ll| will) (?:definitely|certainly|surely|100%) (?:get|have|receive)\b"
            r"|\bI(?:'ll| will) (?:make sure|ensure|see to it that|guarantee) (?:that )?you (?:get|have|receive)\b"
            r"|\b(?:change|changed|changing|alter|altered|edit|edited|backdate|backdated|backdating) (?:\w+ ){0,2}"
            r"(?:purchase|order|delivery|return) date\b"
        ),
        supposed=True,
        reported=True,
    ),
    # a suitability or risk assessment taken honestly / steered to fit the product
    Axis(
        "assessment",
        _re(
            r"风险测评|风险评估|风险承受能力|适当性|\brisk (?:assessment|profile|questionnaire)|\bsuitability"
        ),
        _re(
            r"引导(?:他|她|您|客户|老人)?(?:按|往|朝|选|填|答)|帮(?:他|她|您|客户|老人)(?:把)?(?:测评)?(?:选|填|答|挑|解读)"
            r"|一题一题(?:地)?帮|教(?:他|她|您|客户|老人)(?:怎么)?(?:选|答|填)|(?:测|做|评)(?:成|到|出)(?:平衡型|成长型|进取型)"
            r"|(?:测评)?结果(?:一般)?(?:就)?能(?:达到|够得上|匹配)|(?:达到|够得上)(?:平衡型|成长型|进取型)"
            # hinting the answers or landing the result on the product: 提示他选…, 告诉他哪个选项…, 评出来正好能买
            r"|(?:提示|告诉|暗示|示意|带着|引着)(?:他|她|您|客户|老人|大爷|阿姨)?(?:选|填|勾|答|挑|哪个选项|哪一项|选哪)"
            # the same hint placed in the test: 提示他在测评时选择…, 告诉客户做测评的时候勾… (not 如实选)
            r"|(?:提示|告诉|暗示|示意|教|让)(?:他|她|您|客户|老人|大爷|阿姨)(?:在|做)?(?:测评|评估|答题|填表|问卷)"
            r"(?:时|的时候|里)?(?:就|都)?(?:选择|选|填|勾|答)(?!.{0,2}(?:如实|真实|实际))"
            r"|(?:往|朝)[^，。！？,.!?]{0,14}(?:那边|那个方向|方向)(?:带|引|选)"
            r"|(?:评|测)(?:出来|下来)?(?:是|成)?(?:平衡型|成长型|进取型|积极型)[^，。！？,.!?]{0,6}(?:正好|刚好|就能|就可以)"
            r"|(?:测评|评估)(?:就|才|也)?能(?:通过|过关|过)|正好(?:能|可以)买"
            r"|\b(?:coach|steer|guide)\w* (?:him|her|them|the customer) (?:through|to|towards) (?:the )?(?:answers|questions|a higher)"
            r"|\btell (?:him|her|them) (?:what|which) to (?:answer|pick|choose)|\bfill (?:it|the questionnaire) (?:in|out) for"
        ),
        second_wins=True,
        supposed=True,
        reported=True,
    ),
    # talking to a superior / the superior's words repeated or relayed ("主管让我们统一说是用户网络问题",
    # "我理解主管这么要求", "my manager told us to say"): relaying an instruction is not raising it with him
    Axis(
        "voice",
        _re(
            r"(?:跟|和|向|找|与|同)(?:一下)?"
            + _BOSS_ZH
            + r"[^，。！？,.!?]{0,10}(?:沟通|谈|说|讲|聊|反映|提|商量|建议|汇报|表达)"
            r"|找" + _BOSS_ZH + r"(?:单独|私下)?(?:聊|谈)"
            r"|\b(?:talk|speak|raise (?:it|this|my concerns?)|push back|go back|have a word) (?:privately )?(?:to|with) "
            r"(?:my|the|our) (?:manager|supervisor|team lead|boss|lead)"
        ),
        _re(
            _BOSS_ZH
            # (找对方组长说明情况 is the speaker explaining to him, not his words relayed)
            + r"(?:们)?(?:让|叫|要求|说(?!明|清)|交代|吩咐|规定|指示|强调|这么要求|这样要求|的要求|的口径|那套|那句|的话|的意思)"
            r"|按(?:照)?" + _BOSS_ZH + r"的(?:口径|要求|说法|意思|话)|" + _BOSS_ZH + r"怎么说我就怎么说"
            r"|\b(?:my|the|our) (?:manager|supervisor|boss|team lead|lead) (?:told|asked|wants|said|instructed|"
            r"has told|has asked|insists)"
        ),
    ),
    # a protective act (挂失, 冻结, 止付, 报警): done now / put off or advised against ("先别急着冻结",
    # "冻结反而麻烦", "卡片可以先继续用", "no need to cancel the card yet")
    Axis(
        "protect",
        _re(
            r"挂失|冻结|止付|锁卡|停卡|停用(?:这张)?卡|销卡|报警|报案"
            r"|\b(?:freez|block|cancel|lock|suspend|stop)\w* (?:the |your |this )?(?:card|account)|\b(?:call|contact|report it to) the police"
        ),
        _re(
            r"(?:先别|先不要|先不用|不用|不必|不需要|没必要|暂时不|暂时先不|先不|别急着|不急着|用不着)(?:急着|着急)?(?:去|先)?(?:给您|帮您)?"
            r"(?:挂失|冻结|止付|锁卡|停卡|停用|销卡|报警|报案|换卡|补卡|把卡(?:冻|挂|停|锁))"
            # or left for later: 确认不是您的我们再看要不要冻结
            r"|再(?:看|决定|考虑|说)(?:要不要|是否|需不需要)(?:给您)?(?:挂失|冻结|止付|锁卡|停卡|停用|销卡|报警)"
            r"|(?:挂失|冻结|止付|锁卡|停卡|销卡|报警)[^，。！？,.!?]{0,10}(?:反而|更麻烦|没必要|不划算|影响(?:您)?(?:平时)?(?:消费|使用))"
            r"|卡(?:片)?[^，。！？,.!?]{0,4}(?:可以)?(?:先)?继续(?:用|使用)"
            # or made to wait for a paper first: 拿到报案回执后再来办挂失, 凭回执给您冻结, 冻结要等立案以后
            r"|(?:拿到|等|有了|收到|提供|交来?)[^，。！？,.!?]{0,8}(?:回执|报案|立案|报警|证明|警方)[^。！？!?]{0,16}"
            r"(?:再|才)[^，。！？,.!?]{0,10}(?:挂失|冻结|止付|锁卡|停卡|停用|销卡)"
            r"|凭(?:报案|立案|报警)?(?:回执|证明|立案)[^，。！？,.!?]{0,8}(?:挂失|冻结|止付|锁卡|停卡|停用|销卡)"
            r"|(?:挂失|冻结|止付|锁卡|停卡)[^，。！？,.!?]{0,6}(?:要|得|需要|必须)(?:先)?等[^，。！？,.!?]{0,12}(?:回执|报案|立案|报警)"
            r"|\b(?:freeze|block|cancel|lock|stop) (?:the |your )?card (?:once|after|when) you(?:'ve| have)? "
            r"(?:got|get|bring|send|sent|file|filed|reported)"
            r"|\bonce you have (?:a|the) police (?:report|reference|receipt),? (?:we|i) (?:can|will|'ll)"
            r"|\b(?:no need|not necessary|don't need|do not need|there's no need) to (?:\w+ )?(?:freeze|block|cancel|lock|stop|report)"
            r"|\bhold off (?:on )?(?:freezing|blocking|cancell?ing|locking|reporting)|\bkeep using (?:the|your) card"
            r"|\b(?:freezing|blocking|cancell?ing|locking) (?:it|the card|your card)(?: now)? (?:would|will) (?:only|just)"
        ),
        second_wins=True,
    ),
    # what the customer is told about a fault of ours: the truth / that all is well on our side and the
    # problem is theirs ("跟客户说我们系统没问题，是他家宽带不稳定", "told them everything was fine on our end")
    Axis(
        "candour",
        _re(
            r"如实|照实|实话|实情|真实(?:的)?情况|真相|确实(?:有|出了)(?:故障|问题)"
            r"|是我们(?:这边)?(?:的)?(?:系统)?(?:的)?(?:故障|出了问题|出故障|挂了|崩了|宕机)"
            r"|\b(?:the truth|honest(?:ly)? (?:with|about)|what was really going on)"
        ),
        _re(
            r"(?:说|讲|告诉|回复|答复|回)[^，。！？,.!?]{0,10}(?:系统|这边|我们|服务器|平台)[^，。！？,.!?]{0,6}"
            r"(?:正常|没问题|没有问题|没故障|没有故障|没毛病)"
            r"|是(?:您|你|他|她|客户)(?:那边|自己|家里?)?的?(?:网络|宽带|网|路由器|信号|手机)(?:的)?(?:问题|不好|不稳定|故障)"
            r"|(?:您|你|他|她|客户)(?:家|那边|自己)?的?(?:网络|宽带|网)(?:不好|不稳定|有问题|出了问题)"
            # or kept from him: 没提故障的事, 说我们这边没收到故障报告, 瞒着客户
            r"|没(?:跟客户|跟他|跟她|对客户)?(?:提|说)(?:故障|问题|系统出问题)|(?:说|讲|告诉|回复)[^，。！？,.!?]{0,10}"
            r"没(?:有)?(?:收到|接到|发现|看到)(?:任何)?(?:故障|异常)|瞒着(?:客户|他|她)|(?:瞒|压)下来"
            r"|\b(?:told|tell) (?:them|him|her|the customers?) (?:that )?(?:everything|the system|it) (?:is|was) "
            r"(?:fine|working|normal)|\b(?:their|your|his|her) (?:own )?(?:network|internet|connection|wifi)"
            r" (?:is|was) (?:the problem|at fault)"
        ),
        supposed=True,
        reported=True,
    ),
    # who acts next: we do it / the customer is sent to someone else or asked to come back
    Axis(
        "actor",
        _re(
            r"退款|退还|退回(?:[^，。！？,.!?]{0,2})(?:钱|款|费)|退费|补发|先行赔付|赔付|(?:已|已经|就|先)退|退了"
            r"|\brefund|\breimburse|\breverse the (?:charge|duplicate)|\breplacement"
        ),
        _re(
            r"(?:联系|找|问问|问一下|咨询|去问|打给)(?:一下)?(?:您的|你的)?(?:发卡行|开户行|银行|快递公司|物流公司|卖家|厂家)"
            r"|(?:您|你)(?:自己|先|再)?(?:去)?(?:联系|找|问)(?:一下)?(?:银行|发卡行|快递|商家|卖家|厂家)"
            r"|\b(?:check\w*|speak\w*|talk\w*|get\w* in touch|reach\w* out|rais\w* it|tak\w* it up|disput\w* it|"
            r"follow\w* up)(?: first)? with (?:your|the) (?:bank|card issuer|card company|issuer|card provider|courier)"
            r"|\b(?:contact\w*|call\w*|ask\w*) (?:your|the) (?:bank|card issuer|card company|issuer|card provider)"
            r"|\blet us know (?:if|once|when) (?:it|that|this|the charge)"
            r"|\b(?:raise|raising|file|filing|open|opening|start|starting|request|requesting) (?:a )?(?:chargeback|dispute)\b"
        ),
    ),
)


# Refused or negated wording is not a position taken: "更不会说“投诉也没用”", "不用您找商家".
_REFUSED = _re(
    r"(?:不会|不能|不要|不该|不应该?|绝不|决不|从不|更不会|别|没(?:有)?|不(?!仅|但|管|论|光|只|好意思|少|久))(?:再)?(?:跟|对|向|和|给)?[^，。！？,.!?]{0,6}?"
    r"(?:说|讲|告诉|承诺|答应)[^，。！？,.!?]*"
    r"|\b(?:won't|will not|never|wouldn't|would never|don't|do not) (?:\w+ ){0,2}(?:say|tell|claim|promise)\b[^,.!?;]*"
)
_NEGATED_BEFORE = _re(
    r"(?:不用|不必|无需|不需要|没必要|用不着|不要|不会让|别让|别|不是|并非|不能|不会|不敢|没法|无法|没来得及|没有|没|不)(?:您|你)?$|\b(?:can't|cannot|won't|wouldn't|don't|never|not) $|\b(?:no need to|don't have to|won't have to|without) $"
)
_CLAUSE = re.compile(r"[，,；;：:、]")


def _blank(pattern: re.Pattern[str], text: str) -> str:
    return pattern.sub(lambda m: "　" * len(m.group(0)), text)


# A refusal earlier in the same clause covers what follows it ("也不会为了让他满意先答应下来"), up to a word
# that starts another predicate (但, 而是, 就, 然后, 所以, 却).
_REFUSED_IN_CLAUSE = _re(
    r"(?:不会|不能|不该|不应该?|绝不|决不|从不|更不会|不可能)(?!的)[^，。！？,.!?；;：:但而就然所却]{0,12}$"
    r"|\b(?:didn't|did not|don't|do not|won't|will not|wouldn't|would not|never|rather than|instead of)\b"
    r"(?![^,.;:!?]*\b(?:but|so|and then)\b)[^,.;:!?]{0,40}$"
)
_CLAUSE_START = re.compile(r"[，。！？,.!?；;：:]")


def _says(pattern: re.Pattern[str], text: str) -> bool:
    """Whether ``text`` says ``pattern`` other than right after a negator ("不用您找商家") or after a
    refusal in the same clause ("也不会为了让他满意先答应下来")."""
    for m in pattern.finditer(text):
        if _NEGATED_BEFORE.search(text[max(0, m.start() - 6) : m.start()]):
            continue
        before = text[: m.start()]
        starts = [c.end() for c in _CLAUSE_START.finditer(before)]
        if _REFUSED_IN_CLAUSE.search(before[starts[-1] if starts else 0 :]):
            continue
        if _refused_after(text, m):
            continue
        return True
    return False


_CLAUSE_END = re.compile(r"[，。！？,.!?；;：:]")


def _refused_after(text: str, m: re.Match[str]) -> bool:
    """Whether the rest of the match's clause refuses it as a topic put first ("跟客户说系统正常这种话我说不
    出口", "系统正常这个说法我不会用")."""
    from trainer.grading.understanding.analysis import topic_refused

    starts = [c.end() for c in _CLAUSE_START.finditer(text[: m.start()])]
    end = _CLAUSE_END.search(text, m.end())
    rest = text[m.end() : end.start() if end else len(text)]
    return bool(_NEGATOR_AFTER.search(rest)) and topic_refused(
        text[starts[-1] if starts else 0 : m.end()], rest
    )


_NEGATOR_AFTER = re.compile(r"[不没别]")


# A supposition or a thought experiment, or its consequence weighed: 如果, 要是, 假如, 万一, 你想啊, 到时候…,
# 那不是…, "if I told them".
_SUPPOSED = _re(
    r"如果|要是|假如|假设|万一|你想(?:啊|想)?|到时候?|那不是|岂不是|只会更|\bif (?:I|we)\b|\bimagine\b"
)


# Someone else than the speaker as the one who acts: 之前的同事, 前面的客服, 上一位, "my colleague", "the last agent".
_OTHERS = _re(
    r"(?:之前|前面|前两次|上次|上一[个位次]|别的|其他|那[个位])的?(?:同事|客服|坐席|人|专员)|同事们?(?:都|已经|先|就)?"
    r"|" + _BOSS_ZH + r"(?:们)?(?:让|叫|要求|要|交代|吩咐|示意)(?:我们|大家|我)?"
    r"|\b(?:my|the|our) (?:manager|supervisor|boss|team lead) (?:told|asked|wanted|instructed) (?:us|me|everyone)\b"
    r"|\b(?:my|a|the other|another|previous|the last|the previous) (?:colleagues?|agents?|advisers?|advisors?)\b"
)


def _reported(pattern: re.Pattern[str], text: str) -> bool:
    """Whether every match of ``pattern`` in ``text`` is told of someone else in its own clause."""
    for m in pattern.finditer(text):
        starts = [c.end() for c in _CLAUSE_START.finditer(text[: m.start()])]
        if not _OTHERS.search(text[starts[-1] if starts else 0 : m.start()]):
            return False
    return True


def _axis_pole(axis: Axis, folded: str) -> int:
    first = _says(axis.first, folded)
    # what the first pole's words already said is not read again as the second ("不用您先寄回" is not
    # "先寄回"), except where a doubt wraps a fact
    rest = folded if axis.second_wins or not first else _blank(axis.first, folded)
    second = (
        _says(axis.second, rest)
        and not (axis.supposed and _SUPPOSED.search(folded))
        and not (axis.reported and _reported(axis.second, rest))
    )
    if second and (axis.second_wins or not first):
        return 2
    return 1 if first and not second else 0


# Someone else's line quoted as theirs (组长在群里说：“统一口径，说系统没问题”, 'my manager said "tell them it's
# their network"'): the position is the speaker's, not the answer's.
_OTHERS_QUOTE = re.compile(
    r"(?:主管|领导|经理|上级|组长|班长|店长|老板|上面)[^，。！？“”\"]{0,8}(?:说|讲|要求|交代|吩咐|发话)[了过]?[：:，,]?\s*"
    r"[“\"「][^”\"」]{0,120}(?:[”\"」]|$)"
    r"|\b(?:manager|supervisor|boss|team lead)\b[^.?!\"“]{0,20}\b(?:said|told us|wanted us to say|instructed)\b[:,]?\s*"
    r"[“\"][^”\"]{0,160}(?:[”\"]|$)",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=8192)
def poles(text: str) -> frozenset[tuple[str, int]]:
    """The (axis, pole) pairs ``text`` takes: pole 1 or 2, one per axis at most (a clause-scoped axis
    takes its second pole when one of the clauses does); a line quoted as a superior's is not taken."""
    folded = _blank(_REFUSED, _text.normalize(text or ""))
    folded = _OTHERS_QUOTE.sub(lambda m: " " * len(m.group(0)), folded)
    out: set[tuple[str, int]] = set()
    for axis in AXES:
        pole = _axis_pole(axis, folded)
        if axis.clause and pole != 2 and any(_axis_pole(axis, c) == 2 for c in _CLAUSE.split(folded)):
            pole = 2
        if pole:
            out.add((axis.name, pole))
    return frozenset(out)


@functools.lru_cache(maxsize=4096)
def concept_poles(phrasings: tuple[str, ...]) -> frozenset[tuple[str, int]]:
    """The poles a concept takes: those one of its phrasings takes and none of them contradicts."""
    said = [poles(p) for p in phrasings]
    taken = frozenset().union(*said) if said else frozenset()
    return frozenset(
        (name, pole)
        for name, pole in taken
        if (name, 3 - pole) not in taken
        and (not _BY_NAME[name].every or all((name, pole) in one for one in said))
    )


@functools.lru_cache(maxsize=4096)
def _words(phrasings: tuple[str, ...]) -> frozenset[str]:
    return frozenset(t for p in phrasings for t in _text.tokens(p) if _text.word_weight(t) >= 0.3)


_BY_NAME = {axis.name: axis for axis in AXES}


def opposes(phrasings: str | tuple[str, ...], sentence: str) -> str:
    """The axis on which ``sentence`` takes the opposite position to the concept ``phrasings`` state
    ("" when it does not): "您就不用再跑 12315 了" against "尊重投诉权，不劝阻" gives ``complaint``.
    On a clause-scoped axis the clause that takes the opposite position must share a word with the
    concept."""
    key = (phrasings,) if isinstance(phrasings, str) else tuple(phrasings)
    wanted = concept_poles(key)
    if not wanted:
        return ""
    said = poles(sentence)
    for name, pole in sorted(wanted):
        if (name, 3 - pole) not in said:
            continue
        axis = _BY_NAME[name]
        if axis.clause and not _clause_about(axis, 3 - pole, sentence, _words(key)):
            continue
        return name
    return ""


def _clause_about(axis: Axis, pole: int, sentence: str, words: frozenset[str]) -> bool:
    folded = _blank(_REFUSED, _text.normalize(sentence))
    for clause in _CLAUSE.split(folded):
        if _axis_pole(axis, clause) == pole and words & frozenset(_text.tokens(clause)):
            return True
    return False
