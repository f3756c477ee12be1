"""Autosave's one-statement path: once an item has been saved (what it needs is known to the process), every
refusal still holds — another candidate, a disabled account, a checked answer, a submitted attempt, the
deadline, an older save — and what is stored is the newest answer."""

from __future__ import annotations

from datetime import timedelta

from flask import g

from tests.support.attempts import position_of as _pos
from tests.support.attempts import start_over_http as _start
from trainer.database import utcnow
from trainer.exams import services
from trainer.exams.models import Attempt, Response
from trainer.extensions import db


def _save(auth, attempt_id: int, pos: int, seq: int, answer):
    g.pop("_login_user", None)  # each request loads its user, as outside the tests' shared app context
    return auth.post_json(f"/exams/attempts/{attempt_id}/save", {"pos": pos, "seq": seq, "answer": answer})


def _stored(attempt_id: int, pos: int) -> Response:
    db.session.expire_all()
    return db.session.scalars(
        db.select(Response).where(Response.attempt_id == attempt_id, Response.position == pos)
    ).one()


def test_saves_are_stored_newest_first_and_an_older_one_is_stale(client, auth, make_user, make_exam):
    auth.login(make_user())
    attempt_id = _start(auth, make_exam())
    pos = _pos(attempt_id, "t-case")
    for seq in (1, 2, 3):
        reply = _save(auth, attempt_id, pos, seq, f"第{seq}稿：先致歉，再核实物流")
        assert reply.status_code == 200 and reply.json == {**reply.json, "seq": seq, "stale": False}
    older = _save(auth, attempt_id, pos, 2, "迟到的旧稿")
    assert older.status_code == 200 and older.json["stale"] is True and older.json["seq"] == 3
    stored = _stored(attempt_id, pos)
    assert stored.seq == 3 and stored.answer == "第3稿：先致歉，再核实物流"


def test_another_candidate_cannot_write_an_item_the_owner_saved(client, auth, make_user, make_exam):
    exam = make_exam()
    auth.login(make_user())
    attempt_id = _start(auth, exam)
    pos = _pos(attempt_id, "t-single-0")
    assert _save(auth, attempt_id, pos, 1, "B").status_code == 200
    auth.logout()
    auth.login(make_user())
    refused = _save(auth, attempt_id, pos, 9, "A")
    assert refused.status_code == 404
    assert _stored(attempt_id, pos).answer == "B"


def test_a_disabled_account_can_no_longer_save(client, auth, make_user, make_exam):
    candidate = make_user()
    auth.login(candidate)
    attempt_id = _start(auth, make_exam())
    pos = _pos(attempt_id, "t-single-0")
    assert _save(auth, attempt_id, pos, 1, "B").status_code == 200
    token = auth.csrf_token("/")
    candidate.is_active_account = False
    db.session.commit()
    g.pop("_login_user", None)
    refused = client.post(
        f"/exams/attempts/{attempt_id}/save",
        json={"pos": pos, "seq": 2, "answer": "A"},
        headers={"X-CSRFToken": token, "Accept": "application/json"},
    )
    assert refused.status_code == 401
    assert _stored(attempt_id, pos).answer == "B"


def test_a_signed_out_browser_cannot_save(client, auth, make_user, make_exam):
    auth.login(make_user())
    attempt_id = _start(auth, make_exam())
    pos = _pos(attempt_id, "t-single-0")
    assert _save(auth, attempt_id, pos, 1, "B").status_code == 200
    token = auth.csrf_token("/")
    auth.logout()
    g.pop("_login_user", None)
    refused = client.post(
        f"/exams/attempts/{attempt_id}/save",
        json={"pos": pos, "seq": 2, "answer": "A"},
        headers={"X-CSRFToken": token, "Accept": "application/json"},
    )
    assert refused.status_code in (400, 401)  # a signed-out session holds no CSRF secret either
    assert _stored(attempt_id, pos).answer == "B"


def test_a_checked_practice_answer_stays_as_checked(client, auth, make_user, make_exam):
    auth.login(make_user())
    attempt_id = _start(auth, make_exam(mode="practice"))
    pos = _pos(attempt_id, "t-single-0")
    assert _save(auth, attempt_id, pos, 1, "B").status_code == 200
    checked = auth.post_json(f"/exams/attempts/{attempt_id}/check", {"pos": pos})
    assert checked.status_code == 200 and checked.json["correct"] is True
    refused = _save(auth, attempt_id, pos, 2, "A")
    assert refused.status_code == 409 and refused.json["error"] == "checked"
    assert _stored(attempt_id, pos).answer == "B"


def test_a_submitted_attempt_and_the_deadline_refuse_saves(client, auth, make_user, make_exam):
    auth.login(make_user())
    first = _start(auth, make_exam(title="其一"))
    pos = _pos(first, "t-single-0")
    assert _save(auth, first, pos, 1, "B").status_code == 200
    assert auth.post(f"/exams/attempts/{first}/submit").status_code == 302
    assert _save(auth, first, pos, 2, "A").json["error"] == "submitted"

    second = _start(auth, make_exam(title="其二", time_limit_minutes=30))
    pos = _pos(second, "t-single-0")
    assert _save(auth, second, pos, 1, "B").status_code == 200
    attempt = db.session.get(Attempt, second)
    attempt.deadline_at = utcnow() - services.DEADLINE_GRACE - timedelta(seconds=1)
    db.session.commit()
    late = _save(auth, second, pos, 2, "A")
    assert late.status_code == 409 and late.json["error"] == "deadline"
    db.session.expire_all()
    assert db.session.get(Attempt, second).auto_submitted
    assert _stored(second, pos).answer == "B"


def test_a_save_within_the_grace_is_kept(client, auth, make_user, make_exam):
    auth.login(make_user())
    attempt_id = _start(auth, make_exam(time_limit_minutes=30))
    pos = _pos(attempt_id, "t-single-0")
    assert _save(auth, attempt_id, pos, 1, "B").status_code == 200
    attempt = db.session.get(Attempt, attempt_id)
    attempt.deadline_at = utcnow() - services.DEADLINE_GRACE / 2  # sent just before the deadline
    db.session.commit()
    assert _save(auth, attempt_id, pos, 2, "C").status_code == 200
    assert _stored(attempt_id, pos).answer == "C"


def test_an_answer_the_type_refuses_gets_its_reason(client, auth, make_user, make_exam):
    auth.login(make_user())
    attempt_id = _start(auth, make_exam())
    pos = _pos(attempt_id, "t-single-0")
    assert _save(auth, attempt_id, pos, 1, "B").status_code == 200
    refused = _save(auth, attempt_id, pos, 2, "Z")
    assert refused.status_code == 400 and refused.json["error"] == "bad_answer"
    assert _stored(attempt_id, pos).answer == "B"
