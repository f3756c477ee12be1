"""Review queue decisions, re-grades, item statistics, calibration agreement and exports."""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from tests.review.conftest import GOOD, INJECTED, RUBRIC, WEAK, case_response
from trainer.audit.models import AuditEntry
from trainer.exams.models import RESPONSE_GRADED, RESPONSE_REVIEW
from trainer.extensions import db
from trainer.grading.models import ScoreRecord
from trainer.grading.queue import submit_for_grading
from trainer.grading.types import Rubric
from trainer.review import services
from trainer.review.calibration import Sample, agreement, parse_samples, qwk
from trainer.review.exports import to_csv, to_xlsx
from trainer.review.items import ItemAnswer, analyse_item, exam_items


def grade_all(w):
    submit_for_grading([r.id for a in w.attempts for r in a.responses])


def test_override_needs_a_reason_wins_and_is_audited(world, make_user):
    hr = make_user("hr")
    w = world(answers=[INJECTED])
    grade_all(w)
    response = case_response(w.attempts[0])
    assert response.status == RESPONSE_REVIEW and services.review_queue() == [response]
    with pytest.raises(services.ReviewError):
        services.override_score(response, hr.id, {"apology": 1, "action": 1}, "  ")
    with pytest.raises(services.ReviewError):
        services.override_score(response, hr.id, {"apology": 5}, "too high")
    before = response.score
    services.override_score(
        response, hr.id, {"apology": 1, "action": 2}, "injection text ignored; action vague"
    )
    db.session.commit()
    assert response.status == RESPONSE_GRADED and response.score == pytest.approx(3 / 6 * 12)
    assert services.review_queue() == []
    assert w.attempts[0].released  # auto policy: every score now confident
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "score.override")).one()
    assert entry.actor_id == hr.id and entry.reason.startswith("injection text")
    assert entry.before["total"] == pytest.approx(before / 2) and entry.after["criteria"] == {
        "apology": 1,
        "action": 2,
    }
    assert entry.at is not None


def test_confirm_keeps_the_engine_score_as_a_human_decision(world, make_user):
    trainer = make_user("trainer")
    w = world(answers=[INJECTED])
    grade_all(w)
    response = case_response(w.attempts[0])
    engine_total = db.session.scalars(select(ScoreRecord)).one().total
    services.confirm_score(response, trainer.id)
    db.session.commit()
    assert response.status == RESPONSE_GRADED
    assert response.feedback["engine"] == "human" and response.feedback["total"] == engine_total
    assert db.session.scalars(select(AuditEntry.action)).all() == ["score.confirm"]


def test_regrade_waits_for_acceptance_and_human_scores_survive(world, make_user):
    from trainer.bank.services import save_rubric

    hr = make_user("hr")
    w = world(answers=[GOOD, WEAK])
    grade_all(w)
    strong, weak = (case_response(a) for a in w.attempts)
    services.override_score(weak, hr.id, {"apology": 0, "action": 1}, "no apology at all")
    db.session.commit()
    old_version = w.rubric_version.id
    changed = {**RUBRIC, "criteria": [dict(RUBRIC["criteria"][0], max=4), RUBRIC["criteria"][1]]}
    new_version = save_rubric(changed).version
    db.session.commit()
    outdated = {resp.id for resp, _, _ in services.outdated_responses()}
    assert outdated == {strong.id, weak.id}
    jobs = services.regrade([strong.id, weak.id], hr.id)
    db.session.commit()
    from trainer.grading.queue import grading_queue

    for job_id in jobs:
        grading_queue().enqueue(job_id)
    assert services.regrade([strong.id], hr.id) == []  # already re-scored against this version
    pending = services.pending_regrades(strong)
    assert len(pending) == 1 and pending[0].rubric_version_id == new_version.id
    assert strong.feedback["max"] == 6  # still the old version's score
    assert db.session.get(ScoreRecord, strong.feedback["record_id"]).rubric_version_id == old_version
    services.accept_regrade(pending[0], hr.id)
    services.accept_regrade(services.pending_regrades(weak)[0], hr.id)
    db.session.commit()
    assert strong.feedback["max"] == 8 and strong.feedback["record_id"] == pending[0].id
    assert weak.feedback["engine"] == "human" and weak.score == pytest.approx(1 / 6 * 12)


def test_item_statistics_match_hand_computation():
    # Ten attempts ranked by total; 27 % of 10 → groups of 3. Item correct for attempts ranked 1,2,4,5,9.
    totals = [95, 90, 80, 70, 60, 50, 40, 30, 20, 10]
    correct = {0, 1, 3, 4, 8}
    answers = [
        ItemAnswer(t, i, 1.0 if i in correct else 0.0, "A" if i in correct else "B")
        for i, t in enumerate(totals)
    ]
    stats = analyse_item("q", "stem", answers, key="A")
    assert stats.facility == 0.5  # 5 of 10
    assert stats.discrimination == pytest.approx(
        round(2 / 3 - 1 / 3, 3)
    )  # upper {0,1,2}: 2; lower {7,8,9}: 1
    assert stats.options == {"A": 5, "B": 5} and stats.flags == []
    reversed_item = [ItemAnswer(t, i, 1.0 if i >= 7 else 0.0, None) for i, t in enumerate(totals)]
    hard = analyse_item("r", "stem", reversed_item)
    assert hard.facility == 0.3 and hard.discrimination == -1.0 and hard.flags == ["negative"]
    easy = analyse_item("e", "stem", [ItemAnswer(t, i, 1.0, "A") for i, t in enumerate(totals)])
    assert easy.flags == ["too_easy", "weak"] and easy.discrimination == 0.0


def test_exam_items_read_the_attempts(world):
    w = world(answers=[GOOD, WEAK, None, WEAK], choices=["A", "A", "B", None])
    grade_all(w)
    [item] = exam_items(w.exam.id)
    assert item.uid == "refund-window" and item.n == 4 and item.facility == 0.5
    assert item.options == {"A": 2, "B": 1, "—": 1}


def test_calibration_agreement_and_qwk():
    rubric = Rubric.from_dict(RUBRIC)
    assert qwk([0, 1, 2, 3], [0, 1, 2, 3], 4) == 1.0
    assert qwk([0, 0, 3, 3], [3, 3, 0, 0], 4) == pytest.approx(-1.0)
    # by hand: weights (i-j)²/4; observed disagreement 1 × 0.25; expected Σ w·(row × column)/3 = 3.75/3
    # = 1.25; so κ = 1 - 0.25 / 1.25 = 0.8
    assert qwk([0, 1, 2], [0, 2, 2], 3) == pytest.approx(0.8)
    samples = parse_samples(
        [
            '{"id": "a", "answer": "x", "scores": {"apology": 2, "action": 4}}',
            '{"id": "b", "answer": "y", "scores": {"apology": 0, "action": 1}}',
        ],
        rubric,
    )
    from trainer.grading.types import CriterionScore, ScoreResult

    def result(a, b):
        return ScoreResult(
            [CriterionScore("apology", a, 2), CriterionScore("action", b, 4)], engine="offline"
        )

    agree = agreement("offline", rubric, samples, [result(2, 2), result(1, 1)])
    assert agree.exact == {"apology": 0.5, "action": 0.5}
    assert agree.adjacent == {"apology": 1.0, "action": 0.5}
    assert agree.worst[0]["id"] == "a" and agree.worst[0]["gap"] == 2
    with pytest.raises(ValueError):
        parse_samples(['{"answer": "x", "scores": {"apology": 3, "action": 1}}'], rubric)
    assert isinstance(samples[0], Sample)


def test_calibration_page_runs_the_offline_engine(world, auth, make_user, client):
    world(answers=[])
    auth.login(make_user("trainer"))
    samples = [(GOOD, 2, 4), (WEAK, 0, 0), ("I am sorry, I will check it.", 1, 1)]
    lines = "\n".join(
        json.dumps({"id": str(i), "answer": text, "scores": {"apology": a, "action": b}})
        for i, (text, a, b) in enumerate(samples)
    )
    page = auth.post("/review/calibration", {"rubric": RUBRIC["id"], "jsonl": lines})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'data-engine="offline"' in html and "QWK" in html


def test_exports_read_back(world):
    w = world(answers=[GOOD, WEAK])
    grade_all(w)
    book = load_workbook(io.BytesIO(to_xlsx(w.exam)))
    sheet = book["attempts"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:3] == ("attempt", "candidate", "email")
    assert "refund-chase" in header and "refund-chase/apology" in header and "refund-window" in header
    assert len(rows) == 3
    first = dict(zip(header, rows[1], strict=True))
    strong = case_response(w.attempts[0])
    assert first["refund-chase"] == pytest.approx(strong.score) and first["refund-window"] == 2
    assert first["score"] == pytest.approx(w.attempts[0].score)
    text = to_csv(w.exam)
    assert text.startswith("\ufeffattempt,candidate") and len(text.strip().splitlines()) == 3


def test_calibration_form_starts_from_the_rubrics_anchors_and_scores_typed_rows(
    world, auth, make_user, client
):
    world(answers=[])
    auth.login(make_user("trainer"))
    page = client.get(f"/review/calibration?rubric={RUBRIC['id']}").get_data(as_text=True)
    assert page.count('name="answer-') == 8
    rows = {
        "answer-0": GOOD, "score-0-apology": "2", "score-0-action": "4",
        "answer-1": WEAK, "score-1-apology": "0", "score-1-action": "0",
        "answer-2": "I am sorry about that, I will look into it.", "score-2-apology": "1", "score-2-action": "1",
    }  # fmt: skip
    result = auth.post("/review/calibration", {"rubric": RUBRIC["id"], **rows}).get_data(as_text=True)
    assert 'data-engine="offline"' in result and "QWK" in result
    assert "really sorry the refund promised for Monday" in result  # typed rows stay on the page
    bad = auth.post("/review/calibration", {"rubric": RUBRIC["id"], "answer-0": GOOD, "score-0-apology": "9"})
    assert "must be a number in 0..2" in bad.get_data(as_text=True)
