"""The scorecard: rubric scores with evidence pointing at turns, outcome, red lines, anger chart."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from trainer.grading.types import Rubric
from trainer.roleplay.scenario import Scenario
from trainer.roleplay.scoring import anger_curve_svg, evidence_turns, score_session
from trainer.roleplay.scripted import play

RUBRIC_DIR = Path(__file__).resolve().parents[2] / "rubrics"

# A small rubric written for this test, so the scorecard is checked whatever the shipped rubrics say.
TEST_RUBRIC = Rubric.from_dict(
    {
        "id": "test-complaint",
        "title": "投诉处理",
        "lang": "zh",
        "criteria": [
            {
                "id": "empathy",
                "name": "共情",
                "max": 3,
                "description": "回应客户的具体处境并真诚致歉",
                "key_points": ["白等", "换成是我", "抱歉"],
            },
            {
                "id": "solution",
                "name": "方案",
                "max": 3,
                "description": "给出政策内的补救方案和具体时间",
                "key_points": ["优先派送", "补偿券", "主动回电"],
            },
        ],
    }
)

GOOD = [
    "林女士，真的抱歉，让您白等了四天，还为这事打了两次电话，换成是我也着急。",
    "我查到转运中心 19 号已经恢复分拣，包裹装车去了余杭营业部，轨迹没同步是我们没做好。",
    "我马上给您提交优先派送，明天上午 11 点前送到，再给您一张 20 元延误补偿券，明早 9 点我主动回电确认。",
]


def test_scorecard_maps_evidence_to_turns(storm: Scenario) -> None:
    state = play(storm, GOOD)
    card = score_session(storm, state.transcript, TEST_RUBRIC)
    json.dumps(card)  # storable as JSON
    by_id = {c["id"]: c for c in card["score"]["criteria"]}
    assert by_id["empathy"]["score"] > 0 and by_id["solution"]["score"] > 0
    for crit in by_id.values():
        assert crit["evidence"], crit
        for turn in crit["evidence_turns"]:
            assert crit["evidence"].split("\n")[0][:6] in state.transcript[turn]["candidate"]
    assert by_id["solution"]["evidence_turns"] and by_id["solution"]["evidence_turns"][0] == 3
    assert card["outcome"] == {
        "end_state": "resolved",
        "final_anger": state.anger,
        "start_anger": storm.anger_start,
        "turns_used": 3,
        "turn_limit": storm.turn_limit,
    }
    assert card["red_lines"] == []
    assert card["anger_curve"] == [list(p) for p in state.anger_curve()]


def test_scorecard_lists_red_lines_and_a_bad_outcome(storm: Scenario) -> None:
    state = play(
        storm,
        [
            "下雨是不可抗力，我们也没办法。",
            "这样吧，我给您全额赔偿。",
            "不归我们管，您去找快递公司。",
            "天灾谁也没办法，请您耐心等待。",
        ],
    )
    card = score_session(storm, state.transcript, TEST_RUBRIC)
    assert card["outcome"]["end_state"] == "escalated" and card["outcome"]["final_anger"] == 10
    assert [(r["label"], r["turn"], r["quote"]) for r in card["red_lines"]] == [
        (storm.label_of("over_compensation"), 2, "这样吧，我给您全额赔偿。")
    ]
    assert (
        card["score"]["total"]
        < score_session(storm, play(storm, GOOD).transcript, TEST_RUBRIC)["score"]["total"]
    )


def test_evidence_turns_spanning_and_missing() -> None:
    turns = [(1, "您好，非常抱歉让您久等。"), (2, "我给您提交优先派送。")]
    assert evidence_turns("我给您提交优先派送", turns) == [2]
    assert evidence_turns("非常抱歉让您久等。我给您提交优先派送。", turns) == [1, 2]
    assert evidence_turns("", turns) == []
    assert evidence_turns("完全无关的句子", turns) == []


def test_svg_contains_every_point() -> None:
    points = [(0, 6), (1, 8), (2, 5), (3, 2)]
    svg = anger_curve_svg(points)
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "<script" not in svg and "http://" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    found = re.findall(r'data-turn="(\d+)" data-anger="(\d+)"', svg)
    assert [(int(t), int(a)) for t, a in found] == points
    ys = [float(y) for y in re.findall(r'<circle cx="[\d.]+" cy="([\d.]+)"', svg)]
    assert ys[1] < ys[0] < ys[2] < ys[3]  # higher anger is drawn higher up
    assert len(re.search(r'points="([^"]+)"', svg).group(1).split()) == 4  # type: ignore[union-attr]
    assert "<circle" not in anger_curve_svg([])


@pytest.mark.parametrize(
    "rubric_id", ["roleplay-complaint-zh", "roleplay-complaint-en", "roleplay-privacy-zh"]
)
def test_shipped_rubrics_score_a_played_session(scenarios: dict[str, Scenario], rubric_id: str) -> None:
    path = RUBRIC_DIR / f"{rubric_id}.yaml"
    rubric = Rubric.from_dict(yaml.safe_load(path.read_text(encoding="utf-8")))
    good_sum = bad_sum = 0.0
    for scenario in (s for s in scenarios.values() if s.rubric == rubric_id):
        good = score_session(scenario, play(scenario, scenario.samples["good"]).transcript, rubric)
        bad = score_session(scenario, play(scenario, scenario.samples["bad"]).transcript, rubric)
        assert good["score"]["total"] >= bad["score"]["total"], scenario.id
        assert good["outcome"]["end_state"] == "resolved" and bad["outcome"]["end_state"] == "escalated"
        good_sum += good["score"]["total"]
        bad_sum += bad["score"]["total"]
    assert good_sum > bad_sum
