"""Every page, as each role, in zh-CN on a database filled by ``seed-demo``: no internal code in the visible text.

The URL map is walked with real objects (exams, attempts, responses, candidates, cohorts, questions, rubrics and
scenarios from the seeded database). Visible text is collected with an HTML parser (script, style and attribute
values are not visible). An internal code is a status, engine name, question type id, end state, flag id,
criterion id, detector or trigger id, or ``True``/``False``/``None``. A code counts when it is a whole text
node (a table cell or badge showing ``graded``), starts one as a label (``True: 1``), or, for codes with an
underscore, anywhere in the text (``needs_review`` is never natural writing). The same seeded database also
shows that every HR page has data after ``seed-demo``.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.support.web import CSRF_META
from trainer import create_app
from trainer.config import TestingConfig
from trainer.extensions import db

ROOT_PO = Path(__file__).resolve().parent.parent / "trainer/translations/zh/LC_MESSAGES/messages.po"
SKIP = {"static", "auth.logout", "authoring.import_preview", "authoring.import_draft_editor"}
SKIP_SUFFIX = (".csv", ".xlsx", "/download", "/status")  # files and JSON, not pages
ROLE_ACCOUNTS = {
    "candidate": ("learner01@demo.local", "demo-candidate-pass"),
    "trainer": ("trainer@demo.local", "demo-trainer-pass"),
    "hr": ("hr@demo.local", "demo-hr-pass"),
    "admin": ("admin@demo.local", "demo-admin-pass"),
}
HR_PAGES = ("review.dashboard", "review.exam", "review.candidate", "review.report", "review.attempt")


class VisibleText(HTMLParser):
    """The text nodes a person sees: not inside script, style, template or head, nor a textarea (the YAML
    source a trainer edits, whose keys are the file format)."""

    HIDDEN = {"script", "style", "template", "head", "title", "noscript", "textarea"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.nodes: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in self.HIDDEN:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.depth and data.strip():
            self.nodes.append(" ".join(data.split()))


def visible_text(html: str) -> list[str]:
    """The visible text nodes of a page."""
    parser = VisibleText()
    parser.feed(html)
    return parser.nodes


def internal_codes() -> set[str]:
    """Every internal code a page could leak, from the code's constants and the seeded content."""
    import trainer.exams.models as exam_models
    import trainer.grading.models as grading_models
    import trainer.grading.types as grading_types
    from trainer.bank.models import QuestionVersion, RubricVersion, ScenarioVersion
    from trainer.bank.question_types import question_types
    from trainer.roleplay import scenario as scenario_mod

    codes: set[str] = {"True", "False", "None", "offline", "llm", "human", "combined"}
    for module, prefixes in (
        (exam_models, ("ATTEMPT_", "RESPONSE_", "MODE_", "EXAM_")),
        (grading_models, ("JOB_",)),
        (grading_types, ("FLAG_",)),
    ):
        codes |= {v for k, v in vars(module).items() if k.startswith(prefixes) and isinstance(v, str)}
    codes |= set(scenario_mod.END_STATES) | set(scenario_mod.DETECTORS)
    codes |= set(question_types().ids())
    criteria: set[str] = set()
    for version in db.session.scalars(select(RubricVersion)):
        criteria |= {c["id"] for c in version.data.get("criteria") or []}
    tags = {t for tags in db.session.scalars(select(QuestionVersion.tags)) for t in tags or []}
    codes |= criteria - tags  # a bank tag is the author's own label, shown as written
    for version in db.session.scalars(select(ScenarioVersion)):
        for key in ("triggers", "behaviours"):
            codes |= {t["id"] for t in version.data.get(key) or [] if isinstance(t, dict) and "id" in t}
    return {c for c in codes if c and len(c) > 2}


def leaks(nodes: list[str], codes: set[str]) -> list[str]:
    """The text nodes that show an internal code."""
    found = []
    for node in nodes:
        for code in codes:
            label = re.match(rf"{re.escape(code)}\s*[:：=]", node)
            anywhere = "_" in code and re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", node)
            if node == code or label or anywhere:
                found.append(f"{code!r} in {node[:80]!r}")
    return found


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory):
    """The app on one SQLite database filled by ``seed-demo`` (with its history), for the whole module."""
    path = Path(tmp_path_factory.mktemp("sweep")) / "demo.sqlite"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"}, config=TestingConfig())
    with app.app_context():
        db.create_all()
        result = app.test_cli_runner().invoke(args=["seed-demo"])
        assert result.exit_code == 0, result.output
        db.session.remove()
    yield app  # no context stays pushed: each request gets its own (and its own signed-in user)
    with app.app_context():
        db.engine.dispose()


def _objects() -> dict[str, Any]:
    """Real ids for every URL argument, from the seeded database."""
    from trainer.auth.models import User
    from trainer.bank.models import Question, Rubric, Scenario
    from trainer.exams.models import Attempt, Exam, Response
    from trainer.people.models import Cohort
    from trainer.roleplay.models import RoleplaySession

    learner = db.session.scalar(select(User).where(User.email == "learner01@demo.local"))
    attempt = db.session.scalar(select(Attempt).where(Attempt.user_id == learner.id).order_by(Attempt.id))
    free = db.session.scalar(
        select(Response)
        .where(Response.attempt_id == attempt.id, Response.answer.is_not(None))
        .order_by(Response.max_score.desc())
    )
    session = db.session.scalar(select(RoleplaySession).order_by(RoleplaySession.id))
    return {
        "exam_id": attempt.exam_id,
        "attempt_id": attempt.id,
        "response_id": free.id,
        "question_id": free.question_version.question_id,
        "user_id": learner.id,
        "cohort_id": db.session.scalar(select(Cohort.id).order_by(Cohort.id)),
        "session_id": session.id if session else None,
        "question_uid": db.session.scalar(select(Question.uid).order_by(Question.id)),
        "rubric_uid": db.session.scalar(select(Rubric.uid).order_by(Rubric.id)),
        "scenario_uid": db.session.scalar(select(Scenario.uid).order_by(Scenario.id)),
        "any_exam": db.session.scalar(select(Exam.id).order_by(Exam.id)),
    }


def _pages(app, objects: dict[str, Any]) -> list[tuple[str, str]]:
    rows = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in SKIP:
            continue
        args: dict[str, Any] = {}
        for name in rule.arguments:
            if name == "uid":
                kind = (
                    "scenario"
                    if "scenario" in rule.endpoint
                    else "rubric"
                    if "rubric" in rule.endpoint
                    else "question"
                )
                args[name] = objects[f"{kind}_uid"]
            else:
                args[name] = objects.get(name)
        if any(v is None for v in args.values()):
            continue
        path = rule.build(args)[1] if rule.arguments else rule.rule
        if not path.endswith(SKIP_SUFFIX):
            rows.append((rule.endpoint, path))
    return sorted(rows)


def _login(client, email: str, password: str) -> None:
    page = client.get("/login", follow_redirects=True)
    match = CSRF_META.search(page.get_data(as_text=True))
    assert match, (page.status_code, page.get_data(as_text=True)[:300])
    token = match.group(1)
    response = client.post("/login", data={"email": email, "password": password, "csrf_token": token})
    assert response.status_code == 302, (email, visible_text(response.get_data(as_text=True)))


@pytest.mark.parametrize("role", tuple(ROLE_ACCOUNTS))
def test_no_internal_code_on_any_page_in_zh(seeded, role: str) -> None:
    client = seeded.test_client()
    _login(client, *ROLE_ACCOUNTS[role])
    with seeded.app_context():
        codes, pages = internal_codes(), _pages(seeded, _objects())
    assert {"needs_review", "graded", "single", "case", "hung_up", "offline"} <= codes
    problems, seen = [], 0
    for endpoint, path in pages:
        response = client.get(path, headers={"Accept-Language": "zh-CN"}, follow_redirects=True)
        if response.status_code != 200 or "text/html" not in response.content_type:
            continue
        seen += 1
        problems += [
            f"{endpoint} {path}: {leak}"
            for leak in leaks(visible_text(response.get_data(as_text=True)), codes)
        ]
    assert seen >= 5, f"only {seen} pages rendered for {role}"
    assert not problems, "\n".join(sorted(set(problems)))


def test_every_hr_page_has_data_after_seed_demo(seeded) -> None:
    from trainer.exams.models import Attempt
    from trainer.people.models import Cohort

    client = seeded.test_client()
    _login(client, *ROLE_ACCOUNTS["hr"])
    with seeded.app_context():
        pages = _pages(seeded, _objects())
        assert len(db.session.scalars(select(Attempt)).all()) >= 30
        assert len(db.session.scalars(select(Cohort)).all()) >= 2
    for endpoint, path in pages:
        if endpoint not in HR_PAGES:
            continue
        text = " ".join(visible_text(client.get(path).get_data(as_text=True)))
        assert "演示测评" in text or "learner01" in text or "学员" in text, endpoint
        assert "暂无" not in text, f"{endpoint} says there is nothing yet"


def test_seed_demo_history_is_idempotent_and_keeps_passwords(seeded) -> None:
    from trainer.auth.models import User
    from trainer.auth.services import authenticate
    from trainer.exams.models import Attempt

    with seeded.app_context():
        user = db.session.scalar(select(User).where(User.email == "learner02@demo.local"))
        user.set_password("chosen-by-the-learner-9")
        db.session.commit()
        before = len(db.session.scalars(select(Attempt)).all())
        result = seeded.test_cli_runner().invoke(args=["seed-demo"])
        assert result.exit_code == 0, result.output
        assert "Demo history exists" in result.output
        assert len(db.session.scalars(select(Attempt)).all()) == before
        assert authenticate("learner02@demo.local", "chosen-by-the-learner-9") is not None
        assert authenticate("hr@demo.local", "demo-hr-pass") is not None


def test_one_term_per_concept_and_the_fixed_translations(seeded) -> None:
    from babel.messages.pofile import read_po

    catalogue = ROOT_PO.read_bytes()
    messages = {m.id: m.string for m in read_po(__import__("io").BytesIO(catalogue)) if m.id}
    assert messages["History"] == "版本历史"  # the editors' version history, not a scoring record
    assert messages["Correct answer"] == "正确答案"
    strings = " ".join(s for s in messages.values() if isinstance(s, str))
    assert "应聘者" not in strings and "候选人" not in strings  # the candidate is 学员
    assert "学员" in messages["Candidate"]
    client = seeded.test_client()
    _login(client, *ROLE_ACCOUNTS["trainer"])
    with seeded.app_context():
        from trainer.bank.models import Question, QuestionVersion

        uid = db.session.scalar(
            select(Question.uid)
            .join(QuestionVersion, Question.current_version_id == QuestionVersion.id)
            .where(QuestionVersion.type == "truefalse")
        )
    text = visible_text(client.get(f"/bank/questions/{uid}").get_data(as_text=True))
    assert any(node.startswith("正确答案") for node in text)
    edit = visible_text(client.get(f"/authoring/questions/{uid}/edit").get_data(as_text=True))
    assert "版本历史" in edit and "评分记录" not in edit


def test_hr_excel_export_of_the_demo_exam_reads_back(seeded) -> None:
    import io
    from datetime import datetime

    from openpyxl import load_workbook

    from trainer.exams.demo import DEMO_EXAM
    from trainer.exams.models import Exam

    with seeded.app_context():
        exam_id = db.session.scalar(select(Exam.id).where(Exam.title == DEMO_EXAM))
    client = seeded.test_client()
    _login(client, *ROLE_ACCOUNTS["hr"])
    export = client.get(f"/review/exams/{exam_id}/export.xlsx")
    assert export.status_code == 200
    book = load_workbook(io.BytesIO(export.data))
    sheet = book[DEMO_EXAM[:31]]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:2] == ("学员", "邮箱") and any(" · " in str(h) for h in header)  # criteria by name
    assert all(isinstance(r[header.index("提交时间")], datetime) for r in rows[1:]) and len(rows) > 20
    shown = {str(v) for r in rows[1:] for v in r if v is not None}
    assert not shown & {"graded", "submitted", "needs_review", "True", "False", "yes", "no"}
    assert {"是", "否"} & shown
    roleplay = list(book["情景模拟"].iter_rows(values_only=True))
    assert len(roleplay) > 2 and isinstance(roleplay[1][3], datetime)
