"""Chinese numerals read as numbers where they count something: 六点 → 6点, 十五分钟 → 15分钟.

A numeral is only rewritten when a unit or a clock word follows it (点, 分钟, 天, 个工作日, 元, 次…), so
一下, 一定, 一些, 一直, 一样, 十分抱歉, 万一, 千万 stay words. 一刻钟 becomes 15分钟, 半小时 30分钟,
一个半小时 90分钟, 三点半 3点30分, 两三天 2-3天, 一到三个工作日 1到3个工作日.

Amounts said the spoken way drop the last unit: 两万六 is 26000, 两万四千三 24300, 三千二百八 3280, 一百二
120. A numeral with 百, 千 or 万 in it that starts with a digit is an amount even with no unit after it
(已经用了两万四千三): 千万, 万一 and 十万火急 do not start with a digit and stay words.
"""

from __future__ import annotations

import re

DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUM = "零〇一二两三四五六七八九十百千万"
NUM = rf"(?:\d+(?:\.\d+)?|[{CN_NUM}]+)"

# Words that may follow a number of things (a quantity or a duration).
_QUANTITY_UNIT = re.compile(
    r"(?:个半小时|个半钟头|个小时|个钟头|个工作日|个星期|个礼拜|个月|个|小时|钟头|分钟|刻钟|工作日|秒钟?|天|日|"
    r"周|星期|礼拜|月|年|号|次|遍|元|块|毛|件|单|位|倍|岁|条|张|台|份|箱|盒|瓶|公斤|斤|米|公里|折|成|%|名|家|"
    r"笔|项|步|轮|期|页|层|楼|分(?=钟))"
)
_CLOCK_AFTER = re.compile(
    r"点(?:半|钟|整|前|之前|以前|左右|多|过|后|以后|到|至|以内|之内|内|[0-9零一二两三四五六七八九十]+分|[一三]刻|[，,。.!！?？;；]|$)"
)
_TIME_WORD_BEFORE = re.compile(
    r"(?:今天|今日|今晚|明天|明日|明早|明晚|后天|昨天|早上|早晨|清晨|上午|中午|下午|傍晚|晚上|夜里|凌晨|周[一二三四五六日天]|"
    r"星期[一二三四五六日天]|礼拜[一二三四五六日天]|到|至|在|约|大约|大概|于|前|号|日)\s*$"
)
_WEEKDAY_BEFORE = re.compile(r"(?:周|星期|礼拜)$")
_NUMERAL_RUN = re.compile(rf"[{CN_NUM}]+")


def cn_int(numeral: str) -> int | None:
    """The value of a Chinese numeral (十五 → 15, 一百二十 → 120, 两千 → 2000, 二〇二六 → 2026), or None."""
    if not numeral:
        return None
    if numeral.isdigit() and numeral.isascii():
        return int(numeral)
    if any(ch not in DIGITS and ch not in _UNITS and ch != "万" for ch in numeral):
        return None
    if not any(ch in _UNITS or ch == "万" for ch in numeral):
        if len(numeral) == 1:
            return DIGITS[numeral]
        if len(numeral) >= 3 or "〇" in numeral or "零" in numeral:  # positional: 二〇二六
            return int("".join(str(DIGITS[ch]) for ch in numeral))
        return None  # 一一, 五六 (read as a range elsewhere)
    total, section, digit = 0, 0, None
    last_unit = 0  # the unit before the trailing digit, for the spoken form 两万六 = 26000
    for ch in numeral:
        if ch in DIGITS and DIGITS[ch] == 0:
            digit = None  # 一百零五
        elif ch in DIGITS:
            if digit is not None and DIGITS[ch] != 0:
                return None  # two digits in a row: 三五十 is not a number
            digit = DIGITS[ch]
        elif ch in _UNITS:
            section += (1 if digit is None else digit) * _UNITS[ch]
            digit, last_unit = None, _UNITS[ch]
        else:  # 万
            total += (section + (digit or 0)) * 10000
            section, digit, last_unit = 0, None, 10000
        if ch in DIGITS and DIGITS[ch] == 0:
            last_unit = 0  # 一百零五, 两万零六: the digit after a zero is ones
    if digit is not None and last_unit >= 100:
        digit *= last_unit // 10  # 两万六, 三千二百八, 一百二: the spoken form drops the last unit
    return total + section + (digit or 0)


def to_number(token: str) -> float | None:
    """Arabic or Chinese numeral as a number (``"3"``, ``"2.5"``, ``"十五"``), or None."""
    if re.fullmatch(r"\d+(?:\.\d+)?", token):
        return float(token)
    value = cn_int(token)
    return float(value) if value is not None else None


def _fmt(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


_FIXED = (
    (re.compile(rf"({NUM})个半(小时|钟头)"), lambda m: f"{_fmt((to_number(m.group(1)) or 0) * 60 + 30)}分钟"),
    (re.compile(r"半(?:个)?(?:小时|钟头)"), lambda m: "30分钟"),
    (re.compile(r"(?<![0-9零一二两三四五六七八九十])一刻钟"), lambda m: "15分钟"),
    (re.compile(r"三刻钟"), lambda m: "45分钟"),
    (re.compile(rf"({NUM})点半"), lambda m: f"{m.group(1)}点30分"),
    (re.compile(rf"({NUM})点一刻"), lambda m: f"{m.group(1)}点15分"),
    (re.compile(rf"({NUM})点三刻"), lambda m: f"{m.group(1)}点45分"),
)


def _numeral_ok(text: str, start: int, end: int) -> str | None:
    """The digits for the numeral ``text[start:end]`` if it counts something here, else None."""
    run = text[start:end]
    after = text[end : end + 6]
    before = text[max(0, start - 6) : start]
    if _WEEKDAY_BEFORE.search(before) and len(run) == 1:
        return None  # 周一, 星期三: a weekday, not a number
    if before.endswith("第"):
        return None
    if len(run) == 2 and run[0] in DIGITS and run[1] in DIGITS and DIGITS[run[1]] == DIGITS[run[0]] + 1:
        if _QUANTITY_UNIT.match(after):  # 两三天, 五六个
            return f"{DIGITS[run[0]]}-{DIGITS[run[1]]}"
        return None
    value = cn_int(run)
    if value is None:
        return None
    if after.startswith("点"):
        if value > 24:
            return None
        if _TIME_WORD_BEFORE.search(before):
            return str(value)
        if value == 1:  # 快一点, 一点也不: only a clock with a clock word after it
            return "1" if re.match(r"点(?:半|钟|整|前|之前|以前|左右|[0-9]+分)", after) else None
        return str(value) if _CLOCK_AFTER.match(after) else None
    if after.startswith("分") and not after.startswith("分钟"):
        if re.search(rf"[0-9{CN_NUM}]点$", before):  # 三点十分
            return str(value)
        return None  # 十分抱歉, 万分感谢
    if _QUANTITY_UNIT.match(after):
        return str(value)
    if value >= 100 and run[0] in DIGITS and DIGITS[run[0]] and re.search("[百千万]", run):
        return str(value)  # an amount: 已经用了两万四千三, 三千四百五，明天发货
    if re.match(rf"\s*(?:到|至|~|-|—|－)\s*[0-9{CN_NUM}]+", after):  # 一到三个工作日: first half of a range
        rest = re.match(rf"\s*(?:到|至|~|-|—|－)\s*([0-9{CN_NUM}]+)", after)
        tail = text[end + (rest.end() if rest else 0) : end + (rest.end() if rest else 0) + 6]
        if _QUANTITY_UNIT.match(tail) or tail.startswith("点"):
            return str(value)
    return None


_ANY_NUMERAL = re.compile(rf"[{CN_NUM}半]")


def normalize_numerals(text: str) -> str:
    """``text`` with counting numerals as digits and 一刻钟/半小时/三点半 in minutes (see the module doc)."""
    if not text or not _ANY_NUMERAL.search(text):
        return text
    if "半" in text or "刻" in text:  # each of _FIXED says one of them
        for pattern, repl in _FIXED:
            text = pattern.sub(repl, text)
    out: list[str] = []
    last = 0
    for m in _NUMERAL_RUN.finditer(text):
        digits = _numeral_ok(text, m.start(), m.end())
        if digits is None:
            continue
        out.append(text[last : m.start()])
        out.append(digits)
        last = m.end()
    out.append(text[last:])
    return "".join(out)


_EN_NUMBERS = {
    "zero": 0, "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "twenty-four": 24, "thirty": 30, "forty": 40, "forty-five": 45, "forty-eight": 48, "fifty": 50,
    "sixty": 60, "seventy-two": 72, "ninety": 90, "hundred": 100,
}  # fmt: skip
_EN_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_EN_NUMBERS.update(_EN_TENS)
# thirty-five, forty five: a tens word and a unit word are one number, not a range from 30 to 5
_EN_NUMBERS.update(
    {
        f"{tens}{sep}{unit}": value + _EN_NUMBERS[unit]
        for tens, value in _EN_TENS.items()
        for unit in ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
        for sep in ("-", " ")
    }
)
EN_NUM = (
    r"(?:\d+(?:\.\d+)?|"
    + "|".join(sorted((w for w in _EN_NUMBERS if len(w) > 2), key=len, reverse=True))
    + r")"
)


def en_number(word: str) -> float | None:
    """An English number word or digits as a number (``"two"`` → 2, ``"24"`` → 24), or None."""
    word = word.lower()
    if re.fullmatch(r"\d+(?:\.\d+)?", word):
        return float(word)
    value = _EN_NUMBERS.get(word)
    return float(value) if value is not None else None
