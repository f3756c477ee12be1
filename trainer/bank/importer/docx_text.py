"""Text lines of a .docx paper: paragraphs and tables in document order, with Word's list numbers.

Word keeps automatic numbering ("1.", "A.", "一、") outside the paragraph text, in the numbering part.
The labels are rebuilt here so a list-numbered paper reads like the same paper typed by hand.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import docx
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from flask_babel import lazy_gettext as _l

from trainer.bank.importer.safety import ImportRefused

_CN_DIGITS = "零一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def chinese_number(n: int) -> str:
    """1 -> 一, 12 -> 十二, 25 -> 二十五 (up to 99; larger numbers as digits)."""
    if n <= 0 or n >= 100:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _CN_DIGITS[ones]
    head = "" if tens == 1 else _CN_DIGITS[tens]
    return head + "十" + (_CN_DIGITS[ones] if ones else "")


def _letters(n: int) -> str:
    n = max(n, 1)
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(ord("A") + rem) + out
    return out


def format_counter(value: int, fmt: str) -> str:
    """A list counter in Word's number format ``fmt`` (decimal, upperLetter, chineseCounting…)."""
    if fmt in ("upperLetter", "lowerLetter"):
        return _letters(value)  # options are upper case in the paper grammar
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional", "japaneseCounting"):
        return chinese_number(value)
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return _CIRCLED[value - 1] if 0 < value <= len(_CIRCLED) else str(value)
    if fmt in ("upperRoman", "lowerRoman"):
        return str(value)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(value))
    return str(value)


class _Numbering:
    """Counters for Word's list numbering, resolved from the numbering part and paragraph styles."""

    def __init__(self, document: Any):
        self.levels: dict[tuple[str, int], tuple[int, str, str]] = {}
        self.counters: dict[tuple[str, int], int] = {}
        self.style_num: dict[str, tuple[str, int]] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            numbering = None
        if numbering is not None:
            self._read_numbering(numbering)
        self._read_styles(document)

    def _read_numbering(self, numbering: Any) -> None:
        abstract: dict[str, dict[int, tuple[int, str, str]]] = {}
        for an in numbering.iterchildren(qn("w:abstractNum")):
            levels: dict[int, tuple[int, str, str]] = {}
            for lvl in an.iterchildren(qn("w:lvl")):
                ilvl = int(lvl.get(qn("w:ilvl"), "0"))
                start = _child_val(lvl, "w:start") or "1"
                fmt = _child_val(lvl, "w:numFmt") or "decimal"
                text = _child_val(lvl, "w:lvlText")
                levels[ilvl] = (int(start) if start.isdigit() else 1, fmt, text if text is not None else "")
            abstract[an.get(qn("w:abstractNumId"), "")] = levels
        for num in numbering.iterchildren(qn("w:num")):
            num_id = num.get(qn("w:numId"), "")
            abs_id = _child_val(num, "w:abstractNumId") or ""
            for ilvl, spec in abstract.get(abs_id, {}).items():
                self.levels[(num_id, ilvl)] = spec

    def _read_styles(self, document: Any) -> None:
        try:
            styles = list(document.styles)
        except (KeyError, AttributeError):
            return
        by_id = {s.style_id: s for s in styles}
        for style in styles:
            seen: set[str] = set()
            current = style
            while current is not None and current.style_id not in seen:
                seen.add(current.style_id)
                num = _num_pr(current.element.find(qn("w:pPr")))
                if num is not None:
                    self.style_num[style.style_id] = num
                    break
                base = current.element.find(qn("w:basedOn"))
                current = by_id.get(base.get(qn("w:val"))) if base is not None else None

    def label(self, paragraph: Any) -> str:
        """The list label Word shows before this paragraph ('' when it is not numbered)."""
        p_pr = paragraph._p.pPr
        num = _num_pr(p_pr)
        if num is None and p_pr is not None and p_pr.pStyle is not None:
            num = self.style_num.get(p_pr.pStyle.val)
        if num is None or num[0] == "0":
            return ""
        num_id, ilvl = num
        spec = self.levels.get((num_id, ilvl))
        if spec is None:
            return ""
        start, fmt, text = spec
        if fmt in ("bullet", "none"):
            return ""
        key = (num_id, ilvl)
        self.counters[key] = self.counters.get(key, start - 1) + 1
        for nid, lv in list(self.counters):  # a higher level restarts the deeper ones
            if nid == num_id and lv > ilvl:
                del self.counters[(nid, lv)]
        out = text
        for lv in range(ilvl, -1, -1):
            if f"%{lv + 1}" in out:
                lv_spec = self.levels.get((num_id, lv), (1, "decimal", ""))
                value = self.counters.get((num_id, lv), lv_spec[0])
                out = out.replace(f"%{lv + 1}", format_counter(value, lv_spec[1]))
        return out


def _child_val(element: Any, tag: str) -> str | None:
    child = element.find(qn(tag))
    return None if child is None else child.get(qn("w:val"))


def _num_pr(p_pr: Any) -> tuple[str, int] | None:
    if p_pr is None:
        return None
    num_pr = p_pr.find(qn("w:numPr"))
    if num_pr is None:
        return None
    num_id = _child_val(num_pr, "w:numId")
    ilvl = _child_val(num_pr, "w:ilvl") or "0"
    if num_id is None:
        return None
    return num_id, int(ilvl) if ilvl.isdigit() else 0


def _cell_texts(row: Any) -> list[str]:
    out: list[str] = []
    seen: set[int] = set()
    for cell in row.cells:
        if id(cell._tc) in seen:  # merged cells repeat
            continue
        seen.add(id(cell._tc))
        out.append(cell.text.strip())
    return out


_SCORING_HEADS = ("评分要点", "评分标准", "评分点", "得分点", "考察要点", "考查要点", "评分细则")
_POINTS_HEADS = ("分值", "分数", "得分", "分")


def _scoring_table(rows: list[list[str]]) -> list[str] | None:
    """评分要点 | 分值 over one row per point becomes ``评分要点：`` and ``point（3分）`` lines."""
    if len(rows) < 2 or len(rows[0]) < 2:
        return None
    head = [c.replace(" ", "") for c in rows[0]]
    if head[0] not in _SCORING_HEADS:
        return None
    column = next((i for i, c in enumerate(head) if c in _POINTS_HEADS), None)
    if column is None:
        return None
    out = [f"{head[0]}："]
    for cells in rows[1:]:
        if len(cells) <= column or not cells[0]:
            continue
        value = cells[column].strip()
        mark = f"（{value}分）" if value and value.replace(".", "", 1).isdigit() else value
        out.append(f"{len(out)}.{cells[0]}{mark}")
    return out


def _table_lines(table: Any) -> Iterator[str]:
    rows = [_cell_texts(row) for row in table.rows]
    # 题号 | 1 | 2 …  over  答案 | B | C …  becomes an answer-key line "1.B 2.C …"
    for i in range(len(rows) - 1):
        head, below = rows[i], rows[i + 1]
        if head and below and head[0].replace(" ", "") in ("题号", "题目") and "答案" in below[0]:
            pairs = [f"{n}.{a}" for n, a in zip(head[1:], below[1:], strict=False) if n and a]
            rows[i], rows[i + 1] = [" ".join(pairs)], []
    scoring = _scoring_table(rows)
    if scoring is not None:
        yield from scoring
        return
    for cells in rows:
        if len(cells) == 1:
            yield from cells[0].split("\n")
        elif cells:
            yield " ".join(c.replace("\n", " ") for c in cells if c)


_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _text_box_lines(paragraph: Any) -> list[str]:
    """The lines of the text boxes anchored in a paragraph, each box once (Word stores a modern copy
    and a VML fallback copy of the same box; the fallback is skipped)."""
    out: list[str] = []
    for box in paragraph.iter(qn("w:txbxContent")):
        if any(ancestor.tag == _FALLBACK for ancestor in box.iterancestors()):
            continue
        for p in box.iter(qn("w:p")):
            text = "".join(t.text or "" for t in p.iter(qn("w:t")))
            out.extend(text.split("\n"))
    return out


def docx_lines(data: bytes) -> list[str]:
    """The paper's lines: each paragraph (with its list label) and each table row, in document order."""
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises many kinds for a broken package
        raise ImportRefused(_l("Corrupt .docx: it cannot be read.")) from None
    numbering = _Numbering(document)
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, document)
            label = numbering.label(paragraph)
            text = paragraph.text
            parts = text.split("\n") or [""]
            parts[0] = label + parts[0]
            lines.extend(parts)
            lines.extend(_text_box_lines(child))
        elif child.tag == qn("w:tbl"):
            lines.extend(_table_lines(Table(child, document)))
    return lines
