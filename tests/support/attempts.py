"""Starting an attempt over HTTP and finding a question in it, for the exam page and autosave tests."""

from __future__ import annotations

from trainer.exams.models import Attempt
from trainer.extensions import db


def start_over_http(auth, exam) -> int:
    """Start ``exam`` as the signed-in user through the start button's POST; the new attempt's id."""
    response = auth.post(f"/exams/{exam.id}/start")
    assert response.status_code == 302
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])


def position_of(attempt_id: int, uid: str) -> int:
    """Where the question ``uid`` stands in the attempt's (possibly shuffled) paper."""
    attempt = db.session.get(Attempt, attempt_id)
    return next(r.position for r in attempt.responses if r.question_version.question.uid == uid)
