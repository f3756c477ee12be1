"""The customer hears what agents really say: times said back are not promises, windows are estimates,
vague promises are stalling, an explanation needs a stated fact, remedies in far wording are remedies."""

from __future__ import annotations

import pytest

from trainer.roleplay.behaviours import policy_examples, short_clauses
from trainer.roleplay.behaviours.times import given_times
from trainer.roleplay.scenario import Scenario
from trainer.roleplay.scripted import play


def _seen(scenario: Scenario, reply: str, earlier: list[str] | None = None) -> set[str]:
    state = play(scenario, [*(earlier or []), reply])
    return {r["behaviour"] for r in state.transcript[-1]["reasons"]}


# -- times -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("scenario_id", "reply"),
    [
        # what the page promised, in the past or on record
        ("refund-three-days-late", "页面上写着一天之内退款，结果您这都等到第四天了，确实说不过去。"),
        ("vip-saas-outage", "就是十点半多那会儿，我们那边数据库出了毛病，会员储值用不了。"),
        ("double-charge-pos", "两点三十二分那笔超时没走通，系统当场就给撤销了。"),
        # the customer's own deadline or words said back
        ("elderly-face-verification", "您刚才说的我都记下了：刷了六回都不过，这个月三十号以前得认证。"),
        ("broadband-outage-remote-worker", "You said you need to be back online for your client call."),
        # a deadline the customer must meet, and a time to report progress
        ("customs-held-parcel", "您点开链接把付款人的身份证号填上，这一步得在三天之内做完。"),
        ("vip-saas-outage", "我每半小时给您报一次进度，您不用自己刷状态页。"),
        ("storm-parcel-delay", "周五上午十点左右我再给您打个电话，告诉您车走到哪了。"),
        # when the candidate calls back is not when the parcel or the repair comes
        ("storm-parcel-delay", "明天上午十点我给您回电。"),
        ("broadband-outage-remote-worker", "I'll call you back at 3 pm."),
    ],
)
def test_a_time_said_back_or_on_record_is_no_estimate(
    scenarios: dict[str, Scenario], scenario_id: str, reply: str
) -> None:
    sc = scenarios[scenario_id]
    assert "concrete_time" not in _seen(sc, reply)
    assert not play(sc, [reply]).memory.get("times")  # and the customer does not repeat it as a promise


@pytest.mark.parametrize(
    ("scenario_id", "reply", "quote"),
    [
        (
            "broadband-outage-remote-worker",
            "An engineer will be with you between 8 and 12 tomorrow.",
            "between 8 and 12 tomorrow",
        ),
        (
            "broadband-outage-remote-worker",
            "The line should be back from 2 to 4 pm on Thursday.",
            "from 2 to 4 pm on Thursday",
        ),
        ("storm-parcel-delay", "我让营业部先送您这单，下午三四点能到您家。", "下午三四点"),
        ("double-charge-pos", "多扣的钱会原路退回，一两个工作日就到您卡上。", "一两个工作日"),
    ],
)
def test_a_window_is_an_estimate(
    scenarios: dict[str, Scenario], scenario_id: str, reply: str, quote: str
) -> None:
    sc = scenarios[scenario_id]
    state = play(sc, [reply])
    assert "concrete_time" in {r["behaviour"] for r in state.transcript[-1]["reasons"]}
    assert state.last_time() == quote  # the customer repeats back the window as it was said


@pytest.mark.parametrize(
    ("scenario_id", "reply", "quote"),
    [
        (
            "food-delivery-allergy-mixup",
            "The kitchen is redoing it now, so it should be with you in about 35 minutes.",
            "in about 35 minutes",
        ),
        (
            "food-delivery-allergy-mixup",
            "A fresh order is on its way, about 40 minutes from now.",
            "about 40 minutes from now",
        ),
        ("customs-held-parcel", "我给您从国内仓先发一罐，走快递两天到。", "两天"),
        ("privacy-phone-request", "我现在发起失物协助，十五分种之内就有回音。", "十五分种之内"),
    ],
)
def test_a_duration_hedged_or_with_the_arrival_is_a_time(
    scenarios: dict[str, Scenario], scenario_id: str, reply: str, quote: str
) -> None:
    sc = scenarios[scenario_id]
    state = play(sc, [reply])
    assert "concrete_time" in {r["behaviour"] for r in state.transcript[-1]["reasons"]}
    assert state.last_time() == quote


def test_how_long_they_waited_until_now_is_no_time(scenarios: dict[str, Scenario]) -> None:
    sc = scenarios["customs-held-parcel"]
    assert not play(sc, ["您这都等了三天到现在了，确实太久了。"]).memory.get("times")


def test_clearing_the_restaurant_is_not_blaming_it(scenarios: dict[str, Scenario]) -> None:
    sc = scenarios["food-delivery-allergy-mixup"]
    seen = _seen(
        sc,
        "The restaurant packed your food correctly. The bags were swapped at the hand-off, so it's ours to own.",
    )
    assert "shift_blame" not in seen and "ownership" in seen


def test_a_count_is_not_a_window(scenarios: dict[str, Scenario]) -> None:
    sc = scenarios["broadband-outage-remote-worker"]
    assert not play(sc, ["Between two and three hundred homes on your street are affected."]).memory.get(
        "times"
    )


# -- explanations -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("scenario_id", "reply"),
    [
        ("storm-parcel-delay", "我帮您问问营业部那边。"),
        ("storm-parcel-delay", "停运的事我知道。"),
        ("storm-parcel-delay", "您的包裹在营业部吗？"),
        ("refund-three-days-late", "退货有退货的流程，得先过质检。"),
        ("vip-saas-outage", "等系统恢复了自动扣，顾客不用多等。"),
        ("customs-held-parcel", "您点开链接，把付款人的身份证号填进去就行。"),
        ("broadband-outage-remote-worker", "Let me check the cabinet for you."),
        ("broadband-outage-remote-worker", "Estimated fix Thursday 6 pm."),
        ("storm-parcel-delay", "我这边看到您的包裹目前还在运输途中。"),  # a status the customer knows
        ("elderly-face-verification", "好，上门给您约上了。"),  # what was done for them, not why it failed
    ],
)
def test_an_explanation_needs_a_stated_fact(
    scenarios: dict[str, Scenario], scenario_id: str, reply: str
) -> None:
    sc = scenarios[scenario_id]
    explaining = {t.id for t in sc.triggers if "report" in t.cues}
    assert not _seen(sc, reply) & explaining


@pytest.mark.parametrize(
    ("scenario_id", "reply"),
    [
        ("storm-parcel-delay", "您的件现在在余杭营业部，只是页面没刷新。"),
        ("storm-parcel-delay", "您的件已经在去余杭营业部的路上了。"),
        ("storm-parcel-delay", "我这边查了，转运中心前两天积水停了，十九号早上已经恢复分拣。"),
        ("vip-saas-outage", "十点半多那会儿我们的数据库出了毛病，会员储值这块用不了。"),
        (
            "broadband-outage-remote-worker",
            "Cabinet 14 on your street was damaged on Monday; engineers are on site.",
        ),
    ],
)
def test_a_stated_fact_explains(scenarios: dict[str, Scenario], scenario_id: str, reply: str) -> None:
    sc = scenarios[scenario_id]
    explaining = {t.id for t in sc.triggers if "report" in t.cues}
    assert _seen(sc, reply) & explaining


# -- vague promises -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("scenario_id", "reply"),
    [
        ("storm-parcel-delay", "好的，这个我们会尽快核实。"),
        ("double-charge-pos", "您反馈的问题我这边已经帮您记录了，我们会尽快处理。"),
        ("vip-saas-outage", "周总，技术那边正在处理了。"),
        ("storm-parcel-delay", "我会反馈给相关同事尽快处理，有进展会第一时间通知您。"),
        ("broadband-outage-remote-worker", "I'll look into it asap."),
        ("food-delivery-allergy-mixup", "I've passed your feedback on to the restaurant."),
    ],
)
def test_a_vague_promise_is_a_script_phrase_not_a_commitment(
    scenarios: dict[str, Scenario], scenario_id: str, reply: str
) -> None:
    sc = scenarios[scenario_id]
    state = play(sc, [reply])
    turn = state.transcript[-1]
    seen = {r["behaviour"] for r in turn["reasons"]}
    # empty talk (a script phrase; holding them; passing it on is passing the blame), never a step
    assert seen & {"canned", "stalling", "shift_blame"}, turn["reasons"]
    assert not {t.id for t in sc.triggers if t.delta < 0} & seen  # no step taken, nothing promised
    assert turn["delta"] > 0 and not state.memory.get("times")


def test_a_vague_promise_beside_real_steps_costs_but_the_steps_count(storm: Scenario) -> None:
    state = play(storm, ["我马上给您提交优先派送，会尽快处理，营业部明天上午十一点前送到。"])
    seen = {r["behaviour"]: r["delta"] for r in state.transcript[-1]["reasons"]}
    assert {"remedy", "concrete_time", "canned"} <= set(seen) and seen["canned"] > 0
    assert state.last_time() == "明天上午十一点前"


@pytest.mark.parametrize(
    ("scenario_id", "reply"),
    [
        ("storm-parcel-delay", "林女士您好，非常感谢您的耐心，麻烦您稍等一下，我这边帮您仔细查一下哈。"),
        ("storm-parcel-delay", "不好意思让您久等了，我再跟负责的同事确认一下，您再等等。"),
        ("vip-saas-outage", "周总，感谢您的理解，这边还在帮您核实，请再给我一点时间。"),
        (
            "food-delivery-allergy-mixup",
            "Thanks for holding, I'm just going to have a quick look into this now.",
        ),
        (
            "broadband-outage-remote-worker",
            "I appreciate your patience while I go through your account, this can take a minute to check.",
        ),
    ],
)
def test_holding_the_customer_with_polite_words_is_stalling(
    scenarios: dict[str, Scenario], scenario_id: str, reply: str
) -> None:
    sc = scenarios[scenario_id]
    turn = play(sc, [reply]).transcript[-1]
    seen = {r["behaviour"] for r in turn["reasons"]}
    assert seen == {"stalling"}, turn["reasons"]  # thanks for the wait is part of it: no empathy, no step
    assert turn["delta"] > 0


def test_a_wait_while_a_step_is_taken_is_no_stalling(scenarios: dict[str, Scenario]) -> None:
    sc = scenarios["double-charge-pos"]
    seen = _seen(sc, "刷一次扣两次，谁碰上都着急。您先别急，我这就给您调交易记录，您稍等几秒。")
    assert "empathy" in seen and "stalling" not in seen


def test_vague_promises_alone_never_resolve(scenarios: dict[str, Scenario]) -> None:
    for sc in scenarios.values():
        vague = (
            ["我们会尽快处理。", "已经帮您记录了，会尽快核实。", "正在处理了，很快就会有结果。"]
            if sc.lang == "zh"
            else ["We'll look into it asap.", "I've logged it and passed it on.", "We're working on it."]
        )
        assert play(sc, vague * 3).end_state != "resolved", sc.id


def test_a_duration_and_what_will_have_happened_is_a_time(scenarios: dict[str, Scenario]) -> None:
    sc = scenarios["medicine-dosage-question"]
    state = play(sc, ["我给您转到平台的执业药师，不要钱，也就两三分钟就通了，您别挂。"])
    assert state.last_time() == "两三分钟"
    # a point in time followed by 就 in the past is still a fact
    storm = scenarios["storm-parcel-delay"]
    assert not play(storm, ["前两天仓库进水停了一阵，19号早上就又动起来了。"]).memory.get("times")


def test_may_i_take_a_detail_already_given_is_asking_again(scenarios: dict[str, Scenario]) -> None:
    sc = scenarios["food-delivery-allergy-mixup"]
    assert "asked_again" in _seen(sc, "Can I take your order number, please?")


# -- everyday openers and ownership -----------------------------------------------------------------
def test_naming_the_case_is_not_the_behaviour_an_example_names(scenarios: dict[str, Scenario]) -> None:
    # 您自己落在车上的 blames; 电脑落车上了 only says what happened, in the same words of the case
    sc = scenarios["privacy-phone-request"]
    assert "blame_customer" not in _seen(sc, "孙先生，电脑落车上了，下午还要开会，我知道您急。")
    assert "blame_customer" in _seen(sc, "这是您自己落在车上的，下车前应该检查一下。")
    # telling what went wrong with a third party is an explanation, not shifting the blame
    food = scenarios["food-delivery-allergy-mixup"]
    seen = _seen(food, "It looks like the courier mixed up two bags from the same restaurant.")
    assert "shift_blame" not in seen and "checked" in seen
    assert "shift_blame" in _seen(food, "The restaurant packed it, not us. Talk to the courier about it.")
    # a day in an explanation is no estimate
    broadband = scenarios["broadband-outage-remote-worker"]
    assert "checked" in _seen(
        broadband, "There's damage to the green cabinet at the end of your road from Monday's roadworks."
    )


def test_reassuring_about_the_money_is_on_topic(scenarios: dict[str, Scenario]) -> None:
    assert _seen(scenarios["double-charge-pos"], "陈师傅您好，您别慌，钱不会丢。") == {"neutral"}


@pytest.mark.parametrize(
    ("scenario_id", "reply"),
    [
        ("vip-saas-outage", "故障在我们这边，会员储值暂时用不了。"),
        ("food-delivery-allergy-mixup", "The fault is on our side, not with the restaurant."),
    ],
)
def test_saying_the_fault_is_ours_is_ownership(
    scenarios: dict[str, Scenario], scenario_id: str, reply: str
) -> None:
    assert "ownership" in _seen(scenarios[scenario_id], reply)


def test_a_few_minutes_is_an_estimate(scenarios: dict[str, Scenario]) -> None:
    sc = scenarios["medicine-dosage-question"]
    state = play(sc, ["我马上帮您接通平台的药师，几分钟就能跟您通上话。"])
    assert "concrete_time" in {r["behaviour"] for r in state.transcript[-1]["reasons"]}
    assert not play(scenarios["storm-parcel-delay"], ["过几天就到了。"]).memory.get("times")


# -- remedies in the policy's words ------------------------------------------------------------------
def test_a_remedy_in_the_policy_words_is_heard(scenarios: dict[str, Scenario]) -> None:
    sc = scenarios["food-delivery-allergy-mixup"]
    assert "remedy" in _seen(sc, "Your £38.40 is refunded in full.")
    # what the policy forbids never speaks for a remedy
    for scenario in scenarios.values():
        for pieces in policy_examples(scenario).values():
            assert not any("不得" in p or "never" in p.lower() for p in pieces), scenario.id


def test_a_clause_heard_as_shifting_blame_takes_no_ownership(scenarios: dict[str, Scenario]) -> None:
    seen = _seen(scenarios["vip-saas-outage"], "这是云服务商那边的故障。")
    assert "third_party" in seen and "ownership" not in seen
    # while a time in a clause that also promises too much is still a time given
    broadband = scenarios["broadband-outage-remote-worker"]
    assert "concrete_time" in _seen(broadband, "The repair should be done by Thursday evening, around 6.")


def test_telling_the_customer_getting_upset_is_no_use_is_a_brush_off(scenarios: dict[str, Scenario]) -> None:
    state = play(scenarios["refund-three-days-late"], ["退款本来就要走流程，急也没用。"])
    assert state.end_state == "escalated"


def test_a_callback_time_counts_where_the_callback_is_what_the_customer_waits_for(
    scenarios: dict[str, Scenario],
) -> None:
    # the lost laptop: the policy agrees a callback time, so 十五分钟内给您回电 is the promise
    assert "concrete_time" in _seen(
        scenarios["privacy-phone-request"], "我马上发起失物协助，十五分钟内给您回电话。"
    )
    # a third party's call is the service itself, not a callback of the candidate's
    elderly = scenarios["elderly-face-verification"]
    assert "concrete_time" in _seen(elderly, "我给您登记上门认证，两个工作日内工作人员打电话联系您。")


def test_the_closing_question_is_a_script_phrase_until_the_case_is_handled(
    scenarios: dict[str, Scenario],
) -> None:
    sc = scenarios["privacy-phone-request"]
    assert _seen(sc, "还有别的问题吗？") == {"canned"}  # said instead of help
    done = ["号码不能给。", "我现在发起失物协助，十五分钟内给您回电。"]  # every step taken, still annoyed
    assert not play(sc, done).ended
    assert _seen(sc, "还有别的问题吗？", done) == {"neutral"}  # a polite close once it is handled


def test_work_in_progress_beside_an_explanation_is_not_stalling(scenarios: dict[str, Scenario]) -> None:
    sc = scenarios["broadband-outage-remote-worker"]
    reply = (
        "Here's what's actually going on: a street cabinet near you was damaged by roadworks on Monday, "
        "and about two hundred homes are offline. The engineers are on it now."
    )
    seen = _seen(sc, reply)
    assert "checked" in seen and "stalling" not in seen
    # with nothing explained, the same words are still an empty promise: a set phrase of the script, and
    # with nothing else done in the reply, stalling
    assert _seen(sc, "We are working on it and will get back to you as soon as possible.") == {
        "canned",
        "stalling",
    }


def test_being_told_to_restart_before_is_recalled_not_asked_again(scenarios: dict[str, Scenario]) -> None:
    sc = scenarios["broadband-outage-remote-worker"]
    seen = _seen(
        sc,
        "Three calls and being told to restart the router each time, that's really frustrating. "
        "I won't ask you to do it again.",
    )
    assert "restart_again" not in seen
    assert "restart_again" in _seen(sc, "Could you restart the router for me first?")


# -- an explanation is news to the customer ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("scenario_id", "reply"),
    [
        # the customer's own story said back to them, in their words (a tag cut off, a shoe tried on at home)
        ("refund-three-days-late", "鞋您就在家里试了一下，吊牌剪掉了，这个我明白。"),
        # the reference number read out with its label: what to quote at the bank, not what happened
        ("double-charge-pos", "冲正参考号是 R5521 0093 7781，您记一下。"),
        ("double-charge-pos", "您记个冲正凭证号：K88 2041 5539，银行那边能查。"),
        # the record pulled up, with nothing said of it yet
        ("double-charge-pos", "您别着急，那两笔扣款我这边已经调出来了。"),
    ],
)
def test_what_the_customer_said_or_a_number_read_out_explains_nothing(
    scenarios: dict[str, Scenario], scenario_id: str, reply: str
) -> None:
    assert "checked" not in _seen(scenarios[scenario_id], reply)


@pytest.mark.parametrize(
    ("scenario_id", "reply"),
    [
        # what the agent looked up: where the return stands and why
        ("refund-three-days-late", "我这边看了，鞋到仓库后质检发现吊牌缺失，转去人工复核了，一直在排队。"),
        # the reversal explained, with its number beside it
        ("double-charge-pos", "第一笔交易超时没有成功，系统已经自动冲正了，参考号 R5521 0093 7781。"),
        # the record pulled up, then what it shows
        ("double-charge-pos", "两笔记录我调出来了，前面那笔是超时失败的，系统自己撤回了。"),
    ],
)
def test_a_fact_the_agent_looked_up_still_explains(
    scenarios: dict[str, Scenario], scenario_id: str, reply: str
) -> None:
    assert "checked" in _seen(scenarios[scenario_id], reply)


def test_a_consequence_to_come_after_a_bare_verb_is_a_condition_not_an_explanation(
    scenarios: dict[str, Scenario],
) -> None:
    sc = scenarios["vip-saas-outage"]
    # "once it's back the system deducts by itself": how the workaround settles, not what went wrong
    assert "checked" not in _seen(sc, "您让店员先记账，上线了系统自动补扣储值。")
    # what went wrong, said in the past, still explains
    assert "checked" in _seen(sc, "查到了，华东那边的数据库主备切换出了异常，会员储值这块用不了。")


def test_the_delay_the_customer_lived_through_said_back_is_no_explanation(
    scenarios: dict[str, Scenario],
) -> None:
    sc = scenarios["refund-three-days-late"]
    # 结果 here is "as it turned out": the customer's wait told back to them, nothing looked up
    assert "checked" not in _seen(sc, "本来说好一天到账，结果拖到了第四天，真是对不住。")
    assert "checked" not in _seen(sc, "页面写着二十四小时，结果等了好几天都没动静。")
    # where the return is stuck and why, after the same word, still explains
    assert "checked" in _seen(sc, "结果退货到仓库以后，质检发现吊牌缺失，就转人工复核了，一直在排队。")


# -- read-backs, possessives and everyday explanations ------------------------------------------------
def test_reading_their_facts_back_to_confirm_is_no_empathy(scenarios: dict[str, Scenario]) -> None:
    sc = scenarios["privacy-phone-request"]
    seen = _seen(sc, "我先跟您核对一下：昨晚从国贸上的车，电脑落在车上了，对吧？")
    assert "empathy" not in seen
    assert "empathy" in _seen(sc, "电脑落在车上换谁都急。")


def test_these_days_said_by_the_customer_leave_a_two_day_delivery_a_time() -> None:
    reply = "我给您申请了应急先发一罐，走国内快递两天到。"
    pieces = short_clauses(reply)
    assert [t.quote for t in given_times(reply, pieces, "我这两天觉都睡不着。", "zh")] == ["两天"]
    # the same span said first by the customer is theirs
    assert not given_times(reply, pieces, "快递说两天到。", "zh")


def test_your_own_account_is_no_blame(scenarios: dict[str, Scenario]) -> None:
    sc = scenarios["customs-held-parcel"]
    assert "blame_customer" not in _seen(
        sc, "下单用的是您自己的账号，付款用的是家里人的账户，海关要两边对得上。"
    )
    assert "blame_customer" in _seen(sc, "这是您自己填错了。")


@pytest.mark.parametrize(
    "reply",
    ["司机的号码在系统里是隐藏的，我这边也看不到。", "平台上的号码都是加密的，这是保护司机也是保护您。"],
)
def test_a_hidden_number_explains_why_it_cannot_be_given(scenarios: dict[str, Scenario], reply: str) -> None:
    assert "explain_privacy" in _seen(scenarios["privacy-phone-request"], reply)


# -- brush-offs, owning what went wrong, limits said in everyday words --------------------------------
@pytest.mark.parametrize(
    ("scenario_id", "reply"),
    [
        ("storm-parcel-delay", "您打几次电话都一样，该到的时候自然就到了。"),
        ("customs-held-parcel", "那我也没办法啊，您着急就先去超市买一罐顶着呗。"),
    ],
)
def test_everyday_brush_offs_wrong_the_customer(
    scenarios: dict[str, Scenario], scenario_id: str, reply: str
) -> None:
    assert "dismissive" in _seen(scenarios[scenario_id], reply)


def test_waiting_at_home_for_a_booked_visit_is_no_brush_off(scenarios: dict[str, Scenario]) -> None:
    assert "dismissive" not in _seen(
        scenarios["elderly-face-verification"], "后天上午会有人给您打电话，您在家等着就行。"
    )


def test_saying_it_should_not_have_happened_takes_ownership(storm: Scenario) -> None:
    assert "ownership" in _seen(storm, "前两次都只让您等，这真不应该。")
    assert "ownership" not in _seen(storm, "您不应该总打电话催。")


def test_an_empty_promise_beside_a_shifted_blame_is_part_of_it(scenarios: dict[str, Scenario]) -> None:
    seen = _seen(scenarios["customs-held-parcel"], "清关中就是海关在处理，我们这边看不了也催不了。")
    assert seen == {"shift_blame"}


@pytest.mark.parametrize(
    ("reply", "behaviour"),
    [
        ("建议您仔细阅读一下药品说明书，或者咨询专业人士。", "shift_blame"),
        ("用药方面我们这边不方便答复。", "bare_refusal"),
        ("我们客服没有药师资格，吃多少一定得药师来判断。", "explain_limit"),
    ],
)
def test_medicine_limits_in_everyday_words(
    scenarios: dict[str, Scenario], reply: str, behaviour: str
) -> None:
    assert behaviour in _seen(scenarios["medicine-dosage-question"], reply)


# -- the elderly caller: who speaks slowly, age as an excuse, glare as a cause --------------------------
def test_letting_the_customer_speak_slowly_is_patience_and_speaking_slowly_is_steps(
    scenarios: dict[str, Scenario],
) -> None:
    sc = scenarios["elderly-face-verification"]
    seen = _seen(sc, "大爷您别急，慢慢说。")
    assert "empathy" in seen and "steps" not in seen
    assert "steps" in _seen(sc, "我说话慢一点，咱们一件一件来。")


def test_age_as_the_reason_it_fails_talks_down(scenarios: dict[str, Scenario]) -> None:
    sc = scenarios["elderly-face-verification"]
    assert "condescending" in _seen(sc, "您岁数大了，这个弄不明白也正常。")


def test_glare_on_the_glasses_explains_the_failure(scenarios: dict[str, Scenario]) -> None:
    sc = scenarios["elderly-face-verification"]
    assert "cause" in _seen(sc, "您戴的眼镜镜片反光，机器看不清您的眼睛。")


@pytest.mark.parametrize("reply", ["鞋没穿过的话吊牌剪了也是正常退。", "按规则来就行，也没有谁怀疑您。"])
def test_refund_trust_in_everyday_words(scenarios: dict[str, Scenario], reply: str) -> None:
    assert "trust" in _seen(scenarios["refund-three-days-late"], reply)


def test_a_bare_verb_with_le_and_what_follows_directly_is_a_condition(scenarios: dict[str, Scenario]) -> None:
    sc = scenarios["refund-three-days-late"]
    assert "checked" not in _seen(sc, "我给您提了加急复核，通过了直接原路退到您卡上。")


def test_the_clock_time_of_a_charge_on_record_is_no_time_given(scenarios: dict[str, Scenario]) -> None:
    sc = scenarios["double-charge-pos"]
    reply = "第一笔是下午两点三十二分，那笔超时了，系统自动冲正了；第二笔两点三十三分，是成功的。"
    assert not play(sc, [reply]).memory.get("times")
    assert "concrete_time" in _seen(sc, "退款今天下午五点前到您卡上。")


def test_engineers_at_work_alone_do_not_explain_the_fault(scenarios: dict[str, Scenario]) -> None:
    sc = scenarios["broadband-outage-remote-worker"]
    assert "checked" not in _seen(sc, "Engineers are there now doing the splicing.")
    assert "checked" in _seen(sc, "A street cabinet near you was damaged during roadworks on Monday.")


# -- everyday empathy and set phrases ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("scenario_id", "reply"),
    [
        ("customs-held-parcel", "郑女士，我完全能理解，宝宝就认这一款，换谁都急。"),
        ("food-delivery-allergy-mixup", "I can only imagine that moment when you saw the box."),
    ],
)
def test_everyday_empathy_is_not_a_script_phrase(
    scenarios: dict[str, Scenario], scenario_id: str, reply: str
) -> None:
    seen = _seen(scenarios[scenario_id], reply)
    assert "empathy" in seen and "canned" not in seen


@pytest.mark.parametrize(
    ("scenario_id", "reply"),
    [
        (
            "broadband-outage-remote-worker",
            "Thank you for calling, and I do apologise for any inconvenience.",
        ),
        ("storm-parcel-delay", "林女士您好，非常抱歉让您久等了，给您带来的不便我们深表歉意。"),
    ],
)
def test_a_wait_apologised_for_in_set_phrases_is_only_a_script(
    scenarios: dict[str, Scenario], scenario_id: str, reply: str
) -> None:
    assert _seen(scenarios[scenario_id], reply) == {"canned"}


def test_a_stall_in_other_words_is_stalling_but_one_shared_word_is_not(
    scenarios: dict[str, Scenario],
) -> None:
    en, zh = scenarios["broadband-outage-remote-worker"], scenarios["storm-parcel-delay"]
    assert _seen(en, "Bear with me a sec.") == {"stalling"}
    assert _seen(zh, "嗯好的我看看。") == {"stalling"}
    assert "stalling" not in _seen(en, "Seeing the lights all red on the box, yes.")


@pytest.mark.parametrize(
    ("scenario_id", "reply"),
    [
        ("storm-parcel-delay", "您这单本来第二天就该往下走的，结果中心积水停了。"),
        ("storm-parcel-delay", "请您再耐心等待一两天，感谢您的理解。"),
        ("broadband-outage-remote-worker", "It should have been fixed within two days, I know."),
    ],
)
def test_what_should_have_happened_and_how_long_to_wait_are_no_times(
    scenarios: dict[str, Scenario], scenario_id: str, reply: str
) -> None:
    assert not play(scenarios[scenario_id], [reply]).memory.get("times")


def test_their_own_story_said_back_reassures_nothing(scenarios: dict[str, Scenario]) -> None:
    sc = scenarios["refund-three-days-late"]
    assert "trust" not in _seen(sc, "吊牌都剪了。")
    assert "trust" in _seen(sc, "吊牌剪了也能退，您放心。")


def test_a_delivery_batch_is_no_callback(storm: Scenario) -> None:
    assert "callback" not in _seen(storm, "给您提了优先派送，周五上午那批送，中午前到。")


def test_you_did_not_look_blames_the_passenger(scenarios: dict[str, Scenario]) -> None:
    assert "blame_customer" in _seen(scenarios["privacy-phone-request"], "您自己下车都不看一眼。")


def test_the_diagnosis_said_in_the_present_explains(scenarios: dict[str, Scenario]) -> None:
    sc = scenarios["broadband-outage-remote-worker"]
    assert "checked" in _seen(sc, "No restarts needed, this isn't your kit, it's a fault in the street.")
    assert "checked" not in _seen(sc, "That's a problem, isn't it?")


def test_being_kept_waiting_before_and_taking_it_on_now(storm: Scenario) -> None:
    seen = _seen(storm, "前两次光让您等，都是让您等……这真不应该。这回我把整条线都给您查清楚。")
    assert {"empathy", "ownership"} <= seen


def test_sharing_only_a_number_word_matches_no_example(scenarios: dict[str, Scenario]) -> None:
    sc = scenarios["broadband-outage-remote-worker"]
    assert "empathy" not in _seen(sc, "£9.76 a day credit from day three.")
    assert "empathy" in _seen(sc, "You've had to call us three times, that's not on.")


@pytest.mark.parametrize(
    ("scenario_id", "reply"),
    [("double-charge-pos", "您别着急。"), ("broadband-outage-remote-worker", "Don't worry.")],
)
def test_soothing_words_alone_are_polite_not_off_topic(
    scenarios: dict[str, Scenario], scenario_id: str, reply: str
) -> None:
    assert _seen(scenarios[scenario_id], reply) == {"neutral"}


def test_a_friendly_ba_is_no_brush_off(scenarios: dict[str, Scenario]) -> None:
    assert "dismissive" not in _seen(scenarios["customs-held-parcel"], "有什么需要您直接跟我说呗。")


@pytest.mark.parametrize(
    "reply",
    [
        "Have you tried turning the router off and on?",
        "Can you try rebooting it?",
        "Please reset the router.",
    ],
)
def test_asking_for_a_restart_in_other_words_asks_again(scenarios: dict[str, Scenario], reply: str) -> None:
    assert "restart_again" in _seen(scenarios["broadband-outage-remote-worker"], reply)


@pytest.mark.parametrize(
    "reply", ["You've restarted it twice, I can see that.", "No need to restart anything."]
)
def test_a_restart_recalled_or_spared_is_not_asked(scenarios: dict[str, Scenario], reply: str) -> None:
    assert "restart_again" not in _seen(scenarios["broadband-outage-remote-worker"], reply)


@pytest.mark.parametrize(
    ("scenario_id", "reply"),
    [
        ("broadband-outage-remote-worker", "Honestly I don't know what's wrong."),
        ("storm-parcel-delay", "我也不知道什么时候能到。"),
    ],
)
def test_having_nothing_to_tell_is_stalling(
    scenarios: dict[str, Scenario], scenario_id: str, reply: str
) -> None:
    assert _seen(scenarios[scenario_id], reply) == {"stalling"}
