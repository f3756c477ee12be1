"""The scenario editor's "try it" box: pasted candidate lines played through the scripted customer."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import yaml
from markupsafe import escape

from trainer.authoring.tryout import candidate_lines, try_scenario
from trainer.roleplay.scenario import Scenario
from trainer.roleplay.scripted import play

ROOT = Path(__file__).resolve().parents[2]
STORM_YAML = (ROOT / "question_bank" / "scenarios" / "storm-parcel-delay.yaml").read_text(encoding="utf-8")
STORM = Scenario.from_dict(yaml.safe_load(STORM_YAML))
LINES = [
    "这段时间一直下暴雨，属于不可抗力，请您耐心等待。",
    "林女士，让您白等了四天，还打了两次电话，换作是我也会着急。",
    "我查到了：19 号早上已经恢复分拣，包裹装车发往余杭营业部了，这是我们没做好。",
    "我马上提交优先派送，明天上午 11 点前送到；再给您一张 20 元延误补偿券，明早 9 点我主动给您回电。",
]


def _text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html))


def test_lines_are_played_like_a_session(app) -> None:
    with app.test_request_context():
        result = try_scenario(STORM_YAML, "\n".join(["", *LINES, "   ", "之后这一句不会再播放。"]))
    state = play(STORM, LINES + ["之后这一句不会再播放。"], seed=0)
    assert result["anger_path"] == [e["anger"] for e in state.transcript]
    assert result["end_state"] == state.end_state
    assert [r["candidate"] for r in result["turns"]] == [e["candidate"] for e in state.transcript[1:]]
    assert [r["customer"] for r in result["turns"]] == [e["customer"] for e in state.transcript[1:]]
    first = {r["label"] for r in result["turns"][0]["reasons"]}
    assert STORM.label_of("weather_excuse") in first
    if state.end_state is not None:
        assert result["unplayed"] == LINES[len(result["turns"]) :] + ["之后这一句不会再播放。"]


def test_the_level_changes_the_path(app) -> None:
    with app.test_request_context():
        easy = try_scenario(STORM_YAML, LINES[0], "easy")
        hard = try_scenario(STORM_YAML, LINES[0], "hard")
    assert easy["difficulty"] == "easy" and hard["difficulty"] == "hard"
    assert easy["anger_path"][0] < hard["anger_path"][0]


def test_candidate_lines_are_one_per_line_and_bounded() -> None:
    assert candidate_lines(" 一 \n\n二\r\n") == ["一", "二"]
    assert len(candidate_lines("\n".join(str(i) for i in range(100)))) == 30


def test_the_box_over_http_shows_behaviours_anger_and_customer_lines(client, auth, make_user) -> None:
    auth.login(make_user("trainer"))
    page = client.get("/authoring/scenarios/new").get_data(as_text=True)
    assert 'id="try-box"' in page and 'id="try-lines"' in page
    assert auth.post("/authoring/scenarios/new", {"text": STORM_YAML}).status_code == 302
    editor = client.get(f"/authoring/scenarios/{STORM.id}/edit").get_data(as_text=True)
    for trig in STORM.triggers:  # the editor lists each behaviour with its example utterances
        assert str(escape(trig.label)) in editor
        assert all(str(escape(ex)) in editor for ex in trig.examples)
    body = auth.post_json(
        "/authoring/scenarios/try", {"text": STORM_YAML, "lines": "\n".join(LINES)}
    ).get_json()
    assert body["ok"]
    html, text = body["html"], _text(body["html"])
    state = play(STORM, LINES, seed=0)
    assert body["anger_path"] == [e["anger"] for e in state.transcript]
    assert " → ".join(str(a) for a in body["anger_path"]) in text
    assert STORM.label_of("weather_excuse") in text and STORM.label_of("empathy") in text
    for entry in state.transcript:
        assert str(escape(entry["customer"])) in html
    assert [int(a) for a in re.findall(r'class="try-turn" data-turn="\d+" data-anger="(\d+)"', html)] == [
        e["anger"] for e in state.transcript[1:]
    ]
    # The editor shows each behaviour's example utterances (how it is matched by meaning).
    examples = [ex for t in STORM.triggers for ex in t.examples]
    assert examples and all(str(escape(ex)) in html for ex in examples)
    # Never the hidden goal or what the customer accepts, and never an id.
    for secret in (STORM.goal, *STORM.accepts):
        assert str(escape(secret)) not in html
    assert "weather_excuse" not in html and "concrete_time" not in html


def test_a_broken_scenario_names_the_field_and_only_trainers_may_try(client, auth, make_user) -> None:
    auth.login(make_user("trainer"))
    broken = STORM_YAML.replace("turn_limit: 8", "turn_limit: 0")
    body = auth.post_json("/authoring/scenarios/try", {"text": broken, "lines": "你好"}).get_json()
    assert body["ok"] is False and "turn_limit" in body["error"]
    assert auth.post_json("/authoring/scenarios/try", {"text": 3, "lines": "x"}).status_code == 400
    auth.logout()
    auth.login(make_user("candidate"))
    assert (
        auth.post_json("/authoring/scenarios/try", {"text": STORM_YAML, "lines": "你好"}).status_code == 403
    )
