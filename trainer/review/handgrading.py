"""Grading free text by hand: per criterion of its rubric, or one mark when it has none.

Any answered free-text response can be graded by a person, whatever the engines did (or could not do), so
no attempt waits forever. A person's score is a ``human`` record, which always wins. It carries two texts:
the internal ``reason`` (audited, staff only) and an optional ``feedback`` for the candidate; only the
second is ever shown on the candidate's result page. Services never commit; the route does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _

from trainer.audit import record as audit
from trainer.bank.models import RubricVersion
from trainer.bank.question_types import question_types
from trainer.exams.models import Response
from trainer.exams.totals import refresh_attempt
from trainer.extensions import db
from trainer.grading.models import ScoreRecord
from trainer.grading.results import (
    HUMAN,
    apply_effective_score,
    effective_record,
    records_for,
)


class ReviewError(ValueError):
    """A hand score that cannot be stored; ``field`` names the form field at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass
class HandForm:
    """What the scoring form of one response needs: the rubric's criteria, or one mark out of ``max``."""

    response_id: int
    rubric_version: RubricVersion | None
    criteria: list[dict[str, Any]] = field(default_factory=list)  # id, name, max, description, levels, score
    max: float = 0.0
    mark: float | None = None  # the current total, for the one-mark form
    scored: bool = False  # whether the response has a score a change would override
    comment: str = ""  # the feedback for the candidate now in force


def _rubric_version(response: Response, current: ScoreRecord | None) -> RubricVersion | None:
    """The rubric version to grade against: the current score's, else the question's rubric now."""
    if current is not None and current.rubric_version_id:
        return db.session.get(RubricVersion, current.rubric_version_id)
    if current is not None:  # scored by hand with one mark: keep grading that way
        return None
    from trainer.grading.queue import rubric_version_for

    return rubric_version_for(response)


def hand_form(response: Response) -> HandForm:
    """The scoring form for ``response`` filled with its current scores."""
    current = effective_record(response.id)
    version = _rubric_version(response, current)
    scores = {c["id"]: c.get("score") for c in (current.criteria if current else []) or []}
    form = HandForm(
        response_id=response.id,
        rubric_version=version,
        scored=current is not None,
        comment=str((current.meta or {}).get("candidate_feedback") or "") if current else "",
    )
    if version is not None:
        rubric = version.to_rubric()
        form.criteria = [
            {
                "id": c.id,
                "name": c.name,
                "max": float(c.max),
                "description": c.description,
                "levels": dict(c.levels or {}),
                "score": scores.get(c.id),
            }
            for c in rubric.criteria
        ]
        form.max = float(sum(c["max"] for c in form.criteria))
    else:
        form.max = float(response.max_score or 0.0)
        form.mark = current.total if current is not None else None
    return form


def can_grade_by_hand(response: Response) -> bool:
    """Free text with an answer: what a person may score."""
    return not question_types().get(response.question_version.type).objective and response.answer not in (
        None,
        "",
    )


def _number(raw: Any, field_name: str, label: str, top: float) -> float:
    try:
        value = float(str(raw).strip().replace("，", "."))
    except (TypeError, ValueError):
        raise ReviewError(field_name, _("%(what)s: not a number", what=label)) from None
    if not 0 <= value <= top:
        raise ReviewError(
            field_name, _("%(what)s: must be between 0 and %(max)s", what=label, max=f"{top:g}")
        )
    return value


def grade_by_hand(
    response: Response,
    actor_id: int,
    *,
    scores: Mapping[str, Any] | None = None,
    mark: Any = None,
    reason: str = "",
    feedback: str = "",
) -> ScoreRecord:
    """Store a person's score for a free-text response: per criterion (``scores``) when it has a rubric,
    else one ``mark`` out of the question's points.

    A first score needs no reason; changing an existing score needs the internal ``reason``. ``feedback``
    is what the candidate may read. Raises ReviewError, storing nothing.
    """
    if not can_grade_by_hand(response):
        raise ReviewError("score", _("Only answered free-text questions are graded by hand."))
    current = effective_record(response.id)
    form = hand_form(response)
    scores = scores or {}
    reason, feedback = (reason or "").strip(), (feedback or "").strip()
    if form.criteria:
        base = {c["id"]: c for c in _base_criteria(response, current, form)}
        criteria = []
        for c in form.criteria:
            raw = scores.get(c["id"])
            if raw in (None, ""):
                if c["score"] is None:
                    raise ReviewError(c["id"], _("Score every criterion (%(name)s).", name=c["name"]))
                raw = c["score"]
            value = _number(raw, c["id"], c["name"], c["max"])
            old = base.get(c["id"], {})
            same = old.get("score") is not None and float(old["score"]) == value
            criteria.append(
                {
                    "id": c["id"],
                    "name": c["name"],
                    "max": c["max"],
                    "score": value,
                    "evidence": str(old.get("evidence") or ""),
                    # the engine's rationale explains its own score: dropped when a person changes it
                    "rationale": str(old.get("rationale") or "") if same else "",
                }
            )
        total, top = round(sum(c["score"] for c in criteria), 2), form.max
    else:
        if mark in (None, ""):
            raise ReviewError("mark", _("Give a mark."))
        total, top, criteria = _number(mark, "mark", _("Mark"), form.max), form.max, []
    changed = current is not None and (
        total != current.total
        or {c["id"]: float(c["score"]) for c in criteria}
        != {c["id"]: float(c["score"]) for c in current.criteria or []}
    )
    if changed and not reason:
        raise ReviewError("reason", _("Give the internal reason for changing the score."))
    # a person who gives a reason overrides, even when the numbers stay as the engine set them
    overrides = changed or bool(reason)
    action = "score.hand" if current is None else ("score.override" if overrides else "score.confirm")
    return store_human(
        response,
        current,
        criteria,
        actor_id,
        reason or (_("confirmed") if action == "score.confirm" else ""),
        action,
        rubric_version_id=form.rubric_version.id if form.rubric_version else None,
        total=total,
        top=top,
        feedback=feedback,
    )


def _base_criteria(response: Response, current: ScoreRecord | None, form: HandForm) -> list[dict[str, Any]]:
    """The per-criterion results a hand score starts from: the current score's, else the newest engine run
    against the same rubric version."""
    if current is not None:
        return [dict(c) for c in current.criteria or []]
    version_id = form.rubric_version.id if form.rubric_version else None
    runs = [r for r in records_for(response.id) if r.engine != HUMAN and r.rubric_version_id == version_id]
    return [dict(c) for c in runs[-1].criteria or []] if runs else []


def store_human(
    response: Response,
    before: ScoreRecord | None,
    criteria: list[dict[str, Any]],
    actor_id: int,
    reason: str,
    action: str,
    *,
    rubric_version_id: int | None,
    total: float | None = None,
    top: float | None = None,
    feedback: str = "",
) -> ScoreRecord:
    """Add a human score record (audited with the internal reason) and apply it to the response and its
    attempt. ``feedback`` is kept apart from the reason: it is what the candidate may see."""
    record = ScoreRecord(
        response_id=response.id,
        rubric_version_id=rubric_version_id,
        engine=HUMAN,
        total=total if total is not None else round(sum(float(c["score"]) for c in criteria), 2),
        max=top if top is not None else sum(float(c["max"]) for c in criteria),
        criteria=criteria,
        flags=[],
        needs_review=False,
        meta={"based_on": before.id if before else None, "candidate_feedback": feedback},
        accepted=True,
        reason=reason,
        created_by_id=actor_id,
    )
    db.session.add(record)
    db.session.flush()
    audit(
        action,
        "response",
        response.id,
        actor_id=actor_id,
        before=snapshot(before),
        after={**(snapshot(record) or {}), "feedback": feedback},
        reason=reason,
    )
    apply_effective_score(response)
    refresh_attempt(response.attempt)
    return record


def snapshot(record: ScoreRecord | None) -> dict[str, Any] | None:
    """A score record as the audit trail keeps it."""
    if record is None:
        return None
    return {
        "record_id": record.id,
        "engine": record.engine,
        "total": record.total,
        "criteria": {c["id"]: c["score"] for c in record.criteria or []},
    }
