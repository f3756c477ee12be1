"""The built-in question types: 单选, 多选, 判断, 案例分析, 面试问答 and 情景模拟."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from flask_babel import lazy_gettext as _l

from .base import (
    ANSWER_MANY,
    ANSWER_ONE,
    ANSWER_SESSION,
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

_SPLIT_KEYS = re.compile(r"[,，、;；\s]+")


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
