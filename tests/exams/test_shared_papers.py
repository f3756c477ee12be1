"""Rendered papers shared between web processes: another process shows the stored paper without rendering
it, an edited title or another language gets a paper of its own, and nothing stored holds an answer or
a key."""

from __future__ import annotations

import json
import os
import re

import pytest
from flask import g

from tests.support.attempts import position_of as _pos
from tests.support.attempts import start_over_http as _start
from tests.support.web import CSRF_META, PASSWORD
from trainer import create_app
from trainer.config import TestingConfig
from trainer.exams import paper
from trainer.exams.models import StoredPaper
from trainer.extensions import db


@pytest.fixture
def renders(monkeypatch) -> list[int]:
    """The attempt ids papers were rendered for, in every app of this test."""
    seen: list[int] = []
    real = paper.render_paper

    def counting(attempt, exam, practice):
        seen.append(attempt.id)
        return real(attempt, exam, practice)

    monkeypatch.setattr(paper, "render_paper", counting)
    return seen


@pytest.fixture
def other_process(database_url: str):
    """A second app on the same database: its own per-process paper cache, as another gunicorn worker."""
    other = create_app({"SQLALCHEMY_DATABASE_URI": database_url}, config=TestingConfig())
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def _sign_in(client, email: str) -> None:
    token = CSRF_META.search(client.get("/login").get_data(as_text=True)).group(1)
    response = client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302


def _stored_bodies() -> list[str]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(StoredPaper.body)))


def test_another_process_shows_the_stored_paper_without_rendering_it(
    app, client, auth, make_user, make_exam, other_process, renders
):
    candidate = make_user()
    auth.login(candidate)
    attempt_id = _start(auth, make_exam())
    url = f"/exams/attempts/{attempt_id}"
    first = client.get(url).get_data(as_text=True)
    assert renders == [attempt_id] and len(_stored_bodies()) == 1
    pos = _pos(attempt_id, "t-case")
    assert auth.post_json(f"{url}/save", {"pos": pos, "seq": 1, "answer": "先致歉，再核实物流"}).json["ok"]

    other = other_process
    other_client = other.test_client()
    _sign_in(other_client, candidate.email)
    seen = other_client.get(url).get_data(as_text=True)
    assert renders == [attempt_id]  # not rendered again
    assert "先致歉，再核实物流" in seen  # with the candidate's latest answer filled in
    assert seen.count('class="question card"') == first.count('class="question card"') > 0


def test_an_edited_title_or_another_language_gets_a_paper_of_its_own(
    app, client, auth, make_user, make_exam, other_process, renders
):
    candidate = make_user()
    auth.login(candidate)
    exam = make_exam(title="春季测评")
    attempt_id = _start(auth, exam)
    url = f"/exams/attempts/{attempt_id}"
    assert "春季测评" in client.get(url).get_data(as_text=True)
    exam.title = "春季测评（补考）"
    db.session.commit()
    other = other_process
    other_client = other.test_client()
    _sign_in(other_client, candidate.email)
    assert "春季测评（补考）" in other_client.get(url).get_data(as_text=True)
    token = CSRF_META.search(other_client.get(url).get_data(as_text=True)).group(1)
    other_client.post("/language/en", data={"csrf_token": token})
    english = other_client.get(url).get_data(as_text=True)
    assert 'lang="en"' in english
    assert renders == [attempt_id] * 3  # the first title, the new title, English
    assert len(_stored_bodies()) == 3


def test_stored_papers_hold_no_answers_or_keys_and_go_with_the_submission(
    app, client, auth, make_user, make_exam, renders
):
    auth.login(make_user())
    attempt_id = _start(auth, make_exam())
    url = f"/exams/attempts/{attempt_id}"
    for seq, (uid, answer) in enumerate([("t-case", "我的独特回答：补发并跟进"), ("t-single-0", "C")], 1):
        auth.post_json(f"{url}/save", {"pos": _pos(attempt_id, uid), "seq": seq, "answer": answer})
    g.pop("_login_user", None)
    assert "我的独特回答" in client.get(url).get_data(as_text=True)
    [body] = _stored_bodies()
    assert "我的独特回答" not in body
    assert "先共情再核实" not in body and "先情绪后事实" not in body  # explanations
    assert "致歉、核实、补发或退款、跟进" not in body  # the reference answer
    html = "".join(json.loads(body)["parts"])
    assert not re.search(r'value="[^"]*"\s+checked', html)  # no option marked, neither key nor answer
    assert auth.post(f"{url}/submit").status_code == 302
    assert _stored_bodies() == []


def test_a_stored_paper_from_other_code_is_not_used(app, client, auth, make_user, make_exam, renders):
    auth.login(make_user())
    attempt_id = _start(auth, make_exam())
    url = f"/exams/attempts/{attempt_id}"
    client.get(url)
    paper.paper_cache()._papers.clear()  # as a restarted process after a deployment
    real = paper._fingerprint
    paper._fingerprint = "another deployment"
    try:
        client.get(url)
    finally:
        paper._fingerprint = real
    assert renders == [attempt_id, attempt_id]


@pytest.mark.redis
def test_with_redis_url_papers_live_in_redis(app, client, auth, make_user, make_exam, other_process, renders):
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("REDIS_URL is not set")
    app.config["REDIS_URL"] = url
    candidate = make_user()
    auth.login(candidate)
    attempt_id = _start(auth, make_exam())
    page = f"/exams/attempts/{attempt_id}"
    client.get(page)
    assert _stored_bodies() == []  # nothing in the table
    store = paper.shared_papers()
    assert isinstance(store, paper.RedisPapers)
    other = other_process
    other.config["REDIS_URL"] = url
    other_client = other.test_client()
    _sign_in(other_client, candidate.email)
    assert other_client.get(page).status_code == 200
    assert renders == [attempt_id]
    keys = list(store.client.scan_iter(paper.REDIS_PREFIX + "*"))
    assert keys and all(0 < store.client.ttl(k) <= paper.SHARED_TTL_SECONDS for k in keys)
    for key in keys:
        store.client.delete(key)
