"""Where the grading area finds what to score: one grading path per kind of free-text answer.

A question type names its path (``QuestionType.grading_path``). A path gives the text to score (with the
question and reference it is scored against) and the id of the rubric to score it with. ``text`` is built
in: the answer itself and the question's rubric. Other areas register their own at start with
:func:`register_path` (the role-play area registers ``roleplay``: the transcript and the scenario's rubric).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from flask import Flask, current_app

from trainer.bank.question_types import question_types
from trainer.exams.models import Response

EXTENSION = "grading_paths"


@dataclass(frozen=True)
class AnswerText:
    """The text an engine scores, with the question and reference answer it is scored against."""

    text: str
    question: str | None
    reference: str | None


class GradingPath(Protocol):
    """What the grading area asks of a path."""

    def answer_text(self, response: Response) -> AnswerText:
        """The text to score for this response."""
        ...

    def rubric_uid(self, response: Response) -> str | None:
        """The id of the rubric this response is scored against, or None when it has none."""
        ...


class TextPath:
    """A free-text answer scored against its question's rubric."""

    def answer_text(self, response: Response) -> AnswerText:
        """The answer as written, with the question's stem and reference answer."""
        version = response.question_version
        text = response.answer if isinstance(response.answer, str) else ""
        return AnswerText(text, version.stem, version.reference_answer or None)

    def rubric_uid(self, response: Response) -> str | None:
        """The question version's rubric id."""
        return response.question_version.rubric_uid or None


def init_app(app: Flask) -> None:
    """Start the app's path registry with the built-in ``text`` path."""
    app.extensions[EXTENSION] = {"text": TextPath()}


def register_path(app: Flask, name: str, path: GradingPath) -> None:
    """Add a grading path under ``name``; registering a name twice fails loudly."""
    paths = app.extensions.setdefault(EXTENSION, {"text": TextPath()})
    if name in paths:
        raise ValueError(f"grading path {name!r} is registered twice")
    paths[name] = path


def gradable(response: Response) -> bool:
    """Whether the grading area scores this response: a free-text type with an answer given."""
    qtype = question_types().get(response.question_version.type)
    return not qtype.objective and bool(qtype.grading_path) and response.answer not in (None, "")


def path_for(response: Response) -> GradingPath:
    """The grading path of the response's question type; KeyError naming it when none is registered."""
    name = question_types().get(response.question_version.type).grading_path
    try:
        return current_app.extensions[EXTENSION][name]
    except KeyError:
        raise KeyError(f"no grading path {name!r} is registered") from None
