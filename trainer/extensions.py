"""Flask extensions, created unbound here and bound to the app in ``create_app``."""

from typing import TYPE_CHECKING

from flask import current_app, g, request, session
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from flask_wtf.csrf import generate_csrf
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names, so Alembic migrations work the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class TokenCSRFProtect(CSRFProtect):
    """Flask-WTF's CSRF protection; a request whose body is not a form (an autosave's JSON) has its token
    read from the headers without parsing the body as a form, which could hold no token anyway."""

    def _get_csrf_token(self) -> str | None:
        if request.mimetype in _FORM_TYPES:
            return super()._get_csrf_token()
        for header_name in current_app.config["WTF_CSRF_HEADERS"]:
            token = request.headers.get(header_name)
            if token:
                return token
        return None


SIGNED_TOKENS_KEPT = 4096


def page_csrf_token() -> str:
    """Flask-WTF's ``csrf_token()`` for templates. Tokens here never expire (``WTF_CSRF_TIME_LIMIT`` is
    None), so a session's token, once signed in this process, is reused rather than signed again."""
    config = current_app.config
    field = config["WTF_CSRF_FIELD_NAME"]
    if config.get("WTF_CSRF_TIME_LIMIT") is not None:
        return generate_csrf()
    signed: dict = current_app.extensions.setdefault("signed_csrf_tokens", {})
    secret = config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key
    raw = session.get(field)
    if field not in g and isinstance(raw, str) and (secret, raw) in signed:
        setattr(g, field, signed[(secret, raw)])  # where generate_csrf keeps the request's token
    token = generate_csrf()
    if len(signed) >= SIGNED_TOKENS_KEPT:
        signed.clear()
    signed[(secret, session[field])] = token
    return token


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = TokenCSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])

# Models subclass `Model`: at run time Flask-SQLAlchemy's `db.Model`; for the type checker, the
# declarative base it is built on (mypy cannot follow `db.Model`).
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model
