"""The shared score cache: a validated LLM score is reused by later jobs, re-grades and calibration runs
(the scripted server sees no second request), and missed when the rubric version or the model changes."""

from __future__ import annotations

import json
import os

import pytest
from sqlalchemy import func, select

from tests.review.conftest import GOOD, RUBRIC, WEAK, case_response, llm_reply, set_scripted_llm
from tests.support.scripted_llm import Reply
from trainer.extensions import db
from trainer.grading.models import LLMScoreCacheEntry, ScoreRecord
from trainer.grading.queue import grading_queue, submit_for_grading
from trainer.grading.score_cache import REDIS_PREFIX, DatabaseScoreCache, RedisScoreCache, shared_score_cache
from trainer.grading.types import FLAG_LLM_FAILED, FLAG_OUT_OF_RANGE
from trainer.review import services


def _grade(w, attempt_index: int) -> ScoreRecord:
    submit_for_grading([r.id for r in w.attempts[attempt_index].responses])
    response = case_response(w.attempts[attempt_index])
    return db.session.scalars(select(ScoreRecord).where(ScoreRecord.response_id == response.id)).one()


def _cache_rows() -> int:
    return db.session.scalar(select(func.count()).select_from(LLMScoreCacheEntry)) or 0


def _calibrate(auth, answers: list[tuple[str, int, int]]) -> str:
    lines = "\n".join(
        json.dumps({"id": str(i), "answer": text, "scores": {"apology": a, "action": b}})
        for i, (text, a, b) in enumerate(answers)
    )
    page = auth.post("/review/calibration", {"rubric": RUBRIC["id"], "jsonl": lines})
    assert page.status_code == 200
    return page.get_data(as_text=True)


def test_the_same_answer_from_a_second_candidate_is_not_sent_again(app, world, scripted_llm):
    set_scripted_llm(app, scripted_llm, mode="llm")
    assert isinstance(shared_score_cache(app.config), DatabaseScoreCache)
    w = world(answers=[GOOD, GOOD])
    scripted_llm.push(Reply.json(llm_reply(2, 3)))
    first = _grade(w, 0)
    second = _grade(w, 1)
    assert len(scripted_llm.chat_requests) == 1
    assert first.total == second.total == 5
    assert second.meta["cached"] and "cached" not in first.meta
    assert [c["evidence"] for c in second.criteria] == [c["evidence"] for c in first.criteria]
    assert _cache_rows() == 1


def test_regrading_a_changed_rubric_asks_again_once_for_identical_answers(
    app, world, scripted_llm, make_user
):
    from trainer.bank.services import save_rubric

    set_scripted_llm(app, scripted_llm, mode="llm")
    w = world(answers=[GOOD, GOOD])
    scripted_llm.push(Reply.json(llm_reply(2, 3)), Reply.json(llm_reply(1, 4)))
    _grade(w, 0)
    _grade(w, 1)
    changed = {**RUBRIC, "criteria": [dict(RUBRIC["criteria"][0], max=4), RUBRIC["criteria"][1]]}
    save_rubric(changed)
    db.session.commit()
    ids = [case_response(a).id for a in w.attempts]
    jobs = services.regrade(ids, make_user("hr").id)
    db.session.commit()
    for job_id in jobs:
        grading_queue().enqueue(job_id)
    # the new version misses the cache once; the second identical answer reuses that new score
    assert len(scripted_llm.chat_requests) == 2
    for response_id in ids:
        [pending] = services.pending_regrades(db.session.get(type(case_response(w.attempts[0])), response_id))
        assert pending.total == 5 and pending.max == 8
    assert _cache_rows() == 2


def test_another_model_is_asked_again(app, world, scripted_llm):
    set_scripted_llm(app, scripted_llm, mode="llm")
    w = world(answers=[GOOD, GOOD])
    scripted_llm.push(Reply.json(llm_reply(2, 3)), Reply.json(llm_reply(1, 1)))
    _grade(w, 0)
    set_scripted_llm(app, scripted_llm, mode="llm", model="grader-test-2")
    app.config["LLM_MODEL"] = "grader-test-2"
    second = _grade(w, 1)
    assert len(scripted_llm.chat_requests) == 2
    assert second.total == 2 and "cached" not in second.meta
    assert scripted_llm.chat_requests[1].body["model"] == "grader-test-2"


def test_a_second_calibration_run_is_answered_from_the_cache(app, world, scripted_llm, auth, make_user):
    set_scripted_llm(app, scripted_llm, mode="both")
    world(answers=[])
    auth.login(make_user("trainer"))
    samples = [(GOOD, 2, 4), (WEAK, 0, 0)]
    scripted_llm.push(Reply.json(llm_reply(2, 4)), Reply.json(llm_reply(0, 1)))
    first = _calibrate(auth, samples)
    assert 'data-engine="llm"' in first and len(scripted_llm.chat_requests) == 2
    again = _calibrate(auth, samples)
    assert 'data-engine="llm"' in again and len(scripted_llm.chat_requests) == 2
    assert again.count("QWK") == first.count("QWK")


def test_a_score_off_the_scale_is_never_cached(app, world, scripted_llm):
    set_scripted_llm(app, scripted_llm, mode="llm")
    w = world(answers=[GOOD, GOOD])
    scripted_llm.push(Reply.json(llm_reply(8, 4)), Reply.json(llm_reply(2, 4)))
    first = _grade(w, 0)
    second = _grade(w, 1)
    assert FLAG_OUT_OF_RANGE in first.flags and FLAG_OUT_OF_RANGE not in second.flags
    assert len(scripted_llm.chat_requests) == 2 and "cached" not in second.meta


def test_an_llm_error_is_never_cached(app, world, scripted_llm):
    set_scripted_llm(app, scripted_llm, mode="llm")
    w = world(answers=[GOOD, GOOD])
    scripted_llm.push(Reply.status(503), Reply.json(llm_reply(2, 4)))
    assert FLAG_LLM_FAILED in _grade(w, 0).flags  # the last try: the offline score, flagged
    second = _grade(w, 1)
    assert second.engine == "llm" and second.total == 6 and "cached" not in second.meta
    assert len(scripted_llm.chat_requests) == 2 and _cache_rows() == 1


def test_an_entry_older_than_the_ttl_is_asked_again(app, world, scripted_llm):
    set_scripted_llm(app, scripted_llm, mode="llm")
    w = world(answers=[GOOD, GOOD])
    scripted_llm.push(Reply.json(llm_reply(2, 3)), Reply.json(llm_reply(2, 4)))
    _grade(w, 0)
    app.config["SCORE_CACHE_TTL_SECONDS"] = 0.000001
    second = _grade(w, 1)
    assert len(scripted_llm.chat_requests) == 2 and second.total == 6
    assert _cache_rows() == 1  # replaced, not added


@pytest.mark.redis
def test_with_redis_url_the_cache_lives_in_redis_with_a_ttl(app, world, scripted_llm):
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("REDIS_URL is not set")
    app.config.update(REDIS_URL=url, SCORE_CACHE_TTL_SECONDS=600)
    cache = shared_score_cache(app.config)
    assert isinstance(cache, RedisScoreCache)
    for stale in cache.client.scan_iter(REDIS_PREFIX + "*"):
        cache.client.delete(stale)
    set_scripted_llm(app, scripted_llm, mode="llm")
    w = world(answers=[GOOD, GOOD])
    scripted_llm.push(Reply.json(llm_reply(2, 3)))
    first = _grade(w, 0)
    second = _grade(w, 1)
    assert len(scripted_llm.chat_requests) == 1
    assert first.total == second.total == 5 and second.meta["cached"]
    assert _cache_rows() == 0  # nothing in the database table
    [key] = list(cache.client.scan_iter(REDIS_PREFIX + "*"))
    assert 0 < cache.client.ttl(key) <= 600
    cache.client.delete(key)
