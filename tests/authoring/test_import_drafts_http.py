"""Drafted rubrics and scenarios in the import preview: review, edit, open in the editor, save with the question."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import yaml
from sqlalchemy import func, select

from trainer.bank.models import Question, Rubric, Scenario
from trainer.extensions import db

PAPERS = Path(__file__).resolve().parents[1] / "bank" / "papers"


def _count(model) -> int:
    return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def _upload(auth, name: str) -> str:
    response = auth.post(
        "/authoring/import",
        {"file": (io.BytesIO((PAPERS / name).read_bytes()), name)},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response.headers["Location"]


def _textarea(page: str, name: str) -> str:
    match = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', page, re.S)
    assert match, name
    return html.unescape(match.group(1))


def test_a_drafted_rubric_is_reviewed_edited_and_saved_with_its_question(client, auth, make_user, staging):
    auth.login(make_user("trainer"))
    preview_url = _upload(auth, "nth_question_parts.txt")
    page = client.get(preview_url).get_data(as_text=True)
    assert 'id="rubric-draft-1"' in page and "分流依据清晰" in page  # the criteria are shown
    assert 'id="rubric-draft-4"' not in page  # question 4 gives no scoring points: no draft
    text = _textarea(page, "rubric_text_1")
    draft = yaml.safe_load(text)
    assert [c["max"] for c in draft["criteria"]] == [4, 3, 3, 5, 5]
    draft["criteria"][0]["name"] = "分流设计"  # the trainer edits the draft before saving it
    edited = yaml.safe_dump(draft, allow_unicode=True, sort_keys=False)

    response = auth.post(preview_url, {"action": "import", "use_rubric_1": "1", "rubric_text_1": edited})
    assert response.status_code == 200, response.get_data(as_text=True)[:3000]
    rubric = db.session.scalar(select(Rubric).where(Rubric.uid == draft["id"]))
    assert rubric is not None and rubric.current.data["criteria"][0]["name"] == "分流设计"
    linked = [q for q in db.session.scalars(select(Question)) if q.current.rubric_uid == draft["id"]]
    assert len(linked) == 1 and linked[0].status == "published" and linked[0].current.points == 20
    assert _count(Question) == 5 and _count(Rubric) == 1  # the other drafts were not accepted


def test_a_bad_draft_stops_the_whole_import(client, auth, make_user, staging):
    auth.login(make_user("trainer"))
    preview_url = _upload(auth, "nth_question_parts.txt")
    response = auth.post(
        preview_url, {"action": "import", "use_rubric_2": "1", "rubric_text_2": "id: x\ncriteria: []\n"}
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "import-errors" in page and "#2" in page and "criteria" in page
    assert 'name="use_rubric_2" value="1" checked' in page  # the trainer's choice and text are kept
    assert _count(Question) == 0 and _count(Rubric) == 0


def test_a_drafted_scenario_opens_in_the_editor_and_is_saved_with_its_question(
    client, auth, make_user, staging
):
    auth.login(make_user("trainer"))
    preview_url = _upload(auth, "roleplay_quotes.txt")
    page = client.get(preview_url).get_data(as_text=True)
    assert 'id="scenario-draft-1"' in page and "我的生日蛋糕订单说好下午三点送到" in page
    text = _textarea(page, "scenario_text_1")
    sid = yaml.safe_load(text)["id"]

    editor = auth.post(f"{preview_url}/1/scenario", {"scenario_text_1": text})
    body = editor.get_data(as_text=True)
    assert editor.status_code == 200 and 'action="/authoring/scenarios/new"' in body
    assert sid in html.unescape(body) and 'id="back-to-import"' in body
    assert "document-error" not in body  # the draft passes the scenario validator
    saved = auth.post("/authoring/scenarios/new", {"text": text})
    assert saved.status_code == 302 and _count(Scenario) == 1

    response = auth.post(preview_url, {"action": "import", "use_scenario_1": "1", "scenario_text_1": text})
    assert response.status_code == 200, response.get_data(as_text=True)[:3000]
    assert _count(Scenario) == 1  # linked to the one saved from the editor, not saved twice
    question = next(
        q
        for q in db.session.scalars(select(Question))
        if q.current.type == "roleplay" and q.status == "published"
    )
    assert question.current.data["scenario"] == sid


def test_a_rubric_ticked_on_a_question_turned_objective_is_refused_in_words(client, auth, make_user, staging):
    auth.login(make_user("trainer"))
    preview_url = _upload(auth, "nth_question_parts.txt")
    response = auth.post(preview_url, {"action": "import", "use_rubric_1": "1", "type_1": "truefalse"})
    assert response.status_code == 400
    assert "评分标准只能用于案例分析题或面试题" in response.get_data(as_text=True)
    assert _count(Question) == 0 and _count(Rubric) == 0
