"""What the exam and result pages show, as plain dicts: never an answer key before review allows it.

The paper page gets each question's public data only (``QuestionType.public_data``), with options in
the attempt's shuffled order under positional letters. The result page adds scores, keys, 解析 and rubric
feedback according to the exam's review options for the current phase (after submit / after close).
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from flask import current_app, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from trainer.bank.markdown import render_markdown
from trainer.bank.question_types import question_types
from trainer.exams.layout import layout_items, review_options
from trainer.exams.models import (
    MODE_PRACTICE,
    RESPONSE_GRADED,
    RESPONSE_REVIEW,
    RESPONSE_UNANSWERED,
    Attempt,
    Response,
)
from trainer.extensions import db

LETTERS = string.ascii_uppercase


def _responses(attempt: Attempt) -> Sequence[Response]:
    return db.session.scalars(
        select(Response)
        .where(Response.attempt_id == attempt.id)
        .options(selectinload(Response.question_version))
        .order_by(Response.position)
        .execution_options(populate_existing=True)
    ).all()


def display_keys(order: Sequence[str] | None, key: Any) -> str:
    """An option key (or list of keys) as the letters the candidate saw, e.g. ``["C", "A"]`` → ``"A, B"``."""
    if key is None:
        return ""
    keys = key if isinstance(key, list) else [key]
    if not order:
        return ", ".join(str(k) for k in keys)
    return ", ".join(sorted(LETTERS[order.index(k)] for k in keys if k in order))


def _options(order: Sequence[str] | None, data: Mapping[str, Any]) -> list[dict[str, str]]:
    options = data.get("options") or {}
    keys = list(order or options)
    return [{"label": LETTERS[i], "key": k, "text": str(options.get(k, ""))} for i, k in enumerate(keys)]


def _roleplay_url(response: Response) -> str | None:
    if "roleplay.prepare_response" not in current_app.view_functions:
        return None
    return url_for("roleplay.prepare_response", response_id=response.id)  # the briefing, then the start


def paper_view(attempt: Attempt) -> list[dict[str, Any]]:
    """Sections with their questions for the exam page: public data, saved answers, flags, sequence."""
    registry = question_types()
    items = layout_items(attempt.layout)
    sections: list[dict[str, Any]] = [{"title": s["title"], "items": []} for s in attempt.layout]
    for response in _responses(attempt):
        item = items[response.position]
        entry = paper_item(response.question_version, item, registry)
        entry.update(
            answer=response.answer,
            answered=response.answer is not None,
            flagged=response.flagged,
            seq=response.seq,
            checked=bool((response.feedback or {}).get("checked")),
            roleplay_url=_roleplay_url(response) if entry["type"] == "roleplay" else None,
        )
        sections[item["section"]]["items"].append(entry)
    return sections


def paper_item(version: Any, item: Mapping[str, Any], registry: Any = None) -> dict[str, Any]:
    """One question as the exam page shows it (public data only, options in the drawn order), unanswered."""
    qtype = (registry or question_types()).get(version.type)
    public = qtype.public_data(version.data or {})
    pos = int(item["pos"])
    return {
        "pos": pos,
        "number": pos + 1,
        "type": version.type,
        "type_label": qtype.label,
        "points": item["points"],
        "policy": item["policy"],
        "stem": render_markdown(version.stem),
        "background": render_markdown(version.background or ""),
        "options": _options(item.get("order"), public),
        "answer": None,
        "answered": False,
        "flagged": False,
        "seq": 0,
        "checked": False,
        "objective": qtype.objective,
        "roleplay_url": None,
    }


def review_phase(attempt: Attempt, now: datetime) -> str:
    """after_close once the exam has closed, otherwise after_submit. Practice mode shows everything."""
    closes = attempt.exam.closes_at
    return "after_close" if closes is not None and now >= closes else "after_submit"


def allowed_review(attempt: Attempt, now: datetime) -> dict[str, bool]:
    """The review options in force for this attempt now."""
    if attempt.exam.mode == MODE_PRACTICE:
        return {"score": True, "answers": True, "explanation": True, "feedback": True}
    return review_options(attempt.exam.config or {}, review_phase(attempt, now))


def score_released(attempt: Attempt, response: Response) -> bool:
    """Whether a free-text score may be shown: graded, and the attempt's scores released.

    Release follows the exam's release policy (automatic once every score is confident, or by a person).
    """
    return response.status == RESPONSE_GRADED and response.score is not None and attempt.released


def result_view(attempt: Attempt, now: datetime) -> dict[str, Any]:
    """The result page: totals, sections, each item's state, and what review allows to be shown."""
    review = allowed_review(attempt, now)
    registry = question_types()
    items = layout_items(attempt.layout)
    sections: list[dict[str, Any]] = [
        {"title": s["title"], "items": [], "score": 0.0, "max": 0.0, "waiting": False, "pending": 0}
        for s in attempt.layout
    ]
    for response in _responses(attempt):
        version = response.question_version
        item = items[response.position]
        qtype = registry.get(version.type)
        section = sections[item["section"]]
        order = item.get("order")
        if qtype.objective or response.status == RESPONSE_UNANSWERED or response.answer is None:
            state, visible = "graded", response.score is not None
        elif score_released(attempt, response):
            state, visible = "graded", True
        elif response.status == RESPONSE_GRADED:  # scored, but the exam holds scores until a person releases
            state, visible = "held", False
        else:
            state, visible = ("review" if response.status == RESPONSE_REVIEW else "grading"), False
        correct = (response.feedback or {}).get("correct")
        if qtype.objective:
            verdict = "correct" if correct else ("partial" if (response.score or 0) > 0 else "wrong")
        else:
            verdict = None
        if response.answer is None:
            verdict = "unanswered"
        section["max"] += response.max_score
        if visible:
            section["score"] += response.score or 0.0
        else:
            section["waiting"] = True
            section["pending"] += 1
        feedback = response.feedback or {}
        section["items"].append(
            {
                "pos": response.position,
                "number": response.position + 1,
                "type": version.type,
                "type_label": qtype.label,
                "objective": qtype.objective,
                "stem": render_markdown(version.stem),
                "background": render_markdown(version.background or ""),
                "options": _options(order, version.data or {}),
                "your_answer": _answer_text(version.type, order, response.answer),
                "chosen": response.answer if isinstance(response.answer, list) else [response.answer],
                "state": state,
                "verdict": verdict,
                "score": response.score if (visible and review["score"]) else None,
                "max": response.max_score,
                "key": display_keys(order, version.data.get("answer"))
                if review["answers"] and qtype.objective
                else None,
                "key_raw": version.data.get("answer") if review["answers"] else None,
                "truefalse_key": version.data.get("answer")
                if review["answers"] and version.type == "truefalse"
                else None,
                "reference_answer": render_markdown(version.reference_answer or "")
                if review["answers"] and not qtype.objective
                else None,
                "explanation": render_markdown(version.explanation or "") if review["explanation"] else None,
                "criteria": feedback.get("criteria") if (review["feedback"] and visible) else None,
                "comment": feedback.get("comment") if (review["feedback"] and visible) else None,
            }
        )
    waiting = any(s["waiting"] for s in sections)
    # While anything is still being graded (or held), the total is the sum of what the sections show, so
    # the page never says 23/52 above sections adding up to 15; the final total is the attempt's own.
    total = round(sum(s["score"] for s in sections), 2) if waiting else attempt.score
    top = attempt.max_score or round(sum(s["max"] for s in sections), 2)
    return {
        "review": review,
        "sections": sections,
        "waiting": waiting,
        "pending": sum(s["pending"] for s in sections),
        "held": any(i["state"] == "held" for s in sections for i in s["items"]),
        "score": total if review["score"] else None,
        "max": top,
        "percent": round(100.0 * (total or 0) / top, 1) if review["score"] and top and not waiting else None,
        "passed": attempt.passed if review["score"] and not waiting else None,
        "pass_mark": attempt.exam.pass_mark,
    }


def _answer_text(qtype: str, order: Sequence[str] | None, answer: Any) -> str:
    if answer is None:
        return ""
    if qtype in ("single", "multiple"):
        return display_keys(order, answer)
    if qtype == "truefalse":
        return "true" if answer else "false"
    if isinstance(answer, Mapping):
        return ""
    return str(answer)


def unanswered(attempt: Attempt) -> list[int]:
    """Question numbers (1-based) with no saved answer, for the submit confirmation."""
    return [r.position + 1 for r in attempt.responses if r.answer is None]


def flagged(attempt: Attempt) -> list[int]:
    """Question numbers (1-based) the candidate flagged for review."""
    return [r.position + 1 for r in attempt.responses if r.flagged]
