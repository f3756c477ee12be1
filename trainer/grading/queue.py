"""Background grading on Huey: one job per free-text response, durable, retried, never scored twice.

Backends (``QUEUE_BACKEND``):

- ``sqlite``: :class:`huey.SqliteHuey` in ``QUEUE_PATH`` (default ``queue.sqlite`` next to a SQLite
  database, else in the instance folder). With ``RUN_CONSUMER_IN_APP`` a consumer runs in threads inside
  the app process, started on first use or by :func:`start_consumer`. No other server is needed.
- ``redis``: :class:`huey.RedisHuey` on ``REDIS_URL``; ``flask --app app worker`` processes consume.
- ``immediate``: jobs run inline when queued (tests).

Huey removes a task from its storage when a worker takes it, so the queue alone would lose a job whose
worker dies. The durable record is the ``grading_jobs`` row: a job whose claim has expired
(``GRADING_LEASE_SECONDS``) is queued again by :func:`recover_stale_jobs`, which every consumer runs at
start and then once a minute. Settings: ``GRADING_RETRIES`` (3), ``GRADING_RETRY_DELAY`` (5 s, doubling),
``GRADING_WORKERS`` (2 threads).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey, crontab
from huey.consumer import Consumer
from sqlalchemy import and_, or_, select

from trainer.bank.models import RubricVersion
from trainer.bank.services import current_rubric
from trainer.database import utcnow
from trainer.exams.hooks import free_text_submitted
from trainer.exams.models import RESPONSE_PENDING, Response
from trainer.extensions import db
from trainer.grading import paths
from trainer.grading.models import JOB_QUEUED, JOB_RUNNING, GradingJob
from trainer.grading.paths import gradable, path_for
from trainer.grading.tasks import RetryLater, lease_seconds, run_job

log = logging.getLogger(__name__)

EXTENSION = "grading_queue"


class GradingQueue:
    """The app's Huey instance with the grading task registered on it, and its in-app consumer."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.backend = str(app.config.get("QUEUE_BACKEND") or "sqlite")
        self.huey = _make_huey(app, self.backend)
        self.retries = 0 if self.backend == "immediate" else int(app.config.get("GRADING_RETRIES", 3))
        delay = float(app.config.get("GRADING_RETRY_DELAY", 5.0))
        self.consumer: Consumer | None = None
        self._lock = threading.Lock()

        @self.huey.task(retries=self.retries, retry_delay=delay, retry_backoff=2, context=True, name="grade")
        def grade(job_id: int, task: Any = None) -> str:
            final = task is None or not task.retries
            with app.app_context():
                try:
                    return run_job(job_id, final=final)
                finally:
                    db.session.remove()

        @self.huey.periodic_task(crontab(minute="*"), name="recover_stale_jobs")
        def sweep() -> int:
            with app.app_context():
                try:
                    return recover_stale_jobs()
                finally:
                    db.session.remove()

        self.grade_task = grade
        self.sweep_task = sweep

    def enqueue(self, job_id: int) -> None:
        """Hand a job id to the queue (runs it inline in immediate mode)."""
        try:
            self.grade_task(job_id)
        except RetryLater:  # immediate mode has no retries; run_job stored a fallback on its last try
            log.warning("grading job %s asked for a retry in immediate mode", job_id)

    def start_consumer(self, workers: int | None = None) -> Consumer | None:
        """Start consumer threads inside this process once (sqlite/redis backends only)."""
        if self.backend == "immediate":
            return None
        with self._lock:
            if self.consumer is None:
                count = workers or int(self.app.config.get("GRADING_WORKERS", 2))
                self.consumer = InProcessConsumer(self.huey, workers=count, worker_type="thread")
                self.consumer.start()
                threading.Thread(target=self._recover_once, name="grading-recover", daemon=True).start()
        return self.consumer

    def stop_consumer(self) -> None:
        """Stop the in-process consumer, letting running jobs finish."""
        with self._lock:
            consumer, self.consumer = self.consumer, None
        if consumer is not None:
            consumer.stop(graceful=True)

    def _recover_once(self) -> None:
        with self.app.app_context():
            try:
                recover_stale_jobs()
            finally:
                db.session.remove()


class InProcessConsumer(Consumer):
    """A Huey consumer whose workers are threads of the app process; it leaves signal handling alone."""

    def _set_signal_handlers(self) -> None:
        """The app's process owns its signals (only the main thread may set them)."""


def _make_huey(app: Flask, backend: str) -> Huey:
    if backend == "immediate":
        return MemoryHuey("trainer-grading", immediate=True, results=False)
    if backend == "redis":
        url = str(app.config.get("REDIS_URL") or "redis://127.0.0.1:6379/0")
        return RedisHuey(str(app.config.get("QUEUE_NAME") or "trainer-grading"), url=url, results=False)
    if backend == "sqlite":
        return SqliteHuey("trainer-grading", filename=str(queue_path(app)), results=False)
    raise ValueError(f"QUEUE_BACKEND must be sqlite, redis or immediate, got {backend!r}")


def queue_path(app: Flask) -> Path:
    """QUEUE_PATH, or ``queue.sqlite`` beside a SQLite database file, or in the instance folder."""
    configured = app.config.get("QUEUE_PATH")
    if configured:
        path = Path(configured)
    else:
        uri = str(app.config.get("SQLALCHEMY_DATABASE_URI") or "")
        folder = Path(app.instance_path)
        if uri.startswith("sqlite:///") and len(uri) > len("sqlite:///"):
            folder = Path(uri[len("sqlite:///") :]).parent
        path = folder / "queue.sqlite"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


# Settings of the queue with their defaults; read from the environment when the config lacks them.
def init_app(app: Flask) -> None:
    """Create the app's grading queue; with RUN_CONSUMER_IN_APP, its consumer starts with the first request.

    Starting on the first request rather than here keeps `flask db upgrade` and other commands free of
    worker threads; jobs queued before a restart are picked up as soon as the app serves again.
    """
    queue = GradingQueue(app)
    app.extensions[EXTENSION] = queue
    paths.init_app(app)
    free_text_submitted.connect(_on_free_text_submitted)
    if app.config.get("RUN_CONSUMER_IN_APP") and queue.backend != "immediate":

        @app.before_request
        def _start_grading_consumer() -> None:
            if queue.consumer is None:
                queue.start_consumer()


def _on_free_text_submitted(app: Flask, response_ids: list[int]) -> None:
    """The exams area announced a committed submission: queue its free-text responses."""
    if EXTENSION in app.extensions:
        submit_for_grading(response_ids)


def grading_queue(app: Flask | None = None) -> GradingQueue:
    """The app's grading queue."""
    return (app or current_app).extensions[EXTENSION]


def start_consumer(app: Flask) -> Consumer | None:
    """Start the in-process consumer now (a no-op for the immediate backend)."""
    return grading_queue(app).start_consumer()


def rubric_version_for(response: Response) -> RubricVersion | None:
    """The rubric version a response is scored against now, as its grading path names it."""
    uid = path_for(response).rubric_uid(response)
    return current_rubric(uid) if uid else None


def submit_for_grading(response_ids: list[int]) -> None:
    """Queue a grading job for every free-text response among ``response_ids`` that has an answer.

    Called after a submission commits. Job rows are committed here, before the queue hears of them, so
    that a crash in between loses nothing (the sweep finds the row). A response that already has a job
    for its rubric version is not queued twice. Responses go to ``pending`` until scored.
    """
    if not response_ids:
        return
    q = grading_queue()
    if q.backend != "immediate" and current_app.config.get("RUN_CONSUMER_IN_APP"):
        q.start_consumer()
    job_ids = create_jobs(
        db.session.scalars(select(Response).where(Response.id.in_(list(response_ids)))), kind="grade"
    )
    db.session.commit()
    for job_id in job_ids:
        q.enqueue(job_id)


def create_jobs(responses: Iterable[Response], *, kind: str, requested_by: int | None = None) -> list[int]:
    """Add job rows for the gradable responses (no commit); returns the ids of new or unfinished jobs."""
    job_ids: list[int] = []
    for response in responses:
        if not gradable(response):
            continue
        rubric = rubric_version_for(response)
        rubric_id = rubric.id if rubric is not None else None
        existing = None
        if rubric_id is not None:
            existing = db.session.scalar(
                select(GradingJob).where(
                    GradingJob.response_id == response.id, GradingJob.rubric_version_id == rubric_id
                )
            )
        if existing is not None:
            if existing.status in (JOB_QUEUED, JOB_RUNNING):
                job_ids.append(existing.id)
            continue
        job = GradingJob(response_id=response.id, rubric_version_id=rubric_id, kind=kind)
        job.requested_by_id = requested_by
        db.session.add(job)
        if kind == "grade":
            response.status = RESPONSE_PENDING
        db.session.flush()
        job_ids.append(job.id)
    return job_ids


def recover_stale_jobs() -> int:
    """Queue again every job whose worker is gone: claimed longer ago than the lease, or queued that
    long ago without a worker taking it. Returns how many were queued."""
    stale = utcnow() - timedelta(seconds=lease_seconds())
    stmt = select(GradingJob.id).where(
        or_(
            and_(GradingJob.status == JOB_RUNNING, GradingJob.claimed_at < stale),
            and_(GradingJob.status == JOB_QUEUED, GradingJob.updated_at < stale),
        )
    )
    ids = list(db.session.scalars(stmt))
    db.session.commit()
    q = grading_queue()
    for job_id in ids:
        _touch(job_id)
        q.enqueue(job_id)
    if ids:
        log.info("re-queued %d grading job(s) left by a stopped worker", len(ids))
    return len(ids)


def _touch(job_id: int) -> None:
    """Mark a queued job as freshly queued so the next sweep does not queue it again at once."""
    job = db.session.get(GradingJob, job_id)
    if job is not None and job.status == JOB_QUEUED:
        job.updated_at = utcnow()
        db.session.commit()
