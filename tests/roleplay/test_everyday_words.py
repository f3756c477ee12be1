"""The simulated customer understands replies in a candidate's own everyday words.

Every reply here is fresh writing: none is a phrase or example of the scenario files. Each test is what
a trainer would check by pasting lines into the "try it" box: which behaviours fire, whether a time
counts as given, and whether a good call in other words gets to "resolved".
"""

from __future__ import annotations

import pytest

from trainer.roleplay.behaviours import Detection
from trainer.roleplay.scenario import Scenario
from trainer.roleplay.scripted import ScriptedCustomer, play

STORM = "storm-parcel-delay"
REFUND = "refund-three-days-late"
BROADBAND = "broadband-outage-remote-worker"


def detect(scenario: Scenario, text: str) -> Detection:
    """What one reply does right after the customer's opening line."""
    engine = ScriptedCustomer(scenario)
    state = engine.new_state()
    engine.opening(state)
    return engine.detect(state, text)


def assert_not_in_scenario(scenario: Scenario, text: str) -> None:
    """The test reply is not one of the scenario's own phrases or examples (it tests understanding)."""
    for trig in scenario.triggers:
        assert text not in (*trig.phrases, *trig.examples)


# -- apology and empathy in everyday words ---------------------------------------------------------
@pytest.mark.parametrize(
    ("sid", "reply"),
    [
        (STORM, "实在不好意思，给您添麻烦了"),
        (STORM, "对不住啊，这么多天了换我也急"),
        (REFUND, "真是对不住您，钱到现在还没退"),
        (REFUND, "不好意思让您来回跑了好几趟"),
        ("double-charge-pos", "平白无故多扣一笔，换谁心里都不踏实，对不住"),
        ("customs-held-parcel", "孩子等着喝奶，真是给您添麻烦了"),
        (BROADBAND, "I'm really sorry, I'd be fed up too if I were in your shoes."),
        ("food-delivery-allergy-mixup", "I'm so sorry, that must have been terrifying for you both."),
    ],
)
def test_an_everyday_apology_is_empathy(scenarios: dict[str, Scenario], sid: str, reply: str) -> None:
    sc = scenarios[sid]
    assert_not_in_scenario(sc, reply)
    found = detect(sc, reply)
    assert "empathy" in found.triggers and not found.verdict
    (turn,) = play(sc, [reply]).transcript[1:]
    assert turn["delta"] < 0, "an apology calms the customer a little"


def test_a_script_phrase_is_canned_not_empathy(scenarios: dict[str, Scenario]) -> None:
    found = detect(scenarios[STORM], "您的心情我们完全能够理解，给您带来的不便还请谅解")
    assert "canned" in found.triggers and "empathy" not in found.triggers


def test_an_apology_that_comes_with_an_excuse_is_no_empathy(scenarios: dict[str, Scenario]) -> None:
    found = detect(scenarios[STORM], "抱歉，暴雨属于不可抗力，谁也没辙")
    assert "weather_excuse" in found.triggers and "empathy" not in found.triggers


@pytest.mark.parametrize(
    ("sid", "reply"),
    [
        (REFUND, "不好意思，您前面已经说过了，单号我这就调出来"),
        ("double-charge-pos", "对不起，我刚才那样讲不对，两笔我重新看"),
        (BROADBAND, "Sorry, you already told me that, I have the account open now."),
        (BROADBAND, "Sorry, I put that badly, let me look again."),
    ],
)
def test_a_sorry_for_a_slip_of_the_call_is_no_empathy(
    scenarios: dict[str, Scenario], sid: str, reply: str
) -> None:
    """Sorry for asking again for what the customer gave, or for the candidate's own words taken back,
    owns the slip; it says nothing about how the customer feels."""
    sc = scenarios[sid]
    assert_not_in_scenario(sc, reply)
    assert "empathy" not in detect(sc, reply).triggers


@pytest.mark.parametrize(
    ("sid", "reply"),
    [
        (REFUND, "抱歉，让您等了这么久，您前面已经说过了，我记着"),
        (BROADBAND, "I'm sorry, three days without a line is rough. You already told me the account number."),
    ],
)
def test_a_sorry_about_the_case_beside_a_read_back_is_still_empathy(
    scenarios: dict[str, Scenario], sid: str, reply: str
) -> None:
    sc = scenarios[sid]
    assert_not_in_scenario(sc, reply)
    assert "empathy" in detect(sc, reply).triggers


@pytest.mark.parametrize(
    ("sid", "reply"),
    [
        ("customs-held-parcel", "付款用的是您自己的支付宝吗？"),
        ("elderly-face-verification", "您刷脸的时候是在屋里还是在外面？"),
        (BROADBAND, "Were the other houses on your road hit as well?"),
    ],
)
def test_a_fair_question_about_the_case_is_heard_as_asking(
    scenarios: dict[str, Scenario], sid: str, reply: str
) -> None:
    """A question about the case that no fact of the scenario names is still a fair question: it costs
    nothing and the scorecard calls it asking, not "polite, but no progress"."""
    sc = scenarios[sid]
    assert_not_in_scenario(sc, reply)
    found = detect(sc, reply)
    assert found.verdict == "asked" and not found.triggers
    (turn,) = play(sc, [reply]).transcript[1:]
    assert turn["delta"] == 0


@pytest.mark.parametrize(
    ("sid", "reply"),
    [
        ("customs-held-parcel", "两罐奶粉，在保税仓，是这一单对吧？"),
        ("food-delivery-allergy-mixup", "So that's the order with the allergy note on it, yes?"),
    ],
)
def test_a_read_back_for_a_nod_is_neither_a_question_nor_empathy(
    scenarios: dict[str, Scenario], sid: str, reply: str
) -> None:
    sc = scenarios[sid]
    assert_not_in_scenario(sc, reply)
    found = detect(sc, reply)
    assert found.verdict != "asked" and "empathy" not in found.triggers


@pytest.mark.parametrize(
    "reply",
    ["We're dealing with this as a serious allergy case.", "I've logged your order as an allergen incident."],
)
def test_acting_on_an_allergy_mix_up_as_a_safety_case_is_heard(
    scenarios: dict[str, Scenario], reply: str
) -> None:
    sc = scenarios["food-delivery-allergy-mixup"]
    assert_not_in_scenario(sc, reply)
    assert "safety_incident" in detect(sc, reply).triggers
    assert "safety_incident" not in detect(sc, "I'm treating it as a refund for the wrong items.").triggers


def test_the_conditions_of_a_rule_are_no_explanation_of_the_case(scenarios: dict[str, Scenario]) -> None:
    """吊牌缺失…，按规则可以退 applies the rule; it does not say where the return is stuck."""
    sc = scenarios[REFUND]
    reply = "吊牌缺失但没有下过地的，按平台规定照样能退。"
    assert_not_in_scenario(sc, reply)
    assert "checked" not in detect(sc, reply).triggers
    assert "checked" in detect(sc, "您的退货因为吊牌缺失被转去人工复核了。").triggers


# -- what happened (explained) against what will happen (a time given) --------------------------
@pytest.mark.parametrize(
    ("sid", "reply"),
    [
        (STORM, "包裹前天下午就已经进了分拣线，今天一早跟着车出发了"),
        (REFUND, "您的退货单上周五已经转去人工复核了"),
        (
            BROADBAND,
            "The fault was logged on Monday morning and the engineers reached the cabinet yesterday.",
        ),
    ],
)
def test_a_past_tense_explanation_is_checked_not_a_promised_time(
    scenarios: dict[str, Scenario], sid: str, reply: str
) -> None:
    sc = scenarios[sid]
    assert_not_in_scenario(sc, reply)
    found = detect(sc, reply)
    assert "checked" in found.triggers
    assert "concrete_time" not in found.triggers and found.times == []
    state = play(sc, [reply])
    assert state.remembered("times") == [] and "checked" in state.remembered("explained")


@pytest.mark.parametrize(
    ("sid", "reply", "quote"),
    [
        (STORM, "您这件明天中午十二点以前一定送到", "明天中午十二点以前"),
        (BROADBAND, "The line should be back by 6 pm on Thursday.", "by 6 pm on Thursday"),
    ],
)
def test_a_future_commitment_is_a_time_given(
    scenarios: dict[str, Scenario], sid: str, reply: str, quote: str
) -> None:
    found = detect(scenarios[sid], reply)
    assert "concrete_time" in found.triggers and [t.quote for t in found.times] == [quote]


def test_the_customer_repeats_back_the_future_time_not_the_past_one(scenarios: dict[str, Scenario]) -> None:
    sc = scenarios[REFUND]
    state = play(
        sc,
        [
            "真是对不住您，钱到现在还没退",
            "您的退货单上周五已经转去人工复核了，一直排着没轮到",
            "我去催复核组加急处理，今天下午四点前给您结果",
        ],
    )
    assert state.last_time() == "今天下午四点前"
    assert all("上周五" not in t["quote"] for t in state.remembered("times"))


# -- several behaviours in one reply, each in its own clause --------------------------------------
def test_one_reply_with_several_remedies_fires_each(scenarios: dict[str, Scenario]) -> None:
    sc = scenarios[STORM]
    reply = "这事是我们没跟好，我让营业部头一批先给您派，明天上午十一点前到，再往您账户里放一张券"
    found = detect(sc, reply)
    assert {"ownership", "remedy", "concrete_time", "coupon"} <= set(found.triggers)
    assert found.triggers["coupon"] != found.triggers["remedy"], "each is quoted from its own clause"


def test_a_callback_and_a_time_in_one_reply_both_count(scenarios: dict[str, Scenario]) -> None:
    found = detect(scenarios[REFUND], "今天下午四点前出结果，出来了我打电话告诉您")
    assert {"concrete_time", "callback"} <= set(found.triggers)


# -- remedies said as actions, not policy nouns ---------------------------------------------------
@pytest.mark.parametrize(
    ("sid", "reply", "step"),
    [
        ("privacy-phone-request", "我们替您给司机师傅打过去", "alternative"),
        ("elderly-face-verification", "我安排工作人员去您家里办", "home_visit"),
        ("medicine-dosage-question", "我这就把电话转给药师", "pharmacist"),
        ("vip-saas-outage", "让门店先用离线的方式收款", "workaround"),
    ],
)
def test_a_remedy_said_as_an_action_counts(
    scenarios: dict[str, Scenario], sid: str, reply: str, step: str
) -> None:
    sc = scenarios[sid]
    assert_not_in_scenario(sc, reply)
    assert step in detect(sc, reply).triggers


# -- ownership, callbacks and brush-offs in everyday words ---------------------------------------
@pytest.mark.parametrize(
    ("sid", "reply", "behaviour"),
    [
        ("vip-saas-outage", "这次故障是我们平台的锅，我盯到恢复为止", "ownership"),
        ("food-delivery-allergy-mixup", "That's on us, and I'll see this through personally.", "ownership"),
        (STORM, "有消息了我第一时间打给您", "callback"),
        (BROADBAND, "I'll text you the moment there is news from the engineers.", "updates"),
        (STORM, "您再催也没用", "dismissive"),
        (BROADBAND, "You'll just have to wait like everyone else.", "dismissive"),
    ],
)
def test_everyday_ownership_callbacks_and_brush_offs(
    scenarios: dict[str, Scenario], sid: str, reply: str, behaviour: str
) -> None:
    sc = scenarios[sid]
    assert_not_in_scenario(sc, reply)
    assert behaviour in detect(sc, reply).triggers


def test_a_read_back_of_the_order_is_no_explanation(scenarios: dict[str, Scenario]) -> None:
    found = detect(scenarios[STORM], "订单号我这边已经看到了，您不用再报")
    assert "checked" not in found.triggers and "asked_again" not in found.triggers


# -- whole calls in other words -------------------------------------------------------------------
def test_a_good_storm_call_in_everyday_words_resolves(scenarios: dict[str, Scenario]) -> None:
    state = play(
        scenarios[STORM],
        [
            "林女士，实在对不住，为一个包裹让您打了三回电话，换我也急。",
            "我刚看了，包裹前天下午就已经进了分拣线，今天一早跟着车出发了，只是页面没刷新。",
            "我让营业部头一批先给您派，明天上午十一点前到，再往您账户里放一张券。",
        ],
    )
    assert state.end_state == "resolved"
    assert state.last_time() == "明天上午十一点前"


def test_a_good_refund_call_in_everyday_words_resolves(scenarios: dict[str, Scenario]) -> None:
    state = play(
        scenarios[REFUND],
        [
            "何女士，真是对不住您，说好一天的事拖到现在，还让您来回跑了好几趟。",
            "我查了，您的退货单上周五已经转去人工复核了，一直排着没轮到。",
            "我去催复核组加急处理，今天下午四点前给您结果，出来了我打电话告诉您。",
        ],
    )
    assert state.end_state == "resolved"


def test_a_good_broadband_call_in_everyday_words_resolves(scenarios: dict[str, Scenario]) -> None:
    state = play(
        scenarios[BROADBAND],
        [
            "I'm really sorry, I'd be fed up too if I were in your shoes, with work piling up.",
            "The fault was logged on Monday morning and the engineers reached the cabinet yesterday.",
            "I'll courier you a 4G router so you can work tomorrow, and the line should be back by 6 pm on Thursday.",
        ],
    )
    assert state.end_state == "resolved"


def test_the_same_calm_words_with_a_brush_off_do_not_resolve(scenarios: dict[str, Scenario]) -> None:
    state = play(
        scenarios[STORM],
        ["实在不好意思，给您添麻烦了", "您再催也没用", "明天上午十一点前到"],
    )
    assert state.end_state != "resolved"


# -- English sentences are read one by one ----------------------------------------------------------
def test_english_full_stops_end_clauses_but_abbreviations_and_prices_do_not() -> None:
    from trainer.roleplay.behaviours import short_clauses

    reply = "It came to £12.45 on the receipt. I'll ring you by 10 a.m. tomorrow! Does that work?"
    assert [c.text for c in short_clauses(reply)] == [
        "It came to £12.45 on the receipt",
        "I'll ring you by 10 a.m. tomorrow",
        "Does that work",
    ]
    assert [c.text for c in short_clauses("Pick one, e.g. the blue box. Then tell me.")] == [
        "Pick one",
        "e.g. the blue box",
        "Then tell me.",
    ]


def test_a_remedy_already_done_is_not_an_explanation(scenarios: dict[str, Scenario]) -> None:
    sc = scenarios[BROADBAND]
    found = detect(sc, "Right. The £15 credit is already added to your bill.")
    assert "checked" not in found.triggers


@pytest.mark.parametrize(
    ("sid", "reply"),
    [
        (REFUND, "您那边下雨了吗？"),
        (REFUND, "其实我以后也想直接去那边玩"),
        ("vip-saas-outage", "你们这边确实挺热闹的吧"),
        (BROADBAND, "Are you really just having a lovely day?"),
    ],
)
def test_filler_words_do_not_make_small_talk_on_topic(
    scenarios: dict[str, Scenario], sid: str, reply: str
) -> None:
    found = detect(scenarios[sid], reply)
    assert found.verdict == "off_topic" and not found.triggers


def test_a_spoken_filler_is_not_heard_as_shifting_the_blame(scenarios: dict[str, Scenario]) -> None:
    sc = scenarios[BROADBAND]
    reply = "Three lost days and you're still calling us — I'd be fuming too, honestly. Let me see what's going on."
    assert_not_in_scenario(sc, reply)
    assert "shift_blame" not in detect(sc, reply).triggers
    assert "shift_blame" in detect(sc, "Honestly, it's out of our hands.").triggers


def test_denying_the_minimising_words_is_not_minimising(scenarios: dict[str, Scenario]) -> None:
    sc = scenarios["food-delivery-allergy-mixup"]
    reply = "I won't call this an incorrect order — your son was put at risk and I'm treating it that way."
    assert_not_in_scenario(sc, reply)
    assert "minimise" not in detect(sc, reply).triggers
    assert "minimise" in detect(sc, "Honestly it was an incorrect order, I'll fix it.").triggers


@pytest.mark.parametrize(
    "reply",
    [
        "房租眼看要扣了钱还没回来，谁都会上火。",
        "您的钱卡在半路，着急的心情我明白。",
        "东西落在车上找不回来，您心里一定很难受。",
        "孩子半夜烧成这样，我想想都揪心。",
    ],
)
def test_naming_the_customers_feeling_as_fair_is_empathy(scenarios: dict[str, Scenario], reply: str) -> None:
    sc = scenarios["double-charge-pos"]
    assert_not_in_scenario(sc, reply)
    assert "empathy" in detect(sc, reply).triggers


@pytest.mark.parametrize(
    "reply",
    [
        "This one's our mess, and I'll sort it myself.",
        "I'm so sorry. I'll take it from here, you don't need to chase.",
    ],
)
def test_owning_the_mistake_in_everyday_english_is_ownership(
    scenarios: dict[str, Scenario], reply: str
) -> None:
    sc = scenarios["food-delivery-allergy-mixup"]
    assert_not_in_scenario(sc, reply)
    assert "ownership" in detect(sc, reply).triggers
