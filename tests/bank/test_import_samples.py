"""The two shipped sample papers import exactly as ../shared/samples/import/expected.json says."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from trainer.bank.importer import parse_paper

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples" / "import"
EXPECTED = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))
FREE_TEXT = {"case", "interview", "roleplay"}


def _parse(name: str):
    return parse_paper((SAMPLES / name).read_bytes(), name)


def test_objective_paper_types_answers_and_points():
    expected = EXPECTED["paper_objective_zh.txt"]
    questions = _parse("paper_objective_zh.txt").to_json()["questions"]
    assert dict(Counter(q["type"] for q in questions)) == expected["counts"]
    assert [q["position"] for q in questions] == list(range(1, len(questions) + 1))
    for position, answer in expected["answers"].items():
        assert questions[int(position) - 1]["answer"] == answer, position
    for position, points in expected["points"].items():
        assert questions[int(position) - 1]["points"] == points, position


def test_objective_paper_multiple_choice_policy_is_partial_one_point():
    """多选 heading says 少选得1分，错选不得分: partial credit of 1 point, 0 for any wrong choice."""
    assert EXPECTED["paper_objective_zh.txt"]["multiple_policy"].startswith("partial: 1 point")
    report = _parse("paper_objective_zh.txt")
    multiples = [q.to_question_dict() for q in report.questions if q.type == "multiple"]
    assert len(multiples) == 3
    for q in multiples:
        assert q["scoring"] == "partial"
        assert q["partial_points"] == 1
    assert all("scoring" not in q.to_question_dict() for q in report.questions if q.type != "multiple")


def test_objective_paper_noise_is_skipped_and_listed():
    assert EXPECTED["paper_objective_zh.txt"]["skipped_noise"] is True
    report = _parse("paper_objective_zh.txt").to_json()
    noise = [
        "客服岗位能力测评（样卷A）.docx",
        "本文档仅供内部培训使用，未经许可不得转载。",
        "第1页 共3页",
        "文档评论（0）",
        "相关文档",
    ]
    skipped = {s["text"]: s for s in report["skipped"]}
    for text in noise:
        assert text in skipped, text
        assert isinstance(skipped[text]["line"], int) and skipped[text]["reason"]
    everything = json.dumps(report["questions"], ensure_ascii=False)
    for text in noise:
        assert text not in everything
    assert skipped["第1页 共3页"]["line"] == 4


def test_objective_paper_explanations_and_reference_answer():
    report = _parse("paper_objective_zh.txt")
    first = report.questions[0].to_question_dict()
    assert first["explanation"] == "先掌握影响范围并启动预案，才能统一口径、批量处理。"
    assert first["options"]["B"] == "确认影响范围并同步运营启用超时补偿预案"
    assert "答案" not in first["stem"] and "（）" not in first["stem"]
    case = report.questions[9].to_question_dict()
    assert case["stem"].startswith("请分析问题产生的环节")
    assert "积分在活动结束后被清零" in case["background"]
    assert case["reference_answer"].endswith("长期建立规则变更联动清单和积分异常预警。")
    assert "10分" not in case["stem"]


def test_interview_paper_free_text_with_reference_answers():
    expected = EXPECTED["paper_interview_zh.txt"]
    report = _parse("paper_interview_zh.txt")
    questions = report.to_json()["questions"]
    assert len(questions) == expected["counts_free_text"]
    assert {q["type"] for q in questions} <= set(expected["types_allowed"])
    assert sum(q["has_reference_answer"] for q in questions) == expected["with_reference_answer"]
    for position, points in expected["points"].items():
        assert questions[int(position) - 1]["points"] == points
    assert questions[3]["type"] == "roleplay"  # 情景模拟类问题 come in as role-play drafts
    dicts = report.question_dicts()
    assert dicts[0]["reference_answer"].startswith("我曾处理一位因安装延误")
    assert "并把漏单问题反馈给调度组。" in dicts[0]["reference_answer"]
    assert dicts[0]["explanation"] == "考察共情、核实、协调资源与闭环能力。"
    assert dicts[1]["reference_answer"].startswith("先肯定客户的感受")
    assert [s["text"] for s in report.to_json()["skipped"]] == ["客服专员面试题集（样卷B）"]


def test_json_has_exactly_the_cli_shape():
    payload = _parse("paper_interview_zh.txt").to_json()
    assert set(payload) == {"questions", "skipped", "warnings"}
    keys = {"position", "type", "stem", "options", "answer", "points", "has_reference_answer", "status"}
    keys |= {"rubric_draft", "scenario_draft"}
    assert all(set(q) == keys for q in payload["questions"])
    json.dumps(payload)  # serialisable as is


@pytest.mark.parametrize("name", ["paper_objective_zh.txt", "paper_interview_zh.txt"])
def test_status_draft_exactly_when_not_publishable(name):
    report = _parse(name)
    for q in report.questions:
        if q.type in FREE_TEXT:
            assert q.status == "draft"  # needs a rubric or scenario first
        else:
            assert q.status == "published"
    assert [w.position for w in report.warnings if w.position] == sorted(
        w.position for w in report.warnings if w.position
    )


def test_ids_are_stable_and_distinct():
    first = [q["id"] for q in _parse("paper_objective_zh.txt").question_dicts()]
    again = [q["id"] for q in _parse("paper_objective_zh.txt").question_dicts()]
    assert first == again
    assert len(set(first)) == len(first)
    assert all(i.startswith("import-") for i in first)


def test_every_imported_question_is_accepted_by_the_bank():
    """The question dicts go straight into the bank's own validator (drafts included)."""
    from trainer.bank.services import normalize_question

    data = Path(__file__).resolve().parent / "data"
    papers = [SAMPLES / "paper_objective_zh.txt", SAMPLES / "paper_interview_zh.txt", *sorted(data.iterdir())]
    total = 0
    for paper in papers:
        for q in parse_paper(paper.read_bytes(), paper.name).question_dicts():
            spec = normalize_question(q)
            assert (spec["id"], spec["type"], spec["status"]) == (q["id"], q["type"], q["status"])
            total += 1
    assert total == 10 + 4 + 7 + 5 + 1
