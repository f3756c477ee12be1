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

from flask_babel import gettext as _
from sqlalchemy import or_, select

from trainer.bank.models import STATUS_PUBLISHED, Question, QuestionTag, QuestionVersion, Rubric
from trainer.bank.question_types import MULTIPLE_POLICIES, question_types
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
                raise LayoutError(_("%(section)s: unknown multiple-choice scoring", section=title or "?"))
            questions.append({"uid": str(item["uid"]).strip(), "policy": policy})
        policy = raw.get("policy") or None
        if policy is not None and policy not in MULTIPLE_POLICIES:
            raise LayoutError(_("%(section)s: unknown multiple-choice scoring", section=title or "?"))
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
            raise LayoutError(_("%(section)s: counts and points cannot be negative", section=title or "?"))
        if not questions and not draw:
            raise LayoutError(_("%(section)s: pick questions or set how many to draw", section=title or "?"))
        return section


def _opt_int(value: Any) -> int | None:
    return int(value) if value not in (None, "") else None


def read_config(config: Mapping[str, Any]) -> list[Section]:
    """The sections of an exam config; raises LayoutError when there are none or one is malformed."""
    sections = [Section.from_dict(s) for s in config.get("sections") or []]
    if not sections:
        raise LayoutError(_("An exam needs at least one section."))
    return sections


def review_options(config: Mapping[str, Any], phase: str) -> dict[str, bool]:
    """What a candidate sees in ``phase`` (after_submit or after_close), defaults filled in."""
    chosen = (config.get("review") or {}).get(phase) or {}
    return {k: bool(chosen.get(k, DEFAULT_REVIEW[phase][k])) for k in REVIEW_KEYS}


def gradable() -> Any:
    """SQL condition on the current version: a type that needs no rubric, or one whose rubric exists."""
    rubrics = select(Rubric.uid).where(Rubric.current_version_id.is_not(None))
    return or_(
        QuestionVersion.type.not_in(question_types().rubric_ids()), QuestionVersion.rubric_uid.in_(rubrics)
    )


def _pool(section: Section) -> list[int]:
    """Ids of published, gradable questions matching a section's draw filters, in a stable order.

    A free-text question without a rubric is never drawn: nothing could score it.
    """
    query = (
        select(Question.id)
        .join(QuestionVersion, Question.current_version_id == QuestionVersion.id)
        .where(Question.status == STATUS_PUBLISHED, gradable())
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


def pool_size(section: Section) -> int:
    """How many questions a section's random draw can choose from."""
    return len(_pool(section))


def pick_problem(question: Question | None, uid: str) -> str | None:
    """Why a fixed pick cannot go on a paper (missing, not published, free text with no rubric), or None."""
    if question is None or question.current is None:
        return _("no question “%(uid)s”", uid=uid)
    if question.status != STATUS_PUBLISHED:
        return _("“%(uid)s” is a draft or archived; publish it in the bank first", uid=uid)
    version = question.current
    if question_types().get(version.type).needs_rubric:
        rubric = (
            db.session.scalar(select(Rubric).where(Rubric.uid == version.rubric_uid))
            if version.rubric_uid
            else None
        )
        if rubric is None or rubric.current is None:
            return _("“%(uid)s” is free text with no rubric, so it could not be graded", uid=uid)
    return None


def check_config(config: Mapping[str, Any]) -> list[str]:
    """Problems that would stop a paper being drawn or graded: unknown, draft or ungradable picks, and
    pools smaller than their draw."""
    problems = []
    try:
        sections = read_config(config)
    except LayoutError as exc:
        return [str(exc)]
    for section in sections:
        for pick in section.questions:
            q = db.session.scalar(select(Question).where(Question.uid == pick["uid"]))
            why = pick_problem(q, pick["uid"])
            if why:
                problems.append(_("%(section)s: %(problem)s", section=section.title or "?", problem=why))
        if section.draw:
            available = pool_size(section)
            if available < section.draw:
                problems.append(
                    _(
                        "%(section)s: %(draw)d to draw but only %(n)d match",
                        section=section.title or "?",
                        draw=section.draw,
                        n=available,
                    )
                )
    return problems


def draw_layout(config: Mapping[str, Any], seed: int) -> list[dict[str, Any]]:
    """The paper for one attempt: fixed picks plus random draws, shuffled, all decided by ``seed``.

    The same seed on the same bank gives the same paper. Raises LayoutError when a fixed pick is missing.
    """
    rng = random.Random(seed)
    registry = question_types()
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
                raise LayoutError(_("no question “%(uid)s”", uid=pick["uid"]))
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
                    "policy": registry.get(version.type).policy(version.data or {}, policy),
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
