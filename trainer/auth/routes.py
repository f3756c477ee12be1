"""Sign in, sign out, change one's password, and the language switch."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Response as FlaskResponse
from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from trainer import audit
from trainer.auth import bp
from trainer.auth.access import local_path, login_required
from trainer.auth.forms import LoginForm, PasswordForm
from trainer.auth.services import AccountError, authenticate, change_password
from trainer.extensions import db, limiter


def _ip_limit() -> str:
    """Sign-ins per client address: high, since a whole training room may share one NAT address."""
    return current_app.config["LOGIN_RATE_LIMIT"]


def _account_limit() -> str:
    """Failed sign-ins per account: low, so guessing one account's password is stopped."""
    return current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"]


def _account_key() -> str:
    return "login-account:" + (request.form.get("email") or "").strip().lower()


def _failed(response: FlaskResponse) -> bool:
    """A sign-in that did not succeed (success redirects)."""
    return response.status_code != 302


def _throttled_message() -> str:
    return _("Too many sign-in attempts. Wait a minute and try again.")


def _safe_next(target: str | None) -> str:
    """Only same-site relative paths are followed after sign-in."""
    return local_path(target) or url_for("main.index")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_ip_limit, methods=["POST"], error_message=_throttled_message)
@limiter.limit(
    _account_limit,
    methods=["POST"],
    key_func=_account_key,
    deduct_when=_failed,
    error_message=_throttled_message,
)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data or "", form.password.data or "")
        if user is None:
            flash(_("Wrong email or password."), "error")
        else:
            login_user(user, remember=bool(form.remember.data))
            if user.locale and "locale" not in session:
                session["locale"] = user.locale
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    logout_user()
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password():
    """Every signed-in user changes their own password, giving the current one."""
    form = PasswordForm()
    error = ""
    if form.validate_on_submit():
        try:
            change_password(
                current_user, form.current.data or "", form.new.data or "", form.confirm.data or ""
            )
        except AccountError as exc:
            error = str(exc)
        else:
            audit.record("user.password", "user", current_user.id, actor_id=current_user.id)
            db.session.commit()
            flash(_("Your password was changed."), "success")
            return redirect(url_for("main.index"))
    return render_template("auth/password.html", form=form, error=error)


@bp.route("/language/<code>", methods=["POST"])
def set_language(code: str):
    if code in current_app.config["LANGUAGES"]:
        session["locale"] = code
        if current_user.is_authenticated:
            current_user.locale = code
            db.session.commit()
    return redirect(
        _safe_next(request.form.get("next") or request.referrer and urlsplit(request.referrer).path)
    )
