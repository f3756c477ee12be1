"""The exam page is rendered once per attempt and language, yet every visit shows that candidate's latest state."""

from __future__ import annotations

import re

from trainer.bank.services import save_question
from trainer.exams.models import Attempt
from trainer.exams.paper import paper_cache
from trainer.extensions import db


def _start(auth, exam) -> int:
    response = auth.post(f"/exams/{exam.id}/start")
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])


def _positions(attempt_id: int) -> dict[str, int]:
    attempt = db.session.get(Attempt, attempt_id)
    return {r.question_version.question.uid: r.position for r in attempt.responses}


def _article(page: str, pos: int) -> str:
    match = re.search(rf'<article class="question card" id="q-{pos}".*?</article>', page, re.S)
    assert match, f"question {pos} missing"
    return match.group(0)


def _checked_values(article: str) -> list[str]:
    return re.findall(r'value="([^"]+)"\s+checked', article)


def test_each_visit_shows_the_latest_saved_state(app, client, auth, make_user, make_exam):
    exam = make_exam()
    auth.login(make_user())
    attempt_id = _start(auth, exam)
    url = f"/exams/attempts/{attempt_id}"
    pos = _positions(attempt_id)
    first = client.get(url).get_data(as_text=True)
    assert not _checked_values(first) and "answered" not in re.findall(r'class="(answered[^"]*)"', first)
    assert len(paper_cache()) == 1

    saves = [
        (pos["t-single-0"], "B", False),
        (pos["t-multi-partial"], ["D", "A"], True),
        (pos["t-tf-0"], False, False),
        (pos["t-case"], "先致歉 </textarea><script>alert(1)</script> 再核实", False),
    ]
    for item, answer, flag in saves:
        saved = auth.post_json(f"{url}/save", {"pos": item, "seq": 4, "answer": answer, "flagged": flag})
        assert saved.status_code == 200 and saved.json["ok"], saved.json
    page = client.get(url).get_data(as_text=True)
    assert len(paper_cache()) == 1  # the same rendered paper, filled with the new state

    assert _checked_values(_article(page, pos["t-single-0"])) == ["B"]
    multi = _article(page, pos["t-multi-partial"])
    assert _checked_values(multi) == ["A", "D"] and 'class="flag-toggle" checked' in multi
    assert _checked_values(_article(page, pos["t-tf-0"])) == ["false"]
    case = _article(page, pos["t-case"])
    assert "先致歉 &lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt; 再核实</textarea>" in case
    assert "<script>alert" not in page
    for item, _answer, _flag in saves:
        assert f'data-pos="{item}" data-type=' in page and 'data-seq="4"' in _article(page, item)
    nav = dict(re.findall(r'<a href="#q-(\d+)" data-pos="\d+" class="([^"]*)"', page))
    assert nav[str(pos["t-multi-partial"])] == "answered flagged"
    assert nav[str(pos["t-single-0"])] == "answered" and nav[str(pos["t-interview"])] == ""

    cleared = auth.post_json(f"{url}/save", {"pos": pos["t-single-0"], "seq": 5, "answer": None})
    assert cleared.status_code == 200
    again = client.get(url).get_data(as_text=True)
    assert not _checked_values(_article(again, pos["t-single-0"]))
    assert 'data-seq="5"' in _article(again, pos["t-single-0"])


def test_a_cached_page_never_shows_another_candidates_answers(client, auth, make_user, make_exam):
    exam = make_exam()
    first, second = make_user(), make_user()
    auth.login(first)
    mine = _start(auth, exam)
    case = _positions(mine)["t-case"]
    auth.post_json(f"/exams/attempts/{mine}/save", {"pos": case, "seq": 1, "answer": "第一位考生的答案"})
    assert "第一位考生的答案" in client.get(f"/exams/attempts/{mine}").get_data(as_text=True)
    auth.logout()

    auth.login(second)
    theirs = _start(auth, exam)
    assert theirs != mine
    assert client.get(f"/exams/attempts/{mine}").status_code == 404  # the cached paper is not theirs
    page = client.get(f"/exams/attempts/{theirs}").get_data(as_text=True)
    assert "第一位考生的答案" not in page and "<textarea" in page
    assert f'data-attempt="{theirs}"' in page and f'data-attempt="{mine}"' not in page


def test_keys_and_explanations_stay_out_of_cached_pages(client, auth, make_user, make_exam):
    exam = make_exam()
    auth.login(make_user())
    attempt_id = _start(auth, exam)
    for _ in range(2):  # the first render and the cached one
        page = client.get(f"/exams/attempts/{attempt_id}").get_data(as_text=True)
        assert "先安抚并核实物流信息" in page  # an option
        assert "先共情再核实" not in page and "C 会让客户觉得在推诿" not in page  # explanations
        assert "致歉、核实、补发或退款、跟进" not in page  # reference answer
        assert '"answer"' not in page


def test_an_edited_question_shows_its_new_text_in_new_attempts_only(client, auth, make_user, make_exam):
    exam = make_exam()
    auth.login(make_user())
    old = _start(auth, exam)
    assert "请写出你的处理思路" in client.get(f"/exams/attempts/{old}").get_data(as_text=True)
    edited = {
        "id": "t-case",
        "type": "case",
        "points": 10,
        "rubric": "t-rubric",
        "stem": "请写出**新的**处理步骤。",
    }
    save_question(edited)  # shown already: this makes a new version
    db.session.commit()

    page = client.get(f"/exams/attempts/{old}").get_data(as_text=True)
    assert "请写出你的处理思路" in page and "新的" not in page  # the attempt keeps what it was shown
    auth.post(f"/exams/attempts/{old}/submit")
    new = _start(auth, exam)
    assert new != old
    page = client.get(f"/exams/attempts/{new}").get_data(as_text=True)
    assert "请写出<strong>新的</strong>处理步骤。" in page and "请写出你的处理思路" not in page


def test_language_title_and_clock_are_not_frozen_by_the_cache(client, auth, make_user, make_exam):
    exam = make_exam(title="第一版标题")
    auth.login(make_user())
    attempt_id = _start(auth, exam)
    url = f"/exams/attempts/{attempt_id}"
    zh = client.get(url).get_data(as_text=True)
    assert "第一版标题" in zh and "标记待检查" in zh
    first_now = re.search(r'data-now="([^"]+)"', zh).group(1)

    exam.title = "第二版标题"
    db.session.commit()
    assert "第二版标题" in client.get(url).get_data(as_text=True)

    auth.post("/language/en", {"next": url})
    en = client.get(url).get_data(as_text=True)
    assert "Flag for review" in en and "标记待检查" not in en
    assert re.search(r'data-now="([^"]+)"', en).group(1) > first_now


def test_markdown_cache_renders_new_text_and_still_sanitises():
    from trainer.bank.markdown import CACHE_MAX_CHARS, render_markdown

    assert render_markdown("**甲**") == render_markdown("**甲**") == "<p><strong>甲</strong></p>"
    assert render_markdown("**乙**") == "<p><strong>乙</strong></p>"
    for _ in range(2):  # cached or not, scripts and handlers are removed
        assert "<script" not in render_markdown("<script>x()</script>**丙**")
        assert "onerror" not in render_markdown('<img src=x onerror="x()">')
    long_text = "长" * (CACHE_MAX_CHARS + 1) + "<script>x()</script>"
    assert "<script" not in render_markdown(long_text) and render_markdown(long_text).startswith("<p>长")
