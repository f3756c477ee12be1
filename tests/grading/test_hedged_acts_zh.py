"""A Chinese act left open with nothing decided (可以考虑, 视情况, 看能不能, 原则上可以, 后续再说) is not the act
done: it counts in part, where the same act committed to, even with 争取 and a time, counts in full."""

from __future__ import annotations

from support.shipped import criteria_by_id

from trainer.grading.offline.criteria import left_open

OPENING = "刘女士，让您久等了，实在对不起，下周一就要去上海会诊，您肯定着急。我查了，片子已经拍完，报告在医生审核环节。"
CLOSING = (
    "出来后会推送到您父亲的App账户，也可以在门诊一楼自助机打印。结果客服不能解读，报告出得晚不代表结果不好，"
    "请找开单医生解释。工单号MR-3321，今天17点前我给您回电。"
)
COMMITTED = OPENING + "我现在就联系影像科帮您提交加急，争取今天下午5点前出具。" + CLOSING
LEFT_OPEN = OPENING + "加急这块可以考虑帮您联系影像科提交加急，视情况而定。" + CLOSING

TRACED = (
    "李先生，次日达拖了三天，给父母的车厘子还没到，真的很抱歉。我查了，包裹最后一次扫描在杭州转运中心，"
    "之后四十多小时没有更新，这不正常。"
)
CLAIM_DONE = (
    TRACED + "我现在就帮您发起疑似丢件核查，下午5点前回复您；24小时内找不到就按丢件理赔，按保价600元赔付。"
)
CLAIM_OPEN = TRACED + "丢件核查的话看能不能帮您发起，原则上可以按保价赔付，后续再说。"


def test_the_act_committed_to_earns_it():
    assert criteria_by_id("med-report-delay-01", COMMITTED)["solution"].score == 3
    assert criteria_by_id("logi-cold-chain-delay-01", CLAIM_DONE)["solution"].score == 4


def test_the_act_left_open_does_not():
    assert criteria_by_id("med-report-delay-01", LEFT_OPEN)["solution"].score <= 2
    assert criteria_by_id("logi-cold-chain-delay-01", CLAIM_OPEN)["solution"].score <= 1


def test_a_polite_hedge_beside_the_act_leaves_it_done():
    said = COMMITTED.replace("争取今天下午5点前出具。", "争取今天下午5点前出具，其他的后续再说。")
    assert criteria_by_id("med-report-delay-01", said)["solution"].score == 3


def test_a_time_makes_an_effort_a_commitment():
    assert not left_open("视情况我明天上午10点前给您回电")
    assert not left_open("争取今天18点前给您结果")
    assert left_open("退款的话可以考虑帮您申请")
    assert left_open("赔多少要视情况而定")
