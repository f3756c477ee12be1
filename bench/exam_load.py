"""Exam load benchmark: the real autosave and exam page against bare baselines, under gunicorn, in one run.

    .venv/bin/python bench/exam_load.py                      # SQLite file in a temp dir, 64 connections, 15 s
    .venv/bin/python bench/exam_load.py --seconds 5 --connections 32
    .venv/bin/python bench/exam_load.py --database-url postgresql://postgres@127.0.0.1/trainer_bench

It builds a database (the real migrations), 20 questions, one exam and one attempt per simulated candidate,
then starts gunicorn (sync workers, 4 by default) on 127.0.0.1 serving the real app plus two bare
endpoints: ``/bench/save`` (a Flask-SQLAlchemy upsert of a 500-character answer) and ``/bench/page`` (20
questions read from the database and rendered). The load generator is Python: processes × threads, each
thread one signed-in candidate on its own keep-alive ``http.client`` connection. Each phase's time is
split into rounds (3 by default), run baseline/real then real/baseline (ABBA), so that a machine whose
load drifts during the run slows both sides alike; rates are over the summed time. Besides the rates
it reads the gunicorn workers' CPU time from /proc before and after each round and prints the server
CPU per request of each side: work done per request, which other processes on the machine hardly
move, while the rate ratio also carries the machine's load and the load generator's share of it. Afterwards every acknowledged autosave is checked against the stored row (a save is lost
if the row holds an older sequence number or different text). Finally objective grading is timed
in-process. The last line is ``autosave_ratio=R page_ratio=R lost=N``.

Fairness: both sides run in the same gunicorn processes, under the same app-wide hooks (rate limiter,
locale refresh, security headers), with the same connections, one phase after the other. The baselines
skip what the real endpoints must do (session cookie, user lookup, CSRF, ownership, deadline,
sequence check, the page's layout). On the 2-core machines, sync -w4 with 4 generator processes was
kept: -w3/-w6 and 2 generator processes gave the same ratios within the noise of a shared machine,
and the baselines ran as fast with 2 generator processes as with 4 (the generator is not the limit).
The real exam page's first visit per attempt renders the paper (about 5 ms) and shares it (the
``exam_papers`` table here, Redis with REDIS_URL); each other gunicorn worker's first visit loads it
from there (about 1 ms). Both kinds of miss are counted; there is no warm-up beyond each candidate's
sign-in, whose visit to the exam page is the first render. Likewise each worker's first autosave per
attempt reads the attempt's items before its one-statement saves.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing as mp
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUESTIONS = 20
PHASES = ("baseline_save", "autosave", "baseline_page", "exam_page")
PASSWORD = "bench-pass-123"
FILLER = "您好，非常理解您焦急的心情，给您带来不便真的很抱歉。我先核实一下订单和物流信息，然后给您一个明确的处理时间。"


def answer_text(tag: str) -> str:
    """A 500-character answer that names the save it came from."""
    body = (tag + " " + FILLER * 12)[:500]
    return body


# --- the app under test, as gunicorn loads it -------------------------------------------------------


def bench_app():  # -> Flask
    """The real app plus the two bare baseline endpoints (gunicorn: 'bench.exam_load:bench_app()')."""
    from flask import Blueprint, jsonify, request
    from sqlalchemy import text

    from trainer import create_app
    from trainer.extensions import csrf, db

    app = create_app()
    bp = Blueprint("bench", __name__, url_prefix="/bench")
    page = app.jinja_env.from_string(  # compiled once, like a template file
        "<!doctype html><html><head><meta charset='utf-8'><title>baseline</title></head><body><main>"
        "{% for q in questions %}<article><h3>{{ loop.index }}</h3><div>{{ q.stem }}</div>"
        "{% for k, v in (q.data.get('options') or {}).items() %}<label><input type='radio' name='q{{ loop.index }}'"
        " value='{{ k }}'> {{ k }}. {{ v }}</label>{% endfor %}<textarea>{{ q.reference_answer }}</textarea>"
        "</article>{% endfor %}</main></body></html>"
    )

    @bp.route("/save", methods=["POST"])
    @csrf.exempt
    def save():
        data = request.get_json()
        db.session.execute(
            text(
                "INSERT INTO bench_answers (user_id, pos, answer, seq) VALUES (:u, :p, :a, :s) "
                "ON CONFLICT (user_id, pos) DO UPDATE SET answer = excluded.answer, seq = excluded.seq"
            ),
            {"u": data["user"], "p": data["pos"], "a": data["answer"], "s": data["seq"]},
        )
        db.session.commit()
        return jsonify(ok=True, seq=data["seq"])

    @bp.route("/page")
    def bare_page():
        from trainer.bank.models import QuestionVersion

        questions = db.session.scalars(
            db.select(QuestionVersion).order_by(QuestionVersion.id).limit(QUESTIONS)
        ).all()
        return page.render(questions=questions)

    app.register_blueprint(bp)
    return app


# --- setting up the data ----------------------------------------------------------------------------


def seed_exam_data(exam_titles: list[str]) -> list[Any]:
    """Add the rubric, 20 questions (even: single choice, odd: free-text case) and one published exam per
    title, all with the same paper; returns the exams (needs an app context; the caller commits)."""
    from sqlalchemy import text

    from trainer.auth.services import create_user
    from trainer.bank.services import save_question, save_rubric
    from trainer.exams.builder import ExamSpec, save_exam
    from trainer.exams.layout import Section
    from trainer.extensions import db

    db.session.execute(
        text(
            "CREATE TABLE IF NOT EXISTS bench_answers (user_id INTEGER NOT NULL, pos INTEGER NOT NULL, "
            "answer TEXT, seq INTEGER NOT NULL, PRIMARY KEY (user_id, pos))"
        )
    )
    save_rubric(
        {
            "id": "bench-rubric",
            "title": "处理投诉",
            "lang": "zh",
            "criteria": [{"id": "empathy", "name": "共情", "max": 5, "description": "回应情绪并致歉"}],
        }
    )
    uids = []
    for i in range(QUESTIONS):
        uid = f"bench-{i:02d}"
        uids.append(uid)
        if i % 2:
            raw = {"id": uid, "type": "case", "points": 10, "rubric": "bench-rubric"}
        else:
            raw = {"id": uid, "type": "single", "points": 2, "answer": "B"}
            raw["options"] = {k: f"选项{k}：{FILLER[:30]}" for k in "ABCD"}
        raw.update(
            stem=f"第{i + 1}题：**客户**来电投诉包裹延误。{FILLER}", tags=["bench"], explanation="解析"
        )
        save_question(raw)
    trainer, _ = create_user("bench-trainer@example.test", PASSWORD, role="trainer")
    return [
        save_exam(
            ExamSpec(
                title=title,
                sections=[Section(title="全部", questions=[{"uid": u, "policy": None} for u in uids])],
                time_limit_minutes=600,
                open_to_all=True,
                status="published",
                shuffle_questions=False,
                shuffle_options=True,
            ),
            trainer,
        )
        for title in exam_titles
    ]


def free_text_positions(attempt: Any) -> list[int]:
    """The positions of an attempt's free-text (case) questions."""
    return [r.position for r in attempt.responses if r.question_version.type == "case"]


def setup_data(connections: int) -> list[dict[str, Any]]:
    """Migrate the database, add questions, an exam and one attempt per candidate; return the candidates."""
    from flask_migrate import upgrade

    from trainer import create_app
    from trainer.auth.services import create_user
    from trainer.database import utcnow
    from trainer.exams.services import start_attempt
    from trainer.extensions import db

    app = create_app()
    with app.app_context():
        upgrade()
        (exam,) = seed_exam_data(["压力测试"])
        people = []
        for n in range(connections):
            user, _ = create_user(f"bench{n}@example.test", PASSWORD, role="candidate")
            attempt = start_attempt(exam, user, utcnow())
            people.append({"n": n, "email": user.email, "attempt": attempt.id})
        db.session.commit()
        free_text = free_text_positions(attempt)
    for person in people:
        person["positions"] = free_text
    return people


def sign_in(port: int, person: dict[str, Any], page_path: str = "") -> None:
    """Sign one candidate in over HTTP; keeps the session cookie and CSRF token on ``person``.

    The token is read from ``page_path`` once signed in (default: the candidate's attempt page)."""
    import re

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/login")
    resp = conn.getresponse()
    page = resp.read().decode()
    cookie = resp.getheader("Set-Cookie", "").split(";", 1)[0]
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    body = f"email={person['email']}&password={PASSWORD}&csrf_token={token}"
    conn.request(
        "POST", "/login", body, {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
    )
    resp = conn.getresponse()
    resp.read()
    assert resp.status == 302, f"sign-in failed: {resp.status}"
    person["cookie"] = resp.getheader("Set-Cookie", "").split(";", 1)[0]
    conn.request(
        "GET", page_path or f"/exams/attempts/{person['attempt']}", headers={"Cookie": person["cookie"]}
    )
    resp = conn.getresponse()
    page = resp.read().decode()
    assert resp.status == 200, f"exam page: {resp.status}"
    person["csrf"] = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    conn.close()


# --- the load generator -----------------------------------------------------------------------------


def _thread(port: int, phase: str, person: dict[str, Any], until: float, out: dict[str, Any]) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    latencies: list[float] = []
    acked: dict[int, tuple[int, str]] = {}
    errors = 0
    seq = person.get("seq_start", 0)
    i = 0
    while time.monotonic() < until:
        i += 1
        pos = person["positions"][i % len(person["positions"])]
        headers = {"Cookie": person["cookie"]}
        body = None
        if phase == "baseline_save":
            seq += 1
            method, path = "POST", "/bench/save"
            body = json.dumps({"user": person["n"], "pos": pos, "seq": seq, "answer": answer_text(f"b{seq}")})
            headers = {"Content-Type": "application/json"}
        elif phase == "autosave":
            seq += 1
            text = answer_text(f"{person['n']}-{pos}-{seq}")
            method, path = "POST", f"/exams/attempts/{person['attempt']}/save"
            body = json.dumps({"pos": pos, "seq": seq, "answer": text})
            headers.update(
                {
                    "Content-Type": "application/json",
                    "X-CSRFToken": person["csrf"],
                    "Accept": "application/json",
                }
            )
        elif phase == "baseline_page":
            method, path, headers = "GET", "/bench/page", {}
        else:
            method, path = "GET", f"/exams/attempts/{person['attempt']}"
        start = time.perf_counter()
        try:
            conn.request(method, path, body, headers)
            resp = conn.getresponse()
            data = resp.read()
        except (OSError, http.client.HTTPException):
            errors += 1
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            continue
        latencies.append(time.perf_counter() - start)
        if resp.status != 200:
            errors += 1
        elif phase == "autosave":
            reply = json.loads(data)
            if reply.get("ok") and not reply.get("stale"):
                acked[pos] = (seq, text)
        if resp.getheader("Connection", "").lower() == "close":
            conn.close()
    conn.close()
    out.update(latencies=latencies, errors=errors, acked=acked, seq=seq)


def _process(args: tuple[int, str, list[dict[str, Any]], float]) -> list[dict[str, Any]]:
    port, phase, people, until = args
    outs: list[dict[str, Any]] = [{} for _ in people]
    threads = [
        threading.Thread(target=_thread, args=(port, phase, p, until, o))
        for p, o in zip(people, outs, strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for person, out in zip(people, outs, strict=True):
        out["n"] = person["n"]
        out["attempt"] = person["attempt"]
    return outs


def worker_cpu_seconds(master_pid: int) -> float:
    """User + system CPU seconds used so far by the gunicorn workers (the master's children), from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master_pid:  # field 4, ppid (after the command in parentheses)
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def run_phase(
    pool, port: int, phase: str, people: list[dict[str, Any]], seconds: float, procs: int, master_pid: int
) -> dict[str, Any]:
    """Drive one phase with every candidate at once for ``seconds``; returns rate, percentiles, acks and
    the workers' CPU seconds spent."""
    until = time.monotonic() + seconds
    chunks = [people[i::procs] for i in range(procs)]
    cpu_before = worker_cpu_seconds(master_pid)
    began = time.monotonic()
    results = [o for chunk in pool.map(_process, [(port, phase, c, until) for c in chunks]) for o in chunk]
    elapsed = time.monotonic() - began
    cpu = worker_cpu_seconds(master_pid) - cpu_before
    for o in results:
        people[o["n"]]["seq_start"] = o["seq"]
    return {
        "phase": phase,
        "latencies": [x for o in results for x in o["latencies"]],
        "elapsed": elapsed,
        "cpu": cpu,
        "errors": sum(o["errors"] for o in results),
        "acked": {(o["attempt"], pos): v for o in results for pos, v in o["acked"].items()},
    }


def merge_rounds(phase: str, rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """One row for a phase run in several rounds: rates over the summed time, percentiles over all
    requests, CPU per request, and the newest acknowledgement per answer."""
    lat = sorted(x for r in rounds for x in r["latencies"])
    n = len(lat)
    elapsed = sum(r["elapsed"] for r in rounds)
    acked: dict[tuple[int, int], tuple[int, str]] = {}
    for r in rounds:
        for key, value in r["acked"].items():
            if key not in acked or value[0] > acked[key][0]:
                acked[key] = value
    cpu = sum(r["cpu"] for r in rounds)
    return {
        "phase": phase,
        "requests": n,
        "rps": n / elapsed if elapsed else 0.0,
        "p50": lat[n // 2] * 1000 if n else 0.0,
        "p99": lat[min(n - 1, int(n * 0.99))] * 1000 if n else 0.0,
        "errors": sum(r["errors"] for r in rounds),
        "cpu_ms": cpu * 1000 / n if n else 0.0,
        "acked": acked,
    }


def count_lost(acked: dict[tuple[int, int], tuple[int, str]]) -> int:
    """Acknowledged saves the database does not hold: an older sequence number or other text."""
    from sqlalchemy import select

    from trainer import create_app
    from trainer.exams.models import Response
    from trainer.extensions import db

    app = create_app()
    lost = 0
    with app.app_context():
        rows = db.session.execute(
            select(Response.attempt_id, Response.position, Response.seq, Response.answer)
        )
        stored = {(a, p): (s, ans) for a, p, s, ans in rows}
        for key, (seq, text) in acked.items():
            held_seq, held = stored.get(key, (0, None))
            if held_seq < seq or (held_seq == seq and held != text):
                lost += 1
    return lost


def grading_throughput(n: int = 200_000) -> float:
    """Objective responses graded per second, in-process (single, multiple both policies, true/false)."""
    from trainer.bank.question_types import build_registry
    from trainer.exams.grading import grade_item

    registry = build_registry()
    options = {"A": "a", "B": "b", "C": "c", "D": "d"}
    cases = [
        ("single", {"options": options, "answer": "B"}, 2.0, None, "B"),
        ("single", {"options": options, "answer": "B"}, 2.0, None, "C"),
        ("multiple", {"options": options, "answer": ["A", "B", "D"]}, 3.0, "partial", ["A", "B"]),
        ("multiple", {"options": options, "answer": ["A", "B", "D"]}, 3.0, "all_or_nothing", ["A", "B", "D"]),
        ("truefalse", {"answer": True}, 1.0, None, False),
    ]
    start = time.perf_counter()
    total = 0.0
    for i in range(n):
        qtype, data, points, policy, answer = cases[i % len(cases)]
        total += grade_item(qtype, data, points, policy, answer, registry).score or 0.0
    return n / (time.perf_counter() - start)


def wait_ready(port: int, proc: subprocess.Popen, timeout: float = 30) -> None:
    """Block until gunicorn answers /healthz."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise SystemExit("gunicorn exited during start-up")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def start_gunicorn(port: int, workers: int, worker_class: str, env: dict[str, str], app_spec: str):
    """Start gunicorn on 127.0.0.1:``port`` serving ``app_spec`` from the repository root (a Popen)."""
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    cmd = [gunicorn, "-w", str(workers), "-k", worker_class, "-b", f"127.0.0.1:{port}"]
    cmd += ["--log-level", "warning", "--backlog", "2048", "--no-control-socket", app_spec]
    return subprocess.Popen(cmd, cwd=ROOT, env=env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=15.0, help="per phase, over all rounds")
    parser.add_argument("--rounds", type=int, default=3, help="each phase's time is split into rounds")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--processes", type=int, default=4, help="load-generator processes")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--database-url", default="", help="default: a new SQLite file in a temp dir")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="exam-bench-"))
    env = dict(os.environ)
    env.update(
        DATABASE_URL=args.database_url or f"sqlite:///{tmp / 'bench.sqlite'}",
        SECRET_KEY="bench-secret",
        LOGIN_RATE_LIMIT="100000 per minute",
        RUN_CONSUMER_IN_APP="0",
        QUEUE_PATH=str(tmp / "queue.sqlite"),
    )
    os.environ.update(env)
    print(
        f"database: {env['DATABASE_URL']}; gunicorn -w {args.workers} -k {args.worker_class}; "
        f"{args.connections} connections × {args.seconds:g} s per phase",
        flush=True,
    )
    people = setup_data(args.connections)
    server = start_gunicorn(args.port, args.workers, args.worker_class, env, "bench.exam_load:bench_app()")
    try:
        wait_ready(args.port, server)
        for person in people:
            sign_in(args.port, person)
        ctx = mp.get_context("fork")
        done: dict[str, list[dict[str, Any]]] = {p: [] for p in PHASES}
        per_round = args.seconds / args.rounds
        with ctx.Pool(args.processes) as pool:
            for i in range(args.rounds):
                for pair in (PHASES[:2], PHASES[2:]):
                    for phase in pair if i % 2 == 0 else pair[::-1]:  # ABBA: drift hits both sides alike
                        run = run_phase(pool, args.port, phase, people, per_round, args.processes, server.pid)
                        done[phase].append(run)
        rows = [merge_rounds(phase, done[phase]) for phase in PHASES]
        for r in rows:
            print(
                f"{r['phase']:<14} {r['rps']:8.0f} req/s  p50 {r['p50']:6.1f} ms  p99 {r['p99']:6.1f} ms  "
                f"server CPU {r['cpu_ms']:5.2f} ms/req  ({r['requests']} requests, {r['errors']} errors)",
                flush=True,
            )
    finally:
        server.terminate()
        server.wait(timeout=15)
    by = {r["phase"]: r for r in rows}
    autosave_ratio = by["autosave"]["rps"] / by["baseline_save"]["rps"]
    page_ratio = by["exam_page"]["rps"] / by["baseline_page"]["rps"]
    autosave_cpu = by["baseline_save"]["cpu_ms"] / by["autosave"]["cpu_ms"] if by["autosave"]["cpu_ms"] else 0
    page_cpu = by["baseline_page"]["cpu_ms"] / by["exam_page"]["cpu_ms"] if by["exam_page"]["cpu_ms"] else 0
    acked = by["autosave"]["acked"]
    lost = count_lost(acked)
    print(f"acknowledged autosaves checked: {len(acked)} latest per answer; lost: {lost}")
    print(f"objective grading: {grading_throughput():,.0f} responses/s")
    print(f"autosave p99 {by['autosave']['p99']:.1f} ms (target < 100 ms)")
    if not args.database_url:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"server CPU per request, baseline / real: autosave {autosave_cpu:.2f}, exam page {page_cpu:.2f}")
    print(f"autosave_ratio={autosave_ratio:.2f} page_ratio={page_ratio:.2f} lost={lost}")


if __name__ == "__main__":
    main()
