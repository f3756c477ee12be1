"""Review queue decisions, re-grades, item statistics, calibration agreement and exports."""

from __future__ import annotations

import io
import json
from datetime import datetime

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
from trainer.review.exports import to_csv
from trainer.review.items import ItemAnswer, analyse_item, exam_items, paper_statistics
from trainer.review.workbook import to_xlsx


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


# Five attempts on three one-point items (rows: attempts A–E; columns: items 1–3).
PAPER = {1: [1, 1, 1], 2: [1, 1, 0], 3: [1, 0, 1], 4: [0, 1, 0], 5: [0, 0, 0]}


def _item(column: int) -> list[ItemAnswer]:
    return [
        ItemAnswer(sum(row), attempt, row[column], 1, "A" if row[column] else "B")
        for attempt, row in PAPER.items()
    ]


def test_item_statistics_match_hand_computation():
    """Item 1 by hand: x = 1 1 1 0 0 (mean 0.6), rest R = 2 1 1 1 0 (mean 1.0).

    cov(x, R) = (0.4·1 + 0.4·0 + 0.4·0 − 0.6·0 − 0.6·−1) / 4 = 1.0 / 4 = 0.25; var x = 1.2/4 = 0.3;
    var R = 2/4 = 0.5; discrimination = 0.25 / √(0.3 · 0.5) = 0.6455. Sorted independently, x = 0 0 1 1 1
    and R = 0 1 1 1 2 give the same covariance 0.25, so the efficiency is 1.0. SD of x = √0.3 = 0.5477.
    Item 3 by hand: x = 1 0 1 0 0 (mean 0.4), R = 2 2 1 1 0 (mean 1.2): cov = (0.6·0.8 − 0.4·0.8 + 0.6·−0.2
    − 0.4·−0.2 − 0.4·−1.2) / 4 = 0.6/4 = 0.15; var R = 2.8/4 = 0.7; discrimination = 0.15/√0.21 = 0.3273;
    sorted x = 0 0 0 1 1 with R = 0 1 1 2 2: cov_max = (−0.4·−1.2 − 0.4·−0.2 − 0.4·−0.2 + 0.6·0.8 + 0.6·0.8)/4
    = 1.6/4 = 0.4, so the efficiency is 0.15/0.4 = 0.375.
    """
    one = analyse_item("q1", "stem", _item(0), key="A", min_n=5)
    assert (one.n, one.facility, one.sd) == (5, 0.6, 0.548)
    assert one.discrimination == 0.645 and one.efficiency == 1.0
    assert one.options == {"A": 3, "B": 2} and one.flags == []
    three = analyse_item("q3", "stem", _item(2), min_n=5)
    assert three.discrimination == pytest.approx(0.327, abs=0.001) and three.efficiency == 0.375


def test_paper_statistics_match_hand_computation():
    """Item variances 0.3 + 0.3 + 0.3 = 0.9; totals 3 2 2 1 0 (mean 1.6) have variance 5.2/4 = 1.3.

    alpha = 3/2 · (1 − 0.9/1.3) = 0.4615; error ratio = √(1 − 0.4615) = 0.7338;
    standard error = √1.3 · 0.7338 = 0.84 points.
    """
    paper = paper_statistics({a: {f"q{i}": v for i, v in enumerate(row)} for a, row in PAPER.items()})
    assert (paper.attempts, paper.items, paper.mean) == (5, 3, 1.6)
    assert paper.alpha == 0.462 and paper.error_ratio == 0.734 and paper.standard_error == 0.84
    # Items not every attempt answered (random draws) are left out rather than counted as zero.
    partial = paper_statistics({1: {"a": 1, "b": 1}, 2: {"a": 0, "b": 0, "c": 1}, 3: {"a": 1, "b": 0}})
    assert partial.items == 2


def test_flags_wait_for_enough_attempts():
    reversed_item = [ItemAnswer(sum(row), a, 1 - row[0], 1, None) for a, row in PAPER.items()]
    assert analyse_item("r", "stem", reversed_item, min_n=10).flags == []
    hard = analyse_item("r", "stem", reversed_item, min_n=5)
    assert hard.discrimination is not None and hard.discrimination < 0 and "negative" in hard.flags
    easy = [ItemAnswer(sum(row), a, 1, 1, "A") for a, row in PAPER.items()]
    assert analyse_item("e", "stem", easy, min_n=5).flags == ["too_easy"]
    assert analyse_item("e", "stem", easy[:1], min_n=1).discrimination is None


def test_exam_items_read_the_attempts(world):
    w = world(answers=[GOOD, WEAK, None, WEAK], choices=["A", "A", "B", None])
    grade_all(w)
    items, paper = exam_items(w.exam.id)
    by_uid = {item.uid: item for item in items}
    choice = by_uid["refund-window"]
    assert choice.n == 4 and choice.facility == 0.5 and choice.objective
    assert choice.options == {"A": 2, "B": 1, "—": 1}
    assert choice.flags == []  # four attempts are too few to flag anything
    free_text = [item for item in items if not item.objective]
    assert free_text and not free_text[0].options
    assert paper.attempts == 4 and paper.items == len(items)


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


def test_exports_read_back(world, app):
    w = world(answers=[GOOD, WEAK])
    grade_all(w)
    with app.test_request_context(headers={"Accept-Language": "zh-CN"}):
        book = load_workbook(io.BytesIO(to_xlsx(w.exam)))
    sheet = book[w.exam.title]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:3] == ("学员", "邮箱", "第几次作答")
    case = "题：A customer calls a seco…"
    assert case in header and "A customer … · Apology" in header
    assert "题：Which step comes first …" in header
    assert len(rows) == 3
    first = dict(zip(header, rows[1], strict=True))
    strong = case_response(w.attempts[0])
    assert first[case] == pytest.approx(strong.score) and first["题：Which step comes first …"] == 2
    assert first["得分"] == pytest.approx(w.attempts[0].score)
    submitted = first["提交时间"]
    assert isinstance(submitted, datetime)  # a real date cell, in the TIMEZONE zone (UTC+8 by default)
    utc = w.attempts[0].submitted_at.replace(tzinfo=None)
    assert abs((submitted - utc).total_seconds() - 8 * 3600) < 2
    assert sheet.cell(row=2, column=header.index("提交时间") + 1).number_format == "yyyy-mm-dd hh:mm"
    assert "情景模拟" in book.sheetnames
    assert first["是否通过"] in ("是", "否")
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
