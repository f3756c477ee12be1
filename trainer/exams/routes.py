"""Exam pages: candidates take exams (page, autosave, check, submit, result); trainers build them."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from trainer.auth.access import login_required, signed_in_id, trainer_required
from trainer.bank.question_types import question_types
from trainer.database import utcnow
from trainer.exams import bp, services
from trainer.exams.builder import BuildError, save_exam, spec_of
from trainer.exams.forms import ExamForm
from trainer.exams.integrity import AWAY_SUBMITTED
from trainer.exams.layout import LayoutError
from trainer.exams.models import ATTEMPT_IN_PROGRESS, RESPONSE_PENDING, SUBMIT_AWAY, Attempt, Exam
from trainer.exams.paper import page_head, paper_html
from trainer.exams.services import ExamError
from trainer.exams.views import flagged, result_view, unanswered
from trainer.extensions import db


def _own_attempt(attempt_id: int) -> Attempt:
    """The signed-in user's attempt; 404 for anyone else's, so ids reveal nothing."""
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or attempt.user_id != current_user.id:
        abort(404)
    return attempt


def _visible_attempt(attempt_id: int) -> Attempt:
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or not attempt.can_view(current_user):
        abort(404)
    return attempt


def _touch(attempt: Attempt) -> None:
    """Submit an attempt whose time ran out (with what was saved) before anything else looks at it."""
    if attempt.status != ATTEMPT_IN_PROGRESS:
        return
    pending = services.expire_if_due(attempt, utcnow())
    if pending is not None:
        db.session.commit()
        services.queue_free_text(pending)


def _error_json(exc: ExamError):
    return jsonify(error=exc.code, message=str(exc.message)), exc.status


# --- candidates ---------------------------------------------------------------------------------------


@bp.route("/")
@login_required
def my_exams():
    for attempt in services.attempts_of(current_user):
        _touch(attempt)
    exams = services.available_exams(current_user)
    history = services.attempts_of(current_user)
    current = {a.exam_id: a for a in history if a.status == ATTEMPT_IN_PROGRESS}
    used: dict[int, int] = {}
    for a in history:
        used[a.exam_id] = used.get(a.exam_id, 0) + 1
    from trainer.exams.cohorts import exam_due_dates, past_due
    from trainer.people.services import assigned_items

    now = utcnow()
    closed = {e.id: d for e in exams if (d := past_due(e, current_user.id, now)) is not None}
    return render_template(
        "exams/my_exams.html",
        exams=exams,
        history=history,
        current=current,
        used=used,
        now=now,
        assigned=assigned_items(current_user),
        due=exam_due_dates(current_user.id),
        past_due=closed,
    )


@bp.route("/<int:exam_id>/start", methods=["POST"])
@login_required
def start(exam_id: int):
    exam = db.session.get(Exam, exam_id)
    if exam is None:
        abort(404)
    try:
        attempt = services.start_attempt(exam, current_user, utcnow())
        db.session.commit()
    except ExamError as exc:
        db.session.commit()  # an expired attempt may just have been submitted
        flash(str(exc.message), "error")
        return redirect(url_for("exams.my_exams"))
    except IntegrityError:  # the same start twice at once: resume the attempt the other request made
        db.session.rollback()
        attempt = services.start_attempt(exam, current_user, utcnow())
        db.session.commit()
    return redirect(url_for("exams.take", attempt_id=attempt.id))


@bp.route("/attempts/<int:attempt_id>")
@login_required
def take(attempt_id: int):
    now = utcnow()
    head = page_head(attempt_id)  # owner, status, deadline, exam and saved answers in one query
    if head is None or head.user_id != current_user.id:
        abort(404)
    if head.status == ATTEMPT_IN_PROGRESS and not services.past_deadline(head.deadline_at, now):
        return render_template("exams/take.html", title=head.title, paper=paper_html(attempt_id, head, now))
    attempt = _own_attempt(attempt_id)
    _touch(attempt)
    if attempt.status == ATTEMPT_IN_PROGRESS:  # still within the grace for saves on the wire
        return render_template("exams/take.html", title=head.title, paper=paper_html(attempt_id, head, now))
    if attempt.submit_reason == SUBMIT_AWAY:
        flash(str(AWAY_SUBMITTED), "info")
    elif attempt.auto_submitted:
        flash(_("Time ran out: your attempt was submitted with the answers you had saved."), "info")
    return redirect(url_for("exams.result", attempt_id=attempt.id))


@bp.route("/attempts/<int:attempt_id>/save", methods=["POST"])
def save(attempt_id: int):
    """Autosave. The usual save is one statement that checks the account, ownership, deadline, checked
    state and sequence number; anything else takes the full path, which says why (login_required first)."""
    payload: Any = request.get_json(silent=True)
    if _well_formed_save(payload):
        user_id = signed_in_id()
        if user_id is not None:
            result = services.save_answer_quickly(
                attempt_id,
                user_id,
                payload["pos"],
                payload.get("answer"),
                bool(payload.get("flagged")),
                payload["seq"],
                utcnow(),
            )
            if result is not None:
                db.session.commit()
                return _saved_json(result)
    return _save_checked(attempt_id)


def _well_formed_save(payload: Any) -> bool:
    return (
        isinstance(payload, dict)
        and isinstance(payload.get("pos"), int)
        and isinstance(payload.get("seq"), int)
    )


def _saved_json(result: services.SaveResult):
    return jsonify(
        ok=True, pos=result.pos, seq=result.seq, stale=result.stale, saved_at=result.saved_at.isoformat()
    )


@login_required
def _save_checked(attempt_id: int):
    payload: Any = request.get_json(silent=True)
    if not _well_formed_save(payload):
        return jsonify(error="bad_request", message=_("The save was malformed.")), 400
    try:
        result = services.save_answer(
            attempt_id,
            current_user.id,
            payload["pos"],
            payload.get("answer"),
            bool(payload.get("flagged")),
            payload["seq"],
            utcnow(),
        )
    except ExamError as exc:
        db.session.commit()  # keeps the automatic submission of an expired attempt
        attempt = db.session.get(Attempt, attempt_id) if exc.code == "deadline" else None
        if attempt is not None:
            services.queue_free_text([r.id for r in attempt.responses if r.status == RESPONSE_PENDING])
        return _error_json(exc)
    db.session.commit()
    return _saved_json(result)


@bp.route("/attempts/<int:attempt_id>/integrity", methods=["POST"])
@login_required
def integrity(attempt_id: int):
    """Store a batch of integrity signals (tab switches, focus loss, pastes) for the own attempt."""
    from trainer.exams.integrity import parse_events, record_events

    try:
        events = parse_events(request.get_json(silent=True))
        done = record_events(db.session.get(Attempt, attempt_id), current_user.id, events, utcnow())
    except ExamError as exc:
        return _error_json(exc)
    db.session.commit()
    services.queue_free_text(done.pending)
    body: dict[str, Any] = {
        "ok": True,
        "stored": done.stored,
        "away": done.away,
        "limit": done.limit,
        "remaining": done.remaining,
        "submitted": done.submitted,
    }
    if done.submitted:
        body["message"] = str(AWAY_SUBMITTED)
        body["result_url"] = url_for("exams.result", attempt_id=attempt_id)
    return jsonify(body)


@bp.route("/attempts/<int:attempt_id>/check", methods=["POST"])
@login_required
def check(attempt_id: int):
    attempt = _own_attempt(attempt_id)
    payload: Any = request.get_json(silent=True)
    if not isinstance(payload, dict) or not isinstance(payload.get("pos"), int):
        return jsonify(error="bad_request", message=_("The request was malformed.")), 400
    try:
        outcome = services.check_answer(attempt, payload["pos"], utcnow())
    except ExamError as exc:
        db.session.commit()
        return _error_json(exc)
    db.session.commit()
    return jsonify(ok=True, **outcome)


@bp.route("/attempts/<int:attempt_id>/submit", methods=["GET", "POST"])
@login_required
def submit(attempt_id: int):
    attempt = _own_attempt(attempt_id)
    _touch(attempt)
    if attempt.status != ATTEMPT_IN_PROGRESS:
        return redirect(url_for("exams.result", attempt_id=attempt.id))
    if request.method == "GET":
        return render_template(
            "exams/submit.html", attempt=attempt, unanswered=unanswered(attempt), flagged=flagged(attempt)
        )
    pending = services.submit_attempt(attempt, utcnow())
    db.session.commit()
    services.queue_free_text(pending)
    flash(_("Your answers were submitted."), "success")
    return redirect(url_for("exams.result", attempt_id=attempt.id))


@bp.route("/attempts/<int:attempt_id>/result")
@login_required
def result(attempt_id: int):
    attempt = _visible_attempt(attempt_id)
    _touch(attempt)
    if attempt.status == ATTEMPT_IN_PROGRESS:
        return redirect(url_for("exams.take", attempt_id=attempt.id))
    history = services.attempts_of(attempt.user, attempt.exam)
    return render_template(
        "exams/result.html",
        attempt=attempt,
        exam=attempt.exam,
        view=result_view(attempt, utcnow()),
        history=history,
    )


# --- trainers -----------------------------------------------------------------------------------------


@bp.route("/manage")
@trainer_required
def manage():
    exams = db.session.scalars(select(Exam).order_by(Exam.created_at.desc(), Exam.id.desc())).all()
    from trainer.exams.cohorts import exam_cohort_counts

    counts = services.attempt_counts()
    return render_template("exams/manage.html", exams=exams, counts=counts, cohorts=exam_cohort_counts())


@bp.route("/new", methods=["GET", "POST"])
@trainer_required
def new():
    return _edit(None)


@bp.route("/<int:exam_id>/edit", methods=["GET", "POST"])
@trainer_required
def edit(exam_id: int):
    exam = db.session.get(Exam, exam_id)
    if exam is None:
        abort(404)
    return _edit(exam)


def _edit(exam: Exam | None):
    from trainer.people.services import cohorts

    form = ExamForm()
    form.cohorts.choices = [(c.id, c.name) for c in cohorts()]
    if request.method == "GET":
        if exam is not None:
            form.fill(spec_of(exam))
        else:
            # a new exam reaches every candidate unless the trainer narrows it down
            form.shuffle_questions.data = form.shuffle_options.data = form.open_to_all.data = True
            form.after_submit.form.score.data = form.after_submit.form.feedback.data = True
            for key in ("score", "answers", "explanation", "feedback"):
                form.after_close.form[key].data = True
    problems: list[str] = []
    if request.method == "POST" and "add_section" in request.form:  # the no-JavaScript way to add one
        form.sections.append_entry()
    elif form.validate_on_submit():
        try:
            saved = save_exam(form.to_spec(), current_user, exam)
            db.session.commit()
        except (BuildError, LayoutError) as exc:
            db.session.rollback()
            problems = exc.problems if isinstance(exc, BuildError) else [str(exc)]
        else:
            flash(_("Exam saved."), "success")
            return redirect(url_for("exams.edit", exam_id=saved.id))
    attempts = services.attempts_for_exam(exam) if exam is not None else []
    return render_template(
        "exams/edit.html", form=form, exam=exam, problems=problems, attempts=attempts, types=question_types()
    )
