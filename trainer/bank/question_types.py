"""The question-type registry: one class per type, registered explicitly in the app factory.

Each type knows how its type data is validated, how an answer is checked and normalised, how it is
graded (objective types at once; free-text types are marked pending for the rubric engines), and what a
candidate may see of it before review. Pages render a question by its type id
(templates/exams/_paper.html). Type data is the plain dict stored in ``QuestionVersion.data``.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

from flask_babel import lazy_gettext as _l

POLICY_ALL_OR_NOTHING = "all_or_nothing"
POLICY_PARTIAL = "partial"
MULTIPLE_POLICIES = (POLICY_ALL_OR_NOTHING, POLICY_PARTIAL)
OPTION_KEYS = tuple(string.ascii_uppercase)


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


class SingleChoice(QuestionType):
    id = "single"
    label = _l("Single choice")

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


class MultipleChoice(QuestionType):
    """多选. ``scoring``: all_or_nothing, or partial (少选得部分分、错选不得分).

    Partial credit is ``partial_points`` when the question sets it (e.g. 少选得1分), otherwise the share of
    correct options chosen; any wrong option scores 0.
    """

    id = "multiple"
    label = _l("Multiple choice")

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
    _TRUE = {"true", "t", "1", "yes", "对", "正确", "√"}
    _FALSE = {"false", "f", "0", "no", "错", "错误", "×"}

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

    def __contains__(self, type_id: object) -> bool:
        return type_id in self._types


def type_choices(types: tuple[type[QuestionType], ...] = DEFAULT_TYPES) -> list[tuple[str, Any]]:
    """(id, label) of each type, in registry order, for select fields."""
    return [(cls.id, cls.label) for cls in types]


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
