"""The scorecard says why the call ended: wronged at turn N (with the quote), hung up after empty talk,
resolved with the required steps and where they were taken."""

from __future__ import annotations

import re
from html import unescape

import pytest

from tests.roleplay.support import GOOD_STORM, load_into_db, parse_sse
from trainer.roleplay import services
from trainer.roleplay.feedback import why_ended
from trainer.roleplay.scenario import Scenario
from trainer.roleplay.scripted import play

STORM = "storm-parcel-delay"
BRUSH_OFF = ["我这边帮您查一下。", "您催我也没用，东西又不会飞过来。"]
EMPTY_TALK = ["请您耐心等待。", "我们会尽快处理的。", "给您带来不便非常抱歉。", "请您再耐心等一等。"] * 2


def test_an_escalation_names_the_turn_the_customer_was_wronged_and_the_words(storm: Scenario) -> None:
    state = play(storm, BRUSH_OFF)
    why = why_ended(storm, state.transcript)
    assert state.end_state == "escalated" and why is not None
    assert why["wronged_turn"] == 2 and "您催我也没用" in why["quote"]
    assert why["label"] == storm.label_of("dismissive")


def test_a_hang_up_counts_the_replies_of_empty_talk(storm: Scenario) -> None:
    state = play(storm, EMPTY_TALK)
    why = why_ended(storm, state.transcript)
    assert state.end_state == "hung_up" and why is not None
    assert why["turn"] == state.turn and why["empty_turns"] == why["turns"] == state.turn


def test_a_resolution_lists_each_required_step_with_its_turn(storm: Scenario) -> None:
    state = play(storm, GOOD_STORM)
    why = why_ended(storm, state.transcript)
    assert state.end_state == "resolved" and why is not None
    steps = {s["label"]: s["turn"] for s in why["steps"]}
    assert set(steps) == {storm.label_of(t) for t in storm.resolve_requires}
    for tid in storm.resolve_requires:
        first = next(e["turn"] for e in state.transcript if tid in (e.get("fired") or []))
        assert steps[storm.label_of(tid)] == first


# -- on the page -------------------------------------------------------------------------------------
@pytest.fixture
def stored(app):
    versions = load_into_db(STORM)
    return {uid: services.scenario_of(v) for uid, v in versions.items()}


def _play_over_http(client, auth, user, lines: list[str]) -> str:
    auth.login(user)
    token = auth.csrf_token("/roleplay/")
    resp = client.post(f"/roleplay/scenarios/{STORM}/start", data={"csrf_token": token})
    session_id = int(resp.headers["Location"].rstrip("/").split("/")[-1])
    done: dict = {}
    for line in lines:
        resp = client.post(
            f"/roleplay/sessions/{session_id}/say", json={"text": line}, headers={"X-CSRFToken": token}
        )
        done = parse_sse(resp.get_data(as_text=True))[-1][1]
        if done.get("ended"):
            break
    assert done.get("ended")
    page = client.get(done["scorecard_url"]).get_data(as_text=True)
    m = re.search(r'<p id="rp-why-ended"[^>]*>(.*?)</p>', page, re.S)
    assert m, "the scorecard says why the call ended"
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", m.group(1))).split())


def test_the_scorecard_page_says_the_customer_escalated_because_they_were_wronged(
    client, auth, stored, make_user
) -> None:
    said = _play_over_http(client, auth, make_user("candidate"), BRUSH_OFF)
    assert "客户升级投诉，是因为第 2 轮让他受了委屈" in said
    assert stored[STORM].label_of("dismissive") in said and "您催我也没用" in said


def test_the_scorecard_page_says_the_customer_hung_up_after_empty_talk(
    client, auth, stored, make_user
) -> None:
    said = _play_over_http(client, auth, make_user("candidate"), EMPTY_TALK)
    assert re.search(r"客户在第 (\d+) 轮挂断：\1 轮回复里有 \1 轮是空话", said), said


def test_the_scorecard_page_says_where_each_required_step_was_taken(client, auth, stored, make_user) -> None:
    said = _play_over_http(client, auth, make_user("candidate"), GOOD_STORM)
    assert said.startswith(f"第 {len(GOOD_STORM)} 轮解决，必需的步骤都做到了：")
    for tid in stored[STORM].resolve_requires:
        assert re.search(re.escape(stored[STORM].label_of(tid)) + r" \( 第 \d 轮 \)", said), said
