"""Recognisers for the lines of a Chinese exam paper: headings, numbering, options, labels, keys, points.

Matching runs on a *normalised* copy of each line in which full-width ASCII (Ａ．１：（）) becomes
half-width, character for character, so match positions also index the original line and the
question text keeps its own punctuation. Every pattern is anchored or bounded: no nested quantifiers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20
_FULLWIDTH[0xFE59] = ord("(")  # small parentheses
_FULLWIDTH[0xFE5A] = ord(")")


def normalise(line: str) -> str:
    """Full-width ASCII and the ideographic space to half-width; the result has the same length."""
    return line.translate(_FULLWIDTH)


_CN_NUM = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_NUMERALS = "零一二三四五六七八九十百两"


def cn_to_int(text: str) -> int | None:
    """一 -> 1, 十二 -> 12, 二十五 -> 25, 一百 -> 100; digits pass through; None when not a number."""
    if text.isdigit():
        return int(text)
    if not text or any(c not in CN_NUMERALS for c in text):
        return None
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _CN_NUM[ch]
    return total + current


# --- question types named in headings and inline markers --------------------------------------------

# The paper format's own vocabulary: which question type each heading word names, and the three shapes an
# objective key takes on a paper (one letter, several letters, 对/错), and the two free-text types an item
# with no heading becomes (a 案例 or an item with background or parts is a case). "choice" (选择题) names
# no type: the key decides between one letter and several.
SINGLE, MULTIPLE, TRUEFALSE, CHOICE = "single", "multiple", "truefalse", "choice"
CASE, INTERVIEW = "case", "interview"
_TYPE_WORDS = (
    ("单项选择", "single"),
    ("单选", "single"),
    ("多项选择", "multiple"),
    ("不定项选择", "multiple"),
    ("多选", "multiple"),
    ("选择", "choice"),
    ("判断", "truefalse"),
    ("是非", "truefalse"),
    ("案例分析", "case"),
    ("案例", "case"),
    ("情景模拟", "roleplay"),
    ("情境模拟", "roleplay"),
    ("场景模拟", "roleplay"),
    ("角色扮演", "roleplay"),
    ("面试", "interview"),
    ("问答", "interview"),
    ("简答", "interview"),
    ("论述", "interview"),
)
NOTE_WORDS = ("注意事项", "考生须知", "答题说明", "考试说明", "说明")
KEY_WORDS = ("参考答案", "答案", "答案与解析", "答案及解析", "参考答案及解析", "参考答案与解析", "答案解析")


def type_from_words(text: str) -> str | None:
    """The question type a heading or marker names ('choice' when only 选择题), else None."""
    for word, qtype in _TYPE_WORDS:
        if word in text:
            return qtype
    return None


@dataclass(frozen=True)
class Heading:
    """A section heading: its type (None when the heading names none), the note after the title, and
    ``kind`` = questions | key (an answer-key section) | notes (exam instructions)."""

    qtype: str | None
    title: str
    note: str
    kind: str = "questions"


_HEAD_PREFIX = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.]|第[一二三四五六七八九十\d]{1,3}\s*(?:部分|大题|节|卷)\s*[、.:]?"
    r"|[IVX]{1,4}\s*[、.])\s*"
)
_HEAD_TITLE = re.compile(r"^([^\s(:,，。？?]{1,14}?(?:题目|题型|问题|题|部分|答案|解析|须知|事项|说明))")


def match_heading(norm: str) -> Heading | None:
    """Recognise ``一、单选题（共5题，每题2分）``, ``面试问答题（共3题）``, ``参考答案``, ``注意事项``."""
    prefix = _HEAD_PREFIX.match(norm)
    body = norm[prefix.end() :] if prefix else norm.strip()
    body = body.strip().strip("【】[]").strip()
    title_match = _HEAD_TITLE.match(body)
    if title_match:
        title = title_match.group(1)
        note = body[title_match.end() :].strip()
    elif prefix and 0 < len(body) <= 16 and not re.search(r"[?？。]", body):
        title, note = body, ""
    else:
        return None
    if len(note) > 80 or (note and not re.match(r"^[(:\s,，]", note)):
        return None
    note = note.strip("():： ").strip()
    if prefix is None and note and not re.search(r"[题分]", note):
        return None
    if title.strip(":") in KEY_WORDS or re.fullmatch(r"(参考)?答案(与|及)?(解析)?", title):
        return Heading(None, title, note, "key")
    if any(word in title for word in NOTE_WORDS):
        return Heading(None, title, note, "notes")
    qtype = type_from_words(title)
    if qtype is None and prefix is None:
        return None
    return Heading(qtype, title, note)


# --- numbering -------------------------------------------------------------------------------------

_NUMBERING = (
    ("第题", re.compile(r"^\s*第\s*(\d{1,3}|[一二三四五六七八九十百两]{1,4})\s*[题問]\s*[.、:]?\s*")),
    (
        "案例",
        re.compile(
            r"^\s*[【\[]?\s*案例(?:分析)?\s*(\d{1,3}|[一二三四五六七八九十]{1,3})\s*[】\]]?\s*(?:[.、:]\s*)?"
        ),
    ),
    ("(n)", re.compile(r"^\s*\(\s*(\d{1,3})\s*\)\s*")),
    ("n", re.compile(r"^\s*(\d{1,3})\s*(?:[.、](?!\d)|\)(?![\d)]))\s*")),
    ("cn", re.compile(r"^\s*([一二三四五六七八九十]{1,3})\s*、\s*")),
)
STRONG_STYLES = ("第题", "案例")


@dataclass(frozen=True)
class Numbering:
    style: str
    number: int
    end: int  # where the text after the label starts


def match_numbering(norm: str) -> Numbering | None:
    """An item label at the start of a line: 1. 1、 1) （1） 第1题 第一题 案例一 一、"""
    for style, pattern in _NUMBERING:
        m = pattern.match(norm)
        if m:
            number = cn_to_int(m.group(1))
            if number is not None:
                return Numbering(style, number, m.end())
    return None


# --- options -----------------------------------------------------------------------------------------

_OPTION_MARK = re.compile(r"\(([A-H])\)|([A-H])\s{0,2}[.、):]")
OPTION_LETTERS = "ABCDEFGH"


def option_chain(norm: str, first: str = "A", *, at_start: bool = True) -> list[tuple[str, int, int]]:
    """Consecutive option markers (letter, marker start, text start) beginning with ``first``.

    With ``at_start`` the first marker must open the line; otherwise it may follow a space or CJK text.
    """
    chain: list[tuple[str, int, int]] = []
    expected = first
    for m in _OPTION_MARK.finditer(norm):
        letter = m.group(1) or m.group(2)
        start = m.start()
        before = norm[start - 1] if start > 0 else " "
        if before.isascii() and before.isalnum():
            continue
        if letter != expected:
            continue
        if not chain:
            if at_start and norm[:start].strip():
                return []
            if (
                not at_start
                and start > 0
                and not (before.isspace() or not before.isascii() or before in ")?")
            ):
                continue
        chain.append((letter, start, m.end()))
        if expected == "H":
            break
        expected = OPTION_LETTERS[OPTION_LETTERS.index(expected) + 1]
    return chain


def split_options(line: str, chain: list[tuple[str, int, int]]) -> list[tuple[str, str]]:
    """The (letter, text) pairs that ``chain`` marks in ``line``."""
    out = []
    for i, (letter, _start, text_start) in enumerate(chain):
        end = chain[i + 1][1] if i + 1 < len(chain) else len(line)
        out.append((letter, line[text_start:end].strip()))
    return out


# --- labels: answers, explanations, reference answers ----------------------------------------------

_REF_LABELS = (
    "参考答案及解析|参考答案与解析|答案及解析|答案与解析|答案解析|参考答案|参考回答|参考答题|答题要点|"
    "答案要点|参考话术|示范回答|回答示例|参考范例|答题思路"
)
_ANSWER_LABELS = "正确答案|标准答案|答案"
_EXPLAIN_LABELS = "试题解析|题目解析|解析|详解|点评"
_ALL_LABELS = f"{_REF_LABELS}|{_ANSWER_LABELS}|{_EXPLAIN_LABELS}"
_LABEL = re.compile(
    rf"^\s*(?:【\s*(?P<b>{_ALL_LABELS}|答)\s*】|\[\s*(?P<s>{_ALL_LABELS})\s*\]"
    rf"|(?P<p>{_ALL_LABELS}|答)\s*(?=:|$)|(?P<k>{_ANSWER_LABELS})\s*(?=[A-H√×✓✗]))\s*:?\s*"
)


@dataclass(frozen=True)
class Label:
    kind: str  # answer | reference | explanation
    end: int


def match_label(norm: str) -> Label | None:
    """``答案：`` ``【答案】`` ``正确答案：`` ``解析：`` ``参考答案`` ``参考回答`` ``答案及解析`` at a line start."""
    m = _LABEL.match(norm)
    if not m:
        return None
    word = m.group("b") or m.group("s") or m.group("p") or m.group("k")
    if re.fullmatch(_EXPLAIN_LABELS, word):
        return Label("explanation", m.end())
    if re.fullmatch(_ANSWER_LABELS, word) or word == "答":
        return Label("answer", m.end())
    return Label("reference", m.end())


_INLINE_ANSWER = re.compile(r"\s(?:正确答案|标准答案|答案)\s*[:：]\s*")


def inline_answer_split(norm: str) -> int | None:
    """Where ``答案：`` starts inside an option line such as ``D.xxx 答案：B`` (None when absent)."""
    m = _INLINE_ANSWER.search(norm)
    return m.start() if m else None


# --- answer keys ---------------------------------------------------------------------------------------

_CHOICE_KEY = re.compile(r"^\s*([A-Ha-h](?:\s{0,2}[、,，/]?\s{0,2}[A-Ha-h]){0,7})(?![A-Za-z])")
_TRUE_WORDS = ("正确", "对", "√", "✓", "✔", "是", "T", "True", "TRUE", "true", "Y")
_FALSE_WORDS = ("错误", "错", "×", "✗", "✘", "╳", "否", "F", "False", "FALSE", "false", "N", "X")
_TRUTH = re.compile(
    "^\\s*("
    + "|".join(sorted(map(re.escape, _TRUE_WORDS + _FALSE_WORDS), key=len, reverse=True))
    + ")(?![A-Za-z])"
)


def parse_choice_key(norm: str) -> tuple[list[str], str] | None:
    """``B`` ``ABC`` ``A、C、D`` ``a, c`` -> (sorted distinct letters, text after the key)."""
    m = _CHOICE_KEY.match(norm)
    if not m:
        return None
    letters = sorted({c.upper() for c in m.group(1) if c.isalpha()})
    return letters, norm[m.end() :]


def parse_truth(norm: str) -> tuple[bool, str] | None:
    """正确/错误/对/错/√/×/T/F -> (value, text after it)."""
    m = _TRUTH.match(norm)
    if not m:
        return None
    return m.group(1) in _TRUE_WORDS, norm[m.end() :]


_KEY_ENTRY = re.compile(
    r"(\d{1,3})\s{0,2}(?:[-~–—至到]\s{0,2}(\d{1,3})\s{0,2})?[.、:)]?\s{0,2}"
    r"([A-Ha-h]{1,8}|正确|错误|√|×|✓|✗|对|错|T|F)(?![A-Za-z\u4e00-\u9fff])"
)
_KEY_GAP = re.compile(r"[\s,，;；、]*")


def parse_key_entries(norm: str) -> list[tuple[int, str]] | None:
    """A line made only of answer-key entries: ``1.A 2.C 3.AB``, ``1-5 BCDAB``, ``8.× 9.√``.

    Returns (question number, key text) pairs, or None when anything else is on the line.
    """
    pos = 0
    out: list[tuple[int, str]] = []
    while True:
        pos = _KEY_GAP.match(norm, pos).end()  # type: ignore[union-attr]
        if pos >= len(norm):
            return out or None
        m = _KEY_ENTRY.match(norm, pos)
        if not m:
            return None
        first, last, key = int(m.group(1)), m.group(2), m.group(3)
        if last is not None:
            span = int(last) - first + 1
            if span < 1 or span != len(key) or not key.isalpha():
                return None
            out.extend((first + i, key[i]) for i in range(span))
        else:
            out.append((first, key))
        pos = m.end()


# --- points and scoring notes ---------------------------------------------------------------------------

_POINTS = re.compile(
    r"\(\s{0,2}(?:本题|本小题)?\s{0,2}(\d{1,3}(?:\.\d{1,2})?)\s{0,2}分\s{0,2}\)|本题\s{0,2}(\d{1,3}(?:\.\d)?)\s{0,2}分"
)


def find_points(norm: str) -> list[tuple[float, int, int]]:
    """Every ``（10分）`` / ``本题10分`` in a line: (points, start, end)."""
    return [(float(m.group(1) or m.group(2)), m.start(), m.end()) for m in _POINTS.finditer(norm)]


def as_number(value: float) -> int | float:
    """2.0 -> 2; 1.5 stays 1.5."""
    return int(value) if float(value).is_integer() else round(value, 2)


_PER_QUESTION = re.compile(
    r"第\s{0,2}(\d{1,3}|[一二三四五六七八九十]{1,3})\s{0,2}题\s{0,2}[:：]?\s{0,2}(\d{1,3}(?:\.\d{1,2})?)\s{0,2}分"
)


def per_question_points(note: str) -> dict[int, int | float]:
    """Points a heading gives question by question: 第1题10分，第2题12分 -> {1: 10, 2: 12}."""
    out: dict[int, int | float] = {}
    for m in _PER_QUESTION.finditer(note):
        number = cn_to_int(m.group(1))
        if number is not None:
            out[number] = as_number(float(m.group(2)))
    return out


def heading_points(note: str) -> int | float | None:
    """Points per question from a heading note: 每题2分; 共4题…共8分; 共1题，10分."""
    m = re.search(r"每(?:小)?题\s{0,2}(\d{1,3}(?:\.\d{1,2})?)\s{0,2}分", note)
    if m:
        return as_number(float(m.group(1)))
    count = re.search(r"共\s{0,2}(\d{1,3})\s{0,2}[道个小]?题", note)
    clean = _PER_QUESTION.sub("", note)
    total = re.search(r"(?:共|计|满分|总分)\s{0,2}(\d{1,3}(?:\.\d)?)\s{0,2}分", clean) or re.search(
        r"(\d{1,3}(?:\.\d)?)\s{0,2}分", clean
    )
    if count and total and int(count.group(1)) > 0:
        return as_number(float(total.group(1)) / int(count.group(1)))
    return None


def section_total(note: str) -> float | None:
    """The points of a whole section when its heading gives only a total: ``（10分）``, ``（共30分）``."""
    if re.search(r"每|题\s{0,2}\d", note):
        return None
    m = re.fullmatch(r"\s{0,2}(?:共|计|满分|总分)?\s{0,2}(\d{1,3}(?:\.\d)?)\s{0,2}分\s{0,2}", note)
    return float(m.group(1)) if m else None


_PARTIAL = re.compile(
    r"(?:少选|漏选|部分选对|选对但不全|选不全)[^。;；]{0,6}?得\s{0,2}(\d{1,2}(?:\.\d{1,2})?|一半|半)\s{0,2}分?"
)
_NO_PARTIAL = re.compile(r"(?:少选|漏选)[^。;；]{0,4}?不得分")


def multiple_policy(text: str, points: float | None) -> tuple[str, int | float | None] | None:
    """多选 scoring notes: 少选得1分 -> ("partial", 1); 少选不得分 -> ("all_or_nothing", None)."""
    m = _PARTIAL.search(text)
    if m:
        raw = m.group(1)
        if raw in ("一半", "半"):
            return "partial", as_number(points / 2) if points else None
        return "partial", as_number(float(raw))
    if _NO_PARTIAL.search(text):
        return "all_or_nothing", None
    return None


_PLACEHOLDER_END = re.compile(r"\s{0,4}\(\s{0,6}\)\s{0,2}([。.?？]?)\s{0,4}$")
_BRACKET_KEY_END = re.compile(r"\(\s{0,2}([A-H]{1,8}|√|×|✓|✗)\s{0,2}\)\s{0,2}([。.?？]?)\s{0,4}$")


def placeholder_end(norm: str) -> re.Match[str] | None:
    """A trailing empty answer bracket ``（ ）`` on a stem line."""
    return _PLACEHOLDER_END.search(norm)


def bracket_key_end(norm: str) -> re.Match[str] | None:
    """A key written into the stem's bracket, ``……的是（B）``."""
    return _BRACKET_KEY_END.search(norm)


_TYPE_MARK = re.compile(
    r"^\s*[【\[(]\s*(单选|多选|判断|不定项|单项选择|多项选择|案例分析|简答|问答)题?\s*[】\])]\s*"
)


def inline_type_mark(norm: str) -> tuple[str, int] | None:
    """A type marker opening a stem, ``【多选题】`` -> ("multiple", end)."""
    m = _TYPE_MARK.match(norm)
    if not m:
        return None
    qtype = type_from_words(m.group(1))
    return (qtype, m.end()) if qtype else None


_SUB_QUESTION = re.compile(r"^\s*(?:问题|请回答|请分析|题目|要求)\s*[:]\s*")


def sub_question(norm: str) -> int | None:
    """``问题：`` opening the question part of a case; returns where its text starts."""
    m = _SUB_QUESTION.match(norm)
    return m.end() if m else None
