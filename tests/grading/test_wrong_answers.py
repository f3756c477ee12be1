"""Answers that are fluent, on topic and wrong in substance, written for these tests the way candidates
write them (not taken from the evaluation sets): the criteria they get wrong earn at most 20 % of their
maximum, and the feedback says why. The same points said the right way still earn their credit."""

from __future__ import annotations

import pytest

from tests.support.shipped import criteria_by_id

_score = criteria_by_id


def test_talking_the_customer_out_of_a_complaint_earns_nothing_for_respecting_it():
    by_id = _score(
        "core-interview-beyond-authority-09",
        "我会先让客户把情况说完，问清楚买的是什么、坏在哪里，再为给他添的麻烦道歉。然后我会劝他：12315 那边"
        "流程很长，材料也多，最后多半还是退款，您就别去投诉了，咱们这边直接给您办更快。退款我按权限先办上，"
        "三倍赔偿我去问问主管，今天下班前给他回电话，并把这件事记进工单。",
    )
    closure = by_id["closure"]
    assert closure.score <= 0.2 * closure.max
    # the reason shown: the rubric's must_not on dissuading, or the key point said the opposite way
    assert (closure.violation and closure.violation in closure.rationale) or (
        "尊重投诉权不劝阻" in closure.rationale and "相反" in closure.rationale
    )


def test_sending_the_customer_to_her_bank_earns_nothing_for_the_refund():
    by_id = _score(
        "en-saas-annual-double-charge-11",
        "Hi Priya, I'm sorry for the trouble this has caused with payroll. I checked your account and there "
        "are two entries for the renewal on June 1. Sometimes a card shows a pending hold after a payment "
        "retries, and it usually disappears by itself, so it might not be a real second charge. I'd recommend "
        "contacting your bank first to see whether both payments actually went through. If it turns out both "
        "were taken, get back to us and we'll submit a refund request to billing.",
    )
    solution = by_id["solution"]
    assert solution.score <= 0.2 * solution.max
    assert (solution.violation and solution.violation in solution.rationale) or (
        "Refund the duplicate now" in solution.rationale and "opposite" in solution.rationale
    )
    # doubting the second charge is not confirming it
    assert "Two charges confirmed" not in by_id["diagnosis"].rationale.split("opposite of:")[0]


def test_asking_the_customer_to_send_it_back_first_and_pay_the_postage_earns_nothing_for_the_exchange():
    by_id = _score(
        "ecom-wrong-item-06",
        "陈先生，很抱歉给您添麻烦了。我查了订单，您买的是256G蓝色，收到的是128G灰色。麻烦您先把收到的这台"
        "寄回来，寄回的运费您先自己垫一下，仓库收到货检查没问题后我们再给您发新的，大概三到五天。生日可能来不"
        "及了，您看能不能先跟孩子说一声。",
    )
    solution = by_id["solution"]
    assert solution.score <= 0.2 * solution.max
    assert "错机不用先寄回" in solution.rationale and "相反" in solution.rationale


def test_a_fault_admitted_only_on_condition_is_not_admitted():
    by_id = _score(
        "ecom-wrong-item-06",
        "您好，这边看到您反映收到的规格不对。如果确认是我们仓库发错了，我们会按流程给您处理，"
        "您先在订单页提交售后申请，审核通过后安排换货。",
    )
    empathy = by_id["empathy"]
    assert empathy.score <= 0.2 * empathy.max
    assert "说法与要求相反：承认错发、责任在我们" in empathy.rationale
    assert "答到" not in empathy.rationale


def test_the_same_points_said_the_right_way_still_count():
    by_id = _score(
        "ecom-wrong-item-06",
        "陈先生，真对不起，是我们发错了货。我马上给您加急补发一台 256G 蓝色的，今晚送到；发错的那台不用您先"
        "寄回，快递员送新机时当面取走，运费我们出。",
    )
    assert "错机不用先寄回、上门取走、运费我们出" in by_id["solution"].rationale
    assert "相反" not in by_id["solution"].rationale
    by_id = _score(
        "core-interview-beyond-authority-09",
        "他提到 12315，那是他的权利，我不会劝他别投诉，也不会说投诉没用；我会按时回电告知结果，并记录工单。",
    )
    assert by_id["closure"].score == by_id["closure"].max


def test_a_must_not_said_in_other_words_sets_its_criterion_to_zero_with_the_reason():
    # "请检查一下贵司的网络" said as "让他们公司的 IT 查查网络": no phrasing of the rubric is in it word for word
    answer = "您好，登录不上确实耽误事。我会先请客户清一下浏览器缓存，或者让他们公司的 IT 查查网络。"
    by_id = _score("saas-login-outage-01", answer)
    diagnosis = by_id["diagnosis"]
    assert diagnosis.score == 0
    assert diagnosis.violation and diagnosis.violation in diagnosis.rationale
    assert diagnosis.evidence in answer and "IT" in diagnosis.evidence


def test_a_must_not_refused_or_turned_around_is_not_a_violation():
    for question_id, answer in (
        ("saas-login-outage-01", "我不会让客户去查他们公司的网络，这次是我们系统的故障。"),
        ("food-foreign-object-01", "赔偿这块平台先处理，不用您跟商家协商，我先把 46 元全额退给您。"),
    ):
        assert not any(c.violation for c in _score(question_id, answer).values()), answer


def test_a_refund_offered_only_if_the_charge_turns_out_real_is_not_a_refund():
    by_id = _score(
        "en-saas-annual-double-charge-11",
        "Hi Priya, sorry about this. If it does turn out that you were billed twice for the renewal, we'll "
        "refund the second charge and let you know.",
    )
    solution = by_id["solution"]
    assert solution.score <= 0.2 * solution.max
    assert "opposite" in solution.rationale and "Refund the duplicate now" in solution.rationale


def test_another_sum_of_money_than_the_rubric_allows_is_not_the_key_point():
    by_id = _score(
        "food-missing-dish-02",
        "吴先生，真对不起，少了一道剁椒鱼头。我先给您把整单 168 元都退了，再送您一个 50 元的红包。",
    )
    solution = by_id["solution"]
    assert solution.score <= 0.2 * solution.max
    assert "退这道菜68元" not in solution.rationale.split("；")[-1] or "相反" in solution.rationale
    # the right sums still count
    by_id = _score("food-missing-dish-02", "剁椒鱼头的 68 元我先退给您，另外给您发一个 10 元红包表示歉意。")
    assert "15元以内红包" in by_id["solution"].rationale and "相反" not in by_id["solution"].rationale


def test_promising_first_and_asking_the_supervisor_afterwards_is_not_asking_first():
    by_id = _score(
        "core-interview-beyond-authority-09",
        "我会先听客户讲完，然后直接答应他：“三倍赔偿没问题，我保证这周就给您赔到位。”先答应下来把他稳住，"
        "挂了电话我再去找主管申请，今天下班前回电话告诉他。",
    )
    solution = by_id["solution"]
    assert solution.score <= 0.2 * solution.max
    assert solution.violation or "坦白超出权限并马上申请" in solution.rationale


def test_asking_for_the_cvv_and_sms_code_in_other_words_is_a_must_not():
    by_id = _score(
        "fin-card-fraud-01",
        "张先生您先别急，我先帮您核一下身份。麻烦您把卡背面那几位数念给我，再把手机上刚收到的那串数字"
        "报一下，我这边对上了就马上帮您查这三笔交易，并且提醒您，这类信息平时要保管好。",
    )
    policy = by_id["policy"]
    assert policy.score == 0
    assert policy.violation and "敏感信息" in policy.violation


def test_asking_for_a_password_in_a_list_of_documents_is_a_must_not():
    by_id = _score(
        "fin-data-deletion-09",
        "孙女士您好，为了保护您的信息，我们需要先核验身份：请把身份证正反面照片和 App 的登录密码一起发到"
        "客服邮箱，我们核对后为您受理，15 个工作日内答复。查阅、复制、删除个人信息都是您的权利。",
    )
    assert by_id["policy"].score == 0
    assert "登录密码" in by_id["policy"].violation


def test_asking_an_english_cardholder_for_the_digits_on_the_back_is_asking_for_the_cvv():
    from trainer.grading.understanding import sensitive

    assert sensitive.asks_for("Could you read me the three digits on the back of the card?") == {"cvv"}
    assert sensitive.asks_for("And what's the code we just texted you?") == {"sms_code"}
    assert not sensitive.asks_for("We will never ask for the code we texted you, so don't share it.")
    assert not sensitive.asks_for("如果有人让您报卡背面的三位数，那一定是诈骗。")


def test_telling_the_cardholder_we_never_ask_for_codes_keeps_its_credit():
    by_id = _score(
        "fin-card-fraud-01",
        "张先生您先别慌，我先按流程核对一下您的身份信息。提醒您一句：银行不会问您要密码、卡背面的三位数和"
        "短信验证码，这些谁问都别告诉。",
    )
    assert by_id["policy"].score == by_id["policy"].max
    assert not by_id["policy"].violation


def test_talking_the_cardholder_out_of_freezing_the_card_earns_nothing_for_freezing_it():
    by_id = _score(
        "fin-card-fraud-01",
        "张先生您好，这几笔境外扣款很多是预授权，过几天会自动撤销。您先别急着冻结，冻结了反而要重新补卡，"
        "卡片可以先继续用，我这边先帮您把这三笔登记为争议交易，五天后还没撤销您再打过来。",
    )
    solution = by_id["solution"]
    assert solution.score <= 1  # the dispute registered earns its own part, freezing nothing
    assert "说法与要求相反：立即挂失冻结" in solution.rationale


def test_freezing_the_card_at_once_keeps_its_credit():
    from trainer.grading.understanding import stance

    concept = ("立即挂失冻结", "马上把卡冻结", "先给您挂失")
    assert (
        stance.opposes(concept, "No need to cancel the card yet, let's watch it for a few days.") == "protect"
    )
    assert stance.opposes(("Freeze the card now",), "I've frozen your card right away.") == ""
    assert stance.opposes(concept, "您先别慌，我马上给您挂失，卡冻结后就不会再被刷。") == ""
    assert stance.opposes(concept, "先别报警，也先不用挂失，我们观察几天。") == "protect"
    by_id = _score(
        "fin-card-fraud-01",
        "张先生您先别慌，我现在马上帮您把卡冻结，冻结以后就不会再被刷了。",
    )
    assert "立即挂失冻结" not in by_id["solution"].missing


def test_freezing_the_card_only_once_a_police_receipt_is_brought_is_putting_it_off():
    from trainer.grading.understanding import stance

    concept = ("立即挂失冻结", "马上把卡冻结", "先给您挂失")
    assert stance.opposes(concept, "您先去派出所报案，有了立案回执之后才能给您办挂失。") == "protect"
    assert stance.opposes(concept, "冻结得先等您报警立案，您先去一趟派出所。") == "protect"
    assert stance.opposes(concept, "我们凭报案证明给您停卡。") == "protect"
    assert (
        stance.opposes(("Freeze the card now",), "We can freeze the card once you've got a police report.")
        == "protect"
    )
    # freezing first and reporting afterwards is no putting off
    assert stance.opposes(concept, "我现在就给您冻结，天亮后请去报警，回执拍照留好。") == ""
    assert stance.opposes(concept, "卡已经冻结了，拿到报案回执后再补交给我们做证明。") == ""


def test_repeating_the_supervisor_s_instruction_is_not_talking_to_the_supervisor():
    by_id = _score(
        "core-interview-cover-up-11",
        "我理解主管这么要求，大概是担心客户恐慌、来电量暴增。主管让我们统一口径说是用户网络问题，我作为新人"
        "就先照着执行，说得委婉一点，等这阵忙完再看。",
    )
    communication = by_id["communication"]
    assert communication.score <= 0.2 * communication.max
    assert "说法与要求相反：私下和主管沟通" in communication.rationale


def test_raising_it_with_the_supervisor_keeps_its_credit_beside_his_instruction():
    from trainer.grading.understanding import stance

    concept = ("私下和主管沟通", "先私下和主管沟通", "找主管单独聊")
    assert stance.opposes(concept, "My manager told us to say it was their network.") == "voice"
    assert stance.opposes(concept, "I'd talk to my manager privately before the next call.") == ""
    by_id = _score(
        "core-interview-cover-up-11",
        "主管让我们统一说是用户网络问题，这句话我不会对客户说。挂了电话我会私下找主管单独聊，跟他说明我的顾虑。",
    )
    assert "私下和主管沟通" not in by_id["communication"].missing


def test_a_time_said_about_another_act_is_not_the_reply_time():
    by_id = _score(
        "core-interview-beyond-authority-09",
        "客户提到 12315，说明事情已经很严重了，所以我的目标是今天之内把他安抚住，让他消消气。退款按流程给他办，"
        "三倍赔偿这块我再看看怎么处理。",
    )
    solution = by_id["solution"]
    assert solution.score == 0
    assert any("具体答复时间" in m for m in solution.missing)


def test_a_delivery_date_is_not_a_follow_up_time():
    from trainer.grading.offline.criteria import _timed_acts, time_unattached

    acts = _timed_acts(
        ("Specific follow-up", "I'll message you tomorrow at 1 pm", "I'll email you tomorrow afternoon")
    )
    assert time_unattached(acts, "I've checked, and it's moving again and could well still arrive tomorrow.")
    assert not time_unattached(acts, "By noon tomorrow, I'll email you an update.")
    assert not time_unattached(acts, "I'll text you tomorrow by 1 pm to check it arrived.")


def test_a_reply_time_said_across_a_comma_keeps_its_credit():
    by_id = _score(
        "core-interview-beyond-authority-09",
        "三倍赔偿超出了我的权限，我马上向主管申请。今天下午五点前，我一定给您回电话答复结果。",
    )
    assert not any("具体答复时间" in m for m in by_id["solution"].missing)


def test_doing_the_act_before_its_check_earns_nothing_for_doing_it_after():
    from trainer.grading.offline.criteria import precondition

    assert precondition("信息副本核验后提供") == ("核验", "提供")
    assert precondition("先确认导出完整再删除") == ("确认导出完整", "删除")
    assert precondition("Full copy after verification") == ("verification", "Full copy")
    assert precondition("立即挂失冻结") is None
    by_id = _score(
        "fin-data-deletion-09",
        "孙女士您好，查阅复制是您的权利。您在我们这儿的全部信息，我已经直接整理好一份发到您手机上了。",
    )
    assert any("信息副本核验后提供" in m for m in by_id["solution"].missing)


def test_the_copy_sent_after_the_check_keeps_its_credit():
    by_id = _score(
        "fin-data-deletion-09",
        "孙女士您好，查阅复制是您的权利。我先给您预留的手机号发个验证码核验身份，核验后把您的信息整理一份，"
        "15 个工作日内通过 App 消息发给您。",
    )
    assert not any("信息副本核验后提供" in m for m in by_id["solution"].missing)
    by_id = _score(
        "saas-contract-exit-02",
        "王总监您好，感谢三年的合作。数据我们先全部导出给您，等您确认导出的文件完整无误后，我们再删除服务器上的"
        "数据和备份，并出具删除确认函。",
    )
    assert not any("先确认导出完整再删除" in m for m in by_id["solution"].missing)


def test_leaving_the_customer_to_get_back_in_touch_is_no_call_back():
    from trainer.grading.understanding import stance

    concept = ("受理编号与回访", "退款到账后短信通知您", "我会再联系您确认")
    for said in ("如果有异常再联系我们。", "如还有问题欢迎随时联系在线客服。"):
        assert stance.opposes(concept, said) == "follow_up", said
    # our own call back, with the time in between, is the key point's side; both in one sentence is neither
    assert stance.opposes(concept, "我明天上午给您回电确认。") == ""
    assert stance.opposes(concept, "有问题随时联系我们，我明天上午十点也会主动给您回电。") == ""


def test_a_must_not_that_negates_itself_is_found_in_a_negated_sentence():
    by_id = _score(
        "fin-auto-debit-02",
        "周女士，非常抱歉。这笔 1,368 元我马上给您申请退款，1 到 3 个工作日原路退回。征信这块我跟您保证，我这边"
        "直接备注好了，绝对不会上征信。",
    )
    solution = by_id["solution"]
    assert solution.score == 0
    assert "征信" in solution.violation


def test_a_refusal_in_chinese_is_still_no_violation():
    by_id = _score(
        "fin-auto-debit-02",
        "周女士，非常抱歉。这笔 1,368 元我马上给您申请退款，1 到 3 个工作日原路退回。征信我没法直接改，已经请风控"
        "同事复核，确认后按规定更正，结果短信告诉您。",
    )
    assert not by_id["solution"].violation


def test_promising_the_money_back_in_full_is_a_must_not_and_an_honest_outlook_is_not():
    by_id = _score(
        "fin-card-fraud-01",
        "张先生，我马上给您把卡冻结，再把三笔登记为争议交易，银行会帮您追回，这种情况一般都能全额退回来，您放心。",
    )
    assert by_id["solution"].score == 0 and "全额追回" in by_id["solution"].violation
    by_id = _score(
        "fin-card-fraud-01",
        "张先生，我马上给您把卡冻结，再把三笔登记为争议交易，由银行向卡组织调单拒付，结果要看卡组织的调查，"
        "最长约 45 个工作日，这期间不计息也不影响征信。",
    )
    assert not by_id["solution"].violation
    assert by_id["solution"].score >= 2


def test_a_report_under_review_by_a_doctor_is_not_sending_the_family_to_the_doctor():
    by_id = _score(
        "med-report-delay-01",
        "刘女士您好，我帮您查了，影像已经做完，报告在医生审核中，出来后会推送到 App 上。",
    )
    assert any("引导找开单医生解释" in m for m in by_id["policy"].missing)
    good = _score(
        "med-report-delay-01",
        "结果我们客服不能解读，拿到报告后请开单医生给您解读，也可以在 App 上预约他的线上复诊。",
    )
    assert not any("引导找开单医生解释" in m for m in good["policy"].missing)


def test_refusing_to_hand_over_a_private_number_is_no_leak():
    by_id = _score(
        "logi-lost-camera-02",
        "快递是在我们分拣时弄丢的，这是我们的错，非常抱歉。派件员和网点负责人的私人号码我不能给您，这是他们的"
        "隐私，不过我已经让网点负责人今天六点前用公司电话主动打给您。",
    )
    phone = by_id["communication"]
    assert not phone.violation and phone.score == phone.max
    # handing it over is still the violation
    leaked = _score("logi-lost-camera-02", "网点负责人的手机号我发给您，这是他的私人号码，您直接找他。")
    assert leaked["communication"].violation and leaked["communication"].score == 0


def test_a_report_sent_to_the_customer_puts_no_fault_on_them():
    by_id = _score(
        "saas-login-outage-01",
        "黄经理，这是我们平台的故障，不是您那边网络的问题，研发已经按最高级别在处理。恢复以后五个工作日内给您"
        "故障复盘报告。",
    )
    diagnosis = by_id["diagnosis"]
    assert "相反" not in diagnosis.rationale and diagnosis.score == diagnosis.max
    assert "没有提到系统故障" not in diagnosis.rationale  # 平台的故障 names the class, 最高级别 the urgency


def test_a_ticket_list_with_bare_levels_after_the_class_is_read_as_those_levels():
    wrong = _score(
        "core-triage-queue-01",
        "分类：\n1 号 付款后显示未支付：系统故障，中\n4 号 同上：系统故障，中\n3 号 胰岛素冷链：外部因素，低\n"
        "2 号 航班停飞：外部因素，低\n5 号 包邮规则：服务流程，高\n6 号 夜间模式：产品功能，低",
    )["diagnosis"]
    right = _score(
        "core-triage-queue-01",
        "分类：\n1 号、4 号 付款后显示未支付，是同一个系统故障，定紧急\n3 号 胰岛素冷链：服务流程，定紧急\n"
        "2 号 航班停飞：外部因素，定高\n5 号 包邮规则：沟通误解，定中\n6 号 夜间模式：产品功能建议，定低",
    )["diagnosis"]
    assert wrong.score <= 0.25 * wrong.max < right.score
    assert "判断有误" in wrong.rationale


def test_the_tickets_in_another_order_do_not_say_the_order():
    wrong = _score(
        "core-triage-queue-01",
        "我的处理顺序是 6 号、5 号、3 号、2 号、1 号和 4 号：先处理夜间模式，再安抚包邮的客户，然后再看别的。",
    )["policy"]
    right = _score(
        "core-triage-queue-01",
        "我的处理顺序是 3 号、1 号和 4 号、2 号、5 号、6 号：先处理胰岛素，再处理支付，健康和钱的事排前面，"
        "不按进线先后。",
    )["policy"]
    assert wrong.score == 0 < right.score
    assert "相反" in wrong.rationale  # named as the opposite order, not as left out


def test_a_statement_does_not_put_the_question_to_the_customer():
    stated = _score(
        "fin-card-fraud-01",
        "张先生您别急。我这边看到凌晨有三笔境外交易，一共 8,600 元，卡片应该还在您身边。我马上给您冻结卡片。",
    )["information"]
    asked = _score(
        "fin-card-fraud-01",
        "张先生您别急。凌晨这三笔一共 8,600 元，是您或者家里人操作的吗？卡现在在您身边吗？我马上给您冻结卡片。",
    )["information"]
    assert stated.score < asked.score


def test_refusing_to_dissuade_or_to_promise_first_keeps_the_credit():
    by_id = _score(
        "core-interview-beyond-authority-09",
        "有一次客户开口就要退一赔三，说今天不答复就打 12315。我先让他把经过讲完，问清楚东西坏在哪、给他添了"
        "什么麻烦，为这件事本身道了歉。三倍赔偿我这边没法直接批，我跟他说我现在就提交给主管，今天下午四点前"
        "给他回电话，也不会为了让他满意先答应下来。他说要打 12315，那是他的权利，我不会劝他别打，更不会拿"
        "“投诉了也没用”去压他。到点我准时回电，记了工单，过两天又回访了一次。",
    )
    closure, solution = by_id["closure"], by_id["solution"]
    assert not closure.violation
    assert closure.score == closure.max
    assert "相反" not in solution.rationale
    assert solution.score >= 2


def test_the_sentence_that_steers_the_risk_test_earns_nothing_for_any_criterion():
    # the steering sentence uses the words of the supervisor talk (合规, 风险等级匹配) and of the test
    steered = _score(
        "core-interview-sales-pressure-12",
        "那次我先把老人定期到期的事给他讲明白了。他说测评那些题看不懂，我就一题一题帮他念，顺着往“能接受一点"
        "波动”那边带，测出来是平衡型，跟产品的风险等级正好匹配，流程上也合规。最后我跟主管说这单是按规矩走的。",
    )
    communication = steered["communication"]
    assert communication.score <= 0.2 * communication.max
    assert "风险等级正好匹配" not in communication.evidence


def test_telling_the_customer_it_is_his_network_earns_nothing_for_the_follow_up():
    by_id = _score(
        "core-interview-cover-up-11",
        "那天我先按主管的口径跟客户说系统一切正常，请他检查一下自己的网络，顺手把他的联系方式登记下来，说恢复后"
        "通知他。事后我在周会上提了一句，以后这种情况口径能不能再商量。",
    )
    assert by_id["policy"].score <= 1
    assert by_id["solution"].score == 0


def test_a_remedy_refused_in_english_earns_nothing_for_it():
    refused = _score(
        "en-ecom-late-gift-10",
        "Hi Daniel, I'm sorry about this. I can't send a replacement by next-day express, and there will be no "
        "refund of the shipping fee. We'll wait for the carrier without opening a trace.",
    )["solution"]
    offered = _score(
        "en-ecom-late-gift-10",
        "Hi Daniel, I'm sorry about this. I'm sending a replacement by next-day express before the 3 pm "
        "cut-off, I've refunded the shipping fee, and I'm opening a trace on the first parcel.",
    )["solution"]
    assert refused.score == 0 < offered.score


# Interview stories whose act is the wrong one, told in everyday words: the story earns little however many
# of the rubric's words it uses.
WRONG_STORIES = [
    (
        "core-interview-cross-dept-10",
        "那次退款卡在仓库一百多单，我直接在大群里@仓库经理，说你们再不验客户都要投诉了。后来我把单子拉了个表发到群里，"
        "让他们今天全部验完。客户问我，我就说是仓库一直拖着不验，您可以打仓库电话催。最后仓库加班验完了。",
        "communication",
    ),
    (
        "core-interview-sales-pressure-12",
        "我会先帮老人办好续存。然后我会跟他说，这款理财其实跟存款差不多，风险很低，收益还高一点，很多老年人都在买。"
        "如果他担心，我就说可以先少买一点试试。这样既照顾了客户，也完成了主管交代的任务。",
        "policy",
    ),
    (
        "core-interview-kpi-14",
        "说实话，时长考核压下来以后，复杂的问题我一般先让客户挂了，跟他说回头查清楚再打给他，这样我的平均时长就很"
        "好看。有的后来忙忘了也没回，客户再打进来就是别的同事接了。我觉得考核就是考核，先把自己的指标做好最要紧。",
        "solution",
    ),
    (
        "core-interview-sales-pressure-12",
        "有次一位八十岁的大爷来电问定期到期，我先把续存的利率给他讲清楚了。主管让我顺便推那款中高风险理财，我知道"
        "按规定得先做风险测评，就陪大爷做了。好几道题他拿不准，我就提示他选“能承受一定亏损”那个，最后评出来是成长型，"
        "正好能买。我把风险提示也念了一遍，录音都有，合规上没问题。大爷买了五万，主管挺满意。",
        "policy",
    ),
    (
        "core-interview-beyond-authority-09",
        "那次客户要退一赔三，还说不答复就打12315。我先听他讲完，弄清楚损失，跟他道了歉。我怕他真去投诉，就跟他说"
        "您放心，三倍赔偿我先给您答应下来，今天之内到账，您就别去12315了。挂了电话我才去找主管申请，主管批了一半，"
        "我又回电跟他商量，最后他接受了，我也记了工单。",
        "solution",
    ),
    (
        "core-interview-sales-pressure-12",
        "那个月我们组理财任务差得远。有位七十多岁的阿姨打电话问定期到期怎么办，我先告诉她到期会自动转存。接着我跟她"
        "说现在存定期不划算，不如买我们这款理财，收益比定期高不少，很多像她这样的老客户都买了，过去一年也没亏过钱。"
        "风险我也提了一句，但跟她说这款一直很稳。她有点心动，我就先帮她登记了，约她周末来网点签字。",
        "policy",
    ),
    (
        "core-interview-angry-08",
        "有次一位客户的包裹晚了一周，打进来就骂。我一接通就先把情况给他讲清楚：最近暴雨，延误是全行业的问题，不是"
        "我们一家，而且下单时页面上就写了可能延误。他越说越气，我还是把规定给他讲完了。最后我把快递公司的电话给了他，"
        "让他自己去问具体原因。",
        "empathy",
    ),
    (
        "en-interview-bend-rule-14",
        "A regular of ours came in with a jacket two weeks past the return window. She'd been shopping with us for "
        "years, so I didn't see the point in making a fuss. The till lets you override the date, so I put the "
        "refund through myself and added a note saying goodwill. I didn't bother my manager with it; nobody checks "
        "a few days here or there. I thanked her for her loyalty and she left really happy.",
        "policy",
    ),
]


@pytest.mark.parametrize(("question_id", "story", "criterion"), WRONG_STORIES)
def test_a_story_of_the_wrong_act_earns_little(question_id, story, criterion):
    by_id = _score(question_id, story)
    total = sum(c.score for c in by_id.values())
    top = sum(c.max for c in by_id.values())
    assert total <= 0.2 * top, [(c.id, c.score) for c in by_id.values()]
    assert by_id[criterion].score == 0


def test_a_cover_up_told_to_the_customer_takes_back_the_honest_line():
    # the lie itself in other words (no supervisor named), then a lesson and a talk with the supervisor
    by_id = _score(
        "core-interview-cover-up-11",
        "那次系统登录出了故障，组里让我们先别声张。有个客户打进来问，我就跟他说我们这边系统没问题，可能是他家宽带"
        "不稳定，让他重启一下路由器。后来想想这其实就是骗客户，客户有权知道真实情况，纸包不住火，公告一出来投诉"
        "更多。第二天我私下找主管聊了，用当天的来电量说明风险，建议以后换个如实的说法：部分用户遇到问题，技术正在"
        "处理。我们还把登记客户、恢复后逐一通知写进了流程。",
    )
    assert by_id["policy"].score <= 1
    rationale = by_id["solution"].rationale
    found = rationale.split("答到：")[1].split("；")[0] if "答到：" in rationale else ""
    assert "如实口径" not in found
    total = sum(c.score for c in by_id.values())
    assert total <= 5, [(c.id, c.score) for c in by_id.values()]


def test_granting_the_exception_first_and_assuming_the_team_lead_agrees_is_not_asking():
    by_id = _score(
        "en-interview-bend-rule-14",
        "I had a regular whose parcel had arrived late, so he missed the return window by three days. I asked "
        "what happened and thanked him for sticking with us. I told him straight away I'd refund it, no problem, "
        "because he's a good customer. Then I just processed it; I figured my team lead would be fine with it. "
        "I called him back the next day to check the money had arrived and logged it for the team.",
    )
    assert by_id["policy"].score == 0
    assert sum(c.score for c in by_id.values()) <= 5


def test_the_case_words_of_a_remedy_without_its_own_part_do_not_say_it():
    # 骑手 and 配送 are the case's own words; 优先 / 重做 are what the remedy adds
    wrong = _score(
        "food-missing-dish-02",
        "吴先生，实在抱歉。我已经把这位骑手的配送情况上报配送站，对他进行调查，给您一个交代。",
    )["solution"]
    right = _score(
        "food-missing-dish-02",
        "吴先生，实在抱歉。我让商家马上重做一份，安排骑手优先配送，12点50前给您送到。",
    )["solution"]
    assert "重做并优先配送" not in wrong.rationale.split("没有")[0]
    assert "重做并优先配送" in right.rationale.split("没有")[0]
    assert wrong.score < right.score


def test_saying_i_checked_is_not_citing_the_order_number():
    checked = _score(
        "en-ecom-late-gift-10",
        "Hi Daniel, so sorry. I've checked with the carrier and the parcel is moving again. I've added a 40.00 "
        "credit to your account and free express on your next three orders.",
    )["information"]
    cited = _score(
        "en-ecom-late-gift-10",
        "Hi Daniel, so sorry. I checked order 40-22817: it was last scanned at the Leeds depot on Monday and "
        "hasn't moved since.",
    )["information"]
    assert "Order reference" not in checked.rationale.split("did not")[0]
    assert "Order reference" in cited.rationale.split("did not")[0]


@pytest.mark.parametrize(
    "story",
    [
        "那天我照主管的意思回复了客户，没提故障的事。后来我觉得这其实是在欺骗客户，客户有权知道真实情况，纸包不住火。"
        "第二天我私下找主管沟通，拿同类来电的数量说明风险，建议换一个如实的说法，还提议登记客户、恢复后逐一通知。",
        "当时我也没多想，主管怎么说我就怎么说，客户问我就说我们这边没收到故障报告。事后想想，明明是我们的问题却说成"
        "客户的问题，这是在欺骗客户，客户很快会知道真相。我后来私下跟主管聊了，用投诉的数据说明风险，建议改成如实的口径。",
    ],
)
def test_going_along_with_the_cover_up_and_regretting_it_later_is_not_holding_the_line(story):
    by_id = _score("core-interview-cover-up-11", story)
    assert by_id["policy"].score <= 1
    assert sum(c.score for c in by_id.values()) <= 5, [(c.id, c.score) for c in by_id.values()]


def test_what_the_candidate_admits_should_have_been_done_is_not_done():
    admitted = _score("core-interview-sales-pressure-12", "现在想想，我当时应该先请他做风险测评的。")[
        "policy"
    ]
    done = _score("core-interview-sales-pressure-12", "我先请他做了风险测评，产品要和他能承受的风险对得上。")[
        "policy"
    ]
    assert admitted.score == 0 < done.score
    story = _score(
        "core-interview-sales-pressure-12",
        "那天主管一直给我使眼色，我就按他说的，办完存单顺带把那款理财介绍给了老人，说收益比定期高。风险我也提了，说"
        "理财有风险投资需谨慎。老人第二天来网点买了两万，主管挺高兴。现在想想，我当时应该先做风险测评的。",
    )
    assert story["policy"].score <= 1
    assert sum(c.score for c in story.values()) <= 2


def test_case_words_do_not_say_a_remedy_when_another_sentence_names_another_sum():
    # the 10元 red packet names another sum than 退这道菜68元, so the meaning match looks in the other
    # sentences; there too 剁椒鱼头 (the case's own dish) without 退 is no refund of it
    kept = _score(
        "food-missing-dish-02",
        "吴先生，抱歉。我查了店里的出餐记录，您说的剁椒鱼头是跟另外几道菜一起放进大餐盒里打包的，骑手一路也很"
        "顺利。我先给您发一个10元红包。",
    )["solution"]
    refunded = _score(
        "food-missing-dish-02",
        "吴先生，抱歉。剁椒鱼头确实是店里漏装了，我把这道菜的68元退给您，再给您发一个10元红包。",
    )["solution"]
    assert kept.score <= 1, kept.rationale
    assert refunded.score >= 2, refunded.rationale


def test_an_order_with_a_note_after_each_ticket_is_still_an_order():
    # a time or a label in brackets after a ticket number names it; the order is what the arrows give
    by_arrival = _score(
        "core-triage-queue-01",
        "6 号是夜间模式建议，5 号是包邮规则，2 号停飞，1 号和 4 号是支付故障，3 号是胰岛素。处理顺序我就按进线"
        "时间来：6（07:30）→ 5（07:40）→ 2（07:50）→ 1、4（08:05）→ 3（08:12）。",
    )["policy"]
    by_urgency = _score(
        "core-triage-queue-01",
        "我的处理顺序是 3 号（胰岛素）→ 1、4 号（支付）→ 2 号（停飞）→ 5 号 → 6 号。先处理胰岛素，再处理支付，"
        "健康和钱的事排前面，不按进线先后。",
    )["policy"]
    assert by_arrival.score == 0 < by_urgency.score
    assert "相反" in by_arrival.rationale


@pytest.mark.parametrize(
    ("question", "answer", "criterion"),
    [
        # the duplicate put on the payment processor, the customer sent to dispute it
        (
            "en-saas-annual-double-charge-11",
            "Hi Priya, I've looked into it. The extra charge was the payment processor's fault, so it's out of our "
            "hands and we are unable to refund the duplicate ourselves. Please file a dispute with your card "
            "company to get the money back.",
            "solution",
        ),
        # erasure refused outright
        (
            "en-xb-gdpr-request-12",
            "Dear Ms Novak, I'm afraid deleting your account is not possible: the law requires us to keep your "
            "whole customer record once you have ordered. I've taken you off our newsletters instead.",
            "solution",
        ),
        # the stuck parcel said to be coming, so no replacement
        (
            "en-ecom-late-gift-10",
            "Hi Daniel, good news: it's out for delivery today and will be with you this evening, so we don't need "
            "to send a replacement.",
            "solution",
        ),
        # the warehouse colleagues blamed in front of the customer
        (
            "ecom-wrong-item-06",
            "陈先生，这事不怪您，都怪仓库新招的临时工，他们老是发错货，我们客服也被坑惨了。我马上给您同城仓加急补发。",
            "empathy",
        ),
        # the metric gamed: the call split in two, the repeat call merged into the first ticket
        (
            "core-interview-kpi-14",
            "快超时的时候我就先挂断，再打回去接着处理，让时长好看；客户再打来的，我把重复来电合到第一次工单里，数据就好看了。",
            "closure",
        ),
        # the second charge called the card issuer's hold
        (
            "en-saas-annual-double-charge-11",
            "Hi Priya, sorry about the payroll worry. What you see there is only a hold placed by your card issuer, "
            "so it should clear in a few days.",
            "empathy",
        ),
        # the rule run down to the customer
        (
            "en-interview-bend-rule-14",
            "I'd hear them out and then admit that, between us, the rule makes no sense to me either; head office "
            "doesn't care about real customers.",
            "policy",
        ),
        # first come, first served where urgency should decide
        (
            "core-triage-queue-01",
            "我会按照进线的先后顺序来处理，先来先服务，这样最公平。",
            "policy",
        ),
    ],
)
def test_the_wrong_act_in_other_words_earns_nothing_for_its_criterion(question, answer, criterion):
    got = _score(question, answer)[criterion]
    assert got.score == 0, (got.score, got.rationale)


@pytest.mark.parametrize(
    ("question", "criterion", "answer"),
    [
        # the merchant cleared and the customer sent to look again, where the photo shows a box missing
        (
            "food-missing-dish-02",
            "diagnosis",
            "吴先生，抱歉。我看了出餐记录，商家没有漏装，菜都装齐了，您再找找是不是放在别的盒子里了。",
        ),
        # same-day deletion of everything, backups and financial records included
        (
            "saas-contract-exit-02",
            "solution",
            "王总监您好，感谢合作。删除这块您放心，收到申请当天我们就把所有数据彻底删掉，备份也马上清空，合同发票"
            "这些财务记录也一起删除。",
        ),
        # the rain as force majeure, though the line had reopened
        (
            "logi-cold-chain-delay-01",
            "empathy",
            "李先生，抱歉。前两天杭州下暴雨，线路停运，属于不可抗力，还请您多体谅。",
        ),
        # a refund and a small red packet called the most there is, against the statutory tenfold
        (
            "food-foreign-object-01",
            "solution",
            "林女士，非常抱歉。46元我给您全额退了，再送您一个10元红包，这已经是我们能给的最高补偿了。",
        ),
        # the cardholder blamed for the theft
        ("fin-card-fraud-01", "empathy", "张先生，这种情况肯定是您自己把卡片信息泄露了，我先帮您冻结。"),
        # the SMS code asked for, in other words than the entry's
        (
            "xb-annual-quota-01",
            "solution",
            "郑女士，麻烦您把手机上刚收到的验证码告诉我，我帮您重新推送清关。",
        ),
        # a price match and a coupon nobody approved
        (
            "xb-annual-quota-01",
            "solution",
            "郑女士，抱歉。我帮您把这单换成国内现货，差价我们给您补上，还按3280元算，再额外送您一张券。",
        ),
    ],
)
def test_a_wrong_remedy_or_excuse_of_the_case_earns_nothing_for_its_criterion(question, criterion, answer):
    scored = _score(question, answer)[criterion]
    assert scored.score == 0 and scored.violation, scored.rationale


@pytest.mark.parametrize(
    ("question", "criterion", "answer", "least"),
    [
        (
            "food-missing-dish-02",
            "diagnosis",
            "吴先生，真对不起。出餐照片里只有3个餐盒，套餐应该是4个，是商家漏装了，跟骑手没关系，也不用您再去找他们。",
            3,
        ),
        (
            "logi-cold-chain-delay-01",
            "empathy",
            "李先生，真对不起，说好次日达拖了三天，给父母的车厘子放不了这么久。下雨不是理由，线路14号就恢复了。",
            2,
        ),
        (
            "xb-annual-quota-01",
            "solution",
            "郑女士，抱歉。两个选择：全额退款3280元，税费一起退，5个工作日内原路退回；或者改买国内现货3450元，"
            "明天就发。您定了我马上处理。",
            3,
        ),
        (
            "xb-annual-quota-01",
            "policy",
            "郑女士，您想换成先生的身份证和银行卡重新下单：不行。海关要求订购人和支付人是同一个人。",
            2,
        ),
        (
            "fin-card-fraud-01",
            "empathy",
            "张先生，您别慌，这不是您的错，我们马上把卡锁住。您最近有没有在陌生网站输过卡号？",
            2,
        ),
        (
            "xb-annual-quota-01",
            "solution",
            "郑女士，提醒您，验证码和银行卡号我们不会问您要，谁要都别给。两个选择：全额退款3280元含税费，5个工作日内"
            "退回；或改买国内现货3450元，明天发货，您定了我马上办。",
            3,
        ),
    ],
)
def test_the_same_points_said_the_right_way_keep_their_credit(question, criterion, answer, least):
    scored = _score(question, answer)[criterion]
    assert scored.score >= least and not scored.violation, scored.rationale


@pytest.mark.parametrize(
    ("question", "criterion", "answer"),
    [
        # a report time guaranteed and the hospital's compensation promised, beyond what the line can give
        (
            "med-report-delay-01",
            "solution",
            "刘女士，您放心，我跟您打包票，报告今天肯定能出来，耽误了会诊由医院负责赔偿。",
        ),
        # materials and a time limit that are not the policy's
        (
            "gov-elderly-medical-filing-07",
            "communication",
            "何大爷，您别急。备案要准备户口本和居住证明，交上去以后要等半个月才能办下来。",
        ),
    ],
)
def test_a_promise_or_fact_the_case_does_not_allow_earns_nothing(question, criterion, answer):
    scored = _score(question, answer)[criterion]
    assert scored.score == 0 and scored.violation, scored.rationale


@pytest.mark.parametrize(
    ("question", "criterion", "answer", "least"),
    [
        (
            "med-report-delay-01",
            "solution",
            "刘女士，抱歉。报告在医生审核中，我现在就给影像科提交加急，争取今天下午5点前出，出来后推送到您父亲的App，"
            "也能去门诊一楼自助机打印。",
            3,
        ),
        (
            "med-report-delay-01",
            "policy",
            "刘女士，抱歉。客服没办法替您看片子的结论，报告慢跟结果好坏没有关系，报告出来后您在App约开单医生线上复诊，"
            "请医生讲。",
            3,
        ),
        (
            "gov-elderly-medical-filing-07",
            "communication",
            "何大爷，您别急。带上身份证就行，再签一份异地居住承诺书，网上就能签，交上去一个工作日就办好了。",
            3,
        ),
        (
            "logi-lost-camera-02",
            "communication",
            "赵女士，网点负责人的私人号码属于个人信息，不方便给您；我把您的诉求升级给网点负责人了，他今天18点前会用官方"
            "电话联系您。",
            2,
        ),
    ],
)
def test_the_case_said_right_in_other_words_keeps_its_credit(question, criterion, answer, least):
    scored = _score(question, answer)[criterion]
    assert scored.score >= least and not scored.violation, scored.rationale


def test_the_wrong_way_named_and_rejected_in_its_clause_is_not_done():
    from trainer.grading.offline.violations import _rejected_where_named

    rejected = _score(
        "core-triage-queue-01",
        "谁先来先处理谁在这里行不通，得看紧急程度：顺序 3 → 1、4 → 2 → 5 → 6，健康和钱的事排前面。",
    )["policy"]
    done = _score("core-triage-queue-01", "谁先来先处理谁，这样最公平：顺序 6 → 5 → 2 → 1、4 → 3。")["policy"]
    assert rejected.score == rejected.max and not rejected.violation
    assert done.score == 0 and done.violation
    assert _rejected_where_named("First come, first served doesn't apply here.", "first come, first served")
    assert not _rejected_where_named("First come, first served is only fair.", "first come, first served")


@pytest.mark.parametrize(
    ("question", "criterion", "answer"),
    [
        ("saas-login-outage-01", "solution", "黄经理放心，研发说了十一点之前肯定修好，结算单不会受影响。"),
        (
            "gov-water-outage-01",
            "empathy",
            "周阿姨，小区里面的管子归物业管，我把物业的电话给您，您直接找他们就行。",
        ),
        ("gov-water-outage-01", "solution", "周阿姨，我给您登记一个普通工单，五个工作日内会有人处理。"),
        ("logi-lost-camera-02", "policy", "赵女士，您放心，我直接给您按相机实际价值4000多全额赔付。"),
        ("food-foreign-object-01", "empathy", "林女士，金属丝这么小，孩子就算咽下去也会排出来，不用太担心。"),
        ("med-report-delay-01", "policy", "刘女士，我看了一下系统，报告没标异常，估计问题不大，您放宽心。"),
        (
            "saas-contract-exit-02",
            "solution",
            "王总监，导出数据需要另外签一个付费的数据服务协议，费用是8000元。",
        ),
        ("fin-card-fraud-01", "solution", "张先生，这几笔可能只是预授权，过几天会自动退回，卡先不用冻结。"),
        ("gov-elderly-medical-filing-07", "solution", "何大爷，这个只能在手机上办，您让别人教教您吧。"),
    ],
)
def test_the_case_s_usual_mistakes_in_candidates_words_are_found(question, criterion, answer):
    scored = _score(question, answer)[criterion]
    assert scored.score == 0 and scored.violation, scored.rationale


@pytest.mark.parametrize(
    ("question", "criterion", "answer"),
    [
        # the promise refused, in nearly the words of the must_not entry
        (
            "logi-lost-camera-02",
            "policy",
            "赵女士，我不能保证按4200元全额赔，按条款未保价最高是运费的7倍，也就是161元。",
        ),
        (
            "logi-lost-camera-02",
            "policy",
            "赵女士，按条款我没法按相机的实际价值全额赔付给您，未保价最高赔运费的7倍。",
        ),
        # the excuse named only to be refused
        (
            "logi-cold-chain-delay-01",
            "empathy",
            "李先生，真对不起，不能拿强降雨线路停运属于不可抗力当理由，线路14号就恢复了。",
        ),
    ],
)
def test_a_must_not_said_under_negation_is_not_said(question, criterion, answer):
    assert not _score(question, answer)[criterion].violation


def test_a_count_the_order_should_have_had_is_a_fact_not_an_admission():
    by_id = _score(
        "food-missing-dish-02",
        "吴先生，真抱歉。商家出餐照片只有三个餐盒，本该是四个，骑手一路正常，是店里漏装了，不是骑手的事。"
        "我退您68元。",
    )
    assert by_id["diagnosis"].score >= 2
    from trainer.grading.offline.criteria import _admits

    assert not _admits("套餐本该 4 个盒子")
    assert _admits("我本该先核实再答复")
