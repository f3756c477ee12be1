"""CS Trainer (客服训练与测评平台): the application factory."""

from __future__ import annotations

import logging
import secrets
from functools import lru_cache
from importlib import import_module
from pathlib import Path
from typing import Any, cast

from babel import Locale
from flask import Flask, g, has_request_context, jsonify, render_template, request, session
from flask_babel import gettext
from flask_babel import refresh as refresh_locale
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy import Table, bindparam, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.orm import make_transient_to_detached
from werkzeug.exceptions import HTTPException

from trainer.config import Config, check_config
from trainer.extensions import babel, csrf, db, limiter, login_manager, migrate, page_csrf_token

ROOT = Path(__file__).resolve().parent.parent
log = logging.getLogger(__name__)

# Every area's route modules (each adds its views to a blueprint made in the area's ``__init__``), then
# the blueprints, registered in this order. A missing module fails at start, loudly.
ROUTE_MODULES = (
    "trainer.auth.routes",
    "trainer.auth.admin",
    "trainer.main.routes",
    "trainer.bank.routes",
    "trainer.authoring.routes",
    "trainer.authoring.import_routes",
    "trainer.exams.routes",
    "trainer.exams.builder_routes",
    "trainer.roleplay.routes",
    "trainer.grading.routes",
    "trainer.review.routes",
    "trainer.review.grading_routes",
    "trainer.people.routes",
)
BLUEPRINTS = (
    ("trainer.auth", "bp"),
    ("trainer.auth", "admin_bp"),
    ("trainer.main", "bp"),
    ("trainer.bank", "bp"),
    ("trainer.authoring", "bp"),
    ("trainer.exams", "bp"),
    ("trainer.roleplay", "bp"),
    ("trainer.grading", "bp"),
    ("trainer.review", "bp"),
    ("trainer.people", "bp"),
)

# Every model module, imported so that the metadata (and Alembic) sees all tables.
MODELS = (
    "trainer.auth.models",
    "trainer.audit.models",
    "trainer.bank.models",
    "trainer.exams.models",
    "trainer.grading.models",
    "trainer.llm.models",
    "trainer.roleplay.models",
    "trainer.people.models",
)


def create_app(config_override: dict[str, Any] | None = None, config: Config | None = None) -> Flask:
    """Build the app: settings, extensions, question types, blueprints, CLI commands."""
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.update((config or Config()).as_dict())
    app.config.from_pyfile("config.py", silent=True)
    if config_override:
        app.config.update(config_override)
    _finish_config(app)

    for name in MODELS:
        import_module(name)
    from trainer.auth.session_cookie import VerifiedCookieSessions

    app.session_interface = VerifiedCookieSessions()  # each distinct cookie verified once per process
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    babel.init_app(app, locale_selector=_select_locale)
    _init_login(app)
    # Flask-Babel caches the locale on `g`; a request that shares an app context (the test client inside
    # an outer context, CLI-driven requests) must still choose its own.
    app.before_request(refresh_locale)

    from trainer.bank.question_types import DEFAULT_TYPES, build_registry

    # QUESTION_TYPES lets a deployment add its own types; an unknown or duplicate id stops the start.
    app.extensions["question_types"] = build_registry(
        tuple(app.config.get("QUESTION_TYPES") or DEFAULT_TYPES)
    )

    from trainer.bank.formats import RUBRIC_FORMAT, SCENARIO_FORMAT
    from trainer.grading.types import Rubric
    from trainer.roleplay.scenario import Scenario

    # The bank stores rubrics and scenarios; the grading and role-play areas own their formats.
    app.extensions[RUBRIC_FORMAT] = Rubric
    app.extensions[SCENARIO_FORMAT] = Scenario

    from trainer.llm.app import init_app as init_llm

    init_llm(app)
    import_module("trainer.grading.queue").init_app(app)  # background grading
    import_module("trainer.roleplay.grading").init_app(app)  # role-play answers: transcript and rubric
    import_module("trainer.people.services").init_app(app)  # scenarios can be assigned to cohorts
    import_module("trainer.exams.cohorts").init_app(app)  # and so can exams

    with app.app_context():
        from trainer.database import tune_sqlite

        tune_sqlite(db.engine)

    for name in ROUTE_MODULES:
        import_module(name)
    for package, attr in BLUEPRINTS:
        app.register_blueprint(getattr(import_module(package), attr))

    from trainer.cli import register_commands

    register_commands(app)
    _init_templates(app)
    _init_errors(app)
    _init_headers(app)
    return app


def _finish_config(app: Flask) -> None:
    """Fill in what depends on the instance folder: the default database and a secret key."""
    if app.config.get("SECURE_COOKIES"):
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True
    check_config(app.config)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{Path(app.instance_path) / 'trainer.sqlite'}"
    if not app.config.get("SECRET_KEY"):
        key_file = Path(app.instance_path) / "secret_key"
        if key_file.is_file():
            app.config["SECRET_KEY"] = key_file.read_text().strip()
        else:
            log.warning("No SECRET_KEY set and no instance/secret_key: sign-ins will not survive a restart.")
            app.config["SECRET_KEY"] = secrets.token_hex(32)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(ROOT / "trainer" / "translations"))


@lru_cache(maxsize=32)
def _locale(code: str) -> Locale:
    """A parsed locale, kept: parsing one costs about 0.1 ms, once per page otherwise."""
    return Locale.parse(code)


def _select_locale() -> Locale:
    return _locale(_locale_code())


def _locale_code() -> str:
    from flask import current_app

    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI commands, background jobs
        return str(current_app.config["BABEL_DEFAULT_LOCALE"])
    chosen = session.get("locale")
    if isinstance(chosen, str) and chosen in languages:
        return chosen
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    best = request.accept_languages.best_match(["zh-CN", "zh", "en"])
    if best and best.startswith("en"):
        return "en"
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])


def _init_login(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from trainer.auth.models import User

    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to continue.")
    login_manager.login_message_category = "info"

    users = cast(Table, User.__table__)
    by_id = select(users).where(users.c.id == bindparam("id"))
    columns = [(prop.key, prop.columns[0].key) for prop in sa_inspect(User).column_attrs]

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        # Every signed-in request runs this: one prebuilt Core statement, and the row attached to the
        # session as a loaded User (ORM loading by primary key cost about 0.1 ms more per request).
        uid = int(user_id)
        if db.session.identity_key(User, uid) in db.session.identity_map:
            return db.session.get(User, uid)
        row = db.session.connection().execute(by_id, {"id": uid}).mappings().first()
        if row is None:
            return None
        user = User(**{attr: row[column] for attr, column in columns})
        make_transient_to_detached(user)  # persistent as if loaded, nothing to write
        db.session.add(user)
        return user


def _init_templates(app: Flask) -> None:
    from flask_babel import get_locale

    from trainer.bank.markdown import render_markdown
    from trainer.localtime import format_local, zone_label
    from trainer.main.nav import ROLE_LABELS, STATUS_LABELS, nav_items

    app.jinja_env.globals["csrf_token"] = page_csrf_token  # signed once per session and process
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["localtime"] = format_local
    app.jinja_env.globals["zone_label"] = zone_label

    @app.context_processor
    def inject_globals() -> dict[str, Any]:
        return {
            "csrf_token": page_csrf_token,  # over Flask-WTF's own processor, which runs first
            "languages": app.config["LANGUAGES"],
            "current_locale": str(get_locale()),
            "llm_configured": bool(app.config.get("LLM_MODEL")),
            "nav_items": nav_items,
            "role_labels": ROLE_LABELS,
            "status_labels": STATUS_LABELS,
        }


def _init_errors(app: Flask) -> None:
    from trainer.auth.access import wants_json

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):
        if wants_json():
            return jsonify(error="csrf", message=exc.description), 400
        return render_template("errors/error.html", code=400, message=exc.description), 400

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if wants_json():
            return jsonify(error=exc.name, message=exc.description), exc.code or 500
        return render_template("errors/error.html", code=exc.code, message=exc.description), exc.code or 500

    def database_unavailable(exc: SQLAlchemyError):
        """The database cannot be reached (stopped, restarting, locked, no free connection): a 503 that
        says so, never a stack trace. The pool checks each connection before use (pool_pre_ping), so the
        first request after the database is back is served again, without a restart."""
        log.warning("database unavailable for %s %s: %s", request.method, request.path, exc)
        try:
            db.session.rollback()
        except SQLAlchemyError:
            log.debug("rollback after a database error failed too", exc_info=True)
        # Rendering must not ask the database again (for the signed-in user): show the page as to a visitor.
        g._login_user = login_manager.anonymous_user()
        message = gettext(
            "The server cannot reach its database right now. What you saved before is safe; please try "
            "again in a moment."
        )
        if wants_json():
            response = jsonify(error="database_unavailable", message=message)
        else:
            response = app.make_response(render_template("errors/error.html", code=503, message=message))
        response.status_code = 503
        response.headers["Retry-After"] = "5"
        return response

    for error in (OperationalError, InterfaceError, PoolTimeoutError):
        app.register_error_handler(error, database_unavailable)


def _init_headers(app: Flask) -> None:
    @app.after_request
    def security_headers(response):
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            "script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if app.config.get("SECURE_COOKIES") and app.config.get("HSTS_SECONDS"):
            response.headers.setdefault(
                "Strict-Transport-Security", f"max-age={int(app.config['HSTS_SECONDS'])}; includeSubDomains"
            )
        return response
