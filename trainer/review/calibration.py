"""Rubric calibration: how well the engines agree with a trainer's hand scores on sample answers.

Per criterion: exact agreement (same whole score) and adjacent agreement (within one point). On totals:
quadratic weighted kappa (QWK) over whole-point categories 0..max total. The answers with the largest
gap between hand and engine totals are listed so the trainer can see where the rubric misleads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from trainer.bank.question_types import ANSWER_TEXT, question_types
from trainer.grading.batch import BadLine, json_objects
from trainer.grading.context import question_rubric
from trainer.grading.types import Rubric, ScoreResult

# (rubric, answer, question text, reference answer) -> result
Scorer = Callable[[Rubric, str, str | None, str | None], ScoreResult]


@dataclass(frozen=True)
class Sample:
    """A sample answer with the trainer's score per criterion."""

    id: str
    answer: str
    scores: dict[str, float]
    question: str | None = None
    question_id: str | None = None  # the question it answers: scored with its stem, reference, anchors


@dataclass
class Agreement:
    """Agreement of one engine with the hand scores."""

    engine: str
    exact: dict[str, float]
    adjacent: dict[str, float]
    qwk: float
    worst: list[dict[str, Any]] = field(default_factory=list)


class SampleError(ValueError):
    """A sample line that cannot be used, with its 1-based line number."""


def parse_samples(lines: Iterable[str], rubric: Rubric) -> list[Sample]:
    """JSON lines ``{"id", "answer", "scores": {criterion: n}, "question"?, "question_id"?}``; every
    criterion scored. ``question_id`` ties the sample to a question of the bank."""
    samples = []
    for item in json_objects(lines):
        if isinstance(item, BadLine):
            raise SampleError(f"line {item.line_no}: {item.error}")
        number, data = item
        if not isinstance(data.get("answer"), str):
            raise SampleError(f'line {number}: needs an "answer" text')
        scores = data.get("scores")
        if not isinstance(scores, dict):
            raise SampleError(f'line {number}: needs "scores" by criterion')
        sample = _sample(
            str(data.get("id") or number), data["answer"], scores, rubric, number, data.get("question")
        )
        qid = data.get("question_id")
        samples.append(replace(sample, question_id=qid) if isinstance(qid, str) and qid.strip() else sample)
    return samples


def _sample(
    sid: str, answer: str, scores: dict[str, Any], rubric: Rubric, where: Any, question: Any = None
) -> Sample:
    clean: dict[str, float] = {}
    for c in rubric.criteria:
        value = scores.get(c.id)
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= c.max:
            raise SampleError(f"{where}: score for {c.id} must be a number in 0..{c.max:g}")
        clean[c.id] = float(value)
    return Sample(sid, answer, clean, question if isinstance(question, str) else None)


def sample_from_form(
    sid: str, answer: str, scores: dict[str, Any], rubric: Rubric, question_id: str | None = None
) -> Sample:
    """A sample typed into the hand-scoring form (scores as strings)."""
    parsed: dict[str, Any] = {}
    for cid, raw in scores.items():
        try:
            parsed[cid] = float(raw)
        except (TypeError, ValueError):
            parsed[cid] = None
    return replace(_sample(sid, answer, parsed, rubric, f"sample {sid}"), question_id=question_id or None)


def qwk(a: list[int], b: list[int], categories: int) -> float:
    """Quadratic weighted kappa of two integer ratings in 0..categories-1 (1.0 for identical ratings)."""
    n = len(a)
    if n == 0 or categories < 2:
        return 1.0
    observed = [[0.0] * categories for _ in range(categories)]
    for x, y in zip(a, b, strict=True):
        observed[x][y] += 1
    ha = [sum(row) for row in observed]
    hb = [sum(observed[i][j] for i in range(categories)) for j in range(categories)]
    num = den = 0.0
    for i in range(categories):
        for j in range(categories):
            w = (i - j) ** 2 / (categories - 1) ** 2
            num += w * observed[i][j]
            den += w * ha[i] * hb[j] / n
    if den == 0:
        return 1.0 if num == 0 else 0.0
    return 1 - num / den


def agreement(engine: str, rubric: Rubric, samples: list[Sample], results: list[ScoreResult]) -> Agreement:
    """Exact/adjacent agreement per criterion, QWK on totals and the five largest total gaps."""
    exact: dict[str, float] = {}
    adjacent: dict[str, float] = {}
    for c in rubric.criteria:
        diffs = [
            abs(round(s.scores[c.id]) - round(_score(r, c.id))) for s, r in zip(samples, results, strict=True)
        ]
        exact[c.id] = round(sum(d == 0 for d in diffs) / len(diffs), 3) if diffs else 0.0
        adjacent[c.id] = round(sum(d <= 1 for d in diffs) / len(diffs), 3) if diffs else 0.0
    top = int(round(rubric.max_total))
    hand = [min(top, round(sum(s.scores.values()))) for s in samples]
    auto = [min(top, round(r.total)) for r in results]
    worst = sorted(
        (
            {
                "id": s.id,
                "answer": s.answer,
                "hand": sum(s.scores.values()),
                "engine": r.total,
                "gap": round(abs(sum(s.scores.values()) - r.total), 2),
                "hand_scores": s.scores,
                "engine_scores": {c.id: c.score for c in r.criteria},
            }
            for s, r in zip(samples, results, strict=True)
        ),
        key=lambda row: -float(row["gap"]),  # type: ignore[arg-type]
    )[:5]
    return Agreement(engine, exact, adjacent, round(qwk(hand, auto, top + 1), 3), worst)


def _score(result: ScoreResult, criterion_id: str) -> float:
    return next((c.score for c in result.criteria if c.id == criterion_id), 0.0)


def calibrate(
    rubric: Rubric,
    samples: list[Sample],
    scorers: dict[str, Scorer],
    questions: Mapping[str, Any] | None = None,
) -> list[Agreement]:
    """Run each engine on every sample and measure its agreement with the hand scores.

    ``questions`` maps question ids to question versions using this rubric: a sample tied to one (or
    any sample, when the rubric serves a single question) is scored as an answer to it — its stem and
    reference answer, the rubric narrowed to it (its own anchors; an anchor is never scored against
    itself).
    """
    questions = questions or {}
    only = next(iter(questions.values())) if len(questions) == 1 else None
    out = []
    for name, scorer in scorers.items():
        results = []
        for s in samples:
            version = questions.get(s.question_id or "") or (only if not s.question_id else None)
            if version is None:
                results.append(scorer(rubric, s.answer, s.question, None))
                continue
            narrowed = question_rubric(rubric, version)
            reference = version.reference_answer or None
            results.append(scorer(narrowed, s.answer, s.question or version.stem, reference))
        out.append(agreement(name, rubric, samples, results))
    return out


def rubric_questions(rubric_uid: str) -> dict[str, Any]:
    """The current versions of the bank's free-text questions scored with this rubric, by question id."""
    from sqlalchemy import select

    from trainer.bank.models import Question, QuestionVersion
    from trainer.extensions import db

    rows = db.session.scalars(
        select(QuestionVersion)
        .join(Question, Question.current_version_id == QuestionVersion.id)
        .where(QuestionVersion.rubric_uid == rubric_uid)
    ).all()
    registry = question_types()
    return {v.uid: v for v in rows if registry.get(v.type).answer_input == ANSWER_TEXT}


FORM_ROWS = 8  # hand-scored rows on the calibration page


def anchor_form(rubric: Rubric) -> dict[str, str]:
    """The rubric's own scored anchors as filled-in form rows: a trainer starts from known scores."""
    form: dict[str, str] = {}
    for i, anchor in enumerate(rubric.anchors[:FORM_ROWS]):
        form[f"answer-{i}"] = anchor.answer
        if anchor.question:
            form[f"question-{i}"] = anchor.question
        for c in rubric.criteria:
            if c.id in anchor.scores:
                form[f"score-{i}-{c.id}"] = f"{anchor.scores[c.id]:g}"
    return form


def samples_from_form(form: dict[str, str], rubric: Rubric, rows: int = FORM_ROWS) -> list[Sample]:
    """Samples typed into the form: ``answer-<i>`` with ``score-<i>-<criterion>`` for each row used."""
    out = []
    for i in range(rows):
        answer = (form.get(f"answer-{i}") or "").strip()
        if answer:
            scores = {c.id: form.get(f"score-{i}-{c.id}") for c in rubric.criteria}
            qid = (form.get(f"question-{i}") or "").strip() or None
            out.append(sample_from_form(str(i + 1), answer, scores, rubric, qid))
    return out


def engine_scorers(config: Any) -> dict[str, Scorer]:
    """The offline engine, and the LLM engine when one is configured."""
    from trainer.grading.engines import build_engine, score_answer
    from trainer.llm.settings import LLMSettings

    offline = build_engine("offline")
    scorers: dict[str, Scorer] = {
        "offline": lambda r, a, q, ref: score_answer("offline", r, a, q, ref, offline_engine=offline)
    }
    settings = LLMSettings.from_mapping(config)
    if settings.configured:
        from trainer.grading.score_cache import shared_score_cache
        from trainer.llm.app import llm_client

        llm = build_engine("llm", settings, client=llm_client(), cache=shared_score_cache(config))
        scorers["llm"] = lambda r, a, q, ref: score_answer("llm", r, a, q, ref, llm_engine=llm)
    return scorers


def run_calibration(
    rubric: Rubric, form: dict[str, str], jsonl: str, config: Any, questions: Mapping[str, Any] | None = None
) -> tuple[list[Agreement], str]:
    """Samples from the form and the uploaded or pasted JSON lines, run through the engines (answers to
    ``questions`` scored as such, see :func:`calibrate`).

    Returns the agreements and an error message ("" when none)."""
    try:
        samples = samples_from_form(form, rubric)
        samples += parse_samples((jsonl or form.get("jsonl") or "").splitlines(), rubric)
    except SampleError as exc:
        return [], str(exc)
    if len(samples) < 2:
        return [], "at least two scored samples are needed"
    from trainer.llm.errors import LLMError

    try:
        return calibrate(rubric, samples, engine_scorers(config), questions), ""
    except LLMError as exc:
        offline = {"offline": engine_scorers({})["offline"]}
        return calibrate(rubric, samples, offline, questions), f"LLM failed: {exc}"
