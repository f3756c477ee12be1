"""Practice around a role-play: retrying a session from one of its turns, and the page before a session
that says what will be scored and what "resolved" means.

A retry is a *branch*: a new practice session holding a copy of the original's turns before turn N and
the customer's state at that point, so the candidate answers turn N again. The original is never
changed. Services add to the session and never commit.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from trainer.auth.models import User
from trainer.exams.models import ATTEMPT_IN_PROGRESS, Response
from trainer.extensions import db
from trainer.roleplay.difficulty import LEVELS
from trainer.roleplay.engine import SessionState
from trainer.roleplay.models import RoleplaySession, RoleplayTurn
from trainer.roleplay.scenario import Scenario
from trainer.roleplay.services import ACTIVE, GROWING, RoleplayError

LEVEL_NAMES = {"easy": _l("Beginner"), "standard": _l("Standard"), "hard": _l("Hard")}


def state_at(session: RoleplaySession, turn: int) -> SessionState:
    """The session's state right after the customer answered candidate turn ``turn`` (0: the opening).

    Uses the snapshot stored with that customer turn; for turns stored before snapshots existed it is
    rebuilt from the transcript (anger, turn, red lines; the rest as the session ends).
    """
    data = dict(session.state or {})
    transcript = [dict(e) for e in data.get("transcript", []) if int(e.get("turn", 0)) <= turn]
    red_lines = [dict(r) for r in data.get("red_lines", []) if int(r.get("turn", 0)) <= turn]
    stored = next(
        (
            (t.events or {}).get("state")
            for t in session.turns
            if t.speaker == "customer" and int((t.events or {}).get("turn", -1)) == turn
        ),
        None,
    )
    if stored:
        base = dict(stored)
    elif turn == 0:
        base = {k: data[k] for k in ("scenario_id", "engine", "seed", "difficulty") if k in data}
    else:
        base = {k: v for k, v in data.items() if k not in GROWING}
    last = transcript[-1] if transcript else {}
    base |= {"transcript": transcript, "red_lines": red_lines}
    if not stored:
        base |= {"turn": turn, "anger": int(last.get("anger", data.get("anger", 0))), "end_state": None}
    return SessionState.from_dict(base)


def check_can_branch(session: RoleplaySession, user: User, turn: int) -> None:
    """Refuse a retry unless it is the user's own finished session, outside a running exam, and
    ``turn`` is one of the candidate's turns."""
    if session.user_id != user.id:
        raise RoleplayError("forbidden", _l("This conversation belongs to someone else."), 403)
    if session.status == ACTIVE:
        raise RoleplayError("active", _l("Finish this conversation before retrying one of its turns."), 409)
    if session.response_id is not None:
        response = db.session.get(Response, session.response_id)
        if response is not None and response.attempt.status == ATTEMPT_IN_PROGRESS:
            raise RoleplayError("exam_running", _l("You can retry turns once the exam is submitted."), 409)
    played = int((session.state or {}).get("turn", 0))
    if not 1 <= turn <= played:
        raise RoleplayError("no_turn", _l("There is no turn %(n)d in this conversation.", n=turn), 404)


def branch_session(session: RoleplaySession, user: User, turn: int) -> RoleplaySession:
    """A new practice session that replays ``session`` up to turn ``turn`` and waits for a new answer
    to it (flushed, not committed). The original session, its turns and its scorecard stay as they are.
    """
    check_can_branch(session, user, turn)
    state = state_at(session, turn - 1)
    branch = RoleplaySession(
        user_id=session.user_id,
        scenario_version_id=session.scenario_version_id,
        response_id=None,  # practice, never part of an exam
        engine=session.engine,
        state=state.to_dict(),
        status=ACTIVE,
        notice=session.notice,
        released=True,
        branch_of_id=session.id,
        branch_turn=turn,
    )
    db.session.add(branch)
    db.session.flush()
    kept = [t for t in session.turns if int((t.events or {}).get("turn", 0)) < turn]
    for number, old in enumerate(kept):
        db.session.add(
            RoleplayTurn(
                session_id=branch.id,
                number=number,
                speaker=old.speaker,
                text=old.text,
                anger=old.anger,
                events=dict(old.events or {}),
            )
        )
    db.session.flush()
    db.session.refresh(branch)
    return branch


def branches_of(session: RoleplaySession) -> list[RoleplaySession]:
    """The practice branches retried from this session, oldest first."""
    return list(
        db.session.scalars(
            select(RoleplaySession)
            .where(RoleplaySession.branch_of_id == session.id)
            .order_by(RoleplaySession.id)
        )
    )


def briefing(scenario: Scenario) -> dict[str, Any]:
    """What a candidate may know before a session: the public situation, the rubric criteria that will
    be scored (names and points) and what "resolved" means (the required steps by name).

    Never the hidden goal, what the customer accepts, or the other behaviours of the script.
    """
    from trainer.bank.services import current_rubric

    version = current_rubric(scenario.rubric)
    criteria = []
    if version is not None:
        criteria = [{"name": c.name, "max": c.max} for c in version.to_rubric().criteria]
    return {
        "public": scenario.public_view(),
        "criteria": criteria,
        "required_steps": [scenario.label_of(t) for t in scenario.resolve_requires],
        "resolve_max_anger": scenario.resolve_max_anger,
    }


def levels_for(scenario: Scenario) -> list[dict[str, Any]]:
    """The difficulty levels a candidate can choose before a session: id, name for people and the
    numbers they change (starting anger, patience before hanging up)."""
    out = []
    for lid in LEVELS:
        lv = scenario.level(lid)
        out.append({"id": lid, "label": str(LEVEL_NAMES[lid]), "start": lv.start, "patience": lv.patience})
    return out


def difficulty_of(session: RoleplaySession) -> dict[str, str]:
    """The level a session is played at: ``{"id", "label"}``."""
    from trainer.roleplay.services import scenario_of

    scenario = scenario_of(session.scenario_version)
    lid = scenario.level((session.state or {}).get("difficulty")).id
    return {"id": lid, "label": str(LEVEL_NAMES[lid])}


def can_branch(session: RoleplaySession, user: User) -> bool:
    """Whether ``user`` may retry turns of ``session`` now (see :func:`check_can_branch`)."""
    try:
        check_can_branch(session, user, 1)
    except RoleplayError:
        return False
    return True
