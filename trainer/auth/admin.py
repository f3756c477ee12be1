"""Accounts for admins: list, create, change a role, disable or enable. Role changes are audited."""

from __future__ import annotations

from flask import abort, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp

from trainer import audit
from trainer.auth import admin_bp as bp
from trainer.auth.access import admin_required
from trainer.auth.models import Role, User
from trainer.auth.services import AccountError, create_user, reset_password
from trainer.extensions import db

ROLE_CHOICES = [
    SelectChoice(Role.CANDIDATE.value, _l("Candidate")),
    SelectChoice(Role.TRAINER.value, _l("Trainer")),
    SelectChoice(Role.HR.value, _l("HR")),
    SelectChoice(Role.ADMIN.value, _l("Admin")),
]


class NewUserForm(FlaskForm):
    email = EmailField(
        _l("Email"), validators=[DataRequired(), Length(max=254), Regexp(r"^[^@\s]+@[^@\s]+$")]
    )
    name = StringField(_l("Name"), validators=[Optional(), Length(max=120)])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, default=Role.CANDIDATE.value)
    password = PasswordField(
        _l("Password (leave empty to generate one)"), validators=[Optional(), Length(min=8, max=200)]
    )


class AccountForm(FlaskForm):
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)
    active = BooleanField(_l("Can sign in"))


@bp.route("/users", methods=["GET", "POST"])
@admin_required
def users():
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            user, password = create_user(
                form.email.data or "",
                form.password.data or None,
                role=form.role.data,
                name=form.name.data or "",
            )
        except AccountError as exc:
            form.email.errors = [*form.email.errors, str(exc)]
        else:
            db.session.flush()
            audit.record("user.create", "user", user.id, actor_id=current_user.id, after={"role": user.role})
            db.session.commit()
            return _show_password_once(user, password, created=True)
    accounts = db.session.scalars(select(User).order_by(User.role, User.email)).all()
    return render_template("auth/users.html", form=form, accounts=accounts, role_choices=ROLE_CHOICES)


@bp.route("/users/<int:user_id>", methods=["POST"])
@admin_required
def update_user(user_id: int):
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    form = AccountForm()
    if not form.validate_on_submit():
        flash(_("Choose a role."), "error")
        return redirect(url_for("admin.users"))
    if user.id == current_user.id and (form.role.data != user.role or not form.active.data):
        flash(_("You cannot change your own role or disable your own account."), "error")
        return redirect(url_for("admin.users"))
    before = {"role": user.role, "active": user.is_active_account}
    user.role = form.role.data
    user.is_active_account = bool(form.active.data)
    after = {"role": user.role, "active": user.is_active_account}
    if after != before:
        audit.record("user.update", "user", user.id, actor_id=current_user.id, before=before, after=after)
    db.session.commit()
    flash(_("Saved %(email)s.", email=user.email), "success")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:user_id>/reset-password", methods=["POST"])
@admin_required
def reset_user_password(user_id: int):
    """Give an account a new generated password, shown on this one page only."""
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    password = reset_password(user)
    audit.record("user.reset_password", "user", user.id, actor_id=current_user.id)
    db.session.commit()
    return _show_password_once(user, password, created=False)


def _show_password_once(user: User, password: str, *, created: bool):
    """A page that shows a new password once: not flashed, not cached, gone on the next page."""
    response = make_response(
        render_template("auth/password_once.html", user=user, password=password, created=created)
    )
    response.headers["Cache-Control"] = "no-store"
    return response
