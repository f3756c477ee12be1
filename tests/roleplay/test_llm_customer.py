"""The LLM customer over real HTTP against the scripted OpenAI-compatible server.

Every reply here is scripted by the test: the server is not a model. A turn is a JSON mood update,
then a streamed message; the page receives the message as server-sent events.
"""

from __future__ import annotations

import http.client
import http.cookiejar
import json
import time
import urllib.request
from typing import Any

import pytest

from tests.roleplay.support import GOOD_STORM, SCENARIO_DIR, hidden_strings, load_into_db, parse_sse
from tests.support.fixtures import FAST
from tests.support.scripted_llm import Reply
from tests.support.web import CSRF_META, PASSWORD
from trainer.extensions import db
from trainer.llm import LLMClient, LLMSettings
from trainer.roleplay import services
from trainer.roleplay.llm_customer import LeakGuard, LLMCustomer
from trainer.roleplay.models import RoleplaySession
from trainer.roleplay.scenario import Scenario

STORM = "storm-parcel-delay"
CALMER = "您总算说了句人话。包裹要是真在余杭营业部，那我就等明天上午，但你得给我一个准时间。"


def mood(anger: Any, end_state: str | None = None, fired: list[str] | None = None) -> Reply:
    return Reply.json({"anger": anger, "end_state": end_state, "fired": fired or []})


def message(text: str, pieces: int = 6, delay: float = 0.0, finish: bool = True) -> Reply:
    size = max(1, len(text) // pieces)
    return Reply.stream(
        [text[i : i + size] for i in range(0, len(text), size)], chunk_delay=delay, finish=finish
    )


@pytest.fixture
def llm_app(app, scripted_llm):
    """The app with its shared LLM client pointed at the scripted server and role-play set to ``llm``."""
    client = LLMClient(LLMSettings(base_url=scripted_llm.base_url, model="customer-test", **FAST))
    app.extensions["llm"] = client
    app.config["ROLEPLAY_ENGINE"] = "llm"
    load_into_db(STORM)
    yield app
    client.close()


@pytest.fixture
def storm(llm_app) -> Scenario:
    return services.scenario_of(services.current_version(STORM))


@pytest.fixture
def player(llm_app, client, auth, make_user):
    """A signed-in candidate with a new LLM session on the storm scenario; returns (session id, csrf)."""
    user = make_user("candidate")
    auth.login(user)
    token = auth.csrf_token("/roleplay/")
    started = client.post(f"/roleplay/scenarios/{STORM}/start", data={"csrf_token": token})
    session_id = int(started.headers["Location"].rstrip("/").split("/")[-1])
    assert db.session.get(RoleplaySession, session_id).engine == "llm"
    return session_id, token


def say(client, session_id: int, token: str, text: str) -> tuple[str, list[tuple[str, dict]]]:
    resp = client.post(
        f"/roleplay/sessions/{session_id}/say", json={"text": text}, headers={"X-CSRFToken": token}
    )
    assert resp.status_code == 200 and resp.mimetype == "text/event-stream"
    body = resp.get_data(as_text=True)
    return body, parse_sse(body)


def chunks(events) -> str:
    """The text the page shows: chunks, restarted after each reset."""
    text = ""
    for kind, data in events:
        if kind == "reset":
            text = ""
        elif kind == "chunk":
            text += data["text"]
    return text


def test_a_turn_is_a_mood_update_then_a_streamed_message(client, player, scripted_llm) -> None:
    session_id, token = player
    scripted_llm.push(mood(4, fired=["empathy", "checked", "made-up"]), message(CALMER))
    _, events = say(client, session_id, token, GOOD_STORM[0])
    kinds = [k for k, _ in events]
    assert kinds[-1] == "done" and kinds.count("chunk") >= 2 and "reset" not in kinds
    assert chunks(events) == CALMER == events[-1][1]["message"]
    assert events[-1][1]["anger"] == 4
    first, second = scripted_llm.chat_requests
    assert first.format_type in ("json_schema", "json_object") and not (first.body or {}).get("stream")
    assert second.body["stream"] is True and second.messages[-1] == {"role": "user", "content": GOOD_STORM[0]}
    assert "CUSTOMER" in second.messages[0]["content"] and storm_goal_in(second.messages[0]["content"])
    session = db.session.get(RoleplaySession, session_id)
    customer = session.turns[-1]
    assert customer.text == CALMER and customer.anger == 4
    assert customer.events["fired"] == ["empathy", "checked"]  # unknown trigger ids are dropped
    assert customer.events["engine"] == "llm" and session.notice == ""


def storm_goal_in(prompt: str) -> bool:
    return "周六中午寿宴之前拿到投影仪" in prompt


def test_anger_is_clamped_and_moved_at_most_a_step(llm_app, storm) -> None:
    customer = LLMCustomer(storm, llm_app.extensions["llm"])
    state = customer.new_state()
    customer.opening(state)
    assert state.anger == 6 and storm.max_step == 2
    assert customer.validate_mood(state, "好的", {"anger": 15, "end_state": None, "fired": []}).anger == 8
    assert customer.validate_mood(state, "好的", {"anger": -3, "end_state": None, "fired": []}).anger == 4
    assert customer.validate_mood(state, "好的", {"anger": "7", "end_state": None, "fired": []}).anger == 7
    state.anger = 9
    top = customer.validate_mood(state, "好的", {"anger": 99, "end_state": None, "fired": []})
    # clamped to the scale; at 10 the customer leaves, and how follows the shared rule: worn out by
    # empty talk they hang up, wronged (a brush-off, an excuse) they escalate, whatever the model said
    assert top.anger == 10 and top.end_state == "hung_up"
    brushed = customer.validate_mood(
        state, "下雨是不可抗力，您催我也没用。", {"anger": 99, "end_state": "hung_up"}
    )
    assert brushed.end_state == "escalated"
    state.anger = 5
    early = customer.validate_mood(state, "好的", {"anger": 4, "end_state": "resolved", "fired": []})
    assert early.end_state is None  # still too angry to be satisfied
    state.turn = storm.turn_limit - 1
    assert (
        customer.validate_mood(state, "好的", {"anger": 4, "end_state": "bogus"}).end_state == "out_of_turns"
    )
    red = customer.validate_mood(state, "这单给您全额赔偿。", {"anger": 4, "end_state": None, "fired": []})
    assert list(red.red_lines) == ["over_compensation"]  # red lines are found in code, not by the model


def test_an_out_of_step_anger_is_limited_in_a_real_turn(client, player, scripted_llm) -> None:
    session_id, token = player
    scripted_llm.push(mood(0, end_state="resolved"), message("好吧，我再听你说说。"))
    _, events = say(client, session_id, token, GOOD_STORM[0])
    done = events[-1][1]
    assert done["anger"] == 4 and not done["ended"]


def test_a_broken_turn_is_tried_once_more(client, player, scripted_llm) -> None:
    session_id, token = player
    scripted_llm.push(
        mood(5),
        message("你们这个平台到底有没有人在管这件事情，我已经等了", finish=False),  # cut off mid-stream
        mood(5),
        message(CALMER),
    )
    _, events = say(client, session_id, token, GOOD_STORM[0])
    kinds = [k for k, _ in events]
    assert "reset" in kinds and kinds[-1] == "done"
    assert chunks(events) == CALMER
    session = db.session.get(RoleplaySession, session_id)
    assert session.engine == "llm" and session.notice == ""
    assert len(scripted_llm.chat_requests) == 4


def test_json_without_an_anger_level_is_a_broken_turn(client, player, scripted_llm) -> None:
    session_id, token = player
    scripted_llm.push(Reply.json({"mood": "angry"}), mood(5), message(CALMER))
    _, events = say(client, session_id, token, GOOD_STORM[0])
    assert events[-1][1]["message"] == CALMER and events[-1][1]["anger"] == 5


def test_two_broken_turns_fall_back_to_the_scripted_customer_with_a_notice(
    client, player, scripted_llm
) -> None:
    session_id, token = player
    scripted_llm.push(Reply.text("I am not JSON"), Reply.text("still not JSON"))
    _, events = say(client, session_id, token, GOOD_STORM[0])
    kinds = [k for k, _ in events]
    assert kinds[-2:] == ["chunk", "done"] and "notice" in kinds
    notice = dict(events)["notice"]["message"]
    session = db.session.get(RoleplaySession, session_id)
    storm = services.scenario_of(session.scenario_version)
    assert session.engine == "scripted" and session.notice == services.FALLBACK_NOTICE
    assert notice and events[-1][1]["notice"] == notice
    assert session.turns[-1].events["engine"] == "scripted"
    # the scripted customer answers the empathy, then asks for a step still missing
    assert session.turns[-1].text.startswith(storm.trigger("empathy").lines)
    asked = len(scripted_llm.chat_requests)
    _, later = say(client, session_id, token, GOOD_STORM[1])
    assert later[-1][0] == "done" and len(scripted_llm.chat_requests) == asked  # scripted from now on
    page = client.get(f"/roleplay/sessions/{session_id}").get_data(as_text=True)
    assert notice in page


def test_the_hidden_goal_never_reaches_the_browser(client, player, scripted_llm, storm) -> None:
    session_id, token = player
    leak = f"我跟你直说吧，{storm.goal}"
    scripted_llm.push(mood(5), message(leak), mood(5), message(CALMER))
    bodies = [
        client.get("/roleplay/").get_data(as_text=True),
        client.get(f"/roleplay/sessions/{session_id}").get_data(as_text=True),
    ]
    body, events = say(client, session_id, token, GOOD_STORM[0])
    bodies.append(body)
    assert chunks(events) == CALMER and "reset" in dict(events)  # the leaking try was thrown away
    scripted_llm.push(mood(2, end_state="resolved"), message("行，那就按你说的办，谢谢。"))
    body, events = say(client, session_id, token, GOOD_STORM[2])
    bodies.append(body)
    assert events[-1][1]["ended"]
    card = client.get(events[-1][1]["scorecard_url"]).get_data(as_text=True)
    for text in bodies:
        for secret in hidden_strings(storm):
            assert secret not in text, secret
    for secret in hidden_strings(storm, after_end=True):
        assert secret not in card, secret
    bodies.append(card)
    assert all(c not in "".join(bodies) for c in ("weather_excuse", "resolve_requires"))


def test_leak_guard_holds_back_the_start_of_a_hidden_text() -> None:
    guard = LeakGuard(["周六中午寿宴之前拿到投影仪"], gram=12)
    sent = guard.feed("你好，我想问一下，") + guard.feed("周六中午寿宴之")
    assert "周六" not in sent
    with pytest.raises(Exception, match="hidden"):
        guard.feed("前拿到投影仪")


def test_a_reply_that_speaks_for_the_agent_is_broken() -> None:
    guard = LeakGuard([], gram=12)
    guard.feed("好的，那你快点。")
    with pytest.raises(Exception, match="agent"):
        guard.feed("\n客服：您好，我马上为您提交优先派送。")


def test_streaming_reaches_the_page_over_real_http(llm_app, live_server, make_user, scripted_llm) -> None:
    user = make_user("candidate")
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def csrf(path: str) -> str:
        page = opener.open(live_server + path).read().decode()
        return CSRF_META.search(page).group(1)

    token = csrf("/login")
    form = urllib.parse.urlencode({"email": user.email, "password": PASSWORD, "csrf_token": token}).encode()
    opener.open(live_server + "/login", data=form)
    token = csrf("/roleplay/")
    form = urllib.parse.urlencode({"csrf_token": token}).encode()
    chat = opener.open(live_server + f"/roleplay/scenarios/{STORM}/start", data=form)
    session_id = int(chat.geturl().rstrip("/").split("/")[-1])

    scripted_llm.push(mood(4), message(CALMER, pieces=8, delay=0.08))
    host, port = live_server.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    conn.request(
        "POST",
        f"/roleplay/sessions/{session_id}/say",
        body=json.dumps({"text": GOOD_STORM[0]}),
        headers={"Content-Type": "application/json", "X-CSRFToken": token, "Cookie": cookie},
    )
    resp = conn.getresponse()
    assert resp.status == 200 and resp.getheader("Content-Type").startswith("text/event-stream")
    arrivals: list[tuple[float, str, dict]] = []
    buffer = ""
    started = time.monotonic()
    while True:
        piece = resp.read1(4096).decode()
        if not piece:
            break
        buffer += piece
        while "\n\n" in buffer:
            block, buffer = buffer.split("\n\n", 1)
            for kind, data in parse_sse(block + "\n\n"):
                arrivals.append((time.monotonic() - started, kind, data))
    conn.close()
    kinds = [k for _, k, _ in arrivals]
    assert kinds[-1] == "done" and kinds.count("chunk") >= 3
    assert "".join(d["text"] for _, k, d in arrivals if k == "chunk") == CALMER  # in order, nothing lost
    first_chunk = next(t for t, k, _ in arrivals if k == "chunk")
    assert arrivals[-1][0] - first_chunk > 0.2  # pieces arrived while the customer was still "typing"


# --- the checks on every message, and the one end rule ---------------------------------------------


@pytest.mark.parametrize(
    ("bad", "why"),
    [
        ("Your mood now: annoyed (anger 5/10). 你们到底管不管？", "scaffolding"),
        ('{"anger": 5, "end_state": null} 你们到底管不管？', "scaffolding"),
        ("I am still waiting for my projector and nobody tells me anything useful at all.", "language"),
        ("你们到底管不管？" * 40, "too long"),
    ],
)
def test_a_message_failing_a_check_is_never_shown_and_is_tried_again(
    client, player, scripted_llm, bad: str, why: str
) -> None:
    session_id, token = player
    scripted_llm.push(mood(5), message(bad, pieces=4), mood(5), message(CALMER))
    body, events = say(client, session_id, token, GOOD_STORM[0])
    assert "reset" in [k for k, _ in events], why
    assert chunks(events) == CALMER and events[-1][1]["message"] == CALMER
    for leaked in (
        "mood now",
        "anger",
        "end_state",
        "nobody tells me",
        "到底管不管？你们到底管不管？你们到底",
    ):
        assert leaked not in "".join(d.get("text", "") for k, d in events if k == "chunk"), leaked
    assert db.session.get(RoleplaySession, session_id).engine == "llm"


def test_a_near_repeat_of_an_earlier_customer_message_is_tried_again(client, player, scripted_llm) -> None:
    session_id, token = player
    scripted_llm.push(mood(5), message(CALMER))
    say(client, session_id, token, GOOD_STORM[0])
    again = CALMER.replace("。", "！", 1)  # the same message, one mark changed
    other = "行，你说你负责，那我记住你了。那到底几点能送到？"
    scripted_llm.push(mood(4), message(again), mood(4), message(other))
    _, events = say(client, session_id, token, GOOD_STORM[1])
    assert "reset" in [k for k, _ in events] and chunks(events) == other


def test_two_failing_messages_fall_back_to_the_scripted_customer(client, player, scripted_llm) -> None:
    session_id, token = player
    scripted_llm.push(mood(5), message("Your mood now: a"), mood(5), message("Your mood now: angry"))
    _, events = say(client, session_id, token, GOOD_STORM[0])
    assert "notice" in [k for k, _ in events] and "mood" not in chunks(events)
    session = db.session.get(RoleplaySession, session_id)
    assert session.engine == "scripted" and session.notice == services.FALLBACK_NOTICE


def test_the_model_cannot_resolve_before_the_required_steps(client, player, scripted_llm, storm) -> None:
    session_id, token = player
    assert set(storm.resolve_requires) == {"concrete_time", "remedy"}
    # Empathy only: the model says "resolved", but no time and no remedy were given.
    scripted_llm.push(mood(4, end_state="resolved", fired=["empathy"]), message("好吧，你这么说我舒服点了。"))
    _, events = say(client, session_id, token, GOOD_STORM[0])
    assert not events[-1][1]["ended"] and events[-1][1]["anger"] == 4
    scripted_llm.push(mood(3, end_state="resolved", fired=["ownership"]), message("那你说怎么办？"))
    _, events = say(client, session_id, token, "是我们没做好，这件事我来负责跟到底。")
    assert not events[-1][1]["ended"], "anger is low enough, but the required steps are missing"
    # The steps are taken (seen by the same detectors as the scripted customer): now it resolves.
    scripted_llm.push(mood(2, end_state="resolved"), message("行，那就按你说的办，谢谢。"))
    _, events = say(client, session_id, token, GOOD_STORM[2])
    assert events[-1][1]["ended"] and events[-1][1]["end_state"] == "resolved"
    session = db.session.get(RoleplaySession, session_id)
    last = session.state["transcript"][-1]
    assert {"concrete_time", "remedy"} <= set(last["fired"])
    assert {r["behaviour"] for r in last["reasons"]} >= {"concrete_time", "remedy"}
    assert sum(r["delta"] for r in last["reasons"]) == last["delta"]


def test_a_low_anger_with_steps_resolves_even_if_the_model_forgot_to_say_so(llm_app, storm) -> None:
    customer = LLMCustomer(storm, llm_app.extensions["llm"])
    state = customer.new_state()
    customer.opening(state)
    state.anger = 4
    done = customer.validate_mood(state, GOOD_STORM[2], {"anger": 2, "end_state": None, "fired": []})
    assert done.end_state == "resolved"  # the same rule as the scripted customer
    hard = LLMCustomer(storm, llm_app.extensions["llm"]).new_state("hard")
    assert hard.anger == storm.level("hard").start and hard.difficulty == "hard"


def test_the_message_prompt_carries_the_real_commitments_and_no_scaffolding(
    client, player, scripted_llm
) -> None:
    session_id, token = player
    scripted_llm.push(mood(4), message(CALMER))
    say(client, session_id, token, GOOD_STORM[2])
    prompt = scripted_llm.chat_requests[-1].messages[0]["content"]
    assert "明天上午 11 点前" in prompt and "Your mood now" not in prompt and "/10" not in prompt


SHIPPED = sorted(p.stem for p in SCENARIO_DIR.glob("*.yaml"))
NO_STEP = {
    "zh": ["您好，我在听，您慢慢说。", "嗯，您说的情况我都听明白了，您接着讲。"],
    "en": ["Hello, I'm listening, please go on.", "Right, I follow you so far, please carry on."],
}
SOFTER = {
    "zh": [
        "嗯，你这么说我舒服点了。",
        "那你接着说吧。",
        "行，我听着呢。",
        "好，这还像句话。",
        "那就这样吧，谢谢你。",
        "嗯，我知道了。",
    ],
    "en": [
        "Well, that does help a little.",
        "Go on then, I'm listening.",
        "Alright, that sounds more like it.",
        "Fine, keep going.",
        "Okay, thank you for sorting that out.",
        "Right, noted.",
    ],
}


@pytest.mark.parametrize("sid", SHIPPED)
def test_every_shipped_scenario_needs_its_required_steps_to_resolve(
    app, scripted_llm, client, auth, make_user, sid: str
) -> None:
    """Over HTTP: the model says "resolved" with a low anger at every turn, but the call only resolves
    on the turn the candidate has taken every required step (seen by the same detectors)."""
    llm = LLMClient(LLMSettings(base_url=scripted_llm.base_url, model="customer-test", **FAST))
    app.extensions["llm"] = llm
    app.config["ROLEPLAY_ENGINE"] = "llm"
    try:
        load_into_db(sid)
        sc = services.scenario_of(services.current_version(sid))
        auth.login(make_user("candidate"))
        token = auth.csrf_token("/roleplay/")
        started = client.post(f"/roleplay/scenarios/{sid}/start", data={"csrf_token": token})
        session_id = int(started.headers["Location"].rstrip("/").split("/")[-1])
        replies = [*NO_STEP[sc.lang], *sc.samples["good"]]
        gated = False
        for i, reply in enumerate(replies):
            scripted_llm.push(
                mood(0, end_state="resolved"), message(SOFTER[sc.lang][i % len(SOFTER[sc.lang])])
            )
            _, events = say(client, session_id, token, reply)
            done = events[-1][1]
            session = db.session.get(RoleplaySession, session_id)
            db.session.refresh(session)
            fired = {t for entry in session.state["transcript"] for t in entry.get("fired", [])}
            steps_taken = set(sc.resolve_requires) <= fired
            calm = int(session.state["anger"]) <= sc.resolve_max_anger  # the page may hide the mood
            assert done["ended"] == (calm and steps_taken), (i, done, sorted(fired))
            gated = gated or (calm and not steps_taken)
            if done["ended"]:
                break
        assert gated, "at some turn the anger was low enough but the steps were missing"
        assert done["ended"] and done["end_state"] == "resolved"
        assert session.engine == "llm"
    finally:
        llm.close()
