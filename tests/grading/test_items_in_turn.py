"""A line that goes through numbered items in turn ("1 号、4 号……紧急；3 号……定中；2 号……") gives each item
what is said after its own mention: the urgency of the item before it is not said of it, and an urgency said
wrong for an item costs more than silence."""

from __future__ import annotations

from support.shipped import criteria_by_id

from trainer.grading.offline.criteria import _sentence_of, items_part, taxonomy_clash
from trainer.grading.offline.phrases import Sentence
from trainer.grading.offline.prepare import make_doc

LINE = (
    "定级：1 号和 4 号是同一个支付回调故障，系统问题，紧急；3 号冷链胰岛素属服务流程，{third}；2 号寒潮停航是外部"
    "因素，定高；5 号会员包邮是沟通误解，定中；6 号夜间模式是产品功能建议，定低。\n顺序：3 → 1、4 → 2 → 5 → 6，先"
    "健康和资金。\n下一步：1、4 号合并转技术值班；3 号联系网点今晚送到；2 号告知新的预计时间；5 号解释规则；6 号进"
    "需求池。"
)


def test_the_urgency_of_the_item_before_is_not_said_of_the_next():
    said = criteria_by_id("core-triage-queue-01", LINE.format(third="定中"))["diagnosis"]
    assert said.score == 3
    assert "3号冷链药品定紧急" in said.rationale and "判断有误" in said.rationale


def test_the_right_urgency_for_each_item_earns_the_criterion():
    assert criteria_by_id("core-triage-queue-01", LINE.format(third="定紧急"))["diagnosis"].score == 4


def test_an_item_s_part_runs_from_its_mention_to_the_next_item():
    line = "2 号和 5 号是咨询类，定低；7 号是设备故障，定高；8 号是建议。"
    assert items_part(line, frozenset({"7"})) == "7 号是设备故障,定高;"  # normalised punctuation
    assert items_part("7 号是设备故障，定高。", frozenset({"7"})) == "7 号是设备故障，定高。"
    assert taxonomy_clash(("7号定紧急",), line)


def test_a_span_across_two_sentences_is_read_in_both():
    sentences = [Sentence(t, make_doc(t, "zh")) for t in ("2 号定紧急；", "7 号是设备故障，定高；")]
    assert _sentence_of("紧急；7 号是设备", sentences) == "2 号定紧急；7 号是设备故障，定高；"
    assert _sentence_of("设备故障", sentences) == "7 号是设备故障，定高；"
