"""Times, dates, durations and deadlines a candidate states, in Chinese (also in Chinese numerals) and English.

:func:`stated_times` merges the understanding layer's time mentions (only those that can be a promise)
with a compact set of patterns here for what customer-service replies say: 今天下午六点前, 18:00 前,
一到三个工作日, 十五分钟内, 一刻钟, 明天上午, 周四, "by 6 pm", "within two hours", "tomorrow morning".
Each mention keeps the candidate's words (``quote``) so the customer can repeat them back as said.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from trainer.grading import understanding
from trainer.grading.understanding.numerals import cn_int, normalize_numerals

_NUM = "[零〇一二两三四五六七八九十百0-9０-９]+"
_DAY = "(?:今天|今日|今晚|明天|明日|明早|明晚|后天|当天|本周[一二三四五六日天]?|下周[一二三四五六日天]?|周[一二三四五六日天]|星期[一二三四五六日天]|礼拜[一二三四五六日天])"
_PART = "(?:凌晨|早上|上午|中午|下午|傍晚|晚上|夜里|今晚|早|晚)"
_BEFORE = "(?:之前|以前|前|之内|以内|内|左右|上下|为止)"
# 分种 is the usual slip of a pinyin keyboard for 分钟
_UNIT = "(?:分钟|分种|小时|个小时|钟头|个钟头|天|日|个工作日|工作日|周|个星期|星期|个月)"
_ZH = re.compile(
    "|".join(
        (
            # 一到三个工作日, 1-3 个工作日
            rf"{_NUM}\s*(?:到|至|-|~|－|—)\s*{_NUM}\s*{_UNIT}{_BEFORE}?",
            # 今天下午六点前, 18:00 前, 明天上午十点半
            rf"{_DAY}?\s*{_PART}?\s*(?<!第){_NUM}\s*(?:点|时(?![间候刻]|半会)|[:：][0-5０-９][0-9０-９])(?:半|一刻|{_NUM}分?)?\s*{_BEFORE}?",
            # 十五分钟内, 两个小时以内, 3 天后 (a bare "三天" is how long they waited, not a promise)
            rf"{_NUM}\s*{_UNIT}\s*(?:{_BEFORE}|后|之后)",
            rf"(?:(?<=最晚|最迟|最多|大约|大概|预计|也就|顶多)|(?<=不超过|差不多)){_NUM}\s*{_UNIT}",
            # 两三分钟就通了, 半小时就到: a duration and then what will happen
            rf"{_NUM}\s*{_UNIT}\s*(?=就(?:能|会|可以)?(?:到|好|通|出|有|回|送|办|接))",
            # 两天到, 三天能送到, 一天就到账: a duration and the arrival (not 三天到现在, how long they waited)
            rf"{_NUM}\s*{_UNIT}\s*(?=(?:就|也就)?(?:能|会|可以)?(?:到(?!现在|今天|这会|了|头)|送到|送达|到货|到账))",
            # 三分钟接通, 半小时恢复: a duration and the line through or the service back (not 停了三天恢复了)
            rf"{_NUM}\s*{_UNIT}\s*(?=(?:能|会|可以)?(?:接通|接上|连上|打通|恢复|出结果|修好)(?!了))",
            rf"{_NUM}\s*个?工作日",
            r"(?:一刻钟|半个?小时|半天)(?:之内|以内|内|后)?",
            # 几分钟就能接通, 几分钟内: a few minutes is an estimate (几天 is not: 过几天 puts off)
            r"几\s*分钟\s*(?:之内|以内|内|后|(?=就))",
            # 12 月 3 日前, 3 号之前 (a bare date is usually the customer's own fact)
            rf"(?:{_NUM}\s*月\s*)?{_NUM}\s*[日号]\s*(?:之前|以前|前)",
            # 今天之内, 明天上午, 今天下班前, 周四; a bare 今天 is not a time
            rf"{_DAY}\s*(?:{_PART}|下班|中午|午饭|晚饭|营业结束|结束)\s*{_BEFORE}?",
            rf"(?:今天|当天|{_DAY}){_BEFORE}",
            r"(?:明天|明早|明晚|后天|周[一二三四五六日天]|星期[一二三四五六日天])",
        )
    )
)
_EN_UNIT_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine)"
# thirty-five, forty five: one number (a tens word and a unit word), never a range from thirty to five
_EN_NUM = (
    rf"(?:\d+|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[- ]{_EN_UNIT_WORD}\b|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|"
    r"ninety|a|an|a couple of|a few)"
)
_NOT_A_COMPOUND = rf"(?![- ]{_EN_UNIT_WORD}\b)"
_EN_CLOCK = (
    r"(?:\d{1,2}(?::[0-5]\d)?\s*(?:a\.?m\.?|p\.?m\.?|o'clock)?|noon|midday|"
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)(?:\s*(?:a\.?m\.?|p\.?m\.?|o'clock)|(?=\s+(?:tomorrow|today|tonight|this)\b)|$))"
)
# "between two and three hundred homes" counts things, not hours
_NOT_A_COUNT = r"(?!\s*(?:hundred|thousand|million|percent|%|pounds|quid|dollars|euros|homes|households|houses|customers|people|items|orders|stores|shops)\b)"
_EN_DAY = r"(?:today|tonight|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday|the end of (?:the )?day|end of day|noon|midday|midnight)"
_EN = re.compile(
    "|".join(
        (
            rf"\b(?:within|in|under|inside)\s+(?:the\s+next\s+)?(?:about\s+|around\s+|roughly\s+|approximately\s+|less\s+than\s+|another\s+)?{_EN_NUM}(?:\s*(?:to|-)\s*{_EN_NUM})?\s+(?:business\s+|working\s+)?(?:minutes?|mins?|hours?|hrs?|days?|weeks?)\b",
            rf"\b{_EN_NUM}{_NOT_A_COMPOUND}(?:\s*(?:to|-)\s*{_EN_NUM})\s+(?:business\s+|working\s+)?(?:minutes?|hours?|days?|weeks?)\b",
            # between 8 and 12, from 2 to 4 pm, 8-12 tomorrow: a window is an estimate
            rf"\b(?:between|from)\s+{_EN_CLOCK}\s+(?:and|to|till|until|-)\s+{_EN_CLOCK}(?![\d:]){_NOT_A_COUNT}(?:\s+(?:tomorrow|today|tonight))?",
            r"\b\d{1,2}(?::[0-5]\d)?\s*(?:to|-|–)\s*\d{1,2}(?::[0-5]\d)?\s*(?:a\.?m\.?|p\.?m\.?|o'clock)\b",
            r"\b(?:by|before|until|at|around)?\s*\d{1,2}(?::[0-5]\d)?\s*(?:a\.?m\.?|p\.?m\.?|o'clock)\b",
            r"\b(?:by|before|until|at)\s+\d{1,2}:[0-5]\d\b",
            r"\b\d{1,2}:[0-5]\d\b",
            rf"\b(?:by|before|until|on|this|next)\s+{_EN_DAY}(?:\s+(?:morning|afternoon|evening|night|noon))?\b",
            rf"\b{_EN_DAY}\s+(?:morning|afternoon|evening|night|at\s+\d{{1,2}}(?::[0-5]\d)?\s*(?:am|pm)?)\b",
            r"\b(?:tomorrow|tonight)\b",
            r"\b(?:an?|half an?)\s+hour\b",
            # "about 35 minutes from now", "two hours from now"
            rf"\b(?:(?:about|around|roughly)\s+)?{_EN_NUM}\s+(?:minutes?|mins?|hours?|hrs?|days?)\s+from\s+now\b",
        )
    ),
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Stated:
    """One time said by the candidate: their words, and a normalised value to compare."""

    quote: str
    value: str


def zh_number(numeral: str) -> int | None:
    """The value of a Chinese (or Arabic) numeral: 六 → 6, 十五 → 15, 二十 → 20."""
    numeral = numeral.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    return int(numeral) if numeral.isdigit() else cn_int(numeral)


def _normalised(quote: str) -> str:
    return normalize_numerals(quote)


def _trim(quote: str) -> str:
    return quote.strip(" ，,。.;；!?！？")


_FUTURE_CUE = re.compile(
    r"(最晚|最迟|最多|大约|大概|预计|约|需要|不超过|差不多|\bwithin|\bin|\babout|\baround|\broughly|\bapproximately|"
    r"\b(?:takes?|taking|needs?) (?:about|around|roughly))\s*$",
    re.IGNORECASE,
)


def _promise_like(text: str, mention: understanding.TimeMention) -> bool:
    """Whether a time the understanding layer found can be a time given (not how long they waited,
    not a bare day of the month)."""
    if mention.kind == "duration":
        before = text[max(0, mention.span.start - 16) : mention.span.start]
        after = text[mention.span.end : mention.span.end + 2]
        return "WD" in mention.value or bool(_FUTURE_CUE.search(before)) or after.startswith(("后", "之后"))
    if mention.kind == "date" and (mention.value.startswith("---") or mention.value == "+0d"):
        return False  # a bare day of the month (their own fact) or a bare "today"
    # "in one more time" is not a deadline
    return not (mention.kind == "deadline" and re.match(r"(?i)in\s+(one|a)$", mention.span.text.strip()))


def stated_times(text: str, lang: str | None = None) -> list[Stated]:
    """Every time, date, duration or deadline in ``text``, in order, with the verbatim quote.

    The understanding layer's mentions and the patterns here are merged; where they overlap the longer
    quote wins (明天上午 11 点前 over 明天上午).
    """
    if not text:
        return []
    lang = lang or understanding.detect_lang(text)
    found: list[tuple[int, int, Stated]] = []
    for t in understanding.times(text, lang):
        if _promise_like(text, t):
            found.append((t.span.start, t.span.end, Stated(quote=_trim(t.span.text), value=t.value)))
    for pattern in (_ZH, _EN) if lang == "zh" else (_EN, _ZH):
        for m in pattern.finditer(text):
            quote = _trim(m.group(0))
            if (
                len(quote) >= 2
                and not quote.isdigit()
                and not _is_only_word(quote)
                and not _A_BIT.match(quote)
            ):
                start = m.start() + m.group(0).find(quote)
                found.append(
                    (start, start + len(quote), Stated(quote=quote, value=_normalised(quote.lower())))
                )
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    out: list[Stated] = []
    end = begin = -1
    for start, stop, stated in found:
        if out and start >= end and _ADJACENT.match(text[end:start]):
            # "tomorrow before 1 pm", 明天 下午三点: one time said in two pieces
            quote = _trim(text[begin:stop])
            out[-1], end = Stated(quote=quote, value=f"{out[-1].value} {stated.value}"), stop
        elif start >= end:
            out.append(stated)
            begin, end = start, stop
        elif stop > end and start == begin:
            out[-1], end = stated, stop  # a longer reading of the same words
        elif stop > end:
            # two readings that overlap (from 2 to 4 pm + 4 pm on Thursday): one time, said whole
            quote = _trim(text[begin:stop])
            out[-1], end = Stated(quote=quote, value=f"{out[-1].value} {stated.value}"), stop
    return out


_ADJACENT = re.compile(r"^\s*(?:at|,)?\s*$", re.IGNORECASE)
_A_BIT = re.compile(r"^[一两]点$")  # 慢一点, 快两点: "a bit", not one o'clock


def _is_only_word(quote: str) -> bool:
    """A bare 'a'/'an'/'at' or a lone weekday-free word that the loose patterns let through."""
    return quote.lower() in {"a", "an", "at", "by", "in", "on", "日", "号", "天"}
