"""What an import found: parsed questions, skipped lines and warnings, as plain dataclasses.

``ImportReport.to_json()`` is the exact shape the CLI prints with ``--json``; each question's
``to_question_dict()`` is a question in the DESIGN.md bank format, ready for the bank's own loader.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from trainer.bank.importer.messages import reason_label, warning_text
from trainer.bank.importer.patterns import CHOICE
from trainer.bank.question_types import question_types

STATUS_DRAFT = "draft"
STATUS_PUBLISHED = "published"


def declares_objective(declared: str | None) -> bool:
    """Whether a heading or marker names an objective type (or 选择题, which the key settles)."""
    types = question_types()
    return declared == CHOICE or (declared in types and types.get(str(declared)).objective)


def declares_free_text(declared: str | None) -> bool:
    """Whether a heading or marker names a free-text type."""
    types = question_types()
    return declared in types and not types.get(str(declared)).objective


_CJK = re.compile(r"[\u3400-\u9fff]")


def detect_lang(text: str) -> str:
    """'zh' when the text has any Chinese characters, else 'en'."""
    return "zh" if _CJK.search(text) else "en"


def stable_id(*parts: str) -> str:
    """``import-<sha1 prefix>`` of the whitespace-normalised text, the same on every import."""
    text = " ".join(" ".join(p.split()) for p in parts if p)
    return "import-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


@dataclass
class SkippedLine:
    """A line that was not turned into any part of a question, and why."""

    line: int
    text: str
    reason: str

    @property
    def label(self) -> str:
        """The reason in the reader's language."""
        return reason_label(self.reason)

    def to_dict(self) -> dict[str, Any]:
        """The skipped line as the CLI's JSON prints it."""
        return {"line": self.line, "text": self.text, "reason": self.reason, "label": self.label}


@dataclass
class ImportWarning:
    """Something the trainer should check: a ``code`` with its ``params``; ``position`` is the question's
    position when it has one. ``message`` is the text in the current language."""

    line: int
    code: str
    position: int | None = None
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        """The warning as a sentence in the reader's language."""
        return warning_text(self.code, self.params)

    def to_dict(self) -> dict[str, Any]:
        """The warning as the CLI's JSON prints it (code and parameters kept for other languages)."""
        return {
            "line": self.line,
            "position": self.position,
            "code": self.code,
            "params": dict(self.params),
            "message": self.message,
        }


@dataclass
class ParsedQuestion:
    """One question found in a paper, with everything the paper said about it."""

    position: int
    line: int
    type: str
    stem: str
    background: str = ""
    options: dict[str, str] | None = None
    answer: Any = None
    points: int | float = 1
    explanation: str = ""
    reference_answer: str = ""
    scoring: str | None = None  # multiple only: all_or_nothing | partial
    partial_points: int | float | None = None
    status: str = STATUS_DRAFT
    tags: list[str] = field(default_factory=list)
    label: str = ""  # the number as printed: "3", "第一题", "案例一"
    rubric_draft: dict[str, Any] | None = None  # a rubric in the rubric file's shape, drafted from the paper
    scenario_draft: dict[str, Any] | None = None  # a role-play scenario in the scenario file's shape

    @property
    def full_stem(self) -> str:
        """Background and stem together, as the paper shows them."""
        return f"{self.background}\n{self.stem}" if self.background else self.stem

    @property
    def has_answer_key(self) -> bool:
        """Whether the paper gave a key (objective) or a reference answer (free text)."""
        if question_types().get(self.type).objective:
            return self.answer is not None
        return bool(self.reference_answer)

    def to_json(self) -> dict[str, Any]:
        """The CLI's per-question JSON."""
        return {
            "position": self.position,
            "type": self.type,
            "stem": self.full_stem,
            "options": dict(self.options) if self.options is not None else None,
            "answer": list(self.answer) if isinstance(self.answer, list) else self.answer,
            "points": self.points,
            "has_reference_answer": bool(self.reference_answer),
            "status": self.status,
            "rubric_draft": self.rubric_draft,
            "scenario_draft": self.scenario_draft,
        }

    def to_question_dict(self) -> dict[str, Any]:
        """The question in the DESIGN.md bank format (id generated from the text, stable across imports)."""
        out: dict[str, Any] = {
            "id": stable_id(self.type, self.background, self.stem),
            "type": self.type,
            "lang": detect_lang(self.full_stem),
            "points": self.points,
            "tags": list(self.tags),
            "status": self.status,
        }
        if self.background:
            out["background"] = self.background
        out["stem"] = self.stem
        if self.options is not None:
            out["options"] = dict(self.options)
        if self.answer is not None:
            out["answer"] = list(self.answer) if isinstance(self.answer, list) else self.answer
        if self.scoring is not None:
            out["scoring"] = self.scoring
        if self.partial_points is not None:
            out["partial_points"] = self.partial_points
        if self.explanation:
            out["explanation"] = self.explanation
        if self.reference_answer:
            out["reference_answer"] = self.reference_answer
        return out


@dataclass
class ImportReport:
    """The whole result of parsing one paper."""

    filename: str
    questions: list[ParsedQuestion] = field(default_factory=list)
    skipped: list[SkippedLine] = field(default_factory=list)
    warnings: list[ImportWarning] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """Exactly the object ``bank import --json`` prints."""
        return {
            "questions": [q.to_json() for q in self.questions],
            "skipped": [s.to_dict() for s in self.skipped],
            "warnings": [w.to_dict() for w in self.warnings],
        }

    def question_dicts(self) -> list[dict[str, Any]]:
        """Every question in the bank format, in paper order."""
        return [q.to_question_dict() for q in self.questions]

    @property
    def drafts(self) -> list[ParsedQuestion]:
        """The questions that come in as drafts."""
        return [q for q in self.questions if q.status == STATUS_DRAFT]
