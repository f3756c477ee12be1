"""The builder refuses what could not be graded or reach anyone, with the reason; publishing checks again."""

from __future__ import annotations

import pytest

from trainer.bank.services import save_question
from trainer.exams.builder import BuildError, ExamSpec, save_exam
from trainer.exams.layout import Section, pool_size
from trainer.extensions import db


def _case(uid: str, **extra):
    raw = {
        "id": uid,
        "type": "case",
        "points": 10,
        "tags": ["物流"],
        "stem": "客户的包裹丢了，请写出处理过程。",
        **extra,
    }
    save_question(raw)
    db.session.commit()


def _spec(*uids: str, **overrides) -> ExamSpec:
    return ExamSpec(
        title="检查",
        sections=[Section(title="案例", questions=[{"uid": u, "policy": None} for u in uids])],
        status=overrides.pop("status", "published"),
        open_to_all=overrides.pop("open_to_all", True),
        **overrides,
    )


def test_a_draft_question_is_refused_with_the_reason(bank, trainer):
    _case("draft-case", rubric="t-rubric", status="draft")
    with pytest.raises(BuildError) as refused:
        save_exam(_spec("t-single-0", "draft-case"), trainer)
    assert refused.value.problems == ["案例：“draft-case”是草稿或已归档，请先在题库中发布"]


def test_free_text_without_a_rubric_is_refused_and_never_drawn(bank, trainer):
    _case("no-rubric-case", status="draft")  # the bank keeps free text without a rubric as a draft
    _case("missing-rubric-case", rubric="no-such-rubric")  # published, but its rubric was never added
    with pytest.raises(BuildError) as refused:
        save_exam(_spec("no-rubric-case", "missing-rubric-case", status="draft"), trainer)
    assert refused.value.problems == [
        "案例：“no-rubric-case”是草稿或已归档，请先在题库中发布",
        "案例：“missing-rubric-case”是主观题但没有评分标准，无法评分",
    ]
    # a random draw of case questions only counts (and draws) the one that has a rubric
    assert pool_size(Section(title="抽题", draw=1, type="case")) == 1
    with pytest.raises(BuildError) as short:
        save_exam(
            ExamSpec(title="抽", sections=[Section(title="抽题", draw=2, type="case")], open_to_all=True),
            trainer,
        )
    assert "要抽取 2 道，但只有 1 道符合条件" in short.value.problems[0]


def test_publishing_checks_again(bank, trainer):
    exam = save_exam(_spec("t-case", status="draft"), trainer)
    db.session.commit()
    bank["t-case"].status = "draft"  # the question went back to draft after the exam was built
    db.session.commit()
    with pytest.raises(BuildError) as refused:
        save_exam(_spec("t-case", status="published"), trainer, exam)
    assert "“t-case”是草稿或已归档" in refused.value.problems[0]
    db.session.rollback()
    assert exam.status == "draft"


def test_a_published_exam_for_nobody_is_refused(bank, trainer):
    with pytest.raises(BuildError) as refused:
        save_exam(_spec("t-single-0", open_to_all=False), trainer)
    assert "已发布的考试必须面向全部学员或指派给具体的人" in refused.value.problems[0]
    draft = save_exam(_spec("t-single-0", open_to_all=False, status="draft"), trainer)
    assert draft.status == "draft"  # a draft may wait for its candidates


def test_the_form_shows_the_reason(client, auth, bank, trainer):
    _case("draft-case", rubric="t-rubric", status="draft")
    auth.login(trainer)
    page = auth.post(
        "/exams/new",
        {
            "title": "表单检查",
            "mode": "exam",
            "status": "published",
            "open_to_all": "y",
            "sections-0-title": "案例",
            "sections-0-questions": "draft-case",
        },
    )
    assert page.status_code == 200
    assert "“draft-case”是草稿或已归档，请先在题库中发布" in page.get_data(as_text=True)
