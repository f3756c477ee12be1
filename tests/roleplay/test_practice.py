"""Practice: retry a finished session from a turn (a branch; the original kept), and the page before a
session that says what is scored and what "resolved" means without revealing the hidden state."""

from __future__ import annotations

import re
from html import unescape

import pytest
from markupsafe import escape

from tests.roleplay.support import GOOD_STORM, WEATHER, hidden_strings, load_into_db, make_exam_response
from trainer.bank.services import current_rubric
from trainer.extensions import db
from trainer.roleplay import practice, services
from trainer.roleplay.models import RoleplaySession
from trainer.roleplay.services import RoleplayError

STORM = "storm-parcel-delay"
BAD_FIRST = [WEATHER, GOOD_STORM[1], "好的。"]


@pytest.fixture
def version(app):
    return load_into_db(STORM)[STORM]


@pytest.fixture
def candidate(make_user):
    return make_user("candidate")


def _say(session, user, text) -> None:
    services.add_candidate_turn(session, user, text)
    for _event in services.reply_events(session, user):
        pass


def _play_out(session, user, replies) -> None:
    for text in replies:
        if session.status != "active":
            break
        _say(session, user, text)
    n = 0
    while session.status == "active":
        n += 1
        _say(session, user, f"嗯，我再确认一下（{n}）。")
    db.session.commit()


def _rows(session) -> list[tuple[str, str, float | None]]:
    return [(t.speaker, t.text, t.anger) for t in session.turns]


def test_retry_from_a_turn_keeps_the_original_and_resumes_the_branch_there(app, version, candidate):
    with app.test_request_context():
        original = services.start_session(candidate, version, engine="scripted")
        _play_out(original, candidate, BAD_FIRST)
        before_rows, before_state = _rows(original), dict(original.state)
        before_card = dict(original.scorecard)

        branch = practice.branch_session(original, candidate, 2)
        db.session.commit()
        # The branch holds the opening, turn 1 and the customer's answer to it, and waits for turn 2.
        kept = [r for r in before_rows[:3]]
        assert _rows(branch) == kept and branch.status == "active"
        assert branch.branch_of_id == original.id and branch.branch_turn == 2 and branch.is_branch
        assert branch.response_id is None and branch.user_id == candidate.id
        state = branch.state
        assert state["turn"] == 1 and state["end_state"] is None
        assert state["anger"] == before_state["transcript"][1]["anger"]
        assert state["transcript"] == before_state["transcript"][:2]
        assert state["seed"] == before_state["seed"]

        # Answer differently: each branch goes its own way, the original is untouched.
        _play_out(branch, candidate, GOOD_STORM[1:])
        again = practice.branch_session(original, candidate, 1)
        _play_out(again, candidate, GOOD_STORM)
        db.session.expire_all()
        original = db.session.get(RoleplaySession, original.id)
        branch = db.session.get(RoleplaySession, branch.id)
        assert _rows(original) == before_rows and original.state == before_state
        assert original.scorecard == before_card
        assert [t.text for t in branch.turns][3] == GOOD_STORM[1]
        assert branch.state["transcript"][2]["candidate"] == GOOD_STORM[1]
        assert again.end_state == "resolved" and original.end_state != "resolved"
        assert again.scorecard["outcome"]["turns_used"] == len(GOOD_STORM)
        assert practice.branches_of(original) == [branch, again]


def test_the_branch_continues_like_the_original_would_have(app, version, candidate):
    """Same engine state at the branch point: replaying the original's own turn gives the same answer."""
    with app.test_request_context():
        original = services.start_session(candidate, version, engine="scripted")
        _play_out(original, candidate, BAD_FIRST)
        branch = practice.branch_session(original, candidate, 2)
        _say(branch, candidate, BAD_FIRST[1])
        db.session.commit()
        assert branch.state["transcript"][2] == original.state["transcript"][2]
        assert branch.state["anger"] == original.state["transcript"][2]["anger"]


def test_retry_rules(app, version, candidate, make_user):
    with app.test_request_context():
        session = services.start_session(candidate, version, engine="scripted")
        _say(session, candidate, WEATHER)
        with pytest.raises(RoleplayError) as active:
            practice.branch_session(session, candidate, 1)
        assert active.value.code == "active"
        _play_out(session, candidate, [])
        with pytest.raises(RoleplayError) as other:
            practice.branch_session(session, make_user("candidate"), 1)
        assert other.value.status == 403
        played = session.state["turn"]
        for bad in (0, played + 1):
            with pytest.raises(RoleplayError) as missing:
                practice.branch_session(session, candidate, bad)
            assert missing.value.code == "no_turn"
        exam = services.session_for_response(candidate, make_exam_response(candidate))
        _play_out(exam, candidate, [WEATHER])
        with pytest.raises(RoleplayError) as running:
            practice.branch_session(exam, candidate, 1)
        assert running.value.code == "exam_running"


def test_retry_over_http_and_the_practice_marks(app, client, auth, version, candidate, make_user):
    with app.test_request_context():
        original = services.start_session(candidate, version, engine="scripted")
        _play_out(original, candidate, BAD_FIRST)
    auth.login(candidate)
    card = client.get(f"/roleplay/sessions/{original.id}/scorecard").get_data(as_text=True)
    turns = re.findall(r'class="link rp-retry" data-turn="(\d+)"', card)
    assert turns and turns[0] == "1"
    token = auth.csrf_token(f"/roleplay/sessions/{original.id}/scorecard")
    resp = client.post(f"/roleplay/sessions/{original.id}/retry", data={"turn": "2", "csrf_token": token})
    assert resp.status_code == 302
    branch_id = int(resp.headers["Location"].rstrip("/").split("/")[-1])
    play = client.get(f"/roleplay/sessions/{branch_id}").get_data(as_text=True)
    assert 'id="rp-practice"' in play and play.count('class="rp-msg rp-candidate"') == 1
    index = client.get("/roleplay/").get_data(as_text=True)
    assert "练习分支" in index
    assert (
        client.post(
            f"/roleplay/sessions/{original.id}/retry", data={"turn": "x", "csrf_token": token}
        ).status_code
        == 400
    )

    with app.test_request_context():
        branch = db.session.get(RoleplaySession, branch_id)
        _play_out(branch, candidate, GOOD_STORM[1:])
    card = client.get(f"/roleplay/sessions/{branch_id}/scorecard").get_data(as_text=True)
    assert 'id="rp-practice"' in card and f'data-branch-of="{original.id}"' in card
    first = client.get(f"/roleplay/sessions/{original.id}/scorecard").get_data(as_text=True)
    assert f"/roleplay/sessions/{branch_id}/scorecard" in first  # the original lists its branches

    auth.logout()
    auth.login(make_user("hr"))
    profile = client.get(f"/review/candidates/{candidate.id}").get_data(as_text=True)
    row = next(r for r in profile.split("<tr>") if f"/roleplay/sessions/{branch_id}/scorecard" in r)
    assert "练习分支" in row and f"/roleplay/sessions/{original.id}/scorecard" in row
    plain = next(
        r
        for r in profile.split("<tr>")
        if f'"/roleplay/sessions/{original.id}/scorecard"' in r.split("</td>")[0]
    )
    assert "练习分支" not in plain
    # Staff may look but not retry someone else's session.
    assert 'class="link rp-retry"' not in client.get(f"/roleplay/sessions/{original.id}/scorecard").get_data(
        as_text=True
    )


def _text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html))


def test_the_page_before_a_session_says_what_is_scored_and_what_resolved_means(
    app, client, auth, version, candidate
):
    scenario = services.scenario_of(version)
    auth.login(candidate)
    index = client.get("/roleplay/").get_data(as_text=True)
    assert f"/roleplay/scenarios/{STORM}/prepare" in index
    page = client.get(f"/roleplay/scenarios/{STORM}/prepare").get_data(as_text=True)
    text = _text(page)
    rubric = current_rubric(scenario.rubric).to_rubric()
    for crit in rubric.criteria:
        assert crit.name in text
    required = _text(page.split('id="rp-required"')[1].split("</ul>")[0])
    for tid in scenario.resolve_requires:
        assert scenario.label_of(tid) in required
    assert str(escape(scenario.brief.strip().splitlines()[0])) in page
    for secret in hidden_strings(scenario, after_end=True):
        assert secret not in page
    others = [t for t in scenario.triggers if t.id not in scenario.resolve_requires]
    for trig in others:  # the rest of the script stays hidden
        assert trig.label not in page
    for fact in scenario.customer_facts:
        assert fact.answer not in page
    assert scenario.customer.background.strip() not in page
    for line in (*scenario.samples["good"], *scenario.samples["bad"]):
        assert line not in page
    for tid in scenario.resolve_requires:  # no ids either
        assert f">{tid}<" not in page
    assert 'id="rp-start-form"' in page
    assert client.get("/roleplay/scenarios/no-such/prepare").status_code == 404


@pytest.mark.parametrize(("level", "name"), [("easy", "入门"), ("hard", "困难")])
def test_the_chosen_difficulty_is_shown_and_played(app, client, auth, version, candidate, level, name):
    scenario = services.scenario_of(version)
    auth.login(candidate)
    page = client.get(f"/roleplay/scenarios/{STORM}/prepare").get_data(as_text=True)
    assert re.findall(r'name="difficulty" value="(\w+)"', page) == ["easy", "standard", "hard"]
    assert name in page and f"{scenario.level(level).start}/10" in page
    token = auth.csrf_token(f"/roleplay/scenarios/{STORM}/prepare")
    resp = client.post(f"/roleplay/scenarios/{STORM}/start", data={"csrf_token": token, "difficulty": level})
    session_id = int(resp.headers["Location"].rstrip("/").split("/")[-1])
    session = db.session.get(RoleplaySession, session_id)
    assert session.state["difficulty"] == level
    assert session.state["anger"] == scenario.level(level).start != scenario.level("standard").start
    play = client.get(f"/roleplay/sessions/{session_id}").get_data(as_text=True)
    assert f'data-level="{level}"' in play and name in play.split('id="rp-difficulty"')[1][:200]
    with app.test_request_context():
        session = db.session.get(RoleplaySession, session_id)
        _play_out(session, candidate, [WEATHER])
        # The retry plays at the same level.
        branch = practice.branch_session(session, candidate, 1)
        assert branch.state["difficulty"] == level
    card = client.get(f"/roleplay/sessions/{session_id}/scorecard").get_data(as_text=True)
    assert name in card.split('id="rp-difficulty"')[1][:200]
    assert f'name="difficulty" value="{level}"' in card  # play again at the same level


def test_the_anger_path_follows_the_level(app, version, candidate):
    with app.test_request_context():
        paths = {}
        for level in ("easy", "hard"):
            session = services.start_session(candidate, version, engine="scripted", difficulty=level)
            _play_out(session, candidate, [WEATHER, "嗯嗯。"])
            paths[level] = [e["anger"] for e in session.state["transcript"]]
        assert paths["easy"][0] < paths["hard"][0]
        assert all(e <= h for e, h in zip(paths["easy"], paths["hard"], strict=False))


def test_an_exam_role_play_shows_what_is_scored_and_what_resolved_means_before_it_starts(
    app, client, auth, version, candidate, make_user
):
    scenario = services.scenario_of(version)
    response = make_exam_response(candidate)
    auth.login(make_user("candidate"))
    assert client.get(f"/roleplay/responses/{response.id}/prepare").status_code == 403  # not their exam
    auth.logout()
    auth.login(candidate)
    page = client.get(f"/roleplay/responses/{response.id}/prepare")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert db.session.query(RoleplaySession).filter_by(response_id=response.id).count() == 0, (
        "not started yet"
    )
    text = _text(html)
    for crit in current_rubric(scenario.rubric).to_rubric().criteria:
        assert crit.name in text
    required = _text(html.split('id="rp-required"')[1].split("</ul>")[0])
    assert all(scenario.label_of(tid) in required for tid in scenario.resolve_requires)
    for secret in hidden_strings(scenario, after_end=True):
        assert secret not in html
    assert 'name="difficulty"' not in html  # an exam is played at the standard level
    start = re.search(r'id="rp-start" href="([^"]+)"', html)
    assert start and start.group(1) == f"/roleplay/responses/{response.id}"
    opened = client.get(start.group(1))
    assert opened.status_code == 302 and "/roleplay/sessions/" in opened.headers["Location"]
    # Once started, the briefing link resumes the conversation instead of showing the page again.
    again = client.get(f"/roleplay/responses/{response.id}/prepare")
    assert again.status_code == 302 and again.headers["Location"].endswith(
        f"/roleplay/responses/{response.id}"
    )
    # The exam paper links to the briefing.
    from trainer.exams.views import _roleplay_url

    with app.test_request_context():
        assert _roleplay_url(response) == f"/roleplay/responses/{response.id}/prepare"


def test_the_staff_scenario_page_states_the_end_rule_with_both_levels(app, client, auth, version, make_user):
    # the end rule settles a call one point above the level on a reply that completes it and calms
    scenario = services.scenario_of(version)
    auth.login(make_user("trainer"))
    text = _text(client.get(f"/roleplay/scenarios/{STORM}").get_data(as_text=True))
    a = scenario.resolve_max_anger
    assert f"怒气不高于 {a} 且做到以下几点即为解决" in text
    assert f"怒气为 {a + 1} 也算解决" in text
