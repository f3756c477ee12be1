"""Role-play sessions in the database: start, store each turn, stream the customer's reply, end and score.

A candidate's message is stored (and committed by the route) before the customer answers, so nothing
typed is lost: if the reply fails or the page is closed, the next request continues from that pending
message. Each customer turn is stored together with the session's state in one transaction. Services
add to the session and never commit; :func:`reply_events` is a generator whose final ``done`` event
tells the route that the turn is in the session and ready to commit.
"""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from trainer.auth.models import User
from trainer.bank.models import Scenario as ScenarioRow
from trainer.bank.models import ScenarioVersion
from trainer.database import utcnow
from trainer.exams.models import ATTEMPT_IN_PROGRESS, RESPONSE_SAVED, Response
from trainer.extensions import db
from trainer.llm.app import llm_client
from trainer.roleplay.cards import build_scorecard
from trainer.roleplay.engine import CustomerEngine, CustomerTurn, SessionState, new_state
from trainer.roleplay.llm_customer import LLMCustomer, Reset, TurnFailed
from trainer.roleplay.models import RoleplaySession, RoleplayTurn
from trainer.roleplay.scenario import Scenario, band_of
from trainer.roleplay.scripted import ScriptedCustomer

log = logging.getLogger(__name__)

ACTIVE, ENDED = "active", "ended"
MAX_MESSAGE_CHARS = 2000
FALLBACK_NOTICE = (
    "The AI customer stopped answering properly, so the rest of this conversation uses the scripted customer."
)
BAND_LABELS = {"calm": _l("Calm"), "annoyed": _l("Annoyed"), "angry": _l("Angry"), "furious": _l("Furious")}
END_LABELS = {
    "resolved": _l("Resolved"),
    "escalated": _l("Escalated (complaint threatened)"),
    "hung_up": _l("Customer hung up"),
    "out_of_turns": _l("Out of turns"),
}
DETECTOR_LABELS = {
    "repetition": _l("the candidate repeats the same line"),
    "asked_again": _l("the candidate asks again for something the customer already gave"),
}
Event = tuple[str, dict[str, Any]]
# Fields of the state that grow with the conversation; the rest is the engine's memory at a turn.
GROWING = ("transcript", "red_lines")


class RoleplayError(Exception):
    """A request the role-play rules refuse: ``code`` for programs, ``message`` for people."""

    def __init__(self, code: str, message: Any, status: int = 409):
        super().__init__(code)
        self.code = code
        self.message = message
        self.status = status


@dataclass(frozen=True)
class ScenarioEntry:
    """A scenario as the list shows it."""

    uid: str
    version: ScenarioVersion
    scenario: Scenario


# --- scenarios ---------------------------------------------------------------------------------------


def scenario_of(version: ScenarioVersion) -> Scenario:
    """The engine's scenario for a stored version."""
    return Scenario.from_dict(version.data)


def list_scenarios() -> list[ScenarioEntry]:
    """Every scenario with a current version that validates, by id (broken ones are logged and skipped)."""
    out = []
    for row in db.session.scalars(select(ScenarioRow).order_by(ScenarioRow.uid)):
        if row.current is None:
            continue
        try:
            out.append(ScenarioEntry(row.uid, row.current, scenario_of(row.current)))
        except ValueError as exc:
            log.warning("scenario %s cannot be played: %s", row.uid, exc)
    return out


def current_version(uid: str) -> ScenarioVersion | None:
    """The current version of the scenario with this id, or None."""
    row = db.session.scalar(select(ScenarioRow).where(ScenarioRow.uid == uid))
    return row.current if row is not None else None


# --- engines -----------------------------------------------------------------------------------------


def default_engine() -> str:
    """``llm`` when ROLEPLAY_ENGINE asks for it and an LLM is configured, else ``scripted``."""
    if current_app.config.get("ROLEPLAY_ENGINE") == "llm" and llm_client() is not None:
        return "llm"
    return "scripted"


def engine_for(session: RoleplaySession, scenario: Scenario, state: SessionState) -> CustomerEngine:
    """The engine that plays the session's next turn (scripted when the LLM is gone)."""
    client = llm_client()
    if session.engine == "llm" and client is not None:
        return LLMCustomer(scenario, client, seed=state.seed)
    return ScriptedCustomer(scenario, seed=state.seed)


# --- starting and access ------------------------------------------------------------------------------


def start_session(
    user: User,
    version: ScenarioVersion,
    *,
    response: Response | None = None,
    engine: str | None = None,
    difficulty: str | None = None,
) -> RoleplaySession:
    """A new session with the customer's opening line stored as turn 0 (flushed, not committed).

    ``difficulty`` is a level id (easy/standard/hard); unknown or None plays ``standard``.
    """
    scenario = scenario_of(version)
    session = RoleplaySession(
        user_id=user.id,
        scenario_version_id=version.id,
        response_id=response.id if response is not None else None,
        engine=engine or default_engine(),
        status=ACTIVE,
        notice="",
        released=response is None,  # exam results follow the exam's release policy
    )
    state = new_state(scenario, "scripted", seed=secrets.randbelow(10**6), difficulty=difficulty)
    opening = ScriptedCustomer(scenario, seed=state.seed).opening(state)  # the author's own first line
    state.engine = session.engine
    session.state = state.to_dict()
    version.frozen = True  # played: later edits make a new version
    db.session.add(session)
    db.session.flush()
    db.session.add(
        RoleplayTurn(
            session_id=session.id,
            number=0,
            speaker="customer",
            text=opening.message,
            anger=float(opening.anger),
            events={"turn": 0, "state": snapshot(state)},
        )
    )
    db.session.flush()
    return session


def session_for_response(user: User, response: Response) -> RoleplaySession:
    """The role-play session of an exam response, started on first use; only its owner, while in progress."""
    existing, version = exam_roleplay(user, response)
    if existing is not None:
        return existing
    return start_session(user, version, response=response)


def exam_roleplay(user: User, response: Response) -> tuple[RoleplaySession | None, Any]:
    """(the session of an exam response if it was started, the scenario version it plays), checking
    that ``user`` owns the attempt, the question is a role-play and, before a start, the attempt runs."""
    attempt = response.attempt
    if attempt.user_id != user.id:
        raise RoleplayError("forbidden", _l("This role-play belongs to someone else's exam."), 403)
    if response.question_version.type != "roleplay":
        raise RoleplayError("not_roleplay", _l("This question is not a role-play."), 404)
    existing = db.session.scalar(select(RoleplaySession).where(RoleplaySession.response_id == response.id))
    if existing is not None:
        if existing.status == ACTIVE:
            check_exam_open(existing)
        return existing, existing.scenario_version
    check_attempt_open(response)
    uid = str((response.question_version.data or {}).get("scenario") or "")
    version = current_version(uid)
    if version is None:
        raise RoleplayError("no_scenario", _l("The scenario of this question is missing."), 404)
    return None, version


def check_attempt_open(response: Response) -> None:
    """Refuse (409) when the response's attempt is submitted or past its deadline."""
    attempt = response.attempt
    if attempt.status != ATTEMPT_IN_PROGRESS or (
        attempt.deadline_at is not None and utcnow() > attempt.deadline_at
    ):
        raise RoleplayError("exam_closed", _l("This exam attempt is no longer in progress."), 409)


def check_exam_open(session: RoleplaySession) -> None:
    """For a session inside an exam: refuse once the attempt is no longer in progress."""
    if session.response_id is not None:
        response = db.session.get(Response, session.response_id)
        if response is not None:
            check_attempt_open(response)


def check_can_continue(session: RoleplaySession, user: User) -> None:
    """Only the candidate who started it may continue a session, and only while it is active."""
    if session.user_id != user.id:
        raise RoleplayError("forbidden", _l("This conversation belongs to someone else."), 403)
    if session.status != ACTIVE:
        raise RoleplayError(
            "ended", _l("This conversation has ended; start a new one to practise again."), 409
        )
    check_exam_open(session)


def can_see_scores(session: RoleplaySession, user: User) -> bool:
    """Staff always; the candidate when the session's results are released (or its exam's are)."""
    if user.has_role("trainer", "hr"):
        return True
    if session.released:
        return True
    if session.response_id is not None:
        response = db.session.get(Response, session.response_id)
        return bool(response is not None and response.attempt.released)
    return False


# --- turns -------------------------------------------------------------------------------------------


def pending_text(session: RoleplaySession) -> str | None:
    """The candidate's last message when the customer has not answered it yet, else None."""
    return session.pending_text


def add_candidate_turn(session: RoleplaySession, user: User, text: str) -> RoleplayTurn:
    """Store the candidate's message before the customer answers (flushed, not committed)."""
    check_can_continue(session, user)
    text = (text or "").strip()
    if not text:
        raise RoleplayError("empty", _l("Write a message first."), 400)
    if len(text) > MAX_MESSAGE_CHARS:
        raise RoleplayError(
            "too_long", _l("A message can be at most %(n)d characters.", n=MAX_MESSAGE_CHARS), 400
        )
    if pending_text(session) is not None:
        raise RoleplayError("pending", _l("The customer has not answered your last message yet."), 409)
    state = SessionState.from_dict(session.state)
    turn = RoleplayTurn(
        session_id=session.id,
        number=len(session.turns),
        speaker="candidate",
        text=text,
        anger=None,
        events={"turn": state.turn + 1},
    )
    session.turns.append(turn)
    _write_exam_answer(session)
    db.session.flush()
    return turn


def reply_events(session: RoleplaySession, user: User) -> Generator[Event, None, None]:
    """Produce the customer's answer to the pending message as events, storing it before ``done``.

    Events: ``("chunk", {"text"})`` pieces of the message; ``("reset", {})`` discard the text so far;
    ``("notice", {"message"})`` the session switched to the scripted customer; ``("done", view)`` the
    turn is stored (flushed) — the caller commits then.
    """
    check_can_continue(session, user)
    text = pending_text(session)
    if text is None:
        raise RoleplayError("nothing_pending", _l("There is no message waiting for an answer."), 409)
    scenario = scenario_of(session.scenario_version)
    state = SessionState.from_dict(session.state)
    engine = engine_for(session, scenario, state)
    turn: CustomerTurn
    played_by = engine.name
    if isinstance(engine, LLMCustomer):
        try:
            turn = yield from _relay(engine.stream(state, text))
        except TurnFailed as exc:
            log.warning("role-play session %s: LLM turn failed, scripted from now on: %s", session.id, exc)
            yield ("reset", {})
            session.engine = played_by = "scripted"
            session.notice = FALLBACK_NOTICE
            state.engine = "scripted"
            turn = ScriptedCustomer(scenario, seed=state.seed).reply(state, text)
            yield ("notice", {"message": _(FALLBACK_NOTICE)})
            yield ("chunk", {"text": turn.message})
    else:
        turn = engine.reply(state, text)
        yield ("chunk", {"text": turn.message})
    _store_customer_turn(session, state, turn, played_by)
    yield ("done", turn_view(session, scenario, turn.turn, turn.message, turn.anger, turn.end_state))


def _relay(stream: Generator[str | Reset, None, CustomerTurn]) -> Generator[Event, None, CustomerTurn]:
    """Turn the LLM customer's stream into events; returns its turn."""
    while True:
        try:
            item = next(stream)
        except StopIteration as stop:
            return stop.value
        if isinstance(item, Reset):
            yield ("reset", {})
        else:
            yield ("chunk", {"text": item})


def _store_customer_turn(
    session: RoleplaySession, state: SessionState, turn: CustomerTurn, engine: str
) -> None:
    session.turns.append(
        RoleplayTurn(
            session_id=session.id,
            number=len(session.turns),
            speaker="customer",
            text=turn.message,
            anger=float(turn.anger),
            events={
                "turn": turn.turn,
                "delta": turn.delta,
                "fired": turn.fired,
                "red_lines": turn.red_lines,
                "end_state": turn.end_state,
                "engine": engine,
                "state": snapshot(state),
            },
        )
    )
    session.state = state.to_dict()
    if state.ended:
        finish_session(session, state)
    db.session.flush()


def snapshot(state: SessionState) -> dict[str, Any]:
    """What a customer turn stores of the engine's state, so a practice branch can resume there:
    everything but the transcript and red-line records (a branch cuts those from the session's own)."""
    return {k: v for k, v in state.to_dict().items() if k not in GROWING}


def finish_session(session: RoleplaySession, state: SessionState) -> None:
    """Close the session: end state, time and scorecard; an exam response gets its answer."""
    scenario = scenario_of(session.scenario_version)
    session.status = ENDED
    session.end_state = state.end_state
    session.ended_at = utcnow()
    session.scorecard = build_scorecard(scenario, state)
    _write_exam_answer(session)


def _write_exam_answer(session: RoleplaySession) -> None:
    if session.response_id is None:
        return
    response = db.session.get(Response, session.response_id)
    if response is not None and response.attempt.status == ATTEMPT_IN_PROGRESS:
        response.answer = {"session_id": session.id}
        response.status = RESPONSE_SAVED
        response.saved_at = utcnow()


def grading_to_queue(session: RoleplaySession) -> list[int]:
    """Response ids to hand to the grading queue after the ending commit.

    Only when the exam attempt is already submitted: while it is in progress the exam's own submission
    queues every answered role-play (queuing earlier would leave a finished job that a later submit
    cannot re-use).
    """
    if session.status != ENDED or session.response_id is None:
        return []
    response = db.session.get(Response, session.response_id)
    if response is None or response.attempt.status == ATTEMPT_IN_PROGRESS:
        return []
    return [response.id]


# --- views -------------------------------------------------------------------------------------------


def turn_view(
    session: RoleplaySession, scenario: Scenario, turn: int, message: str, anger: int, end_state: str | None
) -> dict[str, Any]:
    """What the page may know after a customer turn: never triggers, and anger only when the mood shows."""
    view: dict[str, Any] = {
        "turn": turn,
        "message": message,
        "turns_used": turn,
        "turn_limit": scenario.turn_limit,
        "ended": end_state is not None,
        "end_state": end_state,
        "end_label": str(END_LABELS[end_state]) if end_state else "",
        "notice": _(session.notice) if session.notice else "",
    }
    if scenario.mood_visible:
        view["anger"] = anger
        view["band"] = band_of(anger)
        view["band_label"] = str(BAND_LABELS[band_of(anger)])
    return view


def transcript_rows(session: RoleplaySession) -> list[dict[str, Any]]:
    """The conversation for the page: speaker, text and turn number (no events)."""
    return [
        {
            "speaker": t.speaker,
            "text": t.text,
            "turn": int((t.events or {}).get("turn", 0)),
            "number": t.number,
        }
        for t in session.turns
    ]


def sessions_of(user: User) -> list[RoleplaySession]:
    """The user's practice and exam sessions, newest first."""
    return list(
        db.session.scalars(
            select(RoleplaySession)
            .where(RoleplaySession.user_id == user.id)
            .order_by(RoleplaySession.id.desc())
        )
    )


def iter_sse(events: Iterator[Event]) -> Iterator[str]:
    """Server-sent-event text for each event."""
    for kind, data in events:
        yield f"event: {kind}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"
