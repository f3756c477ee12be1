"""Every attempt reaches a final state; hand grading with or without a rubric; the internal reason of an
override stays with staff; the result page's total matches its sections; grading by question; the HR view."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.review.conftest import GOOD, INJECTED, WEAK, case_response, submitted_attempt
from trainer.audit.models import AuditEntry
from trainer.bank.services import save_question
from trainer.exams.models import ATTEMPT_GRADED, ATTEMPT_SUBMITTED, RESPONSE_GRADED, RESPONSE_REVIEW
from trainer.extensions import db
from trainer.grading.queue import submit_for_grading
from trainer.review.handgrading import ReviewError, grade_by_hand, hand_form

SECRET = "内部：此人疑似抄袭培训材料，待复核"
FEEDBACK = "建议先致歉再说明处理时间。"


def _grade_all(w):
    for attempt in w.attempts:
        _lay_out(attempt)
    db.session.commit()
    submit_for_grading([r.id for a in w.attempts for r in a.responses])


def _lay_out(attempt):
    """The paper layout a real start would have drawn: one section per response, in position order."""
    attempt.layout = [
        {
            "title": "第一部分" if r.position == 1 else "第二部分",
            "items": [
                {"pos": r.position, "qv": r.question_version_id, "points": r.max_score, "policy": None}
            ],
        }
        for r in sorted(attempt.responses, key=lambda r: r.position)
    ]


def _no_rubric_world(world, make_user):
    """An attempt whose free-text question lost its rubric (saved before the builder checked)."""
    w = world(answers=[])
    version = save_question(
        {
            "id": "legacy-case",
            "type": "case",
            "lang": "zh",
            "points": 8,
            "background": "客户第三次来电催退款。",
            "stem": "你会怎么回复？",
            "reference_answer": "致歉，核实退款记录，给出到账时间并回访。",
            "rubric": "rubric-that-was-deleted",
        }
    ).version
    db.session.commit()
    w.case_version = version
    attempt = submitted_attempt(w, make_user(), "非常抱歉，我马上核实退款并在今天下午回电。", "A")
    db.session.commit()
    w.attempts.append(attempt)
    return w, attempt


def test_an_answer_without_a_rubric_is_graded_by_hand_and_the_attempt_finishes(world, make_user):
    w, attempt = _no_rubric_world(world, make_user)
    _grade_all(w)
    response = case_response(attempt)
    assert response.status == RESPONSE_REVIEW and attempt.status == ATTEMPT_SUBMITTED
    form = hand_form(response)
    assert form.criteria == [] and form.max == 8  # one mark out of the question's points
    with pytest.raises(ReviewError):
        grade_by_hand(response, make_user("hr").id, mark="9")
    grade_by_hand(response, make_user("hr").id, mark="6", feedback=FEEDBACK)
    db.session.commit()
    assert response.status == RESPONSE_GRADED and response.score == 6
    assert attempt.status == ATTEMPT_GRADED and attempt.score == 8 and attempt.released
    assert db.session.scalar(select(AuditEntry.action)) == "score.hand"


def test_the_review_page_grades_a_rubricless_answer_with_one_mark(world, make_user, client, auth):
    w, attempt = _no_rubric_world(world, make_user)
    _grade_all(w)
    response = case_response(attempt)
    auth.login(make_user("trainer"))
    page = client.get(f"/review/responses/{response.id}").get_data(as_text=True)
    assert 'id="case-background"' in page and "客户第三次来电催退款" in page
    assert 'id="reference-answer"' in page and "给出到账时间并回访" in page
    assert 'name="mark"' in page and "本题没有评分标准" in page
    saved = auth.post(f"/review/responses/{response.id}/override", {"mark": "7"})
    assert saved.status_code == 302
    db.session.expire_all()
    assert response.score == 7 and attempt.status == ATTEMPT_GRADED


def test_a_scored_answer_gets_the_rubric_form_with_background_and_reference(world, make_user, client, auth):
    w = world(answers=[GOOD])
    _grade_all(w)
    response = case_response(w.attempts[0])
    auth.login(make_user("hr"))
    page = client.get(f"/review/responses/{response.id}").get_data(as_text=True)
    assert 'name="score-apology"' in page and 'name="score-action"' in page
    assert "Owns the missed refund" in page  # the rubric's criterion description
    assert 'id="question"' in page and "A customer calls a second time" in page


def test_the_internal_reason_never_reaches_the_candidate(world, make_user, client, auth):
    w = world(answers=[INJECTED])
    _grade_all(w)
    attempt = w.attempts[0]
    response = case_response(attempt)
    auth.login(make_user("hr"))
    done = auth.post(
        f"/review/responses/{response.id}/override",
        {"score-apology": "1", "score-action": "1", "reason": SECRET, "feedback": FEEDBACK},
    )
    assert done.status_code == 302
    db.session.expire_all()
    assert response.status == RESPONSE_GRADED and attempt.released
    staff = client.get(f"/review/attempts/{attempt.id}").get_data(as_text=True)
    assert SECRET in staff and FEEDBACK in staff
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "score.override"))
    assert entry.reason == SECRET
    auth.logout()
    auth.login(attempt.user)
    result = client.get(f"/exams/attempts/{attempt.id}/result").get_data(as_text=True)
    assert FEEDBACK in result
    assert SECRET not in result and "抄袭" not in result
    assert SECRET not in str(response.feedback)


def test_changing_a_score_needs_the_internal_reason(world, make_user):
    w = world(answers=[GOOD])
    _grade_all(w)
    response = case_response(w.attempts[0])
    current = {c["id"]: c["score"] for c in response.feedback["criteria"]}
    with pytest.raises(ReviewError):
        grade_by_hand(response, make_user("hr").id, scores={"apology": 0, "action": 0}, feedback=FEEDBACK)
    grade_by_hand(response, make_user("hr").id, scores=current)  # the same scores: a confirmation
    db.session.commit()
    assert db.session.scalar(select(AuditEntry.action)) == "score.confirm"


def test_the_total_matches_the_sections_while_grading(world, make_user, client, auth):
    w = world(answers=[GOOD], release_policy="hold")
    _grade_all(w)
    attempt = w.attempts[0]
    assert attempt.score > 2  # the case answer is scored, but the exam holds scores for release
    auth.login(attempt.user)
    page = client.get(f"/exams/attempts/{attempt.id}/result").get_data(as_text=True)
    total = float(re.search(r'id="total">([\d.]+)<', page).group(1))
    sections = [
        float(x)
        for x in re.findall(
            r'<td class="num">([\d.]+) / [\d.]+', page.split('class="table sections"')[1].split("</table>")[0]
        )
    ]
    assert total == sum(sections) == 2
    assert "暂定分" in page and "成绩尚未发布" in page


def test_grading_one_question_across_attempts(world, make_user, client, auth):
    w = world(answers=[INJECTED, GOOD, WEAK])
    _grade_all(w)
    waiting = case_response(w.attempts[0])
    weak = case_response(w.attempts[2])
    assert waiting.status == RESPONSE_REVIEW
    auth.login(make_user("hr"))
    question_id = w.case_version.question_id
    listing = client.get(f"/review/exams/{w.exam.id}/grading").get_data(as_text=True)
    assert f"/review/exams/{w.exam.id}/grading/{question_id}" in listing
    url = f"/review/exams/{w.exam.id}/grading/{question_id}?show=all"
    page = client.get(url).get_data(as_text=True)
    assert page.count('class="card grading-row"') == 3
    ids = [str(case_response(a).id) for a in w.attempts]
    form = {"rows": ids, "show": "all"}
    form[f"r{waiting.id}-score-apology"] = "0"
    form[f"r{waiting.id}-score-action"] = "1"
    form[f"r{waiting.id}-reason"] = "the last sentence instructs the grader"
    form[f"r{weak.id}-score-apology"] = "2"  # changes a score, but no reason: the whole save is refused
    refused = auth.post(url, form)
    assert refused.status_code == 200 and "修改分数时请填写内部理由" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert waiting.status == RESPONSE_REVIEW
    form[f"r{weak.id}-reason"] = "apology was there after all"
    saved = auth.post(url, form)
    assert saved.status_code == 302
    db.session.expire_all()
    assert waiting.status == RESPONSE_GRADED and waiting.feedback["total"] == 1
    assert weak.feedback["engine"] == "human" and weak.feedback["criteria"][0]["score"] == 2
    assert all(a.status == ATTEMPT_GRADED for a in w.attempts)
    untouched = case_response(w.attempts[1])
    assert untouched.feedback["engine"] != "human"


def test_hr_attempt_view_is_linked_from_profile_statistics_report_and_export(world, make_user, client, auth):
    w = world(answers=[GOOD])
    _grade_all(w)
    attempt = w.attempts[0]
    auth.login(make_user("hr"))
    link = f"/review/attempts/{attempt.id}"
    view = client.get(link).get_data(as_text=True)
    assert view.count('class="card answer-view"') == 2
    assert "Check the refund record" in view and "the refund promised for Monday never arrived" in view
    for page in (
        f"/review/candidates/{attempt.user_id}",
        f"/review/exams/{w.exam.id}",
        f"/review/candidates/{attempt.user_id}/report",
    ):
        assert f'href="{link}"' in client.get(page).get_data(as_text=True), page
    csv = client.get(f"/review/exams/{w.exam.id}/export.csv").get_data(as_text=True)
    assert f"http://localhost{link}" in csv
