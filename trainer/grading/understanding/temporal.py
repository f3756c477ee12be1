"""Times, dates, durations and deadlines said in a text, normalised so that phrasings compare.

Values (the ``value`` of a :class:`TimeMention`):

- clock ``HH:MM`` on a 24-hour day. A 下午/晚上/pm word moves 1–11 to the afternoon (下午六点 → 18:00,
  中午一点 → 13:00). An hour said without one (六点, 6:00, "at six") keeps its face value (06:00) and is
  marked ``ambiguous``: :func:`times_match` lets it match the same hour twelve hours later, so 六点 matches
  18:00 but not 09:00.
- date ``+0d`` (today), ``+1d``, ``+2d``; a weekday ``thu``, ``next-mon``; a calendar day ``--12-03``.
- datetime ``<date> <clock>`` or ``<date> <part of day>`` (``+1d 09:00``, ``thu evening``).
- duration ISO-like: ``PT15M``, ``PT2H``, ``P1D`` (24 hours and 一天 are the same), ``P3WD`` (working days),
  ``P1M`` (months).
- range ``<from>/<to>`` (一到三个工作日 → ``P1WD/P3WD``; 9点到10点 → ``09:00/10:00``).
- deadline ``≤<value>``: a clock or date followed by 前/之前/以前/为止 or after by/before/until, a
  duration followed by 内/以内/之内 or after within/"in the next". "in two days" is read as a promise
  within two days (``≤P2D``); 两天后 as a date (``+2d``).

Not reported: a bare 今天/today (it names the present: 今天天气不错), and time already gone by (多等了三天,
已经两个小时了, "waited two days", "three days ago").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from trainer.grading.understanding.numerals import CN_NUM, DIGITS, EN_NUM, cn_int, en_number, to_number
from trainer.grading.understanding.types import Span, TimeMention

_N = rf"(?:\d+(?:\.\d+)?|[{CN_NUM}]+)"
_WEEKDAY = {
    "一": "mon",
    "二": "tue",
    "三": "wed",
    "四": "thu",
    "五": "fri",
    "六": "sat",
    "日": "sun",
    "天": "sun",
}
_WEEKDAY.update({"1": "mon", "2": "tue", "3": "wed", "4": "thu", "5": "fri", "6": "sat", "7": "sun"})
_EN_WEEKDAY = {
    "mon": "mon", "tue": "tue", "wed": "wed", "thu": "thu", "fri": "fri", "sat": "sat", "sun": "sun",
}  # fmt: skip
_PART_ZH = {
    "凌晨": "early", "早上": "morning", "早晨": "morning", "清晨": "morning", "上午": "morning", "中午": "noon",
    "午后": "afternoon", "下午": "afternoon", "傍晚": "evening", "晚上": "evening", "晚间": "evening",
    "夜里": "night", "夜间": "night", "半夜": "night",
}  # fmt: skip
_DAY_WORD_ZH = {
    "今天": ("+0d", ""), "今日": ("+0d", ""), "今晚": ("+0d", "evening"), "今早": ("+0d", "morning"),
    "明天": ("+1d", ""), "明日": ("+1d", ""), "明早": ("+1d", "morning"), "明晚": ("+1d", "evening"),
    "后天": ("+2d", ""), "大后天": ("+3d", ""), "昨天": ("-1d", ""), "当天": ("+0d", ""),
    # spoken and written forms of the same days: 明儿就能发 is 明天, 次日 / 第二天 / 隔天 发货 too
    "今儿": ("+0d", ""), "明儿": ("+1d", ""), "次日": ("+1d", ""), "第二天": ("+1d", ""), "隔天": ("+1d", ""),
}  # fmt: skip
_PM = {"afternoon", "evening", "night"}

_ATOMS_ZH = [
    ("day", re.compile(r"大后天|" + "|".join(sorted(_DAY_WORD_ZH, key=len, reverse=True)))),
    ("weekday", re.compile(r"(?P<rel>下下|下|上|本|这)?个?(?:周|星期|礼拜)(?P<wd>[一二三四五六日天1-7])")),
    # a bare "N号" that labels an item (5 号：…, 1 号、4 号, 1 号和 4 号, 6 号楼, 3号工单) is no day of the month
    (
        "mday",
        re.compile(
            rf"(?P<mo>{_N})月(?P<d>{_N})[日号]|"
            r"(?<!号[、和与及/,，])(?<!号\s[、和与及/,，])(?<!号[、和与及/,，]\s)(?<!号\s[、和与及/,，]\s)"
            rf"(?P<d2>{_N})(?:日|号(?!\s*(?:[：:]|[、和与及/,，]\s*\d+\s*号|"
            r"楼|线|工单|客户|窗口|床|柜|仓|位)))(?![内以之])"
        ),
    ),
    ("part", re.compile("|".join(_PART_ZH))),
    (
        "clock",
        re.compile(
            rf"(?P<h>{_N})点(?:(?P<half>半)|(?P<q>[一三])刻|(?P<m>{_N})分?|钟|整)?|(?P<h2>\d{{1,2}})[:：](?P<m2>\d{{2}})"
        ),
    ),
    (
        "dur",
        re.compile(
            rf"(?P<n1>{_N})(?:\s*(?:到|至|~|-|—|－)\s*(?P<n2>{_N}))?\s*"
            r"(?P<unit>个半小时|个半钟头|个小时|个钟头|小时|钟头|分钟|秒钟?|个工作日|工作日|天|日(?=内|以内|之内)|"
            r"个星期|星期|个礼拜|礼拜|周|个月|年)"
            r"|(?P<fixed>半个?小时|一刻钟|三刻钟|半天)"
        ),
    ),
    ("dl", re.compile(r"之前|以前|为止|以内|之内|前|内")),
    ("after", re.compile(r"以后|之后|后")),
]

_EN_DAYNAMES = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?"
_ATOMS_EN = [
    (
        "dl",
        re.compile(
            r"\b(?:no later than|not later than|by|before|until|till|within|in the next|in under|in less than|in)\b"
        ),
    ),
    (
        "day",
        re.compile(
            r"\b(?:the day after tomorrow|today|tonight|tomorrow|this morning|this afternoon|this evening|tmrw)\b"
        ),
    ),
    ("weekday", re.compile(rf"\b(?:(?P<rel>next|this|coming)\s+)?(?P<wd>{_EN_DAYNAMES})\b")),
    ("part", re.compile(r"\b(?:in the\s+)?(?P<p>morning|afternoon|evening|night|noon|midday|midnight)\b")),
    (
        "clock",
        re.compile(
            r"\b(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s*(?P<ap>a\.m\.|p\.m\.|a\.?m|p\.?m|o'?clock)(?![a-z])"
            r"|\b(?P<h2>\d{1,2}):(?P<m2>\d{2})\b"
            r"|\b(?P<w>one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)(?:\s*(?P<ap2>a\.m\.|p\.m\.|a\.?m|p\.?m|o'?clock)(?![a-z]))?"
            r"|\b(?P<bare>\d{1,2})\b(?!\s*(?:-|to|or)?\s*\d)"
        ),
    ),
    (
        "dur",
        re.compile(
            rf"\b(?:(?P<half>half an?)|(?P<n1>{EN_NUM}|an?)(?:\s*(?:-|–|to|or)\s*(?P<n2>{EN_NUM}))?)\s*"
            r"(?P<wd>business |working )?(?P<unit>minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\b"
        ),
    ),
]
_GAP_ZH = re.compile(r"\s*(?:的|，|,)?\s*")
_GAP_EN = re.compile(r"\s*(?:,|at|around|about|on|the|of)?\s*(?:at|around|about)?\s*")


@dataclass
class _Atom:
    kind: str
    start: int
    end: int
    m: re.Match[str]


def _clock(h: float, m: float, part: str) -> tuple[str, bool]:
    hour, minute = int(h), int(m)
    ambiguous = False
    if part in _PM and hour < 12 or part == "noon" and 1 <= hour <= 5:
        hour += 12
    elif part == "evening" and hour == 12:
        hour = 0
    elif not part and 1 <= hour <= 12:
        ambiguous = True
    return f"{hour % 24:02d}:{minute:02d}", ambiguous


def _iso(minutes: float) -> str:
    minutes = int(round(minutes))
    if minutes % 1440 == 0:
        return f"P{minutes // 1440}D"
    if minutes % 60 == 0:
        return f"PT{minutes // 60}H"
    return f"PT{minutes}M"


_UNIT_MIN = {"分钟": 1, "秒": 1 / 60, "秒钟": 1 / 60, "小时": 60, "个小时": 60, "钟头": 60, "个钟头": 60, "天": 1440,
             "日": 1440, "周": 10080, "星期": 10080, "个星期": 10080, "礼拜": 10080, "个礼拜": 10080}  # fmt: skip
_EN_UNIT_MIN = {"min": 1, "minute": 1, "hour": 60, "hr": 60, "day": 1440, "week": 10080}


def _duration(n: float, unit: str, working: bool) -> str:
    if working or "工作日" in unit:
        return f"P{n:g}WD"
    if unit in ("个月", "month"):
        return f"P{n:g}M"
    if unit in ("年", "year"):
        return f"P{n:g}Y"
    if unit in ("个半小时", "个半钟头"):
        return _iso(n * 60 + 30)
    return _iso(n * _UNIT_MIN.get(unit, _EN_UNIT_MIN.get(unit, 1)))


def _num(token: str | None, lang: str) -> float | None:
    if not token:
        return None
    return to_number(token) if lang == "zh" else en_number(token)


def _atoms(folded: str, lang: str) -> list[_Atom]:
    found: list[_Atom] = []
    for kind, pattern in _ATOMS_ZH if lang == "zh" else _ATOMS_EN:
        for m in pattern.finditer(folded):
            if m.end() > m.start():
                found.append(_Atom(kind, m.start(), m.end(), m))
    found.sort(key=lambda a: (a.start, -(a.end - a.start)))
    out: list[_Atom] = []
    for atom in found:
        if out and atom.start < out[-1].end:
            continue
        out.append(atom)
    return out


def _clock_ok(folded: str, atom: _Atom, has_context: bool) -> bool:
    """Whether a clock atom is a time (六点, 3:30) and not 快一点, 有两点需要说明 or a bare number."""
    m = atom.m
    if m.groupdict().get("bare"):
        return has_context
    if m.groupdict().get("w") and not m.group("ap2"):
        return has_context
    hour = m.group("h")
    if hour and not hour.isdigit():
        from trainer.grading.understanding.numerals import _numeral_ok

        if not has_context and _numeral_ok(folded, m.start("h"), m.end("h")) is None:
            return False
        value = cn_int(hour)
        return value is not None and value <= 24
    return True


def _build(group: list[_Atom], lang: str, folded: str) -> tuple[str, str, bool] | None:
    kinds = [a.kind for a in group]
    date, part, clock, ambiguous = "", "", "", False
    deadline = False
    duration = ""
    for atom in group:
        m, k = atom.m, atom.kind
        if k == "day":
            word = m.group(0)
            if lang == "zh":
                date, p = _DAY_WORD_ZH.get(word, ("+3d", ""))
                part = part or p
            else:
                date = {"today": "+0d", "tonight": "+0d", "tomorrow": "+1d", "tmrw": "+1d"}.get(word, "")
                if word.startswith("this "):
                    date, part = "+0d", word.split()[1]
                if word == "tonight":
                    part = "evening"
                if word == "the day after tomorrow":
                    date = "+2d"
        elif k == "weekday":
            wd = m.group("wd")
            name = _WEEKDAY.get(wd, "") if lang == "zh" else _EN_WEEKDAY.get(wd[:3], "")
            rel = m.group("rel") or ""
            prefix = {"下": "next-", "下下": "next2-", "上": "last-", "next": "next-"}.get(rel, "")
            date = prefix + name
        elif k == "mday":
            mo = _num(m.group("mo"), lang)
            d = _num(m.group("d") or m.group("d2"), lang)
            if d is None or not 1 <= d <= 31:
                return None
            date = f"--{int(mo):02d}-{int(d):02d}" if mo else f"---{int(d):02d}"
        elif k == "part":
            part = _PART_ZH.get(m.group(0), "") if lang == "zh" else m.group("p")
            if part in ("midday", "noon") and lang == "en":
                part, clock = "", clock or "12:00"
            if part == "midnight":
                part, clock = "", "00:00"
        elif k == "clock":
            gd = m.groupdict()
            if lang == "zh":
                h = _num(gd.get("h") or gd.get("h2"), lang)
                if gd.get("half"):
                    mins: float | None = 30
                elif gd.get("q"):
                    mins = 15 if gd["q"] == "一" else 45
                else:
                    mins = _num(gd.get("m") or gd.get("m2"), lang) or 0
                ap = ""
            else:
                h = _num(gd.get("h") or gd.get("h2") or gd.get("w") or gd.get("bare"), lang)
                mins = _num(gd.get("m") or gd.get("m2"), lang) or 0
                ap = (gd.get("ap") or gd.get("ap2") or "").replace(".", "")
            if h is None or h > 24 or (mins or 0) >= 60:
                return None
            pending = (h, mins or 0, ap)
            clock = "pending"
        elif k == "dur":
            gd = m.groupdict()
            if lang == "zh":
                fixed = gd.get("fixed")
                if fixed:
                    duration = {"一刻钟": "PT15M", "三刻钟": "PT45M", "半天": "PT12H"}.get(fixed, "PT30M")
                    continue
                unit = gd["unit"]
                n1, n2 = gd["n1"], gd.get("n2")
                if unit == "年" and (n1[0] in "0零〇" or (len(n1) == 4 and not set(n1) & set("十百千万"))):
                    return None  # 零九年, 09年, 2009年, 二零零九年: a year named by its digits, no duration
                if len(n1) == 2 and n1[0] in DIGITS and n1[1] in DIGITS and not n2:
                    n2, n1 = n1[1], n1[0]  # 两三天
                a, b = _num(n1, lang), _num(n2, lang)
                if a is None:
                    return None
                duration = _duration(a, unit, False)
                if b is not None:
                    duration += "/" + _duration(b, unit, False)
            else:
                unit = gd["unit"].rstrip("s")
                unit = {"min": "minute", "hr": "hour"}.get(unit, unit)
                working = bool(gd.get("wd"))
                if gd.get("half"):
                    duration = _duration(0.5, unit, working)
                    continue
                a = _num(gd["n1"], lang) if gd["n1"] not in ("a", "an") else 1.0
                b = _num(gd.get("n2"), lang)
                if a is None:
                    return None
                duration = _duration(a, unit, working)
                if b is not None:
                    duration += "/" + _duration(b, unit, working)
        elif k == "dl":
            deadline = True
    if clock == "pending":
        h, mins, ap = pending
        if ap.startswith("p") and h < 12:
            h += 12
            part = part or "pm"
        elif ap.startswith("a"):
            part = part or "am"
            h = 0 if h == 12 else h
        clock, ambiguous = _clock(
            h, mins, "" if part in ("am", "pm") or (ap and part in ("am", "pm")) else part
        )
        if ap:
            ambiguous = False
        if part in ("am", "pm"):
            part = ""
    if duration:
        if date or clock:
            return None
        if "after" in kinds and "/" not in duration and duration.startswith("P") and duration.endswith("D"):
            return "date", "+" + duration[1:-1] + "d", False
        if deadline:
            return "deadline", "≤" + duration, False
        return ("range" if "/" in duration else "duration"), duration, False
    if not date and not clock:
        return None
    if date and (clock or part):
        value = f"{date} {clock or part}"
        kind = "datetime"
    else:
        value, kind = (date, "date") if date else (clock, "clock")
    if deadline:
        return "deadline", "≤" + value, ambiguous
    return kind, value, ambiguous


def _groups(atoms: list[_Atom], folded: str, lang: str) -> list[list[_Atom]]:
    gap = _GAP_ZH if lang == "zh" else _GAP_EN
    groups: list[list[_Atom]] = []
    for atom in atoms:
        if groups:
            last = groups[-1][-1]
            between = folded[last.end : atom.start]
            kinds = {a.kind for a in groups[-1]}
            joinable = gap.fullmatch(between) is not None and atom.kind not in kinds
            if lang == "zh" and atom.kind in ("dl", "after") and between.strip():
                joinable = False
            if lang == "en" and last.kind == "dl" and between.strip():
                joinable = False
            if joinable and not (atom.kind == "dl" and lang == "en"):
                groups[-1].append(atom)
                continue
        groups.append([atom])
    return groups


def _cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _fold(text: str) -> tuple[str, list[int]]:
    chars: list[str] = []
    index: list[int] = []
    last = len(text) - 1
    for i, ch in enumerate(text):
        if ch == " " and 0 < i < last:  # "10 点前", "5 个工作日", "周五 18 点": the space joins nothing
            before, after = text[i - 1], text[i + 1]
            if (before.isdigit() and _cjk(after)) or (_cjk(before) and after.isdigit()):
                continue
        for out in unicodedata.normalize("NFKC", ch).casefold():
            chars.append(out)
            index.append(i)
    return "".join(chars).replace("’", "'"), index


@functools.lru_cache(maxsize=8192)
def find_times(text: str, lang: str) -> tuple[TimeMention, ...]:
    """Every time, date, duration and deadline in ``text`` (see the module doc for the values)."""
    if not text:
        return ()
    folded, index = _fold(text)
    if lang == "zh" and not re.search(rf"[0-9{CN_NUM}天日早晚周期拜点午时半刻]", folded):
        return ()
    out: list[TimeMention] = []
    for group in _groups(_atoms(folded, lang), folded, lang):
        kinds = {a.kind for a in group}
        context = bool(kinds & {"day", "weekday", "part", "dl", "mday"})
        context = context or bool(
            re.search(r"\b(?:at|around|about)\s*$", folded[max(0, group[0].start - 8) : group[0].start])
        )
        clocks = [a for a in group if a.kind == "clock"]
        if clocks and not _clock_ok(folded, clocks[0], context):
            group = [a for a in group if a.kind != "clock"]
        while group and group[0].kind in ("dl", "after") and lang == "zh":
            group = group[1:]
        while group and group[-1].kind == "dl" and lang == "en":
            group = group[:-1]
        if not group:
            continue
        built = _build(group, lang, folded)
        if built is None:
            continue
        kind, value, ambiguous = built
        if value == "+0d" and kind == "date":
            continue  # a bare 今天/today names the present (今天天气不错), not a time
        if kind in ("duration", "range") and _elapsed(folded, group[0].start, group[-1].end, lang):
            continue  # 多等了三天, 已经两个小时了, "two days ago": time gone by, not a time said for the future
        start, end = index[group[0].start], index[group[-1].end - 1] + 1
        out.append(TimeMention(kind, value, Span(start, end, text[start:end]), ambiguous))
    return tuple(_merge_ranges(out, text))


_ELAPSED_BEFORE_ZH = re.compile(r"(?:了|已经|已|都|足足|整整|过去)\s*$")
_ELAPSED_AFTER_ZH = re.compile(r"^\s*(?:了|多了|之久|以来|过去了)")
_ELAPSED_BEFORE_EN = re.compile(
    r"\b(?:waited|waiting|been|for the (?:last|past)|over the (?:last|past))\s+(?:for\s+)?$"
)
_ELAPSED_AFTER_EN = re.compile(r"^\s*(?:ago|already|now|late|overdue)\b")


def _elapsed(folded: str, start: int, end: int, lang: str) -> bool:
    """Whether the duration at ``folded[start:end]`` is time already gone by."""
    before, after = folded[max(0, start - 12) : start], folded[end : end + 8]
    if lang == "zh":
        return bool(_ELAPSED_BEFORE_ZH.search(before) or _ELAPSED_AFTER_ZH.match(after))
    return bool(_ELAPSED_BEFORE_EN.search(before) or _ELAPSED_AFTER_EN.match(after))


def _merge_ranges(mentions: list[TimeMention], text: str) -> list[TimeMention]:
    """Join ``9点到10点`` / ``9 to 10 am`` style neighbours into one range."""
    out: list[TimeMention] = []
    for m in mentions:
        if out:
            prev = out[-1]
            between = text[prev.span.end : m.span.start]
            if (
                prev.kind in ("clock", "datetime")
                and m.kind == "clock"
                and re.fullmatch(r"\s*(?:到|至|~|-|–|—|to)\s*", between)
            ):
                span = Span(prev.span.start, m.span.end, text[prev.span.start : m.span.end])
                head, _, first = prev.value.rpartition(" ")
                second = m.value
                if m.ambiguous and not prev.ambiguous and int(first[:2]) >= 12 > int(second[:2]):
                    second = f"{int(second[:2]) + 12:02d}{second[2:]}"
                second = f"{head} {second}" if head else second
                out[-1] = TimeMention("range", f"{prev.value}/{second}", span, prev.ambiguous)
                continue
        out.append(m)
    return out


def _core(value: str) -> str:
    return value.lstrip("≤")


def _clock_of(value: str) -> str | None:
    last = value.split(" ")[-1]
    return last if re.fullmatch(r"\d\d:\d\d", last) else None


_DAY_ONLY = re.compile(r"^---(\d{2})$")
_MONTH_DAY = re.compile(r"^(?:\d{4}|-)-\d{2}-(\d{2})$")


def times_match(a: TimeMention, b: TimeMention) -> bool:
    """Whether two mentions name the same time: values equal once 前/内 is set aside, an hour said without
    下午/pm matching the same hour twelve hours on, a clock matching a datetime or deadline at that clock."""
    va, vb = _core(a.value), _core(b.value)
    if va == vb:
        return True
    # a day of the month said alone (15号) is that day of the month the other names (3月15日)
    da_, db_ = _DAY_ONLY.match(va), _DAY_ONLY.match(vb)
    if (da_ or db_) and not (da_ and db_):
        day, other = (da_ or db_).group(1), vb if da_ else va  # type: ignore[union-attr]
        full = _MONTH_DAY.match(other)
        return bool(full and full.group(1) == day)
    ca, cb = _clock_of(va), _clock_of(vb)
    if ca and cb:
        da, db = va[: -len(ca)].strip(), vb[: -len(cb)].strip()
        if da and db and da != db:
            return False
        if ca == cb:
            return True
        ha, hb = int(ca[:2]), int(cb[:2])
        if ca[3:] != cb[3:]:
            return False
        return (a.ambiguous and (ha + 12) % 24 == hb) or (b.ambiguous and (hb + 12) % 24 == ha)
    return False
