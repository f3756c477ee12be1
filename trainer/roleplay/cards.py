"""The scorecard of a role-play session: built when the session ends, and shown with the exam's grade.

Kept apart from :mod:`trainer.roleplay.services` (the conversation itself); like the services these
functions take plain data and objects and never commit.
"""

from __future__ import annotations

from typing import Any

from trainer.extensions import db
from trainer.roleplay.engine import SessionState
from trainer.roleplay.models import RoleplaySession
from trainer.roleplay.scenario import Scenario
from trainer.roleplay.scoring import candidate_turns, evidence_turns, outcome_card, score_session


def build_scorecard(scenario: Scenario, state: SessionState) -> dict[str, Any]:
    """score_session against the scenario's current rubric (outcome and curve only when it has none)."""
    from trainer.bank.services import current_rubric

    version = current_rubric(scenario.rubric)
    if version is None:
        return outcome_card(scenario, state.transcript)
    rubric = version.to_rubric()
    card = score_session(scenario, state.transcript, rubric)
    names = {c.id: c.name for c in rubric.criteria}
    for crit in card["score"]["criteria"]:
        crit["name"] = names.get(crit["id"], "")
    return card


def scored_transcript(session: RoleplaySession) -> list[dict[str, Any]]:
    """The transcript a session is scored on: the state's, plus a message still waiting for an answer."""
    transcript = [dict(e) for e in (session.state or {}).get("transcript", [])]
    pending = session.pending_text
    if pending is not None:
        turn = int((session.state or {}).get("turn", 0)) + 1
        transcript.append({"turn": turn, "candidate": pending, "customer": "", "anger": None})
    return transcript


def scorecard_of(session: RoleplaySession) -> dict[str, Any]:
    """The scorecard a page shows: the stored one, with the teaching part filled in for sessions scored
    before it existed, and inside an exam the exam's effective grade in place of the provisional score
    (they are equal unless an LLM graded it or a person overrode it)."""
    scenario = Scenario.from_dict(session.scenario_version.data)
    card = dict(session.scorecard or {})
    transcript = (session.state or {}).get("transcript", [])
    if "turns" not in card:
        card |= {
            k: v for k, v in outcome_card(scenario, transcript).items() if k not in card or k == "red_lines"
        }
    if "why_ended" not in card:  # scored before the scorecard said why the call ended
        from trainer.roleplay.feedback import why_ended

        card["why_ended"] = why_ended(scenario, transcript)
    graded = exam_score(session)
    if graded is not None:
        card["score"] = graded
    return card


def exam_score(session: RoleplaySession) -> dict[str, Any] | None:
    """The graded score of the session's exam response in the scorecard's shape, or None."""
    if session.response_id is None:
        return None
    from trainer.bank.models import RubricVersion
    from trainer.grading.results import effective_record

    record = effective_record(session.response_id)
    if record is None:
        return None
    said = candidate_turns(scored_transcript(session))
    rubric = db.session.get(RubricVersion, record.rubric_version_id) if record.rubric_version_id else None
    names = {c.id: c.name for c in rubric.to_rubric().criteria} if rubric is not None else {}
    criteria = []
    for crit in record.criteria or []:
        crit = dict(crit)
        crit["name"] = crit.get("name") or names.get(crit.get("id")) or ""
        crit["evidence_turns"] = evidence_turns(str(crit.get("evidence") or ""), said)
        criteria.append(crit)
    return {"total": record.total, "max": record.max, "criteria": criteria, "engine": record.engine}
