"""Role checks for routes: 401/403 JSON for API calls, a redirect or a 403 page for HTML."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import abort, jsonify, redirect, request, session, url_for
from flask_login import current_user

from trainer.extensions import login_manager

F = TypeVar("F", bound=Callable[..., Any])


def wants_json() -> bool:
    """Whether the caller is a script or the page's fetch calls rather than a browser navigation."""
    if request.is_json or request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return (
        best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def signed_in_id() -> int | None:
    """The id of the account the signed session names, read as Flask-Login reads it, its row unread.

    For a hot path that checks the account (it exists and is active) in its own statement. None when the
    session names no account or fails Flask-Login's session protection; a request signed in by the
    remember cookie alone gets None too, and takes the path through ``current_user``.
    """
    user_id = session.get("_user_id")
    if user_id is None or login_manager._session_protection_failed():
        return None
    try:
        return int(user_id)
    except (TypeError, ValueError):
        return None


def roles_required(*roles: str) -> Callable[[F], F]:
    """Allow signed-in users holding any of ``roles`` (admins hold all); others get 401/403."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                if wants_json():
                    return jsonify(error="login required"), 401
                return redirect(url_for("auth.login", next=request.full_path))
            if roles and not current_user.has_role(*roles):
                if wants_json():
                    return jsonify(error="forbidden"), 403
                abort(403)
            return view(*args, **kwargs)

        wrapped.allowed_roles = roles  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator


login_required = roles_required()
staff_required = roles_required("trainer", "hr")
trainer_required = roles_required("trainer")
hr_required = roles_required("hr", "trainer")
admin_required = roles_required("admin")


def local_path(target: str | None) -> str | None:
    """``target`` when it is a path on this site, else None: never a redirect to another site.

    Refused: absolute and scheme-relative URLs (``//host``), backslashes (browsers read ``/\\host`` as
    ``//host``) and control characters (browsers drop tabs and newlines, turning ``/\t/host`` into
    ``//host``).
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target
