"""Turning the raw pieces collected for one numbered item into a :class:`ParsedQuestion`.

Decides the type (section heading, inline marker, then the content itself), reads the key, points and
多选 policy, cleans the stem, and says why anything is a draft. Free-text questions always come in as
drafts: the bank publishes them only once a rubric (case/interview) or a scenario (roleplay) is linked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from trainer.bank.importer import patterns as P
from trainer.bank.importer.answer_key import KeyEntry
from trainer.bank.importer.report import (
    STATUS_DRAFT,
    STATUS_PUBLISHED,
    ImportWarning,
    ParsedQuestion,
    declares_free_text,
    declares_objective,
    detect_lang,
    stable_id,
)
from trainer.bank.importer.rubric_draft import draft_rubric
from trainer.bank.importer.scenario_draft import draft_scenario
from trainer.bank.question_types import FIELD_SCENARIO, FIELD_SCORING, question_types

_QUESTIONISH = re.compile(r"[?？]|请|如何|怎么|怎样|为什么|什么|哪些|是否|分析|谈谈|说明|描述|模拟|\(\s*\)")
_END_PUNCT = set("。！？!?；;）)」』”\"'’…．.】］]>》~～")
_LEADING_PUNCT = re.compile(r"^[\s。.,，;；:：、]+")


@dataclass
class Section:
    """A section of the paper as its heading described it."""

    index: int
    qtype: str | None
    points: int | float | None = None
    policy: tuple[str, int | float | None] | None = None
    per_number: dict[int, int | float] = field(default_factory=dict)
    total: float | None = None  # the section's points when the heading gives only a total


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
    header_points: float | None = None  # the points printed on the numbering line: 第1题（20分）
    parts: int = 0  # numbered sub-requirements inside the stem
    truncated: bool = False

    @property
    def section_index(self) -> int:
        return self.section.index if self.section else -1

    @property
    def declared_type(self) -> str | None:
        return self.section.qtype if self.section else None

    def is_objective(self) -> bool:
        """Whether answers to this item are keys (choice/true-false) rather than reference text."""
        declared = self.declared_type
        if declares_objective(declared):
            return True
        return declared is None and bool(self.options)

    def ends_cut(self) -> bool:
        """Whether this (last) question stops mid-sentence, as on a cut-off page, judged from its last text."""
        if self.block == "options":
            return self.answer_text is None and self.key_entry is None and len(self.options) < 2
        if self.block == "answer":
            return False
        source = {"stem": self.stem, "explanation": self.explanation, "reference": self.reference}[self.block]
        if not source:
            return self.block == "stem"
        last = P.normalise(source[-1]).rstrip()
        return bool(last) and last[-1] not in _END_PUNCT and not P.find_points(last[-8:])

    def is_free_text(self) -> bool:
        """Whether the section or numbering makes this a free-text item (sub-numbering is content)."""
        return declares_free_text(self.declared_type) or (self.declared_type is None and self.style == "案例")


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

    def _warn(self, item: Item, code: str, **params: Any) -> None:
        self.warnings.append(ImportWarning(item.line, code, self.position, params))

    def build(self, item: Item) -> ParsedQuestion | None:
        """The question for this item, or None when it holds no question text (the caller skips it)."""
        parts_total: float | None = None
        points: float | None
        if item.header_points is not None:  # the header's points; each part's points stay in the text
            stem, background, points = _join(item.stem), _join(item.background), item.header_points
            found = P.find_points(P.normalise(stem))
            parts_total = sum(v for v, _, _ in found) if found else None
        else:
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
        tf_section = declared == P.TRUEFALSE
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
            type=P.INTERVIEW,
            stem=stem,
            background=background,
            label=item.label,
        )
        objective = declares_objective(declared) or (declared is None and bool(item.options))
        if declared is None and not item.options:
            truth_source = answer_text or reference or (entry.text if entry else "")
            parsed_truth = P.parse_truth(P.normalise(truth_source)) if truth_source else None
            if parsed_truth and not _LEADING_PUNCT.sub("", parsed_truth[1]).strip(" 。."):
                declared, objective = P.TRUEFALSE, True
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
        parts = item.header_points is not None and item.parts >= 2 and parts_total is not None
        if parts and P.as_number(parts_total or 0) != question.points:
            self._warn(item, "parts_points", parts=P.as_number(parts_total or 0), points=question.points)
        if item.truncated:
            self._warn(item, "truncated")
        self._drafts(question)
        return question

    def _drafts(self, q: ParsedQuestion) -> None:
        """Attach a rubric draft (case, interview) or a scenario draft (roleplay) when the paper has one."""
        qid = stable_id(q.type, q.background, q.stem)
        lang = detect_lang(q.full_stem)
        qtype = question_types().get(q.type)
        if qtype.needs_rubric:
            q.rubric_draft = draft_rubric(
                qid, q.full_stem, float(q.points), q.reference_answer, q.explanation, lang
            )
        elif FIELD_SCENARIO in qtype.editor_fields:
            q.scenario_draft = draft_scenario(qid, q.stem, q.background, q.reference_answer, lang)

    def _merge_key(self, item: Item, inline: str | None, from_key: str) -> str:
        if inline is None or not inline.strip():
            return from_key
        same = P.parse_choice_key(P.normalise(inline)), P.parse_choice_key(P.normalise(from_key))
        if same[0] and same[1] and same[0][0] != same[1][0]:
            self._warn(item, "key_disagrees", inline=inline.strip()[:10], key=from_key)
        return inline

    def _objective(
        self, q: ParsedQuestion, item: Item, declared: str | None, answer_text: str | None, explanation: str
    ) -> str:
        """Fill type, options and answer of a choice or true/false item; returns the explanation."""
        rest = ""
        if declared == P.TRUEFALSE or (declared is None and not item.options):
            q.type = P.TRUEFALSE
            if item.options:
                self._warn(item, "tf_options")
            truth = P.parse_truth(P.normalise(answer_text)) if answer_text else None
            if truth is not None:
                q.answer, rest = truth
            elif answer_text and answer_text.strip():
                self._warn(item, "tf_unreadable", text=answer_text.strip()[:20])
        else:
            q.options = dict(item.options)
            parsed = P.parse_choice_key(P.normalise(answer_text)) if answer_text else None
            letters = parsed[0] if parsed else []
            rest = parsed[1] if parsed else ""
            if declared == P.SINGLE and len(letters) > 1:
                self._warn(item, "single_many_keys")
            if declared == P.MULTIPLE or len(letters) > 1:
                q.type = P.MULTIPLE
                q.answer = letters or None
            else:
                q.type = P.SINGLE
                q.answer = letters[0] if letters else None
            if answer_text and answer_text.strip() and not letters:
                self._warn(item, "key_unreadable", text=answer_text.strip()[:20])
            if len(item.options) < 2:
                self._warn(item, "few_options")
            missing = [a for a in letters if a not in item.options]
            if missing:
                self._warn(item, "key_not_option", letters="".join(missing))
        if rest and answer_text:  # matched on the normalised copy; take the same span of the original
            rest = answer_text[len(answer_text) - len(rest) :]
        rest = _LEADING_PUNCT.sub("", rest).strip()
        if rest and not explanation and re.search(r"\w", rest):
            explanation = rest
        valid = q.answer is not None and (
            q.options is None or len(q.options) >= 2 and all(a in q.options for a in q.answer)
        )
        if q.answer is None:
            self._warn(item, "no_key")
        q.status = STATUS_PUBLISHED if valid else STATUS_DRAFT
        return explanation

    def _free_text(self, q: ParsedQuestion, item: Item, declared: str | None) -> None:
        if declares_free_text(declared):
            q.type = str(declared)
        else:
            q.type = P.CASE if item.style == "案例" or q.background or item.parts >= 2 else P.INTERVIEW
        if item.options:
            q.stem += "\n" + "\n".join(f"{k}. {v}" for k, v in item.options.items())
            self._warn(item, "free_text_options")
        q.status = STATUS_DRAFT
        if FIELD_SCENARIO in question_types().get(q.type).editor_fields:
            self._warn(item, "roleplay_draft")
        else:
            self._warn(item, "free_text_draft")

    def _points_and_policy(self, q: ParsedQuestion, item: Item, points: float | None) -> None:
        if points is None and item.section is not None:
            points = item.section.per_number.get(item.number, item.section.points)
        if points is None or points <= 0:
            points = question_types().get(q.type).default_points
            self._warn(item, "default_points", points=points)
        q.points = P.as_number(points)
        if FIELD_SCORING not in question_types().get(q.type).editor_fields:
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
