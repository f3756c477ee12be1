"""A reply that does nothing for the customer and only promises, or closes the call on nothing, is stalling,
whether or not the script-phrase trigger also hears the promise; the same close once the case is handled is a
polite close."""

from __future__ import annotations

import pytest

from tests.roleplay.support import GOOD_STORM
from trainer.roleplay.scenario import Scenario
from trainer.roleplay.scripted import ScriptedCustomer


def _seen(sc: Scenario, text: str) -> set[str]:
    engine = ScriptedCustomer(sc)
    state = engine.new_state()
    engine.opening(state)
    return {r["behaviour"] for r in engine.reply(state, text).reasons}


@pytest.mark.parametrize(
    ("scenario_id", "reply"),
    [
        ("refund-three-days-late", "您放心，这件事我们一定抓紧时间处理，有结果了会告诉您。"),
        ("storm-parcel-delay", "让您着急了，真不好意思，我们会尽快安排的。"),
        (
            "broadband-outage-remote-worker",
            "I'm so sorry, Margaret. Someone will be in touch as soon as we can.",
        ),
        ("storm-parcel-delay", "好嘞，那我这边就先结单了哈。"),
        ("food-delivery-allergy-mixup", "Right then, I'll go ahead and close this one off."),
    ],
)
def test_only_promising_or_closing_on_nothing_is_stalling(
    scenarios: dict[str, Scenario], scenario_id: str, reply: str
) -> None:
    assert "stalling" in _seen(scenarios[scenario_id], reply)


@pytest.mark.parametrize(
    ("scenario_id", "reply"),
    [
        ("refund-three-days-late", "我现在给您提交超时加急复核，会尽快处理。"),
        (
            "broadband-outage-remote-worker",
            "A 4G backup router is on its way to you, and we're working on the line asap.",
        ),
    ],
)
def test_a_promise_beside_a_step_is_no_stalling(
    scenarios: dict[str, Scenario], scenario_id: str, reply: str
) -> None:
    assert "stalling" not in _seen(scenarios[scenario_id], reply)


def test_closing_a_handled_case_is_a_polite_close(scenarios: dict[str, Scenario]) -> None:
    engine = ScriptedCustomer(scenarios["storm-parcel-delay"])
    state = engine.new_state()
    engine.opening(state)
    for reply in GOOD_STORM:
        if not state.ended:
            engine.reply(state, reply)
    found = engine.detect(state, "好的，那我这边就先结单了，祝您生活愉快。")
    assert not found.stall and found.verdict != "stalling"


@pytest.mark.parametrize(
    ("scenario_id", "reply"),
    [
        ("refund-three-days-late", "这个情况我们会重视的，有什么新进展我们会及时跟您联系。"),
        ("vip-saas-outage", "我们会把您的情况反映给技术同事，有进展第一时间联系您。"),
        ("medicine-dosage-question", "我马上把您的问题反映给专业的人员。"),
        (
            "food-delivery-allergy-mixup",
            "We take this very seriously and will be in touch once we hear anything.",
        ),
        ("food-delivery-allergy-mixup", "We'll be in touch as soon as there's an update."),
    ],
)
def test_news_passed_on_whenever_there_is_any_is_a_script_and_stalls(
    scenarios: dict[str, Scenario], scenario_id: str, reply: str
) -> None:
    assert {"canned", "stalling"} <= _seen(scenarios[scenario_id], reply)


def test_a_stock_apology_for_the_trouble_to_them_and_theirs_is_no_empathy(
    scenarios: dict[str, Scenario],
) -> None:
    seen = _seen(scenarios["storm-parcel-delay"], "给您和家里人带来的困扰很抱歉，我们会尽最大努力。")
    assert "canned" in seen and "empathy" not in seen


def test_updates_beside_a_time_stay_a_promise(scenarios: dict[str, Scenario]) -> None:
    seen = _seen(
        scenarios["broadband-outage-remote-worker"],
        "The line should be back by 6 pm on Thursday, as an estimate, and I'll text you whenever there is news.",
    )
    assert "updates" in seen and "canned" not in seen and "stalling" not in seen
