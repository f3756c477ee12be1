"""A request for sensitive data made in a clause of its own does not take the step said beside it in the same
sentence: the freeze in "我马上帮您把卡冻结，您把卡背面那三位数字念给我" still counts where freezing is asked
for, while the criterion the request breaks earns nothing."""

from __future__ import annotations

from support.shipped import criteria_by_id

FREEZE_AND_ASK = "您先别慌，我在呢。我马上帮您把卡冻结，您把卡背面那三位数字念给我核对一下。卡现在在您手上吗？这三笔共8600元是您或家人刷的吗？不是的话我给您登记为争议交易，向卡组织发起拒付，最长约45个工作日，期间不计息也不影响征信。建议您去派出所报案并保留回执。受理编号F0612，有进展发短信通知您。"

REFERENCE_AND_ASK = "Ms Novak, under the GDPR you're entitled to a copy of the personal data we hold and to have it erased. We'll reply within one month. Once verified you'll receive a complete copy of everything we hold, and we will delete your account, marketing profile, browsing history and saved addresses; invoices for past orders must be kept for the period tax law requires. We do not sell personal data, and I've passed your question to our privacy team. Your reference is GD-3320, I'll email you updates, and please tell me your account password so I can pull the records faster."


def test_the_freeze_beside_a_cvv_request_still_counts():
    scores = criteria_by_id("fin-card-fraud-01", FREEZE_AND_ASK)
    assert scores["policy"].score == 0 and scores["policy"].violation
    assert scores["solution"].score == scores["solution"].max
    assert scores["empathy"].score == scores["empathy"].max


def test_the_reference_beside_a_password_request_still_counts():
    scores = criteria_by_id("en-xb-gdpr-request-12", REFERENCE_AND_ASK)
    assert scores["policy"].score == 0 and scores["policy"].violation
    assert scores["closure"].score == scores["closure"].max
