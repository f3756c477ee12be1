"""Exam services: drawing, shuffling, grading every type and policy, the deadline, submit, resume, review."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from trainer.bank.models import Question
from trainer.database import utcnow
from trainer.exams import services
from trainer.exams.grading import grade_item
from trainer.exams.layout import Section, draw_layout, layout_items
from trainer.exams.models import Attempt, Response
from trainer.exams.services import ExamError
from trainer.exams.views import paper_view, result_view
from trainer.extensions import db


def _answer(attempt: Attempt, uid: str, answer, seq: int = 1, now=None):
    response = next(r for r in attempt.responses if r.question_version.question.uid == uid)
    return services.save_answer(
        attempt.id, attempt.user_id, response.position, answer, False, seq, now or utcnow()
    )


def _response(attempt: Attempt, uid: str) -> Response:
    return next(r for r in attempt.responses if r.question_version.question.uid == uid)


def test_draw_keeps_fixed_picks_draws_the_rest_and_never_repeats(make_exam):
    exam = make_exam(
        sections=[
            Section(
                title="A",
                questions=[{"uid": "t-single-0", "policy": None}],
                draw=2,
                type="single",
                tags=["物流"],
            ),
            Section(title="B", draw=2, type="single"),
        ]
    )
    layout = draw_layout(exam.config, seed=7)
    uids = [db.session.get(Question, _qid(i["qv"])).uid for s in layout for i in s["items"]]
    assert uids[0] == "t-single-0"
    assert set(uids[:3]) <= {"t-single-0", "t-single-1", "t-single-2"}  # tag 物流 only
    assert len(uids) == len(set(uids)) == 5
    assert [i["pos"] for s in layout for i in s["items"]] == list(range(5))


def _qid(version_id: int) -> int:
    from trainer.bank.models import QuestionVersion

    return db.session.get(QuestionVersion, version_id).question_id


def test_same_seed_same_paper_and_each_attempt_keeps_its_own(make_exam, make_user):
    exam = make_exam(
        shuffle_questions=True, shuffle_options=True, sections=[Section(title="S", draw=5, type="single")]
    )
    assert draw_layout(exam.config, 11) == draw_layout(exam.config, 11)
    layouts = {str(draw_layout(exam.config, seed)) for seed in range(12)}
    assert len(layouts) > 1  # different seeds shuffle differently
    candidate = make_user()
    attempt = services.start_attempt(exam, candidate, utcnow())
    db.session.commit()
    first = paper_view(attempt)
    orders = [[o["key"] for o in q["options"]] for q in first[0]["items"]]
    assert attempt.layout == draw_layout(exam.config, attempt.seed)
    # resuming returns the same attempt with the same order of questions and options
    again = services.start_attempt(exam, candidate, utcnow())
    assert again.id == attempt.id
    assert [[o["key"] for o in q["options"]] for q in paper_view(again)[0]["items"]] == orders


def test_start_freezes_versions_and_public_data_hides_keys(make_exam, make_user):
    exam = make_exam()
    attempt = services.start_attempt(exam, make_user(), utcnow())
    db.session.commit()
    assert all(r.question_version.frozen for r in attempt.responses)
    paper = paper_view(attempt)
    for section in paper:
        for item in section["items"]:
            assert "answer" not in str(item["options"])
            assert set(item) >= {"stem", "options", "answer"} and item["answer"] is None


@pytest.mark.parametrize(
    ("uid", "policy", "answer", "score"),
    [
        ("t-single-0", None, "B", 2.0),
        ("t-single-0", None, "A", 0.0),
        ("t-tf-0", None, False, 1.0),
        ("t-tf-0", None, True, 0.0),
        ("t-multi-partial", None, ["A", "B", "D"], 4.0),
        ("t-multi-partial", None, ["A", "B"], round(4 * 2 / 3, 2)),  # 少选得部分分
        ("t-multi-partial", None, ["A", "C"], 0.0),  # 错选不得分
        ("t-multi-partial", "all_or_nothing", ["A", "B"], 0.0),  # the exam overrides the question
        ("t-multi-strict", None, ["A"], 0.0),
        ("t-multi-strict", "partial", ["A"], 1.5),
        ("t-multi-strict", None, ["A", "B"], 3.0),
    ],
)
def test_grading_each_type_and_both_policies(bank, uid, policy, answer, score):
    version = bank[uid].current
    result = grade_item(version.type, version.data, version.points, policy, answer)
    assert result.score == score


def test_free_text_waits_for_the_grading_pipeline(bank):
    version = bank["t-case"].current
    assert grade_item(version.type, version.data, 10, None, "我会先道歉").pending
    assert grade_item(version.type, version.data, 10, None, None).score == 0.0


def test_exam_policy_override_per_question_is_used_at_submit(make_exam, make_user):
    exam = make_exam(
        sections=[Section(title="多选", questions=[{"uid": "t-multi-strict", "policy": "partial"}])],
        pass_mark=40,
    )
    attempt = services.start_attempt(exam, make_user(), utcnow())
    _answer(attempt, "t-multi-strict", ["A"])
    assert services.submit_attempt(attempt, utcnow()) == []
    db.session.commit()
    assert attempt.score == 1.5 and attempt.max_score == 3.0
    assert attempt.status == "graded" and attempt.passed is True and attempt.released


def test_submit_grades_objective_and_leaves_free_text_pending(make_exam, make_user):
    exam = make_exam(pass_mark=60)
    attempt = services.start_attempt(exam, make_user(), utcnow())
    _answer(attempt, "t-single-0", "B")
    _answer(attempt, "t-multi-partial", ["A", "B", "D"])
    _answer(attempt, "t-tf-0", True)
    _answer(attempt, "t-case", "先向客户致歉，再核实物流，给出补发或退款方案。")
    pending = services.submit_attempt(attempt, utcnow())
    db.session.commit()
    assert pending == [_response(attempt, "t-case").id]
    assert _response(attempt, "t-case").status == "pending"
    assert _response(attempt, "t-interview").status == "graded"  # unanswered free text scores 0 at once
    assert attempt.status == "submitted" and attempt.passed is None
    assert attempt.score == 6.0  # 2 + 4, the drawn single unanswered, 判断 wrong
    # the grading pipeline stores a score, then refreshes the attempt
    case = _response(attempt, "t-case")
    case.score, case.status = 7.0, "graded"
    services.refresh_attempt(attempt)
    assert attempt.status == "graded" and attempt.score == 13.0
    assert attempt.passed is (13.0 / attempt.max_score * 100 >= 60)


def test_double_submit_is_harmless(make_exam, make_user):
    attempt = services.start_attempt(make_exam(), make_user(), utcnow())
    _answer(attempt, "t-single-0", "B")
    _answer(attempt, "t-case", "答案")
    first = services.submit_attempt(attempt, utcnow())
    db.session.commit()
    score, submitted_at = attempt.score, attempt.submitted_at
    assert services.submit_attempt(attempt, utcnow() + timedelta(seconds=5)) == []
    db.session.commit()
    assert len(first) == 1 and attempt.score == score and attempt.submitted_at == submitted_at


def test_older_save_never_overwrites_newer(make_exam, make_user):
    attempt = services.start_attempt(make_exam(), make_user(), utcnow())
    assert not _answer(attempt, "t-case", "第二版", seq=5).stale
    late = _answer(attempt, "t-case", "第一版", seq=4)
    assert late.stale and late.seq == 5
    db.session.commit()
    assert _response(attempt, "t-case").answer == "第二版"


def test_bad_answer_is_refused(make_exam, make_user):
    attempt = services.start_attempt(make_exam(), make_user(), utcnow())
    with pytest.raises(ExamError) as err:
        _answer(attempt, "t-single-0", "Z")
    assert err.value.code == "bad_answer"


def test_time_limit_refuses_late_saves_and_submits_with_what_was_saved(make_exam, make_user):
    exam = make_exam(time_limit_minutes=10)
    start = utcnow()
    attempt = services.start_attempt(exam, make_user(), start)
    assert attempt.deadline_at == start + timedelta(minutes=10)
    _answer(attempt, "t-single-0", "B", now=start + timedelta(minutes=9))
    db.session.commit()
    with pytest.raises(ExamError) as err:
        _answer(attempt, "t-tf-0", False, now=start + timedelta(minutes=11))
    assert err.value.code == "deadline"
    db.session.commit()
    assert attempt.status != "in_progress" and attempt.auto_submitted
    assert _response(attempt, "t-single-0").score == 2.0 and _response(attempt, "t-tf-0").answer is None


def test_auto_submit_expired_for_the_worker(make_exam, make_user):
    exam = make_exam(time_limit_minutes=5)
    start = utcnow() - timedelta(minutes=6)
    expired = services.start_attempt(exam, make_user(), start)
    _answer(expired, "t-case", "已保存的回答", now=start + timedelta(minutes=1))
    running = services.start_attempt(exam, make_user(), utcnow())
    db.session.commit()
    pending = services.auto_submit_expired(utcnow())
    db.session.commit()
    assert pending == [_response(expired, "t-case").id]
    assert expired.status == "submitted" and expired.auto_submitted
    assert running.status == "in_progress"
    assert services.auto_submit_expired(utcnow()) == []


def test_closing_time_caps_the_deadline_and_stops_new_attempts(make_exam, make_user):
    now = utcnow()
    exam = make_exam(time_limit_minutes=60, closes_at=now + timedelta(minutes=20))
    attempt = services.start_attempt(exam, make_user(), now)
    assert attempt.deadline_at == now + timedelta(minutes=20)
    with pytest.raises(ExamError) as err:
        services.start_attempt(exam, make_user(), now + timedelta(minutes=21))
    assert err.value.code == "closed"


def test_attempts_allowed_and_assignment(make_exam, make_user):
    candidate, other = make_user(), make_user()
    exam = make_exam(attempts_allowed=1, open_to_all=False, assignees=[candidate.email])
    assert [e.id for e in services.available_exams(candidate)] == [exam.id]
    assert services.available_exams(other) == []
    with pytest.raises(ExamError):
        services.start_attempt(exam, other, utcnow())
    attempt = services.start_attempt(exam, candidate, utcnow())
    services.submit_attempt(attempt, utcnow())
    db.session.commit()
    with pytest.raises(ExamError) as err:
        services.start_attempt(exam, candidate, utcnow())
    assert err.value.code == "no_attempts_left"


def test_review_options_hide_keys_until_the_exam_closes(make_exam, make_user):
    now = utcnow()
    exam = make_exam(closes_at=now + timedelta(hours=1))
    attempt = services.start_attempt(exam, make_user(), now)
    _answer(attempt, "t-single-0", "A")
    services.submit_attempt(attempt, now)
    db.session.commit()
    before = result_view(attempt, now)
    item = next(i for s in before["sections"] for i in s["items"] if i["type"] == "single")
    assert before["score"] == 0.0 and item["key"] is None and item["explanation"] is None
    after = result_view(attempt, now + timedelta(hours=2))
    item = next(i for s in after["sections"] for i in s["items"] if i["pos"] == item["pos"])
    assert item["key"] == "B" and "解析" in str(item["explanation"])


def test_review_without_score_hides_the_total(make_exam, make_user):
    exam = make_exam(review={"after_submit": {"score": False}, "after_close": {}})
    attempt = services.start_attempt(exam, make_user(), utcnow())
    services.submit_attempt(attempt, utcnow())
    view = result_view(attempt, utcnow())
    assert view["score"] is None and all(i["score"] is None for s in view["sections"] for i in s["items"])


def test_free_text_score_shown_only_once_released(make_exam, make_user):
    attempt = services.start_attempt(make_exam(), make_user(), utcnow())
    _answer(attempt, "t-case", "回答")
    services.submit_attempt(attempt, utcnow())
    case = _response(attempt, "t-case")
    view = result_view(attempt, utcnow())
    item = next(i for s in view["sections"] for i in s["items"] if i["pos"] == case.position)
    assert item["state"] == "grading" and item["score"] is None
    case.status, case.score = "needs_review", 6.0
    item = next(
        i for s in result_view(attempt, utcnow())["sections"] for i in s["items"] if i["pos"] == case.position
    )
    assert item["state"] == "review" and item["score"] is None
    case.status = "graded"
    attempt.released = True
    item = next(
        i for s in result_view(attempt, utcnow())["sections"] for i in s["items"] if i["pos"] == case.position
    )
    assert item["state"] == "graded" and item["score"] == 6.0


def test_practice_check_reveals_and_locks_one_answer(make_exam, make_user):
    exam = make_exam(mode="practice")
    attempt = services.start_attempt(exam, make_user(), utcnow())
    _answer(attempt, "t-single-0", "B")
    outcome = services.check_answer(attempt, _response(attempt, "t-single-0").position, utcnow())
    assert outcome["correct"] is True and outcome["key"] == "B" and "解析" in outcome["explanation"]
    with pytest.raises(ExamError) as err:
        _answer(attempt, "t-single-0", "A", seq=2)
    assert err.value.code == "checked"


def test_exam_mode_has_no_per_question_check(make_exam, make_user):
    attempt = services.start_attempt(make_exam(), make_user(), utcnow())
    with pytest.raises(ExamError):
        services.check_answer(attempt, 0, utcnow())


def test_demo_exams_are_created_once(app, bank_dir, make_user, runner):
    make_user("trainer")
    from trainer.bank.loader import load_bank
    from trainer.exams.demo import create_demo_exams
    from trainer.exams.models import Exam

    load_bank(bank_dir)
    lines = create_demo_exams()
    db.session.commit()
    assert all("created" in line for line in lines), lines
    assert create_demo_exams() and db.session.scalar(select(db.func.count(Exam.id))) == 2
    exam = db.session.scalar(select(Exam).where(Exam.mode == "exam"))
    attempt = services.start_attempt(exam, make_user(), utcnow())
    types = [r.question_version.type for r in attempt.responses]
    assert {"single", "multiple", "truefalse", "case", "interview"} <= set(types)
    assert layout_items(attempt.layout)[types.index("multiple")]["policy"] == "partial"
