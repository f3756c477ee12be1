"""Role-play over HTTP with the scripted customer: pages, the SSE reply, ownership, the end, the scorecard."""

from __future__ import annotations

import re
import time

import pytest
from markupsafe import escape

from tests.roleplay.support import (
    GOOD_STORM,
    WEATHER,
    hidden_strings,
    load_into_db,
    make_exam_response,
    parse_sse,
)
from trainer.extensions import db
from trainer.roleplay import services
from trainer.roleplay.models import RoleplaySession

STORM = "storm-parcel-delay"


@pytest.fixture
def scenarios(app):
    versions = load_into_db()
    return {uid: services.scenario_of(v) for uid, v in versions.items()}


@pytest.fixture
def candidate(make_user):
    return make_user("candidate")


def start(client, auth, uid: str = STORM) -> tuple[int, str]:
    token = auth.csrf_token("/roleplay/")
    resp = client.post(f"/roleplay/scenarios/{uid}/start", data={"csrf_token": token})
    assert resp.status_code == 302
    return int(resp.headers["Location"].rstrip("/").split("/")[-1]), token


def say(client, session_id: int, token: str, text: str):
    """Send a message and read the whole streamed answer (the reply is produced as the body is read)."""
    resp = client.post(
        f"/roleplay/sessions/{session_id}/say", json={"text": text}, headers={"X-CSRFToken": token}
    )
    resp.get_data()
    return resp


def test_the_list_shows_every_scenario_and_staff_get_the_hidden_page(
    client, auth, scenarios, candidate, make_user
):
    auth.login(candidate)
    page = client.get("/roleplay/").get_data(as_text=True)
    assert len(scenarios) >= 10
    for sc in scenarios.values():
        assert str(escape(sc.title)) in page and str(escape(sc.industry)) in page
    assert '/roleplay/scenarios/storm-parcel-delay"' not in page  # no staff link for candidates
    assert client.get(f"/roleplay/scenarios/{STORM}").status_code == 403
    auth.logout()
    auth.login(make_user("trainer"))
    page = client.get("/roleplay/").get_data(as_text=True)
    assert f'href="/roleplay/scenarios/{STORM}"' in page
    detail = client.get(f"/roleplay/scenarios/{STORM}").get_data(as_text=True)
    assert scenarios[STORM].goal in detail and scenarios[STORM].trigger("weather_excuse").label in detail


def test_a_good_conversation_ends_resolved_and_the_scorecard_shows_it(client, auth, scenarios, candidate):
    auth.login(candidate)
    session_id, token = start(client, auth)
    chat = client.get(f"/roleplay/sessions/{session_id}")
    html = chat.get_data(as_text=True)
    assert chat.status_code == 200 and "<script>" not in html and "js/roleplay.js" in html
    assert scenarios[STORM].public_view()["system_info"][0]["value"] in html
    angers = []
    for line in GOOD_STORM:
        resp = say(client, session_id, token, line)
        assert resp.mimetype == "text/event-stream"
        events = parse_sse(resp.get_data(as_text=True))
        kind, done = events[-1]
        assert kind == "done" and events[0][0] == "chunk" and events[0][1]["text"] == done["message"]
        angers.append(done["anger"])
    assert done["ended"] and done["end_state"] == "resolved"
    assert angers == sorted(angers, reverse=True) and angers[-1] < scenarios[STORM].anger_start
    assert client.get(f"/roleplay/sessions/{session_id}").status_code == 302  # the chat is over
    card = client.get(done["scorecard_url"]).get_data(as_text=True)
    assert 'data-end-state="resolved"' in card
    assert len(re.findall(r"<circle[^>]*data-turn", card)) == 4  # opening + three replies
    assert re.search(r'href="#turn-\d"', card) and 'id="turn-3"' in card
    assert 'id="rp-again"' in card and 'id="rp-no-redlines"' in card


def test_weather_blame_and_a_red_line_show_on_the_scorecard(client, auth, scenarios, candidate):
    auth.login(candidate)
    session_id, token = start(client, auth)
    first = parse_sse(say(client, session_id, token, WEATHER).get_data(as_text=True))[-1][1]
    assert first["anger"] > scenarios[STORM].anger_start
    say(client, session_id, token, "您别急，这单我做主给您全额赔偿。")
    for i in range(10):
        done = parse_sse(say(client, session_id, token, f"我再帮您看看第{i}次。").get_data(as_text=True))[-1][
            1
        ]
        if done["ended"]:
            break
    assert done["ended"]
    card = client.get(done["scorecard_url"]).get_data(as_text=True)
    assert scenarios[STORM].label_of("over_compensation") in card and 'href="#turn-2"' in card


def test_a_reload_resumes_and_a_pending_message_is_answered(client, auth, scenarios, candidate):
    auth.login(candidate)
    session_id, token = start(client, auth)
    say(client, session_id, token, GOOD_STORM[0])
    session = db.session.get(RoleplaySession, session_id)
    services.add_candidate_turn(session, candidate, GOOD_STORM[1])  # stored, then the page was closed
    db.session.commit()
    page = client.get(f"/roleplay/sessions/{session_id}").get_data(as_text=True)
    assert GOOD_STORM[0] in page and GOOD_STORM[1] in page and 'data-pending="true"' in page
    assert say(client, session_id, token, "新的话").status_code == 409
    events = parse_sse(
        client.post(f"/roleplay/sessions/{session_id}/reply", headers={"X-CSRFToken": token}).get_data(
            as_text=True
        )
    )
    assert events[-1][0] == "done" and events[-1][1]["turn"] == 2
    again = client.post(f"/roleplay/sessions/{session_id}/reply", headers={"X-CSRFToken": token})
    assert again.status_code == 409 and again.json["error"] == "nothing_pending"


def test_another_user_is_refused_and_staff_can_read_the_scorecard(
    client, auth, scenarios, candidate, make_user
):
    auth.login(candidate)
    session_id, token = start(client, auth)
    for line in GOOD_STORM[:1]:
        say(client, session_id, token, line)
    auth.logout()
    auth.login(make_user("candidate"))
    token = auth.csrf_token("/roleplay/")
    refused = say(client, session_id, token, "我来替他说")
    assert refused.status_code == 403 and refused.json["message"]
    assert client.get(f"/roleplay/sessions/{session_id}").status_code == 403
    assert client.get(f"/roleplay/sessions/{session_id}/scorecard").status_code == 403
    assert len(db.session.get(RoleplaySession, session_id).turns) == 3
    auth.logout()
    auth.login(make_user("hr"))
    view = client.get(f"/roleplay/sessions/{session_id}/scorecard")
    assert view.status_code == 200 and GOOD_STORM[0] in view.get_data(as_text=True)


def test_posting_after_the_end_is_refused(client, auth, scenarios, candidate):
    auth.login(candidate)
    session_id, token = start(client, auth)
    for line in GOOD_STORM:
        say(client, session_id, token, line)
    refused = say(client, session_id, token, "还有一件事")
    assert refused.status_code == 409 and refused.json["error"] == "ended" and refused.json["message"]
    assert say(client, session_id, token, "").status_code == 409


def test_every_shipped_scenario_can_be_played_to_an_end(client, auth, scenarios, candidate):
    auth.login(candidate)
    for uid, sc in scenarios.items():
        session_id, token = start(client, auth, uid)
        replies = list(sc.samples.get("good") or []) or ["您好。"]
        done = {"ended": False}
        for i in range(sc.turn_limit + 1):
            text = replies[i] if i < len(replies) else f"{replies[-1]}（{i}）"
            done = parse_sse(say(client, session_id, token, text).get_data(as_text=True))[-1][1]
            if done["ended"]:
                break
        assert done["ended"], uid
        assert client.get(done["scorecard_url"]).status_code == 200


def test_no_hidden_text_in_anything_the_candidate_receives(client, auth, scenarios, candidate):
    auth.login(candidate)
    sc = scenarios[STORM]
    session_id, token = start(client, auth)
    bodies = [
        client.get("/roleplay/").get_data(as_text=True),
        client.get(f"/roleplay/sessions/{session_id}").get_data(as_text=True),
    ]
    for line in [WEATHER, *GOOD_STORM]:
        bodies.append(say(client, session_id, token, line).get_data(as_text=True))
    url = parse_sse(bodies[-1])[-1][1].get("scorecard_url")
    for body in bodies:
        for secret in hidden_strings(sc):
            assert secret not in body, secret
    assert url
    card = client.get(url).get_data(as_text=True)
    for secret in hidden_strings(sc, after_end=True):
        assert secret not in card, secret


def test_exam_role_play_is_for_the_owner_while_the_attempt_runs(
    client, auth, scenarios, candidate, make_user
):
    response = make_exam_response(candidate)
    auth.login(make_user("candidate"))
    assert client.get(f"/roleplay/responses/{response.id}").status_code == 403
    auth.logout()
    auth.login(candidate)
    opened = client.get(f"/roleplay/responses/{response.id}")
    assert opened.status_code == 302
    again = client.get(f"/roleplay/responses/{response.id}")
    assert again.headers["Location"] == opened.headers["Location"]  # resumed, not restarted
    session_id = int(opened.headers["Location"].rstrip("/").split("/")[-1])
    token = auth.csrf_token("/roleplay/")
    say(client, session_id, token, GOOD_STORM[0])
    db.session.expire_all()
    assert response.answer == {"session_id": session_id}
    response.attempt.status = "submitted"
    db.session.commit()
    closed = say(client, session_id, token, GOOD_STORM[1])
    assert closed.status_code == 409 and closed.json["error"] == "exam_closed"


def _wait_for(check, seconds: float = 5.0):
    """``check()`` once it returns something, polling on fresh transactions; None after ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        db.session.rollback()  # a new transaction sees what another connection committed
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.05)


def test_a_client_leaving_mid_stream_cannot_cut_the_last_turn_in_half(client, auth, scenarios, candidate):
    """The reply is produced and committed apart from the stream: when the tab closes after the first
    chunk of the ending reply, the customer's turn is stored whole and the session still ends."""
    auth.login(candidate)
    session_id, token = start(client, auth)
    for line in GOOD_STORM[:-1]:
        say(client, session_id, token, line)
    streamed = client.post(
        f"/roleplay/sessions/{session_id}/say",
        json={"text": GOOD_STORM[-1]},
        headers={"X-CSRFToken": token},
        buffered=False,
    )
    first = next(iter(streamed.response))
    streamed.close()  # the page is gone: the rest of the stream is never read
    [(kind, chunk)] = parse_sse(first.decode() if isinstance(first, bytes) else first)
    assert kind == "chunk" and chunk["text"]

    def ended():
        session = db.session.get(RoleplaySession, session_id)
        return session if session.status == services.ENDED else None

    session = _wait_for(ended)
    assert session is not None, "the customer's reply went with the closed stream"
    assert session.end_state == "resolved" and session.scorecard
    last = max(session.turns, key=lambda t: t.number)
    assert last.speaker == "customer" and last.text == chunk["text"]  # what the page began to show
    assert services.pending_text(session) is None
    assert client.get(f"/roleplay/sessions/{session_id}").status_code == 302  # on to the scorecard
    card = client.get(f"/roleplay/sessions/{session_id}/scorecard")
    assert card.status_code == 200 and 'data-end-state="resolved"' in card.get_data(as_text=True)
