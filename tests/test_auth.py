"""Signing in and out, roles, rate limiting and the language switch, through the real pages."""

from __future__ import annotations

from tests.support.web import CSRF_META
from trainer import create_app
from trainer.config import TestingConfig
from trainer.extensions import db


def test_sign_in_lands_on_home_and_sign_out_returns_to_login(client, auth, make_user):
    user = make_user("candidate", name="小王")
    response = auth.login(user)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "小王" in client.get("/").get_data(as_text=True)
    response = auth.logout()
    assert response.headers["Location"].endswith("/login")
    assert client.get("/").status_code == 302


def test_wrong_password_is_refused_with_a_message(client, auth, make_user):
    user = make_user()
    response = auth.login(user, password="not-the-password")
    assert response.status_code == 200
    assert "密码" in response.get_data(as_text=True)  # zh-CN by default
    assert client.get("/").status_code == 302


def test_passwords_are_stored_hashed(app, make_user):
    user = make_user(password="a-long-secret-1")
    assert "a-long-secret-1" not in user.password_hash
    assert user.check_password("a-long-secret-1") and not user.check_password("a-long-secret-2")


def test_login_form_without_csrf_token_is_rejected(client, make_user):
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": "correct-horse-42"})
    assert response.status_code == 400
    assert client.get("/").status_code == 302


def test_disabled_account_cannot_sign_in(client, auth, make_user):
    user = make_user()
    user.is_active_account = False
    db.session.commit()
    auth.login(user)
    assert client.get("/").status_code == 302


def test_open_redirect_after_login_is_not_followed(client, auth, make_user):
    user = make_user()
    token = auth.csrf_token()
    response = client.post(
        "/login?next=https://evil.example/",
        data={"email": user.email, "password": "correct-horse-42", "csrf_token": token},
    )
    assert response.headers["Location"] == "/"


def test_login_is_rate_limited(database_url):
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": database_url, "LOGIN_RATE_LIMIT": "3 per minute"}, config=TestingConfig()
    )
    with app.app_context():
        db.create_all()
        try:
            client = app.test_client()
            token = CSRF_META.search(client.get("/login").get_data(as_text=True)).group(1)
            form = {"email": "x@example.test", "password": "wrong-password", "csrf_token": token}
            statuses = [client.post("/login", data=form).status_code for _ in range(5)]
        finally:
            db.session.remove()
            if db.engine.dialect.name != "sqlite":
                db.drop_all()
            db.engine.dispose()
    assert statuses == [200, 200, 200, 429, 429]


def test_language_switch_changes_the_ui_and_is_remembered(client, auth, make_user):
    user = make_user()
    auth.login(user)
    assert "退出" in client.get("/").get_data(as_text=True)
    auth.post("/language/en", {"next": "/"})
    page = client.get("/").get_data(as_text=True)
    assert "Sign out" in page and "退出" not in page
    assert user.locale == "en"


def test_english_browser_gets_english_login_page(client):
    page = client.get("/login", headers={"Accept-Language": "en-US,en;q=0.9"}).get_data(as_text=True)
    assert "Sign in" in page
    page = client.get("/login", headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)
    assert "登录" in page
