"""The exam page's paper, rendered once per attempt and language, with each request's answers filled in.

An attempt's paper never changes: its layout is drawn at the start and the question versions it shows
are frozen. So the page's content (``templates/exams/_paper.html``: heading, navigator, questions) is
rendered once and kept per process. What does change while the candidate works (answers, review flags,
sequence numbers, checked practice items) and the server's clock are left in the HTML as slots, split
out once, and filled on every request from one small query. Answers stay in the HTML, so a page
without JavaScript still shows them. The cache holds no answers: a cached paper is only the public
paper (no keys), and the route checks the attempt belongs to the signed-in user before asking for it.
"""

from __future__ import annotations

import re
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple, cast

from flask import current_app, render_template, url_for
from flask_babel import get_locale
from markupsafe import Markup, escape
from sqlalchemy import Table, bindparam, select

from trainer.exams.integrity import times_away
from trainer.exams.models import MODE_PRACTICE, Attempt, Exam, Response
from trainer.exams.views import paper_view
from trainer.extensions import db

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


def paper_cache() -> PaperCache:
    """This app's paper cache."""
    cache = current_app.extensions.get("exam_papers")
    if cache is None:
        cache = current_app.extensions.setdefault("exam_papers", PaperCache())
    return cast(PaperCache, cache)


_attempts = cast(Table, Attempt.__table__)
_exams = cast(Table, Exam.__table__)
_responses = cast(Table, Response.__table__)
_HEAD = (
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
    )
    .select_from(_attempts.join(_exams, _exams.c.id == _attempts.c.exam_id))
    .where(_attempts.c.id == bindparam("aid"))
)
_STATES = select(
    _responses.c.position, _responses.c.answer, _responses.c.flagged, _responses.c.seq, _responses.c.feedback
).where(_responses.c.attempt_id == bindparam("aid"))


class PageHead(NamedTuple):
    """What the exam page needs to know of an attempt and its exam before showing the paper."""

    user_id: int
    status: str
    seed: int
    started_at: datetime
    deadline_at: datetime | None
    title: str
    instructions: str
    mode: str
    away_limit: int | None


def page_head(attempt_id: int) -> PageHead | None:
    """The attempt's owner, status, deadline and its exam's title, instructions, mode and limit on times
    away, in one query."""
    row = db.session.connection().execute(_HEAD, {"aid": attempt_id}).first()
    return PageHead(*row) if row is not None else None


def item_states(attempt_id: int) -> dict[int, ItemState]:
    """Each position's saved answer, flag, sequence number and checked state, read fresh."""
    rows: Iterable[Any] = db.session.connection().execute(_STATES, {"aid": attempt_id})
    return {
        pos: ItemState(answer, bool(flagged), int(seq or 0), bool((feedback or {}).get("checked")))
        for pos, answer, flagged, seq, feedback in rows
    }


def _render_attempt(attempt_id: int, practice: bool) -> Paper:
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None:
        raise LookupError(f"attempt {attempt_id} is gone")
    return render_paper(attempt, attempt.exam, practice)


def paper_html(attempt_id: int, head: PageHead, now: datetime) -> Markup:
    """The exam page's content for the attempt with its saved state and ``now``, from the cache.

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
    paper = paper_cache().get(key, lambda: _render_attempt(attempt_id, practice))
    away = 0
    if head.away_limit is not None:
        away = times_away(attempt_id)
    return paper.fill(item_states(attempt_id), now.isoformat(), away)
