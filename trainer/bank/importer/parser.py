"""``parse_paper``: read a .txt/.md/.docx exam paper line by line into an :class:`ImportReport`.

A question starts only at a numbering label (``1.`` ``第一题`` ``案例一`` …); everything else either
belongs to the current question (stem, options, answer, 解析, reference answer) or is skipped and
listed with its line number. Each line is looked at once, with bounded regular expressions.
"""

from __future__ import annotations

import re

from trainer.bank.importer import patterns as P
from trainer.bank.importer.answer_key import match_key
from trainer.bank.importer.docx_text import docx_lines
from trainer.bank.importer.furniture import (
    furniture_reason,
    names_uploader,
    site_notice,
    starts_trailer,
    uploader_line,
)
from trainer.bank.importer.items import Item, ItemBuilder, Section
from trainer.bank.importer.key_section import KeySection
from trainer.bank.importer.report import ImportReport, ImportWarning, SkippedLine, declares_objective
from trainer.bank.importer.safety import DEFAULT_MAX_BYTES, check_upload, decode_text

_MD_PREFIX = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+(?=\S))")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!])")
_MD_RULE = re.compile(r"^\s*(?:```.*|~~~.*|-{3,}|\*{3,}|_{3,})\s*$")


def clean_markdown(line: str) -> str:
    """A Markdown line as plain paper text: no heading/quote/bullet marks, emphasis or escapes."""
    if _MD_RULE.match(line):
        return ""
    if not re.match(r"^\s*-\s*\d+\s*-\s*$", line):
        line = _MD_PREFIX.sub("", line, count=1)
    return _MD_ESCAPE.sub(r"\1", line.replace("**", "").replace("__", ""))


def paper_lines(data: bytes, ext: str) -> list[str]:
    """The lines of a paper in reading order (.docx paragraphs and table rows; text split on newlines)."""
    if ext == ".docx":
        return docx_lines(data)
    text = decode_text(data)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if ext == ".md":
        lines = [clean_markdown(line) for line in lines]
    return lines


class _PaperParser:
    def __init__(self, lines: list[str], report: ImportReport):
        self.lines = lines
        self.report = report
        self.items: list[Item] = []
        self.item: Item | None = None
        self.section: Section | None = None
        self.sections = 0
        self.started = False
        self.notes = False
        self.key_mode = False
        self.keys = KeySection()
        self.trailer = False  # past the end of the paper: the site's uploader block, related documents
        self.cut_after_item = False  # a "read more" notice came after the last question began

    # --- helpers ----------------------------------------------------------------------------------
    def skip(self, lineno: int, text: str, reason: str) -> None:
        self.report.skipped.append(SkippedLine(lineno, text.strip(), reason))

    def finish_item(self) -> None:
        if self.item is not None:
            self.items.append(self.item)
        self.item = None

    def next_is_key(self, index: int) -> bool:
        """Whether the next content line (past sub-headings and furniture) is a line of key entries."""
        for raw in self.lines[index + 1 : index + 6]:
            norm = P.normalise(raw).strip()
            if not norm or furniture_reason(norm) or P.match_heading(norm):
                continue
            return P.parse_key_entries(norm) is not None
        return False

    # --- main loop ------------------------------------------------------------------------------------
    def run(self) -> None:
        for index, raw in enumerate(self.lines):
            text = raw.rstrip()
            norm = P.normalise(text)
            if norm.strip() and not self.page_furniture(index, index + 1, text, norm):
                self.feed(index, index + 1, text, norm)
        if self.item is not None and (self.cut_after_item or self.item.ends_cut()):
            self.item.truncated = True
        self.finish_item()

    def next_norm(self, index: int) -> str:
        """The next non-blank line, normalised ('' at the end)."""
        for raw in self.lines[index + 1 : index + 4]:
            if raw.strip():
                return P.normalise(raw).strip()
        return ""

    def page_furniture(self, index: int, lineno: int, text: str, norm: str) -> bool:
        """Skip what a site prints around a paper: the uploader block, related documents, read-more
        notices and the numbered notice list. Returns True when the line was skipped."""
        stripped = norm.strip()
        if self.trailer:
            heading = P.match_heading(norm)
            if heading is None or (heading.kind == "questions" and heading.qtype is None):
                self.skip(lineno, text, "uploader" if uploader_line(stripped) else "page trailer")
                return True
            self.trailer = False
            return False
        if uploader_line(stripped) or names_uploader(stripped, self.next_norm(index)):
            self.skip(lineno, text, "uploader")
            self.trailer = self.trailer or (self.started and starts_trailer(stripped))
            return True
        if self.started and starts_trailer(stripped):
            self.trailer = True
            self.skip(lineno, text, "page trailer")
            return True
        numbering = P.match_numbering(norm)
        if (
            numbering is not None
            and numbering.style in ("n", "cn", "(n)")
            and site_notice(norm[numbering.end :])
        ):
            self.skip(lineno, text, "site notice")
            return True
        reason = furniture_reason(stripped)
        if reason == "read more":
            self.cut_after_item = self.item is not None
            self.skip(lineno, text, reason)
            return True
        return False

    def feed(self, index: int, lineno: int, text: str, norm: str) -> None:
        if self.key_mode:
            self.feed_key(lineno, text, norm)
            return
        numbering = P.match_numbering(norm)
        label = P.match_label(norm)
        item = self.item
        next_letter = P.OPTION_LETTERS[len(item.options)] if item and len(item.options) < 8 else "A"
        chain = P.option_chain(norm, next_letter) if item is not None else []
        if numbering is None and label is None and not chain:
            reason = furniture_reason(norm.strip())
            if reason and (
                item is None or reason not in ("copyright", "download notice") or len(norm.strip()) <= 40
            ):
                self.skip(lineno, text, reason)
                return
        if numbering is not None and numbering.style in P.STRONG_STYLES and label is None:
            rest_label = P.match_label(norm[numbering.end :])
            if rest_label is not None and self.items_or_current():  # 第1题答案与解析: the answers begin
                self.start_key(lineno, [])
                self.feed_key(lineno, text, norm)
                return
        if label is not None and label.kind in ("answer", "reference"):
            content = norm[label.end :]
            entries = P.parse_key_entries(content) if content.strip() else None
            objective_done = item is not None and item.answer_text is not None
            if entries and (len(entries) >= 2 or item is None or objective_done):
                self.start_key(lineno, entries)
                return
            if not content.strip() and (self.next_is_key(index) or self.bare_key_heading(norm)):
                self.start_key(lineno, [])
                return
        if label is None and (numbering is None or numbering.style == "cn"):
            heading = P.match_heading(norm)
            if heading is not None:
                self.on_heading(index, lineno, text, heading)
                return
        if label is not None:
            self.on_label(lineno, text, label)
        elif numbering is not None and not self.notes and self.starts_item(numbering, norm[numbering.end :]):
            self.new_item(lineno, text, numbering)
        elif item is not None and chain and item.block in ("stem", "options"):
            self.add_options(text, chain)
        elif item is not None:
            self.add_text(lineno, text, norm)
        elif self.notes:
            self.skip(lineno, text, "exam instructions")
        else:
            self.skip(lineno, text, "text outside any question" if self.started else "title or preamble")

    # --- structure --------------------------------------------------------------------------------------
    def on_heading(self, index: int, lineno: int, text: str, heading: P.Heading) -> None:
        self.finish_item()
        self.started = True
        if heading.kind == "key":
            if heading.note and P.parse_key_entries(heading.note):
                self.start_key(lineno, P.parse_key_entries(heading.note) or [])
            else:
                self.start_key(lineno, [])
            return
        if heading.kind == "notes":
            self.notes, self.section = True, None
            self.skip(lineno, text, "exam instructions")
            return
        self.notes = False
        self.sections += 1
        points = P.heading_points(heading.note)
        policy = P.multiple_policy(heading.note, points)
        self.section = Section(
            self.sections, heading.qtype, points, policy, P.per_question_points(heading.note)
        )
        if points is None:  # 三、简答题（10分）: the section's total, shared by its questions
            self.section.total = P.section_total(heading.note)

    def bare_key_heading(self, norm: str) -> bool:
        """``参考答案`` alone on its line (no colon) after questions that have no answers yet: the answers
        are gathered at the end, one numbered entry per question."""
        if norm.strip() not in P.KEY_WORDS:
            return False
        pending = [it for it in [*self.items, self.item] if it is not None]
        unanswered = [it for it in pending if not (it.answer_text or it.reference or it.explanation)]
        return len(unanswered) >= 2 and len(unanswered) == len(pending)

    def items_or_current(self) -> bool:
        """Whether any question has begun."""
        return bool(self.items) or self.item is not None

    def starts_item(self, num: P.Numbering, rest: str = "") -> bool:
        """Whether a numbered line opens a new question or is a numbered line inside the current one."""
        it = self.item
        if it is None or num.style in P.STRONG_STYLES:
            return True
        if it.style in P.STRONG_STYLES and not declares_objective(it.declared_type):
            if it.block == "stem":  # 第1题（20分） … 1.流程设计（10分） 2.…: parts of one question
                it.parts += 1
            return False
        if it.block in ("reference", "explanation", "answer") and not it.is_objective():
            if it.list_next is not None and num.number == it.list_next and num.style == it.list_style:
                if num.number == it.number + 1 and num.style == it.style and _reads_as_question(rest):
                    return True  # 4 steps of question 4's answer, then "5.暴雨导致…请模拟" is question 5
                it.list_next += 1
                return False
            if num.number == 1 and not (num.style == it.style and it.number == 0):
                it.list_next, it.list_style = 2, num.style
                return False
        if it.is_free_text() or (it.declared_type is None and not it.options and it.block == "stem"):
            if num.style != it.style:
                return not it.is_free_text()
            return num.number == it.number + 1
        return True

    def new_item(self, lineno: int, text: str, num: P.Numbering) -> None:
        self.finish_item()
        self.started = True
        self.item = Item(lineno, num.style, num.number, text[: num.end].strip(), self.section)
        rest = text[num.end :]
        found = P.find_points(P.normalise(rest))
        if len(found) == 1:  # the points on the numbering line are the question's
            value, start, end = found[0]
            self.item.header_points = value
            rest = rest[:start] + rest[end:]
        if rest.strip():
            self.add_text(lineno, rest, P.normalise(rest))

    def on_label(self, lineno: int, text: str, label: P.Label) -> None:
        it = self.item
        content = text[label.end :].strip()
        if it is None:
            self.skip(lineno, text, "answer outside any question")
            return
        it.list_next = None
        if label.kind == "explanation":
            it.block = "explanation"
            if content:
                it.explanation.append(content)
            return
        if (
            it.is_objective()
            or it.declared_type is None
            and not it.is_free_text()
            and _looks_like_key(content)
        ):
            if it.answer_text is not None and it.answer_text.strip():
                if label.kind == "reference" and content:
                    it.explanation.append(content)
                    it.block = "explanation"
                    return
                self.report.warnings.append(ImportWarning(lineno, "two_keys"))
                return
            it.answer_text, it.answer_line, it.answer_kind, it.block = content, lineno, label.kind, "answer"
            return
        it.block = "reference"
        if content:
            it.reference.append(content)

    def add_options(self, text: str, chain: list[tuple[str, int, int]]) -> None:
        it = self.item
        assert it is not None
        for letter, value in P.split_options(text, chain):
            cut = P.inline_answer_split(P.normalise(value))
            if cut is not None:
                answer_label = P.match_label(P.normalise(value[cut:]).strip())
                if answer_label is not None and it.answer_text is None:
                    it.answer_text = value[cut:].strip()[answer_label.end :].strip()
                    it.answer_kind = "answer"
                value = value[:cut].strip()
            it.options[letter] = value
        it.block = "options" if it.answer_text is None else "answer"

    def add_text(self, lineno: int, text: str, norm: str) -> None:
        it = self.item
        assert it is not None
        if it.block == "stem":
            start = P.sub_question(norm) if it.is_free_text() and it.stem else None
            if start is not None:
                it.background.extend(it.stem)
                it.stem = [text[start:]]
                return
            chain = P.option_chain(norm, "A", at_start=False)
            if len(chain) >= 2 and not it.options:
                it.stem.append(text[: chain[0][1]])
                self.add_options(text, chain)
                return
            it.stem.append(text)
        elif it.block == "options":
            last = list(it.options)[-1]
            it.options[last] = f"{it.options[last]}\n{text.strip()}"
        elif it.block == "answer":
            if it.answer_text is not None and not it.answer_text.strip():
                it.answer_text = text.strip()
            elif it.answer_kind == "reference" or it.explanation:
                it.explanation.append(text)
            else:
                self.skip(lineno, text, "unlabelled text after the answer")
        elif it.block == "explanation":
            it.explanation.append(text)
        else:
            it.reference.append(text)

    # --- trailing answer key -----------------------------------------------------------------------------
    def start_key(self, lineno: int, entries: list[tuple[int, str]]) -> None:
        self.finish_item()
        self.key_mode = True
        self.keys.add(lineno, entries)

    def feed_key(self, lineno: int, text: str, norm: str) -> None:
        reason = self.keys.feed(lineno, text, norm)
        if reason:
            self.skip(lineno, text, reason)

    def build(self) -> None:
        keyed = self.items
        if self.keys.entries and all(_looks_like_key(e.text) for e in self.keys.entries):
            keyed = [it for it in self.items if not it.is_free_text()]  # 1.B 2.A keys no 案例一
        unmatched = match_key(keyed, self.keys.entries, self.keys.headed)  # type: ignore[arg-type]
        for entry in unmatched:
            self.report.warnings.append(
                ImportWarning(entry.line, "key_unmatched", params={"number": entry.number})
            )
        counts: dict[int, int] = {}
        for item in self.items:
            if item.section is not None:
                counts[item.section.index] = counts.get(item.section.index, 0) + 1
        for item in self.items:
            section = item.section
            if section is not None and section.points is None and section.total:
                section.points = P.as_number(section.total / counts[section.index])
        builder = ItemBuilder(self.report.warnings)
        seen: dict[str, int] = {}
        for item in self.items:
            question = builder.build(item)
            if question is None:
                self.skip(
                    item.line, item.label + " " + " ".join(item.stem)[:60], "numbered text without a question"
                )
                continue
            self.report.questions.append(question)
            key = " ".join(question.full_stem.split())
            if key in seen:
                self.report.warnings.append(
                    ImportWarning(item.line, "same_text", question.position, {"other": seen[key]})
                )
            seen.setdefault(key, question.position)
        self.report.skipped.sort(key=lambda s: s.line)
        self.report.warnings.sort(key=lambda w: (w.line, w.position or 0))


_QUESTION_LINE = re.compile(
    r"[?？]|请(?:模拟|回答|分析|说明|简述|谈谈|写出|描述)|\(\s{0,2}\d{1,3}\s{0,2}分\s{0,2}\)"
)


def _reads_as_question(rest: str) -> bool:
    """Whether the text after a number reads as a new question rather than a step of an answer."""
    return len(rest) >= 20 and bool(_QUESTION_LINE.search(rest))


def _looks_like_key(content: str) -> bool:
    norm = P.normalise(content)
    return bool(P.parse_choice_key(norm) or P.parse_truth(norm))


def parse_paper(data: bytes, filename: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ImportReport:
    """Parse an uploaded exam paper (.txt/.md/.docx); raises ImportRefused for unsafe or unreadable files.

    Writes nothing: the report lists the questions found, the skipped lines and the warnings.
    """
    ext = check_upload(data, filename, max_bytes=max_bytes)
    report = ImportReport(filename=filename)
    parser = _PaperParser(paper_lines(data, ext), report)
    parser.run()
    parser.build()
    return report
