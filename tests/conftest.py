"""Shared fixtures: the app on a throwaway database, a client, the CLI runner, users and sign-in.

Every test runs on SQLite; with ``TEST_DATABASE_URL`` pointing at PostgreSQL the same tests run there
(each pytest-xdist worker gets a database of its own, emptied after every test).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.support.fixtures import make_llm_client, scripted_llm  # noqa: F401  (shared fixtures)
from tests.support.web import CSRF_META, PASSWORD
from trainer import create_app
from trainer.config import TestingConfig
from trainer.extensions import db

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def _admin_engine(url):
    return create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def _postgres_database(worker_id: str) -> Iterator[str | None]:
    """A PostgreSQL database of this test process's own (from TEST_DATABASE_URL), dropped at the end."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        yield None
        return
    url = make_url(base.replace("postgresql://", "postgresql+psycopg://", 1))
    name = f"{url.database}_{worker_id}_{os.getpid()}"
    admin = _admin_engine(url)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def database_url(_postgres_database: str | None, tmp_path: Path) -> str:
    """Where this test's database lives: this worker's PostgreSQL database, or a new SQLite file."""
    return _postgres_database or f"sqlite:///{tmp_path / 'test.sqlite'}"


@pytest.fixture(scope="session", autouse=True)
def _compiled_translations() -> None:
    from trainer.i18n import compile_catalogs

    compile_catalogs()


def _empty_app(database_url: str, **config: object) -> Iterator[Flask]:
    application = create_app({"SQLALCHEMY_DATABASE_URI": database_url, **config}, config=TestingConfig())
    with application.app_context():
        db.create_all()
        try:
            yield application
        finally:
            db.session.rollback()
            db.session.remove()
            if db.engine.dialect.name != "sqlite":  # a SQLite file is simply left behind in tmp_path
                db.drop_all()
            db.engine.dispose()


@pytest.fixture
def app(database_url: str) -> Iterator[Flask]:
    """The real app on an empty database with every table, dropped again after the test."""
    yield from _empty_app(database_url)


@pytest.fixture
def memo_app(database_url: str) -> Iterator[Flask]:
    """The app with one more question type registered through QUESTION_TYPES (tests/support/memo_type.py)."""
    from tests.support.memo_type import Memo
    from trainer.bank.question_types import DEFAULT_TYPES

    yield from _empty_app(database_url, QUESTION_TYPES=(*DEFAULT_TYPES, Memo))


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app: Flask) -> Callable:
    """Create (and commit) a user: ``make_user(role="trainer")``."""
    from trainer.auth.services import create_user

    counter = iter(range(1, 10_000))

    def factory(role: str = "candidate", email: str | None = None, password: str = PASSWORD, name: str = ""):
        email = email or f"{role}{next(counter)}@example.test"
        user, _ = create_user(email, password, role=role, name=name)
        db.session.commit()
        return user

    return factory


class AuthActions:
    """Sign in and out through the real login form, and fetch CSRF tokens like a browser does."""

    def __init__(self, client: FlaskClient):
        self._client = client

    def csrf_token(self, path: str = "/login") -> str:
        page = self._client.get(path)
        match = CSRF_META.search(page.get_data(as_text=True))
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def login(self, user_or_email, password: str = PASSWORD):
        email = getattr(user_or_email, "email", user_or_email)
        token = self.csrf_token("/login")
        return self._client.post("/login", data={"email": email, "password": password, "csrf_token": token})

    def logout(self):
        return self._client.post("/logout", data={"csrf_token": self.csrf_token("/")})

    def post(self, path: str, data: dict | None = None, **kwargs):
        """POST a form with a valid CSRF token."""
        form = dict(data or {})
        form.setdefault("csrf_token", self.csrf_token("/"))
        return self._client.post(path, data=form, **kwargs)

    def post_json(self, path: str, payload: object, method: str = "POST"):
        """Send JSON with the CSRF header the pages' scripts send."""
        return self._client.open(
            path, method=method, json=payload, headers={"X-CSRFToken": self.csrf_token("/")}
        )


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    return AuthActions(client)


@pytest.fixture
def bank_dir() -> Path:
    return ROOT / "question_bank"


# --- A real HTTP server and a real headless Chromium, for browser tests -------------------------------


@pytest.fixture
def live_server(app: Flask):
    """The test's app served over HTTP on 127.0.0.1 (a thread with Werkzeug's server); yields its base URL.

    The app shares the test's database, so a test can create users and content, then drive the browser.
    """
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture
def browser(tmp_path: Path):
    """Debian's headless Chromium driven by Selenium through the system chromedriver.

    Skips (with the reason) when Chromium is not installed; `.ci/run` installs it.
    """
    import shutil

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not chromium or not driver_path:
        pytest.skip("Debian's chromium and chromium-driver are not installed")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,900",
        "--lang=zh-CN",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
    ):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"intl.accept_languages": "zh-CN,zh"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def screenshot(browser, tmp_path: Path) -> Callable[[str], Path]:
    """Save a PNG of the current page under the test's tmp dir: ``screenshot("01-login")``."""

    def take(name: str) -> Path:
        path = tmp_path / f"{name}.png"
        browser.save_screenshot(str(path))
        return path

    return take
