"""The rubric as used for one question: the question's own anchors, background and reference alignment.

A question version is read as plain attributes (``uid``, ``type``, ``background``, ``data``), so this
module needs no database session.
"""

from __future__ import annotations

from typing import Any

from trainer.bank.question_types import ANSWER_SESSION, question_types
from trainer.grading.types import Rubric


def question_rubric(rubric: Rubric, version: Any) -> Rubric:
    """``rubric`` narrowed to the question of ``version`` (a question version; None leaves it as it is):
    anchors tied to other questions left out, the background known, and the question's
    ``reference_by_criterion`` (its hand alignment of the reference to the criteria) applied. A role-play
    question scores transcripts against a model session (see :meth:`Rubric.for_transcript`)."""
    if version is None:
        return rubric
    registry, type_id = question_types(), getattr(version, "type", "")
    if type_id in registry and registry.get(type_id).answer_input == ANSWER_SESSION:
        return rubric.for_transcript()
    data = getattr(version, "data", None) or {}
    aligned = data.get("reference_by_criterion") if isinstance(data, dict) else None
    return rubric.for_question(
        str(version.uid),
        background=str(getattr(version, "background", "") or ""),
        reference_by_criterion=aligned if isinstance(aligned, dict) else None,
    )
