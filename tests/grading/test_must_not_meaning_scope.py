"""A must_not phrasing said in other words counts where its own words carry no negation: in English a
negation elsewhere in the sentence ("without you needing to ask") is not the match's."""

from __future__ import annotations

from support.shipped import criteria_by_id

OWNED = "Priya, I'm sorry, the second charge is our error and the duplicate is being refunded. "


def test_a_negation_elsewhere_in_the_sentence_is_not_the_match_s():
    answer = OWNED + "We've applied a month of credit already, without you needing to ask."
    assert criteria_by_id("en-saas-annual-double-charge-11", answer)["solution"].violation


def test_the_credit_negated_in_its_own_words_is_no_violation():
    answer = OWNED + "We haven't applied a month of credit yet: I've asked my manager to approve it."
    assert not criteria_by_id("en-saas-annual-double-charge-11", answer)["solution"].violation
