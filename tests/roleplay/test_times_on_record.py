"""A clock time of what already went wrong is no time given, and a time guaranteed in one's own words
crosses the red line against guaranteeing one."""

from __future__ import annotations

from trainer.roleplay.scenario import Scenario
from trainer.roleplay.scripted import ScriptedCustomer, play


def _seen(sc: Scenario, text: str) -> tuple[set[str], set[str]]:
    engine = ScriptedCustomer(sc)
    state = engine.new_state()
    engine.opening(state)
    turn = engine.reply(state, text)
    return set(turn.fired), set(turn.red_lines)


def test_the_clock_time_a_fault_started_is_not_an_estimate(scenarios: dict[str, Scenario]) -> None:
    vip = scenarios["vip-saas-outage"]
    fired, _ = _seen(vip, "这是我们平台的故障，9:52数据库出了问题，会员储值现在用不了。")
    assert "concrete_time" not in fired
    fired, _ = _seen(vip, "这是我们平台的故障，研发预计13:15前恢复。")
    assert "concrete_time" in fired


def test_a_restoration_time_guaranteed_in_own_words_crosses_the_red_line(
    scenarios: dict[str, Scenario],
) -> None:
    vip = scenarios["vip-saas-outage"]
    _, crossed = _seen(vip, "您别担心，我向您保证，一点之前肯定都好了。")
    assert "unconfirmed_eta" in crossed
    _, crossed = _seen(vip, "研发预计一点之前恢复，这是预计，我不敢保证。")
    assert "unconfirmed_eta" not in crossed
    broadband = scenarios["broadband-outage-remote-worker"]
    _, crossed = _seen(broadband, "Don't worry, I promise you'll be online again by 5 pm on Thursday.")
    assert "guarantee_fix" in crossed
    _, crossed = _seen(broadband, "The engineers estimate Thursday 5 pm, but I can't promise that.")
    assert "guarantee_fix" not in crossed


def test_a_good_call_with_a_guaranteed_time_does_not_resolve(scenarios: dict[str, Scenario]) -> None:
    vip = scenarios["vip-saas-outage"]
    state = play(
        vip,
        [
            "周总，是我们平台的故障，您的门店没有问题，扫码和现金照常能收。",
            "请店长在门店后台打开离线收银模式，储值先记账，恢复后自动扣减。",
            "我跟您保证，一点之前一定全部恢复。",
            "我每半小时给您同步一次进展，事后按合同给您服务费抵扣。",
        ],
    )
    assert state.end_state != "resolved", state.anger_curve()
    assert any(r["id"] == "unconfirmed_eta" for r in state.red_lines)


def test_the_day_an_order_was_placed_and_time_already_lost_are_no_times_given(
    scenarios: dict[str, Scenario],
) -> None:
    storm = scenarios["storm-parcel-delay"]
    fired, _ = _seen(storm, "我跟您确认一下，这台投影仪是7月12号付的款，对吗？")
    assert "concrete_time" not in fired
    fired, _ = _seen(storm, "您的投影仪周五中午前送到。")
    assert "concrete_time" in fired
    broadband = scenarios["broadband-outage-remote-worker"]
    fired, _ = _seen(
        broadband, "Wasting four working days on this is awful, and I won't ask you to reboot again."
    )
    assert "concrete_time" not in fired
