"""An LLM score outside 0..max (a model answering on the wrong scale) is flagged for a person with the
raw value, never passed on as full marks."""

from __future__ import annotations

from sqlalchemy import select

from tests.review.conftest import GOOD, case_response, llm_reply, set_scripted_llm
from tests.support.scripted_llm import Reply
from trainer.extensions import db
from trainer.grading.models import ScoreRecord
from trainer.grading.queue import submit_for_grading
from trainer.grading.types import FLAG_OUT_OF_RANGE


def test_a_score_on_the_wrong_scale_goes_to_review_with_the_raw_value(
    app, world, scripted_llm, client, auth, make_user
):
    set_scripted_llm(app, scripted_llm, mode="llm")
    w = world(answers=[GOOD])
    scripted_llm.push(Reply.json(llm_reply(8, 4)))  # apology is out of 2: the model scored out of 10
    submit_for_grading([r.id for r in w.attempts[0].responses])
    response = case_response(w.attempts[0])
    [record] = _records(response.id)
    assert FLAG_OUT_OF_RANGE in record.flags and record.needs_review
    assert {"criterion": "apology", "raw": 8, "max": 2} in record.meta["out_of_range"]
    assert response.status == "needs_review" and not w.attempts[0].released

    auth.login(make_user("hr"))
    page = client.get(f"/review/responses/{response.id}").get_data(as_text=True)
    assert 'id="out-of-range"' in page and "LLM 给出 8 分，而量程为 0 至 2 分" in page
    assert "LLM 给出的分数超出量程" in page  # the flag by name, not its code


def test_scores_inside_the_scale_are_not_flagged(app, world, scripted_llm):
    set_scripted_llm(app, scripted_llm, mode="llm")
    w = world(answers=[GOOD])
    scripted_llm.push(Reply.json(llm_reply(2, 4)))
    submit_for_grading([r.id for r in w.attempts[0].responses])
    response = case_response(w.attempts[0])
    [record] = _records(response.id)
    assert FLAG_OUT_OF_RANGE not in record.flags and response.status == "graded"


def _records(response_id: int) -> list[ScoreRecord]:
    return list(db.session.scalars(select(ScoreRecord).where(ScoreRecord.response_id == response_id)))
