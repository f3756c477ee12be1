"""Due dates of cohort assignments are enforced: past the due date (typed and shown in TIMEZONE) a cohort
member can no longer start the exam and sees it as closed with the date; an attempt already started may
still be finished within its time limit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from trainer.bank.services import save_question
from trainer.database import utcnow
from trainer.exams import services
from trainer.exams.builder import ExamSpec, save_exam
from trainer.exams.layout import Section
from trainer.exams.models import ExamAssignment
from trainer.exams.services import ExamError, start_attempt
from trainer.extensions import db
from trainer.localtime import format_local
from trainer.people import services as people


@pytest.fixture
def exam(app, make_user):
    save_question(
        {
            "id": "due-single",
            "type": "single",
            "points": 2,
            "stem": "客户要求退款，先做什么？",
            "options": {"A": "核实订单", "B": "直接拒绝"},
            "answer": "A",
        }
    )
    db.session.commit()
    spec = ExamSpec(
        title="月度考核",
        sections=[Section(title="单选", questions=[{"uid": "due-single"}])],
        time_limit_minutes=180,
        status="draft",
    )
    made = save_exam(spec, make_user("trainer"))
    db.session.commit()
    return made


def _member_of_cohort(exam, make_user, due):
    member = make_user(name="李娜")
    cohort = people.create_cohort("客服一组", None)
    people.add_members(cohort, [member.email], None)
    people.assign(cohort, "exam", exam.id, due, None)
    exam.status = "published"
    db.session.commit()
    return member, cohort


def test_the_due_date_is_a_local_time_and_closes_starting(exam, make_user):
    # typed on the cohort page as 2026-12-01 18:00 in Asia/Shanghai, kept as 10:00 UTC
    due = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    member, _ = _member_of_cohort(exam, make_user, due)
    with pytest.raises(ExamError) as late:
        start_attempt(exam, member, due + timedelta(minutes=1))
    assert late.value.code == "past_due"
    assert "2026-12-01 18:00" in str(late.value.message)
    db.session.rollback()
    attempt = start_attempt(exam, member, due - timedelta(minutes=1))  # 17:59 local: still open
    assert attempt.number == 1


def test_after_the_due_date_the_candidate_sees_it_closed_and_cannot_start(client, auth, exam, make_user):
    due = utcnow() - timedelta(hours=1)
    member, _ = _member_of_cohort(exam, make_user, due)
    auth.login(member)
    page = client.get("/exams/").get_data(as_text=True)
    card = page.split(f'id="exam-{exam.id}"', 1)[1].split("</section>", 1)[0]
    shown = format_local(due)
    assert "已截止" in card and f"截止时间 {shown}，已不能再开始。" in card
    assert f"/exams/{exam.id}/start" not in card  # no start button
    assigned = page.split('id="assigned"', 1)[1].split("</section>", 1)[0]
    assert "已截止" in assigned and shown in assigned and "已逾期" not in assigned
    refused = auth.post(f"/exams/{exam.id}/start")
    assert refused.status_code == 302 and refused.headers["Location"].endswith("/exams/")
    flashed = client.get("/exams/").get_data(as_text=True)
    assert f"这场考试已于 {shown} 截止，不能再开始。" in flashed
    assert services.attempts_of(member) == []


def test_an_attempt_started_before_the_due_date_can_be_finished(client, auth, exam, make_user):
    due = utcnow() + timedelta(minutes=5)
    member, cohort = _member_of_cohort(exam, make_user, due)
    started = start_attempt(exam, member, utcnow())
    db.session.commit()
    # the due date passes while the candidate works (the trainer moves it into the past)
    people.assign(cohort, "exam", exam.id, utcnow() - timedelta(minutes=1), None)
    db.session.commit()
    auth.login(member)
    card = client.get("/exams/").get_data(as_text=True).split(f'id="exam-{exam.id}"', 1)[1]
    assert "继续" in card.split("</section>", 1)[0]
    assert auth.post(f"/exams/{exam.id}/start").headers["Location"].endswith(f"/exams/attempts/{started.id}")
    saved = auth.post_json(f"/exams/attempts/{started.id}/save", {"pos": 0, "seq": 1, "answer": "A"})
    assert saved.status_code == 200
    done = auth.post(f"/exams/attempts/{started.id}/submit")
    assert done.status_code == 302 and done.headers["Location"].endswith("/result")
    db.session.refresh(started)
    assert started.status != "in_progress" and started.score == 2
    # and a second attempt cannot be started now
    with pytest.raises(ExamError) as again:
        start_attempt(exam, member, utcnow())
    assert again.value.code == "past_due"


def test_the_due_date_binds_only_who_takes_the_exam_through_cohorts(exam, make_user):
    past = utcnow() - timedelta(days=1)
    member, _ = _member_of_cohort(exam, make_user, past)
    # another cohort of the same member has the exam without a due date: it may still be started
    open_cohort = people.create_cohort("在岗提升班", None)
    people.add_members(open_cohort, [member.email], None)
    people.assign(open_cohort, "exam", exam.id, None, None)
    db.session.commit()
    assert start_attempt(exam, member, utcnow()).number == 1
    db.session.rollback()
    # a member of the past-due cohort only is refused, unless assigned by email too, or the exam is open
    # to all candidates: then no due date applies
    other, third = make_user(), make_user()
    people.add_members(people.find_cohort("客服一组"), [other.email, third.email], None)
    db.session.commit()
    for who in (other, third):
        with pytest.raises(ExamError):
            start_attempt(exam, who, utcnow())
        db.session.rollback()
    exam.assignments.append(ExamAssignment(user_id=other.id))
    db.session.commit()
    assert start_attempt(exam, other, utcnow()).number == 1
    exam.open_to_all = True
    db.session.commit()
    assert start_attempt(exam, third, utcnow()).number == 1
