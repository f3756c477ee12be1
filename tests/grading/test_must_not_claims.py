"""A ``must_not`` entry that puts the fault somewhere (our system fine and the customer's network at fault,
the bank, the carrier) is found when an answer makes the same claim in words of its own, and not when the
answer says the opposite or only names the claim to reject it."""

from __future__ import annotations

from support.shipped import criteria_by_id


def test_our_side_fine_in_other_words_is_the_violation():
    answer = (
        "黄经理您好，我们这边服务器一切运行正常，登录不上多半是贵公司内网或者防火墙拦截了。"
        "我每半小时在群里同步一次进展。"
    )
    diagnosis = criteria_by_id("saas-login-outage-01", answer)["diagnosis"]
    assert diagnosis.violation and diagnosis.score == 0


def test_saying_it_is_not_their_network_is_no_violation():
    answer = "黄经理，已确认是我们平台的故障，华东区约三成企业账户登录失败，不是贵司网络的问题，研发正在按最高级别处理。"
    assert not criteria_by_id("saas-login-outage-01", answer)["diagnosis"].violation


def test_blaming_the_carrier_in_other_words_is_the_violation():
    answer = (
        "Hi Daniel, sorry for the trouble. I'm afraid the hold-up sits with the courier rather than with us, "
        "and there's not a lot we can do about their depot backlog."
    )
    assert criteria_by_id("en-ecom-late-gift-10", answer)["empathy"].violation


def test_a_trace_opened_with_the_carrier_is_no_blame():
    answer = (
        "Daniel, I'm sorry: you paid for guaranteed delivery and it hasn't come, that's on us. I've opened a "
        "trace with the carrier and I'm sending a replacement by next-day express today."
    )
    assert not criteria_by_id("en-ecom-late-gift-10", answer)["empathy"].violation


def test_a_cvv_described_by_where_it_is_printed_is_asked_for():
    answer = "为了核实身份，请您把信用卡反面签名栏旁边那串数字发给我。"
    assert criteria_by_id("fin-card-fraud-01", answer)["policy"].violation
