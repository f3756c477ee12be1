"""A time is for the act it is said with: when a text, a link, a reference number or a group chat will be sent
is no time for what the customer waits for (the delivery, the refund, the fix); a message that carries the
outcome itself still gives its time."""

from __future__ import annotations

from trainer.roleplay.scenario import Scenario
from trainer.roleplay.scripted import ScriptedCustomer


def _fired(sc: Scenario, text: str) -> set[str]:
    engine = ScriptedCustomer(sc)
    state = engine.new_state()
    engine.opening(state)
    return set(engine.reply(state, text).fired)


def test_the_time_a_message_is_sent_is_no_time_for_the_case(scenarios: dict[str, Scenario]) -> None:
    refund = scenarios["refund-three-days-late"]
    assert "concrete_time" not in _fired(refund, "半小时以内我会把查询编号用短信推给您，您存一下。")
    assert "concrete_time" not in _fired(refund, "稍后五分钟内我把处理记录发到您的邮箱里。")
    assert "concrete_time" in _fired(refund, "复核今天下班前出结果，出来了我短信告诉您。")
    customs = scenarios["customs-held-parcel"]
    assert "concrete_time" not in _fired(customs, "补资料的入口我两分钟后用短信发给您。")
    assert "concrete_time" in _fired(customs, "资料补齐以后，通常一到两个工作日就能放行。")
    vip = scenarios["vip-saas-outage"]
    assert "concrete_time" not in _fired(vip, "五分钟内我建一个微信群，把您和研发负责人都拉进来。")
    assert "concrete_time" in _fired(vip, "研发预计十二点半之前恢复。")
    broadband = scenarios["broadband-outage-remote-worker"]
    assert "concrete_time" not in _fired(
        broadband, "I'll text you the fault reference within the next ten minutes so you have it."
    )
    assert "concrete_time" not in _fired(
        broadband, "You'll have an email confirming all of this in about half an hour."
    )
    assert "concrete_time" in _fired(broadband, "The engineers expect the line back by Thursday at 6 pm.")


def test_what_is_logged_is_the_step_said_later_in_its_sentence(scenarios: dict[str, Scenario]) -> None:
    elderly = scenarios["elderly-face-verification"]
    fired = _fired(elderly, "我已经帮您登记了，您这边什么都不用做，街道工作人员会上门给您办认证。")
    assert "home_visit" in fired and "canned" not in fired
    food = scenarios["food-delivery-allergy-mixup"]
    fired = _fired(
        food,
        "I've logged it, you'll have the reference by email shortly, and the safety team will review it.",
    )
    assert "safety_incident" in fired and "canned" not in fired
    assert "canned" in _fired(elderly, "我已经帮您登记了，有消息会通知您。")
