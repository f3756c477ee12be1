"""Exam day at scale: gunicorn, PostgreSQL and Redis grading workers, candidates stepped up until it breaks.

    .venv/bin/python bench/exam_day.py                                # 100, 200, 400, 600 candidates, ~4 min
    .venv/bin/python bench/exam_day.py --ramp 60 --hold 60            # the exam day as specified: 1-minute ramp
    .venv/bin/python bench/exam_day.py --steps 50,100 --ramp 5 --hold 10

The bench creates its own PostgreSQL database (dropped at the end) and uses a spare, empty Redis database
(``--redis-db``, flushed at the end) for the grading queue and the rate limiter. It seeds the paper of
``bench/exam_load.py`` (20 questions, 10 of them free text) as one exam per step, creates the candidates
(a fast password hash, as in the tests) and signs them all in before the first step. Then it starts
gunicorn (sync, 4 workers) serving the real app on 127.0.0.1 and ``flask worker`` grading processes.

Each step: every candidate starts the exam (``POST /exams/<id>/start``, then the exam page) at a random
moment of the ramp window, autosaves a 500-character free-text answer every ``--autosave`` seconds
(first save at a random offset) until the end of the hold, and every other candidate then saves each of
its ``--answered`` free-text answers once more and submits, within ``--submit-window`` seconds. The load
generator is threads in ``--processes`` forked processes, one keep-alive connection per candidate. The
grading backlog's drain is the time from the last acknowledged submit until the step's grading jobs are
all done. A step holds when autosave p99 < 200 ms with no errors; stepping stops after a step with
errors or an autosave p99 over ``--give-up-ms`` (2 s); held is the largest step that held. At the end every acknowledged save (the latest per answer) is checked against the
database. The last line is ``exam_day: held=N lost=M drain_s=S`` (S: the last step's drain).
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing as mp
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.exam_load import (  # noqa: E402
    PASSWORD,
    answer_text,
    count_lost,
    free_text_positions,
    seed_exam_data,
    sign_in,
    start_gunicorn,
    wait_ready,
)

ENDPOINTS = ("start", "page", "autosave", "submit")
P99_TARGET_MS = 200.0


# --- setting up -------------------------------------------------------------------------------------


def setup(steps: list[int]) -> tuple[list[int], list[dict[str, Any]]]:
    """Migrate, seed one exam per step and max(steps) candidates; returns exam ids and candidates."""
    from flask_migrate import upgrade

    from trainer import create_app
    from trainer.auth.services import create_user
    from trainer.database import utcnow
    from trainer.exams.services import start_attempt
    from trainer.extensions import db

    app = create_app()
    app.config["PASSWORD_HASH_METHOD"] = "pbkdf2:sha256:1000"  # throwaway accounts; sign-in is not measured
    with app.app_context():
        upgrade()
        exams = seed_exam_data([f"考试日 {n} 人" for n in steps] + ["试卷样张"])
        probe, _ = create_user("probe@example.test", PASSWORD, role="candidate")
        positions = free_text_positions(start_attempt(exams[-1], probe, utcnow()))
        people = []
        for n in range(max(steps)):
            user, _ = create_user(f"day{n}@example.test", PASSWORD, role="candidate")
            people.append({"n": n, "email": user.email, "positions": positions})
        db.session.commit()
        exam_ids = [e.id for e in exams[:-1]]
    return exam_ids, people


def job_counts(exam_id: int) -> dict[str, int]:
    """The exam's grading jobs by status (queued, running, done, failed)."""
    from sqlalchemy import func, select

    from trainer.exams.models import Attempt, Response
    from trainer.extensions import db
    from trainer.grading.models import GradingJob

    stmt = (
        select(GradingJob.status, func.count(GradingJob.id))
        .join(Response, Response.id == GradingJob.response_id)
        .join(Attempt, Attempt.id == Response.attempt_id)
        .where(Attempt.exam_id == exam_id)
        .group_by(GradingJob.status)
    )
    counts = {str(status): int(count) for status, count in db.session.execute(stmt)}
    db.session.commit()
    return counts


# --- one candidate ----------------------------------------------------------------------------------


class Candidate:
    """One simulated candidate on its own keep-alive connection, recording latencies and acknowledged saves."""

    def __init__(self, port: int, person: dict[str, Any], cfg: dict[str, Any]) -> None:
        self.port, self.person, self.cfg = port, person, cfg
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.lat: dict[str, list[float]] = {k: [] for k in ENDPOINTS}
        self.acked: dict[tuple[int, int], tuple[int, str]] = {}
        self.errors = 0
        self.seq = 0
        self.attempt = 0
        self.submitted_at = 0.0

    def call(self, name: str, method: str, path: str, body: str | None, headers: dict[str, str]):
        """One request; returns (status, headers, body) or None after a connection error."""
        headers = {"Cookie": self.person["cookie"], **headers}
        start = time.perf_counter()
        try:
            self.conn.request(method, path, body, headers)
            resp = self.conn.getresponse()
            data = resp.read()
        except (OSError, http.client.HTTPException):
            self.errors += 1
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            return None
        self.lat[name].append(time.perf_counter() - start)
        if resp.getheader("Connection", "").lower() == "close":
            self.conn.close()
        return resp.status, resp, data

    def form(self, name: str, path: str) -> Any:
        body = f"csrf_token={quote(self.person['csrf'])}"
        got = self.call(name, "POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})
        if got is None or got[0] != 302:
            self.errors += got is not None
            return None
        return got[1].getheader("Location", "")

    def save(self, pos: int) -> None:
        import json

        self.seq += 1
        text = answer_text(f"{self.person['n']}-{self.attempt}-{pos}-{self.seq}")
        headers = {
            "Content-Type": "application/json",
            "X-CSRFToken": self.person["csrf"],
            "Accept": "application/json",
        }
        body = json.dumps({"pos": pos, "seq": self.seq, "answer": text})
        got = self.call("autosave", "POST", f"/exams/attempts/{self.attempt}/save", body, headers)
        if got is None:
            return
        if got[0] != 200:
            self.errors += 1
            return
        reply = json.loads(got[2])
        if reply.get("ok") and not reply.get("stale"):
            self.acked[(self.attempt, pos)] = (self.seq, text)

    def run(self, exam_id: int, t0: float) -> None:
        """Start within the ramp, autosave until the end of the hold, submit if an even-numbered candidate."""
        cfg, n = self.cfg, self.person["n"]
        rng = random.Random(n * 7919 + exam_id)
        begin = t0 + rng.uniform(0, cfg["ramp"])
        end = t0 + cfg["ramp"] + cfg["hold"]
        time.sleep(max(0.0, begin - time.time()))
        where = self.form("start", f"/exams/{exam_id}/start")
        found = re.search(r"/exams/attempts/(\d+)", where or "")
        if not found:
            self.errors += 1
            return
        self.attempt = int(found.group(1))
        got = self.call("page", "GET", f"/exams/attempts/{self.attempt}", None, {})
        if got is None or got[0] != 200:
            self.errors += got is not None
        answered = self.person["positions"][: cfg["answered"]]
        tick = begin + rng.uniform(0, cfg["autosave"])
        i = 0
        while tick < end:
            time.sleep(max(0.0, tick - time.time()))
            self.save(answered[i % len(answered)])
            i += 1
            tick += cfg["autosave"]
        if n % 2:
            return
        time.sleep(max(0.0, end + rng.uniform(0, cfg["submit_window"]) - time.time()))
        for pos in answered:
            self.save(pos)
        if self.form("submit", f"/exams/attempts/{self.attempt}/submit") is not None:
            self.submitted_at = time.time()
        self.conn.close()


def _process(job: tuple[int, int, float, list[dict[str, Any]], dict[str, Any]]) -> dict[str, Any]:
    port, exam_id, t0, people, cfg = job
    candidates = [Candidate(port, p, cfg) for p in people]
    threads = [threading.Thread(target=c.run, args=(exam_id, t0)) for c in candidates]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {
        "lat": {k: [x for c in candidates for x in c.lat[k]] for k in ENDPOINTS},
        "acked": {key: v for c in candidates for key, v in c.acked.items()},
        "errors": sum(c.errors for c in candidates),
        "last_submit": max((c.submitted_at for c in candidates), default=0.0),
        "submits": sum(1 for c in candidates if c.submitted_at),
    }


def percentile(values: list[float], q: float) -> float:
    """The q-quantile of ``values`` in milliseconds (0 when empty)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] * 1000


# --- the run ----------------------------------------------------------------------------------------


def run_step(pool, port: int, exam_id: int, people: list[dict[str, Any]], cfg: dict[str, Any]) -> dict:
    """Drive one step (ramp, hold, submits), then wait for its grading backlog to drain."""
    from trainer.grading.models import JOB_DONE, JOB_QUEUED, JOB_RUNNING

    procs = cfg["processes"]
    t0 = time.time() + 1.0
    chunks = [people[i::procs] for i in range(procs)]
    outs = pool.map(_process, [(port, exam_id, t0, c, cfg) for c in chunks])
    lat = {k: [x for o in outs for x in o["lat"][k]] for k in ENDPOINTS}
    last_submit = max(o["last_submit"] for o in outs)
    drain = float("nan")
    if last_submit:
        while True:
            counts = job_counts(exam_id)
            if not counts.get(JOB_QUEUED) and not counts.get(JOB_RUNNING):
                drain = max(0.0, time.time() - last_submit)
                break
            if time.time() - last_submit > cfg["drain_timeout"]:
                break
            time.sleep(0.25)
    return {
        "n": len(people),
        "lat": lat,
        "acked": {key: v for o in outs for key, v in o["acked"].items()},
        "errors": sum(o["errors"] for o in outs),
        "submits": sum(o["submits"] for o in outs),
        "drain": drain,
        "graded": job_counts(exam_id).get(JOB_DONE, 0),
    }


def print_table(rows: list[dict[str, Any]]) -> None:
    """One line per step: p50/p99 per endpoint (ms), requests, errors, drain."""
    head = f"{'candidates':>10} " + " ".join(f"{k + ' p50/p99':>17}" for k in ENDPOINTS)
    print(head + f" {'saves':>6} {'submits':>7} {'graded':>6} {'errors':>6} {'drain_s':>7} held")
    for r in rows:
        cells = " ".join(
            f"{percentile(r['lat'][k], 0.5):7.1f}/{percentile(r['lat'][k], 0.99):7.1f}" for k in ENDPOINTS
        )
        print(
            f"{r['n']:>10}   {cells} {len(r['lat']['autosave']):>6} {r['submits']:>7} {r['graded']:>6} {r['errors']:>6} "
            f"{r['drain']:>7.1f} {'yes' if holds(r) else 'no'}"
        )


def holds(row: dict[str, Any]) -> bool:
    """Autosave p99 under the target with no errors."""
    return row["errors"] == 0 and percentile(row["lat"]["autosave"], 0.99) < P99_TARGET_MS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", default="100,200,400,600", help="candidates per step")
    parser.add_argument("--ramp", type=float, default=20.0, help="seconds within which candidates start")
    parser.add_argument("--hold", type=float, default=20.0, help="seconds of autosaving after the ramp")
    parser.add_argument("--autosave", type=float, default=10.0, help="seconds between a candidate's saves")
    parser.add_argument("--submit-window", type=float, default=5.0, help="seconds over which half submit")
    parser.add_argument("--answered", type=int, default=2, help="free-text answers each candidate writes")
    parser.add_argument("--drain-timeout", type=float, default=60.0)
    parser.add_argument("--give-up-ms", type=float, default=2000.0, help="stop after a step with this p99")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--grading-workers", type=int, default=2, help="flask worker processes (1 thread)")
    parser.add_argument("--processes", type=int, default=2, help="load-generator processes")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--redis-db", type=int, default=11, help="a spare, empty Redis database number")
    args = parser.parse_args()
    steps = sorted(int(s) for s in args.steps.split(","))
    cfg = {k: getattr(args, k) for k in ("ramp", "hold", "autosave", "submit_window", "answered")}
    cfg.update(drain_timeout=args.drain_timeout, processes=args.processes)

    import psycopg
    import redis

    redis_url = f"redis://127.0.0.1:6379/{args.redis_db}"
    spare = redis.Redis.from_url(redis_url)
    if spare.dbsize():
        raise SystemExit(f"Redis database {args.redis_db} is not empty: pick a spare one with --redis-db")
    dbname = f"exam_day_{os.getpid()}"
    admin = psycopg.connect(f"{args.postgres}/postgres", autocommit=True)
    admin.execute(f'CREATE DATABASE "{dbname}"')
    tmp = Path(tempfile.mkdtemp(prefix="exam-day-"))
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"{args.postgres}/{dbname}",
        REDIS_URL=redis_url,
        QUEUE_BACKEND="redis",
        QUEUE_NAME=dbname,
        RUN_CONSUMER_IN_APP="0",
        GRADING_ENGINE="offline",
        SECRET_KEY="bench-secret",
        LOGIN_RATE_LIMIT="100000 per minute",
        LOGIN_ACCOUNT_RATE_LIMIT="100000 per minute",
    )
    os.environ.update(env)
    print(
        f"database {dbname}, redis db {args.redis_db}; gunicorn -w {args.workers} sync, "
        f"{args.grading_workers} grading worker(s); steps {steps}; ramp {args.ramp:g} s, hold {args.hold:g} s, "
        f"autosave every {args.autosave:g} s; load average {os.getloadavg()[0]:.2f}",
        flush=True,
    )
    procs: list[subprocess.Popen] = []
    rows: list[dict[str, Any]] = []
    acked: dict[tuple[int, int], tuple[int, str]] = {}
    loads: list[float] = []
    try:
        exam_ids, people = setup(steps)
        procs.append(start_gunicorn(args.port, args.workers, "sync", env, "app:app"))
        log = open(tmp / "workers.log", "w")  # noqa: SIM115 - closed with the directory
        flask = str(Path(sys.executable).parent / "flask")
        for _ in range(args.grading_workers):
            cmd = [flask, "--app", "app", "worker", "-w", "1"]
            procs.append(subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT))
        wait_ready(args.port, procs[0])
        began = time.monotonic()
        with ThreadPoolExecutor(8) as signing:
            list(signing.map(lambda p: sign_in(args.port, p, "/exams/"), people))
        print(f"{len(people)} candidates signed in in {time.monotonic() - began:.0f} s", flush=True)

        from trainer import create_app

        app = create_app()
        with mp.get_context("fork").Pool(args.processes) as pool, app.app_context():
            for exam_id, n in zip(exam_ids, steps, strict=True):
                row = run_step(pool, args.port, exam_id, people[:n], cfg)
                loads.append(os.getloadavg()[0])
                rows.append(row)
                acked.update(row["acked"])
                print(
                    f"step {n}: autosave p99 {percentile(row['lat']['autosave'], 0.99):.1f} ms, "
                    f"errors {row['errors']}, drain {row['drain']:.1f} s, load {loads[-1]:.2f}",
                    flush=True,
                )
                if row["errors"] or percentile(row["lat"]["autosave"], 0.99) > args.give_up_ms:
                    break
        lost = count_lost(acked)
        log.close()
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        spare.flushdb()
        admin.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        admin.close()
    print()
    print_table(rows)
    print(f"latencies in ms; acknowledged saves checked: {len(acked)} (latest per answer); lost: {lost}")
    print(f"load average (1 min) after each step: {', '.join(f'{x:.2f}' for x in loads)}")
    held = max((r["n"] for r in rows if holds(r)), default=0)
    print(f"exam_day: held={held} lost={lost} drain_s={rows[-1]['drain']:.1f}")


if __name__ == "__main__":
    main()
