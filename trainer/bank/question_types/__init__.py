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

from typing import Any

from .base import (
    ANSWER_MANY,
    ANSWER_ONE,
    ANSWER_SESSION,
    ANSWER_TEXT,
    EDITOR_FIELDS,
    EDITOR_OPTIONS,
    FIELD_ANSWER,
    FIELD_OPTIONS,
    FIELD_RUBRIC,
    FIELD_SCENARIO,
    FIELD_SCORING,
    MAX_TEXT_ANSWER,
    MULTIPLE_POLICIES,
    OPTION_KEYS,
    POLICY_ALL_OR_NOTHING,
    POLICY_PARTIAL,
    AnswerError,
    GradableQuestion,
    GradeResult,
    QuestionDataError,
    QuestionType,
    display_keys,
)
from .builtin import (
    DEFAULT_TYPES,
    CaseAnalysis,
    ChoiceType,
    FreeText,
    Interview,
    MultipleChoice,
    RolePlay,
    SingleChoice,
    TrueFalse,
)

__all__ = [
    "ANSWER_MANY",
    "ANSWER_ONE",
    "ANSWER_SESSION",
    "ANSWER_TEXT",
    "DEFAULT_TYPES",
    "EDITOR_FIELDS",
    "EDITOR_OPTIONS",
    "FIELD_ANSWER",
    "FIELD_OPTIONS",
    "FIELD_RUBRIC",
    "FIELD_SCENARIO",
    "FIELD_SCORING",
    "MAX_TEXT_ANSWER",
    "MULTIPLE_POLICIES",
    "OPTION_KEYS",
    "POLICY_ALL_OR_NOTHING",
    "POLICY_PARTIAL",
    "AnswerError",
    "CaseAnalysis",
    "ChoiceType",
    "FreeText",
    "GradableQuestion",
    "GradeResult",
    "Interview",
    "MultipleChoice",
    "QuestionDataError",
    "QuestionType",
    "QuestionTypeRegistry",
    "RolePlay",
    "SingleChoice",
    "TrueFalse",
    "UnknownQuestionType",
    "build_registry",
    "display_keys",
    "question_types",
]


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
