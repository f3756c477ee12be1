"""The rubric format additions: concepts with alternatives, must_not, diagnosis, per-question anchors."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from trainer.grading.offline import OfflineEngine
from trainer.grading.offline.terms import verdict
from trainer.grading.types import Rubric, RubricError

RUBRICS = Path(__file__).resolve().parents[2] / "rubrics"

CARD = {
    "id": "card-safety",
    "title": "信用卡盗刷来电",
    "lang": "zh",
    "criteria": [
        {
            "id": "safety",
            "name": "信息安全",
            "max": 3,
            "description": "核实身份时不索要卡片敏感信息",
            "key_points": [
                "立即冻结卡片",
                {
                    "concept": "提醒不要透露验证码",
                    "any": ["验证码不要告诉任何人", "任何人索要验证码都不要给"],
                    "weight": 2,
                },
            ],
            "must_not": [
                {
                    "concept": "索要CVV或短信验证码",
                    "any": ["把验证码报给我", "卡背面的三位数告诉我", "请提供CVV"],
                    "reason": "索要卡片敏感信息，违反安全规范",
                },
                "系统正常，是您的网络问题",
            ],
        },
        {
            "id": "triage",
            "name": "问题定级",
            "max": 2,
            "description": "判断问题类别和紧急程度",
            "key_points": ["判断为盗刷风险"],
            "diagnosis": {"class": "系统故障", "urgency": "紧急"},
        },
    ],
    "anchors": [
        {
            "answer": "我先帮您冻结卡片，验证码不要告诉任何人。这是系统故障，优先级定为紧急。",
            "scores": {"safety": 3, "triage": 2},
            "question": "card-01",
        },
        {"answer": "您再等等看吧。", "scores": {"safety": 0, "triage": 0}, "generic": True},
        {"answer": "别的题的样例", "scores": {"safety": 1, "triage": 1}, "question": "card-02"},
    ],
}


def test_additions_parse_and_round_trip():
    rubric = Rubric.from_dict(CARD)
    safety = rubric.criterion("safety")
    assert safety.key_points == ("立即冻结卡片", "提醒不要透露验证码")
    assert safety.concepts[1].any == ("验证码不要告诉任何人", "任何人索要验证码都不要给")
    assert safety.concepts[1].weight == 2
    assert safety.must_not[0].reason == "索要卡片敏感信息，违反安全规范"
    assert safety.must_not[1].reason == "系统正常，是您的网络问题"  # string form: the concept is the reason
    triage = rubric.criterion("triage")
    assert triage.diagnosis and (triage.diagnosis.problem_class, triage.diagnosis.urgency) == (
        "system",
        "urgent",
    )
    assert Rubric.from_dict(rubric.to_dict()) == rubric


def test_english_taxonomy_names_map_to_the_same_values():
    data = yaml.safe_load(yaml.safe_dump(CARD, allow_unicode=True))
    data["criteria"][1]["diagnosis"] = {"class": "system fault", "urgency": "urgent (2 h)"}
    triage = Rubric.from_dict(data).criterion("triage")
    assert triage.diagnosis == Rubric.from_dict(CARD).criterion("triage").diagnosis


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        (("criteria", 0, "must_not", 0, "reason"), "", "criteria[0].must_not[0].reason"),
        (("criteria", 0, "key_points", 1, "weight"), -1, "criteria[0].key_points[1].weight"),
        (("criteria", 0, "key_points", 1, "any"), [""], "criteria[0].key_points[1].any"),
        (("criteria", 1, "diagnosis", "class"), "天气原因", "criteria[1].diagnosis.class"),
        (("criteria", 1, "diagnosis", "urgency"), "很急", "criteria[1].diagnosis.urgency"),
        (("anchors", 0, "generic"), "yes", "anchors[0].generic"),
    ],
)
def test_validation_errors_name_the_field(path, value, field):
    data = yaml.safe_load(yaml.safe_dump(CARD, allow_unicode=True))
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(RubricError) as err:
        Rubric.from_dict(data)
    assert err.value.field == field


def test_every_shipped_rubric_still_loads():
    for path in sorted(RUBRICS.glob("*.yaml")):
        rubric = Rubric.from_dict(yaml.safe_load(path.read_text(encoding="utf-8")))
        assert Rubric.from_dict(rubric.to_dict()) == rubric, path.name


def test_anchors_for_another_question_are_left_out():
    rubric = Rubric.from_dict(CARD)
    own = rubric.for_question("card-01").question_anchors()
    assert [a.question or "generic" for a in own] == ["card-01", "generic"]
    assert len(rubric.for_question("card-02").question_anchors()) == 2


def test_must_not_caps_the_criterion_at_zero_with_the_reason():
    rubric = Rubric.from_dict(CARD)
    engine = OfflineEngine()
    good = engine.score(rubric, "我马上帮您冻结卡片。验证码不要告诉任何人，包括我们的工作人员。")
    bad = engine.score(
        rubric, "我马上帮您冻结卡片。为了核实身份，请把验证码报给我，再把卡背面的三位数告诉我。"
    )
    safety_good = good.criteria[0]
    safety_bad = bad.criteria[0]
    assert safety_good.score >= 2 and not safety_good.violation
    assert safety_bad.score == 0
    assert safety_bad.violation == "索要卡片敏感信息，违反安全规范"
    assert "违反安全规范" in safety_bad.rationale
    assert (
        safety_bad.evidence
        and safety_bad.evidence
        in "我马上帮您冻结卡片。为了核实身份，请把验证码报给我，再把卡背面的三位数告诉我。"
    )


def test_a_refused_must_not_is_not_a_hit():
    rubric = Rubric.from_dict(CARD)
    result = OfflineEngine().score(
        rubric, "我们绝不会让您把验证码报给我，请提供CVV这种要求都是诈骗。先冻结卡片。"
    )
    assert not result.criteria[0].violation


def test_diagnosis_gives_zero_with_the_reason_for_another_class_or_urgency():
    rubric = Rubric.from_dict(CARD)
    engine = OfflineEngine()
    right = engine.score(rubric, "判断为盗刷风险，这是系统故障，优先级定为紧急，两小时内处理。")
    wrong_class = engine.score(rubric, "判断为盗刷风险，这属于沟通误解，优先级定为紧急。")
    wrong_level = engine.score(rubric, "判断为盗刷风险，这是系统故障，优先级为低，排期处理。")
    assert right.criteria[1].score == 2
    assert wrong_class.criteria[1].score == 0 and "沟通误解" in wrong_class.criteria[1].violation
    assert wrong_level.criteria[1].score == 0 and "低" in wrong_level.criteria[1].violation
    assert "系统故障" in wrong_class.criteria[1].rationale


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("对了，我想补充一点", 0),
        ("对于这件事，我认为", 0),
        ("对。因为栈顶先出", 1),
        ("正确，因为", 1),
        ("错误。", -1),
    ],
)
def test_verdict_ignores_fillers(text, expected):
    assert verdict(text) == expected
