"""The problem passed politely to someone else (这得看快递那头, 商家那边走流程慢, "that's down to the rider") is a
shifted blame (the ``blame`` cue); refused (这不是快递那边的事) or as the detail of an estimate given (具体哪天
要看银行入账) it is not."""

from __future__ import annotations

import pytest

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
        ("storm-parcel-delay", "这个真得看快递那头怎么安排，我们也催不动。"),
        ("double-charge-pos", "退款到账时间得看银行那边，平台这边做不了主。"),
        ("refund-three-days-late", "商家那边走流程比较慢，您再等等。"),
        (
            "food-delivery-allergy-mixup",
            "I'm afraid the delivery part is really down to the rider, it's beyond our control.",
        ),
        ("broadband-outage-remote-worker", "Honestly, the cabinet repair is out of our hands."),
    ],
)
def test_the_problem_passed_politely_elsewhere_shifts_the_blame(
    scenarios: dict[str, Scenario], scenario_id: str, reply: str
) -> None:
    assert "shift_blame" in _seen(scenarios[scenario_id], reply)


@pytest.mark.parametrize(
    ("scenario_id", "reply"),
    [
        ("storm-parcel-delay", "这不是快递那边的事，是我们没跟上，我现在就给您加急。"),
        (
            "food-delivery-allergy-mixup",
            "This isn't down to the courier, it's on us, and I'm sorting it now.",
        ),
        ("double-charge-pos", "冲正已经发出去了，一般一到三个工作日到账，具体哪天要看银行入账的速度。"),
    ],
)
def test_a_blame_refused_or_an_estimates_detail_is_no_shifted_blame(
    scenarios: dict[str, Scenario], scenario_id: str, reply: str
) -> None:
    assert "shift_blame" not in _seen(scenarios[scenario_id], reply)
