"""The import page over HTTP: upload → preview → fix types, drop rows → import all or nothing."""

from __future__ import annotations

import io
import re

from sqlalchemy import func, select

from trainer.bank.models import Question
from trainer.extensions import db


def _count() -> int:
    return int(db.session.scalar(select(func.count()).select_from(Question)) or 0)


def _upload(auth, path, name=None, data=None):
    body = data if data is not None else path.read_bytes()
    return auth.post(
        "/authoring/import",
        {"file": (io.BytesIO(body), name or path.name)},
        content_type="multipart/form-data",
    )


def test_upload_preview_retype_drop_and_import(client, auth, make_user, samples, staging):
    auth.login(make_user("trainer"))
    uploaded = _upload(auth, samples / "paper_objective_zh.txt")
    assert uploaded.status_code == 302
    preview_url = uploaded.headers["Location"]
    assert _count() == 0  # the preview writes nothing
    assert len(list(staging.glob("*.json"))) == 1
    page = client.get(preview_url).get_data(as_text=True)
    assert page.count('name="drop_') == 10
    assert "值班客服最先应该做什么" in page and "第1页 共3页" in page  # a question and a skipped line
    assert (
        "主观题作为草稿导入，关联评分标准后才能发布。" in page and "free_text_draft" not in page
    )  # the per-row warning

    response = auth.post(
        preview_url, {"action": "import", "type_1": "multiple", "type_10": "interview", "drop_3": "1"}
    )
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    done = response.get_data(as_text=True)
    assert "9" in re.search(r'id="import-result">([^<]+)', done).group(1)
    assert _count() == 9
    questions = {q.current.stem: q for q in db.session.scalars(select(Question))}
    assert not any("客服态度恶劣" in stem for stem in questions)  # row 3 was dropped
    first = next(q for stem, q in questions.items() if "值班客服最先应该做什么" in stem)
    assert first.current.type == "multiple" and first.current.data["answer"] == ["B"]
    assert first.status == "published"
    case = next(q for stem, q in questions.items() if stem.startswith("请分析问题产生的环节"))
    assert case.current.type == "interview" and case.status == "draft"
    assert "drafts to finish" in done.lower() or "待完善" in done
    assert not list(staging.glob("*.json"))  # the staged upload is gone once written
    assert client.get(preview_url).status_code == 404


def test_a_row_that_cannot_be_saved_stops_the_whole_import(client, auth, make_user, samples, staging):
    auth.login(make_user("trainer"))
    preview_url = _upload(auth, samples / "paper_objective_zh.txt").headers["Location"]
    # a case-analysis row turned into single choice has no options: it cannot be saved, so nothing is
    response = auth.post(preview_url, {"action": "import", "type_10": "single"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "import-errors" in page and "#10" in page and "options" in page
    assert _count() == 0
    fixed = auth.post(preview_url, {"action": "import", "type_10": "single", "drop_10": "1"})
    assert fixed.status_code == 200 and _count() == 9


def test_refused_upload_says_why_and_writes_nothing(client, auth, make_user, staging):
    auth.login(make_user("trainer"))
    fake = b"MZ\x90\x00" + bytes(range(256)) * 8  # a Windows program renamed to .docx
    response = _upload(auth, None, name="paper.docx", data=fake)
    assert response.status_code == 400
    assert "可执行文件" in response.get_data(as_text=True)
    as_json = auth._client.post(
        "/authoring/import",
        data={"file": (io.BytesIO(fake), "paper.docx"), "csrf_token": auth.csrf_token("/")},
        content_type="multipart/form-data",
        headers={"Accept": "application/json"},
    )
    assert as_json.status_code == 400 and "可执行文件" in as_json.get_json()["error"]
    assert _count() == 0
    assert not staging.exists() or not list(staging.glob("*.json"))


def test_script_upload_gets_a_json_redirect(client, auth, make_user, samples, staging):
    auth.login(make_user("trainer"))
    response = client.post(
        "/authoring/import",
        data={"file": (io.BytesIO((samples / "paper_interview_zh.txt").read_bytes()), "p.txt")},
        content_type="multipart/form-data",
        headers={"Accept": "application/json", "X-CSRFToken": auth.csrf_token("/")},
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["redirect"].startswith("/authoring/import/") and body["questions"] == 4


def test_another_trainer_cannot_see_or_import_my_upload(client, auth, make_user, samples, staging):
    auth.login(make_user("trainer"))
    preview_url = _upload(auth, samples / "paper_objective_zh.txt").headers["Location"]
    auth.logout()
    auth.login(make_user("trainer"))
    assert client.get(preview_url).status_code == 404
    assert auth.post(preview_url, {"action": "import"}).status_code == 404
    assert _count() == 0


def test_exchange_upload_previews_then_imports(client, auth, make_user, staging):
    auth.login(make_user("trainer"))
    gift = (
        "// [id:gift-refund-01]\n::gift-refund-01::退款到账一般需要几个工作日？{=1-3个工作日 ~当天 ~一个月}\n\n"
        "::gift-tf::客服可以在未核实身份时告知账户余额。{F}\n"
    ).encode()
    response = auth.post(
        "/authoring/exchange",
        {"format": "gift", "file": (io.BytesIO(gift), "q.gift")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    preview = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "退款到账一般需要几个工作日" in preview
    assert _count() == 0
    done = auth.post(response.headers["Location"], {"action": "import"})
    assert done.status_code == 200
    uids = set(db.session.scalars(select(Question.uid)))
    assert uids == {"gift-refund-01", "gift-tf"}


def test_downloads_follow_the_bank_filters(client, auth, make_user, runner, samples):
    assert runner.invoke(args=["bank", "import", str(samples / "paper_objective_zh.txt")]).exit_code == 0
    auth.login(make_user("trainer"))
    xml = client.get("/authoring/export?format=moodle&type=truefalse")
    assert xml.status_code == 200 and "attachment" in xml.headers["Content-Disposition"]
    text = xml.get_data(as_text=True)
    assert text.count('<question type="truefalse"') == 2 and "multichoice" not in text
    aiken = client.get("/authoring/export?format=aiken")
    assert aiken.get_data(as_text=True).count("ANSWER:") == 4
    assert aiken.headers.get("X-Skipped-Questions")  # multiple, true/false and case cannot go to Aiken
    import zipfile

    archive = zipfile.ZipFile(io.BytesIO(client.get("/authoring/export?format=zip&status=draft").data))
    names = archive.namelist()
    assert any(n.startswith("import-") and n.endswith(".yaml") for n in names)
    assert "请分析问题产生的环节" in archive.read(next(n for n in names if n.startswith("import-"))).decode()
    assert client.get("/authoring/export?format=nope").status_code == 400


def test_imported_questions_are_usable_in_an_exam(client, auth, make_user, samples, staging):
    from trainer.database import utcnow
    from trainer.exams.builder import ExamSpec, save_exam
    from trainer.exams.layout import Section
    from trainer.exams.services import start_attempt

    trainer = make_user("trainer")
    auth.login(trainer)
    preview_url = _upload(auth, samples / "paper_objective_zh.txt").headers["Location"]
    assert auth.post(preview_url, {"action": "import"}).status_code == 200
    published = list(
        db.session.scalars(select(Question).where(Question.status == "published").order_by(Question.uid))
    )
    assert len(published) == 9  # the case-analysis draft waits for a rubric
    spec = ExamSpec(
        title="导入题目测验",
        sections=[Section(title="导入", questions=[{"uid": q.uid, "policy": None} for q in published])],
        status="published",
        open_to_all=True,
    )
    exam = save_exam(spec, trainer)
    db.session.commit()
    attempt = start_attempt(exam, make_user("candidate"), utcnow())
    db.session.commit()
    shown = {r.question_version_id for r in attempt.responses}
    assert shown == {q.current.id for q in published}
    db.session.expire_all()
    assert all(
        q.current.frozen for q in db.session.scalars(select(Question).where(Question.status == "published"))
    )


def test_rubric_upload_opens_in_the_editor_and_saves_only_on_save(client, auth, make_user, staging):
    from trainer.bank.models import Rubric

    auth.login(make_user("trainer"))
    rubric_json = (
        '{"id": "callback-promise", "title": "回电承诺", "lang": "zh",'
        ' "criteria": [{"id": "time", "name": "明确时限", "max": 2, "levels": {"2": "给出具体回电时间", "0": "没有时限"}}]}'
    )
    response = auth.post(
        "/authoring/exchange",
        {"format": "rubric", "file": (io.BytesIO(rubric_json.encode()), "callback.json")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "给出具体回电时间" in page and 'action="/authoring/rubrics/new"' in page
    assert db.session.scalar(select(Rubric)) is None
    text = re.search(r"<textarea[^>]*>\n?(.*?)</textarea>", page, re.S).group(1)
    import html

    saved = auth.post("/authoring/rubrics/new", {"text": html.unescape(text)})
    assert saved.status_code == 302
    assert db.session.scalar(select(Rubric.uid)) == "callback-promise"


def test_moodle_export_uploads_back_as_the_same_questions(client, auth, make_user, runner, samples, staging):
    assert runner.invoke(args=["bank", "import", str(samples / "paper_objective_zh.txt")]).exit_code == 0
    auth.login(make_user("trainer"))
    xml = client.get("/authoring/export?format=moodle&status=published").data
    response = auth.post(
        "/authoring/exchange",
        {"format": "moodle", "file": (io.BytesIO(xml), "bank.xml")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert auth.post(response.headers["Location"], {"action": "import"}).status_code == 200
    # same ids: nothing new. Moodle carries no 多选 partial-credit policy, so those three get a new version
    db.session.expire_all()
    versions = {q.uid: (q.current.type, len(q.versions)) for q in db.session.scalars(select(Question))}
    assert len(versions) == 10
    assert sorted(n for _t, n in versions.values()) == [1] * 7 + [2] * 3
    assert all(t == "multiple" for t, n in versions.values() if n == 2)


def test_refused_exchange_upload_writes_nothing(client, auth, make_user, staging):
    auth.login(make_user("trainer"))
    response = auth.post(
        "/authoring/exchange",
        {"format": "yaml", "file": (io.BytesIO(b"- &a {id: x}\n- *a\n"), "bank.yaml")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400 and "锚点或别名" in response.get_data(as_text=True)
    assert _count() == 0 and not list(staging.glob("*.json"))


def test_a_word_paper_imports_like_its_text(client, auth, make_user, samples, staging):
    """A trainer's usual case: the paper arrives as a .docx written in Word."""
    import docx

    document = docx.Document()
    for line in (samples / "paper_objective_zh.txt").read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    auth.login(make_user("trainer"))
    uploaded = _upload(auth, None, name="客服岗位笔试.docx", data=buffer.getvalue())
    assert uploaded.status_code == 302, uploaded.get_data(as_text=True)[:500]
    page = client.get(uploaded.headers["Location"]).get_data(as_text=True)
    assert page.count('name="drop_') == 10
    assert "值班客服最先应该做什么" in page
    done = auth.post(uploaded.headers["Location"], {"action": "import"})
    assert done.status_code == 200
    assert _count() == 10
