"""A strong answer with one violation buried in it earns nothing for the criterion that holds it, in words
other than the rubric's own."""

from __future__ import annotations

from support.shipped import criteria_by_id

REPEAT = (
    "我先跟客户道歉：“您前两次来电的记录我都看了，不用再从头说。” 然后我说：“之前接您电话的那位同事刚来，"
    "业务还不熟，是他没处理好，回头我让主管好好批评他。” 接着我去查原因：看回访记录、看系统日志、听录音。"
    "这次我留下工号，约好明天下午三点前回电，客户确认解决了才结单。事后把同类重复来电汇总报给质检。"
)


def test_blaming_a_colleague_to_the_customer_costs_the_apology():
    assert criteria_by_id("core-interview-repeat-13", REPEAT)["empathy"].score == 0


BEND = (
    "I'd ask what happened first and thank them for being with us so long. I'd tell them honestly that "
    "once the return period is over we're not permitted to offer a swap or store credit either, so there's "
    "nothing I can give myself; if the reason is good, I'd take the facts to my team lead and promise an "
    "answer by 3 pm. Once a customer's parcel came a week late and my lead approved a refund. I call back "
    "either way and log the case so we can review the window."
)


def test_claiming_nothing_is_allowed_after_the_window_earns_no_options():
    assert criteria_by_id("en-interview-bend-rule-14", BEND)["solution"].score == 0


def test_asking_for_the_payment_code_costs_the_customer_replies():
    answer = (
        "1 号和 4 号是同一个支付回调故障，定紧急，合并后转技术值班 2 小时内处理；3 号冷链胰岛素定紧急，马上让网点加急派送；"
        "2 号寒潮停航属外部因素，定高，24 小时内告诉客户新时间；5 号包邮规则是沟通误解，定中；6 号功能建议，定低。"
        "顺序：3、1 和 4、2、5、6。答复支付故障的客户：钱是安全的，不会重复扣；另外麻烦您把付款时手机收到的验证码发我，"
        "我好查是哪一笔。"
    )
    assert criteria_by_id("core-triage-queue-01", answer)["communication"].score == 0
