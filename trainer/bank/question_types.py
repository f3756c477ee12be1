"""The question-type registry: one class per type, registered explicitly in the app factory.

Each type knows how its type data is validated, how an answer is checked and normalised, how it is
graded (objective types at once; free-text types are marked pending for the rubric engines), what a
candidate may see of it before review, how it is authored (the editor's fields and how they map to type
data), how the exam page reads its answer and which template partials show it on the paper, the result
and the staff review (``templates/<partials>/{paper,result,review,bank}.html``). No page, form or
service outside this module dispatches on a type id: a type added through ``QUESTION_TYPES`` works
everywhere by what it declares here. Type data is the plain dict stored in ``QuestionVersion.data``.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

from flask_babel import lazy_gettext as _l

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
_SPLIT_KEYS = re.compile(r"[,，、;；\s]+")


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


class ChoiceType(QuestionType):
    """Options A–Z with a key of option letters; the exam page shows the options in the drawn order."""

    editor_fields: ClassVar[tuple[str, ...]] = (FIELD_OPTIONS, FIELD_ANSWER)
    has_key = True
    answer_input = ANSWER_ONE
    partials = "questions/choice"

    def answer_text(self, answer: Any, order: Sequence[str] | None = None) -> str:
        return "" if answer is None else display_keys(order, answer)

    def key_text(self, data: Mapping[str, Any], order: Sequence[str] | None = None) -> str:
        return display_keys(order, data.get("answer"))


def _check_options(data: Mapping[str, Any]) -> dict[str, str]:
    options = data.get("options")
    if not isinstance(options, Mapping) or len(options) < 2:
        raise QuestionDataError("options", "needs at least two options")
    for key, text in options.items():
        if key not in OPTION_KEYS:
            raise QuestionDataError("options", f"option key {key!r} must be a capital letter")
        if not isinstance(text, str | int | float) or not str(text).strip():
            raise QuestionDataError(f"options.{key}", "is empty")
    return {str(k): str(v) for k, v in options.items()}


class SingleChoice(ChoiceType):
    id = "single"
    label = _l("Single choice")

    def parse_key(self, text: str) -> Any:
        raw = (text or "").strip()
        return raw.upper() if raw else None

    def coerce_key(self, answer: Any) -> Any:
        if isinstance(answer, list):
            return answer[0] if len(answer) == 1 else None
        return answer if isinstance(answer, str) else None

    def validate_data(self, data: Mapping[str, Any], *, draft: bool = False) -> None:
        options = _check_options(data)
        answer = data.get("answer")
        if answer is None and draft:
            return
        if not isinstance(answer, str) or answer not in options:
            raise QuestionDataError("answer", "must be one of the option letters")

    def normalize_answer(self, data: Mapping[str, Any], raw: Any) -> Any:
        if raw in (None, "", []):
            return None
        if isinstance(raw, list) and len(raw) == 1:
            raw = raw[0]
        if not isinstance(raw, str) or raw not in (data.get("options") or {}):
            raise AnswerError("unknown option")
        return raw

    def grade(self, question: GradableQuestion, answer: Any) -> GradeResult:
        correct = answer is not None and answer == question.data.get("answer")
        return GradeResult(
            score=float(question.points) if correct else 0.0, max=question.points, correct=correct
        )


class MultipleChoice(ChoiceType):
    """多选. ``scoring``: all_or_nothing, or partial (少选得部分分、错选不得分).

    Partial credit is ``partial_points`` when the question sets it (e.g. 少选得1分), otherwise the share of
    correct options chosen; any wrong option scores 0.
    """

    id = "multiple"
    label = _l("Multiple choice")
    editor_fields = (FIELD_OPTIONS, FIELD_ANSWER, FIELD_SCORING)
    answer_input = ANSWER_MANY
    default_points = 2

    def policy(self, data: Mapping[str, Any], chosen: str | None) -> str | None:
        return chosen

    def parse_key(self, text: str) -> Any:
        raw = (text or "").strip()
        if not raw:
            return None
        letters = [p.upper() for p in _SPLIT_KEYS.split(raw) if p]
        if len(letters) == 1 and len(letters[0]) > 1:
            letters = list(letters[0])
        return letters

    def coerce_key(self, answer: Any) -> Any:
        if isinstance(answer, str):
            return [answer]
        return answer if isinstance(answer, list) else None

    def validate_data(self, data: Mapping[str, Any], *, draft: bool = False) -> None:
        options = _check_options(data)
        policy = data.get("scoring", POLICY_ALL_OR_NOTHING)
        if policy not in MULTIPLE_POLICIES:
            raise QuestionDataError("scoring", f"must be one of {', '.join(MULTIPLE_POLICIES)}")
        partial = data.get("partial_points")
        if partial is not None and (
            isinstance(partial, bool) or not isinstance(partial, int | float) or partial < 0
        ):
            raise QuestionDataError("partial_points", "must be a number ≥ 0")
        answer = data.get("answer")
        if answer is None and draft:
            return
        if not isinstance(answer, list) or len(answer) < 1 or len(set(answer)) != len(answer):
            raise QuestionDataError("answer", "must be a list of distinct option letters")
        if any(a not in options for a in answer):
            raise QuestionDataError("answer", "names an option that does not exist")

    def normalize_answer(self, data: Mapping[str, Any], raw: Any) -> Any:
        if raw in (None, "", []):
            return None
        if isinstance(raw, str):
            raw = list(raw)
        options = data.get("options") or {}
        if not isinstance(raw, list) or any(not isinstance(a, str) or a not in options for a in raw):
            raise AnswerError("unknown option")
        return sorted(set(raw))

    def grade(self, question: GradableQuestion, answer: Any) -> GradeResult:
        points = float(question.points)
        key = set(question.data.get("answer") or [])
        chosen = set(answer or [])
        if not chosen:
            return GradeResult(score=0.0, max=points, correct=False)
        if chosen == key:
            return GradeResult(score=points, max=points, correct=True)
        if question.data.get("scoring") != POLICY_PARTIAL or not chosen <= key:
            return GradeResult(score=0.0, max=points, correct=False)
        partial = question.data.get("partial_points")
        score = float(partial) if partial is not None else points * len(chosen) / len(key)
        return GradeResult(
            score=round(min(score, points), 2), max=points, correct=False, detail={"partial": True}
        )


class TrueFalse(QuestionType):
    id = "truefalse"
    label = _l("True/false")
    editor_fields = (FIELD_ANSWER,)
    has_key = True
    answer_input = ANSWER_ONE
    partials = "questions/truefalse"
    _TRUE = {"true", "t", "1", "yes", "对", "正确", "√"}
    _FALSE = {"false", "f", "0", "no", "错", "错误", "×"}
    # The editor also takes y/n and 是/否.
    _TYPED_TRUE = _TRUE | {"y", "是"}
    _TYPED_FALSE = _FALSE | {"n", "否"}

    def answer_text(self, answer: Any, order: Sequence[str] | None = None) -> str:
        return "" if answer is None else ("true" if answer else "false")

    def parse_key(self, text: str) -> Any:
        raw = (text or "").strip().lower()
        if not raw:
            return None
        if raw in self._TYPED_TRUE:
            return True
        if raw in self._TYPED_FALSE:
            return False
        raise QuestionDataError("answer", "write true or false (正确/错误)")

    def coerce_key(self, answer: Any) -> Any:
        return answer if isinstance(answer, bool) else None

    def validate_data(self, data: Mapping[str, Any], *, draft: bool = False) -> None:
        answer = data.get("answer")
        if answer is None and draft:
            return
        if not isinstance(answer, bool):
            raise QuestionDataError("answer", "must be true or false")

    def normalize_answer(self, data: Mapping[str, Any], raw: Any) -> Any:
        if raw in (None, "", []):
            return None
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in self._TRUE:
            return True
        if text in self._FALSE:
            return False
        raise AnswerError("answer must be true or false")

    def grade(self, question: GradableQuestion, answer: Any) -> GradeResult:
        correct = answer is not None and answer == question.data.get("answer")
        return GradeResult(
            score=float(question.points) if correct else 0.0, max=question.points, correct=correct
        )


class FreeText(QuestionType):
    """Free text scored against a rubric by the grading engines; grading here only marks it pending."""

    objective = False
    grading_path = "text"
    needs_rubric = True
    editor_fields: ClassVar[tuple[str, ...]] = (FIELD_RUBRIC,)
    default_points = 10

    def validate_data(self, data: Mapping[str, Any], *, draft: bool = False) -> None:
        """``reference_by_criterion`` (optional) maps criterion ids to the part of the reference each serves."""
        aligned = data.get("reference_by_criterion")
        if aligned is None:
            return
        if not isinstance(aligned, Mapping) or not aligned:
            raise QuestionDataError("reference_by_criterion", "must map criterion ids to reference text")
        for key, text in aligned.items():
            if not isinstance(text, str) or not text.strip():
                raise QuestionDataError(f"reference_by_criterion.{key}", "must be a non-empty text")

    def normalize_answer(self, data: Mapping[str, Any], raw: Any) -> Any:
        if raw is None:
            return None
        if not isinstance(raw, str):
            raise AnswerError("answer must be text")
        if len(raw) > MAX_TEXT_ANSWER:
            raise AnswerError(f"answer is longer than {MAX_TEXT_ANSWER} characters")
        return raw if raw.strip() else None

    def grade(self, question: GradableQuestion, answer: Any) -> GradeResult:
        if answer is None:
            return GradeResult(score=0.0, max=question.points, correct=False)
        return GradeResult(score=None, max=question.points, pending=True)


class CaseAnalysis(FreeText):
    id = "case"
    label = _l("Case analysis")


class Interview(FreeText):
    id = "interview"
    label = _l("Interview question")


class RolePlay(QuestionType):
    """情景模拟: the answer is a role-play session; its transcript is scored against the scenario's rubric."""

    id = "roleplay"
    label = _l("Role-play")
    objective = False
    grading_path = "roleplay"
    editor_fields = (FIELD_SCENARIO, FIELD_RUBRIC)
    default_points = 10
    answer_input = ANSWER_SESSION
    partials = "questions/roleplay"
    practice_check = False

    def validate_data(self, data: Mapping[str, Any], *, draft: bool = False) -> None:
        scenario = data.get("scenario")
        if scenario is None and draft:
            return
        if not isinstance(scenario, str) or not scenario.strip():
            raise QuestionDataError("scenario", "must name a scenario id")

    def normalize_answer(self, data: Mapping[str, Any], raw: Any) -> Any:
        if raw in (None, ""):
            return None
        if isinstance(raw, Mapping) and isinstance(raw.get("session_id"), int):
            return {"session_id": raw["session_id"]}
        raise AnswerError("answer must reference a role-play session")

    def grade(self, question: GradableQuestion, answer: Any) -> GradeResult:
        if answer is None:
            return GradeResult(score=0.0, max=question.points, correct=False)
        return GradeResult(score=None, max=question.points, pending=True)


DEFAULT_TYPES: tuple[type[QuestionType], ...] = (
    SingleChoice,
    MultipleChoice,
    TrueFalse,
    CaseAnalysis,
    Interview,
    RolePlay,
)


class UnknownQuestionType(KeyError):
    """No question type is registered under this id."""


class QuestionTypeRegistry:
    """Question types by id. Registering an id twice, or a type with no id, fails loudly."""

    def __init__(self) -> None:
        self._types: dict[str, QuestionType] = {}

    def register(self, cls: type[QuestionType]) -> None:
        """Add a type; raises ValueError on a missing or duplicate id."""
        if not cls.id:
            raise ValueError(f"question type {cls.__name__} has no id")
        if cls.id in self._types:
            raise ValueError(f"question type id {cls.id!r} is registered twice")
        self._types[cls.id] = cls()

    def get(self, type_id: str) -> QuestionType:
        """The type registered as ``type_id``; UnknownQuestionType otherwise."""
        try:
            return self._types[type_id]
        except KeyError:
            raise UnknownQuestionType(type_id) from None

    def ids(self) -> list[str]:
        return list(self._types)

    def all(self) -> list[QuestionType]:
        """The registered types, in registration order."""
        return list(self._types.values())

    def objective_ids(self) -> list[str]:
        """Ids of the types graded at once (an answer key)."""
        return [t.id for t in self._types.values() if t.objective]

    def free_text_ids(self) -> list[str]:
        """Ids of the types scored against a rubric by the grading engines."""
        return [t.id for t in self._types.values() if not t.objective]

    def rubric_ids(self) -> list[str]:
        """Ids of the types whose published questions must name a rubric."""
        return [t.id for t in self._types.values() if t.needs_rubric]

    def with_field(self, name: str) -> list[str]:
        """Ids of the types whose editor shows the field group ``name`` (one of EDITOR_FIELDS)."""
        return [t.id for t in self._types.values() if name in t.editor_fields]

    def choices(self) -> list[tuple[str, Any]]:
        """(id, label) of each registered type, for select fields."""
        return [(t.id, t.label) for t in self._types.values()]

    def __contains__(self, type_id: object) -> bool:
        return type_id in self._types


def build_registry(types: tuple[type[QuestionType], ...] = DEFAULT_TYPES) -> QuestionTypeRegistry:
    """A registry holding ``types``; raises ValueError on a duplicate or missing id."""
    reg = QuestionTypeRegistry()
    for cls in types:
        reg.register(cls)
    return reg


def question_types() -> QuestionTypeRegistry:
    """The running app's registry (built in ``create_app``), or the built-in types outside an app."""
    from flask import current_app, has_app_context

    if has_app_context():
        return current_app.extensions["question_types"]
    return _DEFAULT_REGISTRY


_DEFAULT_REGISTRY = build_registry()
