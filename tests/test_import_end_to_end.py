"""Done-when for paper import: a paper copied from a document site, uploaded through the page, gives only
its real questions with the right points; the trainer accepts the drafted rubric of the interview question
and the drafted scenario of the 情景模拟 question; a candidate then uses all of them in an exam and in
practice, and the free-text answer is scored against the accepted rubric."""

from __future__ import annotations

import io
import re
from pathlib import Path

import yaml
from sqlalchemy import select

from trainer.bank.models import Question, Rubric, Scenario
from trainer.bank.services import save_rubric
from trainer.exams.builder import ExamSpec, save_exam
from trainer.exams.layout import Section
from trainer.exams.models import Attempt
from trainer.extensions import db
from trainer.roleplay.models import RoleplaySession

ROOT = Path(__file__).resolve().parents[1]
PAPER = ROOT / "tests" / "bank" / "papers" / "site_full_paper.txt"
GOOD_INTERVIEW = (
    "我会先肯定客户的感受并真诚致歉，然后说明赔偿规定和依据，在规定范围内给出补发或优惠券等可选的补偿方案；"
    "如果客户仍不接受，我会如实告知会上报主管评估，并约定明天中午前答复。"
)
GOOD_CALL = [
    "非常抱歉，让您着急了，生日蛋糕晚上就要用，我理解您的心情。",
    "我马上帮您核实订单号和配送进度，骑手现在离您大约三公里。",
    "预计六点前送达，如果超时我们按规定给您补偿。",
    "送达后我会给您回电确认，您看可以吗？",
]


def _upload(auth) -> str:
    response = auth.post(
        "/authoring/import",
        {"file": (io.BytesIO(PAPER.read_bytes()), PAPER.name)},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    return response.headers["Location"]


def _rows(page: str) -> list[str]:
    return re.findall(r'<tr id="row-(\d+)"', page)


def _play(client, auth, location: str) -> int:
    session_id = int(location.rstrip("/").split("/")[-1])
    token = auth.csrf_token("/roleplay/")
    for line in GOOD_CALL:
        reply = client.post(
            f"/roleplay/sessions/{session_id}/say", json={"text": line}, headers={"X-CSRFToken": token}
        )
        reply.get_data()
        if reply.status_code != 200:
            break
    return session_id


def _pos(attempt_id: int, uid: str) -> int:
    attempt = db.session.get(Attempt, attempt_id)
    return next(r.position for r in attempt.responses if r.question_version.question.uid == uid)


def test_site_paper_to_exam_and_practice(client, auth, make_user, app, tmp_path):
    app.config["IMPORT_STAGING_DIR"] = str(tmp_path / "imports")
    roleplay_rubric = yaml.safe_load(
        (ROOT / "rubrics" / "roleplay-complaint-zh.yaml").read_text(encoding="utf-8")
    )
    save_rubric(roleplay_rubric)  # the shipped rubric the drafted scenario is scored with
    db.session.commit()
    trainer = make_user("trainer")
    auth.login(trainer)

    # 1. Upload: only the real questions, with the points the paper gives; the site's text is listed apart.
    preview = _upload(auth)
    page = client.get(preview).get_data(as_text=True)
    assert _rows(page) == ["1", "2", "3", "4"]
    assert re.findall(r'id="points-\d+">([^<]+)<', page) == ["5", "5", "20", "20"]
    for furniture in (
        "本站所有内容均由合作方或网友上传",
        "成为VIP后",
        "该用户很懒",
        "1亿VIP精品文档",
        "+ 关注",
    ):
        skipped = page.split("Skipped lines", 1)[-1] if "Skipped lines" in page else page.split("跳过", 1)[-1]
        assert furniture in skipped
    assert "网站须知" in page and "上传者信息" in page  # reasons are labels, not internal codes
    assert "site notice" not in page and "uploader" not in page.split("<form", 1)[1].split("</form>")[0]
    assert 'id="rubric-draft-3"' in page and 'id="scenario-draft-4"' in page

    # 2. Accept the drafted rubric (interview) and the drafted scenario (情景模拟); import everything.
    done = auth.post(preview, {"action": "import", "use_rubric_3": "1", "use_scenario_4": "1"})
    assert done.status_code == 200, done.get_data(as_text=True)[:2000]
    questions = {q.current.type: q for q in db.session.scalars(select(Question))}
    interview, roleplay = questions["interview"], questions["roleplay"]
    assert interview.status == roleplay.status == "published"
    rubric = db.session.scalar(select(Rubric).where(Rubric.uid == interview.current.rubric_uid))
    scenario = db.session.scalar(select(Scenario).where(Scenario.uid == roleplay.current.data["scenario"]))
    assert [c["name"] for c in rubric.current.data["criteria"]] == [
        "共情致歉",
        "说明规定",
        "给出替代方案",
        "升级与跟进",
    ]
    assert scenario.current.data["opening"][0].startswith("我订的生日蛋糕说好三点送到")
    single = next(
        q for q in db.session.scalars(select(Question)) if q.current.stem.startswith("客户收到的生鲜商品")
    )
    uids = [single.uid, interview.uid, roleplay.uid]
    sections = [Section(title="导入的试题", questions=[{"uid": uid, "policy": None} for uid in uids])]
    exam = save_exam(
        ExamSpec(
            title="导入试卷",
            sections=sections,
            open_to_all=True,
            status="published",
            shuffle_questions=False,
            shuffle_options=False,
        ),
        trainer,
    )
    practice = save_exam(
        ExamSpec(
            title="导入练习",
            sections=sections,
            open_to_all=True,
            status="published",
            mode="practice",
            shuffle_questions=False,
            shuffle_options=False,
        ),
        trainer,
    )
    db.session.commit()
    auth.logout()

    # 3. A candidate takes the exam: the objective answer, the interview answer, the role-play call.
    candidate = make_user("candidate")
    auth.login(candidate)
    started = auth.post(f"/exams/{exam.id}/start")
    attempt_id = int(started.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    paper = client.get(f"/exams/attempts/{attempt_id}").get_data(as_text=True)
    assert "如果客户坚持要求超出规定的赔偿" in paper and "暴雨导致同城配送延误" in paper
    for seq, (uid, answer) in enumerate(((single.uid, "B"), (interview.uid, GOOD_INTERVIEW)), start=1):
        saved = auth.post_json(
            f"/exams/attempts/{attempt_id}/save", {"pos": _pos(attempt_id, uid), "seq": seq, "answer": answer}
        )
        assert saved.status_code == 200, saved.get_data(as_text=True)
    attempt = db.session.get(Attempt, attempt_id)
    rp_response = next(r for r in attempt.responses if r.question_version.question.uid == roleplay.uid)
    opened = client.get(f"/roleplay/responses/{rp_response.id}")
    assert opened.status_code == 302
    session_id = _play(client, auth, opened.headers["Location"])
    session = db.session.get(RoleplaySession, session_id)
    assert session.scenario_version.scenario.uid == scenario.uid
    said = [t["candidate"] for t in session.state["transcript"] if t.get("candidate")]
    assert said == GOOD_CALL[: len(said)] and session.end_state == "resolved"
    assert len(said) >= 3  # an apology alone does not settle it: the time and the remedy are needed too
    submitted = auth.post(f"/exams/attempts/{attempt_id}/submit")
    assert submitted.status_code == 302
    db.session.expire_all()
    attempt = db.session.get(Attempt, attempt_id)
    by_uid = {r.question_version.question.uid: r for r in attempt.responses}
    assert by_uid[single.uid].score == 5
    scored = by_uid[interview.uid]
    assert scored.status == "graded" and scored.score is not None and scored.score >= 15
    named = [(c["id"], c["name"]) for c in scored.feedback["criteria"]]  # scored on the accepted rubric
    assert named == [(c["id"], c["name"]) for c in rubric.current.data["criteria"]]
    assert by_uid[roleplay.uid].answer == {"session_id": session_id}
    assert by_uid[roleplay.uid].status == "graded" and by_uid[roleplay.uid].score > 0

    # 4. The same questions in practice: the objective one is checked at once, the role-play is played again.
    started = auth.post(f"/exams/{practice.id}/start")
    practice_id = int(started.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    pos = _pos(practice_id, single.uid)
    auth.post_json(f"/exams/attempts/{practice_id}/save", {"pos": pos, "seq": 1, "answer": "B"})
    checked = auth.post_json(f"/exams/attempts/{practice_id}/check", {"pos": pos})
    assert checked.status_code == 200 and checked.json["correct"] is True
    pos = _pos(practice_id, interview.uid)
    auth.post_json(f"/exams/attempts/{practice_id}/save", {"pos": pos, "seq": 2, "answer": GOOD_INTERVIEW})
    practice_rp = next(
        r
        for r in db.session.get(Attempt, practice_id).responses
        if r.question_version.question.uid == roleplay.uid
    )
    opened = client.get(f"/roleplay/responses/{practice_rp.id}")
    assert opened.status_code == 302
    again = _play(client, auth, opened.headers["Location"])
    assert again != session_id
    assert auth.post(f"/exams/attempts/{practice_id}/submit").status_code == 302
    db.session.expire_all()
    practice_attempt = db.session.get(Attempt, practice_id)
    by_uid = {r.question_version.question.uid: r for r in practice_attempt.responses}
    assert by_uid[interview.uid].score is not None and by_uid[roleplay.uid].score is not None
