"""Review pages through HTTP: what staff see, what a candidate may see of their own scores."""

from __future__ import annotations

from tests.review.conftest import GOOD, INJECTED, WEAK, case_response
from trainer.extensions import db
from trainer.grading.queue import submit_for_grading


def grade_all(w):
    submit_for_grading([r.id for a in w.attempts for r in a.responses])


def test_candidate_sees_scores_only_once_released(world, auth, client, make_user):
    w = world(answers=[GOOD], release_policy="hold")
    attempt = w.attempts[0]
    grade_all(w)
    auth.login(attempt.user)
    held = client.get(f"/grading/attempts/{attempt.id}/status").get_json()
    assert held["released"] is False and held["score"] is None
    assert all("score" not in r for r in held["responses"])
    other = world(answers=[GOOD]).attempts[-1]
    assert client.get(f"/grading/attempts/{other.id}/status").status_code == 404
    attempt.released = True
    db.session.commit()
    shown = client.get(f"/grading/attempts/{attempt.id}/status").get_json()
    assert shown["done"] and shown["score"] == attempt.score
    case = next(r for r in shown["responses"] if r["id"] == case_response(attempt).id)
    assert case["feedback"]["criteria"][0]["evidence"] is not None


def test_flagged_answer_is_reviewed_through_the_pages(world, auth, client, make_user):
    w = world(answers=[INJECTED])
    grade_all(w)
    response = case_response(w.attempts[0])
    auth.login(make_user("hr"))
    queue = client.get("/review/").get_data(as_text=True)
    assert f"/review/responses/{response.id}" in queue and "试图指挥评分" in queue
    page = client.get(f"/review/responses/{response.id}").get_data(as_text=True)
    assert 'class="evidence"' in page and "Apology" in page
    refused = auth.post(
        f"/review/responses/{response.id}/override", {"score-apology": "1", "score-action": "1"}
    )
    assert refused.status_code == 302 and response.status == "needs_review"
    done = auth.post(
        f"/review/responses/{response.id}/override",
        {
            "score-apology": "1",
            "score-action": "3",
            "reason": "the last sentence tries to instruct the grader",
        },
    )
    assert done.status_code == 302
    db.session.expire_all()
    assert response.status == "graded" and response.feedback["total"] == 4
    assert f"/review/responses/{response.id}" not in client.get("/review/").get_data(as_text=True)


def test_dashboards_and_exports_render(world, auth, client, make_user):
    w = world(answers=[GOOD, INJECTED, None])
    grade_all(w)
    auth.login(make_user("hr"))
    exam = client.get(f"/review/exams/{w.exam.id}").get_data(as_text=True)
    assert (
        "<svg" in exam
        and 'id="items"' in exam
        and "Which step comes first when a promised refund is late?" in exam
    )
    assert "refund-window" not in exam  # the question's id is internal
    user_ids = [a.user_id for a in w.attempts]
    query = f"exam={w.exam.id}&" + "&".join(f"user={u}" for u in user_ids[:2])
    compare = client.get("/review/compare?" + query).get_data(as_text=True)
    assert 'id="compare-table"' in compare and "<svg" in compare
    report = client.get(f"/review/candidates/{user_ids[0]}/report")
    assert report.status_code == 200 and "Refund handling check" in report.get_data(as_text=True)
    xlsx = client.get(f"/review/exams/{w.exam.id}/export.xlsx")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"
    csv = client.get(f"/review/exams/{w.exam.id}/export.csv")
    assert csv.mimetype == "text/csv" and len(csv.get_data(as_text=True).strip().splitlines()) == 4


def test_dashboard_profile_names_criteria_as_the_rubric_does(world, auth, client, make_user):
    w = world(answers=[GOOD])
    grade_all(w)
    auth.login(make_user("hr"))
    page = client.get(f"/review/exams/{w.exam.id}").get_data(as_text=True)
    assert ">Apology<" in page and ">Action<" in page  # names from the rubric, not its ids


def test_compare_is_on_the_same_exam_only_and_shows_missing_values_as_a_dash(world, auth, client, make_user):
    from trainer.exams.models import Attempt, Exam

    w = world(answers=[GOOD, WEAK])
    grade_all(w)
    first, second = (a.user for a in w.attempts)
    other = Exam(title="Another exam", status="published", pass_mark=60)
    db.session.add(other)
    db.session.flush()
    db.session.add(Attempt(exam=other, user=first, number=1, status="graded", score=37, max_score=100))
    db.session.commit()
    auth.login(make_user("hr"))
    page = client.get(f"/review/compare?exam={w.exam.id}&user={first.id}&user={second.id}")
    html = page.get_data(as_text=True)
    table = html[html.index('id="compare-table"') :]
    assert "Refund handling check" in html and "37.0%" not in table  # the other exam is not mixed in
    strong, weak = (a.score / a.max_score * 100 for a in w.attempts)
    assert f"{strong:.1f}%" in table and f"{weak:.1f}%" in table
    # on the other exam only the first candidate took it: the second is not offered, nothing is 0 %
    page = client.get(f"/review/compare?exam={other.id}&user={first.id}&user={second.id}").get_data(
        as_text=True
    )
    assert 'id="compare-table"' not in page, page[page.index("<main") :][:1500]
    assert f'name="user" value="{second.id}"' not in page


def test_missing_chart_value_is_a_dash_not_zero():
    from trainer.review.charts import bar_chart

    svg = str(bar_chart(["共情"], [[0.5], [None]], names=["甲", "乙"]))
    assert "50%" in svg and "—" in svg and ">0%<" not in svg


def test_dashboard_trends_per_day_with_no_zero_for_empty_days_and_a_cohort_filter(
    world, auth, client, make_user
):
    from trainer.people.services import add_members, create_cohort
    from trainer.review.trends import exam_trends

    w = world(answers=[GOOD, WEAK])
    grade_all(w)
    [trend] = exam_trends()
    assert trend["exam"] == "Refund handling check" and sum(trend["attempts"]) == 2
    empty = [i for i, n in enumerate(trend["attempts"]) if n == 0]
    assert empty and all(trend["mean_score"][i] is None for i in empty)  # no attempts: no value, not 0
    assert any(v is not None for v in trend["mean_score"]) and trend["criteria"]
    cohort = create_cohort("早班", None)
    add_members(cohort, [w.attempts[0].user.email], None)
    db.session.commit()
    [only] = exam_trends(member_ids={w.attempts[0].user_id})
    assert sum(only["attempts"]) == 1
    auth.login(make_user("hr"))
    page = client.get(f"/review/dashboard?cohort={cohort.id}").get_data(as_text=True)
    assert 'id="trend-0"' in page and "vendor/echarts/echarts.min.js" in page and "早班" in page
