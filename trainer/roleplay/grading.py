"""The role-play grading path: a session's transcript, scored against its scenario's rubric."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from trainer.exams.models import Response
from trainer.extensions import db
from trainer.grading.paths import AnswerText, register_path
from trainer.roleplay.cards import scored_transcript
from trainer.roleplay.models import RoleplaySession
from trainer.roleplay.scoring import scoring_input
from trainer.roleplay.services import scenario_of


class RoleplayPath:
    """What the grading area scores for a role-play question of an exam."""

    def answer_text(self, response: Response) -> AnswerText:
        """What the session's scorecard scores too (one session, one score); empty before a session."""
        session = _session_of(response)
        if session is None:
            return AnswerText("", response.question_version.stem, None)
        return AnswerText(*scoring_input(scenario_of(session.scenario_version), scored_transcript(session)))

    def rubric_uid(self, response: Response) -> str | None:
        """The scenario's rubric, else the question's own."""
        uid = response.question_version.rubric_uid
        session = _session_of(response)
        if session is not None:
            uid = str((session.scenario_version.data or {}).get("rubric") or "") or uid
        return uid or None


def _session_of(response: Response) -> RoleplaySession | None:
    return db.session.scalar(select(RoleplaySession).where(RoleplaySession.response_id == response.id))


def init_app(app: Flask) -> None:
    """Register the role-play grading path with the grading area."""
    register_path(app, "roleplay", RoleplayPath())
