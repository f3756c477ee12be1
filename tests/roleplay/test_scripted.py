"""The scripted customer: anger moves with what the candidate says, end states, variety, determinism."""

from __future__ import annotations

import json

import pytest

from trainer.roleplay.engine import SessionEnded, SessionState
from trainer.roleplay.scenario import Scenario
from trainer.roleplay.scripted import ScriptedCustomer, play

GOOD_STORM = [
    "林女士，先跟您说声抱歉：您为这个包裹已经打了两次电话，还让您白等了四天，这么着急的事换成是我也坐不住。",
    "我刚查了系统：转运中心 17 号起停运了一天半，19 号早上恢复分拣后，您的投影仪已经装车发往余杭营业部，只是轨迹没同步。"
    "前两次没把这些告诉您，是我们没做好。",
    "我现在就给您提交优先派送，营业部会在明天上午 11 点前送到；按规定再给您一张 20 元延误补偿券。明早 9 点前我主动给您回电确认。",
]


def _start(scenario: Scenario, seed: int = 0) -> tuple[ScriptedCustomer, SessionState]:
    engine = ScriptedCustomer(scenario, seed=seed)
    state = engine.new_state()
    engine.opening(state)
    return engine, state


def test_good_conversation_ends_resolved_with_falling_anger(storm: Scenario) -> None:
    state = play(storm, GOOD_STORM)
    assert state.end_state == "resolved"
    angers = [a for _, a in state.anger_curve()]
    assert angers[0] == storm.anger_start
    assert all(later <= earlier for earlier, later in zip(angers, angers[1:], strict=False))
    assert angers[-1] <= storm.resolve_max_anger < angers[0]
    assert state.red_lines == []
    said = state.last_time()  # the resolved line repeats the time the candidate gave, in their words
    assert said and said in GOOD_STORM[-1]
    assert state.transcript[-1]["customer"] in [c.replace("{time}", said) for c in storm.closing["resolved"]]


def test_blaming_the_weather_raises_anger(storm: Scenario) -> None:
    engine, state = _start(storm)
    turn = engine.reply(state, "这段时间一直下暴雨，属于不可抗力，物流慢一点是正常的。")
    assert "weather_excuse" in turn.fired
    assert turn.anger > storm.anger_start and turn.delta > 0
    assert turn.message in storm.trigger("weather_excuse").lines


def test_denying_the_weather_excuse_does_not_fire_it(storm: Scenario) -> None:
    engine, state = _start(storm)
    turn = engine.reply(state, "这件事不能拿不可抗力当理由，是我们没做好，我来负责跟到底。")
    assert "weather_excuse" not in turn.fired
    assert "ownership" in turn.fired and turn.anger < storm.anger_start


def test_red_lines_are_recorded_with_turn_and_quote(storm: Scenario) -> None:
    engine, state = _start(storm)
    engine.reply(state, "我理解您，我查一下余杭营业部的情况。")
    turn = engine.reply(
        state, "您别急，这单我做主给您全额赔偿，快递员的手机号是 139 1234 5678，您直接打给他。"
    )
    assert set(turn.red_lines) == {"over_compensation", "leak_courier_phone"}
    records = {r["id"]: r for r in state.red_lines}
    assert records["over_compensation"]["turn"] == 2
    assert records["over_compensation"]["quote"] == "全额赔偿"
    assert records["leak_courier_phone"]["quote"] in "快递员的手机号是 139 1234 5678"
    assert records["leak_courier_phone"]["label"] == storm.label_of("leak_courier_phone")


def test_repeating_a_script_raises_anger(storm: Scenario) -> None:
    engine, state = _start(storm)
    line = "我已经帮您登记了，系统显示包裹在余杭营业部，后续会有人联系您。"
    first = engine.reply(state, line)
    again = engine.reply(state, line.replace("，", ","))  # same words, different punctuation
    assert "repeat" not in first.fired
    assert "repeat" in again.fired and again.delta > 0
    engine, state = _start(storm)  # two empty replies in a row may already have lost the customer
    canned = engine.reply(state, "给您带来不便敬请谅解，请您耐心等待。")
    assert "canned" in canned.fired and canned.delta > 0


def test_asking_again_for_given_facts_annoys_but_a_first_question_is_answered(storm: Scenario) -> None:
    engine, state = _start(storm)
    first = engine.reply(state, "我明白您很急，请问您最晚什么时候要用？")
    assert "周六中午" in first.message  # the customer answers a fair question
    assert "asked_again" not in first.fired
    second = engine.reply(state, "麻烦您再告诉我一下订单号是多少？")  # given in the opening
    assert "asked_again" in second.fired and second.delta > 0
    third = engine.reply(state, "那您最晚什么时候要用呢？")
    assert "asked_again" in third.fired
    # Reading a number back is not asking for it.
    fourth = engine.reply(state, "订单 82716403359 我已经记下了，正在查余杭营业部。")
    assert "asked_again" not in fourth.fired


def test_anger_moves_at_most_max_step_and_stays_in_range(storm: Scenario) -> None:
    engine, state = _start(storm)
    turn = engine.reply(state, "下雨是不可抗力，不归我们管，请您耐心等待，我保证肯定能到。")
    assert len(turn.fired) >= 4
    assert turn.delta == storm.max_step
    for _ in range(5):
        if state.ended:
            break
        turn = engine.reply(state, f"天灾我们也没办法，第{state.turn}次说了。")
        assert 0 <= turn.anger <= 10 and abs(turn.delta) <= storm.max_step
    assert state.end_state == "escalated" and state.anger == 10
    assert state.transcript[-1]["customer"] in storm.closing["escalated"]


def test_dismissive_reply_ends_the_call(storm: Scenario) -> None:
    engine, state = _start(storm)
    turn = engine.reply(state, "那您爱投诉就去投诉吧。")
    # brushed off with contempt, the customer takes it further (see test_end_rule)
    assert turn.end_state == "escalated" and turn.message in storm.closing["escalated"]
    with pytest.raises(SessionEnded):
        engine.reply(state, "喂？")


def test_unhelpful_turns_run_out_or_hang_up(storm: Scenario) -> None:
    engine, state = _start(storm)
    for i in range(storm.turn_limit):
        if state.ended:
            break
        engine.reply(
            state, ["嗯嗯。", "好的好的。", "明白。", "收到。", "这样啊。", "哦。", "是的。", "了解。"][i]
        )
    assert state.end_state in {"hung_up", "escalated", "out_of_turns"}
    assert state.anger > storm.anger_start  # saying nothing useful lets anger drift up


def _wanders(scenario: Scenario) -> list[str]:
    """Replies that fire the same triggers again and again (the hardest case for varied lines)."""
    good = list(scenario.samples["good"])
    return [good[0], good[0] + "。", "嗯。", "好。", good[-1]]


@pytest.mark.parametrize("seed", [0, 1, 7])
def test_customer_never_says_the_same_line_twice_in_a_row(scenarios: dict[str, Scenario], seed: int) -> None:
    for scenario in scenarios.values():
        for replies in (scenario.samples["good"], scenario.samples["bad"], _wanders(scenario)):
            state = play(scenario, replies, seed=seed)
            said = state.customer_texts()
            for before, after in zip(said, said[1:], strict=False):
                assert before != after, (scenario.id, after)


def test_same_inputs_give_the_same_session(storm: Scenario) -> None:
    replies = [*GOOD_STORM[:2], "请提供订单号。", GOOD_STORM[2]]
    assert play(storm, replies).to_dict() == play(storm, replies).to_dict()
    seeds = {tuple(play(storm, replies, seed=s).customer_texts()) for s in range(6)}
    assert len(seeds) > 1  # the seed varies the wording between sessions


@pytest.mark.parametrize("path", ["good", "bad"])
def test_every_shipped_scenario_reaches_its_end_state(scenarios: dict[str, Scenario], path: str) -> None:
    for scenario in scenarios.values():
        state = play(scenario, scenario.samples[path])
        curve = [a for _, a in state.anger_curve()]
        if path == "good":
            assert state.end_state == "resolved", (scenario.id, curve, state.transcript[-1])
            assert curve[-1] < curve[0] and state.red_lines == [], scenario.id
        else:
            assert state.end_state == "escalated", (scenario.id, curve)
            assert curve[-1] == 10


def test_state_round_trips_through_a_plain_dict(storm: Scenario) -> None:
    engine, state = _start(storm)
    engine.reply(state, GOOD_STORM[0])
    engine.reply(state, "请问您的订单号是多少？")
    stored = json.loads(json.dumps(state.to_dict(), ensure_ascii=False))
    resumed = SessionState.from_dict(stored)
    assert resumed == state
    a = ScriptedCustomer(storm).reply(state, GOOD_STORM[1])
    b = ScriptedCustomer(storm).reply(resumed, GOOD_STORM[1])
    assert a == b and resumed.to_dict() == state.to_dict()


def test_malformed_state_dict_is_rejected() -> None:
    with pytest.raises(ValueError):
        SessionState.from_dict({"anger": 3})
    with pytest.raises(ValueError):
        SessionState.from_dict({"scenario_id": "x", "anger": 14})
