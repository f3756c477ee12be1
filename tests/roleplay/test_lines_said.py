"""A customer line that names one detail (the glasses, a coupon's amount, the courier) is said only when
the candidate's reply said it: a line's ``said`` condition, read by meaning."""

from __future__ import annotations

import pytest

from trainer.roleplay.behaviours import mentions
from trainer.roleplay.scenario import Scenario
from trainer.roleplay.scripted import play

OLD_PHOTO = "我查到系统里给您比对的是 2009 年办社保卡时拍的老照片，所以一直对不上。"
GLASSES = "您做认证的时候戴着老花镜，它就容易认不准。"


@pytest.mark.parametrize("seed", range(8))
def test_the_old_photo_explained_gets_no_answer_about_glasses(
    scenarios: dict[str, Scenario], seed: int
) -> None:
    sc = scenarios["elderly-face-verification"]
    turn = play(sc, [OLD_PHOTO], seed=seed).transcript[-1]
    assert "cause" in turn["fired"]
    assert "眼镜" not in turn["customer"], turn["customer"]


@pytest.mark.parametrize("seed", range(8))
def test_the_glasses_explained_get_no_answer_about_the_old_photo(
    scenarios: dict[str, Scenario], seed: int
) -> None:
    sc = scenarios["elderly-face-verification"]
    turn = play(sc, [GLASSES], seed=seed).transcript[-1]
    assert "cause" in turn["fired"]
    assert "照片" not in turn["customer"], turn["customer"]


def test_a_detail_said_in_other_words_or_negated() -> None:
    assert mentions("比对用的相片是很多年前拍的", ["照片"], "zh")  # a synonym
    assert not mentions("不是眼镜的问题，是照片太老了", ["眼镜"], "zh")  # negated
    assert mentions("I'm sending you a voucher for the trouble", ["coupon"], "en")
    assert not mentions("Your refund is on its way", ["new order", "replacement"], "en")


def test_a_line_with_a_said_condition_loads_and_old_lines_still_do(scenarios: dict[str, Scenario]) -> None:
    sc = scenarios["elderly-face-verification"]
    glasses = next(line for line in sc.trigger("cause").lines if "眼镜" in line)
    assert "眼镜" in sc.rule(glasses).said
    plain = next(line for line in sc.trigger("empathy").lines)
    assert sc.rule(plain).said == () and sc.rule(plain).unless == ()


def test_every_detail_line_of_the_shipped_scenarios_answers_a_reply_that_said_it(
    scenarios: dict[str, Scenario],
) -> None:
    """Each calming trigger's own examples played: a line with ``said`` is only ever the answer to a reply
    that says one of its words."""
    for sc in scenarios.values():
        for trig in sc.triggers:
            if trig.delta > 0 or not any(sc.rule(line).said for line in trig.lines):
                continue
            for example in trig.examples:
                for seed in (0, 1):
                    turn = play(sc, [example], seed=seed).transcript[-1]
                    for line in trig.lines:
                        said = sc.rule(line).said
                        if said and line in turn["customer"]:
                            assert mentions(example, said, sc.lang), (sc.id, example, line)
