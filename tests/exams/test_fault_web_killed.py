"""Fault: gunicorn is killed with SIGKILL (master and workers) in the middle of an autosave burst.

The app runs for real, as run.sh serves it, on this test's database (a SQLite file, or PostgreSQL in the
suite's PostgreSQL pass). After a restart every save the server acknowledged must be in the database with
its latest acknowledged text, and the candidate carries on with the same attempt.
"""

from __future__ import annotations

import html
import json
import re
import threading
import time
from collections import defaultdict

import pytest
from sqlalchemy import select

from tests.support.servers import Gunicorn, HttpSession
from trainer.bank.services import save_question
from trainer.exams.layout import Section
from trainer.exams.models import Attempt, Response
from trainer.extensions import db

pytestmark = pytest.mark.slow

QUESTIONS = 3  # free-text questions, each written by two threads at once
THREADS_PER_QUESTION = 2
KILL_AFTER_ACKS = 80


def answer(pos: int, seq: int) -> str:
    """The text of save ``seq`` of question ``pos``, so a stored row tells which save wrote it."""
    return f"第{pos}题第{seq}次保存：您好，非常理解您的心情，我马上为您核实订单并给出处理时间。"


def _exam(make_exam):
    uids = []
    for i in range(QUESTIONS):
        uid = f"t-kill-case-{i}"
        save_question(
            {
                "id": uid,
                "type": "case",
                "points": 10,
                "tags": ["售后"],
                "stem": f"客户第{i + 1}次来电催退款，请写出你的回复。",
                "rubric": "t-rubric",
            }
        )
        uids.append(uid)
    db.session.commit()
    return make_exam(
        title="断电测评",
        time_limit_minutes=30,
        sections=[Section(title="案例", questions=[{"uid": u, "policy": None} for u in uids])],
    )


def _page_state(page: str) -> dict[int, tuple[int, str]]:
    """(seq, text) of every question as the exam page shows it."""
    out = {}
    for m in re.finditer(
        r'data-pos="(\d+)"[^>]*data-seq="(\d+)".*?<textarea[^>]*>(.*?)</textarea>', page, re.S
    ):
        out[int(m.group(1))] = (int(m.group(2)), html.unescape(m.group(3)))
    return out


def test_acknowledged_saves_survive_kill_9_of_gunicorn(app, database_url, make_user, make_exam, tmp_path):
    exam = _exam(make_exam)
    candidate = make_user()
    env = {
        "DATABASE_URL": database_url,
        "SECRET_KEY": "kill-test-secret",  # the same key after the restart: the candidate stays signed in
        "QUEUE_BACKEND": "sqlite",
        "QUEUE_PATH": str(tmp_path / "queue.sqlite"),
        "REDIS_URL": "",
        "GRADING_ENGINE": "offline",
    }
    server = Gunicorn(env, tmp_path / "gunicorn.log", workers=2)
    try:
        server.start()
        visitor = HttpSession(server.port)
        visitor.login(candidate.email)
        status, headers, _ = visitor.post_form(
            f"/exams/{exam.id}/start", {"csrf_token": visitor.csrf("/exams/")}
        )
        assert status == 302, server.log_tail()
        take_path = headers["location"].replace(server.base_url, "")
        attempt_id = int(take_path.rstrip("/").rsplit("/", 1)[1])
        csrf = visitor.csrf(take_path)
        save_path = f"/exams/attempts/{attempt_id}/save"

        lock = threading.Lock()
        next_seq = dict.fromkeys(range(QUESTIONS), 0)
        acked: dict[int, int] = defaultdict(int)  # pos -> newest seq the server said it stored
        counts = {"acked": 0, "lost_in_flight": 0, "busy": 0}
        refused: list[tuple[int, str]] = []
        killing, killed = threading.Event(), threading.Event()

        def burst(pos: int) -> None:
            session = visitor.copy()
            while not killed.is_set():
                with lock:
                    next_seq[pos] += 1
                    seq = next_seq[pos]
                try:
                    status, _, body = session.post_json(
                        save_path,
                        {"pos": pos, "seq": seq, "answer": answer(pos, seq), "flagged": False},
                        csrf,
                    )
                except Exception as exc:  # the server died with this save on the wire: not acknowledged
                    with lock:
                        if killing.is_set():
                            counts["lost_in_flight"] += 1
                        else:
                            refused.append((0, repr(exc)))
                    return
                reply = json.loads(body) if status == 200 else {}
                with lock:
                    if status == 200 and reply.get("ok"):
                        counts["acked"] += 1
                        if not reply["stale"]:  # a stale save was acknowledged as older than what is held
                            acked[pos] = max(acked[pos], seq)
                    elif status == 503:  # database busy: not acknowledged, the page would send it again
                        counts["busy"] += 1
                    else:
                        refused.append((status, body[:200]))

        threads = [
            threading.Thread(target=burst, args=(pos,), daemon=True)
            for pos in range(QUESTIONS)
            for _ in range(THREADS_PER_QUESTION)
        ]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 20
        while counts["acked"] < KILL_AFTER_ACKS and time.monotonic() < deadline:
            time.sleep(0.01)
        assert counts["acked"] >= KILL_AFTER_ACKS, server.log_tail()
        assert len(server.members()) == 3  # the master and two workers, all killed at once
        killing.set()
        server.kill9()
        killed.set()
        for t in threads:
            t.join(15)
        assert refused == [], server.log_tail()
        assert counts["lost_in_flight"] >= 1  # the kill did land in the middle of the burst

        # Every acknowledged save is stored: the row holds that save or a newer one, never an older one.
        db.session.expire_all()
        attempt = db.session.get(Attempt, attempt_id)
        stored = {
            r.position: (r.seq, r.answer)
            for r in db.session.scalars(select(Response).where(Response.attempt_id == attempt.id))
        }
        for pos in range(QUESTIONS):
            seq, text = stored[pos]
            assert seq >= acked[pos], f"question {pos}: acknowledged save {acked[pos]} lost (row holds {seq})"
            assert text == answer(pos, seq)

        # Restarted, the same signed-in candidate sees the stored answers and goes on saving.
        server.start()
        status, _, page = visitor.get(take_path)
        assert status == 200
        assert _page_state(page) == {pos: stored[pos] for pos in range(QUESTIONS)}
        seq = stored[0][0] + 1
        status, _, body = visitor.post_json(
            save_path,
            {"pos": 0, "seq": seq, "answer": answer(0, seq), "flagged": False},
            visitor.csrf(take_path),
        )
        assert status == 200 and json.loads(body)["stale"] is False
        db.session.expire_all()
        row = db.session.scalars(
            select(Response).where(Response.attempt_id == attempt_id, Response.position == 0)
        )
        assert row.one().answer == answer(0, seq)
        print(f"acknowledged {counts['acked']} saves, {counts['lost_in_flight']} on the wire at the kill")
    finally:
        server.stop()
