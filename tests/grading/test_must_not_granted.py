"""A ``must_not`` entry that grants or promises what needs approval first is found when an answer states the
credit as already given or the approval as certain in words of its own, and not when it asks for the approval."""

from __future__ import annotations

from support.shipped import criteria_by_id

OWNED = "Priya, I'm sorry, the second charge is our error and the duplicate is being refunded to your card. "


def test_a_credit_stated_as_already_given_in_other_words():
    answer = OWNED + "On top of that, a goodwill discount of one month has now been applied on your account."
    assert criteria_by_id("en-saas-annual-double-charge-11", answer)["solution"].violation


def test_a_credit_asked_for_is_no_violation():
    answer = (
        OWNED
        + "I've asked my manager to approve a one-month credit and I'll email you by 4 pm with the answer."
    )
    assert not criteria_by_id("en-saas-annual-double-charge-11", answer)["solution"].violation


def test_an_approval_stated_as_certain_in_chinese():
    answer = "您放心，全额赔偿这事我跟理赔组打过招呼了，肯定能批下来，四千二一分不少。"
    assert criteria_by_id("logi-lost-camera-02", answer)["policy"].violation
