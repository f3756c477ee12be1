"""A fair first question is asked, not asked again: only a fact the customer already gave is asked again, a
question alike a fact only in its question words (什么时候, "when") asks nothing of it, and an account named as
one of the answers offered (…还是总部账号？) is not asked for. A question beside other behaviours is heard
too, and a calming step it only mentions is not taken by asking."""

from __future__ import annotations

import pytest

from trainer.roleplay.scenario import Scenario
from trainer.roleplay.scripted import play


def _seen(scenario: Scenario, reply: str) -> set[str]:
    state = play(scenario, [reply])
    return {r["behaviour"] for r in state.transcript[-1]["reasons"]}


@pytest.mark.parametrize(
    ("scenario", "reply"),
    [
        # the deadline (30 号) was given in the opening; when they can be reached at home was not
        ("elderly-face-verification", "大爷，我想先了解一下，您一般上午还是下午什么时候有人在家？"),
        # the merchant number was given; who runs the shops' back office was not
        ("vip-saas-outage", "想确认一下：各门店的收银后台是门店自己管，还是统一挂在总部账号下面？"),
        # the trip time was given; when the driver replies is not asked of the customer
        ("privacy-phone-request", "找电脑的事有了进展，您一般什么时候方便接电话？"),
    ],
)
def test_a_question_about_what_they_have_not_said_is_asked(
    scenarios: dict[str, Scenario], scenario: str, reply: str
) -> None:
    seen = _seen(scenarios[scenario], reply)
    assert "asked_again" not in seen
    assert "asked" in seen


def test_a_fact_they_gave_is_still_asked_again(scenarios: dict[str, Scenario]) -> None:
    assert "asked_again" in _seen(scenarios["vip-saas-outage"], "麻烦您报一下商户号是多少？")


@pytest.mark.parametrize(
    ("scenario", "reply", "also"),
    [
        (
            "elderly-face-verification",
            "大爷您慢慢说，不着急。您平时一个人住吗？身边有没有子女能帮您弄手机？",
            None,
        ),
        (
            "food-delivery-allergy-mixup",
            "That sounds really frightening, I'm so sorry. How is your little one doing right now?",
            "empathy",
        ),
    ],
)
def test_a_question_beside_other_behaviours_is_heard(
    scenarios: dict[str, Scenario], scenario: str, reply: str, also: str | None
) -> None:
    seen = _seen(scenarios[scenario], reply)
    assert "asked" in seen
    assert also is None or also in seen


def test_a_step_only_mentioned_in_the_question_is_not_taken(scenarios: dict[str, Scenario]) -> None:
    seen = _seen(
        scenarios["refund-three-days-late"],
        "想问您一下：等审核有了结果，您是希望我打电话告诉您，还是发条短信？",
    )
    assert "asked" in seen
    assert "callback" not in seen


def test_a_step_offered_as_a_question_is_still_the_step(scenarios: dict[str, Scenario]) -> None:
    seen = _seen(
        scenarios["food-delivery-allergy-mixup"],
        "I've refunded the order in full. Would you like a fresh one sent out, about forty minutes?",
    )
    assert "asked" not in seen
