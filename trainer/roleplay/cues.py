"""Built-in ways of saying the things every customer-service call needs, in everyday words.

A scenario trigger may name cue sets (``cues: [apology]``); it then also fires when a clause of the reply
says that kind of thing in the candidate's own register, not only in the scenario's phrases and examples:

- ``apology`` — an apology or empathy: 对不住, 不好意思, 给您添麻烦了, 换我也急, 难怪您生气, "I'm so sorry",
  "I'd be upset too". An apology in a reply that also makes an excuse, shifts blame or crosses a red line
  does not count (抱歉，这是天气原因 is an excuse).
- ``ownership`` — taking the problem on: 是我们没做好, 怪我们, 这事交给我, 我盯到底, "that's on us", "I'll see it
  through".
- ``callback`` — a promise to get back to the customer: 有消息我打给您, 我回头告诉您, 您不用再打来了,
  "I'll call you back", "I'll keep you posted". Never in a clause about the past.
- ``report`` — an explanation of what happened or where things stand, as checked facts: 您的件昨天晚上已经到了
  分拨中心, 系统显示卡在复核, 目前在营业部, "it arrived at the depot this morning", "the system shows …".
  Only about the case (the clause shares words with the scenario), never the candidate's own offer
  (我已经给您申请了加急) nor what the customer did (您打了三次电话).

Each cue is read clause by clause (a clause ends at a comma or a sentence end), so one reply can show
several behaviours, each in its own clause. A clause that already fired a raising trigger is not read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

from trainer.grading import text as _text
from trainer.grading import understanding as u
from trainer.roleplay.scenario import CUES

__all__ = ["CUES", "find"]

_APOLOGY = {
    "zh": re.compile(
        r"对不住|对不起|抱歉|不好意思|歉意|道歉|道(个|声|一声)歉|赔(个)?(不是|罪)|添(了)?麻烦|添堵|受累|辛苦(您|你)|辛苦了|"
        # 真不容易, 您先喘口气: what they carry named, a breath offered
        r"(真|挺|太|是真|实在|可真)(是)?(不容易|难为(您|你))|(先)?(喘|缓)(口|一口)气|委屈(您|你)|"
        r"让(您|你)(久等|等了|白等|多等|跑|操心|费心|担心|着急|受|失望|为难)|"
        r"(换|搁|要是)(我|谁|成我|作我|做我|了我|个人)(是您)?(也|都)?(会)?(急|着急|上火|生气|恼火|火大|坐不住|受不了|烦|窝火|闹心)|"
        r"(我|完全|非常|特别|很|真的)(能)?理解(您|你)|难怪(您|你)|理解(您|你)的(心情|着急|感受)|"
        r"(您|你)(心里)?(一定|肯定|确实|真)(是)?(很|挺|特别|太)?(着急|生气|上火|不容易|闹心|糟心|委屈|担心|慌|窝火|不踏实|难受|害怕)|"
        # 谁都急, 着急我明白, 这个担心是实在的, 我听着都心疼: their feeling named as fair
        r"谁(都|也)(会)?(急|着急|上火|慌|心急)|(着急|担心|心急|生气|上火)(的心情)?(我)?(都|也)?(明白|懂)|"
        r"(这个|您的|您这)?担心(是)?(实在|正常|应该)的|(听着|想想|听得)(我)?(都|也)(心疼|难受|着急|揪心)|"
        r"确实(让人|挺|很|太)(着急|闹心|糟心|恼火|生气|窝火)|(真|真是|可真|实在)(够|太|挺)?(糟心|闹心|揪心|窝火|憋屈|急人|闹腾人)(的)?|"
        # 肯定慌, 准是急坏了: their fear named
        r"(肯定|一定|准是|指定)(是)?(很|挺|特别|都|也)?(慌|急坏|急死|急得|吓坏|吓一跳|没底|不踏实|心慌)|是(挺|太)(急|着急|糟心|闹心)的|谁(遇到|碰到|碰上|遇上|摊上|赶上)(这种事|这事)?(都|也)|"
        r"(换|搁|放)(了|在)?谁(身上|头上)?(都|也)|(光|只|净|一直|老|总)(是)?让(您|你)(干|白)?等|(^|您|你|别急|不急)[，,]?慢慢(说|讲|来)|我(完全|非常|特别|很|真的)?(能)?理解\s*[。！!]?$|折腾(您|你)|让(您|你)(白|来回|反复)?(折腾|受罪)|(不用|不必|无需|不会再?让)(您|你)再(弄|折腾|试|重启|操作|跑|来回)|"
        # 可不能让您来回跑, 不用让您再折腾: their trouble spared
        r"(不能|不会|不该|不用|不必|别)(再)?让(您|你)(再)?(来回|白|多|跟着)?(跑|折腾|受累|受罪|操心|犯难)|"
        # 我知道这钱对您要紧: what the case means to them, named
        r"(知道|明白|懂|清楚)(这笔钱|这钱|这事|这个|这)?对(您|你)(来说)?(有多|多|很|特别|非常)?(要紧|重要|关键)"
    ),
    "en": re.compile(
        r"\b(?:sorry|apologi[sz]e|apologies|my apologies|forgive us|i understand (?:how|why|that|your|this)|"
        r"i can (?:only )?(?:imagine|understand|see why|see how)|i can'?t (?:even |begin to )?imagine|that must (?:be|have been)|"
        r"(?:must|would) be (?:so |really |very )?(?:frustrating|stressful|upsetting|annoying|worrying|awful|scary)|"
        # "that sounds really stressful", "it sounds awful": the customer's feeling named as fair
        r"(?:that|it|this)(?:'s| is| was)? (?:sounds?|sounded|seems?|looks?) (?:so |really |very |incredibly |absolutely |"
        r"genuinely |truly |pretty |awfully )?(?:frustrating|stressful|upsetting|worrying|awful|scary|frightening|"
        r"terrifying|horrible|miserable|rotten|exhausting|distressing|nerve-?wracking|hard|tough|difficult)|"
        r"i'?d be (?:upset|angry|frustrated|furious|worried|annoyed) too|in your (?:shoes|position|place)|"
        r"i (?:know|understand|realise|realize) (?:how much|what) (?:this|that|it) (?:means|matters) to you|"
        # "I know you've lost three days of work to this": what it cost them, acknowledged
        r"i (?:know|realise|realize) (?:you'?ve|you have) (?:lost|missed|had to|been without)|"
        r"i hear you|that'?s (?:awful|terrible|not okay|not good enough|unacceptable)|understandably|"
        r"no wonder you|you have every right|you(?:'re| are| were) right to|(?:i|we) won'?t (?:put|drag) you through|"
        r"you(?:'ve| have) been through|(?:no need|you won'?t (?:need|have)) to (?:do|go through|repeat) "
        r"(?:that|it|this|all that|any of that) again)\b",
        re.IGNORECASE,
    ),
}
# Set phrases of a script: polite, but they say nothing (您的心情我们能够理解, "we apologise for any
# inconvenience"). An apology in one of these is not empathy; a scenario's ``canned`` trigger hears them.
# 非常理解您的心情, 您的心情我们完全能够理解, "I completely understand your frustration": understanding in
# the script's set words
_UNDERSTANDING = {
    "zh": (
        r"理解(您|你)(现在)?的(心情|感受)|(完全|非常|十分)?能够理解|(非常|完全|十分)理解(您|你)|"
        # 您的心情我非常理解: the same set phrase said the other way round
        r"(您|你)的?(心情|感受)(我|我们)(都|也)?(完全|非常|十分|特别)?(能够|能)?理解"
    ),
    "en": (
        r"(?:i|we) (?:completely |totally |fully |really )?understand your (?:frustrations?|concerns?)|"
        r"i can imagine how frustrating|we understand how frustrating"
    ),
}
_STOCK_UNDERSTANDING = {
    "zh": re.compile(_UNDERSTANDING["zh"]),
    "en": re.compile(rf"\b(?:{_UNDERSTANDING['en']})\b", re.IGNORECASE),
}
_CANNED = {
    "zh": re.compile(
        _UNDERSTANDING["zh"] + r"|(深表|深感|致以)(深深的|诚挚的|真诚的)?歉意|"
        r"给(您|你)(和.{1,5})?带来(了)?(的)?(不便|不好的体验|困扰|不愉快|不好的感受|麻烦)|(会|非常|高度|十分|很|特别)(高度|非常)?重视(的|您)|敬请谅解|多多包涵|还请(您)?谅解|"
        r"请(您)?(再)?耐心(等待|等候|等一下|等等|等一等)|感谢(您|你)的(理解|耐心|支持|来电|配合)|"
        r"(会|将)?尽快(为您|帮您|给您)?(处理|核实|反馈|解决|回复|安排|跟进)|祝(您|你)(生活愉快|身体健康|早日|一切)|"
        r"还有(什么|其他)(问题|.{0,3}可以帮|需要)|相信很快|(我们)?会尽力|(会|将)尽(最大|一切)(的)?努力|(我们)?一定会重视|"
        r"(一定|肯定|必定)会(认真|好好|尽力|用心|妥善|积极)(地)?(处理|跟进|对待|解决|核实)|"
        r"给(您|你)(一个)?(满意|合理)的(答复|交代|结果|处理|说法)|"
        r"(您的|你的)?(问题|反馈|诉求|情况|意见|需求)(我们|我|我这边|这边)?(已经|已)(收到|了解|知悉)(了)?\s*$|"
        r"还有(没有)?(别的|其他的?)?(问题|疑问|需要)(吗|么|没有)?\s*[？?]?\s*$"
    ),
    "en": re.compile(
        r"\b(?:apologi[sz]e for (?:any|the) inconvenience|sorry for (?:any|the) inconvenience|"
        + _UNDERSTANDING["en"]
        + r"|thank you for your (?:patience|understanding)|"
        r"as soon as possible|we are doing our best|is there anything else|anything else\??$|rest assured|we value your|"
        r"please be patient|bear with us|sorry to hear (?:about|that|you)|"
        r"(?:we|i) take (?:this|it|that|your \w+|these \w+|matters like this) (?:very |extremely |really |incredibly )?seriously)\b",
        re.IGNORECASE,
    ),
}

# Curt dismissals that end the call in most scenarios: 您等着吧, 催我也没用, "there's nothing I can do".
_DISMISSIVE = {
    "zh": re.compile(
        r"(您|你)?等着吧|催(我)?也没用|(又)?不是只有(您|你)|别(老|总|再)?打断|(急|着急|生气|发火)(也|都)没(用|办法)|(说|问|吵|嚷|催)(了|什么|多少|多少遍|几遍|再多)?(都|也)没用|"
        r"(您|你)(又)?不是(唯一|第一个)|不止(您|你)一(个|家)|(您|你)?别冲我|冲我(嚷|喊|吼|发火)|"
        # 您打几次电话都一样, 那我也没办法啊, 先去超市买一罐顶几天呗: nothing will be done for them
        r"(打|问|催|说|来)(几|多少|再多|多少次|几百)(次|遍|回|趟)?(电话)?(都|也)(一样|没用)|"
        r"(那)?我(也)?没(办法|辙)(啊|呀|嘛|呗|了啊)|(去|找|买|问|等|凑合|将就|顶).{0,10}呗[。！!]?\s*$|"
        r"自己(上网|搜|想办法)|上网搜|已经(很|算)?不错了|爱信不信|爱等不等|就这样吧|我有什么办法|"
        # 您爱投诉就投诉, 还好意思催: dared to complain, shamed for chasing
        r"爱(投诉|告|找谁)就(去)?(投诉|告|找)|还好意思(催|问|来|打|要)|"
        r"我说了.{0,8}就是|不是我(们)?能决定的|顶着吧|凑合(一下)?吧|听不懂(吗|啊)|"
        # denying the customer is real: 这是培训里的模拟对话吧, 您也不是真的老板, 别演了
        r"(模拟|培训|练习|演练|考试)(里|中)?的?(对话|客户|场景|练习)|(您|你)(也|又)?不是真的|别(再)?演了|只是(个|一个)?(练习|演练|模拟|培训)"
    ),
    "en": re.compile(
        r"\b(?:there'?s nothing (?:more )?i can do|that'?s just how it is|not my problem|"
        r"you'?ll (?:just )?have to wait|take it or leave it|i already told you|it is what it is|"
        r"that'?s not my job|google it|you'?re not the only one|i can'?t do (?:any )?more(?: than that)?|"
        # denying the customer is real: "this is just a training exercise", "you're a simulated customer"
        r"(?:just|only) an? (?:training )?(?:exercise|simulation|role-?play|drill)|simulated customer|"
        r"drop the act|no (?:actual|real) \w+ here|you'?re not (?:real|a real \w+)|stop interrupting)\b",
        re.IGNORECASE,
    ),
}

# 这得看快递那边, 平台那边走流程慢, 这是海关的事, 我们这边管不了, "that's really down to the bank", "the courier
# side is out of our hands": the problem passed, politely, to someone else
_BLAME = {
    "zh": re.compile(
        r"(得|要|只能|全|就)(看|靠|等)(快递|物流|银行|海关|商家|仓库|卖家|司机|骑手|餐厅|厂家|运营商|街道|医院|药房|"
        r"平台|系统|那边|对方|他们)(那边|那头|方面|的)?(怎么|处理|安排|进度|意思|了)?|"
        r"(快递|物流|银行|海关|商家|仓库|卖家|司机|骑手|餐厅|厂家|运营商|平台)(那边|那头|方面)(的事|的问题|的责任|说了算|决定|走流程|流程)|"
        r"(那边|他们|平台这边|平台那边)(走)?流程(就是|比较|特别|很|太)?慢|"
        r"(是|归|属于)(快递|物流|银行|海关|商家|仓库|卖家|司机|骑手|餐厅|厂家|运营商)(那边)?(的事|管|负责|的责任)|"
        r"(我们|我|我这边|这边|平台)(这边|这儿)?(是|也|实在|真的|确实)?(管不了|管不着|左右不了|控制不了|插不上手|催不动|做不了主)"
    ),
    "en": re.compile(
        r"\b(?:out of our hands|beyond our control|(?:really |entirely |all |completely )?(?:down|up) to (?:the )?"
        r"(?:bank|courier|driver|rider|restaurant|kitchen|carrier|warehouse|seller|merchant|network|customs|card issuer)|"
        r"(?:the )?(?:bank|courier|driver|rider|restaurant|carrier|warehouse|seller|merchant|customs)'?s? (?:side|end|job|call|"
        r"responsibility|department|problem)|(?:on|from|at) their (?:side|end)|(?:their|the other) side of things|"
        r"not (?:something|anything) (?:we|i) (?:control|can control|can influence|have any say)|"
        r"(?:nothing|not much|little) (?:we|i) can do (?:from|on) (?:our|this|my) (?:side|end))\b",
        re.IGNORECASE,
    ),
}


def blames_elsewhere(clause: str, lang: str) -> bool:
    """Whether ``clause`` passes the problem to someone else, however politely (这得看快递那边, 平台那边走流程慢,
    "that's really down to the bank", "out of our hands")."""
    text = _text.normalize(clause)
    m = _BLAME[_lang(lang)].search(text)
    # 这不是快递那边的事, "this isn't down to the courier, it's on us": the blame refused
    return m is not None and not _NOT_BLAME.search(text[: m.start()])


# 一到三个工作日，具体哪天要看银行入账, "the exact day depends on …": the detail of an estimate given, no blame
_NOT_BLAME = re.compile(
    r"(具体|准确|确切|实际)(是)?(哪天|哪一天|时间|日期|几号|几点|到账时间)?(还|还得|得)?$|"
    r"\bexact (?:day|date|time|timing)\b[^,.;]{0,12}$|"
    r"(不是|不|并非|并不是|不能说是?|不怪|别说|不推给|不会推给)[^，,。]{0,3}$|(?:\bnot\b|n't\b|\bnever\b)[^,.;]{0,12}$",
    re.IGNORECASE,
)


_NOT_APOLOGY = re.compile(
    r"(不用|不必|无需|没什么好|没必要)(道歉|抱歉)|\bno need to apologi[sz]e\b", re.IGNORECASE
)

_OWNERSHIP = {
    "zh": re.compile(
        r"(我们|我方|我们这边|我们平台|平台|我)(的)?(问题|责任|错|失误|疏忽|故障)|"
        r"(我们|我方|我们这边|我这边|我)(确实|的确)?(没|没有)(做好|处理好|跟好|及时|说清楚|弄明白|讲清楚)|"
        r"(怪|赖)(我们|我)|(这事|这件事|这个)?(交给|包在)我|我(来)?(负责|跟到底|管到底|盯着|盯到|全程跟|亲自|一直跟)|"
        r"我来(处理|办|管|搞定|跟)|我(来)?(给您|帮您|替您)(盯着|盯到底|跟着|跟到底|管到底|负责到底)|(这次|这回)?我(来)?(把|给您|帮您|替您).{0,8}(查清楚|弄明白|问清楚|弄清楚|搞清楚|跟到底)|(您|你)(不用|不必|无需)(再)?(打|来|问|跑|催|操心)|"
        r"(没|没有)(给|跟)(您|你)(说|讲|弄|解释)(明白|清楚)|(问题|错)不在(您|你)|锅是我们的|这锅(我们|我)背|"
        r"(我们|我方|平台|系统).{0,4}出的(问题|错|岔子|毛病)|是我们(这边|这儿)(的)?(问题|锅|错)|"
        r"(问题|故障|毛病|错|责任)(是)?(出)?在我们(这边|这儿|身上|平台)?|"
        # 这真不应该, 我们不该让您一直等: what should not have happened, owned
        r"(我们|我)(真|确实|实在)?(不应该|不该)|"
        # 这回不跟您打哈哈, 这次绝不糊弄您: no more runaround, promised
        r"(这回|这次|这一次|这趟)(我)?(绝|保证|肯定)?(不|不会|不再)(再)?(跟|和|给)?(您|你)?(打哈哈|打马虎眼|糊弄|敷衍|踢皮球|绕弯子|打官腔|推来推去)|(^|[…—.\-])\s*(这|这样|这事|这种事)?(真|真的|确实|实在)?(是)?(太)?(不应该|不该)"
    ),
    "en": re.compile(
        r"\b(?:(?:my|our) (?:fault|mistake|bad|responsibility|error|failure|mess|doing)|"
        r"i(?:'m| am) taking (?:ownership|charge|responsibility)|(?:i(?:'m| am) taking|i(?:'ll| will) take) "
        r"(?:it|this|over) from here|"
        r"(?:that'?s|this is|it'?s|(?:this|that) one(?:'s| is)) (?:totally |all |entirely |completely |squarely )?on (?:us|me)|"
        r"ours to (?:answer for|fix|own|put right|sort)|"
        r"(?:the )?(?:fault|problem|issue) is (?:on )?our (?:side|end)|(?:it'?s|it is) on our (?:side|end)|"
        r"we (?:got (?:it|this) wrong|dropped the ball|messed up|made (?:a|the) mistake|should have)|"
        r"(?:we|i)(?:'ve| have)? (?:really |badly )?let you down|"
        r"i'?ll (?:personally|take (?:care|ownership|charge)|own this|handle (?:this|it)|see (?:this|it) through|"
        r"stay on (?:this|it))|i am (?:going to )?(?:handle|handling) (?:this|it)|leave it (?:with|to) me|"
        r"you won'?t (?:have|need) to (?:call|chase)|no more (?:runaround|being passed around)|"
        r"i won'?t (?:fob you off|give you the runaround|pass you (?:on|around)))\b",
        re.IGNORECASE,
    ),
}
_NOT_OWNERSHIP = re.compile(r"(不是|并非|并不是|不)\s*$|\bnot\s*$", re.IGNORECASE)

_CALLBACK = {
    "zh": re.compile(
        r"(给|跟)(您|你)(回|打)(个)?(电话|过去)|(给|跟)(您|你)回(个)?电|打(给|回给)(您|你)|回(个)?电(话)?(给)?(您|你)|"
        r"(打|发)(个)?(电话|短信|消息|微信)(给|跟)(您|你)|(给|跟)(您|你)(发|打|去|来)(个|条)?(短信|消息|微信|电话)|"
        r"我(再)?回(个)?电|回(复)?(您|你)(个|一个)?(电话|消息|短信|微信)|(联系|通知|告诉|告知|回复|答复|知会)(您|你)|"
        r"(您|你)(不用|不必|无需)(再)?(打|来|问|催|等消息|盯着)|有(结果|进展|消息|动静|眉目)(了)?(我|就|马上|第一时间)"
    ),
    "en": re.compile(
        r"\b(?:(?:i|we)(?:'ll| will| am going to| are going to) (?:call|ring|phone|text|email|message|contact|update|"
        r"notify|get back to) you|(?:call|ring|phone|get back to|update|notify|text|email) you (?:back|by|as soon|"
        r"when|with|once|the moment)|keep you (?:posted|updated|informed|in the loop)|let you know|"
        r"you (?:won'?t|will not|don'?t) (?:have|need) to (?:call|chase|ask)|be in touch|follow up with you|"
        r"you(?:'ll| will) (?:hear from|get (?:a |an )?(?:text|sms|email|call|update)s? from) (?:us|me))\b",
        re.IGNORECASE,
    ),
}

_LOOKUP = {
    "zh": re.compile(
        r"(系统|记录|后台|轨迹|物流信息|页面|单子)(上|里)?(显示|写着|看到|查到)|我(这边)?(查|看)(了一下|过了|到|了)|"
        r"查下来|原来是|原因是|问题出在|(现在|目前|眼下|这会儿)(已经|还)?(在|卡在|停在|排在|到了|处于)|"
        r"(是)?因为|由于|之所以|原因在于|是这么回事|为啥"
    ),
    "en": re.compile(
        r"\b(?:the system (?:shows|says)|our (?:records|system|logs) (?:show|say)|i (?:can see|checked|'ve checked|"
        r"have checked|looked into|found)|according to|it turns out|what happened (?:is|was)|the reason (?:is|was)|"
        r"the (?:problem|cause|fault) (?:is|was)|(?:it|this) (?:is|was) (?:caused|because)|because|due to|"
        # "it's a fault in the street", "there's an outage in your area": the diagnosis said
        r"(?:it'?s|it is|this is|that'?s|there'?s|there is) (?:a|an) (?:\w+ ){0,2}(?:fault|outage|failure|problem)|"
        r"(?:is|are) (?:currently|still) "
        r"(?:stuck|sitting|held|waiting|at|in|on))\b",
        re.IGNORECASE,
    ),
}
_OWN_OFFER = {
    "zh": re.compile(
        r"(我|我们|这边).{0,6}(给|帮|替|为)(您|你)(?!带来)|"
        r"^(我|我们|我这边|这边)(已经|已|刚|刚刚|也)?(跟|把|让|叫|去|来|先|直接)|"
        r"^(另外|同时|并且?|也|还)?(已经?|刚)(提交|申请|安排|登记|发起|催|加急|办|预约)|"
        r"(给|帮|替|为)(您|你)(约|办|申请|登记|安排|提交|预约|加急|开|发|转|退|补|催|拦|提|点|下|走|改)"
    ),
    "en": re.compile(
        # "and I've ticked the box for text updates", "I've asked Thai Garden to prioritise a remake": the
        # candidate's own act done (not a lookup: "I've checked", "I've found the fault")
        r"^(?:and |so |also |then |now )?(?:i|we)(?:'ve| have) (?:already |just |also |now )?"
        r"(?!(?:checked|looked|found|confirmed|traced|spotted|noticed|seen|pulled|tested|learn|heard|spoken|read|"
        r"double-checked|been)\b)\w+ed\b|"
        r"^(?:and |so |also )?(?:i|we)(?:'ve| have|'m| am)? (?:already |just |also )?(?:sent|sending|booked|arranged|"
        r"raised|logged|issued|refunded|applied|requested|escalated|submitted|opened|turned on|set up|added|put)\b|"
        r"^(?:already |now |just )?(?:logged|booked|sent|arranged|raised|refunded|issued|escalated|flagged|set up)\b|"
        # the remedy done for the customer ("your £9.76 is refunded", "compensation is set up"): no explanation
        r"\b(?:is|are|has been|have been|'s|'ve been) (?:already |now |just )?(?:been )?(?:refunded|set up|arranged|"
        r"booked|sent|issued|credited|sorted|escalated|raised|logged|flagged|added|applied|waived|cancelled|"
        r"canceled|reissued)\b|"
        # a note of what was done, terse ("Re-delivery prioritised", "Refund issued")
        r"^[\w-]+(?: [\w-]+)? (?:prioriti[sz]ed|issued|booked|arranged|sent|logged|raised|refunded|applied|cancell?ed|"
        r"escalated|flagged|added|requested|ordered|done)\W*$|"
        # the remedy under way for them ("Thai Garden are remaking your order now", "they're sending a new one")
        r"\b(?:are|is|'re|'s) (?:now |already |currently |just )?(?:re-?making|making|re-?sending|re-?delivering|re-?cooking|"
        r"sending|cooking|preparing|bringing|delivering|couriering|posting|refunding) (?:you|your|a (?:new|fresh|replacement))\b",
        re.IGNORECASE,
    ),
}
_THEIR_DOING = {
    "zh": re.compile(
        r"(您|你)(已经|都|也|还|刚才|又|前后|一共)?(打|来电|来问|问|留言|等|说|试|跑|反映|催|操心|联系)|"
        r"^(您|你)?(又|也|还|就)?(怕|担心|生怕)|"
        r"(您|你).{0,8}(打了|打过|来电|问了|问过|留言|等了|催了|跑了|试了|说过)"
    ),
    "en": re.compile(
        r"\byou(?:'ve| have| had)? (?:already )?(?:called|waited|tried|had to|asked|chased|been)\b|\byou (?:were|are|'re)\b|"
        # "you've restarted it loads", "you've done it a dozen times": what the customer did, not news
        r"\byou(?:'ve| have| had) (?:already |just |even |probably )?(?:done|\w+ed)\b",
        re.IGNORECASE,
    ),
}


_IF = {
    # 恢复了系统自己扣, 通过了就会退: a clause opening on a bare verb with 了 and a consequence still to come
    # is a condition (not a lookup: 查到了系统显示…; not the past: 签收了系统就转了人工复核)
    "zh": re.compile(
        r"万一|如果|(?<![主只])要是|假如|假设|的话|就算|即使|哪怕|"
        r"^(?!查|看|找|核|调)[\u4e00-\u9fff]{1,3}?(过)?了(以后|之后)?(就会|就能|就|再|便会|系统|自动|直接|马上|钱|款|退款|会|能)(?!.*了)"
    ),
    "en": re.compile(r"\b(?:if|in case|unless|should it)\b", re.IGNORECASE),
}
_SEEN = {
    "zh": re.compile(
        r"(已经?|我这边|我)(查到|看到|找到|收到|记下|核实|核对|拿到)(过)?了?|(查到|看到|找到|记下|核实过|核对过)了|"
        # 两笔我这边都调出来了, 订单我打开了: the record pulled up, nothing said of it yet
        r"(调|拉|翻)出来了|调出了|(调取|打开)了"
    ),
    "en": re.compile(r"\bi (?:have|can see|found|'ve found|'ve got|got|see|'ve noted)\b", re.IGNORECASE),
}


def _content_after(rest: str, key: str) -> int:
    """How much is said after a cue: Chinese characters, or English words."""
    return len(re.findall(r"[\u4e00-\u9fff]", rest)) if key == "zh" else len(re.findall(r"[a-zA-Z]+", rest))


def _lang(lang: str) -> str:
    return "zh" if lang == "zh" else "en"


# "hit by the roadworks", "damaged by a digger": by names who did it, not a deadline
_AGENT_BY = re.compile(
    r"\bby (?!(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|noon|midday|midnight|"
    r"tomorrow|tonight|today|the end|end|close|next|this|then|mon|tue|wed|thu|fri|sat|sun|lunch|morning|"
    r"evening|afternoon|the (?:morning|evening|afternoon|weekend|time))\w*)",
    re.IGNORECASE,
)


_NOT_WILL = re.compile(r"(?<=[主重首])要")


def tense(clause: str, lang: str) -> str:
    """The understanding layer's tense of ``clause``, with a passive's "by the …" not read as a deadline."""
    # 主要是 / 重要的是 ("mainly"): no 要 of what is to come
    return u.tense(_AGENT_BY.sub("", clause) if lang != "zh" else _NOT_WILL.sub("", clause), lang)


def apology(clause: str, lang: str) -> bool:
    """Whether ``clause`` apologises or shows empathy in everyday words (not a set phrase of a script)."""
    text = _text.normalize(clause)
    return (
        bool(_APOLOGY[_lang(lang)].search(text)) and not _NOT_APOLOGY.search(text) and not canned(text, lang)
    )


_CLOSING = {
    "zh": re.compile(r"还有(没有)?(什么|别的|其他的?)?(问题|疑问|需要|事|.{0,4}可以帮)"),
    "en": re.compile(r"\b(?:anything else|any other questions?|something else i can)\b", re.IGNORECASE),
}


def closing_question(clause: str, lang: str) -> bool:
    """Whether ``clause`` is the question that closes a call (还有别的问题吗, "anything else I can help with?")."""
    return bool(_CLOSING[_lang(lang)].search(_text.normalize(clause)))


def canned(clause: str, lang: str) -> bool:
    """Whether ``clause`` is a set phrase of a script that says nothing about the case."""
    return bool(_CANNED[_lang(lang)].search(_text.normalize(clause)))


def feels_for_them(clause: str, lang: str) -> bool:
    """Whether ``clause`` feels for the customer in everyday words beyond a bare sorry (换谁都心慌, 辛苦您了,
    "that must have been terrifying"; not 非常抱歉 alone)."""
    return apology(clause, lang) and not _SORRY_WORD.search(clause)


def stock_understanding(clause: str, lang: str) -> bool:
    """Whether ``clause`` says it understands in a script's set words (非常理解您的心情, "I completely understand
    your frustration"); said of the customer's own case it is everyday empathy (see detection)."""
    return bool(_STOCK_UNDERSTANDING[_lang(lang)].search(_text.normalize(clause)))


def dismissive(clause: str, lang: str) -> bool:
    """Whether ``clause`` brushes the customer off (您等着吧, 催我也没用, "not my problem")."""
    return bool(_DISMISSIVE[_lang(lang)].search(_text.normalize(clause)))


def ownership(clause: str, lang: str) -> bool:
    """Whether ``clause`` takes the problem on (not 不是我们的问题)."""
    text = _text.normalize(clause)
    for m in _OWNERSHIP[_lang(lang)].finditer(text):
        if not _NOT_OWNERSHIP.search(text[max(0, m.start() - 4) : m.start()]):
            return True
    return False


def callback(clause: str, lang: str) -> bool:
    """Whether ``clause`` promises to get back to the customer (said of the future, not the past)."""
    text = _text.normalize(clause)
    return bool(_CALLBACK[_lang(lang)].search(text)) and tense(text, lang) != u.PAST


_ASKING = {
    "zh": re.compile(r"[？?]|[吗呢]\s*$|是不是|有没有|能不能|对吧\s*$"),
    "en": re.compile(
        r"\?|^\s*(?:is|are|was|were|do|does|did|have|has|can|could|would|will)\b", re.IGNORECASE
    ),
}
# 您点开链接…, 麻烦您让店长…, "you can plug it in": telling the customer what to do
_INSTRUCTION = {
    "zh": re.compile(
        r"^(您|你)?(先|再|就)?(点开|点进去|点|把|去|让|打开|换|试|拿|填|带|找)|麻烦(您|你)|请(您|你)|"
        r"(您|你)(可以|需要|得|要|先(?!生)|点|把|去|让|再|就|直接|只要)"
    ),
    "en": re.compile(
        r"^\s*(?:you can|you could|you'll need|you need|you should|please|just|plug|try|go to|open|click)\b",
        re.IGNORECASE,
    ),
}
# 我查一下, 我帮您问问营业部, 停运的事我知道, "let me check the cabinet": meant or known, nothing stated
_INTENT_ONLY = {
    "zh": re.compile(
        r"^(我|我们|这边|我这边)?(先|再|马上|现在|这就|立刻)?(帮您|给您|替您|来|去)?"
        r"(查|看|问|核实|确认|了解|联系|说明|解释|捋|调)(一下|一查|一问|一看|看|问|问看|下|查)?.{0,8}$|"
        r"(的事|这事|这件事|这个事|的情况|的问题)(我|我们)?(都)?(知道|了解|清楚|明白)|^关于.{0,12}(说明|解释)"
    ),
    "en": re.compile(
        r"\b(?:let me|i'll|i will|i'm going to|i am going to|we'll|we will)\s+(?:just\s+)?(?:check|look|see|find out|ask|confirm|"
        r"have a look|dig)\b|\bi know about\b|\bit'?s about\b",
        re.IGNORECASE,
    ),
}
# 退货有退货的流程, 得先过质检, 只要鞋没穿过也能退, 等系统恢复了自动扣: a rule or a condition, not what
# happened in this case
_RULE = {
    "zh": re.compile(
        r"有.{0,4}的流程|(得|要|需要|必须)先|只要|一般(来说|都)|按(规定|规则|流程)|^等(?!了)|等到"
    ),
    "en": re.compile(
        r"\b(?:as long as|provided|normally|usually|in general|the process is|policy|once|as soon as)\b",
        re.IGNORECASE,
    ),
}
# what makes a future-sounding clause still a statement of the case: a state, a cause, what is wrong
_STATE = {
    "zh": re.compile(r"因为|由于|原因|所以|卡在|停在|显示|没(有)?|不是|出了|坏了|故障|对不上|正在|目前|现在"),
    "en": re.compile(
        r"\b(?:because|due to|caused|is (?:stuck|at|in|on|sitting|held|down|broken|damaged)|isn't|wasn't|shows)\b",
        re.IGNORECASE,
    ),
}


# 会尽快核实, 我们会尽快处理, 技术正在处理, 已经帮您记录了, 会反馈给相关同事, 相信很快, 具体时间以银行为准,
# "I'll look into it asap", "we're working on it", "I've passed it on": a promise with nothing in it
_VAGUE_PROMISE = {
    "zh": re.compile(
        r"尽快|尽早|抓紧(时间)?(处理|核实|办)|(正在|在)(紧急|全力|加紧|努力|积极|抓紧)?(处理|核实|排查|跟进|协调|解决|加急|催)(中|了)?|"
        r"(反馈|反映|上报|转达|转交|提交)(给|到)?.{0,6}(同事|部门|专员|技术|后台|上级|相关|专业的?人)|(帮您|给您|已经|已)(做了?)?(记录|登记|备注|反馈|上报)(下来|上去|好)?了|(情况|问题|反馈|诉求|意见)(我|我这边|这边)?(已经|都)?(帮您|给您)?(记录|登记)|"
        r"(相信|应该|估计)(会)?很快|很快(就)?(会|能)(有|好|处理|解决|送到|到|退|回|恢复|放行|补)|以.{0,8}为准|处理完(成)?(后|以后|之后)|"
        # 该退的一定会退给您, 该赔的都会赔: a promise of what is due, without what or when
        r"该(退|赔|补|给|还|发)的(钱)?(一定|肯定|都|也)?(都)?会(退|赔|补|给|还|发)|"
        r"等(候)?(通知|消息)|有(结果|消息)(了)?(会|再)(通知|告诉)|"
        # 这个情况我先帮您记录下来, 我帮您催一下物流, 回头有进展会有同事联系您: noted, chased, someone will call
        r"(帮您|给您|替您)(做)?(个)?(记录|登记|备注)(一下|下来|上去|好)?(了)?\s*$|"
        r"(帮您|给您|替您)(再)?催(一下|一催|催|下)?(物流|快递|仓库|商家|他们|那边|一下)?(了)?(哈|啊|吧)?\s*$|(已经|已)(帮您|给您)?催(过)?了|"
        r"(回头|到时候|后续|之后|稍后|有(进展|消息|结果|动静)(的话|了)?)(会)?有(同事|人|专人|工作人员|客服)(跟|和|给|来)?(您|你)?(联系|回复|回电|对接)|"
        # 我们会持续为您关注物流, 有更新会及时通知您: watching and telling, with nothing said
        r"持续(为您|帮您|给您)?(关注|跟进|跟踪|留意)|"
        # 有什么新进展我们会及时跟您联系, 一有结果马上告诉您: news passed on whenever there is any, none said
        r"有(什么|任何)?(新的?)?(更新|进展|动态|消息|结果|动静)(了)?(的话)?[，,]?(我们|我|我这边|这边)?(都|也)?(会|再|就会|就|一定会)?(及时|第一时间|马上|立刻|立马|尽快)?(跟|和|给)?(您|你)?(联系|通知|告诉|告知|推送|提醒|同步)|"
        r""
        r"(系统|后台)(就)?会(优先|自动|尽快)?(处理|安排|给您处理)(的)?\s*$"
    ),
    "en": re.compile(
        r"\b(?:as soon as (?:possible|we can|i can)|asap|as quickly as (?:possible|we can|i can)|look(?:ing)? into (?:it|this|that)|"
        r"(?:are|'re|am|'m|is) (?:working on|on) (?:it|this)|pass(?:ed|ing)? (?:it|this|that|your \w+) (?:on|along)|(?:gets?|got|be|been|is) passed (?:on|along)|"
        # "teams are working really hard on it", "it's definitely being looked into", "a note on your account"
        r"working (?:really |very |so |extremely )?hard (?:on (?:it|this)|to (?:fix|sort|resolve))|"
        r"(?:is|'s|are|'re) (?:definitely |already |currently )?being (?:looked (?:at|into)|dealt with|worked on)|"
        r"(?:put|pop|leave|make|add|stick)(?:ped|ping)? a note on (?:your|the) (?:account|file|record)|"
        r"someone (?:should|will|'ll|would) (?:be in touch|get back|contact)|hopefully (?:it )?won'?t be (?:too )?long|"
        # "the team are doing everything they can", "I've made a note that you called", "it should be back soon"
        r"doing (?:everything|all|what) (?:we|they|i|he|she) can|(?:made|make|making|left|added) a note\b|"
        r"(?:hopefully|should|will) (?:hopefully )?be (?:back|sorted|fixed|resolved|up and running) (?:soon|shortly|before long)|"
        r"(?:logged|noted|recorded|raised|flagged) (?:it|this|your (?:complaint|feedback|issue|case))(?! as)|"
        # "we'll be in touch once there's an update", "I'll let you know if we hear anything": news passed on
        # whenever there is any, none said
        # (a text or a call at each stage is a channel promised: "I'll text you the moment there is news")
        r"(?:be in touch|let you know|get back to you|contact you|hear from us|reach out)\b[^.,;]{0,12}?"
        r"(?:once|when|whenever|as soon as|the moment|if) (?:there'?s|there is|we (?:have|hear|get|know)|i (?:have|hear|get|know)) "
        r"(?:any |an |some |more )?(?:news|update|updates|progress|anything)|"
        r"someone will (?:be in touch|get back|contact)|in due course|shortly|we'?ll get back to you|"
        r"chase (?:it|this|that|them) up(?! (?:with|by|to|so|and))|give (?:them|it) a (?:nudge|chase)|(?:i'?ve|i have) chased (?:it|them|this))\b",
        re.IGNORECASE,
    ),
}


def vague_promise(clause: str, lang: str) -> bool:
    """Whether ``clause`` promises without saying anything (尽快处理, 正在处理, 已经帮您记录了, "I'll look into it
    asap", "I've passed it on"): stalling, not a commitment."""
    return bool(_VAGUE_PROMISE[_lang(lang)].search(_text.normalize(clause)))


# 请稍等, 我再帮您看一下, 这边还在帮您核实, 我跟同事确认一下, 暂时还没有消息, "one moment", "let me have a
# look", "while I go through the details", "I'm still waiting to hear back", "I don't have a timeframe yet":
# holding the customer in the call (or having nothing to tell them yet) instead of telling them anything
_HOLD = {
    "zh": re.compile(
        r"稍等|稍候|等一下|等一等|等我一下|再等(等|一下|一等)?|给我(一)?(点|些)时间|"
        r"^(嗯+|好的|好|行|哦|那|[，,])*(我|这边|我这边)?(先|再|马上|现在|这就)?(帮您|给您|替您)?(仔细|好好|再)?(查|看|核实|确认|了解|问)"
        r"(一下|一查|一问|一看|看|问|下)(哈|啊|哦|呢|吧)?$|"
        r"(还在|正在)(帮您|给您|为您)?(查|查询|核实|确认|了解|看)|"
        r"(再)?(跟|和|向|找)(相关|负责的)?(的)?(同事|主管|领导|组长|部门|技术|后台)(再)?(确认|核实|问|请示|了解)|"
        r"(我|这边)?(也|暂时|目前|现在)(还)?(不太?清楚|不知道|没有(消息|结果|准确的时间|确切的时间|具体时间))"
    ),
    "en": re.compile(
        r"\b(?:one moment|just a (?:moment|sec|second|minute)|hold on|on hold|bear with me|bearing with me|"
        r"thank(?:s| you)(?: so much)? for holding|"
        r"(?:let me|i'?ll|i'?m (?:just )?going to|i am going to|i will) (?:just )?(?:quickly )?"
        r"(?:check|have a (?:quick |little )?look|take a (?:quick |little )?look|look into|dig into|go through|find out|ask)|"
        r"while i (?:go through|check|look|dig|find)|take a (?:moment|minute|while|bit) to (?:check|look|go through|find)|"
        r"(?:still )?waiting to hear back|check with (?:my|the) (?:team lead|manager|supervisor|colleague|team)|"
        r"i don'?t (?:have|know) (?:a |any |the )?(?:timeframe|time ?frame|timescale|eta|update|details|answer)(?: for you)?"
        r"(?: yet| at the moment| right now| just now)?|i (?:don'?t|do not) (?:really )?know (?:what|why|when|how long|where)|"
        r"i (?:really )?(?:can'?t|cannot|couldn'?t) (?:say|tell you) (?:exactly |for sure )?(?:when|how long))\b",
        re.IGNORECASE,
    ),
}
# 感谢您的耐心, 让您久等了, "thank you for holding", "I appreciate your patience": the politeness of a wait,
# which beside a hold is part of holding the customer (neither a script phrase of its own nor empathy)
_WAIT_POLITE = {
    "zh": re.compile(
        r"(感谢|谢谢)(您|你)?的?(耐心|等待|等候|理解|体谅|配合|来电|咨询)|让(您|你)(久等|等了|多等|等这么久)|久等了"
    ),
    "en": re.compile(
        r"\b(?:thank(?:s| you)(?: so much| very much| again)? for (?:your patience|holding|waiting|bearing with me|"
        r"reaching out|calling|getting in touch|your understanding)|(?:i )?(?:really )?appreciate (?:your patience|you "
        r"(?:waiting|holding|bearing with me))|sorry (?:to keep you waiting|for the wait|for keeping you)|thanks again)\b",
        re.IGNORECASE,
    ),
}


# 您别着急, 别慌, 您放心, "don't worry", "take your time": soothing words, on topic in any call
_SOOTHE = {
    "zh": re.compile(r"别(太)?(着急|急|慌|担心|害怕|怕)|不要(着急|急|慌)|放心|不着急|慢慢来"),
    "en": re.compile(
        r"\b(?:don'?t worry|no rush|take your time|it'?s (?:okay|ok|alright)|you'?re fine)\b", re.IGNORECASE
    ),
}


def soothes(text: str, lang: str) -> bool:
    """Whether ``text`` soothes the customer (您别着急, "don't worry"): polite and on topic, if nothing more."""
    return bool(_SOOTHE[_lang(lang)].search(_text.normalize(text)))


def holds(clause: str, lang: str) -> bool:
    """Whether ``clause`` holds the customer in the call (请稍等, 我再帮您看一下, 这边还在核实, "let me have a
    look", "while I go through the details") or says there is nothing to tell yet (暂时还没有消息, "I don't
    have a timeframe yet")."""
    text = _text.normalize(clause).strip()
    if re.search(
        r"(不用|不必|无需|别|不要|不会再?让)(您|你)?(再)?(等|久等)|\bno (?:more )?waiting\b", text, re.I
    ):
        return False  # 不用您再等了: a wait spared
    return bool(_HOLD[_lang(lang)].search(text))


def wait_politeness(clause: str, lang: str) -> bool:
    """Whether ``clause`` is the politeness of a wait (感谢您的耐心, 让您久等了, "thank you for holding")."""
    return bool(_WAIT_POLITE[_lang(lang)].search(_text.normalize(clause)))


# 您的包裹目前还在运输途中, "it's on its way", "your refund is being processed": a status the customer
# already knows, unless the clause says where or why
_VAGUE_STATUS = {
    "zh": re.compile(r"运输途中|运输中|正常运输|在途中?|在路上|处理中|流程中|审核中"),
    "en": re.compile(
        r"\b(?:in transit|on (?:its|the) way|being (?:processed|handled|looked at)|in progress)\b",
        re.IGNORECASE,
    ),
}
_WHERE_OR_WHY = {
    "zh": re.compile(r"因为|由于|原因|卡在|停在|中心|营业部|网点|仓|站|海关|银行|质检|复核"),
    "en": re.compile(
        r"\b(?:because|due to|at (?:the|our) \w+|depot|hub|centre|center|cabinet|since)\b", re.IGNORECASE
    ),
}


# Where one clause joins two statements ("the cabinet was damaged on Monday and engineers will be on it",
# 线路周一就断了而且师傅会去修): each part has its own tense.
JOIN = {
    "zh": re.compile(r"而且|并且|但是|不过|所以|然后|因此"),
    "en": re.compile(
        r"\s(?:and|but|so|which|because|while|although|though|then)\s|\s[—–-]+\s|;", re.IGNORECASE
    ),
}


def _reports_a_part(text: str, lang: str) -> bool:
    """Whether one of the statements joined in ``text`` reports the past ("the cabinet was damaged on
    Monday and engineers will be on it")."""
    parts = JOIN[_lang(lang)].split(text)
    return len(parts) > 1 and any(tense(p, lang) == u.PAST for p in parts)


# 上次的同事让您重启了好几遍, "they had you reboot it each time", "you were asked to restart it": what
# someone asked of the customer before, recalled, not asked again
_RECALLED = {
    "zh": re.compile(
        r"(让|叫|要求|请|麻烦)(您|你)?.{0,14}(了|过)|(您|你)(都|也)?(已经|早就|之前|上次).{0,10}(过|了)"
    ),
    "en": re.compile(
        r"\b(?:had|asked|told|got|made|wanted) you\b|\byou (?:were|'ve been|have been|had been) (?:asked|told|made)\b|"
        r"\bbeing (?:asked|told|made) to\b|"
        r"\byou(?:'ve| have)? already\b",
        re.IGNORECASE,
    ),
}
# 这回不用您再弄了, "I won't put you through that again", "no need to do that again": a request spared
_SPARED = {
    "zh": re.compile(
        r"(不用|不必|无需|不需要|用不着)(您|你)?(再|重新)|不会再?(让|叫|麻烦|要)(您|你)|别再(让|叫)(您|你)"
    ),
    "en": re.compile(
        r"\b(?:no need (?:for you )?to|(?:i|we) won'?t (?:ask|make|have|put) you|you won'?t (?:need|have) to|"
        r"you don'?t (?:need|have) to)\b",
        re.IGNORECASE,
    ),
}


# 我刚才那么说不合适, 刚才那句话说得不对, 我不该这么说, "I shouldn't have said that": the candidate taking
# back their own words, which wrongs nobody (however much it sounds like 我刚才不是说过了吗)
_TAKE_BACK = {
    "zh": re.compile(
        r"我(刚才|刚刚|前面|之前)?(那么|这么|那样|这样)?(说|讲)(的|得)?(话)?(太|不对|错|不好|有问题|不合适|不妥|欠妥|过分|生硬|冲)|"
        r"(刚才|刚刚|前面)(的)?(那|这)?(句|话|句话)(说|讲)?(得|的)?(太|不对|不好|错|不合适|不妥|欠妥|冲|生硬)|"
        r"我(不该|不应该)(这么|那么|那样|这样)?(说|讲|回|答)|我说错了|我说得不对"
    ),
    "en": re.compile(
        r"i shouldn'?t have said|i (?:said|put) (?:that|it) (?:badly|wrong)|that came out wrong|scratch that|"
        r"that was (?:a )?(?:the )?(?:wrong|unfair|not fair)",
        re.IGNORECASE,
    ),
}


def takes_back(clause: str, lang: str) -> bool:
    """Whether ``clause`` takes back the candidate's own words (我刚才那么说不合适, "I shouldn't have said
    that"): never a brush-off or an excuse."""
    return bool(_TAKE_BACK[_lang(lang)].search(_text.normalize(clause)))


def recalled_or_spared(clause: str, lang: str) -> bool:
    """Whether ``clause`` recalls what the customer was asked to do before (上次的同事让您重启了好几遍,
    "they had you reboot it each time") or spares them doing it again (这回不用您再弄了, "I won't put you
    through that again"): neither asks them to do it."""
    text = _text.normalize(clause)
    key = _lang(lang)
    if _SPARED[key].search(text):
        return True
    if not _RECALLED[key].search(text) or _ASKING[key].search(text):
        return False
    # an English match is itself a past verb (had you, asked you); 让您…了 must not speak of what is to come
    return key == "en" or tense(text, lang) == u.PAST


# 冲正参考号 R2407 1588 0932, 单号：SF1234567890, "reference number R-2407-1588": a reference read out with
# its label, which tells the customer what to quote, not what happened
_REFERENCE = re.compile(
    r"[\u4e00-\u9fff]{0,3}?(?:参考号|凭证号|流水号|工单号|编号|单号|号码|号)\s*(?:是|为)?\s*[:：]?\s*"
    r"[A-Za-z]{0,4}-?\d[\dA-Za-z \-]{4,}|"
    # the label alone, with the number in the next clause (您记个冲正凭证号：K88…)
    r"[\u4e00-\u9fff]{0,3}?(?:参考号|凭证号|流水号|工单号|编号|单号)\s*(?:是|为)?\s*[:：]?\s*$|"
    r"\b(?:reference|ref|ticket|case|incident)\s*(?:number|no\.?|#)\s*(?:is)?\s*:?\s*$|"
    r"\b(?:reference|ref|ticket|case|incident)\s*(?:number|no\.?|#)?\s*(?:is\s*)?[:#]?\s*[A-Za-z]{0,4}-?\d[\dA-Za-z \-]{4,}",
    re.IGNORECASE,
)


def without_reference(clause: str) -> str:
    """``clause`` without a reference number read out with its label (冲正参考号 R2407 1588 0932): the
    label names the number, it explains nothing."""
    return _REFERENCE.sub(" ", clause)


def states_fact(clause: str, lang: str) -> bool:
    """Whether ``clause`` states something about the case (what happened, where it is, why), rather than
    asking, telling the customer what to do, saying what the candidate will look into, a rule or a
    promise: 您的件在营业部 states; 我帮您问问营业部, 停运的事我知道, 您点开链接, "let me check the
    cabinet" do not."""
    text = _text.normalize(clause).strip()
    key = _lang(lang)
    if not text or _ASKING[key].search(text) or _IF[key].search(text) or _RULE[key].search(text):
        return False
    if _INSTRUCTION[key].search(text) or _INTENT_ONLY[key].search(text):
        return False
    if _VAGUE_STATUS[key].search(text) and not _WHERE_OR_WHY[key].search(text):
        return False
    return tense(text, lang) != u.FUTURE or bool(_STATE[key].search(text)) or _reports_a_part(text, lang)


# 延误超过两天了, 都超时三天了, "it's been three days now": how long the customer has waited, which
# they know better than anyone, not what happened
_WAIT_ONLY = {
    "zh": re.compile(
        r"^(这|您这|这单|您这单|包裹|退款|件)?(都|已经|已)?(延误|超时|超期|晚了|拖了|耽误了?|等了|超过|超出|过了)(了)?"
        r"(都|快|已经)?(超过|快|将近|差不多)?[一二两三四五六七八九十几半\d]+(个)?(多)?(天|日|小时|钟头|工作日|周|星期|礼拜)(多)?(了)?$"
    ),
    "en": re.compile(
        r"^(?:and |so )?(?:it'?s|it has|that'?s|this has)\s+(?:now\s+)?been\s+(?:over\s+|more than\s+|nearly\s+|almost\s+)?"
        r"(?:\w+|\d+)\s+(?:days?|hours?|weeks?)(?:\s+(?:now|late|already))?$",
        re.IGNORECASE,
    ),
}


def offer_or_theirs(clause: str, lang: str) -> bool:
    """Whether ``clause`` is the candidate's own offer or act (我已经给您申请了加急, "I've signed you up"), what the
    customer did (您打了三次电话, "you've restarted it"), or what they were asked before, with no lookup said
    (我查到…, "the system shows"): none explains the case."""
    text = without_reference(_text.normalize(clause)).strip()
    key = _lang(lang)
    if _LOOKUP[key].search(text):
        return False  # 我查到系统里给您比对的是…: a lookup, whatever else it says
    return bool(_OWN_OFFER[key].search(text) or _THEIR_DOING[key].search(text)) or recalled_or_spared(
        text, lang
    )


# a clause ending on how something of the case stands now: 扫码现金都正常, 储值用不了, 其他功能不受影响
_STATUS_NOW = {
    "zh": re.compile(
        r"(不受影响|受(到)?影响|用不了|用不上|不能用|都能用|照常能用|(都|也|一切|完全)?正常|挂了|坏了|出了问题|异常|断了|瘫了)(的)?\s*[。！!]?$"
    ),
    "en": re.compile(
        r"\b(?:is|are) (?:down|broken|unaffected|affected|working (?:fine|normally)|fine)\s*\.?$", re.I
    ),
}


def report(clause: str, lang: str, about_case: Callable[[str], bool]) -> bool:
    """Whether ``clause`` explains what happened or where things stand (``about_case`` says whether it is
    about the scenario at all)."""
    text = without_reference(_text.normalize(clause)).strip()
    key = _lang(lang)
    if _WAIT_ONLY[key].search(text.rstrip("。.!！ ")):
        return False  # 延误超过两天了: their wait, not an explanation
    if (
        _OWN_OFFER[key].search(text)
        or _THEIR_DOING[key].search(text)
        or recalled_or_spared(text, lang)
        or apology(text, lang)
        or not states_fact(text, lang)
    ):
        return False  # an offer, what the customer did, an apology, a condition (万一没送到), an instruction
    seen = _SEEN[key].search(text)
    if seen and _content_after(text[seen.end() :], key) < 4:
        return False  # 订单号我已经看到了: a read-back, nothing explained
    m = _LOOKUP[key].search(text)
    if m and _content_after(text[m.end() :], key) >= (4 if key == "zh" else 3) and about_case(text):
        return True
    if _STATUS_NOW[key].search(text) and about_case(text):
        return True  # 扫码和现金都正常, 储值模块用不了: how things stand now, said of the case
    return tense(text, lang) == u.PAST and about_case(text)


def _bare_lookup(clause: str, lang: str) -> bool:
    """查到了 / 我查了 / 看到了 / "I've checked": a lookup with nothing said yet."""
    text = _text.normalize(clause)
    key = _lang(lang)
    m = (
        _SEEN[key].search(text)
        or _LOOKUP[key].search(text)
        or re.search(r"我?查了|查过了|\bi(?:'ve| have)? checked\b", text, re.I)
    )
    return m is not None and _content_after(text[m.end() :], key) < 4


def report_fact(clause: str, lang: str, about_case: Callable[[str], bool]) -> bool:
    """A statement about the case that is not an offer, a promise or what the customer did."""
    text = without_reference(_text.normalize(clause)).strip()
    key = _lang(lang)
    if (
        _OWN_OFFER[key].search(text)
        or _THEIR_DOING[key].search(text)
        or recalled_or_spared(text, lang)
        or apology(text, lang)
    ):
        return False
    enough = _content_after(text, key) >= (6 if key == "zh" else 5)
    return enough and tense(text, lang) != u.FUTURE and about_case(text)


# 抱歉，您一开始就说了 / "Sorry, you gave it already" / 对不起，我刚才这么说不对 / "sorry, that was a script":
# sorry for a slip of the call itself (asking again for what the customer gave, the candidate's own words
# taken back), which owns the slip and feels nothing about the case
_SLIP = {
    "zh": re.compile(
        r"(您|你)(一开始|一开头|开头|刚才|刚刚|刚|早就|已经|之前|前面)(就)?(已经)?(说|报|讲|给|提|告诉)(过)?(了|我了|过了)|"
        r"我(刚才|刚刚|前面)?(这么|那么|那样|这样)?(说|讲|问)(得|的)?(太|不对|错|不好|有问题)|"
        r"(我)?(这|那)(话|句话)(说|讲)?(得|的)?(不对|不好|太|错)"
    ),
    "en": re.compile(
        r"\byou (?:already |just |did )?(?:gave|told|said|mentioned|provided|read)\b(?! (?:us|me) (?:about|how))|"
        r"\byou(?:'d| had)? (?:already )?(?:given|told|said|mentioned|provided)\b|"
        r"\b(?:that|this) was (?:a|the|my) script\b|\bi (?:said|put) (?:that|it) (?:badly|wrong)",
        re.IGNORECASE,
    ),
}
# what is left of an apology clause once the sorry, a form of address and fillers are gone
_SORRY_ONLY = {
    "zh": re.compile(
        r"^(哎呀|哎|嗯|啊|噢|哦|那个|真是|真|实在|非常|很)*(对不住|对不起|抱歉|不好意思)(了|啊|呀)?"
        r"([\u4e00-\u9fff]{1,2}(总|先生|女士|师傅|大爷|大妈|阿姨|叔|姐|哥))?[，,。！!—\-\s]*$"
    ),
    "en": re.compile(r"^\W*(?:oh\W+)?(?:i'?m\s+)?(?:so\s+|really\s+)?sorry\b[^a-z]*(?:[a-z]+\W*)?$", re.I),
}


def sorry_for_a_slip(clauses: list[u.Span], i: int, lang: str) -> bool:
    """Whether clause ``i`` is a bare sorry for a slip of the call (the customer had already said it, the
    candidate takes back their own words): the clause itself or the next one names the slip."""
    key = _lang(lang)
    text = _text.normalize(clauses[i].text).strip()
    here = _SLIP[key].search(text)
    if here:
        head = text[: here.start()]
    else:
        # the next clause, or the one after a bare form of address (对不住，大爷，我这话说得不对)
        after = clauses[i + 1 : i + 3]
        if len(after) == 2 and len(after[0].text.strip()) > 4:
            after = after[:1]
        nxt = " ".join(c.text for c in after)
        if not _SLIP[key].search(_text.normalize(nxt)[:24]):
            return False
        head = text
    return bool(_SORRY_ONLY[key].search(head.strip(" ，,—-")) or not head.strip(" ，,—-"))


_RULE_NEXT = re.compile(
    r"\s*(?:那|就)?(?:按|照|根据|依)(?:照)?(?:我们的|平台的?)?(?:规则|规定|政策|流程|条款)|\s*(?:under|per) (?:the|our) (?:rules?|policy)\b",
    re.IGNORECASE,
)


def find(
    cue: str,
    clauses: list[u.Span],
    lang: str,
    *,
    skip: Collection[int] = (),
    about_case: Callable[[str], bool] = lambda _t: True,
) -> str | None:
    """The first clause (verbatim) that says ``cue``, leaving out the clauses at positions ``skip``."""
    for i, clause in enumerate(clauses):
        if i in skip:
            continue
        part = clause.text
        if cue == "apology":
            hit = apology(part, lang) and not sorry_for_a_slip(clauses, i, lang)
        elif cue == "ownership":
            hit = ownership(part, lang)
        elif cue == "callback":
            hit = callback(part, lang)
        elif cue == "report":
            before = clauses[i - 1].text if i else ""
            ruled = bool(before) and len(before.strip()) <= 6 and bool(_RULE[_lang(lang)].search(before))
            # 吊牌剪了但没穿着痕迹，按规则能正常退: the rule's conditions, not what happened
            following = clauses[i + 1].text if i + 1 < len(clauses) else ""
            ruled = ruled or bool(_RULE_NEXT.match(following))
            hit = not ruled and report(part, lang, about_case)  # 按规则，吊牌剪了…照样能退: the rule
            if not hit and _bare_lookup(part, lang):
                # 查到了，<what happened>: the explanation follows the lookup
                for nxt in clauses[i + 1 : i + 4]:
                    if report_fact(nxt.text, lang, about_case):
                        return nxt.text.strip()
        elif cue == "canned":
            hit = canned(part, lang)
        elif cue == "dismissive":
            hit = dismissive(part, lang)
        elif cue == "blame":
            hit = blames_elsewhere(part, lang)
        else:
            raise ValueError(f"unknown cue set {cue!r}")
        if hit:
            return part.strip()
    return None


# 建议您先去派出所报个案, 您也可以去服务站现场认证, "it might be worth giving your mobile network a call",
# "you can also report it yourself": the customer advised to see to it themselves, not a step taken for them
_ADVISES = {
    "zh": re.compile(
        r"建议|不妨|"
        r"(您|你)(也|还|就)?可以(先|再|自己|直接|试着|去)?(去|到|打|拨|联系|找|问|在|上|登录|打开|点|报|下单|申请|关注|留意)|"
        r"自己(去|打|联系|找|查|看|填|问|操作|报|打进去|输进去|下单)|多(留意|关注|看看|刷新)"
    ),
    "en": re.compile(
        r"\bit(?:'s| is| might be| may be| would be| could be)(?: always| probably)? worth\b|"
        r"\bworth (?:giving|ringing|calling|checking|asking|contacting)\b|\byou (?:might|may) want to\b|"
        r"\bi'd (?:suggest|recommend)\b|\bi (?:suggest|recommend)\b|\byourself\b|"
        r"\byou (?:can|could) (?:also |always )?(?:try|call|ring|give|report|check|contact|go|visit|ask|phone)\b",
        re.IGNORECASE,
    ),
}


# 您打开App首页点“问药师”, 您先去营业厅, 推荐您登录官网, "you can open the app": a sentence that opens by
# sending the customer somewhere (said later in a sentence, 您在家等着就行 is no errand)
_SENDS = {
    "zh": re.compile(
        r"^\s*(?:另外|还有|或者|那|要不)?[，,]?\s*(?:建议|推荐)?(?:您|你)(?:也|还)?(?:可以|可|先|最好|不妨|就|自己)*"
        r"(?:去|到|打开|上|登录|进|在|点|联系|找|拨打|打)"
    ),
    "en": re.compile(
        r"^\s*(?:also,? |or )?(?:you can|you could|you might|you may want to|try) (?:go|open|log|call|ring|visit|use|check)\b",
        re.IGNORECASE,
    ),
}


def advises(clause: str, lang: str, *, opens_sentence: bool = False) -> bool:
    """Whether ``clause`` advises the customer to do something themselves or elsewhere (建议您…, 您也可以去…,
    "it might be worth giving them a call", "you can report it yourself"); a clause that ``opens_sentence``
    also when it sends them somewhere (您打开App首页点“问药师”, "you can open the app")."""
    lang = _lang(lang)
    return bool(_ADVISES[lang].search(clause) or (opens_sentence and _SENDS[lang].search(clause)))


# 很多店晚上九点前都营业, 座机工作日九点到六点有人接, 上午人比较少, "open until half past ten tonight":
# when a place is open or quiet, not a time for the case
_HOURS = {
    "zh": re.compile(
        r"营业(?![部厅网执额员点所])|开门|关门|有人接|有人值班|人(比较|会|就)?少|上班时间|办公时间|接待时间|开放时间"
    ),
    "en": re.compile(
        r"\bopen (?:until|till|til|from|between|at)\b|\bopens\b|\bcloses\b|\bopening hours\b|\bstaffed\b|"
        r"\b(?:is|are)(?: usually)? open\b|\bquieter\b|\bless busy\b",
        re.IGNORECASE,
    ),
}


def opening_hours(clause: str, lang: str) -> bool:
    """Whether ``clause`` tells when a place is open, staffed or quiet."""
    return bool(_HOURS[_lang(lang)].search(clause))


_SORRY_WORD = re.compile(r"对不住|对不起|抱歉|不好意思|\bsorry\b|\bapologi[sz]e|\bapologies\b", re.IGNORECASE)
_OWN_SLIP = re.compile(
    r"是我(没|不对|的错|疏忽|大意)|我的(错|问题|疏忽)|怪我|\bmy (?:mistake|bad|fault|apologies)\b|\bi missed\b",
    re.IGNORECASE,
)


def owns_a_slip(clauses: list[u.Span], i: int, lang: str) -> bool:
    """Whether clause ``i`` names a slip of the call (您刚才已经说了, "you already gave me that") beside a sorry
    or the candidate owning it (是我没听仔细, "my mistake"): owned, never thrown back at the customer."""
    if not _SLIP[_lang(lang)].search(clauses[i].text):
        return False
    near = clauses[max(0, i - 1) : i + 2]
    return any(_SORRY_WORD.search(c.text) or _OWN_SLIP.search(c.text) for c in near)


# 说句题外话, 我小时候…, 我家小侄子…, 我上回也去逛过, "when I was a student …", "my headset's crackling": the
# candidate's own life or an aside named as one, nothing of the case
_ASIDE = {
    "zh": re.compile(
        r"题外话|闲聊一句|扯远了|"
        r"我(?:上学|小时候|年轻(?:的)?时候|读书(?:的)?时候|那会儿)|"
        r"我(?:们)?家(?:的|那个)?(?:小)?(?:侄子|侄女|外甥|外甥女|孩子|小孩|儿子|女儿|闺女|老公|老婆|爱人|狗|猫)|"
        r"我(?:奶奶|爷爷|姥姥|姥爷|外婆|外公|妈|爸)(?:也|以前|小时候|那会儿)|"
        r"我(?:上回|上次|上礼拜|上周|上个月|前两天)(?:也|还)(?:去|买|吃|喝|逛|用|看)"
    ),
    "en": re.compile(
        r"\boff[- ]topic\b|\bon a (?:side|personal) note\b|\bunrelated,? but\b|"
        r"\bwhen i was (?:a |at |in |young|little)|\bi (?:don'?t|do not) miss (?:those|that)\b|"
        r"\bmy (?:headset|headphones|dog|cat|neighbou?r)\b",
        re.IGNORECASE,
    ),
}
# 咱们说正事, 言归正传, 说回来 (not 话说回来, "that said"), "anyway, back to your …": the case taken up again
_BACK_TO_CASE = {
    "zh": re.compile(
        r"^\s*(?:好了?[，,]?\s*)?(?:咱们?|我们)?(?:说回)?(?:说)?正事|^\s*(?:言归正传|书归正传|回到正题|(?<!话)说回来)"
    ),
    "en": re.compile(
        r"^\s*(?:anyway|anyhow|but enough about me|right,? back to|okay,? back to|back to (?:your|the))\b",
        re.IGNORECASE,
    ),
}
# 我特别理解您, "so I know how scary that is": one's own life told to feel for the customer is no aside
_FEELS_FOR_THEM = {
    "zh": re.compile(r"(?:理解|明白|懂|体会)(?:您|你)|(?:您|你)的(?:心情|感受|担心)"),
    "en": re.compile(
        r"\bi (?:know|understand|can imagine|get) (?:how|what|why)\b|\bso i (?:get|know)\b", re.I
    ),
}


def aside(sentence: str, following: str, lang: str) -> bool:
    """Whether ``sentence`` is an aside from the case: it says so (说句题外话, "on a side note"), tells of the
    candidate's own life (我小时候…, "when I was a student …") without feeling for the customer, or the
    sentence ``following`` it takes the case up again (咱们说正事, 言归正传, "anyway, back to …")."""
    lang = _lang(lang)
    if _BACK_TO_CASE[lang].search(following):
        return True
    return bool(_ASIDE[lang].search(sentence)) and not _FEELS_FOR_THEM[lang].search(sentence)
