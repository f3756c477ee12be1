"""A database that cannot be reached gets a 503 with a translated message, never a 500 with a trace.

The app is pointed at a PostgreSQL port where nothing listens (a database server that is down). The full
outage and recovery, with a real PostgreSQL stopped and started under a running exam page, is
``tests/exams/test_fault_postgres_restart.py``.
"""

from __future__ import annotations

import pytest

from tests.support.servers import free_port
from tests.support.web import CSRF_META
from trainer import create_app
from trainer.config import TestingConfig


@pytest.fixture
def down_client():
    url = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/trainer?connect_timeout=2"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url}, config=TestingConfig())
    client = app.test_client()
    page = client.get("/login")  # a visitor's page needs no database; it gives the CSRF token
    client.csrf = CSRF_META.search(page.get_data(as_text=True)).group(1)
    with client.session_transaction() as session:  # a signed-in candidate: the user is loaded per request
        session["_user_id"] = "1"
        session["_fresh"] = True
    return client


def test_page_and_autosave_get_503_with_a_message_when_the_database_is_down(down_client):
    page = down_client.get("/exams/", headers={"Accept-Language": "zh-CN"})
    assert page.status_code == 503
    assert page.headers["Retry-After"]
    body = page.get_data(as_text=True)
    assert "服务器暂时无法连接数据库" in body and "Traceback" not in body
    assert "candidate" not in body  # rendered without asking the database who is signed in

    save = down_client.post(
        "/exams/attempts/1/save",
        json={"pos": 0, "seq": 1, "answer": "您好"},
        headers={"Accept": "application/json", "Accept-Language": "en", "X-CSRFToken": down_client.csrf},
    )
    assert save.status_code == 503
    assert save.get_json() == {
        "error": "database_unavailable",
        "message": "The server cannot reach its database right now. What you saved before is safe; "
        "please try again in a moment.",
    }
