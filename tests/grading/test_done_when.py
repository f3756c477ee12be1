"""On a fresh database loaded with the shipped bank: the 何大爷 answer in the candidate's own words scores
8/10 or more through the real grading path, and the result page shows criterion names and quotes."""

from __future__ import annotations

import re

from sqlalchemy import select

from trainer.bank.loader import load_bank
from trainer.bank.models import Question
from trainer.database import utcnow
from trainer.exams import services as exam_services
from trainer.exams.models import Attempt, Exam, Response
from trainer.extensions import db
from trainer.grading.models import ScoreRecord

# Covers the reference in other words: calms him down, 亲情账户 or a window, the documents, one working
# day, an SMS and a call-back — and none of it in the reference's sentences.
OWN_WORDS = (
    "大爷，您慢慢说，不着急，这手机软件确实难弄，年轻人都得琢磨半天，这事包在我身上。"
    "您不用自己在手机上折腾：可以让广州的女儿用亲情账户替您办，或者您拿着身份证去附近的医保窗口，让工作人员当面帮您弄。"
    "要带的就是身份证，再签一份异地居住承诺书，网上就能签。"
    "交上去以后一个工作日就办好，耽误不了您下个月出门。"
    "我把这几步用短信发给您，过两天我再给您回个电话，看看办好没有，没办成我帮您找医保中心。"
)


def _graded(make_user, question_uid: str, answer: str) -> tuple[Response, object]:
    version = db.session.scalar(select(Question).where(Question.uid == question_uid)).current
    user = make_user()
    exam = Exam(title="政务热线测评", status="published", release_policy="auto")
    attempt = Attempt(exam=exam, user=user, number=1)
    response = Response(position=0, question_version=version, max_score=version.points, answer=answer)
    attempt.responses.append(response)
    db.session.add(attempt)
    db.session.flush()
    # the paper layout a real start would have drawn: one section with this one question
    attempt.layout = [
        {
            "title": "案例分析",
            "items": [{"pos": 0, "qv": version.id, "points": version.points, "policy": None}],
        }
    ]
    db.session.commit()
    pending = exam_services.submit_attempt(attempt, utcnow())
    db.session.commit()
    exam_services.queue_free_text(pending)  # the queue runs inline in tests
    db.session.expire_all()
    return db.session.get(Response, response.id), user


def test_elderly_filing_answer_in_other_words_scores_8_with_names_and_quotes(
    app, make_user, bank_dir, client, auth
):
    load_bank(bank_dir)
    db.session.commit()
    response, user = _graded(make_user, "gov-elderly-medical-filing-07", OWN_WORDS)
    record = db.session.scalar(select(ScoreRecord).where(ScoreRecord.response_id == response.id))
    assert record.total >= 8 and record.max == 10, [(c["name"], c["score"]) for c in record.criteria]
    names = {c["id"]: c["name"] for c in record.criteria}
    assert names == {
        "empathy": "共情安抚",
        "solution": "适合老人的办理渠道",
        "communication": "一次性告知材料与时限",
        "closure": "跟进闭环",
    }
    by_id = {c["id"]: c for c in record.criteria}
    for c in record.criteria:
        assert c["evidence"] and c["evidence"] in OWN_WORDS, c
        assert "%" not in c["rationale"] and "吻合度" not in c["rationale"]
    assert "不着急" in by_id["empathy"]["evidence"] or "慢慢说" in by_id["empathy"]["evidence"]
    assert "亲情账户" in by_id["solution"]["evidence"] or "医保窗口" in by_id["solution"]["evidence"]
    assert "短信" in by_id["closure"]["evidence"] or "回个电话" in by_id["closure"]["evidence"]

    auth.login(user)
    page = client.get(f"/exams/attempts/{response.attempt_id}/result").get_data(as_text=True)
    for name in names.values():
        assert name in page
    assert by_id["solution"]["evidence"] in page
    assert not re.search(r"\b(empathy|closure|communication)\b", page.split("<main", 1)[-1])


def test_a_thin_answer_says_what_was_missing(app, make_user, bank_dir):
    load_bank(bank_dir)
    db.session.commit()
    thin = "您好，可以去医保窗口办理，带好身份证就行。"
    response, _ = _graded(make_user, "gov-elderly-medical-filing-07", thin)
    record = db.session.scalar(select(ScoreRecord).where(ScoreRecord.response_id == response.id))
    assert record.total <= 5
    closure = next(c for c in record.criteria if c["id"] == "closure")
    assert closure["score"] == 0 and not closure["evidence"]
    assert "未作答" in closure["rationale"] and "没有" in closure["rationale"]
    communication = next(c for c in record.criteria if c["id"] == "communication")
    assert any("一个工作日" in m or "承诺书" in m for m in communication.get("missing", []))
