"""Turning the raw pieces collected for one numbered item into a :class:`ParsedQuestion`.

Decides the type (section heading, inline marker, then the content itself), reads the key, points and
多选 policy, cleans the stem, and says why anything is a draft. Free-text questions always come in as
drafts: the bank publishes them only once a rubric (case/interview) or a scenario (roleplay) is linked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from trainer.bank.importer import patterns as P
from trainer.bank.importer.answer_key import KeyEntry
from trainer.bank.importer.report import (
    OBJECTIVE,
    STATUS_DRAFT,
    STATUS_PUBLISHED,
    ImportWarning,
    ParsedQuestion,
)

DEFAULT_POINTS = {"single": 1, "multiple": 2, "truefalse": 1, "case": 10, "interview": 10, "roleplay": 10}
_QUESTIONISH = re.compile(r"[?？]|请|如何|怎么|怎样|为什么|什么|哪些|是否|分析|谈谈|说明|描述|模拟|\(\s*\)")
_LEADING_PUNCT = re.compile(r"^[\s。.,，;；:：、]+")


@dataclass
class Section:
    """A section of the paper as its heading described it."""

    index: int
    qtype: str | None
    points: int | float | None = None
    policy: tuple[str, int | float | None] | None = None


@dataclass
class Item:
    """Everything collected for one numbered item, before it is interpreted."""

    line: int
    style: str
    number: int
    label: str
    section: Section | None
    stem: list[str] = field(default_factory=list)
    background: list[str] = field(default_factory=list)
    options: dict[str, str] = field(default_factory=dict)
    answer_text: str | None = None
    answer_line: int = 0
    answer_kind: str = ""
    explanation: list[str] = field(default_factory=list)
    reference: list[str] = field(default_factory=list)
    block: str = "stem"
    list_next: int | None = None
    list_style: str = ""
    key_entry: KeyEntry | None = None

    @property
    def section_index(self) -> int:
        return self.section.index if self.section else -1

    @property
    def declared_type(self) -> str | None:
        return self.section.qtype if self.section else None

    def is_objective(self) -> bool:
        """Whether answers to this item are keys (choice/true-false) rather than reference text."""
        declared = self.declared_type
        if declared in (*OBJECTIVE, "choice"):
            return True
        return declared is None and bool(self.options)

    def is_free_text(self) -> bool:
        """Whether the section or numbering makes this a free-text item (sub-numbering is content)."""
        return self.declared_type in ("case", "interview", "roleplay") or (
            self.declared_type is None and self.style == "案例"
        )


def _join(lines: list[str]) -> str:
    return "\n".join(line.rstrip() for line in lines).strip()


def _cut(text: str, start: int, end: int, keep: str = "") -> str:
    return (text[:start] + keep + text[end:]).strip()


def _take_points(text: str) -> tuple[str, float | None]:
    """Remove a single ``（10分）`` from the text; several are summed and left in place."""
    found = P.find_points(P.normalise(text))
    if not found:
        return text, None
    if len(found) == 1:
        value, start, end = found[0]
        return _cut(text, start, end), value
    return text, sum(v for v, _, _ in found)


class ItemBuilder:
    """Builds questions from items, numbering them and collecting warnings."""

    def __init__(self, warnings: list[ImportWarning]):
        self.warnings = warnings
        self.position = 0

    def _warn(self, item: Item, message: str) -> None:
        self.warnings.append(ImportWarning(item.line, message, self.position))

    def build(self, item: Item) -> ParsedQuestion | None:
        """The question for this item, or None when it holds no question text (the caller skips it)."""
        stem, points = _take_points(_join(item.stem))
        background, bg_points = _take_points(_join(item.background))
        if points is None:
            points = bg_points
        answer_text = item.answer_text
        hint = None
        mark = P.inline_type_mark(P.normalise(stem))
        if mark:
            hint, end = mark
            stem = stem[end:].strip()
        norm = P.normalise(stem)
        declared = hint or item.declared_type
        tf_section = declared == "truefalse"
        bracket = P.bracket_key_end(norm)
        if bracket and answer_text is None and (item.options or tf_section):
            answer_text = bracket.group(1)
            stem = _cut(stem, bracket.start(), bracket.end(), bracket.group(2))
        else:
            placeholder = P.placeholder_end(norm)
            if placeholder:
                stem = _cut(stem, placeholder.start(), placeholder.end(), placeholder.group(1))
        if not stem:
            return None
        entry = item.key_entry
        explanation = _join(item.explanation)
        reference = _join(item.reference)
        if entry is not None and entry.explanation and not explanation:
            explanation = _join(entry.explanation)
        bare = declared is None and not item.options and not answer_text and not reference and entry is None
        if bare and not _QUESTIONISH.search(P.normalise(stem + background)):
            return None
        self.position += 1
        question = ParsedQuestion(
            position=self.position,
            line=item.line,
            type="interview",
            stem=stem,
            background=background,
            label=item.label,
        )
        objective = declared in (*OBJECTIVE, "choice") or (declared is None and bool(item.options))
        if declared is None and not item.options:
            truth_source = answer_text or reference or (entry.text if entry else "")
            parsed_truth = P.parse_truth(P.normalise(truth_source)) if truth_source else None
            if parsed_truth and not _LEADING_PUNCT.sub("", parsed_truth[1]).strip(" 。."):
                declared, objective = "truefalse", True
                if answer_text is None and reference:
                    answer_text, reference = reference, ""
        if objective:
            if entry is not None:
                answer_text = self._merge_key(item, answer_text, entry.text)
            explanation = self._objective(question, item, declared, answer_text, explanation)
        else:
            if entry is not None and not reference:
                reference = entry.text
            if answer_text and not reference:
                reference = answer_text
            self._free_text(question, item, declared)
        question.reference_answer = reference
        question.explanation = explanation
        self._points_and_policy(question, item, points)
        return question

    def _merge_key(self, item: Item, inline: str | None, from_key: str) -> str:
        if inline is None or not inline.strip():
            return from_key
        same = P.parse_choice_key(P.normalise(inline)), P.parse_choice_key(P.normalise(from_key))
        if same[0] and same[1] and same[0][0] != same[1][0]:
            self._warn(
                item,
                f"题内答案 {inline.strip()[:10]} 与答案页 {from_key} 不一致，采用题内答案 / "
                "Inline key and answer section disagree; the inline key is used",
            )
        return inline

    def _objective(
        self, q: ParsedQuestion, item: Item, declared: str | None, answer_text: str | None, explanation: str
    ) -> str:
        """Fill type, options and answer of a choice or true/false item; returns the explanation."""
        rest = ""
        if declared == "truefalse" or (declared is None and not item.options):
            q.type = "truefalse"
            if item.options:
                self._warn(item, "判断题带有选项，选项已忽略 / Options on a true/false item were ignored")
            truth = P.parse_truth(P.normalise(answer_text)) if answer_text else None
            if truth is not None:
                q.answer, rest = truth
            elif answer_text and answer_text.strip():
                self._warn(
                    item, f"无法识别判断题答案 “{answer_text.strip()[:20]}” / Unreadable true/false key"
                )
        else:
            q.options = dict(item.options)
            parsed = P.parse_choice_key(P.normalise(answer_text)) if answer_text else None
            letters = parsed[0] if parsed else []
            rest = parsed[1] if parsed else ""
            if declared == "single" and len(letters) > 1:
                self._warn(
                    item,
                    "单选题给出了多个答案，已按多选题导入 / Several keys on a single-choice item; imported as multiple",
                )
            if declared == "multiple" or len(letters) > 1:
                q.type = "multiple"
                q.answer = letters or None
            else:
                q.type = "single"
                q.answer = letters[0] if letters else None
            if answer_text and answer_text.strip() and not letters:
                self._warn(item, f"无法识别答案 “{answer_text.strip()[:20]}” / Unreadable answer key")
            if len(item.options) < 2:
                self._warn(item, "选项少于两个 / Fewer than two options")
            missing = [a for a in letters if a not in item.options]
            if missing:
                self._warn(item, f"答案 {''.join(missing)} 不在选项中 / Key names a missing option")
        if rest and answer_text:  # matched on the normalised copy; take the same span of the original
            rest = answer_text[len(answer_text) - len(rest) :]
        rest = _LEADING_PUNCT.sub("", rest).strip()
        if rest and not explanation and re.search(r"\w", rest):
            explanation = rest
        valid = q.answer is not None and (
            q.options is None or len(q.options) >= 2 and all(a in q.options for a in q.answer)
        )
        if q.answer is None:
            self._warn(item, "未找到答案，作为草稿导入 / No answer key found; imported as a draft")
        q.status = STATUS_PUBLISHED if valid else STATUS_DRAFT
        return explanation

    def _free_text(self, q: ParsedQuestion, item: Item, declared: str | None) -> None:
        if declared in ("case", "interview", "roleplay"):
            q.type = declared
        else:
            q.type = "case" if item.style == "案例" or q.background else "interview"
        if item.options:
            q.stem += "\n" + "\n".join(f"{k}. {v}" for k, v in item.options.items())
            self._warn(item, "主观题中的选项已并入题干 / Options in a free-text item were kept in the stem")
        q.status = STATUS_DRAFT
        if q.type == "roleplay":
            self._warn(
                item,
                "情景模拟题作为草稿导入，需关联角色扮演场景后发布 / Role-play draft: link a scenario to publish",
            )
        else:
            self._warn(
                item, "主观题作为草稿导入，需关联评分标准后发布 / Free-text draft: link a rubric to publish"
            )

    def _points_and_policy(self, q: ParsedQuestion, item: Item, points: float | None) -> None:
        if points is None and item.section is not None:
            points = item.section.points
        if points is None or points <= 0:
            points = DEFAULT_POINTS[q.type]
            self._warn(item, f"未标分值，按默认 {points} 分 / No points given; default {points}")
        q.points = P.as_number(points)
        if q.type != "multiple":
            return
        policy = P.multiple_policy(P.normalise(q.stem), q.points) or (
            item.section.policy if item.section else None
        )
        if policy is None:
            return
        q.scoring, partial = policy
        if q.scoring == "partial" and partial is None:
            partial = P.as_number(q.points / 2)
        q.partial_points = partial
