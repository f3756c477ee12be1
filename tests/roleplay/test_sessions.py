"""Role-play sessions through the service layer with the scripted customer: stored turn by turn."""

from __future__ import annotations

from typing import Any

import pytest

from tests.roleplay.support import GOOD_STORM, WEATHER, load_into_db, make_exam_response
from trainer.auth.models import User
from trainer.exams.models import ATTEMPT_SUBMITTED
from trainer.extensions import db
from trainer.roleplay import services
from trainer.roleplay.models import RoleplaySession
from trainer.roleplay.scripted import ScriptedCustomer
from trainer.roleplay.services import RoleplayError


@pytest.fixture(autouse=True)
def _request(app):
    """Services speak to people (translated messages), so they run inside a request, as in the app."""
    with app.test_request_context():
        yield


@pytest.fixture
def versions(app) -> dict[str, Any]:
    return load_into_db("storm-parcel-delay", "privacy-phone-request")


@pytest.fixture
def candidate(make_user):
    return make_user("candidate")


def start(user, version) -> RoleplaySession:
    session = services.start_session(user, version)
    db.session.commit()
    return session


def say(session: RoleplaySession, user, text: str) -> dict[str, Any]:
    """One exchange as the routes do it: store and commit the message, then run the reply and commit."""
    services.add_candidate_turn(session, user, text)
    db.session.commit()
    events = list(services.reply_events(session, user))
    db.session.commit()
    kind, done = events[-1]
    assert kind == "done"
    return done


def customer_angers(session: RoleplaySession) -> list[float]:
    return [t.anger for t in session.turns if t.speaker == "customer"]


def test_opening_is_stored_as_turn_zero(versions, candidate) -> None:
    session = start(candidate, versions["storm-parcel-delay"])
    assert [(t.number, t.speaker) for t in session.turns] == [(0, "customer")]
    assert session.turns[0].text in versions["storm-parcel-delay"].data["opening"]
    assert session.engine == "scripted" and session.status == "active"
    assert versions["storm-parcel-delay"].frozen


def test_good_conversation_ends_resolved_with_falling_anger_and_a_scorecard(versions, candidate) -> None:
    session = start(candidate, versions["storm-parcel-delay"])
    for line in GOOD_STORM:
        done = say(session, candidate, line)
    assert done["ended"] and done["end_state"] == "resolved"
    db.session.expire_all()
    session = db.session.get(RoleplaySession, session.id)
    assert session.status == "ended" and session.end_state == "resolved" and session.ended_at is not None
    angers = customer_angers(session)
    assert angers[0] == 6 and angers[-1] <= 3
    assert all(b <= a for a, b in zip(angers, angers[1:], strict=False))
    assert [t.speaker for t in session.turns] == ["customer"] + ["candidate", "customer"] * 3
    card = session.scorecard
    assert card["outcome"] == {
        "end_state": "resolved",
        "final_anger": int(angers[-1]),
        "start_anger": 6,
        "turns_used": 3,
        "turn_limit": 8,
    }
    assert card["red_lines"] == []
    assert card["score"]["total"] > 0
    assert all(c["name"] and c["id"] for c in card["score"]["criteria"])
    assert any(c["evidence_turns"] for c in card["score"]["criteria"])
    assert "<svg" in card["anger_svg"]


def test_blaming_the_weather_raises_anger(versions, candidate) -> None:
    session = start(candidate, versions["storm-parcel-delay"])
    done = say(session, candidate, WEATHER)
    assert done["anger"] > 6 and not done["ended"]
    customer = session.turns[-1]
    assert "weather_excuse" in customer.events["fired"]
    assert session.state["anger"] == done["anger"] == customer.anger


def test_a_red_line_is_recorded_in_the_turn_and_the_scorecard(versions, candidate) -> None:
    session = start(candidate, versions["storm-parcel-delay"])
    say(session, candidate, "您别急，这单我做主给您全额赔偿。")
    assert session.turns[-1].events["red_lines"] == ["over_compensation"]
    assert session.state["red_lines"][0]["quote"] == "全额赔偿"
    for _ in range(8):
        if session.status == "ended":
            break
        say(session, candidate, "好的，我再看看。" + str(len(session.turns)))
    assert session.status == "ended"
    (crossing,) = session.scorecard["red_lines"]
    assert crossing["label"] == "承诺超出权限的赔偿（政策上限为 20 元补偿券）"
    assert crossing["turn"] == 1 and crossing["quote"] == "您别急，这单我做主给您全额赔偿。"


def test_a_reload_resumes_from_the_stored_turns(versions, candidate) -> None:
    session = start(candidate, versions["storm-parcel-delay"])
    say(session, candidate, GOOD_STORM[0])
    session_id, user_id = session.id, candidate.id
    db.session.remove()  # as a new request would
    again = db.session.get(RoleplaySession, session_id)
    candidate = db.session.get(User, user_id)
    assert [t.text for t in again.turns][1] == GOOD_STORM[0]
    assert again.state["turn"] == 1
    say(again, candidate, GOOD_STORM[1])
    assert again.state["turn"] == 2 and len(again.turns) == 5


def test_a_failed_reply_keeps_the_message_and_a_retry_answers_it(versions, candidate, monkeypatch) -> None:
    session = start(candidate, versions["storm-parcel-delay"])
    services.add_candidate_turn(session, candidate, GOOD_STORM[0])
    db.session.commit()
    real = ScriptedCustomer.reply

    def broken(self, state, text):
        raise RuntimeError("engine down")

    monkeypatch.setattr(ScriptedCustomer, "reply", broken)
    with pytest.raises(RuntimeError):
        list(services.reply_events(session, candidate))
    db.session.rollback()
    assert services.pending_text(session) == GOOD_STORM[0]
    with pytest.raises(RoleplayError) as refused:
        services.add_candidate_turn(session, candidate, "再说一句")
    assert refused.value.code == "pending"
    monkeypatch.setattr(ScriptedCustomer, "reply", real)
    events = list(services.reply_events(session, candidate))
    db.session.commit()
    assert events[-1][0] == "done" and services.pending_text(session) is None
    assert [t.speaker for t in session.turns] == ["customer", "candidate", "customer"]


def test_another_user_cannot_continue(versions, candidate, make_user) -> None:
    session = start(candidate, versions["storm-parcel-delay"])
    with pytest.raises(RoleplayError) as refused:
        services.add_candidate_turn(session, make_user("candidate"), "我来替他说")
    assert refused.value.status == 403
    assert len(session.turns) == 1


def test_no_message_after_the_end(versions, candidate) -> None:
    session = start(candidate, versions["storm-parcel-delay"])
    for line in GOOD_STORM:
        say(session, candidate, line)
    with pytest.raises(RoleplayError) as refused:
        services.add_candidate_turn(session, candidate, "还有一件事")
    assert (refused.value.code, refused.value.status) == ("ended", 409)


def test_empty_and_overlong_messages_are_refused(versions, candidate) -> None:
    session = start(candidate, versions["storm-parcel-delay"])
    for text in ("   ", "字" * (services.MAX_MESSAGE_CHARS + 1)):
        with pytest.raises(RoleplayError) as refused:
            services.add_candidate_turn(session, candidate, text)
        assert refused.value.status == 400


def test_exam_role_play_writes_the_answer_and_is_owner_only(versions, candidate, make_user) -> None:
    response = make_exam_response(candidate)
    session = services.session_for_response(candidate, response)
    db.session.commit()
    assert session.response_id == response.id and not session.released
    assert services.session_for_response(candidate, response).id == session.id  # resumed, not restarted
    with pytest.raises(RoleplayError) as refused:
        services.session_for_response(make_user("candidate"), response)
    assert refused.value.status == 403
    say(session, candidate, GOOD_STORM[0])
    assert response.answer == {"session_id": session.id} and response.status == "saved"
    for line in GOOD_STORM[1:]:
        say(session, candidate, line)
    assert session.status == "ended"
    assert services.grading_to_queue(session) == []  # the exam's own submission queues it
    assert not services.can_see_scores(session, candidate)
    assert services.can_see_scores(session, make_user("hr"))


def test_exam_role_play_is_closed_with_the_attempt(versions, candidate) -> None:
    response = make_exam_response(candidate)
    session = services.session_for_response(candidate, response)
    db.session.commit()
    response.attempt.status = ATTEMPT_SUBMITTED
    db.session.commit()
    with pytest.raises(RoleplayError) as refused:
        services.add_candidate_turn(session, candidate, GOOD_STORM[0])
    assert (refused.value.code, refused.value.status) == ("exam_closed", 409)
