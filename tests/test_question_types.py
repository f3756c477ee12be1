"""The question-type registry, how each objective type validates, normalises and grades answers, and a\ntype added through QUESTION_TYPES working on every page by what it declares."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import select

from tests.conftest import PASSWORD, AuthActions
from tests.review.conftest import GOOD, RUBRIC
from trainer import create_app
from trainer.auth.services import create_user
from trainer.bank.models import Question
from trainer.bank.question_types import (
    DEFAULT_TYPES,
    AnswerError,
    QuestionDataError,
    QuestionType,
    UnknownQuestionType,
    build_registry,
)
from trainer.bank.services import save_rubric
from trainer.exams.builder import ExamSpec, save_exam
from trainer.exams.layout import Section
from trainer.exams.models import Response
from trainer.extensions import db

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


# --- a type added through QUESTION_TYPES, on every page, with no edit outside its class ------------------


def _field_types(page: str, field_id: str) -> set[str]:
    """The type ids whose editor shows the field group holding ``field_id`` (its data-types)."""
    block = re.findall(r'data-types="([^"]*)"[^>]*>(?:(?!data-types=).)*?id="' + field_id + '"', page, re.S)
    assert block, field_id
    return set(block[-1].split())


MEMO_TEXT = "Memo to the refund team: " + GOOD


def test_a_registered_free_text_type_is_authored_shown_and_reviewed_on_every_page(memo_app):
    trainer, _ = create_user("trainer@example.test", PASSWORD, role="trainer")
    hr, _ = create_user("hr@example.test", PASSWORD, role="hr")
    candidate, _ = create_user("memo@example.test", PASSWORD, role="candidate")
    save_rubric(RUBRIC)
    db.session.commit()
    client = memo_app.test_client()
    auth = AuthActions(client)

    # The editor offers the type, shows it the rubric field (not options or a key) and publishes it.
    auth.login(trainer)
    editor = client.get("/authoring/questions/new?type=memo").get_data(as_text=True)
    assert re.search(r'<option[^>]*value="memo"[^>]*selected', editor) or re.search(
        r'<option[^>]*selected[^>]*value="memo"', editor
    )
    assert "memo" in _field_types(editor, "rubric")
    assert "memo" not in _field_types(editor, "option_A") | _field_types(editor, "answer")
    saved = auth.post(
        "/authoring/questions/new",
        {
            "id": "refund-memo",
            "type": "memo",
            "status": "published",
            "lang": "en",
            "points": "12",
            "difficulty": "2",
            "stem": "Write the memo to the refund team.",
            "rubric": RUBRIC["id"],
            "option_A": "left over from another type",
            "answer": "A",
        },
    )
    assert saved.status_code == 302, saved.get_data(as_text=True)
    db.session.expire_all()
    question = db.session.scalar(select(Question).where(Question.uid == "refund-memo"))
    assert question.status == "published" and question.current.rubric_uid == RUBRIC["id"]
    assert "options" not in question.current.data and "answer" not in question.current.data
    bank_page = client.get("/bank/questions/refund-memo")
    assert bank_page.status_code == 200 and "Write the memo" in bank_page.get_data(as_text=True)
    exam = save_exam(
        ExamSpec(
            title="Memo check",
            sections=[Section(title="Memo", questions=[{"uid": "refund-memo", "policy": None}])],
            open_to_all=True,
            status="published",
        ),
        trainer,
    )
    db.session.commit()
    auth.logout()

    # The paper shows a text area read as text; the result page shows the memo written and its feedback.
    auth.login(candidate)
    started = auth.post(f"/exams/{exam.id}/start")
    attempt_id = int(started.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    paper = client.get(f"/exams/attempts/{attempt_id}").get_data(as_text=True)
    assert re.search(r'data-type="memo" data-answer="text"', paper)
    assert re.search(r'<textarea[^>]*name="q-0"', paper) and "Check answer" not in paper
    saved = auth.post_json(f"/exams/attempts/{attempt_id}/save", {"pos": 0, "seq": 1, "answer": MEMO_TEXT})
    assert saved.status_code == 200
    assert MEMO_TEXT in html.unescape(client.get(f"/exams/attempts/{attempt_id}").get_data(as_text=True))
    assert auth.post(f"/exams/attempts/{attempt_id}/submit").status_code == 302
    result = html.unescape(client.get(f"/exams/attempts/{attempt_id}/result").get_data(as_text=True))
    assert re.search(r'class="your-answer">Memo to the refund team: ', result)
    assert "Apology" in result  # the rubric feedback, per criterion
    auth.logout()

    # HR's view of the attempt shows the memo, its criterion scores and the hand-grading link.
    auth.login(hr)
    response = db.session.scalar(select(Response).where(Response.attempt_id == attempt_id))
    review = html.unescape(client.get(f"/review/attempts/{attempt_id}").get_data(as_text=True))
    assert re.search(r'<div class="answer">Memo to the refund team: ', review)
    assert "Apology" in review and f"/review/responses/{response.id}" in review
    assert response.status == "graded" and response.score is not None
