"""Negation scope and contradiction.

A negator (不, 没有, 不会, 无法, 绝不, 避免, 拒绝, 禁止, not, never, won't, without, avoid…) negates the
content words that follow it in its clause, up to a contrast word (但/而是/but/rather). Words that start
like a negator but are not one (不好意思, 不仅, 非常, 无论, 没问题, "not only", "no problem") are set aside
first. Two negators in a row cancel (不能不, "not without").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from trainer.grading import text as _text
from trainer.grading.understanding import lexicon as _lx

# Negators as jieba sees them, and as English words.
NEGATORS_ZH = frozenset(
    [
        "不",
        "没",
        "没有",
        "无",
        "未",
        "别",
        "勿",
        "莫",
        "非",
        "不会",
        "不能",
        "不要",
        "不用",
        "不必",
        "不该",
        "不可",
        "不可以",
        "不得",
        "无法",
        "没法",
        "不再",
        "从不",
        "从未",
        "绝不",
        "决不",
        "绝对不",
        "并不",
        "并没有",
        "并非",
        "不是",
        "避免",
        "杜绝",
        "拒绝",
        "禁止",
        "防止",
        "切勿",
        "切忌",
        "严禁",
        "不准",
        "不许",
        "未能",
        "尚未",
        "还没",
        "还没有",
        "毫无",
        "不曾",
        "免得",
        "以免",
    ]
)
NOT_NEGATORS_ZH = (
    "不好意思", "不仅", "不但", "不断", "不少", "不错", "不过", "不管", "不论", "无论", "非常", "不得不", "无误",
    "不久", "毫不犹豫", "无微不至", "未来", "不满", "不便", "不快", "不适", "没问题", "没关系", "没错", "不客气",
    "除非", "无缝", "并且", "不一会", "无偿", "免费", "不妨", "莫名", "无门槛",
)  # fmt: skip
NEGATORS_EN = frozenset(
    [
        "not",
        "no",
        "never",
        "without",
        "avoid",
        "avoids",
        "avoiding",
        "refuse",
        "refuses",
        "stop",
        "nor",
        "cannot",
        "unable",
        "won't",
        "don't",
        "doesn't",
        "didn't",
        "isn't",
        "aren't",
        "wasn't",
        "weren't",
        "shouldn't",
        "wouldn't",
        "can't",
        "couldn't",
        "neither",
        "none",
        "nothing",
        "hardly",
    ]
)
NEGATORS_EN = (
    NEGATORS_EN | {w.replace("'", "") for w in NEGATORS_EN if "'" in w} - {"cant", "wont"} | {"cant", "wont"}
)
NOT_NEGATORS_EN = ("not only", "no problem", "no worries", "no doubt", "not just", "no matter")
_CONTRAST = frozenset(
    ["但", "但是", "而是", "然而", "可是", "只是", "不过", "却", "but", "rather", "instead", "however"]
)
# Words that start what follows from a negated condition: "不会用就去窗口办" negates 用, not 窗口 or 办.
_SCOPE_END = frozenset(["就", "那就", "然后", "于是", "所以", "因此", "then", "so"])
_MASK_ZH = re.compile("|".join(sorted(NOT_NEGATORS_ZH, key=len, reverse=True)))
_MASK_EN = re.compile(r"\b(?:" + "|".join(NOT_NEGATORS_EN) + r")\b", re.IGNORECASE)


# Statement pairs that contradict each other without a negator (系统正常 / 系统出现故障).
def _side(words: str) -> frozenset[str]:
    from trainer.grading.understanding.thesaurus import stem

    return frozenset(stem(w) if w.isascii() else w for w in words.split())


ANTONYMS: tuple[tuple[frozenset[str], frozenset[str]], ...] = tuple(
    (_side(a), _side(b))
    for a, b in (
        ("正常 没问题 顺利 成功 恢复", "故障 异常 出错 失败 崩溃 宕机 瘫痪 问题 中断"),
        (
            "能 可以 可 允许 支持 同意 批准 准许 能够 通过",
            "无法 不能 拒绝 禁止 不允许 不支持 不可以 驳回 未通过",
        ),
        ("免费 包邮 不收费", "收费 付费 自费 自付 承担费用 付钱 扣费"),
        ("已经 已 收到 到账 完成 解决 办好 发出 发货", "未 尚未 没收到 没到账 没完成 未解决 还没 没发货"),
        ("有责任 我们的责任 我方原因 我们的问题", "不是我们的责任 您的问题 您自己 您的原因 与我们无关"),
        ("working normal fine ok up", "down broken outage failure failed fault error"),
        ("can able allowed approved accepted", "cannot unable refused rejected denied declined"),
        ("free", "pay charged fee cost"),
        ("received arrived done resolved sent shipped", "missing lost pending unresolved"),
    )
)


# Verbs of saying: a negated one leaves the whole rest of its clause unsaid.
SPEECH_VERBS = frozenset(
    ["说", "提", "讲", "提到", "提起", "说起", "告诉", "抱怨", "透露", "怪", "say", "said", "tell", "told", "mention",
     "mentioned", "blame", "blamed"]
)  # fmt: skip
# Words that start a second predicate once a negator has covered a word: "没有解释让他讲完", "没插嘴一直听".
_NEXT_PREDICATE = frozenset(
    ["让", "一直", "直到", "等到", "而", "还", "再", "并", "只", "只是", "反而", "属于", "算是"]
)
# "Not needed" covers all that follows it in the clause, like a verb of saying.
_NEEDLESS = frozenset(["不用", "不必", "无需", "不需要", "没必要", "用不着", "无须"])
_NEED = frozenset(["需要", "必", "必要", "须"])
_MODALS = frozenset(
    ["需要", "必要", "用", "能", "会", "要", "可以", "应该", "该", "得", "敢", "想", "愿意", "打算"]
)
# "A不A" and 有没有 ask a question (忙不忙, 能不能, 是不是): the 不 / 没 is no negator.
_A_NOT_A = re.compile(r"([\u4e00-\u9fff])[不没]\1")


def masked(text: str) -> str:
    """``text`` with the words that only look like negators (不好意思, "not only", 忙不忙) blanked, same
    length."""
    text = _MASK_ZH.sub(lambda m: "　" * len(m.group(0)), text)
    text = _A_NOT_A.sub(lambda m: m.group(1) + "　" + m.group(1), text)
    return _MASK_EN.sub(lambda m: "_" * len(m.group(0)), text)


# A verb of handing over negated at the end of its clause takes what comes before the negator as its
# object (or, for 外泄, its subject): "个人电话我不能给您", "号码不能告诉您", "您的号码不会外泄" say 电话 / 号码
# under negation as much as "不能给您个人电话" does.
_HAND_OVER = (
    "给",
    "提供",
    "透露",
    "告诉",
    "告知",
    "外泄",
    "泄露",
    "泄漏",
    "外传",
    "外流",
    "公开",
    "出示",
    "转给",
    "交给",
    "发给",
)
# Words of manner between the negator and the verb of handing over: "号码不方便提供", "不能对外提供", "不能随便给".
_HAND_OVER_MANNER = frozenset(["方便", "对外", "随便", "随意", "私自", "擅自", "直接"])
_PRONOUNS = frozenset(
    ["您", "你", "他", "她", "它", "他们", "她们", "你们", "我", "我们", "咱们", "大家", "别人", "任何人"]
)


def _fronted_object(tokens: list[str], out: list[bool]) -> None:
    """Mark the fronted object of a clause-final negated verb of handing over as negated (in place)."""
    if NEGATORS_ZH.isdisjoint(tokens):
        return
    last = max(i for i, t in enumerate(tokens) if t in NEGATORS_ZH)
    if last <= 0:
        return
    after = [
        i
        for i in range(last + 1, len(tokens))
        if tokens[i].startswith(_HAND_OVER)
        or (
            _text._KEEP.search(tokens[i])
            and tokens[i] not in _text.STOP_ZH
            and tokens[i] not in _PRONOUNS
            and tokens[i] not in _HAND_OVER_MANNER
        )
    ]
    if len(after) != 1 or not out[after[0]] or not tokens[after[0]].startswith(_HAND_OVER):
        return
    for j in range(last - 1, -1, -1):
        low = tokens[j]
        if low in _CONTRAST or low in _SCOPE_END or low in NEGATORS_ZH:
            break
        if (
            _text._KEEP.search(low)
            and low not in _text.STOP_ZH
            and low not in _PRONOUNS
            and low not in _MODALS
        ):
            out[j] = True


# A topic put first, then a subject and a negated verb that ends the clause: the topic is that verb's object
# ("这句话我不会照着讲", "这种话我是不会说的", "那套说辞我不照搬", "系统正常这个说法我不会用" say under negation what
# "我不会照着这句话讲" does). The subject is a person; between it and the negator only adverbs; after the
# negator only words of manner, a phrase of whom it is said to (跟客户, 对他, 给您) and the verb.
_SUBJECTS = frozenset(["我", "我们", "咱们", "咱", "你", "您", "你们", "他", "她", "他们", "她们", "本人"])
_BEFORE_NEGATOR = frozenset(
    ["是", "也", "都", "就", "还", "可", "真", "确实", "肯定", "一定", "绝对", "从来", "根本", "当然", "自然", "万万",
     "千万", "实在", "坚决", "压根", "这边", "那边", "这里", "个人", "本身", "自己", "再", "已经", "一直", "暂时"]
)  # fmt: skip
_MANNER = frozenset(
    ["照着", "照", "按", "按照", "随便", "随意", "轻易", "直接", "主动", "私自", "擅自", "对外", "方便", "马上", "立刻",
     "这么", "那么", "这样", "那样", "去", "来", "再", "敢", "想", "愿意", "打算", "会", "能", "要", "可以", "应该",
     "帮", "替", "原样", "原封不动", "一字不差", "照本宣科", "跟着"]
)  # fmt: skip
_TO_WHOM = frozenset(["跟", "对", "向", "和", "同", "给", "找", "为"])
_PARTICLES = frozenset(["的", "了", "啊", "呀", "吧", "呢", "嘛", "哦", "啦", "的了"])
# Without a subject, only a topic that is something said is an object ("这种话不能说", "系统正常这个说法不能用"):
# another noun put first is as likely the subject ("客户不会用").
_SAID_NOUNS = ("话", "说法", "话术", "说辞", "口径", "措辞", "字眼", "句子", "原话", "台词", "承诺")
# A topic is a noun phrase: a clause start that supposes, or a topic with a predicate of its own (a degree
# word, an aspect particle, a modal), is no fronted object ("如果系统正常我不会说", "客户很着急我不能拖",
# "电话我打了好几次他都没接").
_NOT_TOPIC = frozenset(
    ["如果", "要是", "假如", "万一", "即使", "就算", "哪怕", "只要", "因为", "虽然", "既然", "的话", "除非", "等",
     "很", "太", "非常", "特别", "挺", "比较", "十分", "真", "了", "过", "着", "会", "能", "要", "可以", "应该", "想",
     "已经", "正在", "在"]
)  # fmt: skip


_DEGREE = ("很", "太", "挺", "非常", "特别", "十分", "比较", "有点")
_WHEN = re.compile(
    r"^(?:[今明后昨前]天|现在|目前|暂时|以后|之后|之前|今晚|明早|上午|下午|晚上|早上|中午|周|星期|\d)"
)


# Not knowing about a topic neither refuses nor denies it ("结果的事我们不清楚"): the topic is what is spoken of.
_KNOWING = frozenset(
    ["清楚", "知道", "了解", "明白", "确定", "懂", "熟悉", "记得", "理解", "晓得", "认识", "确认"]
)


def _potential(tok: str) -> bool:
    return bool(_lx.POTENTIAL_NEG.match(tok)) and tok not in _lx.FIXED_NOT and tok[-3:] not in _lx.FIXED_NOT


@functools.lru_cache(maxsize=65536)  # words, not texts
def _content_token(tok: str) -> bool:
    return bool(_text._KEEP.search(tok)) and tok not in _text.STOP_ZH and tok not in _PRONOUNS


def _last(tokens: list[str], wanted: Callable[[str], bool]) -> int:
    """The position of the last token ``wanted`` accepts, -1 when none."""
    for i in range(len(tokens) - 1, -1, -1):
        if wanted(tokens[i]):
            return i
    return -1


def _final_word(tok: str) -> bool:
    return _content_token(tok) and tok not in _PARTICLES and tok not in _lx.RESULT_NEG


def _fronted_topic(tokens: list[str], out: list[bool]) -> None:
    """Mark a topic put before a subject and a clause-final negated verb as negated (in place)."""
    neg = _last(tokens, NEGATORS_ZH.__contains__)
    # a clause-final potential negative (这种话我说不出口): its own word is negated, not the flag
    potential = -1
    if neg < 0:
        last = _last(tokens, _final_word)
        if last < 0 or not _potential(tokens[last]):
            return  # (a split one, 解决 / 不了, negates no object after it either: "解决不了这个问题")
        potential = neg = last
    # the predicate: words of manner, to whom, particles and one verb, negated
    verb = -1
    i = neg + 1
    while i < len(tokens):
        tok = tokens[i]
        if tok in _CONTRAST or tok in _SCOPE_END or tok in NEGATORS_ZH:
            return
        if tok in _TO_WHOM:
            i += 2 if i + 1 < len(tokens) and tokens[i + 1] not in _MANNER else 1
            continue
        if tok in _MANNER or tok in _PARTICLES or tok in _lx.RESULT_NEG or not _content_token(tok):
            i += 1
            continue
        if verb >= 0:
            return  # a second content word: the verb has an object of its own
        verb = i
        i += 1
    if potential < 0 and (verb < 0 or not out[verb] or tokens[verb] in _KNOWING):
        return
    if potential >= 0 and verb >= 0:
        return
    # the subject and the adverbs before the negator
    j = neg - 1
    while j >= 0 and tokens[j] in _BEFORE_NEGATOR:
        j -= 1
    subject = j >= 0 and tokens[j] in _SUBJECTS
    end = j if subject else neg - (neg - 1 - j)
    topic = [k for k in range(0, end) if _content_token(tokens[k]) and tokens[k] not in _MODALS]
    if not topic or any(tokens[k] in _NOT_TOPIC or tokens[k] in _CONTRAST or tokens[k] in _SCOPE_END
                        for k in range(0, end)):  # fmt: skip
        return
    if any(t in _SUBJECTS or t in NEGATORS_ZH or t.startswith(_DEGREE) for t in tokens[:end]):
        return
    if not subject and not tokens[topic[-1]].endswith(_SAID_NOUNS):
        return
    for k in topic:
        if not _WHEN.match(tokens[k]):  # 明天我不上班: a time is when, not what
            out[k] = True


# A negator followed by a coverb negates the whole verb phrase it opens, up to the verb at its end: "不会照着
# 主管这句话讲", "不能把电话给您", "不会用系统正常这个说法" (not only the next three words).
_COVERBS = frozenset(
    [
        "照着",
        "照",
        "按",
        "按照",
        "依照",
        "把",
        "将",
        "拿",
        "用",
        "以",
        "跟",
        "对",
        "向",
        "和",
        "同",
        "替",
        "帮",
    ]
)
_COVERB_ADVERBS = frozenset(
    ["再", "会", "能", "要", "去", "随便", "直接", "马上", "轻易", "主动", "擅自", "私自", "随意"]
)
_CLAUSE_SCOPE = 99


def _coverb_next(tokens: list[str], at: int) -> bool:
    for tok in tokens[at + 1 : at + 4]:
        if tok in _COVERB_ADVERBS:
            continue
        return tok in _COVERBS
    return False


def negated_flags(tokens: list[str], topic: bool = True) -> list[bool]:
    """For each token of a clause (stop words kept), whether a negator before it in the clause covers it.

    A negator covers the next three content tokens; a contrast word ends its scope; two negators in a row
    cancel. A negated verb of saying covers the rest of the clause: in "没提财务忙不忙" and "没说其他部门忙"
    everything after 提 / 说 is what was not said.
    """
    out: list[bool] = []
    scope = 0
    polarity = False
    said: bool | None = None
    covered = False  # whether the negator has covered a verb or noun (not only a modal such as 需要)
    for at, tok in enumerate(tokens):
        low = tok.lower()
        if low in _CONTRAST or low in _SCOPE_END:
            scope, polarity, said = 0, False, None
            out.append(False)
            continue
        if said is not None:  # what was not said: the rest of the clause, whatever negators it holds
            out.append(said)
            continue
        if low in NEGATORS_ZH or low in NEGATORS_EN or low.endswith("n't"):
            polarity = not polarity if scope else True
            scope, covered = (_CLAUSE_SCOPE if _coverb_next(tokens, at) else 3), False
            if low in _NEEDLESS:  # 不用再从头说一遍: all of it is not needed
                said = polarity
            out.append(False)
            continue
        if scope == 3 and not covered and low in _NEED:  # 不需要他再从头讲一遍
            said = polarity
            out.append(polarity)
            continue
        if scope and covered and low in _NEXT_PREDICATE:  # 没有解释让他讲完: 讲完 is not negated
            scope, polarity = 0, False
        if not scope and polarity and low == "of" and out and out[-1]:
            # "not able to provide a copy of the data": the noun's "of" phrase is what is not given
            scope = 2
        if scope:
            out.append(polarity)
            if low in SPEECH_VERBS:
                said = polarity
            if _text._KEEP.search(tok) and low not in _text.STOP_ZH and low not in _text.STOP_EN:
                scope -= 1
                covered = covered or low not in _MODALS  # 不需要再从头讲: 需要 is no predicate of its own
        else:
            out.append(False)
    _fronted_object(tokens, out)
    if topic:
        _fronted_topic(tokens, out)
    return out


def is_negated_at(text: str, start: int, lang: str | None = None) -> bool:
    """Whether the phrase starting at ``text[start]`` is negated in its clause (不会推诿, "won't blame")."""
    return _text.is_negated(masked(text), start, lang)
