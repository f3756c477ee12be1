"""A limit on times away from the exam page: set in the builder, shown to the candidate, counted by the
server from the stored signals, and past it the attempt is submitted with the reason shown to all."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from trainer.database import utcnow
from trainer.exams import services
from trainer.exams.builder import BuildError, ExamSpec, save_exam
from trainer.exams.integrity import count_away
from trainer.exams.layout import Section
from trainer.exams.models import Attempt, Exam
from trainer.extensions import db

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def _single_exam(make_exam, **overrides):
    return make_exam(
        sections=[
            Section(title="单选", questions=[{"uid": "t-single-0", "policy": None}]),
            Section(title="案例", questions=[{"uid": "t-case", "policy": None}]),
        ],
        **overrides,
    )


def _away(ms: int = 4000, ago: int = 0) -> dict:
    """One time away as the page reports it: the tab switch and the window's focus loss together."""
    return {
        "events": [
            {"kind": "blur", "duration_ms": ms + 20, "ago_ms": ago + 10},
            {"kind": "hidden", "duration_ms": ms, "ago_ms": ago},
        ]
    }


def test_a_tab_switch_and_its_focus_loss_are_one_time_away():
    s = timedelta(seconds=1)
    assert count_away([]) == 0
    assert count_away([(T0, 5000), (T0 + s / 100, 4900)]) == 1  # both signals of one tab switch
    assert count_away([(T0, 2000), (T0 + 30 * s, 2000), (T0 + 60 * s, None)]) == 3
    assert count_away([(T0 + 60 * s, 1000), (T0, 1000)]) == 2  # order of arrival does not matter
    assert count_away([(T0, 1000), (T0 + 1.1 * s, 1000)]) == 1  # 0.1 s apart: arrival jitter, one time
    assert count_away([(T0, 1000), (T0 + 2 * s, 1000)]) == 2  # back for a second, then away again


def _start(auth, make_user, exam):
    candidate = make_user()
    auth.login(candidate)
    attempt = services.start_attempt(exam, candidate, utcnow())
    db.session.commit()
    return candidate, attempt


def test_past_the_limit_the_attempt_is_submitted_with_the_reason(client, auth, make_user, make_exam):
    exam = _single_exam(make_exam, away_limit=2, pass_mark=10)
    candidate, attempt = _start(auth, make_user, exam)
    url = f"/exams/attempts/{attempt.id}/integrity"
    single = next(r.position for r in attempt.responses if r.question_version.type == "single")
    case = next(r.position for r in attempt.responses if r.question_version.type == "case")
    auth.post_json(f"/exams/attempts/{attempt.id}/save", {"pos": single, "seq": 1, "answer": "B"})
    auth.post_json(
        f"/exams/attempts/{attempt.id}/save", {"pos": case, "seq": 1, "answer": "先致歉，再核实。"}
    )

    first = auth.post_json(url, _away(ago=120_000))
    assert first.json["away"] == 1 and first.json["remaining"] == 1 and not first.json["submitted"]
    # a paste is no time away, and a count the page might send is not read
    paste = auth.post_json(url, {"events": [{"kind": "paste", "pos": case, "chars": 9}], "away": 0})
    assert paste.json["away"] == 1
    second = auth.post_json(url, _away(ago=60_000))
    assert (second.json["away"], second.json["remaining"], second.json["submitted"]) == (2, 0, False)
    page = client.get(f"/exams/attempts/{attempt.id}").get_data(as_text=True)
    assert "已离开考试页面 2 次（上限 2 次）" in page

    third = auth.post_json(url, _away())
    assert third.status_code == 200 and third.json["submitted"] is True
    assert third.json["message"] == "因离开考试页面次数超过上限自动交卷"
    assert third.json["result_url"].endswith(f"/exams/attempts/{attempt.id}/result")
    db.session.expire_all()
    done = db.session.get(Attempt, attempt.id)
    assert done.status != "in_progress" and done.auto_submitted and done.submit_reason == "away_limit"
    by_type = {r.question_version.type: r for r in done.responses}
    assert by_type["single"].score == 2  # autosaved answers are kept and graded as usual
    assert by_type["case"].answer == "先致歉，再核实。" and by_type["case"].status in ("pending", "graded")
    late = auth.post_json(url, _away())
    assert late.status_code == 409

    # the candidate is sent to the result, which says why
    take = client.get(f"/exams/attempts/{attempt.id}")
    assert take.status_code == 302
    result = client.get(take.headers["Location"]).get_data(as_text=True)
    assert "因离开考试页面次数超过上限自动交卷" in result and "时间到" not in result.split('id="summary"')[1]
    auth.logout()
    auth.login(make_user("hr"))
    hr = client.get(f"/review/attempts/{attempt.id}").get_data(as_text=True)
    assert "因离开考试页面次数超过上限自动交卷" in hr
    assert "离开考试页面次数（同一时刻的切换标签页与离开窗口计为一次）: <b>3</b> · 上限 2 次" in hr.replace(
        "：", ": "
    )


def test_without_a_limit_times_away_never_submit(auth, make_user, make_exam):
    exam = _single_exam(make_exam)
    _, attempt = _start(auth, make_user, exam)
    for i in range(5):
        reply = auth.post_json(f"/exams/attempts/{attempt.id}/integrity", _away(ago=10_000 * (5 - i)))
        assert reply.json["limit"] is None and reply.json["remaining"] is None and not reply.json["submitted"]
    assert reply.json["away"] == 5
    db.session.expire_all()
    assert db.session.get(Attempt, attempt.id).status == "in_progress"


def test_the_candidate_sees_the_limit_before_starting_and_in_the_exam(client, auth, make_user, make_exam):
    exam = _single_exam(make_exam, away_limit=3)
    other = _single_exam(make_exam, title="不限离开次数")
    auth.login(make_user())
    listing = client.get("/exams/").get_data(as_text=True)
    card = listing.split(f'id="exam-{exam.id}"', 1)[1].split("</section>", 1)[0]
    assert "离开考试页面次数上限：3 次" in card
    assert (
        "离开考试页面次数上限" not in listing.split(f'id="exam-{other.id}"', 1)[1].split("</section>", 1)[0]
    )
    started = auth.post(f"/exams/{exam.id}/start")
    page = client.get(started.headers["Location"]).get_data(as_text=True)
    assert "已离开考试页面 0 次（上限 3 次）" in page and 'data-away-limit="3"' in page


def test_the_builder_sets_and_checks_the_limit(client, auth, make_user, bank):
    auth.login(make_user("trainer"))
    form = {
        "title": "限制离开",
        "mode": "exam",
        "status": "draft",
        "open_to_all": "y",
        "sections-0-title": "单选",
        "sections-0-questions": "t-single-0",
    }
    for bad in ("0", "101", "两次"):
        refused = auth.post("/exams/new", {**form, "away_limit": bad})
        assert refused.status_code == 200, bad
        assert db.session.scalar(db.select(Exam).where(Exam.title == "限制离开")) is None
    saved = auth.post("/exams/new", {**form, "away_limit": "2"})
    assert saved.status_code == 302
    exam = db.session.scalar(db.select(Exam).where(Exam.title == "限制离开"))
    assert exam.away_limit == 2
    edit = client.get(f"/exams/{exam.id}/edit").get_data(as_text=True)
    assert (
        "离开考试页面次数上限（留空为不限）" in edit and 'name="away_limit" type="number" value="2"' in edit
    )
    cleared = auth.post(f"/exams/{exam.id}/edit", {**form, "away_limit": ""})
    assert cleared.status_code == 302
    db.session.refresh(exam)
    assert exam.away_limit is None  # empty: no limit


def test_the_service_refuses_a_limit_out_of_range(bank, trainer):

    spec = ExamSpec(
        title="越界", sections=[Section(title="一", questions=[{"uid": "t-single-0", "policy": None}])]
    )
    spec.away_limit = 0
    with pytest.raises(BuildError) as refused:
        save_exam(spec, trainer)
    assert refused.value.problems == ["离开考试页面次数上限须为 1 到 100 的整数；留空表示不限。"]


def test_the_limit_and_the_reason_in_english(client, auth, make_user, make_exam):
    exam = _single_exam(make_exam, away_limit=1)
    _, attempt = _start(auth, make_user, exam)
    auth.post("/language/en")
    listing = client.get("/exams/").get_data(as_text=True)
    assert "You may leave the exam page (switch to another tab or window) at most 1 time(s)" in listing
    page = client.get(f"/exams/attempts/{attempt.id}").get_data(as_text=True)
    assert "Times away from the exam page: 0 of 1" in page
    url = f"/exams/attempts/{attempt.id}/integrity"
    assert auth.post_json(url, _away(ago=30_000)).json["remaining"] == 0
    done = auth.post_json(url, _away())
    assert done.json["message"] == "Submitted automatically: left the exam page more times than allowed"
    result = client.get(f"/exams/attempts/{attempt.id}/result").get_data(as_text=True)
    assert "Submitted automatically because you left the exam page more times than the exam allows" in result
