"""Loading the question bank from YAML, versioning, bad files, and export round trips."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from trainer.bank.loader import BankLoadError, export_bank, load_bank
from trainer.bank.models import Question, QuestionVersion, Rubric, RubricVersion
from trainer.bank.services import question_to_dict
from trainer.extensions import db

DATA = Path(__file__).parent / "data" / "bank"


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def bank_copy(tmp_path: Path) -> Path:
    target = tmp_path / "bank"
    shutil.copytree(DATA, target)
    return target


def test_load_creates_questions_and_the_rubrics_they_name(app):
    report = load_bank(DATA)
    db.session.commit()
    assert report.questions["created"] == 4
    assert report.rubrics["created"] == 1
    q = db.session.scalar(select(Question).where(Question.uid == "t-multi-01"))
    assert q.current.type == "multiple"
    assert q.current.data == {
        "options": q.current.data["options"],
        "answer": ["A", "C"],
        "scoring": "partial",
    }
    assert sorted(t.tag for t in q.tags) == ["物流"]
    case = db.session.scalar(select(Question).where(Question.uid == "t-case-01"))
    assert case.current.rubric_uid == "t-rubric"
    assert case.current.background.startswith("客户购买的电饭煲")


def test_loading_twice_creates_nothing_new(app):
    load_bank(DATA)
    db.session.commit()
    before = (_count(Question), _count(QuestionVersion), _count(Rubric), _count(RubricVersion))
    report = load_bank(DATA)
    db.session.commit()
    assert report.changed == 0
    assert (_count(Question), _count(QuestionVersion), _count(Rubric), _count(RubricVersion)) == before


def test_a_changed_question_becomes_a_new_version_and_the_old_one_is_kept(app, bank_copy):
    load_bank(bank_copy)
    db.session.commit()
    path = bank_copy / "sample.yaml"
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    items[0]["stem"] = "客户情绪激动时，开场第一句话最合适的是？"
    path.write_text(yaml.safe_dump(items, allow_unicode=True), encoding="utf-8")
    report = load_bank(bank_copy)
    db.session.commit()
    assert report.questions["new_version"] == 1 and report.questions["unchanged"] == 3
    q = db.session.scalar(select(Question).where(Question.uid == "t-single-01"))
    assert [v.number for v in q.versions] == [1, 2]
    assert q.current.number == 2 and q.current.stem.startswith("客户情绪激动时")
    assert q.versions[0].stem.startswith("客户来电时")


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda items: items[0].update(answer="E"), "sample.yaml [t-single-01] answer"),
        (lambda items: items[1].update(type="essay"), "sample.yaml [t-multi-01] type"),
        (lambda items: items[2].update(difficulty=9), "sample.yaml [t-tf-01] difficulty"),
        (lambda items: items[3].update(rubric="no-such-rubric"), "rubric 'no-such-rubric' not found"),
        (
            lambda items: items.append(dict(items[0])),
            "sample.yaml [t-single-01] id: also used in sample.yaml",
        ),
    ],
)
def test_a_bad_file_names_file_question_and_field_and_loads_nothing(app, bank_copy, edit, expected):
    path = bank_copy / "sample.yaml"
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(items)
    path.write_text(yaml.safe_dump(items, allow_unicode=True), encoding="utf-8")
    with pytest.raises(BankLoadError) as info:
        load_bank(bank_copy)
    db.session.rollback()
    assert expected in str(info.value)
    assert _count(Question) == 0 and _count(Rubric) == 0


def test_broken_yaml_is_reported_with_its_file(app, bank_copy):
    (bank_copy / "broken.yaml").write_text("- id: x\n  stem: [unclosed\n", encoding="utf-8")
    with pytest.raises(BankLoadError) as info:
        load_bank(bank_copy)
    assert "broken.yaml file: not valid YAML" in str(info.value)


def test_export_then_load_changes_nothing(app, tmp_path):
    load_bank(DATA)
    db.session.commit()
    before = {q.uid: question_to_dict(q) for q in db.session.scalars(select(Question))}
    counts = export_bank(tmp_path / "out")
    assert counts["questions"] == 4 and counts["rubrics"] == 1
    assert (tmp_path / "out" / "sample.yaml").is_file()
    assert (tmp_path / "out" / "rubrics" / "t-rubric.yaml").is_file()
    report = load_bank(tmp_path / "out")
    assert report.changed == 0
    after = {q.uid: question_to_dict(q) for q in db.session.scalars(select(Question))}
    assert after == before


def test_cli_load_reports_and_fails_cleanly(runner, bank_copy):
    result = runner.invoke(args=["bank", "load", str(bank_copy)])
    assert result.exit_code == 0, result.output
    assert "questions: created 4" in result.output
    result = runner.invoke(args=["bank", "load", str(bank_copy)])
    assert "questions: unchanged 4" in result.output
    (bank_copy / "bad.yaml").write_text("- id: only-an-id\n  type: single\n", encoding="utf-8")
    result = runner.invoke(args=["bank", "load", str(bank_copy)])
    assert result.exit_code == 1
    assert (
        "Nothing was loaded" in result.output and "bad.yaml [only-an-id] stem: is required" in result.output
    )


def test_shipped_bank_loads_twice_without_changes_and_round_trips(app, bank_dir, tmp_path):
    report = load_bank(bank_dir)
    db.session.commit()
    assert report.questions["created"] >= 60
    assert load_bank(bank_dir).changed == 0
    export_bank(tmp_path / "export")
    assert load_bank(tmp_path / "export").changed == 0
