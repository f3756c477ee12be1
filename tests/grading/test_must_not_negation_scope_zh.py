"""A Chinese must_not phrasing said in other words is kept from counting by a negation in the clauses it is said
in, or by a later clause that only refuses the topic named before it ("……，这个不行"); a negation in a clause
of its own ("线下网点早就不办了") is not the match's."""

from __future__ import annotations

from support.shipped import criteria_by_id

from trainer.grading.offline.violations import _negation_scope

ELDERLY = "gov-elderly-medical-filing-07"


def test_a_negation_in_a_clause_of_its_own_does_not_cover_the_match():
    answer = "大爷，备案现在只能走线上，您在手机上自己办就行，街道那边没有这个窗口了。"
    assert criteria_by_id(ELDERLY, answer)["solution"].violation


def test_the_scope_is_the_matched_clause_and_a_bare_refusal_after_it():
    sentence = "用您家人的卡重新下一单，这样是不允许的"
    assert _negation_scope("用您家人的卡重新下一单", sentence) == sentence
    assert (
        _negation_scope("只能在手机上自己办", "只能在手机上自己办，线下网点早就不办了")
        == "只能在手机上自己办"
    )


def test_a_topic_named_then_refused_by_its_own_verb_stays_refused():
    sentence = "关于注销账户，在合同履行完之前没法注销"
    assert "没法注销" in _negation_scope("关于注销账户", sentence)


def test_the_channels_given_with_a_refusal_of_the_phone_are_no_violation():
    answer = (
        "大爷您别着急，手机上弄不好没关系，不一定非得在App上自己操作，您可以让子女用亲情账户帮您办，"
        "也可以带身份证去任意一个医保窗口现场办。"
    )
    assert not criteria_by_id(ELDERLY, answer)["solution"].violation
