"""What a candidate reads must be true of the answer: a short answer that stays on the question is a
thin answer (scored low, never called off topic), and every key point the feedback names as covered is
said in the answer. The answers here are written for these tests (they are not in the evaluation sets)."""

from __future__ import annotations

import pytest

from tests.support.shipped import ENGINE, QUESTIONS, score_shipped
from trainer.grading.types import FLAG_OFF_TOPIC


def _score(question_id: str, answer: str):
    return score_shipped(question_id, answer)


SHORT_ON_TOPIC = [
    ("gov-water-outage-01", "阿姨，停水的事我记下了，马上转给供水公司去查。"),
    ("logi-lost-camera-02", "相机丢了确实是我们的责任，我先帮您申请理赔。"),
    ("en-interview-bend-rule-14", "I'd hear the customer out and check with my manager whether we can help."),
    ("core-interview-kpi-14", "我会先把客户的问题解决掉，时长稍微长一点也没关系。"),
]


@pytest.mark.parametrize(("question_id", "answer"), SHORT_ON_TOPIC)
def test_a_short_answer_on_the_question_is_thin_not_off_topic(question_id, answer):
    result = _score(question_id, answer)
    assert FLAG_OFF_TOPIC not in result.flags
    assert result.total / result.max <= 0.5


@pytest.mark.parametrize(
    ("question_id", "answer"),
    [
        ("gov-water-outage-01", "今天天气很好，我打算周末去爬山，顺便拍些照片发朋友圈。"),
        (
            "en-interview-bend-rule-14",
            "I love cooking pasta with fresh tomatoes and basil on Sunday evenings.",
        ),
    ],
)
def test_an_answer_about_something_else_is_off_topic(question_id, answer):
    result = _score(question_id, answer)
    assert result.total == 0
    assert FLAG_OFF_TOPIC in result.flags


TRIAGE_RIGHT = (
    "6 号提建议，算产品功能，定低。5 号开会员以为每单包邮，是沟通误解，定中。2 号因为寒潮停航，外部因素，"
    "定高。3 号胰岛素快失效了，服务流程问题，定紧急。1 号和 4 号是一回事，付了钱还显示未支付，属于系统故障，定紧急。"
)
TRIAGE_WRONG = (
    "6 号是系统故障，定紧急。5 号属于产品功能，定高。2 号是服务流程，定中。3 号是外部因素，定低。"
    "1 号和 4 号是沟通误解，定低。"
)


def _criterion(result, criterion_id):
    return next(c for c in result.criteria if c.id == criterion_id)


def test_terse_ticket_judgements_are_an_answer_not_a_keyword_list():
    result = _score("core-triage-queue-01", TRIAGE_RIGHT)
    assert not result.flags
    assert _criterion(result, "diagnosis").score == 4


def test_a_class_or_level_said_of_the_wrong_ticket_earns_nothing_and_the_feedback_says_so():
    result = _score("core-triage-queue-01", TRIAGE_WRONG)
    diagnosis = _criterion(result, "diagnosis")
    assert diagnosis.score == 0
    assert "判断有误" in diagnosis.rationale
    assert "未作答" not in diagnosis.rationale


# Hand-labelled: which key points each answer says (by the rubric's concept names) and which it does not.
LABELLED = [
    (
        "en-interview-bend-rule-14",
        "I'd begin by hearing them out and asking what kept them from returning it in time, since there's "
        "usually a real story behind it. I'd say thanks for being with us so many years. What I can do right "
        "now is swap the item or give them store credit. For the refund itself I'd put the details to my "
        "supervisor and tell the customer they'll hear from me before 5 pm today. Whatever the answer, I "
        "phone back at the time I gave, and I write the case up so the team can decide if the window should "
        "be longer.",
        {
            "Asks why",
            "Acknowledges and thanks loyalty",
            "Offers store credit or an exchange",
            "Asks the team lead with the facts and a time",
            "Calls back on time either way",
            "Logs the case for policy review",
        },
        {"A concrete example"},
    ),
    (
        "en-interview-bend-rule-14",
        "I tell the customer the rules apply to everyone. I listen politely. I don't make exceptions.",
        set(),
        {"Asks why", "Logs the case for policy review", "Acknowledges and thanks loyalty"},
    ),
    (
        "core-interview-kpi-14",
        "我觉得解决率比时长更重要，复杂的问题我宁可多花几分钟一次说清楚，也不让客户反复打进来。",
        {"时长是手段，一次解决是目的", "重复来电总成本更高"},
        {"需转部门时说清时限并跟进", "常规问题用知识库快速解决", "记录分析耗时长的问题"},
    ),
]


@pytest.mark.parametrize(("question_id", "answer", "said", "not_said"), LABELLED)
def test_the_feedback_names_as_covered_only_what_the_answer_says(question_id, answer, said, not_said):
    from trainer.grading.offline.feedback import missing_phrase

    q = QUESTIONS[question_id]
    lang = q.rubric.lang
    result = _score(question_id, answer)
    missing = {m for c in result.criteria for m in c.missing}
    for concept in not_said:
        assert missing_phrase(concept, lang) in missing, f"claimed covered: {concept}"
    for concept in said:
        assert missing_phrase(concept, lang) not in missing, f"said but listed as missing: {concept}"
    for c in result.criteria:
        if c.score > 0:
            assert c.evidence and c.evidence in answer  # the quote is the answer's own words


@pytest.mark.parametrize(
    "answer",
    [
        "我先把能做的做好。他要去12315，那是他的权利，我不会拦着。",
        "客户想投诉是他的自由，我会告诉他渠道，同时继续帮他把问题解决。",
        "他要打12315就让他打，我不会劝他别投诉。",
        "那是他的自由，我不拦着，只管把事情办好。",
    ],
)
def test_letting_the_customer_complain_counts_as_respecting_the_right_to_complain(answer):
    closure = _criterion(_score("core-interview-beyond-authority-09", answer), "closure")
    assert closure.score >= 1
    assert "尊重投诉权不劝阻" in closure.rationale and "没有提到尊重投诉权" not in closure.rationale


def test_talking_the_customer_out_of_complaining_earns_no_credit_for_it():
    closure = _criterion(
        _score("core-interview-beyond-authority-09", "他要去12315就去，投诉也没用，结果都一样。"), "closure"
    )
    assert closure.score == 0 and closure.violation


@pytest.mark.parametrize(
    ("question_id", "answer"),
    [
        ("gov-elderly-medical-filing-07", "软件不会用就去窗口办吧，我们这边也没办法。"),
        ("gov-elderly-medical-filing-07", "手机弄不好就别弄了，去窗口吧。"),
    ],
)
def test_a_poor_answer_on_the_case_is_low_but_not_off_topic(question_id, answer):
    result = _score(question_id, answer)
    assert FLAG_OFF_TOPIC not in result.flags
    assert result.total / result.max <= 0.3


def _refund_rubric():
    from trainer.grading.types import Rubric

    return Rubric.from_dict(
        {
            "id": "refund-check",
            "title": "重复扣款",
            "lang": "zh",
            "criteria": [
                {
                    "id": "solution",
                    "name": "处理",
                    "max": 4,
                    "key_points": ["核实并退款", {"concept": "说明到账时间", "any": ["三个工作日内到账"]}],
                }
            ],
        }
    )


def test_a_key_point_x_and_y_said_in_two_sentences_counts_both_parts():
    answer = "我先查一下您的订单。确认是重复扣款的话，我这边马上把钱退给您，三个工作日内到账。"
    solution = ENGINE.score(_refund_rubric(), answer).criteria[0]
    assert solution.score == 4
    assert "核实并退款" in solution.rationale and not solution.missing


def test_a_key_point_x_and_y_with_one_part_left_out_is_not_covered():
    solution = ENGINE.score(_refund_rubric(), "我先帮您核实一下。三个工作日内到账。").criteria[0]
    assert solution.score < 4
    assert "没有核实并退款" in solution.missing


@pytest.mark.parametrize(
    ("question_id", "criterion_id", "answer"),
    [
        (
            "core-interview-angry-08",
            "communication",
            "那次客户的配件少发了，我没有先核实就答应当天补发，结果仓库没货。我当时应该先核实库存再承诺，这是我最大的教训。",
        ),
        (
            "en-interview-turnaround-13",
            "communication",
            "A customer's parcel went to the wrong address and I promised a redelivery that afternoon without "
            "checking the van schedule. I should have checked first; that was the lesson for me.",
        ),
    ],
)
def test_the_candidates_own_lesson_counts_as_reflection(question_id, criterion_id, answer):
    c = _criterion(_score(question_id, answer), criterion_id)
    assert c.score >= 1 and not c.violation
    assert c.evidence in answer and ("教训" in c.evidence or "should have" in c.evidence)
    assert "未作答" not in c.rationale and "Not addressed" not in c.rationale


def test_a_lesson_is_not_the_improvement_itself():
    answer = "我当时应该先核实，这是我的教训。"
    c = _criterion(_score("core-interview-angry-08", answer), "communication")
    assert c.score < c.max


def test_a_key_point_asking_for_a_time_takes_a_sooner_one_but_not_a_later_one():
    sooner = _criterion(
        _score(
            "core-interview-beyond-authority-09",
            "这超出了我的权限，我马上找主管申请，今天16点前回电告诉您结果。",
        ),
        "solution",
    )
    later = _criterion(
        _score(
            "core-interview-beyond-authority-09",
            "这超出了我的权限，我马上找主管申请，下周五前回电告诉您结果。",
        ),
        "solution",
    )
    assert "没有提到具体答复时间" not in sooner.missing
    assert sooner.score > later.score


def test_not_within_my_authority_is_beyond_it():
    from trainer.grading import understanding as u

    m = u.match_concept(
        "三倍赔偿不在我的审批权限里，我现在就提交给主管", "这超出了我的权限但我现在就为您向主管申请"
    )
    assert m.hit and not m.negated
    assert u.match_concept(
        "That refund is not within my authority, so I'm asking my manager now", "it's beyond my authority"
    ).hit


def test_a_letter_to_the_bank_is_not_blaming_the_bank():
    answer = (
        "I'm really sorry, the second charge is entirely our error. Billing will send you a refund "
        "confirmation today and a letter addressed to your bank explaining the duplicate."
    )
    empathy = _criterion(_score("en-saas-annual-double-charge-11", answer), "empathy")
    assert not empathy.violation and empathy.score >= 1


def test_quoting_a_brush_off_as_what_not_to_say_is_no_brush_off():
    answer = (
        "刘女士，实在抱歉，报告超过说好的三个工作日还没出，您父亲周一就要会诊，肯定着急。"
        "客服要避免的说法如下。“最近人多您就再等等”这种推脱。"
    )
    empathy = _criterion(_score("med-report-delay-01", answer), "empathy")
    assert not empathy.violation and empathy.score >= 1


@pytest.mark.parametrize(
    ("question_id", "answer", "concept"),
    [
        (
            "en-interview-turnaround-13",
            "A guest's room was double-booked. I let him vent and apologised. Cause: the booking had synced "
            "twice between two systems.",
            "Finds the real cause",
        ),
        (
            "core-interview-angry-08",
            "顾客收到的奶茶洒了一半，我先听她说完再道歉。查下来是封口机温度不够，封口没压紧。",
            "查明原因",
        ),
    ],
)
def test_a_key_point_asking_for_the_cause_is_said_by_stating_one(question_id, answer, concept):
    from trainer.grading.offline.feedback import missing_phrase

    result = _score(question_id, answer)
    missing = {m for c in result.criteria for m in c.missing}
    assert missing_phrase(concept, QUESTIONS[question_id].rubric.lang) not in missing


def test_proposing_a_change_at_the_source_counts_as_pushing_an_improvement():
    from trainer.grading.offline.feedback import missing_phrase

    answer = (
        "蛋糕送到时塌了，我先听他说完再道歉。事后我把同月几起蛋糕损坏汇总给配送运营，"
        "建议蛋糕类订单必须用带固定底座的箱子。"
    )
    communication = _criterion(_score("core-interview-angry-08", answer), "communication")
    assert missing_phrase("推动源头改进", "zh") not in communication.missing
    assert communication.score >= 1


def test_saying_the_customers_problem_back_counts_as_restating_it():
    from trainer.grading.offline.feedback import missing_phrase

    answer = (
        "会员一进门就拍桌子，我没插嘴，让他说完。然后我说：“大哥，您是说没同意续费就被扣了两千九，"
        "这钱本来是孩子的补习费，换谁都急，真的对不起。”"
    )
    empathy = _criterion(_score("core-interview-angry-08", answer), "empathy")
    assert missing_phrase("复述具体的损失和感受", "zh") not in empathy.missing
    assert missing_phrase("先听完不解释", "zh") not in empathy.missing
