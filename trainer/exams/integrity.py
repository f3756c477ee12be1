"""Integrity signals from the exam page: tab switches, focus loss (with the time away) and pastes.

The page batches them and posts them here; only counts and durations are kept, never pasted text.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l

from trainer.exams.models import ATTEMPT_IN_PROGRESS, Attempt, IntegrityEvent
from trainer.exams.services import ExamError
from trainer.extensions import db

KINDS = ("hidden", "blur", "paste")
MAX_BATCH = 50  # events in one post
MAX_PER_ATTEMPT = 1000  # events kept for one attempt
MAX_DURATION_MS = 24 * 3600 * 1000
MAX_CHARS = 1_000_000

KIND_LABELS = {
    "hidden": _l("Switched away from the tab"),
    "blur": _l("Left the exam window"),
    "paste": _l("Pasted into an answer"),
}


def _bounded(value: Any, high: int) -> int | None:
    """An integer in 0..high, None when absent; ValueError for anything else."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= high:
        raise ValueError(value)
    return value


def parse_events(payload: Any) -> list[dict[str, Any]]:
    """Validate a posted batch ``{"events": [{kind, pos?, duration_ms?, chars?, ago_ms?}]}``.

    Raises ExamError (400) for anything malformed or too large.
    """
    bad = ExamError("bad_request", _l("The request was malformed."), 400)
    if not isinstance(payload, dict) or not isinstance(payload.get("events"), list):
        raise bad
    raw = payload["events"]
    if not raw or len(raw) > MAX_BATCH:
        raise bad
    events = []
    for item in raw:
        if not isinstance(item, dict) or item.get("kind") not in KINDS:
            raise bad
        try:
            kind = item["kind"]
            pos = _bounded(item.get("pos"), 10_000)
            duration = _bounded(item.get("duration_ms"), MAX_DURATION_MS)
            chars = _bounded(item.get("chars"), MAX_CHARS)
            ago = _bounded(item.get("ago_ms"), MAX_DURATION_MS) or 0
        except ValueError:
            raise bad from None
        if kind == "paste":
            if pos is None or chars is None:
                raise bad
            duration = None
        else:
            pos = chars = None
        events.append({"kind": kind, "position": pos, "duration_ms": duration, "chars": chars, "ago": ago})
    return events


def record_events(attempt: Attempt | None, user_id: int, events: list[dict[str, Any]], now: datetime) -> int:
    """Store validated events for the user's own in-progress attempt; returns how many were kept.

    404 for an attempt that is not the user's, 409 once it is no longer in progress.
    """
    if attempt is None or attempt.user_id != user_id:
        raise ExamError("not_found", _l("There is no such attempt."), 404)
    if attempt.status != ATTEMPT_IN_PROGRESS:
        raise ExamError("submitted", _l("This attempt has been submitted; answers can no longer change."))
    stored = db.session.query(IntegrityEvent).filter_by(attempt_id=attempt.id).count()
    room = max(0, MAX_PER_ATTEMPT - stored)
    for e in events[:room]:
        db.session.add(
            IntegrityEvent(
                attempt_id=attempt.id,
                kind=e["kind"],
                position=e["position"],
                duration_ms=e["duration_ms"],
                chars=e["chars"],
                at=now - timedelta(milliseconds=e["ago"]),
            )
        )
    return min(room, len(events))


def integrity_summary(attempt_id: int) -> dict[str, Any]:
    """Counts per kind, total time away and the list of events (oldest first) for staff views."""
    events = (
        db.session.query(IntegrityEvent)
        .filter_by(attempt_id=attempt_id)
        .order_by(IntegrityEvent.at, IntegrityEvent.id)
        .all()
    )
    counts = {k: sum(1 for e in events if e.kind == k) for k in KINDS}
    away_ms = sum(e.duration_ms or 0 for e in events if e.kind != "paste")
    return {"events": events, "counts": counts, "away_ms": away_ms, "labels": KIND_LABELS}


def format_duration(ms: int | None) -> str:
    """``1:05`` style minutes and seconds (``h:mm:ss`` past an hour); ``—`` when unknown."""
    if ms is None:
        return "—"
    s = round(ms / 1000)
    h, m, sec = s // 3600, (s % 3600) // 60, s % 60
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"
