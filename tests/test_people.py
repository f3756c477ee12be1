"""Cohorts: members, exams and scenarios assigned with a due date, what candidates then see; bulk import of
accounts from CSV and Excel with a dry run and per-row errors."""

from __future__ import annotations

import base64
import io
import re
from datetime import UTC, datetime

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from trainer.auth.models import User
from trainer.auth.services import authenticate
from trainer.bank.services import save_question, save_scenario
from trainer.database import utcnow
from trainer.exams.builder import BuildError, ExamSpec, save_exam
from trainer.exams.cohorts import exam_cohort_ids
from trainer.exams.layout import Section
from trainer.exams.services import available_exams, is_assigned, start_attempt
from trainer.extensions import db
from trainer.people import importer
from trainer.people import services as people
from trainer.people.models import Cohort, CohortMember


@pytest.fixture
def exam(app, make_user):
    save_question(
        {
            "id": "p-single",
            "type": "single",
            "points": 2,
            "stem": "先做什么？",
            "options": {"A": "核实", "B": "等待"},
            "answer": "A",
        }
    )
    db.session.commit()
    spec = ExamSpec(
        title="入职测评", sections=[Section(title="单选", questions=[{"uid": "p-single"}])], status="draft"
    )
    made = save_exam(spec, make_user("trainer"))
    db.session.commit()
    return made


def _scenario():
    from pathlib import Path

    import yaml

    folder = Path(__file__).resolve().parent.parent / "question_bank" / "scenarios"
    raw = yaml.safe_load(sorted(folder.glob("*.yaml"))[0].read_text(encoding="utf-8"))
    outcome = save_scenario(raw)
    db.session.commit()
    return outcome.obj


def test_an_exam_assigned_to_a_cohort_reaches_its_members_with_the_due_date(exam, make_user, client, auth):
    trainer = make_user("trainer")
    inside, outside = make_user(name="王小明"), make_user()
    cohort = people.create_cohort("2026 春季入职一班", trainer.id)
    added, unknown = people.add_members(cohort, [inside.email.upper(), "nobody@example.test"], trainer.id)
    assert added == [inside] and unknown == ["nobody@example.test"]
    due = datetime(2030, 6, 1, 10, 0, tzinfo=UTC)
    people.assign(cohort, "exam", exam.id, due, trainer.id)
    exam.status = "published"
    db.session.commit()
    assert is_assigned(exam, inside) and not is_assigned(exam, outside)
    assert available_exams(inside) == [exam] and available_exams(outside) == []
    start_attempt(exam, inside, utcnow())  # the cohort's member may start it
    db.session.commit()
    auth.login(inside)
    page = client.get("/exams/").get_data(as_text=True)
    assert 'id="assigned"' in page and "入职测评" in page and "2026 春季入职一班" in page
    assert "2030-06-01 18:00" in page  # the due date, in Asia/Shanghai
    # assigning again changes the due date rather than adding a second assignment
    people.assign(cohort, "exam", exam.id, None, trainer.id)
    db.session.commit()
    assert len(cohort.assignments) == 1 and cohort.assignments[0].due_at is None


def test_a_scenario_assigned_to_a_cohort_shows_on_the_candidates_page(app, make_user, client, auth):
    scenario = _scenario()
    member = make_user()
    cohort = people.create_cohort("客服二组", None)
    people.add_members(cohort, [member.email], None)
    people.assign(cohort, "scenario", scenario.id, datetime(2030, 1, 2, 1, 0, tzinfo=UTC), None)
    db.session.commit()
    with app.test_request_context():  # the links are built for a page
        items = people.assigned_items(member)
    assert [(i.kind, i.link) for i in items] == [("scenario", f"/roleplay/scenarios/{scenario.uid}/prepare")]
    auth.login(member)
    page = client.get("/exams/").get_data(as_text=True)
    assert f"/roleplay/scenarios/{scenario.uid}/prepare" in page and "2030-01-02 09:00" in page


def test_the_builder_publishes_an_exam_for_a_cohort_only(exam, make_user):
    trainer = make_user("trainer")
    cohort = people.create_cohort("夜班团队", trainer.id)
    db.session.commit()
    spec = ExamSpec(
        title="入职测评",
        sections=[Section(title="单选", questions=[{"uid": "p-single"}])],
        status="published",
    )
    with pytest.raises(BuildError):
        save_exam(spec, trainer, exam)  # no one: refused
    db.session.rollback()
    spec.cohorts = [cohort.id]
    save_exam(spec, trainer, exam)
    db.session.commit()
    assert exam_cohort_ids(exam) == [cohort.id] and exam.status == "published"


def test_cohort_pages_create_add_and_assign(exam, make_user, client, auth):
    hr = make_user("hr")
    member = make_user()
    auth.login(hr)
    made = auth.post("/people/cohorts", {"name": "  2026 春季入职一班 "})
    cohort = db.session.scalar(select(Cohort))
    assert made.status_code == 302 and cohort.name == "2026 春季入职一班"
    assert "已经有名为" in auth.post("/people/cohorts", {"name": "2026 春季入职一班"}).get_data(as_text=True)
    auth.post(f"/people/cohorts/{cohort.id}/members", {"emails": f"{member.email}\nghost@example.test"})
    assert db.session.scalar(select(func.count()).select_from(CohortMember)) == 1
    auth.post(
        f"/people/cohorts/{cohort.id}/assign", {"item": f"exam:{exam.id}", "due_at": "2030-06-01T18:00"}
    )
    db.session.expire_all()
    assert cohort.assignments[0].due_at == datetime(2030, 6, 1, 10, 0, tzinfo=UTC)
    page = client.get(f"/people/cohorts/{cohort.id}").get_data(as_text=True)
    assert "入职测评" in page and "2030-06-01 18:00" in page and member.email in page


CSV = (
    "姓名,邮箱,角色,班级\n"
    "王小明,wang@example.test,学员,2026 春季入职一班\n"
    "李雷,li@example.test,,2026 春季入职一班\n"
    "坏行,not-an-email,学员,\n"
    "重复,wang@example.test,学员,\n"
    "张三,zhang@example.test,老板,\n"
    "赵培训,zhao@example.test,培训师,夜班团队\n"
    ",,,\n"
    "已有,{existing},学员,夜班团队\n"
)


def test_dry_run_lists_every_row_with_its_errors_and_writes_nothing(make_user):
    existing = make_user(email="old.hand@example.test")
    rows = importer.read_table("people.csv", CSV.format(existing=existing.email).encode("utf-8-sig"))
    plans = importer.plan(rows, may_create_staff=False)
    by_line = {p.line: p for p in plans}
    assert [p.line for p in plans] == [2, 3, 4, 5, 6, 7, 9]  # the empty line 8 is not a row
    assert by_line[2].action == "create" and by_line[2].role == "candidate" and by_line[2].new_cohort
    assert by_line[3].role == "candidate" and not by_line[3].new_cohort  # same new cohort as line 2
    assert by_line[4].errors == ["“not-an-email”不是邮箱地址。"]
    assert by_line[5].errors == ["与第 2 行的邮箱重复。"]
    assert by_line[6].errors == ["未知角色“老板”：请填学员、培训师、人事或管理员。"]
    assert by_line[7].errors == ["只有管理员可以创建培训师、人事或管理员账号。"]  # HR imports candidates
    assert by_line[9].action == "existing"
    assert db.session.scalar(select(func.count(User.id))) == 1 and db.session.scalar(select(Cohort)) is None


def test_import_writes_the_good_rows_and_shows_passwords_once(make_user, client, auth):
    admin = make_user("admin")
    existing = make_user(email="old.hand@example.test")
    auth.login(admin)
    upload = {"file": (io.BytesIO(CSV.format(existing=existing.email).encode()), "people.csv")}
    preview = auth.post("/people/import", upload, content_type="multipart/form-data")
    html = preview.get_data(as_text=True)
    assert "预检结果：尚未写入任何数据" in html and "4 行可以导入（其中新账号 3 个）；3 行有错误" in html
    assert db.session.scalar(select(func.count(User.id))) == 2
    content = re.search(r'name="content" value="([^"]+)"', html).group(1)
    done = auth.post("/people/import", {"filename": "people.csv", "content": content, "action": "import"})
    assert done.headers["Cache-Control"] == "no-store"
    page = done.get_data(as_text=True)
    passwords = dict(
        re.findall(r"<td>([\w.]+@example\.test)</td><td>[^<]*</td><td><code>([^<]+)</code>", page)
    )
    assert set(passwords) == {"wang@example.test", "li@example.test", "zhao@example.test"}
    assert authenticate("wang@example.test", passwords["wang@example.test"]).name == "王小明"
    assert authenticate("zhao@example.test", passwords["zhao@example.test"]).role == "trainer"  # admin may
    first = people.find_cohort("2026 春季入职一班")
    night = people.find_cohort("夜班团队")
    assert {u.email for u in people.members(first)} == {"wang@example.test", "li@example.test"}
    assert {u.email for u in people.members(night)} == {"zhao@example.test", existing.email}
    assert db.session.scalar(select(User).where(User.email == "zhang@example.test")) is None


def test_import_reads_excel_with_english_headers(make_user):
    book = Workbook()
    sheet = book.active
    sheet.append(["Email", "Name", "Role", "Cohort"])
    sheet.append(["amy@example.test", "Amy", "hr", "Team A"])
    sheet.append(["bob@example.test", "Bob", "candidate", "Team A"])
    buffer = io.BytesIO()
    book.save(buffer)
    plans = importer.plan(importer.read_table("people.xlsx", buffer.getvalue()), may_create_staff=True)
    assert [(p.email, p.role, p.cohort, p.action) for p in plans] == [
        ("amy@example.test", "hr", "Team A", "create"),
        ("bob@example.test", "candidate", "Team A", "create"),
    ]
    created = importer.apply(plans, None)
    db.session.commit()
    assert len(created) == 2 and len(people.members(people.find_cohort("team a"))) == 2


def test_a_file_that_is_not_a_list_is_refused_with_the_reason(make_user, auth):
    auth.login(make_user("hr"))
    bad = auth.post(
        "/people/import",
        {"file": (io.BytesIO(b"just,some\nwords,here\n"), "x.csv")},
        content_type="multipart/form-data",
    )
    assert "必须有邮箱（email）列" in bad.get_data(as_text=True)
    wrong = auth.post(
        "/people/import",
        {"file": (io.BytesIO(b"PK\x03\x04junk"), "x.xlsx")},
        content_type="multipart/form-data",
    )
    assert "不是 Excel 工作簿" in wrong.get_data(as_text=True)
    tampered = auth.post(
        "/people/import",
        {"filename": "x.csv", "content": base64.b64encode(b"email\n").decode() + "!!", "action": "import"},
    )
    assert tampered.status_code == 200 and "文件为空" in tampered.get_data(as_text=True)


def test_the_new_passwords_download_as_csv_from_the_result_page_only(make_user, client, auth):
    import csv
    import html as html_lib

    admin = make_user("admin")
    existing = make_user(email="old.hand@example.test")
    auth.login(admin)
    upload = {"file": (io.BytesIO(CSV.format(existing=existing.email).encode()), "people.csv")}
    preview = auth.post("/people/import", upload, content_type="multipart/form-data").get_data(as_text=True)
    assert 'id="passwords-csv"' not in preview  # nothing to download before the import
    content = re.search(r'name="content" value="([^"]+)"', preview).group(1)
    done = auth.post("/people/import", {"filename": "people.csv", "content": content, "action": "import"})
    page = done.get_data(as_text=True)
    assert done.headers["Cache-Control"] == "no-store"
    link = re.search(r'<a [^>]*id="passwords-csv" href="([^"]+)" download="([^"]+)"', page)
    assert link, "no CSV link on the result page"
    assert "下载新账号和密码（CSV）" in page
    url, filename = html_lib.unescape(link.group(1)), link.group(2)
    assert filename.startswith("accounts-") and filename.endswith(".csv")
    prefix = "data:text/csv;charset=utf-8;base64,"
    assert url.startswith(prefix)  # the file travels in this page only: the server keeps no copy
    data = base64.b64decode(url[len(prefix) :])
    assert data.startswith("\ufeff".encode())  # a BOM, so Excel shows the Chinese names
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["姓名", "邮箱", "角色", "班级/团队", "密码"]
    by_email = {r[1]: r for r in rows[1:]}
    assert set(by_email) == {"wang@example.test", "li@example.test", "zhao@example.test"}
    assert by_email["wang@example.test"][:4] == ["王小明", "wang@example.test", "学员", "2026 春季入职一班"]
    assert by_email["zhao@example.test"][2:4] == ["培训师", "夜班团队"]
    shown = dict(re.findall(r"<td>([\w.]+@example\.test)</td><td>[^<]*</td><td><code>([^<]+)</code>", page))
    for email, row in by_email.items():
        assert row[4] == shown[email] and authenticate(email, row[4]) is not None
    # sending the same import again creates no account, so no password is shown or offered again
    again = auth.post("/people/import", {"filename": "people.csv", "content": content, "action": "import"})
    assert 'id="passwords-csv"' not in again.get_data(as_text=True)
    # the file reads back as an account list: the same people, now existing accounts
    dry = auth.post(
        "/people/import", {"file": (io.BytesIO(data), "accounts.csv")}, content_type="multipart/form-data"
    ).get_data(as_text=True)
    assert "3 行可以导入（其中新账号 0 个）；0 行有错误" in dry
