"""Account operations used by the sign-in page, the CLI and the demo seed."""

from __future__ import annotations

import secrets
from functools import lru_cache

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from trainer.auth.models import Role, User
from trainer.extensions import db

MIN_PASSWORD = 8


class AccountError(ValueError):
    """An account that cannot be created or changed as asked."""


def create_user(
    email: str, password: str | None = None, *, role: str = "candidate", name: str = ""
) -> tuple[User, str]:
    """Add a user (the caller commits); returns the user and the password (generated when not given)."""
    email = email.strip().lower()
    if "@" not in email or len(email) > 254:
        raise AccountError("not an email address")
    if role not in {r.value for r in Role}:
        raise AccountError(f"unknown role {role!r}; use one of {', '.join(r.value for r in Role)}")
    if find_user(email) is not None:
        raise AccountError(f"{email} already has an account")
    password = password or secrets.token_urlsafe(9)
    if len(password) < MIN_PASSWORD:
        raise AccountError("password must be at least 8 characters")
    user = User(email=email, name=name, role=role)
    user.set_password(password)
    db.session.add(user)
    return user, password


def change_password(user: User, current: str, new: str, confirm: str) -> None:
    """Change a user's own password after checking the current one (the caller commits).

    Raises AccountError with a message for people when the current password is wrong or the new one is
    unusable.
    """
    if not user.check_password(current):
        raise AccountError(_("The current password is not right."))
    if len(new) < MIN_PASSWORD:
        raise AccountError(_("The new password needs at least %(n)d characters.", n=MIN_PASSWORD))
    if new != confirm:
        raise AccountError(_("The two new passwords differ."))
    if new == current:
        raise AccountError(_("The new password is the same as the current one."))
    user.set_password(new)


def reset_password(user: User) -> str:
    """Give the user a new generated password and return it, to be shown once (the caller commits)."""
    password = secrets.token_urlsafe(9)
    user.set_password(password)
    return password


def find_user(email: str) -> User | None:
    """The user with this email (case-insensitive), or None."""
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def authenticate(email: str, password: str) -> User | None:
    """The active user these credentials belong to, or None.

    An unknown email costs the same password check as a known one, so the time a sign-in takes does not
    tell which emails have accounts.
    """
    user = find_user(email)
    if user is None:
        check_password_hash(_stand_in_hash(), password)
        return None
    if not user.check_password(password) or not user.is_active:
        return None
    return user


@lru_cache(maxsize=8)
def _hash_for_method(method: str) -> str:
    return generate_password_hash(secrets.token_urlsafe(16), method=method)


def _stand_in_hash() -> str:
    """A hash made like real ones (same method and cost), of a password nobody knows."""
    return _hash_for_method(str(current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")))
