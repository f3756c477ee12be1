"""Role-play pages: the scenario list, the chat with a streamed customer, and the scorecard."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from flask import (
    Response,
    abort,
    jsonify,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from trainer.auth.access import login_required, roles_required, staff_required
from trainer.auth.models import User
from trainer.exams.models import Response as ExamResponse
from trainer.extensions import db
from trainer.grading.queue import submit_for_grading
from trainer.roleplay import bp, cards, practice, services
from trainer.roleplay.difficulty import DEFAULT_LEVEL
from trainer.roleplay.models import RoleplaySession
from trainer.roleplay.scenario import band_of
from trainer.roleplay.scoring import anger_curve_svg
from trainer.roleplay.services import RoleplayError

log = logging.getLogger(__name__)
SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


def _session_or_404(session_id: int) -> RoleplaySession:
    session = db.session.get(RoleplaySession, session_id)
    if session is None:
        abort(404)
    return session


def _version_or_404(uid: str) -> Any:
    """The scenario's current version, or 404."""
    version = services.current_version(uid)
    if version is None:
        abort(404)
    return version


def _json_error(exc: RoleplayError) -> tuple[Any, int]:
    return jsonify(error=exc.code, message=str(exc.message)), exc.status


@bp.route("/")
@login_required
def index():
    """Scenarios to practise, and the user's own sessions."""
    return render_template(
        "roleplay/index.html",
        entries=services.list_scenarios(),
        sessions=services.sessions_of(current_user),
        engine=services.default_engine(),
        band_labels=services.BAND_LABELS,
        end_labels=services.END_LABELS,
        band_of=band_of,
    )


@bp.route("/scenarios/<uid>")
@staff_required
def scenario_detail(uid: str):
    """Everything about a scenario, hidden state included (staff only)."""
    version = _version_or_404(uid)
    scenario = services.scenario_of(version)
    return render_template(
        "roleplay/scenario.html",
        scenario=scenario,
        version=version,
        requires=[scenario.label_of(r) for r in scenario.resolve_requires],
        end_labels=services.END_LABELS,
        detector_labels=services.DETECTOR_LABELS,
    )


@bp.route("/scenarios/<uid>/prepare")
@login_required
def prepare(uid: str):
    """Before a practice session: the situation, what will be scored, what "resolved" means, difficulty."""
    version = _version_or_404(uid)
    scenario = services.scenario_of(version)
    return render_template(
        "roleplay/prepare.html",
        info=practice.briefing(scenario),
        levels=practice.levels_for(scenario),
        default_level=DEFAULT_LEVEL,
        in_exam=False,
    )


@bp.route("/scenarios/<uid>/start", methods=["POST"])
@login_required
def start(uid: str):
    """Start a practice session on a scenario (at the chosen difficulty) and open the chat."""
    version = _version_or_404(uid)
    level = request.form.get("difficulty") or None
    session = services.start_session(current_user, version, difficulty=level)
    db.session.commit()
    return redirect(url_for("roleplay.play", session_id=session.id))


@bp.route("/sessions/<int:session_id>/retry", methods=["POST"])
@login_required
def retry(session_id: int):
    """Retry a finished session from one of its turns: a practice branch, the original kept as it is."""
    session = _session_or_404(session_id)
    try:
        turn = int(request.form.get("turn", ""))
    except ValueError:
        abort(400)
    try:
        branch = practice.branch_session(session, current_user, turn)
    except RoleplayError as exc:
        abort(exc.status, description=str(exc.message))
    db.session.commit()
    return redirect(url_for("roleplay.play", session_id=branch.id))


@bp.route("/responses/<int:response_id>")
@roles_required("candidate")
def play_response(response_id: int):
    """The role-play of an exam question: started on first visit, resumed afterwards (owner only)."""
    response = db.session.get(ExamResponse, response_id)
    if response is None:
        abort(404)
    try:
        session = services.session_for_response(current_user, response)
    except RoleplayError as exc:
        abort(exc.status, description=str(exc.message))
    db.session.commit()
    return redirect(url_for("roleplay.play", session_id=session.id))


@bp.route("/responses/<int:response_id>/prepare")
@roles_required("candidate")
def prepare_response(response_id: int):
    """Before the role-play of an exam question: the same briefing as practice (what is scored, what
    "resolved" means), then the start; a role-play already started is resumed at once."""
    response = db.session.get(ExamResponse, response_id)
    if response is None:
        abort(404)
    try:
        existing, version = services.exam_roleplay(current_user, response)
    except RoleplayError as exc:
        abort(exc.status, description=str(exc.message))
    if existing is not None:
        return redirect(url_for("roleplay.play_response", response_id=response.id))
    scenario = services.scenario_of(version)
    return render_template(
        "roleplay/prepare.html",
        info=practice.briefing(scenario),
        levels=[],
        default_level=DEFAULT_LEVEL,
        in_exam=True,
        start_url=url_for("roleplay.play_response", response_id=response.id),
    )


@bp.route("/sessions/<int:session_id>")
@login_required
def play(session_id: int):
    """The chat page; a finished session shows its end screen instead."""
    session = _session_or_404(session_id)
    if session.user_id != current_user.id:
        abort(403)
    if session.status != services.ACTIVE:
        return redirect(url_for("roleplay.session_view", session_id=session.id))
    scenario = services.scenario_of(session.scenario_version)
    state_anger = int((session.state or {}).get("anger", scenario.anger_start))
    return render_template(
        "roleplay/play.html",
        session=session,
        public=scenario.public_view(),
        turns=services.transcript_rows(session),
        turns_used=int((session.state or {}).get("turn", 0)),
        pending=services.pending_text(session) is not None,
        anger=state_anger if scenario.mood_visible else None,
        band=band_of(state_anger),
        band_labels=services.BAND_LABELS,
        max_chars=services.MAX_MESSAGE_CHARS,
        notice=_(session.notice) if session.notice else "",
        difficulty=practice.difficulty_of(session),
    )


@bp.route("/sessions/<int:session_id>/say", methods=["POST"])
@login_required
def say(session_id: int):
    """Store the candidate's message, then stream the customer's answer as server-sent events."""
    session = _session_or_404(session_id)
    payload = request.get_json(silent=True) or {}
    text = payload.get("text") if isinstance(payload, dict) else None
    try:
        services.add_candidate_turn(session, current_user, str(text or ""))
    except RoleplayError as exc:
        db.session.rollback()
        return _json_error(exc)
    db.session.commit()  # the message is safe before the customer starts answering
    return _reply_stream(session.id)


@bp.route("/sessions/<int:session_id>/reply", methods=["POST"])
@login_required
def reply(session_id: int):
    """Stream the customer's answer to a message still waiting for one (after a failure or a reload)."""
    session = _session_or_404(session_id)
    try:
        services.check_can_continue(session, current_user)
    except RoleplayError as exc:
        return _json_error(exc)
    if services.pending_text(session) is None:
        return _json_error(
            RoleplayError("nothing_pending", _("There is no message waiting for an answer."), 409)
        )
    return _reply_stream(session.id)


def _reply_stream(session_id: int) -> Response:
    user_id = current_user.id

    def generate() -> Iterator[str]:
        # The body is produced after the view returned: load fresh objects into this generator's session.
        user = db.session.get(User, user_id)
        session = db.session.get(RoleplaySession, session_id)
        try:
            if user is None or session is None:
                raise RoleplayError("gone", _("This conversation no longer exists."), 404)
            for kind, data in services.reply_events(session, user):
                if kind == "done":
                    db.session.commit()
                    if data["ended"]:
                        data["scorecard_url"] = url_for("roleplay.session_view", session_id=session_id)
                        _queue_grading(session)
                yield from services.iter_sse(iter([(kind, data)]))
        except (RoleplayError, IntegrityError) as exc:
            db.session.rollback()
            message = (
                str(exc.message)
                if isinstance(exc, RoleplayError)
                else _("This message was already answered.")
            )
            yield from services.iter_sse(iter([("error", {"message": message, "retry": False})]))
        except Exception:
            db.session.rollback()
            log.exception("role-play session %s: the customer's reply failed", session_id)
            message = _("The customer could not answer. Your message is saved; try again.")
            yield from services.iter_sse(iter([("error", {"message": message, "retry": True})]))

    return Response(stream_with_context(generate()), mimetype="text/event-stream", headers=SSE_HEADERS)


def _queue_grading(session: RoleplaySession) -> None:
    """After the ending turn is committed: queue the exam response this session answers, if any."""
    ids = services.grading_to_queue(session)
    if ids:
        submit_for_grading(ids)


@bp.route("/sessions/<int:session_id>/scorecard")
@login_required
def session_view(session_id: int):
    """The end screen: outcome, red lines, rubric scores with evidence, the anger chart, the transcript."""
    session = _session_or_404(session_id)
    if not session.can_view(current_user):
        abort(403)
    if session.status == services.ACTIVE and session.user_id == current_user.id:
        return redirect(url_for("roleplay.play", session_id=session.id))
    scenario = services.scenario_of(session.scenario_version)
    card = cards.scorecard_of(session)
    curve = card.get("anger_curve") or [
        [t["turn"], t["anger"]] for t in (session.state or {}).get("transcript", [])
    ]
    return render_template(
        "roleplay/scorecard.html",
        session=session,
        scenario=scenario,
        card=card,
        show_scores=services.can_see_scores(session, current_user),
        chart=anger_curve_svg(curve, title=_("Anger over the conversation")),
        turns=services.transcript_rows(session),
        end_labels=services.END_LABELS,
        notice=_(session.notice) if session.notice else "",
        can_retry=practice.can_branch(session, current_user),
        difficulty=practice.difficulty_of(session),
        branches=practice.branches_of(session),
    )
