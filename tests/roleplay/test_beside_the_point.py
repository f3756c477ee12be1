"""Helpful-sounding replies beside the point: the customer advised to see to it themselves takes no step for
them, and when a place is open, staffed or quiet, or when the customer should look again, is no time for
the case."""

from __future__ import annotations

import pytest

from trainer.roleplay.scenario import Scenario
from trainer.roleplay.scripted import play


def _seen(scenario: Scenario, reply: str) -> set[str]:
    state = play(scenario, [reply])
    return {r["behaviour"] for r in state.transcript[-1]["reasons"]}


@pytest.mark.parametrize(
    ("scenario", "step", "reply"),
    [
        ("privacy-phone-request", "alternative", "您不妨自己去附近派出所报警，请警察帮您联系司机。"),
        ("medicine-dosage-question", "pharmacist", "建议您自己在App里找在线药师，把孩子的体重输进去问问。"),
        ("elderly-face-verification", "home_visit", "您也可以到社区服务中心当面认证，那边有工作人员帮忙。"),
        (
            "broadband-outage-remote-worker",
            "backup",
            "It might be worth asking your phone provider about a mobile hotspot for the week.",
        ),
    ],
)
def test_the_customer_advised_to_do_it_themselves_is_no_step_taken(
    scenarios: dict[str, Scenario], scenario: str, step: str, reply: str
) -> None:
    assert step not in _seen(scenarios[scenario], reply)


@pytest.mark.parametrize(
    ("scenario", "step", "reply"),
    [
        ("elderly-face-verification", "home_visit", "我这就给您约工作人员上门认证，您在家等着就行。"),
        (
            "medicine-dosage-question",
            "pharmacist",
            "我现在就把您转给我们的执业药师，您可以直接跟药师说孩子多重。",
        ),
    ],
)
def test_a_step_taken_stays_taken_beside_advice(
    scenarios: dict[str, Scenario], scenario: str, step: str, reply: str
) -> None:
    assert step in _seen(scenarios[scenario], reply)


@pytest.mark.parametrize(
    ("scenario", "reply"),
    [
        ("elderly-face-verification", "服务站周一到周五上午九点开门，下午五点关门。"),
        ("storm-parcel-delay", "网点的电话每天早上八点到晚上八点都有人值班。"),
        (
            "food-delivery-allergy-mixup",
            "The restaurant opens again at five tomorrow if you want to call them.",
        ),
        ("storm-parcel-delay", "建议您明天早上九点以后再刷新一下物流看看。"),
        ("double-charge-pos", "您可以多留意一下手机银行，一般早上七点左右会出前一天的账单。"),
    ],
)
def test_opening_hours_and_times_to_look_again_are_no_time_given(
    scenarios: dict[str, Scenario], scenario: str, reply: str
) -> None:
    assert "concrete_time" not in _seen(scenarios[scenario], reply)


@pytest.mark.parametrize(
    ("scenario", "reply"),
    [
        ("storm-parcel-delay", "营业部明天上午十一点前给您送到。"),
        ("elderly-face-verification", "两个工作日之内社保站的工作人员会先给您打电话约上门。"),
    ],
)
def test_a_time_for_the_case_is_still_given(
    scenarios: dict[str, Scenario], scenario: str, reply: str
) -> None:
    assert "concrete_time" in _seen(scenarios[scenario], reply)


@pytest.mark.parametrize(
    ("scenario", "reply"),
    [
        ("medicine-dosage-question", "我这就把您转到执业药师，五分钟上下就能接通。"),
        ("broadband-outage-remote-worker", "我给您寄一个备用的4G路由器，明天中午上下就能送到。"),
    ],
)
def test_a_duration_with_shang_xia_is_an_estimate_given(
    scenarios: dict[str, Scenario], scenario: str, reply: str
) -> None:
    assert "concrete_time" in _seen(scenarios[scenario], reply)


@pytest.mark.parametrize(
    ("scenario", "reply"),
    [
        ("customs-held-parcel", "不好意思，您刚才已经说了，是我没留意。"),
        ("customs-held-parcel", "哎抱歉，您刚才已经说了，我的错，单子我这边调出来了。"),
        ("double-charge-pos", "您一开始就说过了，我的错，两笔我都看到了。"),
    ],
)
def test_a_slip_owned_is_not_thrown_back_at_the_customer(
    scenarios: dict[str, Scenario], scenario: str, reply: str
) -> None:
    seen = _seen(scenarios[scenario], reply)
    assert "dismissive" not in seen and "asked_again" not in seen


def test_the_customer_told_they_said_it_already_is_still_a_brush_off(scenarios: dict[str, Scenario]) -> None:
    assert "dismissive" in _seen(scenarios["customs-held-parcel"], "我刚才不是已经说过了吗？您怎么还问。")


@pytest.mark.parametrize(
    "reply",
    ["Could I start with your account number, please?", "Can I just take your account number first, thanks?"],
)
def test_a_polite_request_for_what_the_opening_gave_is_asking_again(
    scenarios: dict[str, Scenario], reply: str
) -> None:
    assert "asked_again" in _seen(scenarios["broadband-outage-remote-worker"], reply)


def test_the_customer_s_own_deadline_said_back_is_no_time_given(scenarios: dict[str, Scenario]) -> None:
    seen = _seen(
        scenarios["broadband-outage-remote-worker"],
        "I know you've got a project due on Friday, so I can imagine how stressful this has been.",
    )
    assert "concrete_time" not in seen and "empathy" in seen


@pytest.mark.parametrize(
    "reply", ["一下子多扣了一千多，这事放谁身上都得急。", "钱被多扣了，换谁身上都上火。"]
)
def test_anyone_in_their_place_is_empathy(scenarios: dict[str, Scenario], reply: str) -> None:
    assert "empathy" in _seen(scenarios["double-charge-pos"], reply)


@pytest.mark.parametrize(
    ("scenario", "reply"),
    [
        ("privacy-phone-request", "您可以先去派出所报警，让警察帮您查一下司机。"),
        ("storm-parcel-delay", "您可以直接打营业部的电话问一下他们。"),
        ("medicine-dosage-question", "说明书上写得挺细的，您先翻出来照着看看。"),
    ],
)
def test_the_customer_sent_to_see_to_it_themselves_is_shifting_it(
    scenarios: dict[str, Scenario], scenario: str, reply: str
) -> None:
    assert "shift_blame" in _seen(scenarios[scenario], reply)


@pytest.mark.parametrize(
    "reply",
    ["输密码的时候记得遮住键盘，别让旁人看到。", "Please cover the keypad when you type your PIN in."],
)
def test_a_tip_to_guard_the_pin_asks_for_nothing(scenarios: dict[str, Scenario], reply: str) -> None:
    assert "ask_secret" not in _seen(scenarios["double-charge-pos"], reply)


@pytest.mark.parametrize("reply", ["您把密码报给我，我帮您挡一下这笔交易。", "验证码是多少？"])
def test_a_request_for_the_pin_still_crosses_the_line(scenarios: dict[str, Scenario], reply: str) -> None:
    assert "ask_secret" in _seen(scenarios["double-charge-pos"], reply)


# -- an aside about something else beside the help -----------------------------------------------------
@pytest.mark.parametrize(
    ("scenario", "step", "reply"),
    [
        (
            "customs-held-parcel",
            "guide",
            "顺带闲聊一句，我外甥小时候也只认一个牌子的奶粉。咱们说回正事，您打开订单页点清关资料，把付款人的身份证信息补上就行。",
        ),
        (
            "elderly-face-verification",
            "home_visit",
            "我小时候我奶奶也总说手机上的东西看不懂，哈哈。言归正传，我给您约工作人员上门认证。",
        ),
        (
            "broadband-outage-remote-worker",
            "backup",
            "A free 4G backup router is going out to you by courier before 1 pm tomorrow. "
            "When I was a student I lived on library Wi-Fi for a whole year.",
        ),
        (
            "food-delivery-allergy-mixup",
            "safety_incident",
            "Sorry, my dog is barking in the background, just ignore him. I'm logging this as a safety incident now.",
        ),
    ],
)
def test_an_aside_beside_the_help_is_off_topic(
    scenarios: dict[str, Scenario], scenario: str, step: str, reply: str
) -> None:
    seen = _seen(scenarios[scenario], reply)
    assert step in seen and "off_topic" in seen


@pytest.mark.parametrize(
    ("scenario", "reply", "behaviour"),
    [
        # a sorry for one's own headset or dog feels nothing for the customer
        (
            "food-delivery-allergy-mixup",
            "Sorry, my dog is barking in the background, just ignore him. I'm logging this as a safety incident now.",
            "empathy",
        ),
    ],
)
def test_nothing_in_an_aside_counts_for_the_case(
    scenarios: dict[str, Scenario], scenario: str, reply: str, behaviour: str
) -> None:
    assert behaviour not in _seen(scenarios[scenario], reply)


@pytest.mark.parametrize(
    ("scenario", "reply"),
    [
        ("broadband-outage-remote-worker", "By the way, the £9.76 a day credit is now on your account."),
        ("refund-three-days-late", "对了，我已经帮您把退款加急了，今天下午五点前原路退回。"),
        ("food-delivery-allergy-mixup", "My team lead has signed off the full refund of £38.40."),
    ],
)
def test_a_word_on_the_case_said_in_passing_is_no_aside(
    scenarios: dict[str, Scenario], scenario: str, reply: str
) -> None:
    assert "off_topic" not in _seen(scenarios[scenario], reply)
