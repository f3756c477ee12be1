"""A role-play inside an exam is graded by the queue on what the candidate said, against its rubric."""

from __future__ import annotations

from sqlalchemy import select

from trainer.bank.loader import load_bank
from trainer.bank.models import Question, RubricVersion
from trainer.database import utcnow
from trainer.exams import services as exam_services
from trainer.exams.models import Attempt, Exam, Response
from trainer.extensions import db
from trainer.grading.models import ScoreRecord
from trainer.roleplay import services as roleplay
from trainer.roleplay.models import RoleplaySession


def _play_in_exam(make_user, replies: tuple[str, ...]) -> Response:
    version = db.session.scalar(select(Question).where(Question.uid == "rp-storm-parcel-delay")).current
    exam = Exam(title="情景模拟测评", status="published", release_policy="auto")
    attempt = Attempt(exam=exam, user=make_user(), number=1)
    response = Response(position=0, question_version=version, max_score=version.points)
    attempt.responses.append(response)
    db.session.add(attempt)
    db.session.flush()
    session = roleplay.session_for_response(attempt.user, response)
    for text in replies:
        if session.status != "active":
            break
        roleplay.add_candidate_turn(session, attempt.user, text)
        for _event in roleplay.reply_events(session, attempt.user):
            pass
    db.session.commit()
    pending = exam_services.submit_attempt(attempt, utcnow())
    db.session.commit()
    exam_services.queue_free_text(pending)  # the queue runs inline in tests
    db.session.expire_all()
    return db.session.get(Response, response.id)


def test_roleplay_answers_are_scored_from_the_transcript(app, make_user, bank_dir):
    load_bank(bank_dir)
    db.session.commit()
    scenario = roleplay.scenario_of(roleplay.current_version("storm-parcel-delay"))
    good = _play_in_exam(make_user, scenario.samples["good"])
    bad = _play_in_exam(make_user, scenario.samples["bad"])

    for response in (good, bad):
        assert response.status in ("graded", "needs_review")
        assert response.answer == {
            "session_id": db.session.scalar(
                select(RoleplaySession.id).where(RoleplaySession.response_id == response.id)
            )
        }
    record = db.session.scalar(select(ScoreRecord).where(ScoreRecord.response_id == good.id))
    assert db.session.get(RubricVersion, record.rubric_version_id).rubric.uid == "roleplay-complaint-zh"
    said = "\n".join(scenario.samples["good"])
    assert any(c["evidence"] and c["evidence"] in said for c in record.criteria)
    assert good.score > bad.score
    assert 0 < good.score <= good.max_score


def test_hr_candidate_view_links_each_roleplay_scorecard(app, client, auth, make_user, bank_dir):
    load_bank(bank_dir)
    db.session.commit()
    candidate = make_user(name="王小明")
    version = roleplay.current_version("storm-parcel-delay")
    scenario = roleplay.scenario_of(version)
    session = roleplay.start_session(candidate, version, engine="scripted")
    for text in scenario.samples["good"]:
        if session.status != "active":
            break
        roleplay.add_candidate_turn(session, candidate, text)
        for _event in roleplay.reply_events(session, candidate):
            pass
    db.session.commit()
    assert session.status == "ended" and session.scorecard

    auth.login(make_user("hr"))
    profile = client.get(f"/review/candidates/{candidate.id}").get_data(as_text=True)
    link = f"/roleplay/sessions/{session.id}/scorecard"
    assert link in profile and scenario.title in profile
    card = client.get(link)
    assert card.status_code == 200 and "<svg" in card.get_data(as_text=True)
