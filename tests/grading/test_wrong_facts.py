"""A time limit, duration or sum said for the same thing a key point fixes with another value does not meet
the key point; where the criterion's 0 level speaks of times or sums, the criterion earns nothing and says
why."""

from __future__ import annotations

from support.shipped import criteria_by_id

from trainer.grading.offline import facts

# --- the comparison itself ----------------------------------------------------------------------------


def test_another_duration_for_the_same_act_is_misstated():
    name, phrasings = "三个工作日内办结", ("三个工作日内办结", "3个工作日内办好", "三天内给您办完")
    got = facts.misstated(name, phrasings, ["材料齐了以后大约要两个月才能办结。"])
    assert got is not None and "两个月" in got.said


def test_the_same_span_in_other_words_agrees():
    name, phrasings = "三个工作日内办结", ("三个工作日内办结", "3个工作日内办好")
    assert facts.misstated(name, phrasings, ["材料齐了以后，最迟 3 个工作日就办结。"]) is None


def test_a_time_for_another_act_is_not_compared():
    name, phrasings = "三个工作日内办结", ("三个工作日内办结", "3个工作日内办好")
    assert facts.misstated(name, phrasings, ["我半小时内给您回电话。"]) is None


def test_a_value_inside_the_range_agrees_and_one_outside_does_not():
    name = "Honest payout timing"
    phrasings = (name, "payouts arrive in 3 to 5 business days", "it can take up to five working days")
    assert facts.misstated(name, phrasings, ["Your payout arrives in four business days."]) is None
    assert facts.misstated(name, phrasings, ["Your payout arrives within 2 hours."]) is not None


def test_a_bare_deadline_is_compared_with_any_clause_but_a_call_back():
    name, phrasings = "Within thirty days", ("Within thirty days", "no later than thirty days")
    assert facts.misstated(name, phrasings, ["We'll phone you within 2 hours."]) is None
    got = facts.misstated(name, phrasings, ["The full file reaches you within six months."])
    assert got is not None and got.said == "within six months"


def test_a_day_to_come_against_a_span():
    name, phrasings = "一个工作日内批下来", ("一个工作日内批下来",)
    assert facts.misstated(name, phrasings, ["交了以后第二天就批下来。"]) is None
    assert facts.misstated(name, phrasings, ["交了以后要等两周才能批下来。"]) is not None


def test_the_fact_said_right_somewhere_is_not_misstated():
    name, phrasings = "五个工作日内到账", ("五个工作日内到账",)
    said = ["钱五个工作日内到账。", "要是一个月都没到账，您再找我。"]
    assert facts.misstated(name, phrasings, said) is None


def test_a_call_back_time_is_the_agents_own_choice():
    name, phrasings = "下午四点前回电", ("下午四点前回电", "四点前给您打电话")
    assert facts.fixed_times(name, phrasings) == ()


def test_a_zero_level_about_times_or_sums_makes_the_fact_central():
    assert facts.central("没有说明办理时限，或说的时限与事实不符")
    assert facts.central("Promises the money back today")
    assert not facts.central("没有方案")


# --- shipped questions, in other words than any evaluation answer -------------------------------------

ELDERLY = (
    "何大爷，别着急，手机上弄不明白很正常，我帮您把这事办成。您是本市医保，要去广州住一段时间对吧？"
    "最省事的是让女儿在她手机上用亲情账户帮您办；不方便的话带身份证去社区旁边的医保窗口，工作人员手把手帮您。"
    "材料就两样：身份证，外加一份异地居住承诺书，承诺书在网上就能签。{time}"
    "步骤我发短信给您，工单号 0621-2207，大后天我打电话问问办好没有，办不成我去找医保中心。"
)


def test_elderly_filing_with_the_right_time_earns_the_communication_criterion():
    said = criteria_by_id("gov-elderly-medical-filing-07", ELDERLY.format(time="交上去一般隔天就办好。"))
    assert said["communication"].score == 3


def test_elderly_filing_with_a_wrong_time_earns_nothing_there_and_says_why():
    said = criteria_by_id(
        "gov-elderly-medical-filing-07", ELDERLY.format(time="交上去一般要等一个月才办好。")
    )
    assert said["communication"].score == 0
    assert "时限" in said["communication"].violation and "一个月" in said["communication"].violation
    assert said["closure"].score == 2  # the rest keeps what it earns


DOUBLE_CHARGE = (
    "Priya, I'm sorry. A duplicate renewal that eats into the card limit you need for payroll, and the "
    "second billing slip this year, is on us, and I understand why you'd think about leaving. I checked: "
    "we took 4,800 twice on June 1, because our system retried the payment after a timeout although the "
    "first one had gone through. I've refunded the second charge. {timing} Billing will send you a refund "
    "confirmation and a letter for your bank today. I've asked my manager to approve a month of service "
    "credit and will confirm by 5 pm. Your case is BL-1187; I'll check in on Friday. I've escalated the "
    "retry bug to engineering as a billing incident so billing can look for other customers it hit."
)


def test_double_charge_with_honest_timing_keeps_the_solution():
    said = criteria_by_id(
        "en-saas-annual-double-charge-11",
        DOUBLE_CHARGE.format(timing="Card refunds take 5 to 10 business days to show."),
    )
    assert said["solution"].score == 4


def test_double_charge_promising_the_refund_in_two_days_earns_no_solution():
    said = criteria_by_id(
        "en-saas-annual-double-charge-11",
        DOUBLE_CHARGE.format(timing="The refund will show on your card within two days."),
    )
    assert said["solution"].score == 0
    assert "within two days" in said["solution"].violation
    assert said["closure"].score == 2


GDPR = (
    "Hello Ms Novak, you can have both: the GDPR gives you the right to a copy of your personal data and "
    "the right to have it erased. First we check it's really you, so please click the confirmation link "
    "we've just emailed to the address on your account. When that's done, our team will send your data "
    "export {deadline} and then remove your account, your marketing profile, what you browsed and the "
    "addresses you saved. Invoices stay, because tax rules make us keep them for some years, only for "
    "tax, then they go. We never sell customer data; our privacy team will write to you about the "
    "providers who process it. Reference DSR-7781, and you'll get an email at each step."
)


def test_gdpr_deadline_said_wrong_costs_the_policy_criterion_a_point():
    right = criteria_by_id("en-xb-gdpr-request-12", GDPR.format(deadline="within a month"))["policy"]
    wrong = criteria_by_id("en-xb-gdpr-request-12", GDPR.format(deadline="within 90 days"))["policy"]
    assert right.score == 3
    assert wrong.score <= 2 and "Within one month" in wrong.rationale


DELETION = (
    "孙女士您好，被推销电话烦成这样，换谁都担心信息是不是漏了。您要查、要复印、要删，这些都是法律给您的权利。"
    "我先给您手机发个验证码，确认是您本人再往下办。副本这块，受理后{deadline}整理好发到您 App 的消息里；"
    "通讯录和相册的授权您在设置里就能关，已经传上来的我们删掉，删完给您书面说明；借款合同和还款记录监管要求得留着，"
    "只用于法定用途。推销电话我转给信息安全部门去查，您的受理号是 PI-2231，办完短信告诉您。"
)


def test_data_request_deadline_said_as_two_months_is_a_wrong_time():
    said = criteria_by_id("fin-data-deletion-09", DELETION.format(deadline="两个月内"))["policy"]
    assert said.score <= 2 and "15个工作日内答复" in said.rationale


CAMERA_SUM = (
    "赵先生，镜头是在我们转运中心弄丢的，这是我们的错，真对不起。按您寄件时确认的条款，没保价的快件丢了，"
    "按实际损失赔，但{cap}。我会把情况提交理赔专员复核，您把购买凭证发给我，3 个工作日内给您结果；"
    "对结果有异议，可以向邮政管理部门申诉。网点负责人今天 18 点前用网点座机给您回电，工单号 YT1102-331。"
)


def test_a_wrong_cap_on_compensation_earns_nothing_for_the_terms():
    right = criteria_by_id("logi-lost-camera-02", CAMERA_SUM.format(cap="最多赔运费的 7 倍，也就是 161 元"))
    wrong = criteria_by_id("logi-lost-camera-02", CAMERA_SUM.format(cap="最多赔 300 元"))
    assert right["policy"].score >= 2
    assert wrong["policy"].score == 0 and "金额" in wrong["policy"].violation
