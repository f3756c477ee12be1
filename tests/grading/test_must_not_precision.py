"""A must_not phrasing is said only where its act is: most of its letters around another act are not it, and
a clause that refuses it is not undone by a double negative in the next clause."""

from __future__ import annotations

from support.shipped import criteria_by_id

VERIFIED_FIRST = (
    "Ms Novak, under the GDPR you're entitled to a copy of your data and to its erasure. We've emailed a secure "
    "verification link to the address on file; once you confirm through it, we'll reply within one month. "
    "In the meantime I've already taken your account off all our newsletters, so no more promotions will "
    "reach you."
)


def test_another_act_on_the_account_is_not_acting_before_verification():
    scores = criteria_by_id("en-xb-gdpr-request-12", VERIFIED_FIRST)
    assert not scores["policy"].violation and not scores["solution"].violation


def test_deleting_the_account_before_verification_still_is():
    answer = VERIFIED_FIRST.replace(
        "In the meantime I've already taken your account off all our newsletters",
        "To save time I've deleted your account together with everything on it",
    )
    assert criteria_by_id("en-xb-gdpr-request-12", answer)["policy"].violation


def test_a_refusal_is_not_undone_by_a_double_negative_after_it():
    answer = (
        "孙女士，查阅、复制和删除都是您的权利，我先发验证码核一下身份。通讯录和照片您可以在设置里关掉授权，已上传的我们删除。"
        "借款记录这块确实删不了，不是我不给您删，借款合同按监管要求必须保存到法定年限。"
    )
    assert not criteria_by_id("fin-data-deletion-09", answer)["solution"].violation


def test_promising_to_delete_the_loan_records_still_is():
    answer = "孙女士，通讯录和照片我们删除，借款记录也给您删了，以后什么都不会留。"
    assert criteria_by_id("fin-data-deletion-09", answer)["solution"].violation
