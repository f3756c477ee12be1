"""The customer's reply as one unit of work, apart from the stream that shows it.

A reply is produced, stored, committed and (when it ends an exam's role-play) handed to the grading
queue by a worker thread with its own copy of the request context and its own database session. The
HTTP response only relays the worker's events as server-sent events. So a client that goes away in the
middle of the stream (a closed tab, a dropped connection) stops the relay, never the work: the turn is
committed whole, and queued for grading, or — when the reply fails — not written at all, and the
candidate's message stays pending for the next try. Nothing is committed inside the generator that
streams the response.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Iterator
from typing import Any

from flask import copy_current_request_context
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from trainer.auth.models import User
from trainer.extensions import db
from trainer.grading.queue import submit_for_grading
from trainer.roleplay import services
from trainer.roleplay.models import RoleplaySession
from trainer.roleplay.services import RoleplayError

log = logging.getLogger(__name__)
_END = None
Emit = Callable[[str, dict[str, Any]], None]


def run_reply(session_id: int, user_id: int, scorecard_url: str, emit: Emit) -> None:
    """Produce the customer's reply to the pending message, commit it and queue grading when the session
    ended, handing each event for the page to ``emit`` (the last one ``done`` or ``error``). Runs on a
    database session of its own (the worker's): it commits and rolls back."""
    user = db.session.get(User, user_id)
    session = db.session.get(RoleplaySession, session_id)
    try:
        if user is None or session is None:
            raise RoleplayError("gone", _("This conversation no longer exists."), 404)
        for kind, data in services.reply_events(session, user):
            if kind == "done":
                db.session.commit()
                if data["ended"]:
                    data["scorecard_url"] = scorecard_url
                    ids = services.grading_to_queue(session)
                    if ids:
                        submit_for_grading(ids)
            emit(kind, data)
    except (RoleplayError, IntegrityError) as exc:
        db.session.rollback()
        message = (
            str(exc.message) if isinstance(exc, RoleplayError) else _("This message was already answered.")
        )
        emit("error", {"message": message, "retry": False})
    except Exception:
        db.session.rollback()
        log.exception("role-play session %s: the customer's reply failed", session_id)
        message = _("The customer could not answer. Your message is saved; try again.")
        emit("error", {"message": message, "retry": True})


class ReplyWorker:
    """Runs :func:`run_reply` in a thread (inside a copy of the current request context) and hands its
    events, already written as server-sent events, to :meth:`stream`."""

    def __init__(self, session_id: int, user_id: int, scorecard_url: str) -> None:
        self._events: queue.Queue[str | None] = queue.Queue()

        @copy_current_request_context
        def work() -> None:
            try:
                run_reply(session_id, user_id, scorecard_url, self._put)
            except Exception:  # run_reply turns every failure into an event; this is only a last guard
                log.exception("role-play session %s: the reply worker failed", session_id)
            finally:
                self._events.put(_END)

        self.thread = threading.Thread(target=work, name=f"roleplay-reply-{session_id}", daemon=True)

    def _put(self, kind: str, data: dict[str, Any]) -> None:
        self._events.put("".join(services.iter_sse(iter([(kind, data)]))))

    def start(self) -> ReplyWorker:
        """Start producing the reply; returns self."""
        self.thread.start()
        return self

    def stream(self) -> Iterator[str]:
        """The reply's events as they come. Closing this early (the client left) leaves the worker running."""
        while (event := self._events.get()) is not _END:
            yield event
        self.thread.join()  # the work is over: its context is gone before the response ends
