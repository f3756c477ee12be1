"""`flask bank import` and the exchange commands: JSON output, dry runs, all-or-nothing writes."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from sqlalchemy import func, select

from trainer.bank.models import Question
from trainer.extensions import db

FREE_TEXT = {"case", "interview", "roleplay"}


def _count() -> int:
    return int(db.session.scalar(select(func.count()).select_from(Question)) or 0)


def _json(runner, path) -> dict:
    result = runner.invoke(args=["bank", "import", str(path), "--json", "--dry-run"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # exactly one JSON object on stdout


def test_objective_sample_json_matches_expected(runner, samples):
    expected = json.loads((samples / "expected.json").read_text(encoding="utf-8"))["paper_objective_zh.txt"]
    out = _json(runner, samples / "paper_objective_zh.txt")
    assert set(out) == {"questions", "skipped", "warnings"}
    questions = out["questions"]
    assert dict(Counter(q["type"] for q in questions)) == expected["counts"]
    for position, answer in expected["answers"].items():
        assert questions[int(position) - 1]["answer"] == answer, position
    for position, points in expected["points"].items():
        assert questions[int(position) - 1]["points"] == points, position
    keys = {"position", "type", "stem", "options", "answer", "points", "has_reference_answer", "status"}
    keys |= {"rubric_draft", "scenario_draft"}
    assert all(set(q) == keys for q in questions)
    assert expected["skipped_noise"] and "第1页 共3页" in {s["text"] for s in out["skipped"]}
    assert all("position" in w for w in out["warnings"])


def test_interview_sample_json_matches_expected(runner, samples):
    expected = json.loads((samples / "expected.json").read_text(encoding="utf-8"))["paper_interview_zh.txt"]
    questions = _json(runner, samples / "paper_interview_zh.txt")["questions"]
    assert len([q for q in questions if q["type"] in FREE_TEXT]) == expected["counts_free_text"]
    assert {q["type"] for q in questions} <= set(expected["types_allowed"])
    assert sum(q["has_reference_answer"] for q in questions) == expected["with_reference_answer"]
    for position, points in expected["points"].items():
        assert questions[int(position) - 1]["points"] == points


def test_dry_run_writes_nothing(runner, samples):
    result = runner.invoke(args=["bank", "import", str(samples / "paper_objective_zh.txt"), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Dry run" in result.output
    assert _count() == 0


def test_real_run_writes_every_question_and_they_show_in_the_bank(runner, samples, client, auth, make_user):
    result = runner.invoke(args=["bank", "import", str(samples / "paper_objective_zh.txt")])
    assert result.exit_code == 0, result.output
    assert "created: 10" in result.output
    assert _count() == 10
    auth.login(make_user("trainer"))
    page = client.get("/bank/").get_data(as_text=True)
    assert "值班客服最先应该做什么" in page
    drafts = client.get("/bank/?status=draft").get_data(as_text=True)
    assert "请分析问题产生的环节" in drafts and "值班客服最先应该做什么" not in drafts
    again = runner.invoke(args=["bank", "import", str(samples / "paper_objective_zh.txt")])
    assert again.exit_code == 0 and "unchanged: 10" in again.output
    assert _count() == 10


def test_json_real_run_keeps_stdout_one_object(runner, samples):
    result = runner.invoke(args=["bank", "import", str(samples / "paper_interview_zh.txt"), "--json"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["questions"]) == _count() > 0


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("paper.docx", b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 4),  # a program renamed .docx
        ("paper.txt", b"%PDF-1.7\n" + bytes(range(256)) * 4),  # a PDF renamed .txt
        ("paper.docx", b"PK\x03\x04 not really a zip"),  # a corrupt docx
    ],
)
def test_refused_file_writes_nothing_and_exits_1(runner, tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    result = runner.invoke(args=["bank", "import", str(path)])
    assert result.exit_code == 1
    assert "Refused, nothing written" in result.output
    assert _count() == 0
    as_json = runner.invoke(args=["bank", "import", str(path), "--json"])
    assert as_json.exit_code == 1 and "error" in json.loads(as_json.stdout)


def test_failure_mid_write_rolls_back_everything(runner, samples, monkeypatch):
    import trainer.authoring.imports as imports

    real = imports.save_question
    calls = []

    def failing(question, **kwargs):
        calls.append(question["id"])
        if len(calls) == 6:
            raise RuntimeError("disk full")
        return real(question, **kwargs)

    monkeypatch.setattr(imports, "save_question", failing)
    result = runner.invoke(args=["bank", "import", str(samples / "paper_objective_zh.txt")])
    assert result.exit_code == 1
    assert "Nothing was written" in result.output and "disk full" in result.output
    assert len(calls) == 6
    db.session.expire_all()
    assert _count() == 0


def test_exchange_round_trip_through_the_cli(runner, samples, tmp_path):
    assert runner.invoke(args=["bank", "import", str(samples / "paper_objective_zh.txt")]).exit_code == 0
    target = tmp_path / "out.xml"
    exported = runner.invoke(args=["bank", "export-format", "--format", "moodle", str(target)])
    assert exported.exit_code == 0, exported.output
    assert "Wrote 10 questions" in exported.output
    found = runner.invoke(args=["bank", "import-format", str(target), "--json", "--dry-run"])
    assert found.exit_code == 0, found.output
    data = json.loads(found.stdout)
    assert Counter(q["type"] for q in data["questions"]) == Counter(
        {"single": 4, "multiple": 3, "truefalse": 2, "interview": 1}
    )
    gift = tmp_path / "out.gift"
    assert runner.invoke(args=["bank", "export-format", "--format", "gift", str(gift)]).exit_code == 0
    assert "::" in gift.read_text(encoding="utf-8")
    folder = tmp_path / "yaml"
    assert runner.invoke(args=["bank", "export-format", "--format", "yaml", str(folder)]).exit_code == 0
    assert list(folder.glob("import-*.yaml"))
