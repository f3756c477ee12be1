"""Account operations used by the sign-in page, the CLI and the demo seed."""

from __future__ import annotations

import secrets

from sqlalchemy import func, select

from trainer.auth.models import Role, User
from trainer.extensions import db


class AccountError(ValueError):
    """An account that cannot be created as asked."""


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
    if len(password) < 8:
        raise AccountError("password must be at least 8 characters")
    user = User(email=email, name=name, role=role)
    user.set_password(password)
    db.session.add(user)
    return user, password


def find_user(email: str) -> User | None:
    """The user with this email (case-insensitive), or None."""
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def authenticate(email: str, password: str) -> User | None:
    """The active user these credentials belong to, or None."""
    user = find_user(email)
    if user is None or not user.is_active or not user.check_password(password):
        return None
    return user
