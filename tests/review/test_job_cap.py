"""A job that keeps failing is given up after its run cap: the answer waits in the review queue with the
error, the attempt is not left grading, and admins see the job's runs and error."""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import select, update

from tests.review.conftest import GOOD, case_response
from trainer.bank.models import RubricVersion
from trainer.database import utcnow
from trainer.extensions import db
from trainer.grading.models import JOB_FAILED, JOB_QUEUED, GradingJob
from trainer.grading.queue import recover_stale_jobs, submit_for_grading
from trainer.grading.tasks import run_job


def _poison(w) -> None:
    """Damage the stored rubric so that every engine run fails (not an LLM error)."""
    db.session.execute(
        update(RubricVersion).where(RubricVersion.id == w.rubric_version.id).values(data={"id": "broken"})
    )
    db.session.commit()


def test_a_poison_job_reaches_the_review_queue_after_the_cap(app, world, client, auth, make_user):
    app.config.update(GRADING_MAX_RUNS=3, GRADING_LEASE_SECONDS=0.01)
    w = world(answers=[GOOD])
    _poison(w)
    submit_for_grading([r.id for r in w.attempts[0].responses])  # run 1, inline in tests
    job = db.session.scalar(select(GradingJob))
    assert job.status == JOB_QUEUED and job.runs == 1 and "criteria" in job.error
    for _ in range(2):  # each sweep finds the job past its lease and runs it again
        time.sleep(0.02)
        assert recover_stale_jobs() == 1
    db.session.expire_all()
    job = db.session.get(GradingJob, job.id)
    assert job.status == JOB_FAILED and job.runs == 3
    assert job.error.startswith("gave up after 3 run(s)") and "criteria" in job.error
    time.sleep(0.02)
    assert recover_stale_jobs() == 0  # given up: never queued again

    response = case_response(db.session.get(type(w.attempts[0]), w.attempts[0].id))
    assert response.status == "needs_review" and "criteria" in response.feedback["error"]
    assert response.attempt.status == "submitted"  # waiting for a person, not for the queue

    auth.login(make_user("hr"))
    queue = client.get("/review/").get_data(as_text=True)
    assert f"/review/responses/{response.id}" in queue and "无法自动评分" in queue
    auth.logout()
    auth.login(make_user("admin"))
    jobs = client.get("/grading/jobs?status=failed").get_data(as_text=True)
    assert 'class="runs">3<' in jobs and "gave up after 3 run(s)" in jobs


def test_a_job_past_its_deadline_is_given_up(app, world):
    app.config.update(GRADING_JOB_DEADLINE_SECONDS=60)
    w = world(answers=[GOOD])
    response = case_response(w.attempts[0])
    job = GradingJob(response_id=response.id, rubric_version_id=w.rubric_version.id, kind="grade")
    job.created_at = utcnow() - timedelta(minutes=5)
    db.session.add(job)
    db.session.commit()
    assert run_job(job.id) == "failed"
    db.session.expire_all()
    assert db.session.get(GradingJob, job.id).error.startswith("not graded within 1 minutes")
    assert case_response(w.attempts[0]).status == "needs_review"


def test_candidates_pages_refuse_a_grading_job_list(client, auth, make_user):
    auth.login(make_user())
    assert client.get("/grading/jobs").status_code in (302, 403)
