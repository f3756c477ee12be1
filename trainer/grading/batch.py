"""Batch scoring: JSON lines of answers in, result dicts out, in input order."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from trainer.grading.types import Rubric, ScoreResult

Scorer = Callable[[Rubric, str, str | None, str | None], ScoreResult]


@dataclass(frozen=True)
class AnswerLine:
    """One parsed input line: ``reference`` (when given) overrides the rubric's reference answer."""

    line_no: int
    id: str
    answer: str
    question: str | None = None
    reference: str | None = None


@dataclass(frozen=True)
class BadLine:
    """An input line that could not be used, with its 1-based number and the reason."""

    line_no: int
    error: str


def json_objects(lines: Iterable[str]) -> Iterator[tuple[int, dict[str, Any]] | BadLine]:
    """(line number, object) for each non-blank JSON-lines line; a BadLine where it is not an object."""
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            yield BadLine(number, f"not valid JSON ({exc.msg})")
            continue
        if not isinstance(data, dict):
            yield BadLine(number, "not a JSON object")
            continue
        yield number, data


def parse_lines(lines: Iterable[str]) -> Iterator[AnswerLine | BadLine]:
    """Parse JSON lines ``{"id", "answer", "question"?, "reference"?}``; blank lines are skipped."""
    for item in json_objects(lines):
        if isinstance(item, BadLine):
            yield item
            continue
        number, data = item
        aid, answer = data.get("id"), data.get("answer")
        if isinstance(aid, bool) or not isinstance(aid, str | int) or str(aid).strip() == "":
            yield BadLine(number, 'missing "id"')
            continue
        if not isinstance(answer, str):
            yield BadLine(number, '"answer" must be a string')
            continue
        extra = {k: data.get(k) for k in ("question", "reference")}
        bad = [k for k, v in extra.items() if v is not None and not isinstance(v, str)]
        if bad:
            yield BadLine(number, f'"{bad[0]}" must be a string')
            continue
        yield AnswerLine(number, str(aid), answer, extra["question"], extra["reference"])


def score_lines(
    rubric: Rubric,
    lines: Iterable[str],
    scorer: Scorer,
    on_error: Callable[[BadLine], None] | None = None,
) -> Iterator[dict[str, Any]]:
    """Score every good line in input order and yield ``ScoreResult.to_dict(id)``.

    Malformed lines are passed to ``on_error`` (with their line number) and skipped.
    """
    for item in parse_lines(lines):
        if isinstance(item, BadLine):
            if on_error is not None:
                on_error(item)
            continue
        result = scorer(rubric, item.answer, item.question, item.reference)
        yield result.to_dict(item.id)
