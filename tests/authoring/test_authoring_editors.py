"""Question, rubric and scenario editors: versioning in place or anew, audit, previews, validation."""

from __future__ import annotations

from pathlib import Path

from markupsafe import escape
from sqlalchemy import select

from trainer.audit.models import AuditEntry
from trainer.bank.models import Question, Rubric, Scenario
from trainer.extensions import db

ROOT = Path(__file__).resolve().parents[2]

QUESTION = {
    "id": "refund-window-01",
    "type": "single",
    "status": "published",
    "lang": "zh",
    "points": "2",
    "difficulty": "2",
    "tags": "退款, 电商",
    "stem": "客户申请**七天无理由**退货，但商品已拆封试用。客服首先应当？",
    "option_A": "直接拒绝",
    "option_B": "查看商品类目与平台规则后说明可否退货",
    "option_C": "让客户找快递",
    "answer": "B",
    "explanation": "先依据规则判断，再给出明确答复。",
}


def _question(uid: str) -> Question:
    db.session.expire_all()
    return db.session.scalar(select(Question).where(Question.uid == uid))


def test_new_question_then_edit_in_place_then_new_version_once_frozen(client, auth, make_user):
    auth.login(make_user("trainer"))
    created = auth.post("/authoring/questions/new", QUESTION)
    assert created.status_code == 302, created.get_data(as_text=True)[:3000]
    q = _question("refund-window-01")
    assert q.current.data["answer"] == "B" and q.current.tags == ["退款", "电商"] and q.current.points == 2

    edited = auth.post("/authoring/questions/refund-window-01/edit", {**QUESTION, "points": "3"})
    assert edited.status_code == 302
    q = _question("refund-window-01")
    assert len(q.versions) == 1 and q.current.points == 3  # no attempt saw v1: edited in place

    q.current.frozen = True  # an attempt has shown it
    db.session.commit()
    again = auth.post(
        "/authoring/questions/refund-window-01/edit",
        {**QUESTION, "points": "3", "answer": "B", "option_D": "新增选项"},
    )
    assert again.status_code == 302
    q = _question("refund-window-01")
    assert [v.number for v in q.versions] == [1, 2]
    assert q.current.number == 2 and "D" in q.current.data["options"]
    assert "D" not in q.versions[0].data["options"]  # the version the attempt saw is untouched
    page = client.get("/authoring/questions/refund-window-01/edit").get_data(as_text=True)
    assert "v2" in page and "/bank/questions/refund-window-01/diff?a=1&amp;b=2" in page
    diff = client.get("/bank/questions/refund-window-01/diff?a=1&b=2").get_data(as_text=True)
    assert 'class="diff-add">+  D: 新增选项' in diff
    old = client.get("/bank/questions/refund-window-01?v=1").get_data(as_text=True)
    assert "新增选项" not in old


def test_invalid_question_is_not_saved_and_the_field_says_why(client, auth, make_user):
    auth.login(make_user("trainer"))
    response = auth.post("/authoring/questions/new", {**QUESTION, "answer": "Z"})
    assert response.status_code == 200
    assert "must be one of the option letters" in response.get_data(as_text=True)
    assert _question("refund-window-01") is None


def test_every_type_saves_from_the_editor(client, auth, make_user):
    auth.login(make_user("trainer"))
    base = {k: v for k, v in QUESTION.items() if not k.startswith("option_") and k != "answer"}
    cases = {
        "m-1": {
            "type": "multiple",
            "option_A": "甲",
            "option_B": "乙",
            "option_C": "丙",
            "answer": "A,C",
            "scoring": "partial",
            "partial_points": "1",
        },
        "tf-1": {"type": "truefalse", "answer": "错误"},
        "case-1": {"type": "case", "status": "draft", "reference_answer": "先致歉，再核实。"},
        "iv-1": {"type": "interview", "status": "draft"},
        "rp-1": {"type": "roleplay", "status": "draft", "scenario": "parcel-delay"},
    }
    for uid, fields in cases.items():
        response = auth.post("/authoring/questions/new", {**base, "id": uid, **fields})
        assert response.status_code == 302, (uid, response.get_data(as_text=True)[:2000])
    assert _question("m-1").current.data == {
        "options": {"A": "甲", "B": "乙", "C": "丙"},
        "answer": ["A", "C"],
        "scoring": "partial",
        "partial_points": 1.0,
    }
    assert _question("tf-1").current.data == {"answer": False}
    assert (
        _question("case-1").status == "draft"
        and _question("case-1").current.reference_answer == "先致歉，再核实。"
    )
    assert _question("rp-1").current.data == {"scenario": "parcel-delay"}


def test_markdown_preview_is_sanitised(client, auth, make_user):
    auth.login(make_user("trainer"))
    response = auth.post_json(
        "/authoring/preview/markdown",
        {
            "text": "**粗体**\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[x](javascript:alert(3))"
        },
    )
    assert response.status_code == 200
    html = response.get_json()["html"]
    assert "<strong>粗体</strong>" in html
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html
    assert auth.post_json("/authoring/preview/markdown", {"text": 5}).status_code == 400


RUBRIC_YAML = """\
id: wait-time
title: 等待时长投诉
lang: zh
criteria:
  - id: empathy
    name: 共情
    max: 3
    levels: {3: 真诚致歉并回应情绪, 0: 无回应}
  - id: plan
    name: 方案
    max: 2
    key_points: [时限]
"""


def test_rubric_edits_are_versioned_and_audited(client, auth, make_user):
    trainer = make_user("trainer")
    auth.login(trainer)
    assert auth.post("/authoring/rubrics/new", {"text": RUBRIC_YAML}).status_code == 302
    rubric = db.session.scalar(select(Rubric).where(Rubric.uid == "wait-time"))
    assert rubric.current.number == 1 and rubric.current.data["criteria"][1]["key_points"] == ["时限"]

    edited = RUBRIC_YAML.replace("max: 2", "max: 4")
    assert auth.post("/authoring/rubrics/wait-time/edit", {"text": edited}).status_code == 302
    db.session.expire_all()
    rubric = db.session.scalar(select(Rubric).where(Rubric.uid == "wait-time"))
    assert len(rubric.versions) == 1 and rubric.current.data["criteria"][1]["max"] == 4  # unused: in place

    rubric.current.frozen = True  # a score used it
    db.session.commit()
    assert (
        auth.post(
            "/authoring/rubrics/wait-time/edit", {"text": edited.replace("max: 4", "max: 5")}
        ).status_code
        == 302
    )
    db.session.expire_all()
    rubric = db.session.scalar(select(Rubric).where(Rubric.uid == "wait-time"))
    assert [v.number for v in rubric.versions] == [1, 2]
    assert rubric.versions[0].data["criteria"][1]["max"] == 4

    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.target_id == "wait-time").order_by(AuditEntry.id)
    ).all()
    assert [e.action for e in entries] == ["rubric.save"] * 3
    assert all(e.actor_id == trainer.id for e in entries)
    assert entries[0].before is None
    assert (
        entries[2].before["data"]["criteria"][1]["max"] == 4
        and entries[2].after["data"]["criteria"][1]["max"] == 5
    )
    assert entries[2].after["outcome"] == "new_version"

    yaml_file = client.get("/authoring/rubrics/wait-time/download")
    assert "max: 5" in yaml_file.get_data(as_text=True)
    assert (
        client.get("/authoring/rubrics/wait-time/download?format=json").get_json()["criteria"][1]["max"] == 5
    )


def test_invalid_rubric_names_the_field_and_saves_nothing(client, auth, make_user):
    auth.login(make_user("trainer"))
    response = auth.post("/authoring/rubrics/new", {"text": RUBRIC_YAML.replace("max: 3", "max: -1")})
    assert response.status_code == 400
    assert "criteria[0].max" in response.get_data(as_text=True)
    assert db.session.scalar(select(Rubric)) is None
    preview = auth.post_json("/authoring/preview/rubric", {"text": "id: x\ncriteria: []"}).get_json()
    assert preview["ok"] is False and "criteria" in preview["error"]
    good = auth.post_json("/authoring/preview/rubric", {"text": RUBRIC_YAML}).get_json()
    assert good["ok"] and "真诚致歉并回应情绪" in good["html"]
    assert db.session.scalar(select(AuditEntry)) is None


def test_scenario_editor_validates_and_previews_only_the_public_view(client, auth, make_user):
    auth.login(make_user("trainer"))
    path = sorted((ROOT / "question_bank" / "scenarios").glob("*.yaml"))[0]
    text = path.read_text(encoding="utf-8")
    import yaml

    data = yaml.safe_load(text)
    preview = auth.post_json("/authoring/preview/scenario", {"text": text}).get_json()
    assert preview["ok"] and str(escape(data["title"])) in preview["html"]
    assert str(escape(data["customer"]["name"])) in preview["html"]
    assert str(escape(data["hidden"]["goal"])) not in preview["html"]  # hidden state stays hidden
    assert auth.post("/authoring/scenarios/new", {"text": text}).status_code == 302
    scenario = db.session.scalar(select(Scenario).where(Scenario.uid == data["id"]))
    assert scenario is not None and scenario.current.number == 1
    broken = auth.post(
        f"/authoring/scenarios/{data['id']}/edit", {"text": text.replace(f"id: {data['id']}", "id: other", 1)}
    )
    assert broken.status_code == 400 and "must stay" in broken.get_data(as_text=True)


def test_hr_may_browse_but_not_author(client, auth, make_user):
    auth.login(make_user("hr"))
    assert client.get("/bank/").status_code == 200
    assert "/authoring/questions/new" not in client.get("/bank/").get_data(as_text=True)
    assert auth.post("/authoring/questions/new", QUESTION).status_code == 403
    assert auth.post_json("/authoring/preview/markdown", {"text": "x"}).status_code == 403
