"""Passwords (change one's own, an admin reset shown once) and sign-in throttling per account and per IP."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import select

from tests.support.web import CSRF_META, PASSWORD
from trainer import create_app
from trainer.audit.models import AuditEntry
from trainer.auth.services import authenticate, create_user
from trainer.config import Config, TestingConfig
from trainer.extensions import db


def test_every_user_can_change_their_own_password(client, auth, make_user):
    user = make_user("candidate")
    auth.login(user)
    page = client.get("/account/password")
    assert page.status_code == 200 and "修改密码" in page.get_data(as_text=True)
    wrong = auth.post(
        "/account/password",
        {"current": "not-my-password", "new": "brand-new-pass", "confirm": "brand-new-pass"},
    )
    assert wrong.status_code == 200 and "当前密码不正确" in wrong.get_data(as_text=True)
    mismatch = auth.post(
        "/account/password", {"current": PASSWORD, "new": "brand-new-pass", "confirm": "other"}
    )
    assert "两次输入的新密码不一致" in mismatch.get_data(as_text=True)
    ok = auth.post(
        "/account/password", {"current": PASSWORD, "new": "brand-new-pass", "confirm": "brand-new-pass"}
    )
    assert ok.status_code == 302
    assert authenticate(user.email, "brand-new-pass") is not None
    assert authenticate(user.email, PASSWORD) is None
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.password")) is not None


def test_admin_reset_shows_the_password_once(client, auth, make_user):
    admin = make_user("admin")
    target = make_user("candidate")
    auth.login(admin)
    page = auth.post(f"/admin/users/{target.id}/reset-password")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    html = page.get_data(as_text=True)
    password = re.search(r'id="one-time-password"[^>]*>([^<]+)<', html).group(1)
    assert authenticate(target.email, password) is not None
    assert authenticate(target.email, PASSWORD) is None
    after = client.get("/admin/users").get_data(as_text=True)
    assert password not in after
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.reset_password"))
    assert entry.actor_id == admin.id and password not in str(entry.after or "")


@contextmanager
def _app(database_url: str, emails: list[str], **limits: str) -> Iterator:
    """An app with these accounts; requests run outside any app context, as separate browsers would."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, **limits}, config=TestingConfig())
    with app.app_context():
        db.create_all()
        for email in emails:
            create_user(email, PASSWORD)
        db.session.commit()
    try:
        yield app
    finally:
        with app.app_context():
            if db.engine.dialect.name != "sqlite":
                db.drop_all()
            db.engine.dispose()


def _sign_in(app, email: str, password: str) -> tuple[int, str]:
    """One person signing in from a browser of their own (a new client, a new session)."""
    client = app.test_client()
    token = CSRF_META.search(client.get("/login").get_data(as_text=True)).group(1)
    response = client.post("/login", data={"email": email, "password": password, "csrf_token": token})
    return response.status_code, response.get_data(as_text=True)


def _defaults() -> dict[str, str]:
    config = Config({})
    return {
        "LOGIN_RATE_LIMIT": config.LOGIN_RATE_LIMIT,
        "LOGIN_ACCOUNT_RATE_LIMIT": config.LOGIN_ACCOUNT_RATE_LIMIT,
    }


def test_sixty_people_behind_one_address_sign_in_within_a_minute(database_url):
    emails = [f"trainee{i}@example.test" for i in range(60)]
    with _app(database_url, emails, **_defaults()) as app:
        # every test client comes from 127.0.0.1: one address, as behind a NAT; a few mistype first
        statuses = [_sign_in(app, email, "typo-password")[0] for email in emails[:10]]
        statuses += [_sign_in(app, email, PASSWORD)[0] for email in emails]
    assert statuses[:10] == [200] * 10
    assert statuses[10:] == [302] * 60


def test_guessing_one_account_is_stopped_while_others_still_sign_in(database_url):
    limits = _defaults()
    with _app(database_url, ["victim@example.test", "colleague@example.test"], **limits) as app:
        guesses = [_sign_in(app, "victim@example.test", f"guess-{i}")[0] for i in range(8)]
        right_after = _sign_in(app, "Victim@Example.test", PASSWORD)[0]  # even the right password waits
        colleague = _sign_in(app, "colleague@example.test", PASSWORD)[0]
    allowed = int(limits["LOGIN_ACCOUNT_RATE_LIMIT"].split()[0])
    assert guesses == [200] * allowed + [429] * (8 - allowed)
    assert right_after == 429
    assert colleague == 302


def test_the_per_address_ceiling_still_holds(database_url):
    emails = [f"p{i}@example.test" for i in range(7)]
    limits = {"LOGIN_RATE_LIMIT": "4 per minute", "LOGIN_ACCOUNT_RATE_LIMIT": "100 per minute"}
    with _app(database_url, emails, **limits) as app:
        results = [_sign_in(app, email, PASSWORD) for email in emails]
    assert [status for status, _ in results] == [302] * 4 + [429] * 3
    assert "登录尝试过多" in results[-1][1]
