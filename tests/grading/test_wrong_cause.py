"""A criterion whose 0 level is a wrong cause ("No explanation, or a wrong one", "说错原因"): an answer that does
not give the cause the key points fix and gives one of its own in the sentence nearest to it earns nothing
there and says why; the right cause, or no cause at all, is judged as before."""

from __future__ import annotations

from support.shipped import criteria_by_id

from trainer.grading.offline.acts import states_cause

RENEWAL = (
    "Priya, I'm sorry. Payroll blocked by a duplicate renewal, and the second billing slip this year, is on "
    "us. I checked: we took 4,800 twice on June 1{cause}. I've refunded the second charge; card refunds take "
    "5 to 10 business days to show, and billing will send a refund confirmation for your bank today. Your "
    "case is BL-2290 and I'll call you on Thursday. I've raised it with engineering as a billing incident."
)


def test_an_invented_cause_of_the_double_charge_earns_no_explanation():
    said = criteria_by_id(
        "en-saas-annual-double-charge-11",
        RENEWAL.format(
            cause=", because the renewal form on our website was submitted twice when you clicked it"
        ),
    )
    assert said["diagnosis"].score == 0
    assert "another cause" in said["diagnosis"].violation


def test_the_retry_after_a_timeout_keeps_the_explanation():
    said = criteria_by_id(
        "en-saas-annual-double-charge-11",
        RENEWAL.format(
            cause=", because our system retried the payment after a timeout although the first one went through"
        ),
    )
    assert said["diagnosis"].score == 2 and not said["diagnosis"].violation


def test_no_cause_at_all_is_not_a_wrong_cause():
    said = criteria_by_id("en-saas-annual-double-charge-11", RENEWAL.format(cause=""))
    assert not said["diagnosis"].violation


QUOTA = (
    "郑女士，等了三天却没过关，真对不起。我查了您的订单，{cause}。借用家人的身份重新下单不行，海关要求下单人和付款人是同一人，"
    "借用他人身份属于违规。您可以选全额退款含税费，五个工作日内退回；也可以改买国内现货，明天发出。"
)


def test_a_customs_failure_put_on_a_wrong_cause_earns_no_explanation():
    said = criteria_by_id(
        "xb-annual-quota-01", QUOTA.format(cause="没过关是因为您身份证上的名字和收件人对不上")
    )
    assert said["diagnosis"].score == 0


def test_the_annual_quota_said_as_the_cause_is_not_a_wrong_cause():
    said = criteria_by_id(
        "xb-annual-quota-01",
        QUOTA.format(cause="没过关是因为年度额度不够：每人每年限额26000元，您今年已用24300元"),
    )
    assert not said["diagnosis"].violation and said["diagnosis"].score >= 1


def test_a_cause_is_given_by_a_causal_link_in_either_language():
    assert states_cause("so when the renewal ran, each saved card was charged")
    assert states_cause("是系统重复提交导致的")
    assert not states_cause("so your limit will be free for payroll")
