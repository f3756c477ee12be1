"""The scorecard explains itself: why the mood moved at each turn, red lines and anger-raising behaviours
with the candidate's words, missing required steps by name, and a better reply for the worst turn."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import select

from tests.roleplay.support import GOOD_STORM, hidden_strings, load_into_db
from trainer.exams import services as exam_services
from trainer.exams.models import Attempt, Exam, Response
from trainer.extensions import db
from trainer.grading.models import ScoreRecord
from trainer.roleplay import services
from trainer.roleplay.feedback import teaching, turn_reasons
from trainer.roleplay.scenario import Scenario
from trainer.roleplay.scripted import play

RUDE = [
    "下雨是不可抗力，我们也没办法。",
    "这样吧，我给您全额赔偿。",
    "爱投诉就去投诉，随便你。",
]


def _labels(scenario: Scenario) -> set[str]:
    return {t.label for t in scenario.triggers} | {r.label for r in scenario.red_lines}


def test_every_change_of_mood_is_explained_with_labels_and_quotes(storm: Scenario) -> None:
    state = play(storm, RUDE)
    rows = turn_reasons(storm, state.transcript)
    assert [r["turn"] for r in rows] == [1, 2, 3]
    ids = {t.id for t in storm.triggers} | {r.id for r in storm.red_lines}
    for row, entry in zip(rows, state.transcript[1:], strict=True):
        assert row["delta"] == entry["anger"] - row["anger_before"]
        assert row["reasons"], row
        assert sum(r["delta"] for r in row["reasons"]) == row["delta"]
        for reason in row["reasons"]:
            assert reason["label"] in _labels(storm) and reason["label"] not in ids
            assert reason["quote"] and reason["quote"] in entry["candidate"]
    first = {r["label"]: r for r in rows[0]["reasons"]}
    assert set(first) == {storm.label_of("weather_excuse"), storm.label_of("shift_blame")}
    assert (
        rows[2]["reasons"][0]["label"] == "顶撞、不耐烦"
        and "爱投诉就去投诉" in rows[2]["reasons"][0]["quote"]
    )


def test_a_rude_session_lists_its_red_line_and_what_raised_the_anger(storm: Scenario) -> None:
    card = teaching(storm, play(storm, RUDE).transcript)
    assert [(r["label"], r["turn"]) for r in card["red_lines"]] == [(storm.label_of("over_compensation"), 2)]
    raised = {(r["label"], r["turn"]): r["quote"] for r in card["raisers"]}
    assert raised[(storm.label_of("weather_excuse"), 1)] == RUDE[0]
    assert raised[(storm.label_of("shift_blame"), 1)] == RUDE[0]
    assert "爱投诉就去投诉" in raised[("顶撞、不耐烦", 3)]
    assert card["missing_steps"] == [storm.label_of("concrete_time"), storm.label_of("remedy")]


def test_a_resolved_session_misses_no_step_and_has_no_better_reply_to_offer(storm: Scenario) -> None:
    card = teaching(storm, play(storm, GOOD_STORM).transcript)
    assert card["missing_steps"] == [] and card["red_lines"] == [] and card["raisers"] == []
    assert card["worst_turn"] is None and card["better_reply"] is None
    assert all(r["delta"] <= 0 for r in card["turns"])


def test_the_worst_turn_gets_a_better_reply_from_the_scenario(storm: Scenario) -> None:
    replies = [GOOD_STORM[0], "这个您得去联系快递公司，不归我们管。", "好的。"]
    card = teaching(storm, play(storm, replies).transcript)
    assert card["worst_turn"] == 2
    better = card["better_reply"]
    assert better["turn"] == 2 and better["said"] == replies[1]
    assert better["suggestion"] in storm.samples["good"]
    assert storm.label_of("remedy") in better["does"]  # a required step still missing at that turn
    # Played on its own, the suggested reply does not raise anger.
    assert play(storm, [better["suggestion"]]).transcript[1]["delta"] <= 0


def test_idle_replies_are_named_as_raising_anger_not_as_well_kept(storm: Scenario) -> None:
    card = teaching(storm, play(storm, ["嗯嗯", "稍等，我看看。"]).transcript)
    assert [r["turn"] for r in card["raisers"]] == [1, 2]
    assert all(r["delta"] > 0 and r["quote"] and r["label"] for r in card["raisers"])


def test_reasons_recorded_by_the_engine_are_used_as_they_are(storm: Scenario) -> None:
    state = play(storm, [RUDE[0]])
    entry = state.transcript[1]
    entry["reasons"] = [
        {"behaviour": "weather_excuse", "label": "拿天气当借口", "quote": "不可抗力", "delta": 2}
    ]
    (row,) = turn_reasons(storm, state.transcript)
    assert row["reasons"] == [
        {
            "behaviour": "weather_excuse",
            "label": "拿天气当借口",
            "quote": RUDE[0],  # the sentence holding the engine's quote
            "delta": 2,
            "red_line": False,
        }
    ]


# --- in the app ------------------------------------------------------------------------------------


@pytest.fixture
def storm_version(app):
    return load_into_db("storm-parcel-delay")["storm-parcel-delay"]


def _play(session, user, replies) -> None:
    for text in replies:
        if session.status != "active":
            break
        services.add_candidate_turn(session, user, text)
        for _event in services.reply_events(session, user):
            pass
    db.session.commit()


def _text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html))


def test_the_scorecard_page_shows_reasons_and_red_lines_with_quotes(
    app, client, auth, make_user, storm_version
) -> None:
    user = make_user("candidate")
    with app.test_request_context():
        session = services.start_session(user, storm_version, engine="scripted")
        _play(session, user, RUDE)
    assert session.status == "ended"
    auth.login(user)
    page = client.get(f"/roleplay/sessions/{session.id}/scorecard").get_data(as_text=True)
    text = _text(page)
    storm = services.scenario_of(storm_version)
    assert 'id="rp-redlines"' in page and 'id="rp-no-redlines"' not in page
    assert storm.label_of("over_compensation") in text and RUDE[1] in text
    assert "顶撞、不耐烦" in text and "推诿给其他部门或第三方" in text
    assert "没有，守住了" not in text and "None. Well kept." not in text
    rows = re.findall(r'<tr data-turn="(\d+)" data-delta="(-?\d+)"', page)
    assert [int(t) for t, _ in rows] == [1, 2, 3]
    assert [int(d) for _, d in rows] == [e["delta"] for e in session.state["transcript"][1:]]
    for label in (storm.label_of("concrete_time"), storm.label_of("remedy")):  # missing steps, by name
        assert label in _text(page.split('id="rp-missing"')[1].split("</ul>")[0])
    assert 'id="rp-better"' in page
    assert "weather_excuse" not in page and "over_compensation" not in page  # never an id
    for secret in hidden_strings(storm, after_end=True):
        assert secret not in page


def _exam_with_roleplay(user, storm_version) -> Response:
    from trainer.bank.services import save_question

    saved = save_question(
        {
            "id": "rp-storm",
            "type": "roleplay",
            "lang": "zh",
            "points": 20,
            "stem": "情景模拟：请安抚客户并给出方案。",
            "scenario": "storm-parcel-delay",
        }
    )
    exam = Exam(title="情景模拟测评", status="published", release_policy="auto")
    attempt = Attempt(exam=exam, user=user, number=1)
    response = Response(position=0, question_version=saved.version, max_score=20.0)
    attempt.responses.append(response)
    db.session.add(attempt)
    db.session.flush()
    return response


@pytest.mark.parametrize("replies", [GOOD_STORM, RUDE, ["好的。", "我看看。", GOOD_STORM[2]]])
def test_the_graded_role_play_scores_exactly_what_the_scorecard_shows(
    app, client, auth, make_user, storm_version, replies
) -> None:
    from trainer.database import utcnow

    user = make_user("candidate")
    with app.test_request_context():
        response = _exam_with_roleplay(user, storm_version)
        session = services.session_for_response(user, response)
        _play(session, user, replies)
        for _ in range(10):  # finish the session so it has a scorecard
            if session.status != "active":
                break
            _play(session, user, [f"好的，我再确认一下第 {len(session.turns)} 条。"])
        assert session.status == "ended" and session.scorecard["score"]
        pending = exam_services.submit_attempt(response.attempt, utcnow())
        db.session.commit()
        exam_services.queue_free_text(pending)  # the queue runs inline in tests
    db.session.expire_all()
    record = db.session.scalar(select(ScoreRecord).where(ScoreRecord.response_id == response.id))
    card = db.session.get(type(session), session.id).scorecard["score"]
    assert record.total == card["total"] and record.max == card["max"]
    assert [(c["id"], c["score"], c["evidence"]) for c in record.criteria] == [
        (c["id"], c["score"], c["evidence"]) for c in card["criteria"]
    ]
    auth.login(user)
    page = client.get(f"/roleplay/sessions/{session.id}/scorecard").get_data(as_text=True)
    assert f"{record.total} / {record.max}" in page
