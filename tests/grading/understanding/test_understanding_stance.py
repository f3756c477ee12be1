"""Stance: a sentence that shares a key point's words but takes the opposite position does not say it."""

from __future__ import annotations

import pytest

from trainer.grading.understanding import stance

RESPECT = ("尊重投诉权不劝阻", "他投诉是他的权利", "那是他的权利我不会拦着")
WE_PAY = ("错机不用先寄回、上门取走、运费我们出", "发错的那台不用您先寄回", "运费由我们承担")
CONFIRMED = ("Two charges confirmed", "I've confirmed two charges on June 1")
OWNS = ("承认错发、责任在我们", "是我们仓库发错了货", "这是我们的责任")
REFUND = ("Refund the duplicate now", "I've refunded the duplicate charge")
OURS = ("承认多扣款是我们系统的问题", "这是我们的责任")
HONEST_TEST = ("适当性与风险测评", "必须先做风险测评", "产品要与客户的风险承受能力匹配")
ASK_FIRST = ("坦白超出权限并马上申请", "这超出了我的权限，我现在就向主管申请")
TRUTH = ("如实口径", "对客户照实说现在的情况")
ASK_TEAM_LEAD = (
    "Separates what I can do from what needs approval",
    "if an exception needs approval I don't promise it",
)
CALL_BACK = ("Specific follow-up", "I'll call you tomorrow at 1 pm")
OWNS_EN = ("Owns the error", "the second charge is our error", "this was our mistake")
FREEZE = ("立即挂失冻结", "我现在马上帮您把卡冻结")
REFUSE = ("不能用家人身份重新下单", "这个我没法帮您改", "不能用别人的身份下单")


@pytest.mark.parametrize(
    ("concept", "sentence", "axis"),
    [
        (RESPECT, "您放心，今天就给您办好，您就不用再跑 12315 了。", "complaint"),
        (RESPECT, "我会劝他别去投诉，投诉流程太长，对双方都不好。", "complaint"),
        (WE_PAY, "麻烦您先把这台寄回来，运费您先垫付一下。", "payer"),
        (WE_PAY, "仓库收到您寄回的货之后，我们才能再发新的。", "return_first"),
        (CONFIRMED, "It may not actually be a second charge, just a temporary hold.", "doubt"),
        (OWNS, "如果确认是我们发错了，我们会给您换。", "hedge"),
        (OWNS, "确认是我们发错的话，请您先把平板寄回。", "hedge"),
        (REFUND, "If it turns out you were charged twice, let us know and we'll raise a refund.", "hedge"),
        (REFUND, "I'd suggest checking with your card issuer first.", "actor"),
        (OURS, "查下来是银行那边的系统延迟，跟我们平台没有关系。", "blame"),
        (OURS, "这次主要是快递的原因，我们也没办法。", "blame"),
        (REFUSE, "您说的办法是可以的，用您爱人的身份证重新下一单就行。", "permission"),
        (CALL_BACK, "If it still hasn't arrived by Thursday, please get back in touch with us.", "follow_up"),
        (ASK_FIRST, "我先答应下来，三倍赔偿保证今天到账，回头再说。", "approval"),
        (HONEST_TEST, "做风险测评时我一题一题帮他选，让结果能达到平衡型，和产品就匹配了。", "assessment"),
        (HONEST_TEST, "我会告诉阿姨在测评的时候勾那个能承受亏损的选项，结果就匹配了。", "assessment"),
        (HONEST_TEST, "风险测评我让老人在问卷里选“可以接受较大波动”。", "assessment"),
        # the customer told all is well and the problem is his own
        (TRUTH, "我就跟他说我们这边系统没问题，可能是他家宽带不稳定。", "candour"),
        (TRUTH, "我按主管的口径跟客户说是他网络不好。", "candour"),
        # done without asking is no more asking first than promising first
        (ASK_FIRST, "当时没来得及请示主管，就直接答应赔他三百块。", "approval"),
        (ASK_FIRST, "这点小事我自己做主就给他退了。", "approval"),
        (
            ASK_TEAM_LEAD,
            "The till lets you override the date, so I put the refund through myself.",
            "approval",
        ),
        (ASK_TEAM_LEAD, "I didn't bother my manager with it.", "approval"),
        # the fault put on a third party, or the customer sent to dispute it
        (OWNS_EN, "That duplicate wasn't caused by us; the gateway's outage is to blame.", "blame"),
        (OWNS_EN, "It's the payment processor's fault, so it's out of our hands.", "blame"),
        (OURS, "这是快递网点的责任，不是我们的。", "blame"),
        (REFUND, "Your best bet is to open a dispute with your card company.", "actor"),
        # the outcome promised before approval, or the record changed to fit the rule
        (
            ASK_TEAM_LEAD,
            "Don't worry, you'll certainly get the money back, my boss only has to tick a box.",
            "approval",
        ),
        (ASK_TEAM_LEAD, "I'd backdate the order date a little so it fits inside the window.", "approval"),
        # the protective act put off, or left for after a check
        (FREEZE, "您先回忆一下，卡先别急着停用。", "protect"),
        (FREEZE, "确认不是您的我们再看要不要冻结。", "protect"),
    ],
)
def test_a_sentence_taking_the_opposite_position_opposes_the_concept(concept, sentence, axis):
    assert stance.opposes(concept, sentence) == axis


@pytest.mark.parametrize(
    ("concept", "sentence"),
    [
        (RESPECT, "这是您的权利，您随时可以反映，我不劝也不拦，更不会说“投诉也没用”。"),
        (RESPECT, "他要打 12315 就让他打，我这边把事情办好。"),
        (WE_PAY, "发错的那台不用您寄回，快递员送新机时当面取走，运费我们出。"),
        (WE_PAY, "寄回的运费不用您出，我们来承担。"),
        (CONFIRMED, "I've confirmed two charges on June 1; the second is our error."),
        (OWNS, "是我们仓库发错了，责任在我们。"),
        (
            REFUND,
            "I've refunded the duplicate; if it hasn't shown after ten days, tell me and I'll chase it.",
        ),
        # the lie refused, weighed as a supposition, or set against the truth is not told
        (TRUTH, "我不会跟客户说是他网络不好，这是在骗客户。"),
        (TRUTH, "要是跟客户说系统正常，人家回去折腾半天更火大。"),
        (TRUTH, "咱现在说是客户网络问题，到时候对不上更麻烦。"),
        # the wrong act told of someone else is not the speaker's
        (ASK_FIRST, "我接手一看，之前的同事先答应了给他全额退款再赔两百，结果一直没批下来。"),
        (TRUTH, "前面的客服跟他说是他家网络的问题，我没这么说。"),
        (TRUTH, "那次系统真出了问题，主管让我们说是客户网络不好。"),
        (TRUTH, "我没跟客户说系统正常。"),
        (HONEST_TEST, "我会提示他在测评时如实选择，按自己的实际情况答。"),
        # a refusal earlier in the clause covers the promise it refuses
        (ASK_FIRST, "这个我不能自己做主，我现在就去请示主管。"),
        (ASK_TEAM_LEAD, "I can't approve this myself, so I'll take it to my team lead now."),
        (ASK_TEAM_LEAD, "Rather than overriding the date, I took it to my team lead."),
        (ASK_TEAM_LEAD, "I didn't want to just process it myself, so I asked my manager."),
        (ASK_FIRST, "我不会含糊地说“再研究研究”，也不会为了让他满意先答应下来。"),
        # a record or a dispute refused is no such act
        (ASK_TEAM_LEAD, "I'd never change the purchase date to squeeze it in; I'd ask my team lead."),
        (REFUND, "I've refunded the duplicate myself, so there's no need to raise a chargeback."),
        (OWNS_EN, "This was our mistake, not the processor's."),
        # a doubt about the cause, in its own clause, does not doubt the refund
        (("已提交加急退款",), "可能是银行那边扣款延迟造成的，我已提交加急退款，三个工作日内退回。"),
    ],
)
def test_the_same_position_in_other_words_does_not_oppose_it(concept, sentence):
    assert stance.opposes(concept, sentence) == ""


def test_a_concept_without_a_position_is_never_opposed():
    assert stance.concept_poles(("核对订单号",)) == frozenset()
    assert stance.opposes(("核对订单号",), "运费您自己出，先寄回来再说。") == ""


def test_a_refusal_covers_only_its_own_clause():
    # the promise after a comma is made, whatever was refused before it
    assert stance.opposes(ASK_FIRST, "我不会拖着他，先答应下来再说。") == "approval"


def test_explaining_to_the_other_team_s_lead_is_not_relaying_his_words():
    talk = ("找负责人当面沟通", "找对方组长说明情况")
    assert stance.opposes(talk, "我当面找主管商量先办最急的几单，他同意了。") == ""
    assert stance.opposes(("私下跟主管沟通",), "主管说怎么回就怎么回，我照做。") == "voice"


def test_the_refund_assured_before_the_team_lead_is_asked_is_promised_first():
    ask = (
        "Separates what I can do from what needs approval",
        "if an exception needs approval I don't promise it",
    )
    assert (
        stance.opposes(
            ask, "I'd tell her at once, \"I'll make sure you get a full refund,\" then ask my lead."
        )
        == "approval"
    )


def test_a_superiors_line_quoted_as_theirs_is_not_the_answers_position():
    from trainer.grading.understanding import stance

    quoted = "那天经理在会上吩咐：“就说系统没问题，叫他们查查自己家的网络。”"
    own = "我对用户说：“系统没问题，您查查自己家的网络。”"
    assert ("candour", 2) not in stance.poles(quoted)
    assert ("candour", 2) in stance.poles(own)


def test_an_english_superiors_line_quoted_is_not_taken_either():
    from trainer.grading.understanding import stance

    quoted = 'My supervisor said: "tell them everything is fine on our side and it is their own wifi."'
    own = "I told them everything is fine on our side and it is their own wifi."
    assert ("candour", 2) not in stance.poles(quoted)
    assert ("candour", 2) in stance.poles(own)
