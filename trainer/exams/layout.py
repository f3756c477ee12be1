"""An exam's paper: its settings as stored in ``Exam.config``, and the per-attempt draw.

``Exam.config`` holds::

    {"sections": [{"title": "单选", "questions": [{"uid": "q-1", "policy": null}], "draw": 5,
                   "type": "single", "tags": ["物流"], "difficulty_min": 1, "difficulty_max": 3,
                   "points": 2, "policy": "partial"}],
     "shuffle_questions": true, "shuffle_options": true,
     "review": {"after_submit": {"score": true, ...}, "after_close": {...}}}

A section holds fixed picks (``questions``, each with an optional multiple-choice policy) and/or a random
draw of ``draw`` more questions matching its filters. Each attempt draws its own set with its own seed
and keeps the result in ``Attempt.layout``::

    [{"title": "单选", "items": [{"pos": 0, "qv": 12, "points": 2.0, "policy": null,
                                 "order": ["C", "A", "B", "D"]}]}]

so a resumed attempt shows the same paper, and later edits to the bank never change it.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from trainer.bank.models import STATUS_PUBLISHED, Question, QuestionTag, QuestionVersion
from trainer.bank.question_types import MULTIPLE_POLICIES
from trainer.extensions import db

REVIEW_KEYS = ("score", "answers", "explanation", "feedback")
DEFAULT_REVIEW = {
    "after_submit": {"score": True, "answers": False, "explanation": False, "feedback": True},
    "after_close": {"score": True, "answers": True, "explanation": True, "feedback": True},
}


class LayoutError(ValueError):
    """An exam configuration that cannot produce a paper; the message says what to fix."""


@dataclass
class Section:
    """One section of an exam as configured by the trainer."""

    title: str
    questions: list[dict[str, Any]] = field(default_factory=list)  # [{"uid", "policy"}]
    draw: int = 0
    type: str | None = None
    lang: str | None = None
    tags: list[str] = field(default_factory=list)
    difficulty_min: int | None = None
    difficulty_max: int | None = None
    points: float | None = None
    policy: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form kept in ``Exam.config``."""
        return {
            "title": self.title,
            "questions": [dict(q) for q in self.questions],
            "draw": self.draw,
            "type": self.type,
            "lang": self.lang,
            "tags": list(self.tags),
            "difficulty_min": self.difficulty_min,
            "difficulty_max": self.difficulty_max,
            "points": self.points,
            "policy": self.policy,
        }

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Section:
        """Read and check one section dict; raises LayoutError."""
        title = str(raw.get("title") or "").strip()
        questions = []
        for q in raw.get("questions") or []:
            item = {"uid": q, "policy": None} if isinstance(q, str) else dict(q)
            policy = item.get("policy") or None
            if policy is not None and policy not in MULTIPLE_POLICIES:
                raise LayoutError(f"{title}: unknown multiple-choice policy {policy!r}")
            questions.append({"uid": str(item["uid"]).strip(), "policy": policy})
        policy = raw.get("policy") or None
        if policy is not None and policy not in MULTIPLE_POLICIES:
            raise LayoutError(f"{title}: unknown multiple-choice policy {policy!r}")
        draw = int(raw.get("draw") or 0)
        points = raw.get("points")
        section = cls(
            title=title,
            questions=questions,
            draw=draw,
            type=raw.get("type") or None,
            lang=raw.get("lang") or None,
            tags=[str(t).strip() for t in raw.get("tags") or [] if str(t).strip()],
            difficulty_min=_opt_int(raw.get("difficulty_min")),
            difficulty_max=_opt_int(raw.get("difficulty_max")),
            points=float(points) if points not in (None, "") else None,
            policy=policy,
        )
        if draw < 0 or (section.points is not None and section.points < 0):
            raise LayoutError(f"{title}: counts and points cannot be negative")
        if not questions and not draw:
            raise LayoutError(f"{title or '?'}: pick questions or set how many to draw")
        return section


def _opt_int(value: Any) -> int | None:
    return int(value) if value not in (None, "") else None


def read_config(config: Mapping[str, Any]) -> list[Section]:
    """The sections of an exam config; raises LayoutError when there are none or one is malformed."""
    sections = [Section.from_dict(s) for s in config.get("sections") or []]
    if not sections:
        raise LayoutError("an exam needs at least one section")
    return sections


def review_options(config: Mapping[str, Any], phase: str) -> dict[str, bool]:
    """What a candidate sees in ``phase`` (after_submit or after_close), defaults filled in."""
    chosen = (config.get("review") or {}).get(phase) or {}
    return {k: bool(chosen.get(k, DEFAULT_REVIEW[phase][k])) for k in REVIEW_KEYS}


def _pool(section: Section) -> list[int]:
    """Ids of published questions matching a section's draw filters, in a stable order."""
    query = (
        select(Question.id)
        .join(QuestionVersion, Question.current_version_id == QuestionVersion.id)
        .where(Question.status == STATUS_PUBLISHED)
    )
    if section.type:
        query = query.where(QuestionVersion.type == section.type)
    if section.lang:
        query = query.where(QuestionVersion.lang == section.lang)
    if section.difficulty_min is not None:
        query = query.where(QuestionVersion.difficulty >= section.difficulty_min)
    if section.difficulty_max is not None:
        query = query.where(QuestionVersion.difficulty <= section.difficulty_max)
    if section.tags:
        query = query.where(Question.tags.any(QuestionTag.tag.in_(section.tags)))
    return list(db.session.scalars(query.order_by(Question.id)))


def check_config(config: Mapping[str, Any]) -> list[str]:
    """Problems that would stop a paper being drawn: unknown picks, pools smaller than their draw."""
    problems = []
    try:
        sections = read_config(config)
    except LayoutError as exc:
        return [str(exc)]
    for section in sections:
        for pick in section.questions:
            q = db.session.scalar(select(Question).where(Question.uid == pick["uid"]))
            if q is None or q.current is None:
                problems.append(f"{section.title}: no question {pick['uid']!r}")
        if section.draw:
            available = len(_pool(section))
            if available < section.draw:
                problems.append(f"{section.title}: {section.draw} to draw but only {available} match")
    return problems


def draw_layout(config: Mapping[str, Any], seed: int) -> list[dict[str, Any]]:
    """The paper for one attempt: fixed picks plus random draws, shuffled, all decided by ``seed``.

    The same seed on the same bank gives the same paper. Raises LayoutError when a fixed pick is missing.
    """
    rng = random.Random(seed)
    shuffle_questions = bool(config.get("shuffle_questions", False))
    shuffle_options = bool(config.get("shuffle_options", False))
    used: set[int] = set()
    layout: list[dict[str, Any]] = []
    pos = 0
    for section in read_config(config):
        picks: list[tuple[QuestionVersion, str | None]] = []
        for pick in section.questions:
            q = db.session.scalar(select(Question).where(Question.uid == pick["uid"]))
            if q is None or q.current is None:
                raise LayoutError(f"{section.title}: no question {pick['uid']!r}")
            used.add(q.id)
            picks.append((q.current, pick["policy"] or section.policy))
        if section.draw:
            pool = [qid for qid in _pool(section) if qid not in used]
            chosen = rng.sample(pool, min(section.draw, len(pool)))
            used.update(chosen)
            questions = db.session.scalars(select(Question).where(Question.id.in_(chosen))).unique().all()
            by_id = {q.id: q for q in questions}
            picks.extend((by_id[qid].current, section.policy) for qid in chosen if by_id[qid].current)  # type: ignore[misc]
        if shuffle_questions:
            rng.shuffle(picks)
        items = []
        for version, policy in picks:
            order = list((version.data or {}).get("options") or {})
            if shuffle_options and order:
                rng.shuffle(order)
            items.append(
                {
                    "pos": pos,
                    "qv": version.id,
                    "points": section.points if section.points is not None else float(version.points),
                    "policy": policy if version.type == "multiple" else None,
                    "order": order or None,
                }
            )
            pos += 1
        layout.append({"title": section.title, "items": items})
    return layout


def layout_items(layout: Sequence[Mapping[str, Any]]) -> dict[int, dict[str, Any]]:
    """Every item of a drawn paper by position, with its section index added as ``section``."""
    out = {}
    for index, section in enumerate(layout):
        for item in section["items"]:
            out[int(item["pos"])] = {**item, "section": index}
    return out
