"""What one grading job does: claim it, score the answer, store the score exactly once.

The job row (:class:`~trainer.grading.models.GradingJob`) is claimed with a compare-and-set update, so
two workers holding the same job id (a duplicate delivery, or a job re-queued after its worker died)
never both score it; the result is stored with a second compare-and-set on the claim, so a worker whose
claim expired while it waited on the LLM drops its result instead of storing a second one.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy import and_, or_, select, update

from trainer.bank.models import RubricVersion
from trainer.database import utcnow
from trainer.exams.models import RESPONSE_REVIEW, Response
from trainer.exams.totals import refresh_attempt
from trainer.extensions import db
from trainer.grading.context import question_rubric
from trainer.grading.engines import DEFAULT_MARGIN, build_engine, grading_mode, score_answer
from trainer.grading.models import (
    JOB_DONE,
    JOB_FAILED,
    JOB_QUEUED,
    JOB_RUNNING,
    GradingJob,
    ScoreRecord,
)
from trainer.grading.paths import AnswerText, path_for
from trainer.grading.results import apply_effective_score
from trainer.grading.score_cache import shared_score_cache
from trainer.grading.types import FLAG_LLM_FAILED, ScoreResult
from trainer.llm.app import llm_client
from trainer.llm.errors import LLMError
from trainer.llm.settings import LLMSettings

log = logging.getLogger(__name__)

DEFAULT_LEASE_SECONDS = 300.0
DEFAULT_MAX_RUNS = 5
DEFAULT_DEADLINE_SECONDS = 6 * 3600.0


class RetryLater(Exception):
    """The LLM failed and the job has retries left: the queue runs it again after a delay."""


def lease_seconds() -> float:
    """How long a claim holds before another worker may take the job over (GRADING_LEASE_SECONDS)."""
    return float(current_app.config.get("GRADING_LEASE_SECONDS") or DEFAULT_LEASE_SECONDS)


def max_runs() -> int:
    """How many times a job may be claimed before it is given up (GRADING_MAX_RUNS)."""
    return max(1, int(current_app.config.get("GRADING_MAX_RUNS") or DEFAULT_MAX_RUNS))


def deadline_seconds() -> float:
    """How long after it was queued a job may still run (GRADING_JOB_DEADLINE_SECONDS)."""
    return float(current_app.config.get("GRADING_JOB_DEADLINE_SECONDS") or DEFAULT_DEADLINE_SECONDS)


def claim(job_id: int) -> int | None:
    """Take the job if it is queued or its claim has expired; returns the claim number or None."""
    now = utcnow()
    stale = now - timedelta(seconds=lease_seconds())
    db.session.commit()  # start a fresh transaction whose first statement is the write
    result = db.session.execute(
        update(GradingJob)
        .where(
            GradingJob.id == job_id,
            or_(
                GradingJob.status == JOB_QUEUED,
                and_(GradingJob.status == JOB_RUNNING, GradingJob.claimed_at < stale),
            ),
        )
        .values(status=JOB_RUNNING, claimed_at=now, updated_at=now, runs=GradingJob.runs + 1)
    )
    db.session.commit()
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return None
    return db.session.scalar(select(GradingJob.runs).where(GradingJob.id == job_id))


def unclaim(job_id: int, runs: int, error: str) -> None:
    """Give a claimed job back to the queue (it will be retried), noting why."""
    db.session.rollback()
    db.session.execute(
        update(GradingJob)
        .where(GradingJob.id == job_id, GradingJob.runs == runs, GradingJob.status == JOB_RUNNING)
        .values(status=JOB_QUEUED, error=error[:2000], updated_at=utcnow())
    )
    db.session.commit()


def answer_text(response: Response) -> AnswerText:
    """The text to score, as the response's grading path gives it."""
    return path_for(response).answer_text(response)


def run_job(job_id: int, *, final: bool = True) -> str:
    """Run one grading job: ``scored``, ``skipped`` (taken or done elsewhere) or ``failed``.

    On an LLM error with ``final`` False it raises :class:`RetryLater` after giving the job back; on the
    final try the offline engine's score is stored, flagged ``llm_failed`` for a person to check.
    """
    runs = claim(job_id)
    if runs is None:
        return "skipped"
    job = db.session.get(GradingJob, job_id)
    assert job is not None
    given_up = _given_up(job, runs)
    if given_up:
        return _fail(job, runs, given_up)
    try:
        rubric_version = (
            db.session.get(RubricVersion, job.rubric_version_id) if job.rubric_version_id else None
        )
        if rubric_version is None:
            return _fail(job, runs, "no rubric to score against")
        rubric = question_rubric(rubric_version.to_rubric(), job.response.question_version)
        answer = answer_text(job.response)
        result = _score(rubric, answer)
    except LLMError as exc:
        if not final:
            unclaim(job_id, runs, f"{type(exc).__name__}: {exc}")
            raise RetryLater(str(exc)) from exc
        result = _offline_fallback(rubric, answer, exc)
    except Exception as exc:  # a bug or data the engines choke on: tried again up to the cap
        log.exception("grading job %s failed on run %s", job_id, runs)
        error = f"{type(exc).__name__}: {exc}"
        db.session.rollback()
        if runs >= max_runs():
            job = db.session.get(GradingJob, job_id)
            assert job is not None
            return _fail(job, runs, _capped(runs, error))
        unclaim(job_id, runs, error)
        if not final:
            raise RetryLater(error) from exc
        return "retry"  # the sweep queues it again once its lease has passed
    if FLAG_LLM_FAILED in result.flags and not final:
        unclaim(job_id, runs, str((result.meta.get("engines") or {}).get("llm", {}).get("error", "")))
        raise RetryLater("the LLM failed; the offline score stands only on the last try")
    return "scored" if _store(job_id, runs, result) else "skipped"


def _mode() -> tuple[str, Any]:
    """The grading mode from GRADING_ENGINE and the LLM engine for it (None for offline)."""

    settings = LLMSettings.from_mapping(current_app.config)
    # A mode that needs a missing LLM is refused at start; if the config changed since, this raises
    # LLMNotConfigured and the job takes the LLM-failure path (flagged for a person), never silently.
    mode = grading_mode(current_app.config, settings)
    if mode == "offline":
        return mode, None
    cache = shared_score_cache(current_app.config)
    return mode, build_engine("llm", settings, client=llm_client(), cache=cache)


def _score(rubric: Any, answer: AnswerText) -> ScoreResult:

    mode, llm_engine = _mode()
    margin = float(current_app.config.get("REVIEW_MARGIN") or DEFAULT_MARGIN)
    result = score_answer(
        mode, rubric, answer.text, answer.question, answer.reference, llm_engine=llm_engine, margin=margin
    )
    result.meta["mode"] = mode
    return result


def _offline_fallback(rubric: Any, answer: AnswerText, exc: LLMError) -> ScoreResult:
    """The offline engine's score, flagged for review, when the LLM engine alone kept failing."""

    off = score_answer("offline", rubric, answer.text, answer.question, answer.reference)
    flags = [*off.flags, FLAG_LLM_FAILED]
    meta = {**off.meta, "mode": "llm", "llm_error": f"{type(exc).__name__}: {exc}"}
    return replace(off, flags=flags, needs_review=True, meta=meta)


def _store(job_id: int, runs: int, result: ScoreResult) -> bool:
    """Store the result if this worker still holds the claim; False when another worker took over."""
    db.session.rollback()
    now = utcnow()
    done = db.session.execute(
        update(GradingJob)
        .where(GradingJob.id == job_id, GradingJob.runs == runs, GradingJob.status == JOB_RUNNING)
        .values(status=JOB_DONE, finished_at=now, updated_at=now, error="")
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        db.session.rollback()
        return False
    job = db.session.get(GradingJob, job_id)
    assert job is not None
    mode = str(result.meta.get("mode") or result.engine)
    record = ScoreRecord(
        response_id=job.response_id,
        rubric_version_id=job.rubric_version_id,
        engine="combined" if mode == "both" else result.engine,
        total=result.total,
        max=result.max,
        criteria=[c.to_dict() for c in result.criteria],
        flags=list(result.flags),
        needs_review=result.needs_review,
        meta=_json_safe(result.meta),
        accepted=job.kind != "regrade",
        created_by_id=job.requested_by_id if job.kind == "regrade" else None,
    )
    db.session.add(record)
    db.session.flush()
    job.record_id = record.id
    rubric_version = db.session.get(RubricVersion, job.rubric_version_id)
    if rubric_version is not None and not rubric_version.frozen:
        rubric_version.frozen = True
    if job.kind != "regrade":
        response = job.response
        apply_effective_score(response)
        refresh_attempt(response.attempt)
    db.session.commit()
    return True


def _given_up(job: GradingJob, runs: int) -> str | None:
    """Why a job is no longer run: claimed more often than the cap, or queued before the deadline."""
    if runs > max_runs():
        return _capped(runs - 1, job.error or "the worker stopped while running it")
    if job.created_at < utcnow() - timedelta(seconds=deadline_seconds()):
        return f"not graded within {deadline_seconds() / 60:g} minutes of being queued; last error: {job.error or 'none'}"
    return None


def _capped(runs: int, error: str) -> str:
    return f"gave up after {runs} run(s); last error: {error}"


def _fail(job: GradingJob, runs: int, error: str) -> str:
    """Mark a job that cannot run as failed and leave its response for a person."""
    job.status = JOB_FAILED
    job.error = error
    job.finished_at = utcnow()
    if job.kind != "regrade":
        job.response.status = RESPONSE_REVIEW
        job.response.feedback = {"error": error}
        refresh_attempt(job.response.attempt)
    db.session.commit()
    log.warning("grading job %s failed: %s", job.id, error)
    return "failed"


def _json_safe(value: Any) -> Any:
    """Meta as plain JSON types (tuples to lists, other objects to strings)."""
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)
