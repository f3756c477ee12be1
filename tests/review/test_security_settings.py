"""Security settings and sign-in: safe redirects, seed-demo keeps passwords, HTTPS cookies and HSTS,
equal work for unknown emails, and settings the app refuses to start with."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD
from tests.review.conftest import GOOD
from trainer import create_app
from trainer.auth import services as auth_services
from trainer.auth.services import authenticate, find_user
from trainer.config import ConfigError, TestingConfig
from trainer.extensions import db


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/x", "//evil.example/x", "/\\evil.example", "/\t/evil.example", "javascript:x"],
)
def test_release_never_redirects_off_site(world, client, auth, make_user, target):
    w = world(answers=[GOOD], release_policy="hold")
    auth.login(make_user("hr"))
    done = auth.post(f"/review/attempts/{w.attempts[0].id}/release", {"next": target})
    assert done.status_code == 302
    assert done.headers["Location"] == f"/review/exams/{w.exam.id}"


def test_release_follows_a_path_on_this_site(world, client, auth, make_user):
    w = world(answers=[GOOD], release_policy="hold")
    auth.login(make_user("hr"))
    done = auth.post(f"/review/attempts/{w.attempts[0].id}/release", {"next": "/review/?page=2"})
    assert done.headers["Location"] == "/review/?page=2"


def test_seed_demo_never_changes_an_existing_password(runner, app):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    admin = find_user("admin@demo.local")
    admin.set_password("a-new-admin-secret")
    db.session.commit()
    again = runner.invoke(args=["seed-demo"])
    assert again.exit_code == 0, again.output
    assert "demo-admin-pass" not in again.output and "password unchanged" in again.output
    assert authenticate("admin@demo.local", "a-new-admin-secret") is not None
    assert authenticate("admin@demo.local", "demo-admin-pass") is None


def test_https_setting_marks_cookies_secure_and_sends_hsts(database_url):
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": database_url, "SECURE_COOKIES": True}, config=TestingConfig()
    )
    page = app.test_client().get("/login")
    assert "Secure" in page.headers["Set-Cookie"]
    assert page.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    plain = create_app({"SQLALCHEMY_DATABASE_URI": database_url}, config=TestingConfig())
    page = plain.test_client().get("/login")
    assert "Secure" not in page.headers["Set-Cookie"] and "Strict-Transport-Security" not in page.headers


def test_an_unknown_email_costs_a_password_check_like_a_known_one(app, make_user, monkeypatch):
    make_user(email="known@example.test")
    checked: list[str] = []
    real = auth_services.check_password_hash
    monkeypatch.setattr(
        auth_services, "check_password_hash", lambda h, p: checked.append(h.split("$")[0]) or real(h, p)
    )
    assert authenticate("nobody@example.test", PASSWORD) is None
    known_hash = find_user("known@example.test").password_hash.split("$")[0]
    assert checked == [known_hash]  # the same method and cost as a real account's hash


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"GRADING_ENGINE": "llm"}, "GRADING_ENGINE=llm needs an LLM"),
        ({"GRADING_ENGINE": "both"}, "GRADING_ENGINE=both needs an LLM"),
        ({"GRADING_ENGINE": "best"}, "GRADING_ENGINE must be offline, llm or both"),
        ({"ROLEPLAY_ENGINE": "llm"}, "ROLEPLAY_ENGINE=llm needs an LLM"),
        ({"QUEUE_BACKEND": "redis", "REDIS_URL": ""}, "QUEUE_BACKEND=redis needs REDIS_URL"),
    ],
)
def test_settings_that_cannot_work_are_refused_at_start(database_url, settings, message):
    with pytest.raises(ConfigError, match=message):
        create_app({"SQLALCHEMY_DATABASE_URI": database_url, **settings}, config=TestingConfig())


def test_an_llm_mode_with_an_llm_configured_starts(database_url):
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "GRADING_ENGINE": "llm",
            "LLM_BASE_URL": "http://127.0.0.1:9/v1",
            "LLM_MODEL": "grader",
        },
        config=TestingConfig(),
    )
    assert app.config["GRADING_ENGINE"] == "llm"
