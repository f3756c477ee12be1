"""Background grading: jobs score each free-text answer once, survive a dead worker and a dead LLM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.review.conftest import GOOD, INJECTED, WEAK, case_response, llm_reply, set_scripted_llm
from tests.support.scripted_llm import Reply
from tests.support.servers import PrivateRedis
from trainer.exams.models import RESPONSE_GRADED, RESPONSE_PENDING, RESPONSE_REVIEW
from trainer.exams.totals import release_attempt
from trainer.extensions import db
from trainer.grading.models import JOB_DONE, JOB_QUEUED, JOB_RUNNING, GradingJob, ScoreRecord
from trainer.grading.queue import GradingQueue, submit_for_grading
from trainer.grading.tasks import RetryLater, run_job
from trainer.grading.types import FLAG_INJECTION, FLAG_LLM_FAILED

ROOT = Path(__file__).resolve().parents[2]


def records(response_id: int) -> list[ScoreRecord]:
    return list(db.session.scalars(select(ScoreRecord).where(ScoreRecord.response_id == response_id)))


def test_submitted_answers_are_scored_once_and_released_when_confident(world):
    w = world(answers=[GOOD, WEAK])
    ids = [r.id for a in w.attempts for r in a.responses]
    submit_for_grading(ids)
    submit_for_grading(ids)  # a second call (a double click, a retry) queues nothing new
    strong, weak = (case_response(a) for a in w.attempts)
    assert [len(records(strong.id)), len(records(weak.id))] == [1, 1]
    assert strong.status == weak.status == RESPONSE_GRADED
    assert strong.score > weak.score
    assert strong.score == pytest.approx(records(strong.id)[0].total / 6 * 12)
    attempt = w.attempts[0]
    assert attempt.score == pytest.approx(2 + strong.score)
    assert attempt.released and w.attempts[1].released
    assert strong.feedback["criteria"][0]["id"] == "apology"


def test_hold_policy_waits_for_a_person(world, make_user):
    w = world(answers=[GOOD], release_policy="hold")
    attempt = w.attempts[0]
    submit_for_grading([r.id for r in attempt.responses])
    assert case_response(attempt).status == RESPONSE_GRADED
    assert not attempt.released
    release_attempt(attempt, make_user("hr").id)
    db.session.commit()
    assert attempt.released


def test_suspected_injection_goes_to_review_and_is_not_released(world):
    w = world(answers=[INJECTED])
    attempt = w.attempts[0]
    submit_for_grading([r.id for r in attempt.responses])
    response = case_response(attempt)
    assert response.status == RESPONSE_REVIEW
    assert FLAG_INJECTION in records(response.id)[0].flags
    assert not attempt.released


def test_llm_server_stopped_mid_batch_leaves_every_answer_scored_or_flagged(app, world, scripted_llm):
    set_scripted_llm(app, scripted_llm, mode="both")
    # five different answers: identical ones would be scored once and answered from the score cache
    w = world(answers=[f"{GOOD} (Call reference {n}.)" for n in range(5)])
    scripted_llm.push(Reply.json(llm_reply(2, 4)), Reply.json(llm_reply(2, 3)), Reply.kill())
    submit_for_grading([r.id for a in w.attempts for r in a.responses])
    responses = [case_response(a) for a in w.attempts]
    assert [r.status for r in responses[:2]] == [RESPONSE_GRADED, RESPONSE_GRADED]
    assert [records(r.id)[0].engine for r in responses[:2]] == ["combined", "combined"]
    for r in responses[2:]:
        assert r.status == RESPONSE_REVIEW and r.score is not None
        assert FLAG_LLM_FAILED in records(r.id)[0].flags
    assert all(len(records(r.id)) == 1 for r in responses)
    jobs = db.session.scalars(select(GradingJob)).all()
    assert len(jobs) == 5 and {j.status for j in jobs} == {JOB_DONE}


def test_llm_error_gives_the_job_back_for_a_retry_then_scores(app, world, scripted_llm):
    set_scripted_llm(app, scripted_llm, mode="llm")
    app.config["QUEUE_BACKEND"] = "sqlite"  # build the job without running it inline
    w = world(answers=[GOOD])
    response = case_response(w.attempts[0])
    from trainer.grading.queue import create_jobs

    [job_id] = create_jobs([response], kind="grade")
    db.session.commit()
    scripted_llm.push(Reply.status(503), Reply.json(llm_reply(1, 3)))
    with pytest.raises(RetryLater):
        run_job(job_id, final=False)
    job = db.session.get(GradingJob, job_id)
    assert job.status == JOB_QUEUED and "503" in job.error or "Unavailable" in job.error
    assert records(response.id) == []
    assert run_job(job_id, final=False) == "scored"
    assert run_job(job_id, final=True) == "skipped"  # a duplicate delivery does nothing
    [record] = records(response.id)
    assert (record.engine, record.total) == ("llm", 4)
    assert response.status == RESPONSE_GRADED


def test_llm_only_mode_falls_back_to_a_flagged_offline_score_on_the_last_try(app, world, scripted_llm):
    set_scripted_llm(app, scripted_llm, mode="llm")
    w = world(answers=[GOOD])
    scripted_llm.stop()
    submit_for_grading([r.id for r in w.attempts[0].responses])
    response = case_response(w.attempts[0])
    [record] = records(response.id)
    assert record.engine == "offline" and FLAG_LLM_FAILED in record.flags
    assert response.status == RESPONSE_REVIEW


def test_in_app_consumer_on_sqlite_retries_with_backoff(app, world, scripted_llm, tmp_path):
    set_scripted_llm(app, scripted_llm, mode="llm")
    app.config.update(
        QUEUE_BACKEND="sqlite",
        QUEUE_PATH=str(tmp_path / "q.sqlite"),
        GRADING_RETRY_DELAY=0.1,
        RUN_CONSUMER_IN_APP=True,
    )
    queue = app.extensions["grading_queue"] = GradingQueue(app)
    w = world(answers=[GOOD, GOOD + " Thank you for your patience."])  # different: no cache hit
    scripted_llm.push(Reply.status(500), Reply.json(llm_reply(2, 4)), Reply.json(llm_reply(1, 2)))
    try:
        submit_for_grading([r.id for a in w.attempts for r in a.responses])
        assert queue.consumer is not None
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            db.session.expire_all()
            if db.session.scalar(select(func.count()).select_from(ScoreRecord)) == 2:
                break
            time.sleep(0.1)
    finally:
        queue.stop_consumer()
    db.session.expire_all()
    totals = sorted(records(case_response(a).id)[0].total for a in w.attempts)
    assert totals == [3, 6]
    assert len(scripted_llm.chat_requests) == 3


def _worker(
    database_url: str,
    queue_file: Path | None,
    llm_url: str,
    redis_url: str = "",
    lease: float = 1,
    log: Path | None = None,
) -> subprocess.Popen:
    """A `flask worker` process on the SQLite queue in ``queue_file``, or on the Redis at ``redis_url``;
    ``lease`` is its GRADING_LEASE_SECONDS, ``log`` a file for its output."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "QUEUE_BACKEND": "redis" if redis_url else "sqlite",
        "QUEUE_PATH": str(queue_file or ""),
        "QUEUE_NAME": "trainer-kill-test",
        "GRADING_ENGINE": "llm",
        "LLM_BASE_URL": llm_url,
        "LLM_MODEL": "grader-test",
        "LLM_TIMEOUT": "60",
        "LLM_MAX_RETRIES": "0",
        "GRADING_LEASE_SECONDS": str(lease),
        "SECRET_KEY": "worker-test",
        # Never the test run's Redis: it would also share the Redis score cache, where another test may
        # hold a score for the same answer and model. The Redis test passes a private redis-server.
        "REDIS_URL": redis_url,
    }
    with open(log or os.devnull, "ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "app", "worker", "--workers", "1"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=out,
        )


def _wait(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.slow
def test_worker_killed_mid_job_loses_nothing_and_scores_once(
    app, world, scripted_llm, database_url, tmp_path
):
    queue_file = tmp_path / "queue.sqlite"
    app.config.update(QUEUE_BACKEND="sqlite", QUEUE_PATH=str(queue_file), GRADING_LEASE_SECONDS=1)
    app.extensions["grading_queue"] = GradingQueue(app)
    w = world(answers=[GOOD])
    response = case_response(w.attempts[0])
    scripted_llm.push(Reply.slow(60, Reply.json(llm_reply(0, 0))))  # the first worker hangs here
    scripted_llm.responder = lambda req: Reply.json(llm_reply(2, 3))
    submit_for_grading([response.id])
    assert response.status == RESPONSE_PENDING

    first = _worker(database_url, queue_file, scripted_llm.base_url)
    try:
        assert _wait(lambda: len(scripted_llm.chat_requests) >= 1, 30), "the worker never called the LLM"
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    finally:
        if first.poll() is None:
            first.kill()
    db.session.expire_all()
    assert records(response.id) == []  # killed mid-job: nothing stored yet
    time.sleep(1.2)  # the dead worker's claim expires (GRADING_LEASE_SECONDS=1)

    second = _worker(database_url, queue_file, scripted_llm.base_url)
    try:
        assert _wait(
            lambda: (db.session.expire_all(), db.session.get(GradingJob, 1).status == JOB_DONE)[1], 30
        )
    finally:
        second.send_signal(signal.SIGTERM)
        try:
            second.wait(10)
        except subprocess.TimeoutExpired:
            second.kill()
    db.session.expire_all()
    [record] = records(response.id)
    assert record.total == 5
    job = db.session.scalars(select(GradingJob)).one()
    assert job.runs == 2
    assert db.session.get(type(response), response.id).status == RESPONSE_GRADED


@pytest.fixture
def private_redis(tmp_path):
    """A redis-server of this test's own on a free port (the suite's Redis is left alone)."""
    import shutil

    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    server = PrivateRedis(tmp_path / "redis").start()
    try:
        yield server
    finally:
        server.stop()


def grade_tasks(queue: GradingQueue) -> int:
    """Grading tasks waiting in the queue (the periodic sweep's own tasks aside)."""
    return sum(1 for task in queue.huey.pending() if task.name.endswith("grade"))


def _grade_runs(log: Path) -> int:
    """How many grading tasks a worker has finished, from its log."""
    return sum(1 for line in log.read_text().splitlines() if "queue.grade:" in line and "executed in" in line)


def _stop(worker: subprocess.Popen) -> None:
    worker.send_signal(signal.SIGTERM)  # a graceful stop: the worker finishes the job it runs
    try:
        worker.wait(15)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait(5)


@pytest.mark.slow
def test_redis_worker_killed_mid_job_is_taken_over_and_scored_once(
    app, world, scripted_llm, database_url, private_redis, tmp_path
):
    app.config.update(QUEUE_BACKEND="redis", REDIS_URL=private_redis.url, QUEUE_NAME="trainer-kill-test")
    queue = app.extensions["grading_queue"] = GradingQueue(app)
    w = world(answers=[GOOD])
    response = case_response(w.attempts[0])
    scripted_llm.push(Reply.slow(60, Reply.json(llm_reply(0, 0))))  # the first worker hangs in its LLM call
    scripted_llm.responder = lambda req: Reply.json(llm_reply(2, 3))
    submit_for_grading([response.id])
    [job_id] = db.session.scalars(select(GradingJob.id))
    assert grade_tasks(queue) == 1

    # A long lease for the first worker, so that its start-up sweep leaves the freshly queued job alone.
    first = _worker(database_url, None, scripted_llm.base_url, private_redis.url, lease=60)
    try:
        assert _wait(lambda: len(scripted_llm.chat_requests) >= 1, 30), "the worker never called the LLM"
        # Redis no longer holds the task: the worker took it, so only the job row can bring it back.
        assert grade_tasks(queue) == 0
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    finally:
        if first.poll() is None:
            first.kill()
    db.session.expire_all()
    assert records(response.id) == []
    assert db.session.get(GradingJob, job_id).status == JOB_RUNNING  # the dead worker's claim
    time.sleep(1.2)  # ...expires for the next worker (GRADING_LEASE_SECONDS=1)

    log = tmp_path / "worker.log"
    second = _worker(database_url, None, scripted_llm.base_url, private_redis.url, log=log)
    try:
        # Its start-up sweep finds the expired claim and queues the job again; it scores it.
        assert _wait(
            lambda: (db.session.expire_all(), db.session.get(GradingJob, job_id).status == JOB_DONE)[1], 40
        )
        assert len(scripted_llm.chat_requests) == 2
        # The same job delivered once more (a sweep on another host, a duplicate from the queue): skipped.
        runs_before = _grade_runs(log)
        queue.enqueue(job_id)
        assert _wait(lambda: _grade_runs(log) > runs_before, 15), log.read_text()
    finally:
        _stop(second)
    db.session.expire_all()
    [record] = records(response.id)
    assert record.total == 5
    job = db.session.get(GradingJob, job_id)
    assert (job.status, job.runs) == (JOB_DONE, 2)
    assert len(scripted_llm.chat_requests) == 2  # the duplicate never reached the LLM
    assert db.session.get(type(response), response.id).status == RESPONSE_GRADED


@pytest.mark.redis
def test_redis_queue_with_a_worker_thread(app, world, tmp_path):
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("REDIS_URL is not set")
    app.config.update(
        QUEUE_BACKEND="redis",
        REDIS_URL=url,
        QUEUE_NAME=f"trainer-test-{os.getpid()}",
        RUN_CONSUMER_IN_APP=True,
    )
    queue = app.extensions["grading_queue"] = GradingQueue(app)
    queue.huey.flush()
    w = world(answers=[GOOD, WEAK, GOOD])
    try:
        submit_for_grading([r.id for a in w.attempts for r in a.responses])
        assert _wait(
            lambda: (
                db.session.expire_all(),
                db.session.scalar(select(func.count()).select_from(ScoreRecord)) == 3,
            )[1],
            15,
        )
    finally:
        queue.stop_consumer()
        queue.huey.flush()
    assert all(case_response(a).status == RESPONSE_GRADED for a in w.attempts)
