"""Rubric export/import as YAML and JSON keeps every field; bad or unsafe input is refused."""

from __future__ import annotations

import pytest

from trainer.bank.importer import ImportRefused
from trainer.grading.rubric_exchange import rubric_from_json, rubric_from_yaml, rubric_to_json, rubric_to_yaml
from trainer.grading.types import Rubric

RUBRIC = Rubric.from_dict(
    {
        "id": "refund-delay",
        "title": "退款延迟投诉处理",
        "lang": "zh",
        "criteria": [
            {
                "id": "empathy",
                "name": "共情安抚",
                "max": 3,
                "description": "回应客户情绪，真诚致歉",
                "levels": {3: "主动致歉并复述诉求", 2: "有致歉", 1: "敷衍", 0: "推诿"},
                "key_points": ["致歉", "理解"],
            },
            {"id": "facts", "name": "核实信息", "max": 2.5},
        ],
        "reference_answer": "先致歉，再查询退款节点并告知时限。",
        "anchors": [{"answer": "抱歉让您久等，我马上查。", "scores": {"empathy": 3, "facts": 1}}],
    }
)


def test_yaml_round_trip():
    text = rubric_to_yaml(RUBRIC)
    assert "共情安抚" in text  # Unicode kept readable
    assert rubric_from_yaml(text) == RUBRIC
    assert rubric_from_yaml(text.encode("utf-8"), version=4).version == 4


def test_json_round_trip():
    text = rubric_to_json(RUBRIC)
    assert '"levels"' in text
    assert rubric_from_json(text.encode()) == RUBRIC


def test_invalid_rubric_names_the_field():
    with pytest.raises(ImportRefused, match=r"criteria\[0\]\.max"):
        rubric_from_json('{"id": "x", "criteria": [{"id": "a", "max": -1}]}')


def test_yaml_aliases_and_malformed_input_are_refused():
    bomb = "a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n"
    with pytest.raises(ImportRefused, match="aliases"):
        rubric_from_yaml(bomb)
    with pytest.raises(ImportRefused, match="Malformed YAML"):
        rubric_from_yaml("id: [unclosed")
    with pytest.raises(ImportRefused, match="Malformed JSON"):
        rubric_from_json("{")
    with pytest.raises(ImportRefused, match="File too large"):
        rubric_from_yaml("id: x\n" * 10, max_bytes=20)
