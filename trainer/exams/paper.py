"""The exam page's paper, rendered once per attempt and language, with each request's answers filled in.

An attempt's paper never changes: its layout is drawn at the start and the question versions it shows
are frozen. So the page's content (``templates/exams/_paper.html``: heading, navigator, questions) is
rendered once and kept per process. What does change while the candidate works (answers, review flags,
sequence numbers, checked practice items) and the server's clock are left in the HTML as slots, split
out once, and filled on every request from one small query. Answers stay in the HTML, so a page
without JavaScript still shows them. The cache holds no answers: a cached paper is only the public
paper (no keys), and the route checks the attempt belongs to the signed-in user before asking for it.

Rendered papers are also shared between web processes, so that only the first visit renders: in Redis
when ``REDIS_URL`` is set (for a day), else in the ``exam_papers`` table (removed when the attempt is
submitted). Their key adds a fingerprint of the code, templates and translations, so a deployment that
changes how papers look never serves an old one.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple, cast

import redis
from flask import current_app, render_template, url_for
from flask_babel import get_locale
from markupsafe import Markup, escape
from sqlalchemy import Table, bindparam, delete, insert, select
from sqlalchemy.exc import SQLAlchemyError

from trainer.database import utcnow
from trainer.exams.integrity import times_away
from trainer.exams.models import MODE_PRACTICE, Attempt, Exam, Response, StoredPaper
from trainer.exams.views import paper_view
from trainer.extensions import db

log = logging.getLogger(__name__)

# Papers kept per process: an in-progress attempt's paper is used on every visit and reload.
CACHE_SIZE = 256

# Slot markers carry a per-process random token, so no question text can imitate one.
_TOKEN = secrets.token_hex(8)
_SLOT = re.compile("\x00" + _TOKEN + r":(\w+):(\d+):(\d*)\x00")


class ItemState(NamedTuple):
    """What the candidate has done with one question so far."""

    answer: Any = None
    flagged: bool = False
    seq: int = 0
    checked: bool = False


_EMPTY = ItemState()


def _slot(kind: str, pos: int, arg: int | str = "") -> Markup:
    """A marker for the template where a value of the candidate's state goes."""
    return Markup(f"\x00{_TOKEN}:{kind}:{int(pos)}:{arg}\x00")  # noqa: S704 - our own marker, no input


def _option_checked(answer: Any, key: str) -> bool:
    return answer == key or (isinstance(answer, list) and key in answer)


@dataclass(frozen=True)
class Paper:
    """A rendered paper: static HTML pieces with a slot between each two, and each item's option keys."""

    parts: tuple[str, ...]
    slots: tuple[tuple[str, int, str], ...]
    option_keys: Mapping[int, tuple[str, ...]]

    def fill(self, states: Mapping[int, ItemState], now: str, away: int = 0) -> Markup:
        """The paper's HTML with each item's saved answer, flag, sequence number and checked state, the
        server's clock and the times away so far."""
        out = [self.parts[0]]
        for (kind, pos, arg), part in zip(self.slots, self.parts[1:], strict=True):
            if kind == "now":
                out.append(str(escape(now)))
            elif kind == "away":
                out.append(str(int(away)))
            else:
                out.append(_FILLERS[kind](states.get(pos, _EMPTY), self.option_keys.get(pos, ()), arg))
            out.append(part)
        return Markup("".join(out))  # noqa: S704 - rendered by Jinja; slot values are escaped below


def _nav_class(state: ItemState) -> str:
    return ("answered" if state.answer is not None else "") + (" flagged" if state.flagged else "")


def _option(state: ItemState, keys: tuple[str, ...], arg: str) -> str:
    index = int(arg)
    return "checked" if index < len(keys) and _option_checked(state.answer, keys[index]) else ""


def _text(state: ItemState) -> str:
    answer = state.answer
    return str(escape(answer)) if answer else ""


_FILLERS: dict[str, Callable[[ItemState, tuple[str, ...], str], str]] = {
    "seq": lambda s, _k, _a: str(int(s.seq)),
    "checked": lambda s, _k, _a: "true" if s.checked else "false",
    "locked": lambda s, _k, _a: "disabled" if s.checked else "",
    "flag": lambda s, _k, _a: "checked" if s.flagged else "",
    "nav": lambda s, _k, _a: _nav_class(s),
    "option": _option,
    "true": lambda s, _k, _a: "checked" if s.answer is True else "",
    "false": lambda s, _k, _a: "checked" if s.answer is False else "",
    "text": lambda s, _k, _a: _text(s),
}


def render_paper(attempt: Attempt, exam: Exam, practice: bool) -> Paper:
    """Render the attempt's paper with slots, and split it into static pieces and slots."""
    sections = paper_view(attempt)
    html = render_template(
        "exams/_paper.html",
        attempt=attempt,
        exam=exam,
        sections=sections,
        practice=practice,
        submit_url=url_for("exams.submit", attempt_id=attempt.id),
        slot=_slot,
    )
    pieces = _SLOT.split(html)
    unknown = set(pieces[1::4]) - set(_FILLERS) - {"now", "away"}
    if unknown:
        raise ValueError(f"unknown paper slots: {sorted(unknown)}")
    slots = tuple((pieces[i], int(pieces[i + 1]), pieces[i + 2]) for i in range(1, len(pieces) - 1, 4))
    keys = {q["pos"]: tuple(o["key"] for o in q["options"]) for section in sections for q in section["items"]}
    return Paper(parts=tuple(pieces[0::4]), slots=slots, option_keys=keys)


class PaperCache:
    """A small thread-safe LRU of rendered papers, one per app (attempt ids restart with a new database)."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self._papers: OrderedDict[Hashable, Paper] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, build: Callable[[], Paper]) -> Paper:
        """The paper under ``key``, rendering it with ``build`` the first time."""
        with self._lock:
            paper = self._papers.get(key)
            if paper is not None:
                self._papers.move_to_end(key)
                return paper
        paper = build()
        with self._lock:
            self._papers[key] = paper
            while len(self._papers) > self.size:
                self._papers.popitem(last=False)
        return paper

    def __len__(self) -> int:
        return len(self._papers)


# --- papers shared by every web process ---------------------------------------------------------------

SHARED_TTL_SECONDS = 24 * 3600  # in Redis; the table's rows go when the attempt is submitted
REDIS_PREFIX = "cs-trainer:paper:"
_ROOT = Path(__file__).resolve().parent.parent.parent
_fingerprint: str | None = None
_redis_clients: dict[str, redis.Redis] = {}


def code_fingerprint() -> str:
    """A digest of the app's code, templates and translations (read once per process)."""
    global _fingerprint
    if _fingerprint is None:
        digest = hashlib.sha256()
        for folder in (_ROOT / "trainer", _ROOT / "templates"):
            for path in sorted(folder.rglob("*")):
                if path.suffix in (".py", ".html", ".po", ".mo") and path.is_file():
                    digest.update(str(path.relative_to(_ROOT)).encode() + b"\0" + path.read_bytes())
        _fingerprint = digest.hexdigest()
    return _fingerprint


def shared_key(key: tuple[Any, ...]) -> str:
    """The shared store's key for a paper cache key: what the paper depends on, and the code."""
    types = current_app.config.get("QUESTION_TYPES") or ()
    raw = json.dumps([code_fingerprint(), repr(types), *map(str, key)], ensure_ascii=False)
    return hashlib.sha256(raw.encode()).hexdigest()


def dump_paper(paper: Paper) -> str:
    return json.dumps(
        {"parts": paper.parts, "slots": paper.slots, "keys": list(paper.option_keys.items())},
        ensure_ascii=False,
    )


def load_paper(body: str | bytes) -> Paper:
    data = json.loads(body)
    return Paper(
        parts=tuple(data["parts"]),
        slots=tuple((kind, int(pos), arg) for kind, pos, arg in data["slots"]),
        option_keys={int(pos): tuple(keys) for pos, keys in data["keys"]},
    )


class DatabasePapers:
    """Shared papers in the ``exam_papers`` table, written on a connection of their own."""

    def get(self, key: str) -> Paper | None:
        try:
            row = (
                db.session.connection()
                .execute(select(StoredPaper.body).where(StoredPaper.key == key))
                .first()
            )
        except SQLAlchemyError:
            log.warning("shared paper read failed", exc_info=True)
            return None
        return load_paper(row[0]) if row is not None else None

    def put(self, key: str, attempt_id: int, paper: Paper) -> None:
        try:
            with db.engine.begin() as conn:
                conn.execute(delete(StoredPaper).where(StoredPaper.key == key))
                conn.execute(
                    insert(StoredPaper).values(
                        key=key, attempt_id=attempt_id, body=dump_paper(paper), created_at=utcnow()
                    )
                )
        except SQLAlchemyError:  # e.g. another process stored the same paper at the same moment
            log.warning("shared paper write failed", exc_info=True)


class RedisPapers:
    """Shared papers in Redis, for a day."""

    def __init__(self, client: redis.Redis) -> None:
        self.client = client

    def get(self, key: str) -> Paper | None:
        try:
            raw = self.client.get(REDIS_PREFIX + key)
        except redis.RedisError:
            log.warning("shared paper read failed", exc_info=True)
            return None
        return load_paper(raw) if raw else None

    def put(self, key: str, attempt_id: int, paper: Paper) -> None:
        try:
            self.client.set(REDIS_PREFIX + key, dump_paper(paper), ex=SHARED_TTL_SECONDS)
        except redis.RedisError:
            log.warning("shared paper write failed", exc_info=True)


def shared_papers() -> DatabasePapers | RedisPapers:
    """Where this app shares rendered papers: Redis when ``REDIS_URL`` is set, else the database."""
    url = str(current_app.config.get("REDIS_URL") or "")
    if not url:
        return DatabasePapers()
    client = _redis_clients.get(url)
    if client is None:
        client = _redis_clients[url] = redis.Redis.from_url(url)
    return RedisPapers(client)


def paper_cache() -> PaperCache:
    """This app's paper cache."""
    cache = current_app.extensions.get("exam_papers")
    if cache is None:
        cache = current_app.extensions.setdefault("exam_papers", PaperCache())
    return cast(PaperCache, cache)


_attempts = cast(Table, Attempt.__table__)
_exams = cast(Table, Exam.__table__)
_responses = cast(Table, Response.__table__)
_PAGE = (
    select(
        _attempts.c.user_id,
        _attempts.c.status,
        _attempts.c.seed,
        _attempts.c.started_at,
        _attempts.c.deadline_at,
        _exams.c.title,
        _exams.c.instructions,
        _exams.c.mode,
        _exams.c.away_limit,
        _responses.c.position,
        _responses.c.answer,
        _responses.c.flagged,
        _responses.c.seq,
        _responses.c.feedback,
    )
    .select_from(
        _attempts.join(_exams, _exams.c.id == _attempts.c.exam_id).outerjoin(
            _responses, _responses.c.attempt_id == _attempts.c.id
        )
    )
    .where(_attempts.c.id == bindparam("aid"))
)


class PageHead(NamedTuple):
    """What the exam page needs of an attempt and its exam, and each item's saved state, read fresh."""

    user_id: int
    status: str
    seed: int
    started_at: datetime
    deadline_at: datetime | None
    title: str
    instructions: str
    mode: str
    away_limit: int | None
    states: dict[int, ItemState]


def page_head(attempt_id: int) -> PageHead | None:
    """The attempt's owner, status, deadline, its exam's title, instructions, mode and limit on times away,
    and each position's saved answer, flag, sequence number and checked state: one query."""
    rows: list[Any] = list(db.session.connection().execute(_PAGE, {"aid": attempt_id}))
    if not rows:
        return None
    states = {
        pos: ItemState(answer, bool(flagged), int(seq or 0), bool((feedback or {}).get("checked")))
        for *_head, pos, answer, flagged, seq, feedback in rows
        if pos is not None
    }
    user_id, status, seed, started_at, deadline_at, title, instructions, mode, away_limit = rows[0][:9]
    return PageHead(
        user_id, status, seed, started_at, deadline_at, title, instructions, mode, away_limit, states
    )


def _render_attempt(attempt_id: int, practice: bool) -> Paper:
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None:
        raise LookupError(f"attempt {attempt_id} is gone")
    return render_paper(attempt, attempt.exam, practice)


def _shared_or_rendered(attempt_id: int, practice: bool, key: tuple[Any, ...]) -> Paper:
    """The paper another process stored, or rendered here and stored for the others."""
    store, digest = shared_papers(), shared_key(key)
    paper = store.get(digest)
    if paper is None:
        paper = _render_attempt(attempt_id, practice)
        store.put(digest, attempt_id, paper)
    return paper


def paper_html(attempt_id: int, head: PageHead, now: datetime) -> Markup:
    """The exam page's content for the attempt with the saved state read with ``head``, and ``now``.

    The key holds the attempt's id, seed and start (never reused together), its deadline, the language,
    and what a trainer may still edit on the exam (title, instructions, mode, limit on times away).
    """
    practice = head.mode == MODE_PRACTICE
    key = (
        attempt_id,
        head.seed,
        head.started_at,
        head.deadline_at,
        str(get_locale()),
        head.title,
        head.instructions,
        practice,
        head.away_limit,
    )
    paper = paper_cache().get(key, lambda: _shared_or_rendered(attempt_id, practice, key))
    away = 0
    if head.away_limit is not None:
        away = times_away(attempt_id)
    return paper.fill(head.states, now.isoformat(), away)
