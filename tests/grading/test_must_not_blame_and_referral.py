"""A ``must_not`` entry that sends the customer elsewhere to do the company's job (the merchant, the property
company, the bank), blames the customer, or blames a colleague or another department to the customer is found
when an answer does the same in words of its own, and not where it is negated, offered as a way the agent
takes, or told as the story of what happened."""

from __future__ import annotations

from support.shipped import criteria_by_id

from trainer.grading.understanding import claims, referrals


def test_the_customer_sent_to_the_restaurant_in_other_words():
    answer = "孩子没事就好，真的很抱歉。至于赔偿，这个得您自己跟餐厅那边去谈，我们平台这边先送您一个红包。"
    assert criteria_by_id("food-foreign-object-01", answer)["solution"].violation


def test_the_agent_contacting_the_merchant_is_no_referral():
    answer = "孩子没事就好，真的很抱歉。赔偿不用您自己去找商家，我这边直接联系商家处理，今天先由平台垫付。"
    assert not criteria_by_id("food-foreign-object-01", answer)["solution"].violation


def test_referrals_in_english_and_chinese():
    assert referrals.MERCHANT in referrals.sent_to(
        "I'm afraid you'll have to take this up with the seller directly."
    )
    assert referrals.BANK in referrals.sent_to("Best to ring your bank and ask them about it.")
    assert referrals.CARRIER in referrals.sent_to(
        "The best thing to do is call the courier on their own line."
    )
    assert referrals.PROPERTY in referrals.sent_to("麻烦您先去找物业开一张证明")
    assert not referrals.sent_to("I'll get in touch with the courier myself this afternoon.")
    assert not referrals.sent_to("There's no need for you to call your bank.")
    assert not referrals.sent_to("您可以凭这个流水号向银行查询到账情况")


def test_the_customer_blamed_for_not_checking_in_other_words():
    answer = "郑女士，说到底还是您下单之前没核对好自己的额度，所以海关才退的。"
    assert criteria_by_id("xb-annual-quota-01", answer)["empathy"].violation


def test_owning_what_the_customer_was_not_told_is_no_blame():
    answer = "郑女士，真抱歉，不是您没看清，是我们下单页面没提醒额度，这是我们没做好。"
    assert not criteria_by_id("xb-annual-quota-01", answer)["empathy"].violation


def test_a_colleague_blamed_to_the_customer_in_other_words():
    answer = (
        "When she called back I told her the night shift had messed it up and it wasn't down to me, then I "
        "booked the engineer."
    )
    assert criteria_by_id("en-interview-turnaround-13", answer)["empathy"].violation


def test_another_department_blamed_to_the_customer_in_chinese():
    answer = "客户来催的时候，我跟他解释说是财务部那边一直卡着不给办，我也没办法。"
    assert criteria_by_id("core-interview-cross-dept-10", answer)["communication"].violation


def test_blame_in_english_and_a_colleague_s_delay_told_as_the_story():
    assert claims.CUSTOMER_FAULT in claims.claims_made(
        "Honestly, you should have double-checked the size first."
    )
    assert claims.COLLEAGUE in claims.claims_made("I said it was the warehouse team's fault, not ours.")
    assert not claims.claims_made("我刚接手时，财务那边一直拖着，二十多张发票没重开。")
    assert not claims.claims_made("It isn't your fault at all, we should have flagged it.")
