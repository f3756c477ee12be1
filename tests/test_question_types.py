"""The question-type registry and how each objective type validates, normalises and grades answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from trainer import create_app
from trainer.bank.question_types import (
    DEFAULT_TYPES,
    AnswerError,
    QuestionDataError,
    QuestionType,
    UnknownQuestionType,
    build_registry,
)

REG = build_registry()


@dataclass
class Q:
    data: dict[str, Any]
    points: float = 2.0
    extra: dict = field(default_factory=dict)


OPTIONS = {"A": "一", "B": "二", "C": "三", "D": "四"}


def test_every_design_type_is_registered():
    assert REG.ids() == ["single", "multiple", "truefalse", "case", "interview", "roleplay"]
    assert [REG.get(t).objective for t in REG.ids()] == [True, True, True, False, False, False]


def test_unknown_and_duplicate_type_ids_fail_loudly():
    with pytest.raises(UnknownQuestionType):
        REG.get("essay")
    with pytest.raises(ValueError, match="registered twice"):
        build_registry((*DEFAULT_TYPES, DEFAULT_TYPES[0]))

    class Nameless(QuestionType):
        pass

    with pytest.raises(ValueError, match="has no id"):
        build_registry((Nameless,))


def test_app_start_fails_on_a_duplicate_type():
    with pytest.raises(ValueError, match="'multiple' is registered twice"):
        create_app({"QUESTION_TYPES": (*DEFAULT_TYPES, DEFAULT_TYPES[1])})


def test_single_choice():
    single = REG.get("single")
    q = Q({"options": OPTIONS, "answer": "B"})
    assert single.grade(q, single.normalize_answer(q.data, "B")).score == 2.0
    assert single.grade(q, single.normalize_answer(q.data, "C")).score == 0.0
    assert single.grade(q, single.normalize_answer(q.data, "")).score == 0.0
    with pytest.raises(AnswerError):
        single.normalize_answer(q.data, "Z")
    with pytest.raises(QuestionDataError) as info:
        single.validate_data({"options": OPTIONS, "answer": "E"})
    assert info.value.field == "answer"
    single.validate_data({"options": OPTIONS}, draft=True)  # a draft may lack its key


@pytest.mark.parametrize(
    ("policy", "partial_points", "chosen", "expected"),
    [
        ("all_or_nothing", None, ["A", "C"], 3.0),
        ("all_or_nothing", None, ["A"], 0.0),
        ("partial", None, ["A"], 1.5),  # half the correct options → half the points
        ("partial", 1, ["C"], 1.0),  # 少选得1分
        ("partial", None, ["A", "B"], 0.0),  # 错选不得分
        ("partial", None, ["A", "C"], 3.0),
        ("partial", None, [], 0.0),
    ],
)
def test_multiple_choice_policies(policy, partial_points, chosen, expected):
    multiple = REG.get("multiple")
    data = {"options": OPTIONS, "answer": ["A", "C"], "scoring": policy}
    if partial_points is not None:
        data["partial_points"] = partial_points
    multiple.validate_data(data)
    q = Q(data, points=3)
    assert multiple.grade(q, multiple.normalize_answer(data, chosen)).score == expected


def test_multiple_choice_answers_are_normalised_and_checked():
    multiple = REG.get("multiple")
    assert multiple.normalize_answer({"options": OPTIONS}, ["C", "A", "A"]) == ["A", "C"]
    assert multiple.normalize_answer({"options": OPTIONS}, "CA") == ["A", "C"]
    with pytest.raises(AnswerError):
        multiple.normalize_answer({"options": OPTIONS}, ["A", "X"])
    with pytest.raises(QuestionDataError):
        multiple.validate_data({"options": OPTIONS, "answer": ["A"], "scoring": "most"})


def test_true_false_accepts_the_usual_spellings():
    tf = REG.get("truefalse")
    q = Q({"answer": False}, points=1)
    for raw in (False, "false", "错", "错误", "×"):
        assert tf.grade(q, tf.normalize_answer(q.data, raw)).correct is True
    for raw in (True, "对", "正确", "√"):
        assert tf.grade(q, tf.normalize_answer(q.data, raw)).score == 0.0
    with pytest.raises(AnswerError):
        tf.normalize_answer(q.data, "maybe")


def test_free_text_is_pending_until_a_rubric_engine_scores_it():
    case = REG.get("case")
    q = Q({}, points=10)
    result = case.grade(q, case.normalize_answer({}, "先致歉，再核实订单。"))
    assert result.pending and result.score is None
    blank = case.grade(q, case.normalize_answer({}, "   "))
    assert blank.score == 0.0 and not blank.pending
    with pytest.raises(AnswerError):
        case.normalize_answer({}, "字" * 20_001)


def test_public_data_never_contains_the_answer_key():
    for tid in ("single", "multiple", "truefalse"):
        data = {"options": OPTIONS, "answer": ["A"] if tid == "multiple" else "A", "scoring": "partial"}
        assert "answer" not in REG.get(tid).public_data(data)
        assert "scoring" not in REG.get(tid).public_data(data)
