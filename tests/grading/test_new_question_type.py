"""A free-text type added through QUESTION_TYPES goes the whole way: exam, grading, review queue, release."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.conftest import PASSWORD, AuthActions
from tests.review.conftest import GOOD, INJECTED, RUBRIC
from trainer.auth.services import create_user
from trainer.bank.services import save_question, save_rubric
from trainer.exams.builder import ExamSpec, save_exam
from trainer.exams.layout import Section
from trainer.exams.models import Attempt, Response
from trainer.extensions import db
from trainer.grading.models import ScoreRecord


def _take_exam(auth: AuthActions, exam_id: int, email: str, text: str) -> int:
    """A candidate starts the exam, autosaves a memo and submits, all over HTTP; returns the attempt id."""
    create_user(email, PASSWORD, role="candidate")
    db.session.commit()
    auth.login(email)
    started = auth.post(f"/exams/{exam_id}/start")
    attempt_id = int(started.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    saved = auth.post_json(f"/exams/attempts/{attempt_id}/save", {"pos": 0, "seq": 1, "answer": text})
    assert saved.status_code == 200, saved.get_data(as_text=True)
    assert auth.post(f"/exams/attempts/{attempt_id}/submit").status_code == 302
    auth.logout()
    return attempt_id


def test_a_registered_free_text_type_is_graded_reviewed_and_released(memo_app):
    trainer, _ = create_user("trainer@example.test", PASSWORD, role="trainer")
    hr, _ = create_user("hr@example.test", PASSWORD, role="hr")
    save_rubric(RUBRIC)
    db.session.commit()
    question = {"id": "refund-memo", "type": "memo", "lang": "en", "points": 12, "stem": "Write the memo."}
    with pytest.raises(ValueError, match="rubric"):  # a free-text type needs a rubric to be published
        save_question(question)
    db.session.rollback()
    save_question({**question, "rubric": RUBRIC["id"]})
    spec = ExamSpec(
        title="Memo check",
        sections=[Section(title="Memo", questions=[{"uid": "refund-memo", "policy": None}])],
        open_to_all=True,
        status="published",
    )
    exam = save_exam(spec, trainer)
    db.session.commit()

    client = memo_app.test_client()  # one browser, signed in by each person in turn
    auth = AuthActions(client)
    good = _take_exam(auth, exam.id, "good@example.test", GOOD)
    injected = _take_exam(auth, exam.id, "sly@example.test", INJECTED)
    db.session.expire_all()

    good_response = db.session.scalar(select(Response).where(Response.attempt_id == good))
    assert good_response.status == "graded" and 0 < good_response.score <= 12
    assert db.session.get(Attempt, good).released  # scored by the engine, released by the exam's policy
    record = db.session.scalar(select(ScoreRecord).where(ScoreRecord.response_id == good_response.id))
    assert record.engine == "offline" and {c["id"] for c in record.criteria} == {"apology", "action"}

    flagged = db.session.scalar(select(Response).where(Response.attempt_id == injected))
    assert flagged.status == "needs_review" and not db.session.get(Attempt, injected).released

    auth.login(hr)
    queue = client.get("/review/").get_data(as_text=True)
    assert f"/review/responses/{flagged.id}" in queue
    changed = auth.post(
        f"/review/responses/{flagged.id}/override",
        {"score-apology": "1", "score-action": "0", "reason": "The memo tells the grader what to do."},
    )
    assert changed.status_code == 302
    db.session.expire_all()
    flagged = db.session.get(Response, flagged.id)
    assert flagged.status == "graded" and flagged.score == 2.0  # 1 of 6 rubric points, worth 12
    assert db.session.get(Attempt, injected).released
