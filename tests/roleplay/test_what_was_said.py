"""The customer answers what the candidate actually said: a past day in an explanation is no estimate,
troubleshooting recalled or spared is not asked again."""

from __future__ import annotations

import pytest

from trainer.roleplay.scenario import Scenario
from trainer.roleplay.scripted import play


def _turn(scenario: Scenario, reply: str) -> dict:
    return play(scenario, [reply]).transcript[-1]


def _seen(scenario: Scenario, reply: str) -> set[str]:
    return {r["behaviour"] for r in _turn(scenario, reply)["reasons"]}


# -- a day in the past is no time given ---------------------------------------------------------------
@pytest.mark.parametrize(
    "reply",
    [
        "The cabinet was damaged on Monday and engineers will be working on it.",
        "It's been down since Tuesday, I will get it sorted for you.",
        "Cabinet 14 got hit by the roadworks on Monday, so the whole street is down, and I'll sort you out.",
    ],
)
def test_a_past_day_in_an_explanation_is_no_estimate(scenarios: dict[str, Scenario], reply: str) -> None:
    sc = scenarios["broadband-outage-remote-worker"]
    turn = _turn(sc, reply)
    assert "concrete_time" not in turn["fired"], turn["reasons"]
    assert "Monday" not in turn["customer"] and "Tuesday" not in turn["customer"]


def test_the_explanation_with_a_past_day_still_explains(scenarios: dict[str, Scenario]) -> None:
    sc = scenarios["broadband-outage-remote-worker"]
    assert "checked" in _seen(sc, "The cabinet was damaged on Monday and engineers will be working on it.")


def test_a_time_to_come_beside_a_past_day_still_counts(scenarios: dict[str, Scenario]) -> None:
    sc = scenarios["broadband-outage-remote-worker"]
    state = play(sc, ["It has been down since Tuesday and the estimated fix is Thursday 6 pm."])
    assert "concrete_time" in state.transcript[-1]["fired"]
    assert [t["quote"] for t in state.remembered("times")] == ["Thursday 6 pm"]


# -- troubleshooting recalled or spared is not asked again ----------------------------------------------
@pytest.mark.parametrize(
    ("scenario_id", "reply", "trigger"),
    [
        ("vip-saas-outage", "上次的同事让您重启了好几遍，这回不用您再弄了。", "useless_steps"),
        ("vip-saas-outage", "之前让店长重启过收银机了，这次不用再重启了。", "useless_steps"),
        (
            "broadband-outage-remote-worker",
            "They had you reboot the router each time — I won't put you through that again.",
            "restart_again",
        ),
        (
            "broadband-outage-remote-worker",
            "Last time they asked you to restart the router - no need to do that again.",
            "restart_again",
        ),
        (
            "broadband-outage-remote-worker",
            "I can see the previous agents asked you to restart the router twice.",
            "restart_again",
        ),
    ],
)
def test_recalling_what_others_asked_is_not_asking_again(
    scenarios: dict[str, Scenario], scenario_id: str, reply: str, trigger: str
) -> None:
    turn = _turn(scenarios[scenario_id], reply)
    assert trigger not in turn["fired"] and "asked_again" not in turn["fired"], turn["reasons"]
    assert turn["delta"] <= 0


@pytest.mark.parametrize(
    ("scenario_id", "reply"),
    [
        ("vip-saas-outage", "上次的同事让您重启了好几遍，这回不用您再弄了。"),
        (
            "broadband-outage-remote-worker",
            "They had you reboot it each time — I won't put you through that again.",
        ),
        (
            "broadband-outage-remote-worker",
            "I see my colleagues had you restart the router twice, sorry about that.",
        ),
    ],
)
def test_sparing_the_customer_the_same_steps_is_heard_as_empathy(
    scenarios: dict[str, Scenario], scenario_id: str, reply: str
) -> None:
    assert "empathy" in _seen(scenarios[scenario_id], reply)


@pytest.mark.parametrize(
    ("scenario_id", "reply", "trigger"),
    [
        ("vip-saas-outage", "之前让店长重启过了，麻烦您再让店员重启一下收银机。", "useless_steps"),
        ("broadband-outage-remote-worker", "Could you restart the router for me once more?", "restart_again"),
    ],
)
def test_asking_for_it_again_still_annoys(
    scenarios: dict[str, Scenario], scenario_id: str, reply: str, trigger: str
) -> None:
    assert trigger in _seen(scenarios[scenario_id], reply)


def test_an_after_clause_of_a_past_sentence_is_no_estimate(storm: Scenario) -> None:
    state = play(storm, ["我查了一下：19 号早上恢复分拣后，您的包裹已经装车发往营业部了。"])
    assert "concrete_time" not in state.transcript[-1]["fired"] and state.remembered("times") == []


# -- the customer reads back the time that answers what they asked for -------------------------------------
def test_the_estimate_is_read_back_not_the_courier_time_beside_the_remedy(
    scenarios: dict[str, Scenario],
) -> None:
    sc = scenarios["broadband-outage-remote-worker"]
    state = play(
        sc,
        [
            "Sorry, Margaret. Cabinet 14 was damaged by the roadworks.",
            "A 4G backup router reaches you tomorrow before 1 pm and the fix is estimated for Thursday 6 pm; "
            "your compensation is set up and I will text you updates.",
        ],
    )
    assert state.end_state == "resolved"
    assert state.last_time() == "Thursday 6 pm"
    assert "before 1 pm" in state.last_time("backup")
    closing = state.transcript[-1]["customer"]
    if "{time}" in "".join(sc.closing["resolved"]):
        assert "before 1 pm" not in closing.replace("The backup router", "")


def test_a_time_alone_is_read_back_whatever_came_with_it(scenarios: dict[str, Scenario]) -> None:
    sc = scenarios["broadband-outage-remote-worker"]
    state = play(sc, ["I'm sending you a 4G backup router, it will be with you tomorrow before 1 pm."])
    assert "before 1 pm" in state.last_time()


# -- more of what agents say ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("scenario_id", "reply"),
    [
        ("vip-saas-outage", "十点三十八分起，我们这边的数据库切换出了异常，会员储值用不了。"),
        ("storm-parcel-delay", "19 号早上八点过后恢复分拣，您的包裹当天就上了车。"),
        ("customs-held-parcel", "您点开链接把信息填上就好，三天之内弄完就行。"),
    ],
)
def test_a_start_a_past_after_or_the_customers_own_task_is_no_estimate(
    scenarios: dict[str, Scenario], scenario_id: str, reply: str
) -> None:
    assert "concrete_time" not in _seen(scenarios[scenario_id], reply)


@pytest.mark.parametrize(
    ("scenario_id", "reply"),
    [
        ("vip-saas-outage", "周总，咱们这个是培训里的模拟对话吧？您也不是真的老板，放轻松点。"),
        (
            "food-delivery-allergy-mixup",
            "You know this is just a training exercise, right? We can drop the act.",
        ),
    ],
)
def test_telling_the_customer_they_are_not_real_wrongs_them(
    scenarios: dict[str, Scenario], scenario_id: str, reply: str
) -> None:
    state = play(scenarios[scenario_id], [reply])
    assert "dismissive" in state.transcript[-1]["fired"] and state.end_state == "escalated"


@pytest.mark.parametrize(
    ("scenario_id", "reply"),
    [
        ("double-charge-pos", "好好刷一次卡扣了两回，换谁都得以为钱被吞了。"),
        ("privacy-phone-request", "这时候谁都想直接找到司机，我完全理解。"),
    ],
)
def test_empathy_in_everyday_words(scenarios: dict[str, Scenario], scenario_id: str, reply: str) -> None:
    assert "empathy" in _seen(scenarios[scenario_id], reply)


@pytest.mark.parametrize(
    ("scenario_id", "reply", "trigger"),
    [
        (
            "storm-parcel-delay",
            "由于近期杭州地区持续暴雨，属于不可抗力因素，物流时效受到了一定影响。",
            "checked",
        ),
        ("storm-parcel-delay", "给您提了优先派送。", "checked"),
        ("food-delivery-allergy-mixup", "Logged as a safety incident.", "checked"),
        ("elderly-face-verification", "就算真过了 30 号，钱也会补给您。", "cause"),
    ],
)
def test_an_excuse_an_offer_or_a_condition_explains_nothing(
    scenarios: dict[str, Scenario], scenario_id: str, reply: str, trigger: str
) -> None:
    assert trigger not in _seen(scenarios[scenario_id], reply)


def test_what_usually_happens_is_an_estimate(scenarios: dict[str, Scenario]) -> None:
    assert "concrete_time" in _seen(
        scenarios["customs-held-parcel"], "资料补上以后，一般一两个工作日就放行了。"
    )


@pytest.mark.parametrize(
    ("scenario_id", "reply", "trigger"),
    [
        (
            "food-delivery-allergy-mixup",
            "The bags got swapped at the door. That's totally on us.",
            "ownership",
        ),
        ("refund-three-days-late", "现在是高峰期，大家都在排队，又不是只有您一个人。", "dismissive"),
        (
            "broadband-outage-remote-worker",
            "Before I do anything I'll need your account number, please.",
            "asked_again",
        ),
    ],
)
def test_more_everyday_wording_is_heard(
    scenarios: dict[str, Scenario], scenario_id: str, reply: str, trigger: str
) -> None:
    sc = scenarios[scenario_id]
    earlier = ["Thanks for your patience."] if sc.lang == "en" else []
    seen = {r["behaviour"] for r in play(sc, [*earlier, reply]).transcript[-1]["reasons"]}
    assert trigger in seen


def test_a_rule_said_first_is_no_explanation(scenarios: dict[str, Scenario]) -> None:
    assert "checked" not in _seen(
        scenarios["refund-three-days-late"], "按规则，吊牌剪了但鞋没穿过的，照样能退。"
    )


@pytest.mark.parametrize(
    "reply",
    [
        "Engineers are splicing now; estimated back by 6 pm Thursday. That's their estimate, I can't guarantee it.",
        "Their best estimate is Thursday evening, around six.",
    ],
)
def test_an_estimate_said_as_one_is_no_guarantee(scenarios: dict[str, Scenario], reply: str) -> None:
    seen = _seen(scenarios["broadband-outage-remote-worker"], reply)
    assert "overpromise" not in seen and "concrete_time" in seen


def test_a_guarantee_still_is_one(scenarios: dict[str, Scenario]) -> None:
    assert "overpromise" in _seen(
        scenarios["broadband-outage-remote-worker"], "It will definitely be back on Thursday evening."
    )


def test_damage_done_by_the_roadworks_on_monday_is_no_time(scenarios: dict[str, Scenario]) -> None:
    state = play(
        scenarios["broadband-outage-remote-worker"],
        ["Cabinet 14 near you was damaged by roadworks on Monday."],
    )
    assert state.remembered("times") == []


def test_cutting_the_customer_off_and_blaming_their_movements_wrong_them(
    scenarios: dict[str, Scenario],
) -> None:
    sc = scenarios["elderly-face-verification"]
    assert "dismissive" in _seen(sc, "大爷，您先听我说，别老打断。")
    assert "condescending" in _seen(sc, "活体检测没通过，就是您动作不标准。")


def test_a_time_said_across_a_comma_after_the_customer_named_the_day_is_given(
    scenarios: dict[str, Scenario],
) -> None:
    sc = scenarios["broadband-outage-remote-worker"]
    state = play(
        sc,
        [
            "I'm so sorry, I can see it's been three days.",
            "The courier will have a 4G router with you tomorrow morning, before one o'clock at the latest.",
        ],
    )
    assert "tomorrow" in state.transcript[1]["customer"]  # the customer named the day first
    assert "concrete_time" in state.transcript[2]["fired"]


def test_a_red_line_named_as_what_not_to_do_is_not_crossed(scenarios: dict[str, Scenario]) -> None:
    sc = scenarios["customs-held-parcel"]
    warned = play(sc, ["可能有人会跟您说拆成两单、把价格报低一点，这些都是违规的，我不会让您这么做。"])
    assert warned.red_lines == []
    for crossing in ["我帮您拆成两单报关就行。", "虽然违规，但我帮您拆成两单。"]:
        assert [r["id"] for r in play(sc, [crossing]).red_lines] == ["evade_customs"], crossing


def test_the_customers_facts_read_back_for_confirmation_explain_nothing(
    scenarios: dict[str, Scenario],
) -> None:
    sc = scenarios["elderly-face-verification"]
    reply = "我先跟您对一下：您今天试了六回，每回都叫您眨眼；您戴着老花镜；短信说这个月 30 号以前要认证。我没听错吧？"
    assert "cause" not in _seen(sc, reply)


def test_a_name_is_not_heard_inside_another_word(scenarios: dict[str, Scenario]) -> None:
    sc = scenarios["food-delivery-allergy-mixup"]
    assert "empathy" not in _seen(sc, "The courier had your order and another one on the same run.")
    assert "empathy" in _seen(sc, "Is Sam alright?")
