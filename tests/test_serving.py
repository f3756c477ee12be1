"""Served as run.sh serves it, the app loads the understanding layer's tables (word segmenter, thesauri,
embedding) once, in gunicorn's master before it forks the workers: every worker holds them before its first
request, so no first scoring or role-play request per worker waits for them. An app built anywhere else
(a test, the development server, ``flask worker``) loads them on first use."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from tests.support.servers import ROOT, Gunicorn, HttpSession

pytestmark = pytest.mark.slow

TABLES = ["segmenter", "thesauri", "embedding"]


def test_every_worker_holds_the_understanding_tables_before_its_first_request(app, database_url, tmp_path):
    env = {"DATABASE_URL": database_url, "SECRET_KEY": "serving-test-secret", "REDIS_URL": ""}
    env |= {"QUEUE_BACKEND": "sqlite", "QUEUE_PATH": str(tmp_path / "queue.sqlite")}
    server = Gunicorn(env, tmp_path / "gunicorn.log", workers=2, config="python:trainer.serving")
    try:
        server.start()
        assert server.proc is not None
        log = server.log_path.read_text(errors="replace")
        # the master (its pid in brackets) says so once, before it boots the first worker
        loaded = [
            m.start() for m in re.finditer(rf"\[{server.proc.pid}\] \[INFO\] Understanding layer loaded", log)
        ]
        assert len(loaded) == 1, log
        assert loaded[0] < log.index("Booting worker"), log
        visitor = HttpSession(server.port)
        for _ in range(4):  # whichever worker answers: none has scored or played anything yet
            status, _, body = visitor.get("/healthz")
            assert status == 200, server.log_tail()
            assert json.loads(body) == {"status": "ok", "understanding": TABLES}
    finally:
        server.stop()


def test_an_app_built_outside_gunicorn_loads_no_table_until_used():
    """Tests build many apps: none of them pays for the tables it does not use."""
    code = (
        "from trainer import create_app\n"
        "from trainer.grading import understanding\n"
        "create_app({'TESTING': True, 'SQLALCHEMY_DATABASE_URI': 'sqlite://', 'SECRET_KEY': 'x'})\n"
        "print(understanding.loaded())\n"
        "understanding.similarity('您好，我来帮您处理', '您好，我来帮您跟进', 'zh')\n"
        "print(understanding.loaded())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    before, after = out.stdout.splitlines()[-2:]
    assert before == "[]"
    assert after != "[]"  # and the first use loads what it needs
