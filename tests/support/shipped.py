"""The shipped free-text questions scored as the app scores them, for tests that score answers to them:
the question's own rubric narrowed to it, its stem as question and its reference answer (see
``bench/dev_set.py``)."""

from __future__ import annotations

import sys
from pathlib import Path

from trainer.grading.offline import OfflineEngine
from trainer.grading.types import CriterionScore, ScoreResult

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import dev_set  # noqa: E402

QUESTIONS = dev_set.load_questions()
ENGINE = OfflineEngine()


def score_shipped(question_id: str, answer: str) -> ScoreResult:
    """``answer`` to the shipped question ``question_id``, scored by the offline engine."""
    q = QUESTIONS[question_id]
    return ENGINE.score(q.rubric, answer, question=q.stem, reference=q.reference or None)


def criteria_by_id(question_id: str, answer: str) -> dict[str, CriterionScore]:
    """The criterion scores of :func:`score_shipped`, by criterion id."""
    return {c.id: c for c in score_shipped(question_id, answer).criteria}
