"""Integrity signals: only the owner posts them while the attempt runs; HR sees them translated, candidates never."""

from __future__ import annotations

from trainer.database import utcnow
from trainer.exams import services
from trainer.exams.models import IntegrityEvent
from trainer.extensions import db

BATCH = {
    "events": [
        {"kind": "hidden", "duration_ms": 65_000, "ago_ms": 2000},
        {"kind": "blur", "duration_ms": 3_000},
        {"kind": "paste", "pos": 2, "chars": 140},
    ]
}


def _events(attempt_id: int) -> list[IntegrityEvent]:
    return db.session.query(IntegrityEvent).filter_by(attempt_id=attempt_id).order_by(IntegrityEvent.id).all()


def _attempt(make_user, make_exam):
    candidate = make_user()
    attempt = services.start_attempt(make_exam(), candidate, utcnow())
    db.session.commit()
    return candidate, attempt


def test_the_owner_posts_signals_and_they_are_stored(auth, make_user, make_exam):
    candidate, attempt = _attempt(make_user, make_exam)
    auth.login(candidate)
    posted = auth.post_json(f"/exams/attempts/{attempt.id}/integrity", BATCH)
    assert posted.status_code == 200 and posted.json["stored"] == 3
    stored = _events(attempt.id)
    assert [(e.kind, e.position, e.duration_ms, e.chars) for e in stored] == [
        ("hidden", None, 65_000, None),
        ("blur", None, 3_000, None),
        ("paste", 2, None, 140),
    ]


def test_someone_else_cannot_post_signals_for_an_attempt(auth, make_user, make_exam):
    _, attempt = _attempt(make_user, make_exam)
    auth.login(make_user())
    assert auth.post_json(f"/exams/attempts/{attempt.id}/integrity", BATCH).status_code == 404
    assert auth.post_json("/exams/attempts/999999/integrity", BATCH).status_code == 404
    assert _events(attempt.id) == []


def test_signals_are_refused_once_the_attempt_is_submitted(auth, make_user, make_exam):
    candidate, attempt = _attempt(make_user, make_exam)
    auth.login(candidate)
    assert auth.post(f"/exams/attempts/{attempt.id}/submit").status_code == 302
    late = auth.post_json(f"/exams/attempts/{attempt.id}/integrity", BATCH)
    assert late.status_code == 409 and late.json["error"] == "submitted"
    assert _events(attempt.id) == []


def test_malformed_or_oversized_batches_are_refused(auth, make_user, make_exam):
    candidate, attempt = _attempt(make_user, make_exam)
    auth.login(candidate)
    url = f"/exams/attempts/{attempt.id}/integrity"
    bad = [
        None,
        {"events": "hidden"},
        {"events": []},
        {"events": [{"kind": "copy"}]},
        {"events": [{"kind": "hidden", "duration_ms": -5}]},
        {"events": [{"kind": "hidden", "duration_ms": "long"}]},
        {"events": [{"kind": "paste", "pos": 1}]},  # a paste needs its length
        {"events": [{"kind": "paste", "pos": 1, "chars": True}]},
        {"events": [{"kind": "blur", "duration_ms": 10}] * 51},
    ]
    for payload in bad:
        response = auth.post_json(url, payload)
        assert response.status_code == 400, payload
    assert _events(attempt.id) == []
    # a pasted text sent along is never stored: only the number of characters is kept
    auth.post_json(url, {"events": [{"kind": "paste", "pos": 0, "chars": 5, "text": "hello"}]})
    assert [(e.kind, e.chars) for e in _events(attempt.id)] == [("paste", 5)]


def test_hr_sees_signals_translated_and_the_candidate_never(client, auth, make_user, make_exam):
    candidate, attempt = _attempt(make_user, make_exam)
    auth.login(candidate)
    auth.post_json(f"/exams/attempts/{attempt.id}/integrity", BATCH)
    for path in ("", "/submit"):
        page = client.get(f"/exams/attempts/{attempt.id}{path}").get_data(as_text=True)
        assert "诚信记录" not in page and "切换离开考试标签页" not in page
    auth.post(f"/exams/attempts/{attempt.id}/submit")
    result = client.get(f"/exams/attempts/{attempt.id}/result").get_data(as_text=True)
    assert "诚信记录" not in result and "粘贴" not in result
    assert client.get(f"/review/attempts/{attempt.id}").status_code in (302, 403, 404)
    auth.logout()
    auth.login(make_user("hr"))
    page = client.get(f"/review/attempts/{attempt.id}").get_data(as_text=True)
    section = page.split('id="integrity"', 1)[1].split("</section>", 1)[0]
    assert "诚信记录" in section
    assert "切换离开考试标签页: <b>1</b>" in section.replace("：", ": ")
    assert "离开考试窗口" in section and "在答案中粘贴" in section
    # the 3 s without focus fall within the 65 s on another tab: one time away of 1:05 in total
    assert "离开总时长: <b>1:05</b>" in section.replace("：", ": ")
    assert "1:05" in section and "0:03" in section
    assert "<td>3</td>" in section and "140" in section  # question 3 (position 2), 140 characters
    for code in (">hidden<", ">blur<", ">paste<"):
        assert code not in section


def test_the_excel_export_has_an_integrity_sheet_in_zh(app, make_user, make_exam):
    import io
    from datetime import datetime

    from openpyxl import load_workbook

    from trainer.exams.integrity import parse_events, record_events
    from trainer.review.workbook import to_xlsx

    candidate, attempt = _attempt(make_user, make_exam)
    record_events(attempt, candidate.id, parse_events(BATCH), utcnow())
    db.session.commit()
    with app.test_request_context(headers={"Accept-Language": "zh-CN"}):
        book = load_workbook(io.BytesIO(to_xlsx(attempt.exam)))
    rows = list(book["诚信记录"].iter_rows(values_only=True))
    header = rows[0]
    assert header[:5] == ("学员", "邮箱", "第几次作答", "时间", "记录类型")
    by_kind = {row[4]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert set(by_kind) == {"切换离开考试标签页", "离开考试窗口", "在答案中粘贴"}
    assert isinstance(by_kind["在答案中粘贴"]["时间"], datetime)
    assert by_kind["切换离开考试标签页"]["离开秒数"] == 65
    assert by_kind["在答案中粘贴"]["题目"] == 3 and by_kind["在答案中粘贴"]["粘贴字数"] == 140


def test_the_excel_export_says_how_each_attempt_was_submitted(app, make_user, make_exam):
    import io

    from openpyxl import load_workbook

    from trainer.exams.models import SUBMIT_AWAY, SUBMIT_TIME
    from trainer.review.workbook import to_xlsx

    exam = make_exam()
    ways = {"by hand": (False, None), "time": (True, SUBMIT_TIME), "away": (True, SUBMIT_AWAY)}
    emails = {}
    for name, (auto, reason) in ways.items():
        candidate = make_user()
        attempt = services.start_attempt(exam, candidate, utcnow())
        services.submit_attempt(attempt, utcnow(), auto=auto, reason=reason)
        emails[candidate.email] = name
    db.session.commit()
    with app.test_request_context(headers={"Accept-Language": "zh-CN"}):
        book = load_workbook(io.BytesIO(to_xlsx(exam)))
    sheet = next(ws for ws in book.worksheets if ws.title not in {"角色扮演", "诚信记录", "考试"})
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    seen = {emails[row[header.index("邮箱")]]: row[header.index("交卷方式")] for row in rows[1:]}
    assert seen == {
        "by hand": "学员交卷",
        "time": "超时自动交卷",
        "away": "因离开考试页面次数超过上限自动交卷",
    }
