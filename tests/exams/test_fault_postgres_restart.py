"""Fault: PostgreSQL goes down in the middle of an exam and comes back, while the candidate types.

A PostgreSQL cluster of this test's own (never the suite's server on 5432), the app under gunicorn, and the
exam page in real headless Chromium. While the database is down the page says that saving failed and is
being retried, and keeps the answer; the server answers 503 with a message, not a stack trace. When the
database is back the page saves by itself, with no restart of anything, and the database holds the latest
answer.
"""

from __future__ import annotations

import json
import os
import shutil

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import create_engine, select, text

from tests.support.servers import Gunicorn, HttpSession, PrivatePostgres, postgres_bin
from tests.support.web import browser_login
from trainer.exams.layout import Section
from trainer.exams.models import Response
from trainer.extensions import db

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.slow]

BEFORE = "您好，非常抱歉生鲜包裹延误让您受损失了。"
DURING = "我已经为您登记了全额退款，"
STILL_DURING = "并会在今天下午五点前再给您回电确认到账情况。"
RETRYING = "保存失败，正在重试"  # the zh text of the page's "retrying" state
UNAVAILABLE = "服务器暂时无法连接数据库"  # the zh text of the server's 503


@pytest.fixture
def private_postgres():
    """A PostgreSQL cluster in a temp dir on a free port, with an empty ``trainer`` database."""
    if not os.environ.get("TEST_DATABASE_URL"):
        pytest.skip("runs in the PostgreSQL pass (TEST_DATABASE_URL set); it starts a PostgreSQL of its own")
    bindir = postgres_bin()
    if bindir is None:
        pytest.skip("PostgreSQL's initdb and pg_ctl are not installed (/usr/lib/postgresql/*/bin)")
    if os.geteuid() == 0 and not shutil.which("runuser"):
        pytest.skip("running as root without runuser: initdb cannot be run as root")
    cluster = PrivatePostgres(bindir)
    try:
        cluster.init().start()
        admin = create_engine(cluster.url().replace("postgresql://", "postgresql+psycopg://"))
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("CREATE DATABASE trainer"))
        admin.dispose()
        yield cluster
    finally:
        cluster.remove()


@pytest.fixture
def database_url(private_postgres: PrivatePostgres) -> str:
    """The app fixture, users and exams live in the private cluster."""
    return private_postgres.url("trainer").replace("postgresql://", "postgresql+psycopg://")


def _status(browser) -> tuple[str, str]:
    el = browser.find_element(By.ID, "save-status")
    return el.get_attribute("class"), el.text


def _wait_status(browser, state: str, seconds: float) -> None:
    WebDriverWait(browser, seconds).until(lambda b: _status(b)[0] == f"save-status {state}")


def _stored_answer(attempt_id: int):
    """The answer as the database holds it (the connection goes back to the pool at once, so that the
    outage finds none of the test's own connections checked out)."""
    try:
        return db.session.scalars(select(Response.answer).where(Response.attempt_id == attempt_id)).one()
    finally:
        db.session.rollback()


def test_postgres_restart_mid_exam_shows_retrying_then_saves_everything(
    app, database_url, private_postgres, make_user, make_exam, browser, screenshot, tmp_path
):
    make_exam(
        title="数据库故障测评",
        time_limit_minutes=30,
        sections=[Section(title="案例", questions=[{"uid": "t-case", "policy": None}])],
    )
    candidate = make_user()
    env = {
        "DATABASE_URL": database_url,
        "SECRET_KEY": "postgres-restart-secret",
        "QUEUE_BACKEND": "sqlite",
        "QUEUE_PATH": str(tmp_path / "queue.sqlite"),
        "REDIS_URL": "",
        "GRADING_ENGINE": "offline",
    }
    server = Gunicorn(env, tmp_path / "gunicorn.log", workers=2)
    try:
        server.start()
        pids = set(server.members())
        browser_login(browser, server.base_url, candidate.email)
        browser.get(f"{server.base_url}/exams/")
        browser.find_element(
            By.XPATH, "//section[.//h2[contains(., '数据库故障测评')]]//button[@type='submit']"
        ).click()
        WebDriverWait(browser, 20).until(ec.presence_of_element_located((By.ID, "exam")))
        attempt_id = int(browser.current_url.rstrip("/").rsplit("/", 1)[1])
        box = browser.find_element(By.CSS_SELECTOR, "#q-0 textarea")
        box.send_keys(BEFORE)
        _wait_status(browser, "saved", 15)
        assert _stored_answer(attempt_id) == BEFORE

        private_postgres.stop("immediate")  # every connection dropped at once, as in a crash
        box.send_keys(DURING)
        _wait_status(browser, "retrying", 15)
        assert RETRYING in _status(browser)[1]
        screenshot("postgres-down-retrying")
        box.send_keys(STILL_DURING)
        backup = browser.execute_script(
            "return localStorage.getItem(arguments[0])", f"cs-trainer-attempt-{attempt_id}"
        )
        assert json.loads(backup)["0"]["answer"] == BEFORE + DURING + STILL_DURING  # kept on the device

        # What the server answers meanwhile: 503 with a message, for the page's saves and for pages.
        visitor = HttpSession(server.port, {c["name"]: c["value"] for c in browser.get_cookies()})
        csrf = browser.find_element(By.CSS_SELECTOR, "meta[name=csrf-token]").get_attribute("content")
        status, headers, body = visitor.post_json(
            f"/exams/attempts/{attempt_id}/save", {"pos": 0, "seq": 1, "answer": "x"}, csrf
        )
        assert status == 503 and headers.get("retry-after")
        assert UNAVAILABLE in json.loads(body)["message"]
        status, _, page = visitor.get("/exams/")
        assert status == 503 and UNAVAILABLE in page and "Traceback" not in page
        _wait_status(browser, "retrying", 5)  # still retrying, nothing thrown away

        private_postgres.start()
        _wait_status(browser, "saved", 40)  # the next retry (backoff up to 15 s) goes through
        screenshot("postgres-back-saved")
        assert _stored_answer(attempt_id) == BEFORE + DURING + STILL_DURING
        assert (
            browser.execute_script(
                "return localStorage.getItem(arguments[0])", f"cs-trainer-attempt-{attempt_id}"
            )
            is None
        )
        assert set(server.members()) == pids  # the same server processes: recovered without a restart

        browser.refresh()
        WebDriverWait(browser, 20).until(ec.presence_of_element_located((By.ID, "exam")))
        box = browser.find_element(By.CSS_SELECTOR, "#q-0 textarea")
        assert box.get_attribute("value") == BEFORE + DURING + STILL_DURING
        _wait_status(browser, "saved", 10)
        assert "Traceback" not in server.log_tail(400)
    finally:
        server.stop()
