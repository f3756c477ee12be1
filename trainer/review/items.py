"""Item analysis of objective questions: facility, discrimination (upper/lower 27 %), option choices.

- facility index ``p``: the mean fraction of the item's points earned (the share correct for 0/1 items);
- discrimination index ``D``: mean fraction earned by the top 27 % of candidates (by total score) minus
  that of the bottom 27 %; each group has ``max(1, round(0.27 · N))`` attempts;
- flags: ``too_easy`` (p > 0.90), ``too_hard`` (p < 0.20), ``negative`` (D < 0), ``weak`` (0 ≤ D < 0.20).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

GROUP_SHARE = 0.27
EASY, HARD, WEAK = 0.90, 0.20, 0.20


@dataclass
class ItemStats:
    """The statistics of one question across the attempts that answered it."""

    uid: str
    stem: str
    n: int
    facility: float
    discrimination: float | None
    options: dict[str, int] = field(default_factory=dict)
    key: Any = None
    flags: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ItemAnswer:
    """One attempt's answer to one item: the attempt's total, the fraction earned, the choice made."""

    attempt_total: float
    attempt_id: int
    earned: float  # 0..1
    choice: Any


def group_size(n: int) -> int:
    """How many attempts form the upper (and the lower) group."""
    return max(1, round(GROUP_SHARE * n))


def analyse_item(uid: str, stem: str, answers: list[ItemAnswer], key: Any = None) -> ItemStats:
    """Facility, discrimination, option counts and flags for one item."""
    n = len(answers)
    facility = sum(a.earned for a in answers) / n if n else 0.0
    discrimination: float | None = None
    if n >= 2:
        ranked = sorted(answers, key=lambda a: (-a.attempt_total, a.attempt_id))
        k = group_size(n)
        upper, lower = ranked[:k], ranked[-k:]
        discrimination = sum(a.earned for a in upper) / k - sum(a.earned for a in lower) / k
    options: Counter[str] = Counter()
    for a in answers:
        picks = a.choice if isinstance(a.choice, list) else [a.choice]
        for pick in picks:
            options["—" if pick is None else str(pick)] += 1
    flags = []
    if n:
        if facility > EASY:
            flags.append("too_easy")
        if facility < HARD:
            flags.append("too_hard")
    if discrimination is not None:
        if discrimination < 0:
            flags.append("negative")
        elif discrimination < WEAK:
            flags.append("weak")
    return ItemStats(
        uid=uid,
        stem=stem,
        n=n,
        facility=round(facility, 3),
        discrimination=None if discrimination is None else round(discrimination, 3),
        options=dict(sorted(options.items())),
        key=key,
        flags=flags,
    )


def exam_items(exam_id: int) -> list[ItemStats]:
    """Item statistics for every objective question answered in the exam's submitted attempts."""
    from sqlalchemy import select

    from trainer.bank.question_types import question_types
    from trainer.exams.models import ATTEMPT_IN_PROGRESS, Attempt
    from trainer.extensions import db

    attempts = db.session.scalars(
        select(Attempt).where(Attempt.exam_id == exam_id, Attempt.status != ATTEMPT_IN_PROGRESS)
    ).all()
    types = question_types()
    by_item: dict[str, list[ItemAnswer]] = {}
    meta: dict[str, tuple[str, Any]] = {}
    for attempt in attempts:
        total = attempt.score or 0.0
        for r in attempt.responses:
            version = r.question_version
            if not types.get(version.type).objective:
                continue
            uid = version.question.uid
            earned = (r.score or 0.0) / r.max_score if r.max_score else 0.0
            by_item.setdefault(uid, []).append(ItemAnswer(total, attempt.id, earned, r.answer))
            meta.setdefault(uid, (version.stem, version.data.get("answer")))
    return [
        analyse_item(uid, meta[uid][0], answers, meta[uid][1]) for uid, answers in sorted(by_item.items())
    ]
