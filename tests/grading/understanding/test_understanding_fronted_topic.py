"""A topic put first and negated after its subject ("这句话我不会照着讲") reads as the verb negated with the
topic as its object, as "我不会照着这句话讲" does; the rule's limits; and its effect on scoring."""

from __future__ import annotations

import pytest

from tests.support.shipped import criteria_by_id
from trainer.grading import understanding as u
from trainer.grading.understanding.negation import negated_flags


def _negated(tokens: list[str]) -> list[str]:
    return [t for t, n in zip(tokens, negated_flags(tokens), strict=True) if n]


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("这句话我不会照着讲", "我不会照着主管这句话讲"),
        ("主管这句话我不会照着讲", "我不会照着主管这句话讲"),
        ("这种话我是不会说的", "我不会说这种话"),
        ("那套说辞我不照搬", "我不照搬那套说辞"),
        ("系统正常这个说法我不会用", "我不会用系统正常这个说法"),
        ("系统正常这种话我绝对不会跟客户说", "我不会对客户说系统正常"),
        ("系统正常这种话不能跟客户说", "我不会对客户说系统正常"),
        ("跟客户说系统正常这种话我说不出口", "我不会对客户说系统正常"),
        ("这种话我说不出口", "我不会说这种话"),
    ],
)
def test_a_topic_put_first_and_refused_says_the_refusal(text, concept):
    m = u.match_concept(text, concept)
    assert m.hit and not m.negated, (text, m)


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("这句话我会照着讲", "这句话我不会说"),
        ("主管那句话我会照着讲", "我不会照着主管这句话讲"),
        ("我会照着主管这句话讲", "这句话我不会说"),
        ("系统正常这个说法我会先用着", "我不会用系统正常这个说法"),
        ("这种话我会跟客户说", "这种话我是不会说的"),
    ],
)
def test_the_act_done_does_not_say_its_refusal(text, concept):
    assert not u.match_concept(text, concept).hit, text


@pytest.mark.parametrize(
    ("text", "act"),
    [
        ("这句话我不会照着讲", "照着主管这句话讲"),
        ("那套说辞我不照搬", "照搬主管那套说辞"),
        ("系统正常这个说法我不会用", "用系统正常这个说法"),
        ("这种话我是不会说的", "说这种话"),
    ],
)
def test_a_topic_put_first_and_refused_is_not_the_act(text, act):
    m = u.match_concept(text, act)
    assert m.negated or not m.hit, text


def test_the_rule_takes_only_a_noun_phrase_before_a_person_as_the_topic():
    # a predicate of its own before the subject: not a fronted object
    assert "电话" not in _negated(["电话", "我", "打", "了", "好", "几次", "他", "都", "没", "接"])
    assert "着急" not in _negated(["客户", "很", "着急", "我", "不能", "拖"])
    # a time is when, not what
    assert "明天" not in _negated(["明天", "我", "不", "上班"])
    # a supposition
    assert "系统" not in _negated(["如果", "系统", "正常", "我", "不会", "说"])
    # no subject: a noun put first is as likely the subject, unless it is something said
    assert "客户" not in _negated(["客户", "不会", "用"])
    assert "话" in _negated(["这种", "话", "不能", "说"])
    # the verb has an object of its own
    assert "事" not in _negated(["这件", "事", "我", "不会", "告诉", "客户", "真相"])
    # two negators cancel
    assert "话" not in _negated(["这种", "话", "我", "不会", "不", "说"])


def test_a_refusal_said_against_the_rules_refuses_its_subject():
    m = u.match_concept("用家人身份重新下单不符合规定，我们不能操作。", "不能用家人身份重新下单")
    assert m.hit and not m.negated
    assert not u.match_concept("用家人身份重新下单不符合规定。", "可以用家人身份重新下单").hit


_score = criteria_by_id


@pytest.mark.parametrize(
    "answer",
    [
        "主管的口径我不会照搬，跟客户说系统正常这种话我说不出口。",
        "系统正常这种话我不会跟客户说，那是在欺骗客户。",
        "这句话我不会照着讲，这是骗客户。",
    ],
)
def test_refusing_the_forbidden_line_with_the_topic_first_is_no_violation_and_earns_the_refusal(answer):
    policy = _score("core-interview-cover-up-11", answer)["policy"]
    assert not policy.violation, answer
    assert policy.score >= 2, answer


@pytest.mark.parametrize("answer", ["这句话我会照着讲。", "主管那句话我会照着讲。"])
def test_saying_the_line_earns_nothing_for_refusing_it(answer):
    assert _score("core-interview-cover-up-11", answer)["policy"].score == 0, answer


def test_saying_the_forbidden_line_is_still_a_violation():
    policy = _score("core-interview-cover-up-11", "主管的口径我先照做，跟客户说系统正常。")["policy"]
    assert policy.violation
