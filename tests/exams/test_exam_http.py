"""Exam pages over HTTP: only the owner reads or writes an attempt, keys stay hidden, the deadline holds."""

from __future__ import annotations

from datetime import timedelta

from trainer.database import utcnow
from trainer.exams import services
from trainer.exams.models import Attempt
from trainer.extensions import db


def _start(client, auth, exam) -> int:
    response = auth.post(f"/exams/{exam.id}/start")
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])


def _pos(attempt_id: int, uid: str) -> int:
    attempt = db.session.get(Attempt, attempt_id)
    return next(r.position for r in attempt.responses if r.question_version.question.uid == uid)


def test_candidate_takes_saves_resumes_and_submits(client, auth, make_user, make_exam):
    exam = make_exam(pass_mark=10)
    candidate = make_user()
    auth.login(candidate)
    assert exam.title in client.get("/exams/").get_data(as_text=True)
    attempt_id = _start(client, auth, exam)
    page = client.get(f"/exams/attempts/{attempt_id}").get_data(as_text=True)
    assert "先安抚并核实物流信息" in page
    assert "先共情再核实" not in page and '"answer"' not in page  # no key, no explanation before review
    pos = _pos(attempt_id, "t-single-0")
    saved = auth.post_json(f"/exams/attempts/{attempt_id}/save", {"pos": pos, "seq": 1, "answer": "B"})
    assert saved.status_code == 200 and saved.json["seq"] == 1
    flag = auth.post_json(
        f"/exams/attempts/{attempt_id}/save", {"pos": pos, "seq": 2, "answer": "B", "flagged": True}
    )
    assert flag.json["ok"]
    # starting again resumes the same attempt, with the saved answer checked
    assert _start(client, auth, exam) == attempt_id
    page = client.get(f"/exams/attempts/{attempt_id}").get_data(as_text=True)
    assert 'value="B"\n             checked' in page or 'value="B" checked' in page.replace(
        "\n             ", " "
    )
    done = auth.post(f"/exams/attempts/{attempt_id}/submit")
    assert done.status_code == 302 and done.headers["Location"].endswith(
        f"/exams/attempts/{attempt_id}/result"
    )
    again = auth.post(f"/exams/attempts/{attempt_id}/submit")  # a double submit lands on the result
    assert again.status_code == 302
    result = client.get(f"/exams/attempts/{attempt_id}/result").get_data(as_text=True)
    assert 'id="total">2<' in result
    late = auth.post_json(f"/exams/attempts/{attempt_id}/save", {"pos": pos, "seq": 3, "answer": "A"})
    assert late.status_code == 409 and late.json["error"] == "submitted"


def test_submit_page_lists_unanswered_items(client, auth, make_user, make_exam):
    exam = make_exam()
    auth.login(make_user())
    attempt_id = _start(client, auth, exam)
    answered = _pos(attempt_id, "t-single-0")
    auth.post_json(f"/exams/attempts/{attempt_id}/save", {"pos": answered, "seq": 1, "answer": "B"})
    page = client.get(f"/exams/attempts/{attempt_id}/submit").get_data(as_text=True)
    listed = page.split('id="unanswered"', 1)[1].split("</p>", 1)[0]
    for pos in range(7):
        assert (f'#q-{pos}"' in listed) is (pos != answered)


def test_another_candidate_cannot_read_or_write_an_attempt(client, auth, make_user, make_exam):
    exam = make_exam()
    owner = make_user()
    attempt = services.start_attempt(exam, owner, utcnow())
    db.session.commit()
    auth.login(make_user())
    for path in ("", "/submit", "/result"):
        assert client.get(f"/exams/attempts/{attempt.id}{path}").status_code == 404
    refused = auth.post_json(f"/exams/attempts/{attempt.id}/save", {"pos": 0, "seq": 9, "answer": "A"})
    assert refused.status_code == 404
    assert auth.post(f"/exams/attempts/{attempt.id}/submit").status_code == 404
    db.session.refresh(attempt)
    assert attempt.status == "in_progress" and attempt.responses[0].answer is None


def test_staff_can_read_a_result_but_not_write(client, auth, make_user, make_exam):
    attempt = services.start_attempt(make_exam(), make_user(), utcnow())
    services.submit_attempt(attempt, utcnow())
    db.session.commit()
    auth.login(make_user("hr"))
    assert client.get(f"/exams/attempts/{attempt.id}/result").status_code == 200
    assert client.get(f"/exams/attempts/{attempt.id}").status_code == 404


def test_keys_appear_only_when_review_allows(client, auth, make_user, make_exam):
    exam = make_exam(closes_at=utcnow() + timedelta(hours=1))
    auth.login(make_user())
    attempt_id = _start(client, auth, exam)
    auth.post(f"/exams/attempts/{attempt_id}/submit")
    result = client.get(f"/exams/attempts/{attempt_id}/result").get_data(as_text=True)
    assert "先共情再核实" not in result and 'class="key"' not in result
    exam.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    result = client.get(f"/exams/attempts/{attempt_id}/result").get_data(as_text=True)
    assert "先共情再核实" in result and 'class="key"' in result


def test_save_after_the_deadline_is_refused_with_a_message(client, auth, make_user, make_exam):
    exam = make_exam(time_limit_minutes=1)
    auth.login(make_user())
    attempt_id = _start(client, auth, exam)
    attempt = db.session.get(Attempt, attempt_id)
    pos = _pos(attempt_id, "t-single-0")
    auth.post_json(f"/exams/attempts/{attempt_id}/save", {"pos": pos, "seq": 1, "answer": "B"})
    attempt.deadline_at = utcnow() - timedelta(seconds=30)
    db.session.commit()
    late = auth.post_json(f"/exams/attempts/{attempt_id}/save", {"pos": pos, "seq": 2, "answer": "A"})
    assert late.status_code == 409
    assert late.json["error"] == "deadline" and len(late.json["message"]) > 10
    db.session.expire_all()
    attempt = db.session.get(Attempt, attempt_id)
    assert attempt.status != "in_progress" and attempt.auto_submitted and attempt.score == 2.0
    # the page now shows the result
    page = client.get(f"/exams/attempts/{attempt_id}")
    assert page.status_code == 302 and page.headers["Location"].endswith("/result")


def test_deadline_message_in_english(client, auth, make_user, make_exam):
    exam = make_exam(time_limit_minutes=1)
    auth.login(make_user())
    auth.post("/language/en")
    attempt_id = _start(client, auth, exam)
    db.session.get(Attempt, attempt_id).deadline_at = utcnow() - timedelta(minutes=5)
    db.session.commit()
    late = auth.post_json(f"/exams/attempts/{attempt_id}/save", {"pos": 0, "seq": 1, "answer": None})
    assert late.status_code == 409 and late.json["message"].startswith("Time is up")


def test_save_needs_the_csrf_token(client, auth, make_user, make_exam):
    exam = make_exam()
    auth.login(make_user())
    attempt_id = _start(client, auth, exam)
    response = client.post(f"/exams/attempts/{attempt_id}/save", json={"pos": 0, "seq": 1, "answer": "A"})
    assert response.status_code == 400 and response.json["error"] == "csrf"
    assert db.session.get(Attempt, attempt_id).responses[0].seq == 0


def test_trainer_builds_an_exam_with_the_form(client, auth, make_user, bank):
    auth.login(make_user("trainer"))
    candidate = make_user()
    form = {
        "title": "入职测评",
        "mode": "exam",
        "status": "published",
        "time_limit_minutes": "20",
        "pass_mark": "60",
        "shuffle_options": "y",
        "assignees": candidate.email,
        "sections-0-title": "单选",
        "sections-0-draw": "2",
        "sections-0-type": "single",
        "sections-0-tags": "物流",
        "sections-0-points": "5",
        "sections-1-title": "多选",
        "sections-1-questions": "t-multi-strict:partial",
        "after_submit-score": "y",
    }
    saved = auth.post("/exams/new", form)
    assert saved.status_code == 302, saved.get_data(as_text=True)
    from trainer.exams.models import Exam

    exam = db.session.scalar(db.select(Exam).where(Exam.title == "入职测评"))
    assert exam.time_limit_minutes == 20 and not exam.open_to_all
    assert exam.config["sections"][1]["questions"] == [{"uid": "t-multi-strict", "policy": "partial"}]
    assert [e.id for e in services.available_exams(candidate)] == [exam.id]
    bad = auth.post("/exams/new", {**form, "sections-0-draw": "9"})
    assert bad.status_code == 200 and "要抽取 9 道，但只有 3 道符合条件" in bad.get_data(as_text=True)
