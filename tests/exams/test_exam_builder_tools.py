"""The builder's tools: the picker's server-side search, random-draw counts, the paper preview, sections
added as needed, and times entered and shown in the local zone but stored in UTC."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from sqlalchemy import func, select

from trainer.bank.services import save_question
from trainer.exams.models import Attempt, Exam
from trainer.extensions import db


def test_picker_searches_and_filters_on_the_server(client, auth, trainer, bank):
    auth.login(trainer)
    found = client.get("/exams/builder/questions?type=single&tag=物流").json
    assert found["total"] == 3 and {q["uid"] for q in found["questions"]} == {
        "t-single-0",
        "t-single-1",
        "t-single-2",
    }
    assert found["questions"][0]["type_label"] == "单选题"
    text = client.get("/exams/builder/questions?q=生鲜").json  # the case's background mentions it
    assert [q["uid"] for q in text["questions"]] == ["t-case"]
    hard = client.get("/exams/builder/questions?type=single&difficulty=3").json
    assert {q["uid"] for q in hard["questions"]} == {"t-single-2"}
    assert client.get("/exams/builder/questions?lang=en").json["total"] == 0
    everything = client.get("/exams/builder/questions?page=9").json  # past the end: the last page
    assert everything["total"] == 11 and everything["page"] == everything["pages"] == 1


def test_picker_says_why_a_question_cannot_be_picked(client, auth, trainer, bank):
    save_question({"id": "lost-rubric", "type": "case", "points": 5, "stem": "处理投诉。", "rubric": "gone"})
    db.session.commit()
    auth.login(trainer)
    row = client.get("/exams/builder/questions?q=lost-rubric").json["questions"][0]
    assert "没有评分标准" in row["problem"]
    assert client.get("/exams/builder/questions?uids=t-case,lost-rubric").json["total"] == 2


def test_random_draws_show_how_many_questions_match(client, auth, trainer, bank):
    auth.login(trainer)
    pool = client.get("/exams/builder/pool?type=single&tags=物流").json
    assert pool == {"count": 3, "points_min": 2.0, "points_max": 2.0}
    assert client.get("/exams/builder/pool?type=single&difficulty_min=2&difficulty_max=2").json["count"] == 2
    assert client.get("/exams/builder/pool?type=case").json["count"] == 1


def test_preview_shows_the_paper_as_a_candidate_sees_it_and_saves_nothing(client, auth, trainer, make_exam):
    exam = make_exam()
    auth.login(trainer)
    page = client.get(f"/exams/{exam.id}/preview?seed=7").get_data(as_text=True)
    assert "这是学员看到的试卷" in page
    assert page.count('class="question card"') == 7 and "客户的生鲜包裹延误两天" in page
    assert "共 7 道题，总分 32 分" in page
    assert "先共情再核实" not in page  # no explanation or key in the paper
    assert db.session.scalar(select(func.count(Attempt.id))) == 0


def test_a_new_exam_has_one_section_and_reaches_everyone(client, auth, trainer, bank):
    auth.login(trainer)
    page = client.get("/exams/new").get_data(as_text=True)
    assert page.count('class="section-row"') == 1
    assert re.search(r'<input checked id="open_to_all"', page)
    more = auth.post("/exams/new", {"title": "草稿", "sections-0-title": "一", "add_section": "1"})
    assert more.get_data(as_text=True).count('class="section-row"') == 2
    assert db.session.scalar(select(func.count(Exam.id))) == 0  # adding a section saves nothing


def test_times_are_entered_and_shown_in_local_time_and_stored_in_utc(client, auth, trainer, bank, app):
    auth.login(trainer)
    form = {
        "title": "本地时间",
        "mode": "exam",
        "status": "published",
        "open_to_all": "y",
        "opens_at": "2030-03-01T09:00",
        "closes_at": "2030-03-01T18:30",
        "sections-0-title": "单选",
        "sections-0-questions": "t-single-0",
    }
    assert auth.post("/exams/new", form).status_code == 302
    exam = db.session.scalar(select(Exam).where(Exam.title == "本地时间"))
    assert exam.opens_at == datetime(2030, 3, 1, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai
    assert exam.closes_at == datetime(2030, 3, 1, 10, 30, tzinfo=UTC)
    edit = client.get(f"/exams/{exam.id}/edit").get_data(as_text=True)
    assert 'value="2030-03-01T09:00"' in edit and "Asia/Shanghai, UTC+08:00" in edit
    app.config["TIMEZONE"] = "Europe/London"
    assert 'value="2030-03-01T01:00"' in client.get(f"/exams/{exam.id}/edit").get_data(as_text=True)
