"""Taking exams: start or resume an attempt, autosave answers, submit, grade, and close expired attempts.

The deadline is the server's: every function that changes an attempt takes ``now`` and refuses work
after ``deadline_at`` (plus a short grace for a save already on the wire). Services add to the session;
the caller commits, then announces the returned free-text response ids with :func:`queue_free_text`.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import Table, bindparam, delete, exists, func, or_, select, update
from sqlalchemy.orm import selectinload

from trainer.auth.models import User
from trainer.bank.models import QuestionVersion
from trainer.bank.question_types import AnswerError, question_types
from trainer.exams.grading import grade_item
from trainer.exams.hooks import free_text_submitted
from trainer.exams.layout import draw_layout, layout_items
from trainer.exams.models import (
    ATTEMPT_IN_PROGRESS,
    ATTEMPT_SUBMITTED,
    MODE_PRACTICE,
    RESPONSE_GRADED,
    RESPONSE_PENDING,
    RESPONSE_SAVED,
    RESPONSE_UNANSWERED,
    SUBMIT_TIME,
    Attempt,
    Exam,
    ExamAssignment,
    Response,
    StoredPaper,
)
from trainer.exams.totals import refresh_attempt
from trainer.extensions import db
from trainer.localtime import format_local

EXAM_PUBLISHED = "published"
# A save sent just before the deadline may arrive a moment after it.
DEADLINE_GRACE = timedelta(seconds=2)


class ExamError(Exception):
    """A request the exam's rules refuse. ``code`` is for programs, ``message`` for people (translated)."""

    def __init__(self, code: str, message: Any, status: int = 409):
        super().__init__(code)
        self.code = code
        self.message = message
        self.status = status


# --- who may take what ------------------------------------------------------------------------------


def is_assigned(exam: Exam, user: User) -> bool:
    """Whether the exam is open to every candidate, assigned to ``user``, or to one of their cohorts."""
    from trainer.exams.cohorts import cohort_assigned

    if exam.open_to_all:
        return True
    return db.session.get(ExamAssignment, (exam.id, user.id)) is not None or cohort_assigned(user.id, exam.id)


def available_exams(user: User) -> list[Exam]:
    """Published exams open to all, assigned to ``user`` or to one of their cohorts, newest first."""
    from trainer.exams.cohorts import assigned_exam_ids

    assigned = select(ExamAssignment.exam_id).where(ExamAssignment.user_id == user.id)
    query = select(Exam).where(
        Exam.status == EXAM_PUBLISHED,
        Exam.open_to_all.is_(True) | Exam.id.in_(assigned) | Exam.id.in_(assigned_exam_ids(user.id)),
    )
    return list(db.session.scalars(query.order_by(Exam.created_at.desc(), Exam.id.desc())))


def attempt_counts() -> dict[int, int]:
    """How many attempts each exam has, by exam id."""
    rows = db.session.execute(select(Attempt.exam_id, func.count(Attempt.id)).group_by(Attempt.exam_id))
    return {exam_id: count for exam_id, count in rows}


def attempts_for_exam(exam: Exam) -> list[Attempt]:
    """Every attempt at an exam, newest first, for the trainer's view."""
    query = select(Attempt).where(Attempt.exam_id == exam.id).options(selectinload(Attempt.user))
    return list(db.session.scalars(query.order_by(Attempt.started_at.desc(), Attempt.id.desc())))


def attempts_of(user: User, exam: Exam | None = None) -> list[Attempt]:
    """The user's attempts (at one exam, or at all), newest first."""
    query = select(Attempt).where(Attempt.user_id == user.id)
    if exam is not None:
        query = query.where(Attempt.exam_id == exam.id)
    return list(db.session.scalars(query.order_by(Attempt.started_at.desc(), Attempt.id.desc())))


def deadline_for(exam: Exam, started: datetime) -> datetime | None:
    """When an attempt started at ``started`` must end: its time limit, capped by the exam's closing."""
    ends = [started + timedelta(minutes=exam.time_limit_minutes)] if exam.time_limit_minutes else []
    if exam.closes_at is not None:
        ends.append(exam.closes_at)
    return min(ends) if ends else None


def start_attempt(exam: Exam, user: User, now: datetime) -> Attempt:
    """Resume the user's attempt in progress, or draw a new paper; raises ExamError when not allowed."""
    current = db.session.scalar(
        select(Attempt).where(
            Attempt.exam_id == exam.id, Attempt.user_id == user.id, Attempt.status == ATTEMPT_IN_PROGRESS
        )
    )
    if current is not None and expire_if_due(current, now) is None:
        return current
    if exam.status != EXAM_PUBLISHED or not is_assigned(exam, user):
        raise ExamError("not_available", _l("This exam is not available to you."), 403)
    if exam.opens_at is not None and now < exam.opens_at:
        raise ExamError("not_open", _l("This exam is not open yet."))
    if exam.closes_at is not None and now >= exam.closes_at:
        raise ExamError("closed", _l("This exam has closed."))
    from trainer.exams.cohorts import past_due

    due = past_due(exam, user.id, now)
    if due is not None:  # an attempt already running was resumed above and may be finished
        raise ExamError(
            "past_due",
            _l("This exam was due %(at)s and can no longer be started.", at=format_local(due)),
        )
    done = db.session.scalar(
        select(func.count(Attempt.id)).where(Attempt.exam_id == exam.id, Attempt.user_id == user.id)
    )
    number = int(done or 0) + 1
    if exam.attempts_allowed and number > exam.attempts_allowed:
        raise ExamError("no_attempts_left", _l("You have used all your attempts at this exam."))
    seed = secrets.randbits(31)
    layout = draw_layout(exam.config or {}, seed)
    attempt = Attempt(
        exam=exam,
        user=user,
        number=number,
        seed=seed,
        layout=layout,
        started_at=now,
        deadline_at=deadline_for(exam, now),
        status=ATTEMPT_IN_PROGRESS,
    )
    items = layout_items(layout)
    for pos in sorted(items):
        attempt.responses.append(
            Response(
                position=pos,
                question_version_id=items[pos]["qv"],
                max_score=float(items[pos]["points"]),
                status=RESPONSE_UNANSWERED,
            )
        )
    db.session.add(attempt)
    versions = [item["qv"] for item in items.values()]
    if versions:  # shown to a candidate: from now on an edit makes a new version
        db.session.execute(
            update(QuestionVersion).where(QuestionVersion.id.in_(versions)).values(frozen=True)
        )
    db.session.flush()
    return attempt


# --- the deadline -------------------------------------------------------------------------------------


def is_expired(attempt: Attempt, now: datetime) -> bool:
    """Whether an attempt in progress is past its deadline (and the grace for saves on the wire)."""
    return past_deadline(attempt.deadline_at, now)


def past_deadline(deadline: datetime | None, now: datetime) -> bool:
    """Whether ``now`` is past ``deadline`` and the grace for saves on the wire."""
    return deadline is not None and now > deadline + DEADLINE_GRACE


def expire_if_due(attempt: Attempt, now: datetime) -> list[int] | None:
    """Submit an attempt in progress whose deadline has passed, with what was saved.

    Returns the free-text response ids to queue for grading, or None when the attempt was not due.
    """
    if attempt.status != ATTEMPT_IN_PROGRESS or not is_expired(attempt, now):
        return None
    return submit_attempt(attempt, now, auto=True, reason=SUBMIT_TIME)


def auto_submit_expired(now: datetime) -> list[int]:
    """Submit every attempt past its deadline; returns the free-text response ids to queue for grading.

    For the worker or the CLI: the caller commits, then passes the ids to ``submit_for_grading``.
    """
    due = db.session.scalars(
        select(Attempt).where(
            Attempt.status == ATTEMPT_IN_PROGRESS, Attempt.deadline_at < now - DEADLINE_GRACE
        )
    ).all()
    pending: list[int] = []
    for attempt in due:
        pending.extend(submit_attempt(attempt, now, auto=True, reason=SUBMIT_TIME))
    return pending


# --- answering ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SaveResult:
    """An acknowledged save: the sequence number the server holds now, and whether ours was older."""

    pos: int
    seq: int
    stale: bool
    saved_at: datetime


def _require_open(attempt: Attempt, now: datetime) -> None:
    if attempt.status != ATTEMPT_IN_PROGRESS:
        raise ExamError("submitted", _l("This attempt has been submitted; answers can no longer change."))
    if is_expired(attempt, now):
        expire_if_due(attempt, now)
        raise _deadline_error()


def _deadline_error() -> ExamError:
    return ExamError(
        "deadline",
        _l(
            "Time is up: the answer was not saved. Your attempt was submitted with the answers saved "
            "before the deadline."
        ),
    )


_attempts = cast(Table, Attempt.__table__)
_responses = cast(Table, Response.__table__)
_versions = cast(Table, QuestionVersion.__table__)
# Autosave is the hottest path: two prebuilt Core statements, no ORM objects.
_SAVE_LOOKUP = (
    select(
        _attempts.c.user_id,
        _attempts.c.status,
        _attempts.c.deadline_at,
        _responses.c.id,
        _responses.c.feedback,
        _versions.c.type,
        _versions.c.data,
    )
    .select_from(
        _attempts.join(_responses, _responses.c.attempt_id == _attempts.c.id).join(
            _versions, _responses.c.question_version_id == _versions.c.id
        )
    )
    .where(_attempts.c.id == bindparam("aid"), _responses.c.position == bindparam("pos"))
)
# What a save writes, bound by name: the same for the full and the quick path.
_SAVED_VALUES = {
    "answer": bindparam("new_answer", type_=_responses.c.answer.type),
    "flagged": bindparam("new_flagged"),
    "seq": bindparam("new_seq"),
    "saved_at": bindparam("new_saved_at", type_=_responses.c.saved_at.type),
    "status": bindparam("new_status"),
}
_SAVE_UPDATE = (
    update(_responses)
    .where(
        _responses.c.id == bindparam("rid"),
        _responses.c.seq < bindparam("new_seq"),
        exists().where(_attempts.c.id == bindparam("aid"), _attempts.c.status == ATTEMPT_IN_PROGRESS),
    )
    .values(_SAVED_VALUES)
)


# The quick save: what a save needs to know of an item and never changes (the attempt's owner, the
# response at the position, its frozen question version), kept per app and process; and one UPDATE that
# checks everything that can change (the account is active, the attempt is the user's and in progress,
# the deadline with its grace, the item not checked, the sequence number).
_users = cast(Table, User.__table__)
_SAVE_TARGETS = (
    select(_responses.c.position, _attempts.c.user_id, _responses.c.id, _versions.c.type, _versions.c.data)
    .select_from(
        _attempts.join(_responses, _responses.c.attempt_id == _attempts.c.id).join(
            _versions, _responses.c.question_version_id == _versions.c.id
        )
    )
    .where(_attempts.c.id == bindparam("aid"))
)
_checked = _responses.c.feedback["checked"].as_boolean()
_SAVE_QUICK = (
    update(_responses)
    .where(
        _responses.c.id == bindparam("rid"),
        _responses.c.seq < bindparam("new_seq"),
        or_(_checked.is_(None), _checked.is_(False)),
        exists().where(
            _attempts.c.id == bindparam("aid"),
            _attempts.c.user_id == bindparam("uid"),
            _attempts.c.status == ATTEMPT_IN_PROGRESS,
            or_(
                _attempts.c.deadline_at.is_(None),
                _attempts.c.deadline_at >= bindparam("cutoff", type_=_attempts.c.deadline_at.type),
            ),
        ),
        exists().where(_users.c.id == bindparam("uid"), _users.c.is_active_account.is_(True)),
    )
    .values(_SAVED_VALUES)
)
SAVE_TARGETS_KEPT = 100_000  # items per process; about 200 bytes each


def save_answer_quickly(
    attempt_id: int, user_id: int, pos: int, raw_answer: Any, flagged: bool, seq: int, now: datetime
) -> SaveResult | None:
    """The usual save in one statement: stored and acknowledged, or None when anything is not as usual.

    ``user_id`` may come from the session unchecked: the statement checks the account is active. None
    (nothing written) covers every refusal, a stale ``seq`` and an answer the type refuses; the caller
    then runs :func:`save_answer`, which says why.
    """
    targets = cast(dict, current_app.extensions.setdefault("exam_save_targets", {}))
    conn = db.session.connection()
    target = targets.get((attempt_id, pos))
    if target is None:  # the attempt's first save in this process: all its items at once
        if len(targets) >= SAVE_TARGETS_KEPT:
            targets.clear()
        for position, *known in conn.execute(_SAVE_TARGETS, {"aid": attempt_id}):
            targets[(attempt_id, position)] = tuple(known)
        target = targets.get((attempt_id, pos))
        if target is None:
            return None
    owner, response_id, qtype, data = target
    if owner != user_id:
        return None
    try:
        answer = question_types().get(qtype).normalize_answer(data or {}, raw_answer)
    except AnswerError:
        return None
    result = conn.execute(
        _SAVE_QUICK,
        {
            "rid": response_id,
            "aid": attempt_id,
            "uid": user_id,
            "cutoff": now - DEADLINE_GRACE,
            "new_answer": answer,
            "new_flagged": bool(flagged),
            "new_seq": seq,
            "new_saved_at": now,
            "new_status": RESPONSE_UNANSWERED if answer is None else RESPONSE_SAVED,
        },
    )
    return SaveResult(pos=pos, seq=seq, stale=False, saved_at=now) if result.rowcount else None


def save_answer(
    attempt_id: int, user_id: int, pos: int, raw_answer: Any, flagged: bool, seq: int, now: datetime
) -> SaveResult:
    """Store the answer (and review flag) at ``pos`` unless the server already holds a newer ``seq``.

    Only the attempt's owner may save (others get 404, as if it did not exist). The write is one
    conditional UPDATE, so of two saves racing for the same item the newer one wins whatever order they
    commit in. Raises ExamError after the deadline (submitting the attempt) or for a bad answer.
    """
    conn = db.session.connection()
    row = conn.execute(_SAVE_LOOKUP, {"aid": attempt_id, "pos": pos}).first()
    if row is None or row.user_id != user_id:
        raise ExamError("no_such_question", _l("There is no such question in this attempt."), 404)
    if row.status != ATTEMPT_IN_PROGRESS:
        raise ExamError("submitted", _l("This attempt has been submitted; answers can no longer change."))
    deadline = row.deadline_at
    if deadline is not None and deadline.tzinfo is None:
        deadline = deadline.replace(tzinfo=now.tzinfo)
    if deadline is not None and now > deadline + DEADLINE_GRACE:
        attempt = db.session.get(Attempt, attempt_id)
        if attempt is not None:
            expire_if_due(attempt, now)
        raise _deadline_error()
    if row.feedback and row.feedback.get("checked"):
        raise ExamError("checked", _l("This answer has been checked and can no longer change."))
    try:
        answer = question_types().get(row.type).normalize_answer(row.data or {}, raw_answer)
    except AnswerError as exc:
        raise ExamError(
            "bad_answer", _l("This answer cannot be accepted: %(why)s", why=str(exc)), 400
        ) from None
    result = conn.execute(
        _SAVE_UPDATE,
        {
            "rid": row.id,
            "aid": attempt_id,
            "new_answer": answer,
            "new_flagged": bool(flagged),
            "new_seq": seq,
            "new_saved_at": now,
            "new_status": RESPONSE_UNANSWERED if answer is None else RESPONSE_SAVED,
        },
    )
    if result.rowcount:
        return SaveResult(pos=pos, seq=seq, stale=False, saved_at=now)
    held = conn.execute(select(_responses.c.seq).where(_responses.c.id == row.id)).scalar() or 0
    if held < seq:  # refused for another reason: the attempt was submitted meanwhile
        raise ExamError("submitted", _l("This attempt has been submitted; answers can no longer change."))
    return SaveResult(pos=pos, seq=held, stale=True, saved_at=now)


def check_answer(attempt: Attempt, pos: int, now: datetime) -> dict[str, Any]:
    """Practice mode: grade one saved answer now and lock it. Returns the grade, key and explanation."""
    if attempt.exam.mode != MODE_PRACTICE:
        raise ExamError("not_practice", _l("Answers are checked one by one only in practice mode."), 400)
    _require_open(attempt, now)
    response = _response_at(attempt, pos)
    db.session.refresh(response)  # saves are UPDATE statements: read what they wrote
    item = layout_items(attempt.layout)[pos]
    version = response.question_version
    result = grade_item(version.type, version.data, item["points"], item["policy"], response.answer)
    response.feedback = {**(response.feedback or {}), "checked": True}
    db.session.flush()
    return {
        "pos": pos,
        "objective": question_types().get(version.type).objective,
        "correct": result.correct,
        "score": result.score,
        "max": result.max,
        "key": version.data.get("answer"),
        "explanation": version.explanation,
        "reference_answer": version.reference_answer,
    }


def _response_at(attempt: Attempt, pos: int) -> Response:
    for response in attempt.responses:
        if response.position == pos:
            return response
    raise ExamError("no_such_question", _l("There is no such question in this attempt."), 404)


# --- submitting and grading -------------------------------------------------------------------------


def submit_attempt(
    attempt: Attempt, now: datetime, auto: bool = False, reason: str | None = None
) -> list[int]:
    """Submit and grade: objective items get their score, free text waits for the grading pipeline.

    ``auto`` marks a submission the server made, ``reason`` says why (``SUBMIT_TIME``, ``SUBMIT_AWAY``).
    Returns the ids of free-text responses to queue. Submitting twice is harmless: only the first call
    (decided by one conditional UPDATE, even across processes) grades; later ones return [].
    """
    claimed = db.session.execute(
        update(Attempt)
        .where(Attempt.id == attempt.id, Attempt.status == ATTEMPT_IN_PROGRESS)
        .values(status=ATTEMPT_SUBMITTED, submitted_at=now, auto_submitted=auto, submit_reason=reason)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(attempt)
    if not claimed.rowcount:  # type: ignore[attr-defined]
        return []
    db.session.execute(delete(StoredPaper).where(StoredPaper.attempt_id == attempt.id))  # no more visits
    items = layout_items(attempt.layout)
    responses = db.session.scalars(
        select(Response)
        .where(Response.attempt_id == attempt.id)
        .options(selectinload(Response.question_version))
        .execution_options(populate_existing=True)  # saves are UPDATE statements: read what they wrote
    ).all()
    registry = question_types()
    pending = []
    for response in responses:
        item = items.get(response.position, {"points": response.max_score, "policy": None})
        version = response.question_version
        result = grade_item(
            version.type, version.data, item["points"], item["policy"], response.answer, registry
        )
        response.max_score = float(result.max)
        if result.pending:
            response.status, response.score = RESPONSE_PENDING, None
            pending.append(response.id)
        else:
            response.status, response.score = RESPONSE_GRADED, result.score
            response.feedback = {
                **(response.feedback or {}),
                "correct": result.correct,
                **dict(result.detail),
            }
    db.session.flush()
    refresh_attempt(attempt)
    return pending


def queue_free_text(response_ids: list[int]) -> None:
    """Announce the free-text responses of a committed submission (:data:`free_text_submitted`).

    The grading area listens and queues them; with no listener they stay pending. Call it after the
    commit, so that a listener sees what the submission wrote.
    """
    if response_ids:
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        free_text_submitted.send(app, response_ids=list(response_ids))
