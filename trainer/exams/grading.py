"""Grading one response of an attempt with its question type, honouring the exam's overrides.

An exam may give an item its own points and its own multiple-choice policy; both live in the attempt's
layout, so grading takes them from there instead of from the question version.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from trainer.bank.question_types import GradeResult, QuestionTypeRegistry, question_types


@dataclass(slots=True)
class GradedItem:
    """What a question type grades: the points this exam gives it and its type data with the policy."""

    points: float
    data: Mapping[str, Any]


def item_data(data: Mapping[str, Any], policy: str | None) -> Mapping[str, Any]:
    """Type data with the exam's multiple-choice policy applied, when the exam sets one."""
    if policy is None or data.get("scoring") == policy:
        return data
    return {**data, "scoring": policy}


def grade_item(
    qtype_id: str,
    data: Mapping[str, Any],
    points: float,
    policy: str | None,
    answer: Any,
    registry: QuestionTypeRegistry | None = None,
) -> GradeResult:
    """Grade a stored answer: a score for objective types, ``pending`` for free text with an answer."""
    qtype = (registry or question_types()).get(qtype_id)
    return qtype.grade(GradedItem(points=float(points), data=item_data(data, policy)), answer)
