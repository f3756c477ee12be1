"""The human review queue: what a reviewer sees for a flagged answer, and confirm/override/re-grade.

Every decision is a ``human`` score record (which always wins over the engines) plus an audit entry with
who, when, the score before and after, and why. Services never commit; the route does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from trainer.audit import record as audit
from trainer.bank.models import RubricVersion
from trainer.exams.models import RESPONSE_REVIEW, Attempt, Response
from trainer.exams.totals import refresh_attempt
from trainer.extensions import db
from trainer.grading.models import ScoreRecord
from trainer.grading.results import (
    HUMAN,
    apply_effective_score,
    effective_record,
    records_for,
)
from trainer.review.handgrading import (
    ReviewError,
    can_grade_by_hand,
    grade_by_hand,
    hand_form,
    snapshot,
    store_human,
)

__all__ = ["ReviewError"]


@dataclass(frozen=True)
class Segment:
    """A piece of the answer text; ``criteria`` lists the criteria whose evidence quotes it."""

    text: str
    criteria: tuple[str, ...] = ()


def review_queue() -> list[Response]:
    """Responses waiting for a person (flagged by an engine or failed), oldest attempt first."""
    stmt = (
        select(Response)
        .join(Attempt, Response.attempt_id == Attempt.id)
        .where(Response.status == RESPONSE_REVIEW)
        .order_by(Attempt.submitted_at, Response.id)
    )
    return list(db.session.scalars(stmt))


def highlight(answer: str, quotes: dict[str, list[str]]) -> list[Segment]:
    """Split ``answer`` into segments marking where each criterion's evidence quotes appear verbatim."""
    marks: list[set[str]] = [set() for _ in answer]
    for criterion, texts in quotes.items():
        for quote in texts:
            quote = (quote or "").strip()
            start = answer.find(quote) if quote else -1
            while start >= 0:
                for i in range(start, start + len(quote)):
                    marks[i].add(criterion)
                start = answer.find(quote, start + len(quote))
    segments: list[Segment] = []
    for i, ch in enumerate(answer):
        key = tuple(sorted(marks[i]))
        if segments and segments[-1].criteria == key:
            segments[-1] = Segment(segments[-1].text + ch, key)
        else:
            segments.append(Segment(ch, key))
    return segments


def engine_views(record: ScoreRecord) -> dict[str, dict[str, Any]]:
    """Each engine's per-criterion result behind an automatic record (one entry for a single engine)."""
    engines = (record.meta or {}).get("engines")
    if isinstance(engines, dict) and engines:
        return {name: view for name, view in engines.items() if isinstance(view, dict)}
    return {
        record.engine: {"criteria": list(record.criteria or []), "total": record.total, "max": record.max}
    }


def review_detail(response: Response) -> dict[str, Any]:
    """Everything the review page shows: answer with highlighted evidence, rubric, each engine's scores."""
    records = records_for(response.id)
    current = effective_record(response.id)
    automatic = [r for r in records if r.engine != HUMAN]
    latest = automatic[-1] if automatic else None
    shown = current or latest
    rubric_version = (
        db.session.get(RubricVersion, shown.rubric_version_id) if shown and shown.rubric_version_id else None
    )
    views = engine_views(latest) if latest else {}
    quotes: dict[str, list[str]] = {}
    for view in views.values():
        for c in view.get("criteria") or []:
            quotes.setdefault(c["id"], []).append(str(c.get("evidence") or ""))
    answer = response.answer if isinstance(response.answer, str) else ""
    form = hand_form(response)
    if rubric_version is None:
        rubric_version = form.rubric_version
    rubric = rubric_version.to_rubric() if rubric_version else None
    return {
        "response": response,
        "version": response.question_version,
        "form": form,
        "can_grade": can_grade_by_hand(response),
        "answer": answer,
        "segments": highlight(answer, quotes),
        "rubric": rubric,
        # the question's own reference answer, else its rubric's
        "reference": response.question_version.reference_answer
        or (rubric.reference_answer if rubric else ""),
        "criterion_names": {c.id: c.name for c in rubric_version.to_rubric().criteria}
        if rubric_version
        else {},
        "rubric_version": rubric_version,
        "engines": views,
        "current": current,
        "records": records,
        "flags": list(latest.flags) if latest else [],
        # raw LLM scores outside 0..max (clamped in the record, shown so a person sees the wrong scale)
        "out_of_range": list((latest.meta or {}).get("out_of_range") or []) if latest else [],
    }


def confirm_score(response: Response, actor_id: int, reason: str = "") -> ScoreRecord:
    """A person accepts the current automatic score as it is: stored as a human record, audited."""
    current = effective_record(response.id)
    if current is None:
        raise ReviewError("score", _("There is no score to confirm yet."))
    criteria = [dict(c) for c in current.criteria or []]
    return store_human(
        response,
        current,
        criteria,
        actor_id,
        reason or "confirmed",
        "score.confirm",
        rubric_version_id=current.rubric_version_id,
        total=current.total,
        top=current.max,
        feedback=str((current.meta or {}).get("candidate_feedback") or ""),
    )


def override_score(
    response: Response, actor_id: int, scores: dict[str, Any], reason: str, feedback: str = ""
) -> ScoreRecord:
    """A person changes each criterion's score (0..max) with a required internal reason and optional
    feedback for the candidate; stored and audited."""
    if not reason or not reason.strip():
        raise ReviewError("reason", _("Give the internal reason for changing the score."))
    return grade_by_hand(response, actor_id, scores=scores, reason=reason, feedback=feedback)


def outdated_responses() -> list[tuple[Response, ScoreRecord, RubricVersion]]:
    """Scored responses whose rubric has a newer version than the one their score used."""
    out = []
    stmt = select(ScoreRecord).where(ScoreRecord.accepted.is_(True), ScoreRecord.engine != HUMAN)
    seen: set[int] = set()
    for record in db.session.scalars(stmt.order_by(ScoreRecord.id.desc())):
        if record.response_id in seen or record.rubric_version_id is None:
            continue
        seen.add(record.response_id)
        version = db.session.get(RubricVersion, record.rubric_version_id)
        current = version.rubric.current if version else None
        if current is not None and version is not None and current.id != version.id:
            out.append((record.response, record, current))
    return out


def regrade(response_ids: list[int], actor_id: int) -> list[int]:
    """Queue re-scoring of the responses against their rubric's current version (audited; no commit of
    scores: new records stay unaccepted until a person accepts them). Returns the new job ids."""
    from trainer.grading.queue import create_jobs

    responses = list(db.session.scalars(select(Response).where(Response.id.in_(response_ids))))
    job_ids = create_jobs(responses, kind="regrade", requested_by=actor_id)
    for response in responses:
        audit("score.regrade", "response", response.id, actor_id=actor_id, after={"jobs": job_ids})
    return job_ids


def pending_regrades(response: Response) -> list[ScoreRecord]:
    """Re-grade records of a response not yet accepted by a person."""
    return [r for r in records_for(response.id) if r.engine != HUMAN and not r.accepted]


def accept_regrade(record: ScoreRecord, actor_id: int) -> None:
    """Make a re-grade record the response's automatic score; older automatic ones are set aside.

    A human score on the response still wins over it.
    """
    if record.engine == HUMAN or record.accepted:
        raise ReviewError("record", _("This score is not a re-grade waiting for acceptance."))
    response = record.response
    before = effective_record(response.id)
    for old in records_for(response.id):
        if old.engine != HUMAN and old.accepted:
            old.accepted = False
    record.accepted = True
    db.session.flush()
    audit(
        "score.accept_regrade",
        "response",
        response.id,
        actor_id=actor_id,
        before=snapshot(before),
        after=snapshot(record),
        reason="re-grade accepted",
    )
    apply_effective_score(response)
    refresh_attempt(response.attempt)
