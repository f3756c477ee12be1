"""Item analysis of an exam, computed the way Moodle's quiz statistics report computes it.

Per item, over the submitted attempts that have a score for it, with ``x`` the item's score as a fraction
of its maximum and ``R`` the rest of the attempt (its total minus this item's points):

- facility index ``F = mean(x)``: the share of the item's points earned (the share correct for 0/1 items);
- standard deviation of ``x`` (sample, n − 1);
- discrimination index ``corr(x, R)``: the item–rest correlation, −1..1, shown as a percentage;
- discriminative efficiency ``cov(x, R) / cov_max``, where ``cov_max`` is the covariance of ``x`` and ``R``
  each sorted ascending and paired rank by rank: how much of the best discrimination this item's score
  spread allows it actually reaches.

For the test, over the attempts that answered every item the statistics use (``k`` items):

- Cronbach's alpha (coefficient of internal consistency) ``k/(k−1) · (1 − Σ var(item) / var(total))``;
- error ratio ``sqrt(1 − alpha)``: the share of the spread of totals that is measurement error;
- standard error ``SD(total) · sqrt(1 − alpha)``, in points.

A statistic is None when it cannot be computed (fewer than two attempts, or no spread). Flags are raised
only from ``min_n`` attempts on (the ``ITEM_STATS_MIN_N`` setting), so one early attempt flags nothing:
``too_easy`` (F > 0.90), ``too_hard`` (F < 0.20), ``negative`` (discrimination < 0), ``weak``
(0 ≤ discrimination < 0.20).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from trainer.bank.question_types import question_types
from trainer.exams.models import ATTEMPT_IN_PROGRESS, Attempt
from trainer.extensions import db

EASY, HARD, WEAK = 0.90, 0.20, 0.20
DEFAULT_MIN_N = 10
FLAG_NAMES = ("too_easy", "too_hard", "negative", "weak")


@dataclass
class ItemStats:
    """The statistics of one question across the attempts that have a score for it."""

    uid: str
    stem: str
    n: int
    facility: float | None
    sd: float | None
    discrimination: float | None
    efficiency: float | None
    options: dict[str, int] = field(default_factory=dict)
    key: Any = None
    objective: bool = True
    flags: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PaperStats:
    """Whole-test statistics: how consistently the items measure the same thing."""

    attempts: int
    items: int
    mean: float | None
    sd: float | None
    alpha: float | None
    error_ratio: float | None
    standard_error: float | None


@dataclass(frozen=True)
class ItemAnswer:
    """One attempt's result on one item: the attempt's total, points earned and possible, the choice."""

    attempt_total: float
    attempt_id: int
    points: float
    max_points: float
    choice: Any = None

    @property
    def earned(self) -> float:
        """The fraction of the item's points earned, 0..1."""
        return self.points / self.max_points if self.max_points else 0.0


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def _cov(a: Sequence[float], b: Sequence[float]) -> float:
    ma, mb = _mean(a), _mean(b)
    return sum((x - ma) * (y - mb) for x, y in zip(a, b, strict=True)) / (len(a) - 1)


def _var(values: Sequence[float]) -> float:
    return _cov(values, values)


def _round(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(value, digits)


def analyse_item(
    uid: str,
    stem: str,
    answers: Sequence[ItemAnswer],
    key: Any = None,
    objective: bool = True,
    min_n: int = DEFAULT_MIN_N,
) -> ItemStats:
    """Facility, spread, discrimination index and efficiency, option counts and flags for one item."""
    n = len(answers)
    x = [a.earned for a in answers]
    rest = [a.attempt_total - a.points for a in answers]
    facility = _mean(x) if n else None
    sd = discrimination = efficiency = None
    if n >= 2:
        var_x, var_r = _var(x), _var(rest)
        sd = math.sqrt(var_x)
        if var_x > 0 and var_r > 0:
            cov = _cov(x, rest)
            discrimination = cov / math.sqrt(var_x * var_r)
            cov_max = _cov(sorted(x), sorted(rest))
            efficiency = cov / cov_max if cov_max > 0 else None
    options: Counter[str] = Counter()
    if objective:
        for a in answers:
            picks = a.choice if isinstance(a.choice, list) else [a.choice]
            for pick in picks:
                options["—" if pick is None else str(pick)] += 1
    flags: list[str] = []
    if n >= min_n and facility is not None:
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
        facility=_round(facility),
        sd=_round(sd),
        discrimination=_round(discrimination),
        efficiency=_round(efficiency),
        options=dict(sorted(options.items())),
        key=key,
        objective=objective,
        flags=flags,
    )


def paper_statistics(scores: dict[int, dict[str, float]]) -> PaperStats:
    """Cronbach's alpha, error ratio and standard error from ``{attempt id: {item: points}}``.

    Only items every attempt has a score for are used, so random draws compare like with like.
    """
    attempts = list(scores.values())
    common = sorted(set.intersection(*(set(s) for s in attempts))) if attempts else []
    totals = [sum(s[item] for item in common) for s in attempts]
    n, k = len(attempts), len(common)
    mean = _mean(totals) if n else None
    sd = math.sqrt(_var(totals)) if n >= 2 else None
    alpha = error_ratio = standard_error = None
    if n >= 2 and k >= 2 and sd:
        item_var = sum(_var([s[item] for s in attempts]) for item in common)
        alpha = k / (k - 1) * (1 - item_var / sd**2)
        if alpha <= 1:
            error_ratio = math.sqrt(max(0.0, 1 - alpha))
            standard_error = sd * error_ratio
    return PaperStats(
        n, k, _round(mean, 2), _round(sd, 2), _round(alpha), _round(error_ratio), _round(standard_error, 2)
    )


def exam_items(exam_id: int, min_n: int = DEFAULT_MIN_N) -> tuple[list[ItemStats], PaperStats]:
    """Item statistics for every question scored in the exam's submitted attempts, and the test's."""
    attempts = db.session.scalars(
        select(Attempt).where(Attempt.exam_id == exam_id, Attempt.status != ATTEMPT_IN_PROGRESS)
    ).all()
    types = question_types()
    by_item: dict[str, list[ItemAnswer]] = {}
    meta: dict[str, tuple[str, Any, bool]] = {}
    matrix: dict[int, dict[str, float]] = {}
    for attempt in attempts:
        scored = [r for r in attempt.responses if r.score is not None and r.max_score]
        total = sum(r.score or 0.0 for r in scored)
        for r in scored:
            version = r.question_version
            objective = types.get(version.type).objective
            uid = version.question.uid
            answer = ItemAnswer(
                total, attempt.id, r.score or 0.0, r.max_score, r.answer if objective else None
            )
            by_item.setdefault(uid, []).append(answer)
            meta.setdefault(uid, (version.stem, version.data.get("answer") if objective else None, objective))
            matrix.setdefault(attempt.id, {})[uid] = r.score or 0.0
    items = [
        analyse_item(uid, meta[uid][0], answers, meta[uid][1], meta[uid][2], min_n)
        for uid, answers in sorted(by_item.items())
    ]
    return items, paper_statistics(matrix)
