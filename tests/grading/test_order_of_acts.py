"""A criterion's ``order`` (its key point ``first`` before the key points ``before``): an answer that does one
of those first earns at most the order's level; told in the right order, or told of as to come later, it
earns what it says."""

from __future__ import annotations

import pytest
from support.shipped import criteria_by_id

from trainer.grading.types import Order, Rubric, RubricError

CHILD_FIRST = (
    "林女士，孩子现在还好吗？嘴里、喉咙有没有被划到？有一点不舒服就先带去医院，看病的票据留着，医药费算进赔偿。"
    "饭里吃出金属丝太危险了，真的非常抱歉。照片麻烦再多拍几张，剩下的饭和包装袋别丢，封好留着。"
    "这单的 46 元平台先全额退给您，您不用自己找商家；按食品安全法可以要求价款十倍、最低一千元的赔偿，"
    "我已经提交给赔付专员，24 小时内联系您；这道菜已经让商家停售，区域经理会去店里查。"
    "工单号 FO-2231，明天上午我再联系您，问问孩子的情况和赔付进度。"
)

# the same content, the money first and the child's health asked about at the very end
MONEY_FIRST = (
    "林女士，饭里吃出金属丝太危险了，真的非常抱歉。这单的 46 元平台先全额退给您，您不用自己找商家；"
    "按食品安全法可以要求价款十倍、最低一千元的赔偿，我已经提交给赔付专员，24 小时内联系您；"
    "这道菜已经让商家停售，区域经理会去店里查。照片麻烦再多拍几张，剩下的饭和包装袋别丢，封好留着。"
    "工单号 FO-2231，明天上午我再联系您，问问孩子的情况和赔付进度。"
    "还有，孩子现在还好吗？嘴里、喉咙有没有被划到？有一点不舒服就先带去医院，看病的票据留着，医药费算进赔偿。"
)

FREEZE_FIRST = (
    "张先生，先别着急，我们马上一起把卡保护起来。我先按流程核对一下您的身份，银行不会向您要密码和验证码，"
    "谁来问都别给。卡在您手上吗？凌晨那三笔共 8600 元是您或家人刷的吗？不是的话我马上给您挂失冻结。"
    "这三笔我登记为争议交易，由银行向卡组织调单拒付，最长约 45 个工作日，期间不计息、不影响征信。"
    "建议您去派出所报案，回执留好。受理编号 CF-5520，进展短信通知您。"
)

# the paperwork done first, the stop put last while the charges keep coming
FREEZE_LAST = (
    "张先生，先别着急。我先按流程核对一下您的身份，银行不会向您要密码和验证码，谁来问都别给。"
    "卡在您手上吗？凌晨那三笔共 8600 元是您或家人刷的吗？好的，这三笔我先登记为争议交易，"
    "由银行向卡组织调单拒付，最长约 45 个工作日，期间不计息、不影响征信。建议您去派出所报案，回执留好。"
    "表格都填好以后，最后再给您的卡挂失冻结。受理编号 CF-5520，进展短信通知您。"
)


def test_the_childs_health_asked_first_earns_the_criterion():
    assert criteria_by_id("food-foreign-object-01", CHILD_FIRST)["empathy"].score == 3


def test_the_childs_health_asked_after_the_money_earns_the_orders_level():
    scored = criteria_by_id("food-foreign-object-01", MONEY_FIRST)["empathy"]
    assert scored.score == 1
    assert any("顺序" in m for m in scored.missing)


def test_the_other_criteria_keep_what_they_say():
    scored = criteria_by_id("food-foreign-object-01", MONEY_FIRST)
    assert scored["solution"].score == 3
    assert scored["information"].score == 2


def test_the_card_frozen_before_the_dispute_earns_the_criterion():
    assert criteria_by_id("fin-card-fraud-01", FREEZE_FIRST)["solution"].score == 3


def test_the_card_frozen_after_the_paperwork_earns_the_orders_level():
    assert criteria_by_id("fin-card-fraud-01", FREEZE_LAST)["solution"].score == 1


def test_an_act_told_of_as_to_come_later_is_not_done_ahead():
    said = FREEZE_FIRST.replace("卡在您手上吗？", "卡在您手上吗？逐笔核对清楚，之后登记争议交易的时候要用。")
    assert criteria_by_id("fin-card-fraud-01", said)["solution"].score == 3


def _rubric(order: object) -> dict[str, object]:
    return {
        "id": "r",
        "criteria": [
            {"id": "a", "max": 3, "key_points": ["先问孩子", "致歉"], "order": order},
            {"id": "b", "max": 2, "key_points": ["退款"]},
        ],
    }


def test_the_order_field_loads_and_round_trips():
    rubric = Rubric.from_dict(_rubric([{"first": "先问孩子", "before": ["退款"], "level": 1}]))
    assert rubric.criteria[0].order == (Order("先问孩子", ("退款",), 1),)
    assert Rubric.from_dict(rubric.to_dict()).criteria[0].order == rubric.criteria[0].order
    assert Rubric.from_dict(_rubric(None)).criteria[0].order == ()
    assert "order" not in Rubric.from_dict(_rubric(None)).to_dict()["criteria"][0]


@pytest.mark.parametrize(
    "order",
    [
        [{"first": "退款", "before": ["致歉"], "level": 1}],  # not a key point of this criterion
        [{"first": "先问孩子", "before": ["赔偿"], "level": 1}],  # no such key point
        [{"first": "先问孩子", "before": ["退款"], "level": 3}],  # the max is no cap
        [{"first": "先问孩子", "before": ["退款"]}],
        [{"first": "先问孩子", "then": ["退款"], "level": 1}],
        {"first": "先问孩子"},
    ],
)
def test_a_wrong_order_field_names_the_field(order: object):
    with pytest.raises(RubricError) as err:
        Rubric.from_dict(_rubric(order))
    assert "order" in err.value.field
