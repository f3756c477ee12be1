"""What every question type is: the base class, its answer shapes, editor field groups and errors.

The built-in types are in ``builtin``; the registry that holds the running app's types is the package
itself (``trainer.bank.question_types``).
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

POLICY_ALL_OR_NOTHING = "all_or_nothing"
POLICY_PARTIAL = "partial"
MULTIPLE_POLICIES = (POLICY_ALL_OR_NOTHING, POLICY_PARTIAL)
OPTION_KEYS = tuple(string.ascii_uppercase)
EDITOR_OPTIONS = OPTION_KEYS[:8]  # the editor offers options A–H

# How the exam page reads an answer (``data-answer`` on the question; static/js/exam.js).
ANSWER_ONE = "one"  # one radio button: the chosen value
ANSWER_MANY = "many"  # check boxes: the sorted chosen values
ANSWER_TEXT = "text"  # a text area
ANSWER_SESSION = "session"  # nothing on the page: the answer is a role-play session, played elsewhere

# The editor's field groups a type may use (templates/authoring/question_edit.html).
FIELD_OPTIONS = "options"
FIELD_ANSWER = "answer"
FIELD_SCORING = "scoring"  # a multiple-choice partial-credit policy and its points
FIELD_RUBRIC = "rubric"
FIELD_SCENARIO = "scenario"
EDITOR_FIELDS = (FIELD_OPTIONS, FIELD_ANSWER, FIELD_SCORING, FIELD_RUBRIC, FIELD_SCENARIO)
# Bank-dict keys of each field group that another type may not keep (see ``QuestionType.adopt``).
_FIELD_KEYS = {
    FIELD_OPTIONS: ("options",),
    FIELD_ANSWER: ("answer",),
    FIELD_SCORING: ("scoring", "partial_points"),
}


class QuestionDataError(ValueError):
    """Type data that does not fit the type; ``field`` names the offending key."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class AnswerError(ValueError):
    """An answer that this type cannot accept (wrong shape, unknown option, too long)."""


class GradableQuestion(Protocol):
    points: float
    data: Mapping[str, Any]


@dataclass(frozen=True)
class GradeResult:
    """The outcome of grading one answer. ``pending`` means a rubric engine must score it."""

    score: float | None
    max: float
    correct: bool | None = None
    pending: bool = False
    detail: Mapping[str, Any] = field(default_factory=dict)


MAX_TEXT_ANSWER = 20_000


class QuestionType:
    """Base class. Subclasses set ``id``, ``label`` and ``objective``.

    A free-text type (``objective`` False) says how the grading area scores it: ``grading_path`` names
    where the text to score and the rubric come from (``text``: the answer and the question's rubric;
    ``roleplay``: the session transcript and the scenario's rubric), and ``needs_rubric`` whether a
    published question must name a rubric.
    """

    id: ClassVar[str] = ""
    label: ClassVar[Any] = ""
    objective: ClassVar[bool] = True
    grading_path: ClassVar[str] = ""
    needs_rubric: ClassVar[bool] = False
    # Authoring and import: the editor field groups the type uses (EDITOR_FIELDS), whether its type data
    # holds an answer key (``data["answer"]``, shown once review allows), and the points of an imported
    # question whose paper names none.
    editor_fields: ClassVar[tuple[str, ...]] = ()
    has_key: ClassVar[bool] = False
    default_points: ClassVar[float] = 1
    # Pages: how the exam page reads the answer (ANSWER_*), the folder of its template partials under
    # templates/ (paper.html, result.html, review.html, bank.html), and whether practice offers "Check
    # answer".
    answer_input: ClassVar[str] = ANSWER_TEXT
    partials: ClassVar[str] = "questions/text"
    practice_check: ClassVar[bool] = True

    def validate_data(self, data: Mapping[str, Any], *, draft: bool = False) -> None:
        """Raise QuestionDataError when the type data is incomplete or inconsistent.

        A draft may lack its answer key; everything else must be whole.
        """

    def normalize_answer(self, data: Mapping[str, Any], raw: Any) -> Any:
        """Turn a submitted answer into its stored form, or raise AnswerError. ``None`` means unanswered."""
        raise NotImplementedError

    def grade(self, question: GradableQuestion, answer: Any) -> GradeResult:
        """Grade a normalised answer."""
        raise NotImplementedError

    def public_data(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """What a candidate may see before review: the type data without any answer key."""
        return {k: v for k, v in data.items() if k in ("options", "scenario")}

    def policy(self, data: Mapping[str, Any], chosen: str | None) -> str | None:
        """The partial-credit policy an exam item shows and grades by (``chosen`` by the exam), or None."""
        return None

    def answer_text(self, answer: Any, order: Sequence[str] | None = None) -> str:
        """A stored answer as staff and the candidate read it (option letters as shown, the text...)."""
        if answer is None or isinstance(answer, Mapping):
            return ""
        return str(answer)

    def key_text(self, data: Mapping[str, Any], order: Sequence[str] | None = None) -> str:
        """The answer key as the candidate saw its options (``A, C``); empty for a type without one."""
        return ""

    # -- authoring --------------------------------------------------------------------------------------

    def parse_key(self, text: str) -> Any:
        """An answer key typed in the editor, or None when blank; QuestionDataError("answer") if unreadable."""
        return None

    def coerce_key(self, answer: Any) -> Any:
        """A key of another type turned into this type's, or None when it does not fit."""
        return answer

    def from_editor(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        """The bank-dict keys of this type from the editor's fields (only the groups it uses)."""
        used = self.editor_fields
        q: dict[str, Any] = {}
        if FIELD_OPTIONS in used:
            q["options"] = {
                k: str(fields.get(f"option_{k}")).strip()
                for k in EDITOR_OPTIONS
                if str(fields.get(f"option_{k}") or "").strip()
            }
        if FIELD_ANSWER in used:
            answer = self.parse_key(str(fields.get("answer") or ""))
            if answer is not None:
                q["answer"] = answer
        if FIELD_SCORING in used:
            q["scoring"] = fields.get("scoring") or POLICY_ALL_OR_NOTHING
            if fields.get("partial_points") not in (None, ""):
                q["partial_points"] = fields["partial_points"]
        for name in (FIELD_SCENARIO, FIELD_RUBRIC):
            if name in used and str(fields.get(name) or "").strip():
                q[name] = str(fields[name]).strip()
        return q

    def adopt(self, question: Mapping[str, Any]) -> dict[str, Any]:
        """A bank dict of another type made this type's: what this type does not use is dropped and the
        key coerced (None when it does not fit)."""
        q = dict(question)
        q["type"] = self.id
        for name, keys in _FIELD_KEYS.items():
            if name not in self.editor_fields:
                for key in keys:
                    q.pop(key, None)
        if FIELD_ANSWER in self.editor_fields:
            q["answer"] = self.coerce_key(q.get("answer"))
        return q


def display_keys(order: Sequence[str] | None, key: Any) -> str:
    """An option key (or list of keys) as the letters the candidate saw, e.g. ``["C", "A"]`` → ``"A, B"``."""
    if key is None:
        return ""
    keys = key if isinstance(key, list) else [key]
    if not order:
        return ", ".join(str(k) for k in keys)
    return ", ".join(sorted(OPTION_KEYS[order.index(k)] for k in keys if k in order))
