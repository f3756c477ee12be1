"""Flask's signed-cookie sessions, with the contents of each verified cookie kept per process.

A browser sends the same session cookie on every request until the session changes, and checking the
same bytes against the same keys always gives the same answer. So a cookie this process has verified is
not verified and decoded again: its contents are copied from a small cache, after the same expiry check
the signature's timestamp gets. A cookie never seen, changed by one byte, signed with another key or
holding anything but plain values (flashed messages are lists) takes Flask's own path.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import BadSignature

if TYPE_CHECKING:
    from flask import Flask, Request

# Verified cookies kept per process: about one per signed-in browser this process serves.
CACHE_SIZE = 4096
_PLAIN = (str, int, float, bool, type(None))


class VerifiedCookieSessions(SecureCookieSessionInterface):
    """Signed-cookie sessions that verify and decode each distinct cookie once per process."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self._seen: OrderedDict[tuple[Any, ...], tuple[float, dict[str, Any]]] = OrderedDict()
        self._lock = threading.Lock()

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if not app.secret_key:
            return None
        val = request.cookies.get(self.get_cookie_name(app))
        if not val:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        key = (val, app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        with self._lock:
            seen = self._seen.get(key)
            if seen is not None:
                self._seen.move_to_end(key)
        if seen is not None:
            signed_at, data = seen
            if time.time() - signed_at <= max_age:  # as itsdangerous: an age over max_age is refused
                return self.session_class(data)
        s = self.get_signing_serializer(app)
        if s is None:
            return None
        try:
            data, signed = s.loads(val, max_age=max_age, return_timestamp=True)
        except BadSignature:
            return self.session_class()
        if isinstance(data, dict) and all(isinstance(v, _PLAIN) for v in data.values()):
            with self._lock:
                self._seen[key] = (signed.timestamp(), dict(data))
                while len(self._seen) > self.size:
                    self._seen.popitem(last=False)
        return self.session_class(data)
