"""Integrity signals from the exam page: tab switches, focus loss (with the time away) and pastes.

The page batches them and posts them here; only counts and durations are kept, never pasted text.
An exam may limit the times a candidate leaves the page (``Exam.away_limit``): the server counts them
from the stored signals (never from a count the page sends) and submits the attempt once the limit is
exceeded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from trainer.exams.models import ATTEMPT_IN_PROGRESS, SUBMIT_AWAY, Attempt, IntegrityEvent
from trainer.exams.services import ExamError, submit_attempt
from trainer.extensions import db

KINDS = ("hidden", "blur", "paste")
MAX_BATCH = 50  # events in one post
MAX_PER_ATTEMPT = 1000  # events kept for one attempt
MAX_DURATION_MS = 24 * 3600 * 1000
MAX_CHARS = 1_000_000
# Leaving a tab fires both a tab switch and a focus loss for the same moment; spans that overlap, or
# start within this long after the one before ended (the slack covers the few milliseconds between the
# two handlers and the network time when they arrive in different posts), are one time away.
SAME_AWAY = timedelta(milliseconds=200)
AWAY_KINDS = ("hidden", "blur")

AWAY_SUBMITTED = _l("Submitted automatically: left the exam page more times than allowed")

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


@dataclass
class Recorded:
    """What a posted batch did: events kept, times away so far, and whether the attempt was submitted."""

    stored: int
    away: int
    limit: int | None
    submitted: bool = False
    pending: list[int] = field(default_factory=list)  # free-text responses to queue after the commit

    @property
    def remaining(self) -> int | None:
        """How many more times the candidate may leave the page; None without a limit."""
        return None if self.limit is None else max(0, self.limit - self.away)


def record_events(
    attempt: Attempt | None, user_id: int, events: list[dict[str, Any]], now: datetime
) -> Recorded:
    """Store validated events for the user's own in-progress attempt, then count the times away.

    When the exam limits them and the count is past the limit, the attempt is submitted (as time running
    out would: saved answers are graded) with the reason ``SUBMIT_AWAY``. 404 for an attempt that is not
    the user's, 409 once it is no longer in progress. The caller commits, then queues ``pending``.
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
    db.session.flush()
    limit = attempt.exam.away_limit
    result = Recorded(stored=min(room, len(events)), away=times_away(attempt.id), limit=limit)
    if limit is not None and result.away > limit:
        result.pending = submit_attempt(attempt, now, auto=True, reason=SUBMIT_AWAY)
        result.submitted = True
    return result


def away_spans(spans: list[tuple[datetime, int | None]]) -> list[tuple[datetime, datetime]]:
    """The times away that (start, duration in ms) spans of tab switches and focus loss make.

    Spans that overlap or follow within ``SAME_AWAY`` are one time away: leaving the tab reports both a
    tab switch and a focus loss for the same moment.
    """
    merged: list[tuple[datetime, datetime]] = []
    for start, ms in sorted(spans, key=lambda s: s[0]):
        stop = start + timedelta(milliseconds=ms or 0)
        if merged and start <= merged[-1][1] + SAME_AWAY:
            merged[-1] = (merged[-1][0], max(merged[-1][1], stop))
        else:
            merged.append((start, stop))
    return merged


def count_away(spans: list[tuple[datetime, int | None]]) -> int:
    """How many times away the spans make (see :func:`away_spans`)."""
    return len(away_spans(spans))


def times_away(attempt_id: int) -> int:
    """The attempt's times away from the exam page, from its stored signals."""
    rows = db.session.execute(
        select(IntegrityEvent.at, IntegrityEvent.duration_ms).where(
            IntegrityEvent.attempt_id == attempt_id, IntegrityEvent.kind.in_(AWAY_KINDS)
        )
    )
    return count_away([(at, ms) for at, ms in rows])


def integrity_summary(attempt_id: int) -> dict[str, Any]:
    """Counts per kind, the times away and their total time (a tab switch and its focus loss counted
    once), and the list of events (oldest first) for staff views."""
    events = (
        db.session.query(IntegrityEvent)
        .filter_by(attempt_id=attempt_id)
        .order_by(IntegrityEvent.at, IntegrityEvent.id)
        .all()
    )
    counts = {k: sum(1 for e in events if e.kind == k) for k in KINDS}
    merged = away_spans([(e.at, e.duration_ms) for e in events if e.kind in AWAY_KINDS])
    away_ms = round(sum((stop - start).total_seconds() for start, stop in merged) * 1000)
    away = len(merged)
    return {"events": events, "counts": counts, "away_ms": away_ms, "away": away, "labels": KIND_LABELS}


def format_duration(ms: int | None) -> str:
    """``1:05`` style minutes and seconds (``h:mm:ss`` past an hour); ``—`` when unknown."""
    if ms is None:
        return "—"
    s = round(ms / 1000)
    h, m, sec = s // 3600, (s % 3600) // 60, s % 60
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"
