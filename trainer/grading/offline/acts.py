"""Acts a key point may ask for in any words: finding the cause, pushing a change at the source, saying
the problem back, offering options, hearing the customer out, following up, taking a request to a superior…

A key point whose name asks for one of these acts ("查明原因", "推动源头改进", "Offers options") is said, in
part (:data:`ACT_CREDIT`), by a sentence that does the act, whatever the case's own details: "查下来是封口机
温度不够" finds a cause as much as the reference's sentence does. Each act is a pair of patterns: one that
recognises the key point's name, one that recognises a sentence doing it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from trainer.grading import understanding
from trainer.grading.offline.phrases import Sentence

# The credit a key point gets from a sentence that does the act it asks for.
ACT_CREDIT = 0.75

# A key point that asks to find the cause ("查明原因", "Finds the real cause") is said by a sentence that
# states one, whatever it is ("查下来是封口机温度不够", "Cause: booking synced twice", "it turned out …").
_FINDS_CAUSE = re.compile(
    r"^(?:查明|查清|找到|找出|查出|弄清)了?(?:真正的|问题的)?(?:原因|根因)$|^finds? (?:the )?(?:real |root )?cause$",
    re.IGNORECASE,
)
_CAUSE_STATED = re.compile(
    r"原因是|是因为|原来是|发现是|查下来是|查出来是|查出是|一查是|根因是|根因[:：]|原因[:：]|问题出在|才知道|"
    r"(?:^|[，,。：:；;])\s*原来(?![的那这说定约讲承答计打想])|(?:问了|问过)[^。！？，,]{1,8}[，,]\s*(?:说是|才知道)|(?:一问|一查|一看|问了问|打听了?一下)[^。！？]{0,4}(?:原来|才发现|发现)|"
    r"(?:复盘|后来|事后|回头)[^，。]{0,4}(?:发现|查出|查到)|查了(?:一下)?原因|发现(?:大半|大多|多半|主要|基本上?)是|"
    r"(?:查|翻|看|理)了(?:一下|一遍)?[^，。]{0,8}的原因|"
    r"\b(?:the (?:real |root )?cause (?:was|is)|cause:|root cause|turned out|was caused by|was down to|"
    r"traced it to|the (?:reason|problem|issue) was|(?:we|i) (?:later |then )?(?:found|discovered|realised|realized) "
    r"(?:out )?(?:that|the|it))",
    re.IGNORECASE,
)
# A cause given in a plain causal link as well: "…, so when the renewal ran each card was charged", "because the
# form saves twice", 是系统重复提交导致的.
_CAUSE_LINKED = re.compile(
    r"导致|造成的|所以才|才会|\b(?:because|so when|came from|comes from|due to|caused by|that's why|which is why|"
    r"happened because|the reason (?:is|was))\b",
    re.IGNORECASE,
)


def states_cause(text: str) -> bool:
    """Whether ``text`` gives a cause, whatever it is (原因是…, 原来是…, "it turned out", "because …")."""
    return bool(_CAUSE_STATED.search(text) or _CAUSE_LINKED.search(text))


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
    r"(?:改成|改为|改了|改掉|修了|修复|加上|加了|加一个|增加|加人|自动|安排|调整|排班|核对|检查|清单|提示|上线|取消|必须|必填|统一|流程|规则|制度|系统|模板|默认|"
    r"复核|审核|校验|要(?:用|按|先|求|马上|及时|提前|每)|一定要|按[^，。]{1,6}排|不许|不准|一律)|"
    r"\b(?:i |we )?(?:suggested|proposed|pushed for|raised|flagged|reported|escalated|wrote up|showed (?:the|our) "
    r"(?:team|product|engineers|developers)|walked (?:the|our) (?:team|product) through)\b[^.!?]{0,60}"
    r"\b(?:change|fix|process|rule|system|template|form|check|bug|gap|alarm|setting|fault|flaw|glitch)|"
    # or a drive to replace or overhaul the source (推动整栋换管, 推动仓库整改), or a routine adopted since (后来每天先试封口机)
    r"推动[^。！？，,]{0,8}(?:更换|换掉|换新|换成|换|整改|翻新|升级)|"
    r"(?:后来|此后|之后|从那以后|从那之后|从此)[^，。！？]{0,4}(?:每天|每次|每单|每回|每周|一律|统一)(?:都)?(?:先|要|会)[\u4e00-\u9fff]|"
    # or a gap told to those who own it: "I flagged to the ops manager that cancellations weren't syncing"
    r"\b(?:i |we )?(?:flagged|pointed out)(?: (?:it )?to (?:the |my |our )?[\w-]+(?: [\w-]+){0,2})? that\b|"
    r"\b(?:i |we )?(?:suggested|proposed|asked) (?:to (?:the |my |our )?\w+ )?that\b(?! (?:he|she|you|the customer|the guest|the caller|the member)\b)[^.!?]{1,40}\b(?:be|should|must|always|never|had to|get)\b|"
    r"\b(?:product|engineering|the team|they)\b[^.!?]{0,30}\b(?:made it (?:mandatory|required)|changed the|"
    r"fixed the|added an? (?:check|warning|field|step))",
    re.IGNORECASE,
)


# And one that asks what the change achieved ("改进效果", "What changed") by a sentence that reports a fall
# or an end of the problem, whatever it was (退件少了一半, 第二年少了很多, "those tickets dropped by half").
_ASKS_EFFECT = re.compile(r"^(?:改进|改善|整改)(?:的)?(?:效果|结果)$|^what changed$", re.IGNORECASE)
_EFFECT_STATED = re.compile(
    r"(?<![没不未])(?<!没有)(?<!没能)(?:少了|减少了?|降了|降到|降至|降低了?|下降了?|减半|砍半|快了|缩短了?|缩到了?|缩至|减到)|(?:没再|再没)[\u4e00-\u9fff]{1,2}过|再(?:也)?没(?:有)?(?:出现|发生|来过|出过|犯过|遇到过|接到过|收到过)|没再(?:出现|发生|出过|犯过|遇到过|接到过)|"
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
    r"(?:再|统一|一起|集中|之后|以后|往后|晚点|下周|明天|完了?|周末|月底|下个?月|后面|随后|改天|过两天|稍后)"
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
    r"(?:问|打听|了解)[^，。！？：:]{0,4}[：:]\s*(?:他们|对方|那边|人家)|"
    # in note form, who was asked and what they are busy with: 问技术组长，他们在赶新版上线
    r"(?:问了?|问过|问问)[^，。！？：:]{1,8}[，,]\s*(?:他们|对方|那边|人家)(?:正|刚|都)?(?:在|忙|缺|赶|要|那阵子|这周|最近)|"
    # or the question put to them in person, why it is held up: 跑去技术部问他们到底为啥一直不处理
    r"(?:问|打听)[^，。！？]{0,3}(?:他们|她们|对方|那边|人家)[^，。！？]{0,4}"
    r"(?:为什么|为啥|怎么回事|咋回事|怎么了|咋了|卡在哪|卡在什么|什么情况|啥情况|有什么难处)|"
    # or what keeps them busy found out: 原来那周主管被借去支援展会了, 原来是好几个人请假了
    r"原来(?:是)?[^，。！？]{0,10}(?:被(?:抽|调|借)(?:去|走)|人手不够|缺人|请假|忙着|在赶|赶着)"
)
# One that asks not to put the delay on another team in front of the customer ("不对客户说其他部门拖延") by a
# sentence that says the candidate did not (客户那边我没说是仓库的事, 跟客户没提调度忙不忙).
_ASKS_NO_BLAME = re.compile(
    r"^不(?:对|跟|向|在)客户(?:面前)?(?:说|提|抱怨)(?:是)?(?:其他|别的)?(?:部门|同事)"
)
_NO_BLAME_SAID = re.compile(
    r"(?:客户那边|对客户|跟客户|在客户面前|和客户)[^，。！？]{0,6}(?:没|不|从没|从不|没有)(?:说|提|讲|抱怨|怪)"
    r"[^，。！？]{0,12}(?:部门|仓库|财务|调度|采购|技术|售后|组|同事|他们|那边|谁|拖|慢|忙)|"
    # or the other team left unsaid and only the date given: 没提理赔组怎么样，只说：…
    r"没(?:提|说|讲)[^，。！？]{0,10}(?:部门|组|仓库|财务|调度|采购|技术|售后|同事|他们|那边)[^，。！？]{0,6}[，,]\s*只(?:说|讲|告诉)|"
    r"(?:对|跟|和|给)(?:客户|顾客|用户|业主|住户|会员|家长|买家|居民|患者)[^，。！？]{0,4}只(?:说|讲|告诉)(?![^。！？]{0,16}(?:部门|仓库|财务|调度|同事|他们|那边|拖|慢|忙))"
)
# One that asks to tell each customer when it is done ("具体时间并逐一通知") by a sentence that does so one by one
# (退完一单我就发条短信说一声, 做好一单就通知一单, 修好后挨个回电).
_ASKS_EACH_TOLD = re.compile(r"^.*(?:逐一|挨个|逐个|一个个)(?:通知|告知|回电)")
_EACH_TOLD = re.compile(
    r"[完好]一[单个位件][^，。！？]{0,6}(?:就|便)[^，。！？]{0,8}(?:通知|短信|消息|说一声|打电话|回电|告诉)"
    r"|(?:逐一|挨个|逐个|一个个|一个一个|挨家|挨户|逐户|挨家挨户)(?:地)?(?:通知|告知|回电|回访|打电话|发短信|说)"
)


# One that asks to list the backlog and find the most urgent ("整理清单找出最急的") by a sentence that sorts or lists
# it and picks some out (按客户等了多少天排了一下，挑出等了十天以上的二十来单; 做成表，一排序发现有 8 位…).
_ASKS_SORTED = re.compile(r"^.*(?:清单|列表|排序|排了序).*(?:最急|最紧急|急的)")
_SORTED = re.compile(
    r"(?:排了?(?:一下|个?序|一遍)|拉了个?表|列了个?(?:表|清单)|列(?:成)?表|做成(?:一张)?表|整理成(?:一张)?(?:表|清单)|"
    r"排(?:成|了)?(?:个|一张)?表|理了一遍|汇总了?一下|一排序)"
    r"[^。！？]{0,30}(?:挑出|找出|标出|圈出|标了|一看|看出|发现|就知道|"
    # or what the sort picked out, in note form: 按过期日排表，5人本周过期
    r"(?:\d+|几)\s*(?:人|单|位|件|张|台|笔)[^，。！？]{0,6}(?:本周|这周|今天|明天|马上|快|下周)(?:就|要)?(?:过期|到期|截止))"
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
    r"^先?(?:听完|听客户说完|让客户(?:把话)?说完)(?:不解释|不打断|不辩解|弄清损失|问清损失)?$|^lets? the customer finish$",
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
# One that asks for a follow-up ("跟进确认", "回访确认", "回访确认办成") by a sentence that reports or promises one,
# at whatever time (过了一周又回访了一次, 隔天又打电话问她, 后天我再给您打个电话，看看办成了没有): the time in a
# phrasing's example is only an example.
_ASKS_FOLLOW_UP = re.compile(r"^(?:客户反应或)?(?:跟进|回访)确认(?:办成|办好|结果|进展)?$")
# ("客户反应或跟进确认" is also said by the customer's thanks or praise: 她还在家长群里夸了我们, 笑着说这回服气了.)
_ASKS_REACTION = re.compile(r"^客户(?:的)?反应")
_REACTION_TOLD = re.compile(
    r"(?<![不没])(?:夸了|夸我|表扬|道谢|谢谢我|感谢我|给了好评|挺满意|很满意|笑着说|服气了|成了回头客|说下次(?:再|还)来|还推荐)"
)
_FOLLOWED_UP = re.compile(
    r"^(?![^。！？]*(?:没|不|未|别)[^。！？，]{0,6}回访)[^。！？]*(?<![没不未有])回访(?![^，。]{0,3}(?:都没|也没|没有))|(?:又|再|还)(?:去|专门)?跟进|(?<![没不未别])(?:又|再)(?:给(?:您|你|她|他|客户))?在?(?:打|拨)了?(?:个|一次|一个)?电话(?:[^，。]{0,6}|[，,][^，。]{0,2})(?:问|确认|看)|"
    r"(?:又|再)(?:问|联系)了(?:她|他|客户|一下|一次)"
)
# One that asks to say the problem back ("复述…") also by a quoted line to the customer that gives their
# case and apologises for it (然后说：您几位饿着肚子干等一小时……是我们不对，对不起).
_RESTATED_QUOTE = re.compile(
    r"[说道讲][：:]\s*(?:[“\"「]?\s*(?:您|你)[^”\"」。]{6,}|[“\"「][^”\"」。]{4,30}(?:您|你)[^”\"」。]{2,})"
    r"(?:对不起|抱歉|不好意思|对不住|窝火|着急|委屈|是我们不对|是我们的错)|"
    r"[说道讲][：:]\s*[“\"「][^”\"」。]{8,40}(?:真|实在|非常|太)?(?:对不起|抱歉|对不住)|"
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
    r"(?:定不了|做不了主|拍不了板|说了不算|批不了|没法批|不能批|不归我管|超出(?:了)?(?:我的?)?权限|权限不够|我能批的只有|"
    r"决定不了|作不了主|我(?:得|要|需要|只能)(?:先)?(?=(?:去)?(?:问|请示|申请|报))|这个?(?:得|要|需要)(?:先)?(?=(?:去)?(?:问|请示|报)))[^。！？]{0,24}(?:请示|申请|上报|报给|提交给?|(?:去|马上|现在就?)?(?:找|问|报)(?:一下|了)?(?:我们)?的?"
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
    r"(?:漏|渗|坏|犯|出(?:了)?(?:问题|毛病|故障|错)|复发|不行|断|卡|停|掉)|"
    r"(?:修|补|换|弄)(?:好|完)了?(?:没几天|不久|很快)?(?:就)?又(?:漏|渗|坏|犯|出(?:了)?(?:问题|毛病|故障|错)|复发|不行|断|卡|停|掉)|"
    r"\b(?:fixed|repaired|patched|reset)\b[^.!?]{0,40}\b(?:but|then|only for)\b[^.!?]{0,30}\b(?:again|came back|recurred)\b",
    re.IGNORECASE,
)
# One that asks how a ticket was closed without the result checked ("只改状态没确认结果") by a sentence in which it
# was only marked done (第一次只是把单子签了没上门, 只点了已处理没问客户, "just marked it resolved without checking").
_ASKS_STATUS_ONLY = re.compile(r"^只改(?:了)?状态没(?:有)?确认结果")
_STATUS_ONLY = re.compile(
    r"只(?:是)?[^。！？，,]{0,8}(?:签|标|改|点|关|填|写|勾)[^。！？]{0,10}(?:没|没有|却没|但没|也没)"
    r"(?:上门|回访|确认|问|核实|去|跟|来|修|测)|"
    # or done and closed at once, nothing checked: 换完滤芯就点了完成，没让她试水
    r"(?:就|直接|马上)(?:点|标|改|签|关|结)了?(?:成)?(?:完成|已处理|已解决|已完成|结单|关单|单)[^。！？]{0,4}[，,]?\s*"
    r"(?:没|没有|也没|却没|但没)(?:让|请|上门|回访|确认|问|核实|试|测)"
)
# One that asks to handle the ordinary case within one's authority ("一般质量问题按权限处理") by a sentence that says
# what the candidate can do themselves (要是一般的质量问题，我能做的是退货退款或者换新; "what I could do myself").
_ASKS_WITHIN_AUTHORITY = re.compile(
    r"^.*按(?:我的)?权限(?:处理|办)$|^.*\bwithin (?:my |their )?authority$", re.IGNORECASE
)
_WITHIN_AUTHORITY = re.compile(
    r"我(?:自己|手里|这边)?能(?:做|给|办|批)的(?:是|就是|只有|[^，。！？]{0,2}(?:退款|退货|换新|补偿|赔偿|券))|(?:在)?(?:我的)?权限(?:内|里|范围内)|"
    r"\bwhat I (?:can|could) (?:do|offer|give) (?:myself|is|was)\b|\bwithin my (?:authority|limit)\b",
    re.IGNORECASE,
)


# Each act: the key point's name that asks for it, a sentence that does it; the first act whose name
# matches and that a sentence does is the one credited.
ACTS: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = (
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
)


def act_said(name: str, sentences: Sequence[Sentence]) -> str:
    """The first sentence that does an act the key point ``name`` asks for ("" when it asks for none or
    no sentence does it); a key point that also asks for a time ("…并给时间", "with a call-back time")
    needs a time in that sentence."""
    for asks, said in ACTS:
        if not asks.match(name):
            continue
        needs_time = _TIME_ASKED.search(name) is not None
        stated = next(
            (
                s.text
                for s in sentences
                if said.search(s.text) and (not needs_time or understanding.times(s.text))
            ),
            "",
        )
        if stated:
            return stated
    return ""
