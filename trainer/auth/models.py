"""Accounts and roles."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask import current_app, has_app_context
from flask_login import UserMixin
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from trainer.database import UTCDateTime, utcnow
from trainer.extensions import Model


class Role(StrEnum):
    CANDIDATE = "candidate"
    TRAINER = "trainer"
    HR = "hr"
    ADMIN = "admin"


class User(UserMixin, Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(20), default=Role.CANDIDATE.value, index=True)
    locale: Mapped[str | None] = mapped_column(String(10))
    is_active_account: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    def set_password(self, password: str) -> None:
        """Store a salted hash of ``password`` (scrypt unless PASSWORD_HASH_METHOD says otherwise)."""
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt") if has_app_context() else "scrypt"
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        """Whether ``password`` matches the stored hash."""
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login: a disabled account cannot sign in
        return self.is_active_account

    def has_role(self, *roles: str | Role) -> bool:
        """Whether the user holds any of ``roles``; admins hold every role."""
        return self.role == Role.ADMIN or self.role in {str(r) for r in roles}

    @property
    def display_name(self) -> str:
        return self.name or self.email.split("@", 1)[0]

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"
